/**
 * Unit tracks CSV `unit_id,time,lon,lat[,speed,heading,status,kind]` (issue 26): the incident
 * reader's machinery (encoding sniffing and GBK transcoding, the byte tokenizer, byte-level
 * numbers and times, CRS detection against the district and conversion), then the fix checks
 * of core/track-checks.ts. Every left-out fix is in the report with its line and reason.
 */
import { areaSetBbox, type AreaSet } from '../core/areas'
import { SHANGHAI_OFFSET_MS } from '../core/periods'
import { buildAreaIndex } from '../core/spatial-join'
import { FIX_DUPLICATE, FIX_JUMP, MAX_OUTSIDE_M, checkUnitFixes, metresOutside } from '../core/track-checks'
import { UNIT_KINDS, UNIT_STATUSES, tracksFromFixes, type UnitTracks } from '../core/unit-tracks'
import { convertColumnsToWgs84, isCrs, type Crs } from './coords'
import { detectPointsCrs } from './crs-detect'
import { CsvByteScanner } from './csv-byte-scanner'
import { parseDecimal } from './decimal-bytes'
import { addRejected, csvCell, emptyReport, type ImportReport, type RejectReason } from './import-report'
import { detectEncoding, Utf8Transcoder } from './text-encoding'
import type { EncodingChoice } from './dataset-kinds'
import { parseTimeBytes } from './time-bytes'

/** Header names per field, compared trimmed and lower-cased; the first is the contract's. */
export const TRACK_FIELDS = {
  unit_id: ['unit_id', 'unit', 'id', '警力编号', '单位编号', '车辆编号', '终端编号', '设备编号', '呼号'],
  time: ['time', 'timestamp', 'gps_time', 'datetime', '时间', '定位时间', 'gps时间'],
  lon: ['lon', 'lng', 'longitude', '经度'],
  lat: ['lat', 'latitude', '纬度'],
  speed: ['speed', '速度'],
  heading: ['heading', 'course', 'direction', '方向', '航向'],
  status: ['status', '状态'],
  kind: ['kind', 'type', '类型', '警力类型'],
} as const
type Field = keyof typeof TRACK_FIELDS
export type TrackField = Field
const FIELDS = Object.keys(TRACK_FIELDS) as Field[]

/** Status labels of dispatch systems (the contract's English codes are matched too). */
const STATUS_LABELS: Readonly<Record<string, number>> = {
  '巡逻': 0, '巡逻中': 0, '在巡': 0, '出警': 1, '处警': 1, '处警中': 1, '出警中': 1, '在所': 2, '在岗': 2, '备勤': 2, '离线': 3, '下线': 3,
}
const KIND_LABELS: Readonly<Record<string, number>> = {
  '巡逻车': 0, '警车': 0, '车巡': 0, '步巡': 1, '徒步': 1, '电动车': 2, '电瓶车': 2, '电摩': 2, '特勤': 3, '特警': 3, '特勤车': 3,
  'patrol_car': 0, 'e-bike': 2, 'e_bike': 2,
}
const KIND_UNKNOWN = UNIT_KINDS.indexOf('unknown')

export interface TracksCsvOptions {
  fileName?: string
  /** the input's coordinate system; 'auto' detects it against `district` (default wgs84) */
  crs?: Crs | 'auto'
  /** the district (or its streets): fixes more than MAX_OUTSIDE_M outside it are left out */
  district?: AreaSet | null
  /** the text encoding; 'auto' (default) detects it */
  encoding?: EncodingChoice
  /** the column of each field, as the data dialog's mapping says; absent: found by header name */
  columns?: Partial<Record<Field, number>>
}

function label(s: string, codes: readonly string[], labels: Readonly<Record<string, number>>): number {
  const k = s.trim().toLowerCase()
  const i = codes.indexOf(k)
  return i >= 0 ? i : labels[k] ?? -1
}

/** Reads a whole tracks file (bytes, any of UTF-8 / GBK). Never throws on bad content. */
export function readTracksCsv(bytes: Uint8Array, opts: TracksCsvOptions = {}): { tracks: UnitTracks; report: ImportReport } {
  const report = emptyReport('tracks', opts.fileName)
  const choice = opts.encoding ?? 'auto'
  const enc = choice === 'utf8' ? { encoding: 'utf8' as const } : choice === 'gbk' ? { encoding: 'gb18030' as const } : detectEncoding(bytes)
  report.encoding = { name: enc.encoding, detected: choice === 'auto' }
  const col = new Int32Array(FIELDS.length).fill(-1)
  let header: string[] | null = null
  const unitIndex = new Map<string, number>()
  const unitIds: string[] = [], unitKind: number[] = []
  const f = { unit: [] as number[], time: [] as number[], lon: [] as number[], lat: [] as number[], speed: [] as number[], heading: [] as number[], status: [] as number[], line: [] as number[] }
  let badStatus = 0, badKind = 0
  const reject = (line: number, reason: RejectReason, detail?: string) => addRejected(report, line, reason, detail)

  const scanner: CsvByteScanner = new CsvByteScanner((buf, nf) => {
    const line = scanner.rowLine
    if (scanner.isBlankRow(buf, nf)) return true
    if (header === null) {
      header = Array.from({ length: nf }, (_, k) => scanner.decodeField(buf, k).trim().toLowerCase())
      const columns = opts.columns
      FIELDS.forEach((name, c) => { col[c] = columns ? columns[name] ?? -1 : header!.findIndex((h) => (TRACK_FIELDS[name] as readonly string[]).includes(h)) })
      return true
    }
    report.rowsRead++
    const get = (c: number): boolean => {
      const k = col[c]
      if (k < 0 || k >= nf) return false
      scanner.fieldRange(buf, k)
      return scanner.re > scanner.rs
    }
    const text = (c: number) => scanner.decodeField(buf, col[c])
    const num = (c: number) => (get(c) ? parseDecimal(scanner.rb, scanner.rs, scanner.re) : NaN)
    if (!get(0)) return (reject(line, 'missing_id'), true)
    const id = text(0).trim()
    if (!get(1)) return (reject(line, 'bad_time'), true)
    const time = parseTimeBytes(scanner.rb, scanner.rs, scanner.re)
    if (!Number.isFinite(time)) return (reject(line, 'bad_time', scanner.detail(buf, col[1])), true)
    const lon = num(2), lat = num(3)
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return (reject(line, 'missing_coordinates'), true)
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return (reject(line, 'coordinates_out_of_range', `${lon},${lat}`), true)
    let u = unitIndex.get(id)
    if (u === undefined) {
      u = unitIds.length
      unitIndex.set(id, u)
      unitIds.push(id)
      unitKind.push(KIND_UNKNOWN)
    }
    if (get(7)) {
      const k = label(text(7), UNIT_KINDS, KIND_LABELS)
      if (k >= 0) unitKind[u] = k
      else badKind++
    }
    let status = 0
    if (get(6)) {
      const s = label(text(6), UNIT_STATUSES, STATUS_LABELS)
      if (s >= 0) status = s
      else badStatus++
    }
    f.unit.push(u); f.time.push(time); f.lon.push(lon); f.lat.push(lat)
    f.speed.push(num(4)); f.heading.push(num(5)); f.status.push(status); f.line.push(line)
    return true
  })
  const transcoder = enc.encoding === 'utf8' ? null : new Utf8Transcoder(enc.encoding)
  scanner.push(transcoder ? transcoder.push(bytes) : bytes)
  if (transcoder) scanner.push(transcoder.end())
  scanner.end()

  const missing = (['unit_id', 'time', 'lon', 'lat'] as Field[]).filter((name) => col[FIELDS.indexOf(name)] < 0)
  if (header === null) report.errors.push('empty file: no header row')
  else if (missing.length > 0) {
    report.errors.push(`missing column(s): ${missing.join(', ')}`)
    report.rowsRead = 0
    report.rejectedCount = 0
    report.rejected = []
    report.rejectedByReason = {}
    f.unit.length = 0
  }
  if (badStatus > 0) report.warnings.push(`${badStatus} fix(es) with an unknown status, read as patrolling`)
  if (badKind > 0) report.warnings.push(`${badKind} fix(es) with an unknown unit kind`)

  // coordinates
  const n = f.unit.length
  const lonCol = Float64Array.from(f.lon), latCol = Float64Array.from(f.lat)
  let crs: Crs = 'wgs84'
  if (opts.crs === 'auto') {
    const det = detectPointsCrs(lonCol, latCol, n, opts.district ?? null)
    crs = det.crs
    report.crs = { from: crs, converted: false, detection: det.confident ? 'detected' : 'undetected' }
  } else {
    if (opts.crs !== undefined && !isCrs(opts.crs)) report.errors.push(`unknown coordinate system "${String(opts.crs)}": read as wgs84`)
    else crs = opts.crs ?? 'wgs84'
    report.crs = { from: crs, converted: false, detection: 'chosen' }
  }
  convertColumnsToWgs84(lonCol, latCol, n, crs)
  report.crs.converted = crs !== 'wgs84' && n > 0

  // far outside the district
  const keep = new Uint8Array(n).fill(1)
  if (opts.district && opts.district.count > 0) {
    const index = buildAreaIndex(opts.district)
    const b = areaSetBbox(opts.district)!
    const padLat = MAX_OUTSIDE_M / 111_195
    for (let i = 0; i < n; i++) {
      const lon = lonCol[i], lat = latCol[i]
      const padLon = padLat / Math.cos((lat * Math.PI) / 180)
      // inside the padded box is the common case; only those need the exact distance
      const far = lon < b[0] - padLon || lon > b[2] + padLon || lat < b[1] - padLat || lat > b[3] + padLat
      const d = far ? Infinity : metresOutside(opts.district, index, lon, lat)
      if (d > MAX_OUTSIDE_M) {
        keep[i] = 0
        reject(f.line[i], 'outside_district', Number.isFinite(d) ? `${(d / 1000).toFixed(1)} km outside` : `${lon.toFixed(5)},${lat.toFixed(5)}`)
      }
    }
  }
  const idx: number[] = []
  for (let i = 0; i < n; i++) if (keep[i]) idx.push(i)
  const at = <T>(a: T[]) => idx.map((i) => a[i])
  const sorted = tracksFromFixes({
    unitIds, unitKind, unit: at(f.unit), time: at(f.time), lon: idx.map((i) => lonCol[i]), lat: idx.map((i) => latCol[i]),
    speed: at(f.speed), heading: at(f.heading), status: at(f.status), line: at(f.line),
  })

  // duplicates and impossible jumps, per unit in time order
  const verdict = new Uint8Array(sorted.count)
  for (let u = 0; u < unitIds.length; u++) checkUnitFixes(sorted.time, sorted.lon, sorted.lat, sorted.unitStart[u], sorted.unitStart[u + 1], verdict)
  const good: number[] = []
  for (let i = 0; i < sorted.count; i++) {
    if (verdict[i] === FIX_DUPLICATE) reject(sorted.line[i], 'duplicate_fix', unitIds[sorted.unit[i]])
    else if (verdict[i] === FIX_JUMP) reject(sorted.line[i], 'impossible_jump', unitIds[sorted.unit[i]])
    else good.push(i)
  }
  const pick = (a: ArrayLike<number>) => good.map((i) => a[i])
  const tracks = good.length === sorted.count ? sorted : tracksFromFixes({
    unitIds, unitKind, unit: pick(sorted.unit), time: pick(sorted.time), lon: pick(sorted.lon), lat: pick(sorted.lat),
    speed: pick(sorted.speed), heading: pick(sorted.heading), status: pick(sorted.status), line: pick(sorted.line),
  })
  report.rejected.sort((a, b) => a.line - b.line)
  report.rowsKept = tracks.count
  return { tracks, report }
}

/** Local time (UTC+8) as `YYYY-MM-DD hh:mm:ss`, the form a time without an offset is read in. */
function localTimeText(t: number): string {
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/** Decimals written: 6 for degrees (0.1 m), 1 for km/h, none for a heading. */
const LONLAT_DIGITS = 6, SPEED_DIGITS = 1, HEADING_DIGITS = 0

interface FixColumns {
  unitIds: string[]; unitKind: ArrayLike<number>; unit: ArrayLike<number>; time: ArrayLike<number>; lon: ArrayLike<number>; lat: ArrayLike<number>
  speed: ArrayLike<number>; heading: ArrayLike<number>; status: ArrayLike<number>
}

/** Fixes as tracks CSV (the contract's columns plus kind), in the given order, LF line ends. */
export function tracksToCsv(f: FixColumns): string {
  const out: string[] = ['unit_id,time,lon,lat,speed,heading,status,kind']
  const opt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '')
  for (let i = 0; i < f.time.length; i++) {
    const u = f.unit[i]
    out.push(`${csvCell(f.unitIds[u])},${localTimeText(f.time[i])},${f.lon[i].toFixed(LONLAT_DIGITS)},${f.lat[i].toFixed(LONLAT_DIGITS)},` +
      `${opt(f.speed[i], SPEED_DIGITS)},${opt(f.heading[i], HEADING_DIGITS)},${UNIT_STATUSES[f.status[i]]},${UNIT_KINDS[f.unitKind[u]]}`)
  }
  return out.join('\n') + '\n'
}

/**
 * The fixes as tracksToCsv writes and readTracksCsv reads them back (same decimals), in place:
 * what holds generated fixes without a file to the same figures as the file.
 */
export function roundAsCsv<F extends { lon: Float64Array; lat: Float64Array; speed: Float32Array; heading: Float32Array }>(f: F): F {
  const round = (a: Float64Array | Float32Array, digits: number) => {
    for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) a[i] = Number(a[i].toFixed(digits))
  }
  round(f.lon, LONLAT_DIGITS); round(f.lat, LONLAT_DIGITS); round(f.speed, SPEED_DIGITS); round(f.heading, HEADING_DIGITS)
  return f
}
