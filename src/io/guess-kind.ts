import type { FeatureCollection, Geometry } from 'geojson'
import { DATASET_KINDS, KIND_GEOMETRY, type DatasetKind, type FileFormat, type GeometryClass } from './dataset-kinds'
import { autoMap, normaliseHeader } from './field-mapping'

// Order matters: '小区' before '区', 'key_sites' before 'sites', 'checkpoint' before 'point',
// 'patrol' before 'street' (patrol zones are the cells a patrol plan can use as its grid);
// tracks first: 巡逻车轨迹 is a track, not a grid.
const HINTS: readonly [RegExp, DatasetKind][] = [
  [/track|gps|beidou|fixes|轨迹|定位|北斗/i, 'tracks'],
  [/incident|crime|homicide|alert|警情|案件|案事件|接警/i, 'incidents'],
  [/camera|cctv|摄像|监控|探头|点位/i, 'cameras'],
  [/checkpoint|卡口|卡点/i, 'checkpoints'],
  [/station|派出所|警务站/i, 'stations'],
  [/population|人口/i, 'population'],
  [/building|建筑|楼栋/i, 'buildings'],
  [/road|street_?network|道路|路网/i, 'roads'],
  [/key_?sites?|重点/i, 'keySites'],
  [/compound|小区|社区|community/i, 'compounds'],
  [/grid|网格|patrol|巡逻|责任区/i, 'grids'],
  [/street|街道|乡镇|district|boundar|区划|police_districts/i, 'streets'],
]

/**
 * The kind a file name suggests (the user confirms it in the dialog), or null. With `offered`,
 * only those kinds: a name that hints at another kind falls back to the first offered.
 */
export function guessKind(fileName: string, offered?: readonly DatasetKind[]): DatasetKind | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  for (const [re, kind] of HINTS) if (re.test(base) && (!offered || offered.includes(kind))) return kind
  return offered?.[0] ?? null
}

const CLASS_OF: Partial<Record<Geometry['type'], GeometryClass>> = {
  Point: 'point', MultiPoint: 'point', LineString: 'line', MultiLineString: 'line', Polygon: 'polygon', MultiPolygon: 'polygon',
}

/**
 * The geometry class most features hold (all tied ones): a layer of polygons with a stray
 * point is still polygons, its point rejected by line on import. Features without geometry,
 * or collections, count for none.
 */
export function geometryClasses(fc: FeatureCollection<Geometry | null>): Set<GeometryClass> {
  const counts = new Map<GeometryClass, number>()
  for (const f of fc.features) {
    const c = f.geometry && CLASS_OF[f.geometry.type]
    if (c) counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  const most = Math.max(0, ...counts.values())
  return new Set([...counts].filter(([, n]) => n === most).map(([c]) => c))
}

/**
 * The kinds a file can be imported as, in the dialog's order: a table holds points or a table
 * (population); a GeoJSON or shapefile the kinds of the geometry most of its features hold (polygons: areas and
 * buildings; points: point kinds; lines: roads). A file of no known geometry keeps every kind
 * its format allows, and the import says what is wrong.
 */
export function offeredKinds(format: FileFormat, fc: FeatureCollection<Geometry | null> | null): DatasetKind[] {
  const tabular = format === 'csv' || format === 'xlsx'
  const classes: Set<GeometryClass> = tabular ? new Set(['point', 'table']) : fc ? geometryClasses(fc) : new Set()
  if (classes.size === 0) classes.add('polygon').add('line').add('point')
  return DATASET_KINDS.filter((k) => classes.has(KIND_GEOMETRY[k]))
}

// Headers that name a unit, not a record: an incident file has an id, a time and lon/lat too;
// 设备编号 is left out, a camera list's device id (with its 安装时间).
const UNIT_HEADERS = new Set(['unit_id', 'unit', '警力编号', '单位编号', '车辆编号', '终端编号', '呼号'].map(normaliseHeader))

/**
 * The kind a table's header says, whatever the file is called, or null: a unit column with a
 * time and lon/lat is a tracks file (GPS/BeiDou fixes), unless another column is an incident category.
 */
export function guessKindByHeader(header: readonly string[]): DatasetKind | null {
  const m = autoMap('tracks', header)
  if (!(m.unit_id >= 0 && m.time >= 0 && m.lon >= 0 && m.lat >= 0)) return null
  if (!UNIT_HEADERS.has(normaliseHeader(header[m.unit_id]))) return null
  // 类型 is a unit's kind here, not an incident's category
  const category = autoMap('incidents', header).category
  return category >= 0 && !Object.values(m).includes(category) ? null : 'tracks'
}
