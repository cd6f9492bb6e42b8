/** Messages of the desk's right column (its width handle), under `side.` */
export default {
  'zh-CN': {
    splitter: '拖动调整右侧面板宽度（方向键亦可）',
  },
  en: {
    splitter: 'Drag to resize the right-hand panels (or use the arrow keys)',
  },
}
