import type { DatasetKind } from './dataset-kinds'

// Order matters: '小区' before '区', 'key_sites' before 'sites', 'checkpoint' before 'point'.
const HINTS: readonly [RegExp, DatasetKind][] = [
  [/incident|crime|homicide|alert|警情|案件|案事件|接警/i, 'incidents'],
  [/camera|cctv|摄像|监控|探头|点位/i, 'cameras'],
  [/checkpoint|卡口|卡点/i, 'checkpoints'],
  [/station|派出所|警务站/i, 'stations'],
  [/population|人口/i, 'population'],
  [/building|建筑|楼栋/i, 'buildings'],
  [/road|street_?network|道路|路网/i, 'roads'],
  [/key_?sites?|重点/i, 'keySites'],
  [/compound|小区|社区|community/i, 'compounds'],
  [/grid|网格/i, 'grids'],
  [/street|街道|乡镇|district|boundar|区划|police_districts/i, 'streets'],
]

/** The kind a file name suggests (the user confirms it in the dialog), or null. */
export function guessKind(fileName: string): DatasetKind | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  for (const [re, kind] of HINTS) if (re.test(base)) return kind
  return null
}
