/**
 * Plan files: a camera plan handed over as CSV or GeoJSON and read back, and the candidates
 * file of the `plan` command (one pose per row).
 *
 * A plan CSV is a camera CSV (cameras-csv.ts reads it as a network: a plan hands over as
 * cameras) with two more columns, `source` and `gain`. Reading goes through the camera reader
 * too, so a plan row is checked exactly as a camera row is; the extra columns are then looked
 * up by the row each kept camera came from.
 */
import Papa from 'papaparse'
import { RANGE_DEFAULT, RANGE_LENS, type CameraColumns } from '../core/cameras'
import { SITE_TYPE_UNSET, type SitePoints } from '../core/candidate-poses'
import { PLAN_FOV_LIMITS, PLAN_SOURCES, planCameraFromColumns, type PlanCamera } from '../core/plan-cameras'
import { readCamerasCsv } from './cameras-csv'
import { float32Text } from './dataset-export'
import { autoMap, pointFeaturesToTable, remapToCsv } from './field-mapping'
import { wrapGeoJson } from './geo-file'
import { csvCell, type ImportReport } from './import-report'

// Excel reads a CSV without a byte order mark as GBK and garbles Chinese ids; our readers strip it.
const BOM = '\uFEFF'
const EOL = '\r\n'
export const PLAN_CSV_HEADER = ['id', 'lon', 'lat', 'type', 'azimuth', 'fov', 'range', 'status', 'source', 'gain'] as const

/** 7 decimals of a degree: about a centimetre, finer than any survey of a pole. */
const deg7 = (x: number) => x.toFixed(7)

/**
 * The plan as CSV (`id,lon,lat,type,azimuth,fov,range,status,source,gain`, UTF-8 with BOM,
 * CRLF). Ids go through csvCell: one a spreadsheet would run as a formula gets a leading
 * apostrophe, and reads back with it.
 */
export function planToCsv(cams: readonly PlanCamera[]): string {
  const rows = cams.map((c) => [
    csvCell(c.id), deg7(c.lon), deg7(c.lat), c.type, String(c.azimuth), String(c.fov), String(c.range), 'online', c.source,
    c.gain === undefined ? '' : String(c.gain),
  ].join(','))
  return BOM + [PLAN_CSV_HEADER.join(','), ...rows].join(EOL) + EOL
}

/** The plan as a GeoJSON FeatureCollection of Points, with the plan's name as a top-level "name" member. */
export function planToGeoJson(name: string, cams: readonly PlanCamera[]): string {
  const features = cams.map((c) => {
    const { id, type, azimuth, fov, range, source, gain } = c
    return {
      type: 'Feature',
      properties: gain === undefined ? { id, type, azimuth, fov, range, source } : { id, type, azimuth, fov, range, source, gain },
      geometry: { type: 'Point', coordinates: [Number(deg7(c.lon)), Number(deg7(c.lat))] },
    }
  })
  return JSON.stringify({ type: 'FeatureCollection', name, features })
}

/** Header cells as the camera reader compares them. */
const headerKey = (h: string) => h.trim().toLowerCase()

/**
 * A plan file: GeoJSON when the text starts with `{` or `[`, else CSV. Bad rows are in the
 * report (CSV line numbers; feature numbers for GeoJSON), good rows are kept. A missing or
 * unknown source reads as 'hand', an unusable gain as none (both counted in a warning).
 * Throws when the file is empty, is JSON but not GeoJSON, or is text without id, lon, lat columns.
 */
export function readPlanFile(text: string, fileName: string): { name: string | null; cameras: PlanCamera[]; report: ImportReport } {
  const body = text.replace(/^\uFEFF/, '')
  const first = body.trimStart()[0]
  if (first === undefined) throw new Error(`${fileName}: empty file`)
  if (first === '{' || first === '[') return readPlanGeoJson(body, fileName)
  const table = Papa.parse<string[]>(body, { skipEmptyLines: false }).data
  const header = (table[0] ?? []).map(headerKey)
  if (!['id', 'lon', 'lat'].every((h) => header.includes(h))) {
    throw new Error(`${fileName} is neither a plan CSV (a header with id, lon, lat, …) nor GeoJSON`)
  }
  const { cameras, report } = readCamerasCsv(body, fileName)
  report.kind = 'plan'
  // data row i is line i + 2 (the header is line 1), as the camera reader counts
  return { name: null, cameras: planCameras(cameras, report, keptRowCells(cameras, report, header, table.slice(1), header.indexOf('id'), 2)), report }
}

function readPlanGeoJson(body: string, fileName: string): { name: string | null; cameras: PlanCamera[]; report: ImportReport } {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (err) {
    throw new Error(`${fileName}: not valid JSON (${(err as Error).message})`)
  }
  const { fc, warnings } = wrapGeoJson(json, fileName)
  const { header, rows } = pointFeaturesToTable(fc)
  const mapping = autoMap('cameras', header, { geometry: true })
  const { cameras, report } = readCamerasCsv(remapToCsv('cameras', header, rows, mapping), fileName)
  report.kind = 'plan'
  report.warnings.unshift(...warnings)
  // remapToCsv puts feature n (1-based) on line n + 1
  for (const r of report.rejected) r.line -= 1
  const cell = keptRowCells(cameras, report, header.map(headerKey), rows, mapping.id, 1)
  const name = typeof json === 'object' && json !== null && typeof (json as { name?: unknown }).name === 'string' ? (json as { name: string }).name : null
  return { name, cameras: planCameras(cameras, report, cell), report }
}

/**
 * The cells of the row each kept camera came from (row i of `rows` is line i + firstLine in
 * the report): the first row with its id that the reader did not reject. The reader keeps one
 * row per id and rejects the others, so that row is the one it kept. `cell(k, name)` is the
 * trimmed cell of column `name` (a header key) for camera k, '' when there is none.
 */
function keptRowCells(
  cameras: CameraColumns, report: ImportReport, header: readonly string[], rows: readonly string[][], idCol: number, firstLine: number,
): (k: number, name: string) => string {
  const rejected = new Set(report.rejected.map((r) => r.line))
  const byId = new Map<string, number>()
  rows.forEach((row, i) => {
    const id = (row[idCol] ?? '').trim()
    if (idCol >= 0 && !byId.has(id) && !rejected.has(i + firstLine)) byId.set(id, i)
  })
  const rowOf = Int32Array.from(cameras.ids, (id) => byId.get(id) ?? -1)
  return (k, name) => (rowOf[k] >= 0 ? (rows[rowOf[k]][header.indexOf(name)] ?? '').trim() : '')
}

function planCameras(cameras: CameraColumns, report: ImportReport, cell: (k: number, name: string) => string): PlanCamera[] {
  let unknownSource = 0, badGain = 0
  const out: PlanCamera[] = []
  for (let k = 0; k < cameras.count; k++) {
    const s = cell(k, 'source').toLowerCase()
    const source = (PLAN_SOURCES as readonly string[]).includes(s) ? (s as PlanCamera['source']) : 'hand'
    if (s !== '' && s !== source) unknownSource++
    const g = cell(k, 'gain')
    const gain = g === '' ? undefined : Number(g)
    if (gain !== undefined && !Number.isFinite(gain)) badGain++
    const cam = planCameraFromColumns(cameras, k, source, gain !== undefined && Number.isFinite(gain) ? gain : undefined)
    // the columns hold float32: 37.3 comes back as 37.29999923706055 without this
    cam.azimuth = Number(float32Text(cam.azimuth))
    cam.fov = Number(float32Text(cam.fov))
    cam.range = Number(float32Text(cam.range))
    out.push(cam)
  }
  if (unknownSource > 0) report.warnings.push(`${unknownSource} row(s) have a source other than ${PLAN_SOURCES.join(' or ')}: read as hand`)
  if (badGain > 0) report.warnings.push(`${badGain} row(s) have a gain that is not a number: left out`)
  return out
}

/**
 * The camera reader's warnings about defaults that a candidate leaves open instead (its type
 * count includes empty cells, which a candidate leaves unset; the rest were unknown labels).
 */
const POSE_DEFAULT_WARNING = /^(\d+) row\(s\) took the default (fov|range|type→bullet)$/
/** the camera reader's word on cameras without heading: a candidate without one is tried every way instead */
const NO_HEADING_WARNING = /^\d+ camera\(s\) without a usable azimuth: heading unknown/

/**
 * Candidate poses, one a row: `id,lon,lat,azimuth,fov,range[,type]`, read by the camera
 * reader (so ids, coordinates and types are checked as for cameras, bad rows reported with
 * their line, and a lens works too). Where the reader would take a default, the candidate
 * leaves the cell open instead: an empty or unusable azimuth is NaN (posesAtSites then tries
 * every orientation), fov and range NaN (the command's options or the type decide), an empty
 * type SITE_TYPE_UNSET (the command's --type decides). A type the reader does not know is
 * bullet, with the reader's warning.
 */
export function readCandidatesCsv(text: string, fileName?: string): { sites: SitePoints; report: ImportReport } {
  const body = text.replace(/^\uFEFF/, '')
  const { cameras, report } = readCamerasCsv(body, fileName)
  report.kind = 'candidates'
  const table = Papa.parse<string[]>(body, { skipEmptyLines: false }).data
  const header = (table[0] ?? []).map(headerKey)
  const cell = keptRowCells(cameras, report, header, table.slice(1), header.indexOf('id'), 2)
  const inSpan = (s: string, lo: number, hi: number) => s !== '' && Number(s) >= lo && Number(s) <= hi
  const n = cameras.count
  const azimuth = new Float32Array(n), fov = new Float32Array(n), range = new Float32Array(n), type = new Uint8Array(n)
  let open = 0, openFov = 0, openRange = 0, unsetType = 0
  for (let k = 0; k < n; k++) {
    azimuth[k] = inSpan(cell(k, 'azimuth'), 0, 360) ? cameras.azimuth[k] : NaN
    fov[k] = inSpan(cell(k, 'fov'), ...PLAN_FOV_LIMITS) || cameras.rangeSource[k] === RANGE_LENS ? cameras.fov[k] : NaN
    range[k] = cameras.rangeSource[k] === RANGE_DEFAULT ? NaN : cameras.range[k]
    type[k] = cell(k, 'type') === '' ? SITE_TYPE_UNSET : cameras.type[k]
    if (Number.isNaN(azimuth[k])) open++
    if (Number.isNaN(fov[k])) openFov++
    if (Number.isNaN(range[k])) openRange++
    if (type[k] === SITE_TYPE_UNSET) unsetType++
  }
  let defaultedType = 0
  report.warnings = report.warnings.filter((w) => {
    const m = POSE_DEFAULT_WARNING.exec(w)
    if (m?.[2] === 'type→bullet') defaultedType = Number(m[1])
    return m === null && !NO_HEADING_WARNING.test(w)
  })
  if (defaultedType > unsetType) report.warnings.push(`${defaultedType - unsetType} row(s) have an unknown type: read as bullet`)
  if (open > 0) report.warnings.push(`${open} row(s) without a usable azimuth: every orientation is tried`)
  if (openFov > 0) report.warnings.push(`${openFov} row(s) without a usable fov: the type's or the command's`)
  if (openRange > 0) report.warnings.push(`${openRange} row(s) without a usable range: the type's or the command's`)
  return { sites: { count: n, ids: cameras.ids, lon: cameras.lon, lat: cameras.lat, azimuth, fov, range, type }, report }
}
