/** Messages of the incident colour scale that follows what is shown, under `heat23.` */
export default {
  'zh-CN': {
    locked: '色标已锁定（不随筛选重新拟合）',
    lock: '锁定色标',
    unlock: '解锁色标',
    lockTitle: '保持当前色标，便于逐帧比较回放',
    unlockTitle: '色标重新按当前显示的警情拟合',
  },
  en: {
    locked: 'Scale locked (not re-fitted to the filter)',
    lock: 'Lock scale',
    unlock: 'Unlock scale',
    lockTitle: 'Keep this scale to compare the frames of a playback',
    unlockTitle: 'Fit the scale to the incidents shown again',
  },
}
