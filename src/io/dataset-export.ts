/**
 * Exports a loaded dataset back to files the user downloads. Every function returns string
 * chunks (Blob parts) of a few thousand rows each, so 1,000,000 incidents never become one
 * 80 MB string: `new Blob(chunks)` joins them without a copy in JS.
 *
 * CSV files start with a UTF-8 byte order mark (Excel reads Chinese text as GBK without one;
 * every reader of ours strips it) and end lines with CRLF (RFC 4180). Text cells go through
 * import-report's csvCell, so text a spreadsheet would run as a formula gets a leading
 * apostrophe: such a value reads back with the apostrophe, which is the point of the guard.
 */
import type { Feature, FeatureCollection } from 'geojson'
import { CATEGORIES, packedString, type IncidentColumns, type PackedStrings } from '../core/incidents'
import { CAMERA_CLASSES, CAMERA_STATUSES, CAMERA_TYPES, headingUnknown, RANGE_DEFAULT, type CameraColumns } from '../core/cameras'
import { SHANGHAI_OFFSET_MS } from '../core/periods'
import { csvCell } from './import-report'
import { pad2 } from '../core/text-format'

/** rows per chunk: ~0.5 MB of incident CSV */
const CHUNK_ROWS = 5000
const BOM = '\uFEFF'
const EOL = '\r\n'

// text that needs csvCell's care: quoting, a formula guard, or blanks our readers would trim
const NEEDS_CARE = /[",\r\n]|^[=+\-@\t ]|[ \t]$/

/**
 * A text cell. Beyond csvCell, text with leading or trailing blanks is quoted: our readers trim
 * unquoted cells, and the blanks are part of the value.
 */
function textCell(s: string): string {
  if (!NEEDS_CARE.test(s)) return s
  const c = csvCell(s)
  return c[0] !== '"' && /^[ \t]|[ \t]$/.test(c) ? `"${c}"` : c
}

const DAY_MS = 86_400_000

/** ISO 8601 local time in Asia/Shanghai with its offset; milliseconds only when there are some. */
export function isoShanghai(t: number): string {
  const local = Math.floor(t) + SHANGHAI_OFFSET_MS
  const d = new Date(local)
  // NaN, infinities and instants beyond Date's range
  if (Number.isNaN(d.getTime())) return ''
  const y = d.getUTCFullYear()
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0')
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` + timeOfDay(local - Math.floor(local / DAY_MS) * DAY_MS)
}

/** `THH:MM:SS[.fff]+08:00` of whole milliseconds since local midnight. */
function timeOfDay(ms: number): string {
  const sec = Math.floor(ms / 1000), frac = ms - sec * 1000
  const h = Math.floor(sec / 3600), m = Math.floor(sec / 60) % 60
  return `T${pad2(h)}:${pad2(m)}:${pad2(sec % 60)}` + (frac ? '.' + String(frac).padStart(3, '0') : '') + '+08:00'
}

/**
 * isoShanghai for many times: incidents come sorted or nearly so, so the date part is built
 * once per local day, not once a row.
 */
function isoWriter(): (t: number) => string {
  let day = NaN, datePart = ''
  return (t) => {
    const local = Math.floor(t) + SHANGHAI_OFFSET_MS
    const dd = Math.floor(local / DAY_MS)
    if (dd !== day) {
      const full = isoShanghai(t)
      if (full === '') return ''
      day = dd
      datePart = full.slice(0, full.indexOf('T'))
    }
    return datePart + timeOfDay(local - dd * DAY_MS)
  }
}

/** Degrees with 6 decimals (~0.1 m), as the import contract's files have them. */
const deg6 = (x: number) => (Number.isFinite(x) ? x.toFixed(6) : '')

/**
 * The shortest decimal that reads back as the same float32 (a Float32Array holds 5.37 as
 * 5.369999885559082; writing that would be noise). '' for NaN.
 */
export function float32Text(x: number): string {
  if (!Number.isFinite(x)) return ''
  for (let p = 1; p <= 9; p++) {
    const s = String(Number(x.toPrecision(p)))
    if (Math.fround(Number(s)) === x) return s
  }
  return String(x)
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true })

/**
 * Strings of rows [from, to) of packed strings, decoded once per chunk instead of once a row
 * (a TextDecoder call per row costs more than the rest of the row). UTF-16 offsets of the rows
 * are counted from the UTF-8 lead bytes. Bytes that are not valid UTF-8 on their own (the
 * readers copy row bytes as they come) fall back to one decode per row, which is what
 * packedString gives everywhere else.
 */
function packedRange(p: PackedStrings, from: number, to: number): (i: number) => string {
  const perRow = (i: number) => packedString(p, i)
  const { bytes, offsets } = p
  const s = offsets[from], e = offsets[to]
  let text: string
  try {
    text = utf8Fatal.decode(bytes.subarray(s, e))
  } catch {
    return perRow
  }
  if (text.length === e - s) return (i) => text.slice(offsets[i] - s, offsets[i + 1] - s)
  for (let i = from; i < to; i++) if (offsets[i] < e && (bytes[offsets[i]] & 0xc0) === 0x80) return perRow
  const units = new Uint32Array(e - s + 1)
  let u = 0
  for (let k = s; k < e; k++) {
    units[k - s] = u
    const b = bytes[k]
    if ((b & 0xc0) !== 0x80) u += b >= 0xf0 ? 2 : 1
  }
  units[e - s] = u
  return (i) => text.slice(units[offsets[i] - s], units[offsets[i + 1] - s])
}

/**
 * head, rows joined by sep, tail: as chunks of CHUNK_ROWS rows (head in the first, tail alone
 * at the end). `rows(from, to)` writes one chunk's rows.
 */
function chunks(count: number, head: string, sep: string, tail: string, rows: (from: number, to: number) => string[]): string[] {
  const out: string[] = []
  for (let from = 0; from < count; from += CHUNK_ROWS) {
    out.push((from === 0 ? head : sep) + rows(from, Math.min(count, from + CHUNK_ROWS)).join(sep))
  }
  if (count === 0) out.push(head)
  if (tail !== '') out.push(tail)
  return out
}

function range<T>(from: number, to: number, f: (i: number) => T): T[] {
  const out: T[] = []
  for (let i = from; i < to; i++) out.push(f(i))
  return out
}

/** One chunk of incidents: row i → its text, given its id, address and victim ('' without a victim column). */
function incidentRows(c: IncidentColumns, row: (i: number, id: string, address: string, victim: string) => string) {
  return (from: number, to: number) => {
    const id = packedRange(c.id, from, to)
    const address = packedRange(c.address, from, to)
    const victim = c.victim ? packedRange(c.victim, from, to) : () => ''
    return range(from, to, (i) => row(i, id(i), address(i), victim(i)))
  }
}

/**
 * CSV `id,time,category,subtype,lon,lat,address[,time_to][,victim]`: times ISO 8601 with +08:00,
 * lon/lat 6 decimals; `time_to` (the end of an uncertain time's window, empty for none) only
 * when the incidents have window ends, and `victim` only when they name victims, so that a
 * re-import spreads and groups them as before.
 */
export function incidentsToCsv(c: IncidentColumns): string[] {
  const iso = isoWriter()
  // a writer of its own: each caches the date of the times it was last given
  const isoTo = isoWriter()
  const { timeTo, victim } = c
  const categoryCells = CATEGORIES.map(textCell)
  const subtypeCells = c.subtypes.map(textCell)
  const end = (i: number) => (timeTo ? `,${Number.isFinite(timeTo[i]) ? isoTo(timeTo[i]) : ''}` : '')
  const header = 'id,time,category,subtype,lon,lat,address' + (timeTo ? ',time_to' : '') + (victim ? ',victim' : '')
  return chunks(c.count, BOM + header + EOL, '', '', incidentRows(c, (i, id, address, who) =>
    `${textCell(id)},${iso(c.time[i])},${categoryCells[c.category[i]] ?? 'other'},` +
    `${subtypeCells[c.subtype[i]] ?? ''},${deg6(c.lon[i])},${deg6(c.lat[i])},${textCell(address)}${end(i)}` +
    `${victim ? `,${textCell(who)}` : ''}${EOL}`,
  ))
}

const FC_HEAD = '{"type":"FeatureCollection","features":[\n'
const FC_TAIL = '\n]}\n'
const FC_SEP = ',\n'

/** A coordinate rounded to 6 decimals as a JSON number. */
const json6 = (x: number) => (Number.isFinite(x) ? String(Number(x.toFixed(6))) : 'null')

const pointJson = (lon: string, lat: string, props: object) =>
  `{"type":"Feature","geometry":{"type":"Point","coordinates":[${lon},${lat}]},"properties":${JSON.stringify(props)}}`

/** FeatureCollection of Points (6 decimals) with properties id, time, category, subtype, address. */
export function incidentsToGeoJson(c: IncidentColumns): string[] {
  const iso = isoWriter()
  // the object's text built by hand, same as JSON.stringify of { id, time, category, subtype, address }
  const categoryJson = CATEGORIES.map((x) => JSON.stringify(x))
  const subtypeJson = c.subtypes.map((x) => JSON.stringify(x))
  return chunks(c.count, FC_HEAD, FC_SEP, FC_TAIL, incidentRows(c, (i, id, address) =>
    `{"type":"Feature","geometry":{"type":"Point","coordinates":[${json6(c.lon[i])},${json6(c.lat[i])}]},"properties":` +
    `{"id":${JSON.stringify(id)},"time":"${iso(c.time[i])}","category":${categoryJson[c.category[i]] ?? '"other"'},` +
    `"subtype":${subtypeJson[c.subtype[i]] ?? '""'},"address":${JSON.stringify(address)}}}`,
  ))
}

/** One camera's contract columns after id, lon, lat, as text, in CSV order. */
function cameraCells(c: CameraColumns, i: number) {
  return {
    type: CAMERA_TYPES[c.type[i]] ?? 'bullet',
    // an unknown heading stays unknown when read back, not north
    azimuth: headingUnknown(c, i) ? '' : float32Text(c.azimuth[i]),
    fov: float32Text(c.fov[i]),
    // a type default is not written: read back, the cell takes the default again and the
    // range keeps scaling with the DORI level (camera-model), as it did before the export
    range: c.rangeSource[i] === RANGE_DEFAULT ? '' : float32Text(c.range[i]),
    class: CAMERA_CLASSES[c.cls[i]] ?? 'B',
    status: CAMERA_STATUSES[c.status[i]] ?? 'online',
    focal_mm: float32Text(c.focalMm[i]),
    sensor_mm: float32Text(c.sensorMm[i]),
    resolution_px: float32Text(c.hRes[i]),
  }
}

const CAMERA_HEADER = 'id,lon,lat,type,azimuth,fov,range,class,status,focal_mm,sensor_mm,resolution_px'

/**
 * CSV `id,lon,lat,type,azimuth,fov,range,class,status,focal_mm,sensor_mm,resolution_px`.
 * lon/lat are written in full (a camera's position feeds coverage); lens cells are empty where
 * the camera has no lens; the range cell is empty where the range was the type default.
 */
export function camerasToCsv(c: CameraColumns): string[] {
  return chunks(c.count, BOM + CAMERA_HEADER + EOL, '', '', (from, to) => range(from, to, (i) =>
    `${textCell(c.ids[i])},${c.lon[i]},${c.lat[i]},${Object.values(cameraCells(c, i)).join(',')}${EOL}`,
  ))
}

const CAMERA_TEXT_FIELDS = new Set(['type', 'class', 'status'])

/** FeatureCollection of Points; numbers as JSON numbers, empty lens and default range left out. */
export function camerasToGeoJson(c: CameraColumns): string[] {
  return chunks(c.count, FC_HEAD, FC_SEP, FC_TAIL, (from, to) => range(from, to, (i) => {
    const props: Record<string, string | number> = { id: c.ids[i] }
    for (const [k, v] of Object.entries(cameraCells(c, i))) {
      if (v !== '') props[k] = CAMERA_TEXT_FIELDS.has(k) ? v : Number(v)
    }
    return pointJson(String(c.lon[i]), String(c.lat[i]), props)
  }))
}

/** Any FeatureCollection, a few thousand features a chunk. */
export function featuresToGeoJson(fc: FeatureCollection): string[] {
  const fs = fc.features
  return chunks(fs.length, FC_HEAD, FC_SEP, FC_TAIL, (from, to) => range(from, to, (i) => JSON.stringify(fs[i])))
}

type Scalar = string | number | boolean

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean'
}

function scalarCell(v: unknown): string {
  if (typeof v === 'string') return textCell(v)
  return isScalar(v) ? String(v) : ''
}

function pointOf(f: Feature): [number, number] | null {
  const g = f.geometry
  if (g?.type === 'Point') return [g.coordinates[0], g.coordinates[1]]
  if (g?.type === 'MultiPoint' && g.coordinates.length === 1) return [g.coordinates[0][0], g.coordinates[0][1]]
  return null
}

/**
 * CSV `id,name,lon,lat` then every other property that holds a scalar in some feature, in the
 * order first met. Objects and arrays are left out (CSV has no place for them). lon/lat are
 * written in full. A feature that is not a point keeps its row, with lon/lat empty, rather
 * than vanishing.
 */
export function pointFeaturesToCsv(fc: FeatureCollection): string[] {
  const fixed = ['id', 'name', 'lon', 'lat']
  const extra: string[] = []
  const seen = new Set(fixed)
  for (const f of fc.features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (!seen.has(k) && isScalar(v)) {
        seen.add(k)
        extra.push(k)
      }
    }
  }
  const head = BOM + [...fixed, ...extra].map(textCell).join(',') + EOL
  return chunks(fc.features.length, head, '', '', (from, to) => range(from, to, (i) => {
    const f = fc.features[i]
    const p = f.properties ?? {}
    const pt = pointOf(f)
    const cells = [scalarCell(p.id ?? f.id), scalarCell(p.name), pt ? String(pt[0]) : '', pt ? String(pt[1]) : '', ...extra.map((k) => scalarCell(p[k]))]
    return cells.join(',') + EOL
  }))
}

/** CSV `area_id,population`, in the map's order. */
export function populationToCsv(p: Map<string, number>): string[] {
  const entries = [...p]
  return chunks(entries.length, BOM + 'area_id,population' + EOL, '', '', (from, to) => range(from, to, (i) => {
    const [id, pop] = entries[i]
    return `${textCell(id)},${Number.isFinite(pop) ? String(pop) : ''}${EOL}`
  }))
}
