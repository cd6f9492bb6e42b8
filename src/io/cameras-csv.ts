import Papa from 'papaparse'
import {
  CAMERA_CLASSES, CAMERA_DEFAULTS, CAMERA_TYPES, RANGE_DEFAULT, RANGE_GIVEN, RANGE_LENS, type CameraColumns, type CameraType,
} from '../core/cameras'
import { LENS_LIMITS, doriRange, lensFov, lensPlausible } from '../core/camera-model'
import { addRejected, emptyReport, type ImportReport, type RejectReason } from './import-report'
import { convertColumnsToWgs84, type Crs } from './coords'
import { KIND_FIELDS } from './field-mapping'

const REQUIRED = ['id', 'lon', 'lat'] as const

/**
 * Optional lens columns, first name canonical: the import dialog's names for the camera fields
 * (English or Chinese), matched here after trimming and lower-casing.
 */
const lensAliases = (field: string): readonly string[] => KIND_FIELDS.cameras.find((f) => f.field === field)!.aliases
const LENS_COLUMNS = { focal: lensAliases('focal_mm'), sensor: lensAliases('sensor_mm'), hRes: lensAliases('resolution_px') }

/** Type labels of Chinese camera inventories (lower-cased English labels are the contract). */
const TYPE_LABELS: Readonly<Record<string, CameraType>> = {
  '枪机': 'bullet', '枪型': 'bullet', '枪型摄像机': 'bullet', '球机': 'ptz', '云台': 'ptz', '高速球': 'ptz', '半球': 'dome', '半球机': 'dome', '全景': 'dome',
}
const OFFLINE_LABELS = new Set(['offline', '离线', '故障', '停用'])

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null
  const x = Number(v)
  return Number.isFinite(x) ? x : NaN
}

/**
 * Reads the camera contract `id,lon,lat,type,azimuth,fov,range[,class,status]` plus the
 * optional lens columns `focal_mm,sensor_mm,resolution_px` (aliases in LENS_COLUMNS).
 * A camera network is thousands of rows, not millions, so papaparse on the UI side is fine;
 * what matters is that every rejected row is named and every default is reported.
 *
 * Range and fov, per row:
 * - a complete, plausible lens (camera-model's lensPlausible) wins: rangeSource RANGE_LENS,
 *   range = the lens's 'observe' range (a range cell is then ignored: one number cannot say
 *   how the range changes with the DORI level, the lens can), and fov = lensFov when the fov
 *   cell is empty or unusable;
 * - otherwise a usable range cell: RANGE_GIVEN; an empty or unusable one: the type default,
 *   RANGE_DEFAULT, reported as before.
 * A lens with one or two of its three cells filled, or with an implausible value, is ignored
 * for that row (lens columns NaN, as for a row without lens) and counted in a warning; the
 * row itself is kept.
 */
export function readCamerasCsv(text: string, fileName?: string, opts: { crs?: Crs } = {}): { cameras: CameraColumns; report: ImportReport } {
  const report = emptyReport('cameras')
  report.fileName = fileName
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    // blank lines are skipped below, not by papaparse, so that row index i stays line i + 2
    skipEmptyLines: false,
    transformHeader: (h) => h.trim().toLowerCase(),
  })
  const fields = parsed.meta.fields ?? []
  const missing = REQUIRED.filter((f) => !fields.includes(f))
  const ids: string[] = []
  const cols = {
    lon: [] as number[], lat: [] as number[], azimuth: [] as number[], fov: [] as number[], range: [] as number[],
    type: [] as number[], cls: [] as number[], status: [] as number[],
    focalMm: [] as number[], sensorMm: [] as number[], hRes: [] as number[], rangeSource: [] as number[], headingUnknown: [] as number[],
  }
  let noHeading = 0
  // per lens quantity, the alias columns present in this file, in LENS_COLUMNS order
  const lensCols = (names: readonly string[]) => names.filter((n) => fields.includes(n))
  const focalCols = lensCols(LENS_COLUMNS.focal), sensorCols = lensCols(LENS_COLUMNS.sensor), hResCols = lensCols(LENS_COLUMNS.hRes)
  const cell = (row: Record<string, string>, names: string[]): string | undefined => {
    for (const n of names) if ((row[n] ?? '').trim() !== '') return row[n]
    return undefined
  }
  if (missing.length > 0) {
    report.errors.push(`missing column(s): ${missing.join(', ')}`)
  } else {
    const seen = new Set<string>()
    const defaulted: Record<string, number> = {}
    let partialLens = 0, implausibleLens = 0
    const reject = (line: number, reason: RejectReason, detail?: string) => addRejected(report, line, reason, detail)
    parsed.data.forEach((row, i) => {
      // line numbers are 1-based and count the header; quoted newlines are rare in camera files
      const line = i + 2
      if (Object.values(row).flat().every((v) => String(v ?? '').trim() === '')) return
      report.rowsRead++
      const id = (row.id ?? '').trim()
      const lon = num(row.lon)
      const lat = num(row.lat)
      if (lon === null || lat === null || Number.isNaN(lon) || Number.isNaN(lat)) return reject(line, 'missing_coordinates')
      if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return reject(line, 'coordinates_out_of_range', `${lon},${lat}`)
      if (id === '') return reject(line, 'missing_id')
      if (seen.has(id)) return reject(line, 'duplicate_id', id)
      const typeLabel = (row.type ?? '').trim().toLowerCase()
      const typeIdx = CAMERA_TYPES.indexOf(TYPE_LABELS[typeLabel] ?? (typeLabel as CameraType))
      const type: CameraType = typeIdx >= 0 ? CAMERA_TYPES[typeIdx] : 'bullet'
      if (typeIdx < 0) defaulted['type→bullet'] = (defaulted['type→bullet'] ?? 0) + 1
      /** the cell's value when it is a number within [min, max], else null */
      const usable = (key: 'azimuth' | 'fov' | 'range', min: number, max: number): number | null => {
        const v = num(row[key])
        return v === null || Number.isNaN(v) || v < min || v > max ? null : v
      }
      const take = (key: 'azimuth' | 'fov' | 'range', fallback: number, min: number, max: number, defaultKey: string = key) => {
        const v = usable(key, min, max)
        if (v !== null) return v
        defaulted[defaultKey] = (defaulted[defaultKey] ?? 0) + 1
        return fallback
      }
      const lensCells = [cell(row, focalCols), cell(row, sensorCols), cell(row, hResCols)]
      const filled = lensCells.filter((v) => v !== undefined).length
      let lens: [number, number, number] | null = null
      if (filled === 3) {
        const [f, w, h] = lensCells.map((v) => Number(v))
        if (lensPlausible(f, w, h)) lens = [f, w, h]
        else implausibleLens++
      } else if (filled > 0) partialLens++
      seen.add(id)
      ids.push(id)
      cols.lon.push(lon)
      cols.lat.push(lat)
      const azimuth = usable('azimuth', 0, 360)
      cols.azimuth.push(azimuth ?? 0)
      if (lens) {
        const [f, w, h] = lens
        // an empty fov cell is what a lens is for; an unusable one is still reported
        cols.fov.push(num(row.fov) === null ? lensFov(f, w) : take('fov', lensFov(f, w), 1, 360, 'fov→lens'))
        cols.range.push(doriRange(f, w, h, 'observe'))
        cols.rangeSource.push(RANGE_LENS)
        cols.focalMm.push(f)
        cols.sensorMm.push(w)
        cols.hRes.push(h)
      } else {
        cols.fov.push(take('fov', CAMERA_DEFAULTS[type].fov, 1, 360))
        const given = usable('range', 1, 5000)
        cols.range.push(given ?? take('range', CAMERA_DEFAULTS[type].range, 1, 5000))
        cols.rangeSource.push(given === null ? RANGE_DEFAULT : RANGE_GIVEN)
        cols.focalMm.push(NaN)
        cols.sensorMm.push(NaN)
        cols.hRes.push(NaN)
      }
      // no heading: unknown, not north; a camera seeing all round needs none
      const unknown = azimuth === null && cols.fov[cols.fov.length - 1] < 360
      cols.headingUnknown.push(unknown ? 1 : 0)
      if (unknown) noHeading++
      cols.type.push(CAMERA_TYPES.indexOf(type))
      // an unknown class label takes the default B, as a blank one does (it used to become A)
      const clsIdx = CAMERA_CLASSES.indexOf(((row.class ?? 'B').trim().toUpperCase() || 'B') as 'A' | 'B')
      if (clsIdx < 0) defaulted['class→B'] = (defaulted['class→B'] ?? 0) + 1
      cols.cls.push(clsIdx >= 0 ? clsIdx : CAMERA_CLASSES.indexOf('B'))
      cols.status.push(OFFLINE_LABELS.has((row.status ?? '').trim().toLowerCase()) ? 1 : 0)
    })
    for (const [key, n] of Object.entries(defaulted)) report.warnings.push(`${n} row(s) took the default ${key}`)
    if (noHeading > 0) report.warnings.push(`${noHeading} camera(s) without a usable azimuth: heading unknown, drawn as a circle of their range and not counted in coverage`)
    const lensNames = `${LENS_COLUMNS.focal[0]}, ${LENS_COLUMNS.sensor[0]}, ${LENS_COLUMNS.hRes[0]}`
    if (partialLens > 0) report.warnings.push(`${partialLens} row(s) have an incomplete lens (${lensNames} needs all three): lens ignored`)
    if (implausibleLens > 0) {
      const L = LENS_LIMITS, span = ([lo, hi]: readonly [number, number]) => `${lo}–${hi}`
      report.warnings.push(
        `${implausibleLens} row(s) have an implausible lens (focal ${span(L.focalMm)} mm, sensor width ${span(L.sensorMm)} mm, ` +
          `${span(L.hRes)} px, observe range ${span(L.observeRange)} m): lens ignored`,
      )
    }
  }
  report.rowsKept = ids.length
  const lonCol = Float64Array.from(cols.lon)
  const latCol = Float64Array.from(cols.lat)
  const crs = opts.crs ?? 'wgs84'
  report.crs = { from: crs, converted: crs !== 'wgs84' && ids.length > 0 }
  convertColumnsToWgs84(lonCol, latCol, ids.length, crs)
  const cameras: CameraColumns = {
    count: ids.length,
    ids,
    lon: lonCol,
    lat: latCol,
    azimuth: Float32Array.from(cols.azimuth),
    fov: Float32Array.from(cols.fov),
    range: Float32Array.from(cols.range),
    type: Uint8Array.from(cols.type),
    cls: Uint8Array.from(cols.cls),
    status: Uint8Array.from(cols.status),
    focalMm: Float32Array.from(cols.focalMm),
    sensorMm: Float32Array.from(cols.sensorMm),
    hRes: Float32Array.from(cols.hRes),
    rangeSource: Uint8Array.from(cols.rangeSource),
    ...(noHeading > 0 && { headingUnknown: Uint8Array.from(cols.headingUnknown) }),
  }
  return { cameras, report }
}
