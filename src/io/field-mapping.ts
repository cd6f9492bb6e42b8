/**
 * Column mapping: which column of a user's file holds which field of the data contract
 * (src/ARCHITECTURE.md, "Data contracts"). Real exports name their columns in Chinese or English, with units in brackets
 * and odd spacing; the readers only know the canonical names. autoMap proposes a mapping, the
 * user corrects it, and remapToCsv rewrites the rows under the canonical header so that the
 * contract readers can read them unchanged.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { DatasetKind } from './dataset-kinds'
import { csvCell } from './import-report'
import { TRACK_FIELDS } from './tracks-csv'

export interface FieldSpec { field: string; required: boolean; aliases: readonly string[] }

/** field → column index, -1 when not mapped */
export type FieldMapping = Record<string, number>

const spec = (field: string, required: boolean, aliases: readonly string[]): FieldSpec => ({ field, required, aliases: [field, ...aliases] })

// 'x'/'y' are last: a file with both 经度 and a projected X column (Chicago's "X Coordinate"
// is State Plane feet) must take the degrees.
const LON = ['经度', '东经', 'lon', 'lng', 'long', 'longitude', 'gps_lon', 'x', '坐标x']
const LAT = ['纬度', '北纬', 'lat', 'latitude', 'gps_lat', 'y', '坐标y']

const POINT_ID = ['编号', 'no', 'code', '代码']
const NAME = ['名称', '名字', '单位名称', '派出所', 'name']

// Shapefiles cut field names to 10 characters (Chicago's area_number is area_numbe); ArcGIS
// exports carry OBJECTID / FID, which are ids when nothing better is there.
const AREA_ID = [
  'adcode', 'code', '区划代码', '编号', '代码', '网格编号', '网格代码', '小区编号', '街道编号', '街道代码', '社区编号', '社区代码', '部位编号', '场所编号',
  'area_number', 'area_numbe', 'objectid', 'fid',
]
const AREA_FIELDS: readonly FieldSpec[] = [
  spec('id', true, AREA_ID),
  spec('name', false, ['名称', '名字', 'community']),
  spec('parent_id', false, ['上级编号', '上级代码', 'parent', 'parent_code']),
  spec('population', false, ['人口', '实有人口', '常住人口', 'pop', 'residents']),
]

const pointKind = (extra: readonly FieldSpec[] = []): readonly FieldSpec[] => [
  spec('id', true, POINT_ID),
  spec('name', false, NAME),
  spec('lon', true, LON),
  spec('lat', true, LAT),
  ...extra,
]

export const KIND_FIELDS: Readonly<Record<DatasetKind, readonly FieldSpec[]>> = {
  incidents: [
    // not required: an export without one gets ids made from each row's line and content (incidents-csv-reader.ts)
    spec('id', false, ['编号', '警情编号', '案件编号', '接警单号', '接警编号', '序号', 'no', 'incident_id', 'case_id', 'case no', 'case number']),
    // 发案时间起/止: the window of an incident whose time is uncertain (core/aoristic.ts); the start
    // names come first so that the window's start wins over a report time in the same file
    spec('time', true, ['发案时间起', '案发时间起', 'time_from', '时间', '发案时间', '报警时间', '接警时间', '案发时间', '日期', 'date', 'datetime', 'occurred_at', 'report_time', 'from', 'start_time']),
    spec('category', true, ['类别', '警情类别', '案件类别', '警情类型', '类型', 'type', 'primary type']),
    spec('subtype', false, ['子类', '细类', '案由', '警情细类', '小类', 'subcategory', 'description']),
    spec('lon', true, LON),
    spec('lat', true, LAT),
    // Chicago's Block ("047XX W HARRISON ST") is the street address; its Location is a
    // "(lat, lon)" string, so it comes after the place description.
    spec('address', false, ['地址', '发案地点', '案发地址', '详细地址', 'block', 'location description', 'location']),
    spec('time_to', false, ['发案时间止', '案发时间止', 'to', 'end_time', 'time_end']),
    // who the incident was against, for repeat victims; an id number before a name (names
    // collide). 报警人 (the caller) is not a victim: a neighbour or a passer-by often calls.
    spec('victim', false, ['受害人身份证号', 'victim_id', '受害人', '被害人', '受害人姓名', 'victim_name']),
  ],
  cameras: [
    spec('id', true, ['编号', '设备编号', '点位编号', '摄像机编号', '国标编码', 'camera_id', 'device_id', 'no', 'code']),
    spec('lon', true, LON),
    spec('lat', true, LAT),
    spec('type', false, ['类型', '设备类型', '摄像机类型']),
    spec('azimuth', false, ['方向角', '方位角', '朝向', 'heading', 'bearing', 'direction']),
    spec('fov', false, ['视场角', '水平视场角', '视角', 'angle']),
    spec('range', false, ['可视距离', '监控距离', '距离', 'distance']),
    spec('class', false, ['等级', '级别', 'grade']),
    spec('status', false, ['状态', '在线状态']),
    spec('focal_mm', false, ['焦距', 'focal']),
    spec('sensor_mm', false, ['靶面宽度', 'sensor_width_mm']),
    spec('resolution_px', false, ['水平分辨率', 'h_res', 'width_px']),
  ],
  stations: pointKind(),
  checkpoints: pointKind(),
  population: [
    spec('area_id', true, ['区域编号', '编号', '代码', '区划代码', 'id', 'code', 'community area']),
    spec('population', true, ['人口', '实有人口', '常住人口', 'pop', 'residents']),
  ],
  streets: AREA_FIELDS,
  compounds: AREA_FIELDS,
  grids: AREA_FIELDS,
  keySites: AREA_FIELDS,
  buildings: [
    spec('id', false, ['编号', 'objectid', 'fid']),
    spec('floors', false, ['层数', '楼层', 'levels', 'building:levels']),
    spec('height', false, ['高度', '楼高']),
    spec('parent_id', false, ['所属小区', '上级编号', 'parent']),
  ],
  // the tracks reader's own header names (its contract) are the aliases: one list for both
  tracks: [
    spec('unit_id', true, TRACK_FIELDS.unit_id),
    spec('time', true, TRACK_FIELDS.time),
    spec('lon', true, [...TRACK_FIELDS.lon, ...LON]),
    spec('lat', true, [...TRACK_FIELDS.lat, ...LAT]),
    spec('speed', false, TRACK_FIELDS.speed),
    spec('heading', false, TRACK_FIELDS.heading),
    spec('status', false, TRACK_FIELDS.status),
    spec('kind', false, TRACK_FIELDS.kind),
  ],
  roads: [
    spec('id', false, ['编号', 'osm_id', 'objectid', 'fid']),
    spec('name', false, ['名称', '道路名称', '路名']),
    spec('class', false, ['等级', '道路等级', 'highway', 'fclass']),
  ],
}

/** Fields whose aliases are too short or too generic to be looked for inside longer names. */
// victim: 受害人 is part of 受害人电话, 受害人年龄 …, which must not become the victim
// unit_id: 'unit' would take "Unit name"
const EXACT_ONLY = new Set(['id', 'unit_id', 'area_id', 'parent_id', 'lon', 'lat', 'victim'])
const CJK = /[\u3400-\u9fff]/
// Full-width forms are folded by NFKC first, so only ASCII brackets are left to strip.
const BRACKETED = /\([^()]*\)|\[[^[\]]*\]|【[^【】]*】/g
const SEPARATORS = /[\s_\-]+/g

/** The name a header is compared by: NFKC, lower-case, units in brackets and separators removed. */
export function normaliseHeader(h: string): string {
  const s = h.replace(/^\uFEFF/, '').normalize('NFKC').toLowerCase()
  const stripped = s.replace(BRACKETED, '').replace(SEPARATORS, '')
  // a header that is nothing but a bracket ("(id)") keeps its content
  return stripped !== '' ? stripped : s.replace(/[()[\]【】]/g, '').replace(SEPARATORS, '')
}

/** Latin words of a header (camelCase split too), for matching an alias as a whole word run. */
function words(h: string): string[] {
  return h
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(BRACKETED, ' ')
    .split(/[^a-z0-9:]+/)
    .filter((w) => w !== '')
}

/**
 * A longer header containing the alias: Chinese aliases as substrings ("案件发生时间" has
 * 时间), Latin ones as whole words ("Report Date" has date, "Updated On" must not).
 */
function partialMatch(header: string, alias: string): boolean {
  if (CJK.test(alias)) return alias.length >= 2 && normaliseHeader(header).includes(normaliseHeader(alias))
  const a = words(alias)
  const h = words(header)
  if (a.length === 0 || a.join('').length < 4) return false
  outer: for (let i = 0; i + a.length <= h.length; i++) {
    for (let k = 0; k < a.length; k++) if (h[i + k] !== a[k]) continue outer
    return true
  }
  return false
}

function hasLonLat(kind: DatasetKind): boolean {
  return KIND_FIELDS[kind].some((f) => f.field === 'lon')
}

/** Auto-detect: each field takes the first header matching one of its aliases in alias order
 *  (exact normalised match first, then for id/lon/lat no partial match; never map one column
 *  to two fields). For point kinds read from GeoJSON the lon/lat fields come from geometry and
 *  are not asked for (opts.geometry true): the header is then the one pointFeaturesToTable
 *  gives, and lon/lat are its first two columns whatever the properties are called. */
export function autoMap(kind: DatasetKind, header: readonly string[], opts: { geometry?: boolean } = {}): FieldMapping {
  const fields = KIND_FIELDS[kind]
  const mapping: FieldMapping = {}
  const used = new Set<number>()
  for (const f of fields) mapping[f.field] = -1
  if (opts.geometry && hasLonLat(kind) && header.length >= 2) {
    mapping.lon = 0
    mapping.lat = 1
    used.add(0).add(1)
  }
  const norm = header.map(normaliseHeader)
  const take = (f: FieldSpec, match: (k: number, alias: string) => boolean): void => {
    if (mapping[f.field] >= 0) return
    for (const alias of f.aliases) {
      for (let k = 0; k < header.length; k++) {
        if (used.has(k) || !match(k, alias)) continue
        mapping[f.field] = k
        used.add(k)
        return
      }
    }
  }
  for (const f of fields) take(f, (k, alias) => norm[k] === normaliseHeader(alias))
  for (const f of fields) if (!EXACT_ONLY.has(f.field)) take(f, (k, alias) => partialMatch(header[k], alias))
  return mapping
}

/** Required fields of the kind that the mapping leaves unmapped, in KIND_FIELDS order. */
export function missingRequired(kind: DatasetKind, mapping: FieldMapping, opts: { geometry?: boolean } = {}): string[] {
  return KIND_FIELDS[kind]
    .filter((f) => f.required && !(opts.geometry && (f.field === 'lon' || f.field === 'lat')))
    .filter((f) => !(mapping[f.field] >= 0))
    .map((f) => f.field)
}

/** The mapped rows as CSV text with the canonical header (fields in KIND_FIELDS order, mapped
 *  ones only), RFC 4180 quoting; cells with CR/LF get them replaced by a space so that row i
 *  is line i+2 of the result (callers rely on that to give the original line numbers).
 *  A row shorter than the header gives empty cells; LF line ends, one after every line. */
export function remapToCsv(kind: DatasetKind, header: readonly string[], rows: readonly string[][], mapping: FieldMapping): string {
  const fields = KIND_FIELDS[kind].filter((f) => mapping[f.field] >= 0)
  const cols = fields.map((f) => mapping[f.field])
  // No formula guard: it would turn "-87.74" into "'-87.74"; this text goes to a reader, not a spreadsheet.
  const cell = (v: string | undefined) => csvCell((v ?? '').replace(/\r\n|[\r\n]/g, ' '), false)
  const out: string[] = [fields.map((f) => cell(f.field)).join(',')]
  for (const row of rows) out.push(cols.map((c) => cell(row[c])).join(','))
  return out.join('\n') + '\n'
}

function stringify(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  try {
    return JSON.stringify(v) ?? ''
  } catch {
    // a value nested thousands deep (a hostile file) overflows JSON.stringify's stack
    return Array.isArray(v) ? '[…]' : '{…}'
  }
}

/** Point features → header + rows: header ['lon','lat', ...property keys in first-seen order],
 *  one row per feature (null geometry or non-Point → lon,lat empty: the reader then rejects the
 *  row as missing coordinates); property values stringified (objects as JSON). Properties
 *  literally named lon / lat are listed as properties.lon / properties.lat: the geometry is
 *  what places the point. */
export function pointFeaturesToTable(fc: FeatureCollection<Geometry | null>): { header: string[]; rows: string[][] } {
  const keyCol = new Map<string, number>()
  const header = ['lon', 'lat']
  const colName = (key: string) => (key === 'lon' || key === 'lat' ? `properties.${key}` : key)
  const features = (fc.features ?? []) as (Feature<Geometry | null> | null | undefined)[]
  for (const f of features) {
    const props = f?.properties
    if (props === null || typeof props !== 'object') continue
    for (const key of Object.keys(props)) {
      if (keyCol.has(key)) continue
      keyCol.set(key, header.length)
      header.push(colName(key))
    }
  }
  const rows = features.map((f) => {
    const row = new Array<string>(header.length).fill('')
    const g = f?.geometry
    if (g && g.type === 'Point' && Array.isArray(g.coordinates)) {
      const [x, y] = g.coordinates
      if (typeof x === 'number' && typeof y === 'number') {
        row[0] = String(x)
        row[1] = String(y)
      }
    }
    const props = f?.properties
    if (props !== null && typeof props === 'object') {
      for (const [key, v] of Object.entries(props)) row[keyCol.get(key)!] = stringify(v)
    }
    return row
  })
  return { header, rows }
}
