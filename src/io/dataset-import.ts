/**
 * One import, from file bytes to a dataset ready for the stores: the same steps in the
 * browser (import worker) and on the command line (`validate`).
 *
 *   preview  — the first rows (or features) as a table, the columns auto-mapped, the category
 *              labels with their suggested categories, the text encoding and coordinate system
 *              detected; the user corrects what is wrong;
 *   import   — every row validated and converted to WGS-84 with those choices; a report that
 *              names each rejected row by its line (CSV), sheet row (xlsx) or feature number.
 */
import type { FeatureCollection, Feature, Geometry } from 'geojson'
import type { Category } from '../core/incidents'
import { areasFromGeoJson } from '../core/areas'
import type { Crs } from './coords'
import { KIND_GEOMETRY, FORMATS_BY_GEOMETRY, hasLonLatColumns, type DatasetKind, type EncodingChoice, type FileFormat } from './dataset-kinds'
import type { DatasetPayload } from './dataset-db'
import { emptyReport, type ImportReport } from './import-report'
import { readTable, sniffFormat, type Table } from './tabular'
import { readGeoFile } from './geo-file'
import { autoMap, KIND_FIELDS, missingRequired, pointFeaturesToTable, remapToCsv, type FieldMapping, type FieldSpec } from './field-mapping'
import { categoryLabelsOption, distinctLabels, suggestCategory } from './category-mapping'
import { detectAreasCrs, detectPointsCrs, type CrsDetection } from './crs-detect'
import { validateFeatures } from './feature-validate'
import { guessKindByHeader, offeredKinds } from './guess-kind'
import { readTracksCsv, type TrackField } from './tracks-csv'
import { IncidentCsvReader, INCIDENT_READ_FIELDS, type IncidentField } from './incidents-csv'
import { readCamerasCsv } from './cameras-csv'
import { readPopulationCsv } from './population-csv'
import { errorMessage } from '../core/text-format'

/** A file to import, read lazily: a 1 GB incident file is streamed, never held whole. */
export interface ImportSource {
  name: string
  size: number
  head(bytes: number): Promise<Uint8Array>
  bytes(): Promise<Uint8Array>
  chunks(): AsyncIterable<Uint8Array>
}

export function sourceFromBytes(name: string, data: Uint8Array, chunkSize = 1 << 20): ImportSource {
  return {
    name,
    size: data.length,
    head: async (n) => data.subarray(0, Math.min(n, data.length)),
    bytes: async () => data,
    async *chunks() {
      for (let s = 0; s < data.length; s += chunkSize) yield data.subarray(s, Math.min(data.length, s + chunkSize))
    },
  }
}

/** What the import is checked against: the finest areas loaded now and the bbox of all loaded data. */
export interface ImportReference {
  areas: FeatureCollection | null
  bbox: [number, number, number, number] | null
}

export interface ImportPreview {
  kind: DatasetKind
  fileName: string
  format: FileFormat
  /** lon/lat come from the geometry (GeoJSON, shapefile), not from columns */
  geometry: boolean
  /** the fields of the kind that the user maps (lon/lat left out when `geometry`) */
  fields: FieldSpec[]
  header: string[]
  /** first rows as text (for GeoJSON: property values of the first features) */
  rows: string[][]
  lines: number[]
  /** rows (features) in the file; null when only the head of a large text file was read */
  total: number | null
  encoding: { name: string; bom: boolean } | null
  mapping: FieldMapping
  missing: string[]
  /** incidents: the labels of the mapped category column in the rows read, with a suggestion */
  categories: { label: string; count: number; suggested: Category }[]
  crs: CrsDetection
  warnings: string[]
  /** the kinds the file can be imported as (its geometry decides: io/guess-kind.ts) */
  offered: DatasetKind[]
  /** the kind a table's header names whatever the file is called (a tracks file), else absent */
  suggested?: DatasetKind
}

/** Why a file cannot be previewed: a code the UI words, and the technical message. */
export interface PreviewError {
  error: string
  code: 'empty_file' | 'wrong_file_type' | 'unreadable'
  found?: FileFormat | null
  expected?: FileFormat[]
  /** the kinds a file of the format found can be imported as */
  offered?: DatasetKind[]
}

export interface ImportChoices {
  kind: DatasetKind
  encoding: EncodingChoice
  crs: Crs
  /** field → column index of the preview's header */
  mapping: FieldMapping
  /** incidents: label → category (labels not listed fall back to the built-in names, else `other`) */
  categories?: Record<string, Category>
  unknownCategory?: 'other' | 'reject'
  /** tracks: the district outline; fixes more than 5 km outside it are left out (none: not checked) */
  district?: FeatureCollection | null
}

export interface ImportProgress {
  bytesRead: number
  totalBytes: number
  rows: number
}

export interface ImportOutcome {
  /** null when nothing could be read: the report's errors say why */
  payload: DatasetPayload | null
  report: ImportReport
  /** rows or features kept */
  count: number
}

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled')
    this.name = 'AbortError'
  }
}

/** Bytes of a text file read for the preview (rows beyond are imported, not previewed). */
export const PREVIEW_BYTES = 1 << 20
export const PREVIEW_ROWS = 20
const SAMPLE_ROWS = 5000

interface Loaded {
  format: FileFormat
  table: Table | null
  fc: FeatureCollection<Geometry | null> | null
  warnings: string[]
}

/** The file's format, or a report error when it is empty or of a type the kind does not take. */
function checkFormat(kind: DatasetKind, head: Uint8Array, fileName: string): FileFormat | string {
  if (head.length === 0) return `${fileName}: empty file`
  const format = sniffFormat(head, fileName)
  const allowed = FORMATS_BY_GEOMETRY[KIND_GEOMETRY[kind]]
  if (format === null) return `${fileName}: wrong file type (expected ${allowed.join(', ')})`
  if (!allowed.includes(format)) return `${fileName}: wrong file type ${format} for ${kind} (expected ${allowed.join(', ')})`
  return format
}

async function load(src: ImportSource, kind: DatasetKind, format: FileFormat, encoding: EncodingChoice, preview: boolean): Promise<Loaded> {
  if (format === 'csv' || format === 'xlsx') {
    const partial = preview && format === 'csv' && src.size > PREVIEW_BYTES
    const bytes = partial ? await src.head(PREVIEW_BYTES) : await src.bytes()
    const table = await readTable(bytes, src.name, { encoding, maxRows: preview ? SAMPLE_ROWS : undefined })
    if (partial && !table.truncated && table.rows.length > 0) {
      // the last row of a cut head is likely cut too
      table.rows.pop()
      table.lines.pop()
    }
    return { format, table, fc: null, warnings: table.warnings }
  }
  const geo = await readGeoFile(await src.bytes(), src.name, { encoding })
  const warnings = [...geo.warnings]
  if (geo.reprojected) warnings.push(`${src.name}: reprojected to WGS-84 from its .prj`)
  if (KIND_GEOMETRY[kind] === 'point') return { format, table: { ...pointFeaturesToTable(geo.fc), ...tableBits(geo.fc.features.length, format) }, fc: geo.fc, warnings }
  return { format, table: null, fc: geo.fc, warnings }
}

function tableBits(n: number, format: FileFormat): Pick<Table, 'format' | 'lines' | 'truncated' | 'warnings'> {
  return { format: format === 'xlsx' ? 'xlsx' : 'csv', lines: Array.from({ length: n }, (_, i) => i + 1), truncated: false, warnings: [] }
}

/** Property names of the first features, in first-seen order, as a header; their values as rows. */
function propertyTable(fc: FeatureCollection<Geometry | null>, limit: number): { header: string[]; rows: string[][] } {
  const header: string[] = []
  const seen = new Set<string>()
  const feats = fc.features.slice(0, 200)
  for (const f of feats) for (const k of Object.keys(f.properties ?? {})) if (!seen.has(k)) { seen.add(k); header.push(k) }
  const rows = feats.slice(0, limit).map((f) => header.map((k) => cellText((f.properties ?? {})[k])))
  return { header, rows }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v !== 'object') return String(v)
  try {
    return JSON.stringify(v)
  } catch {
    // a value nested thousands deep (a hostile file) overflows JSON.stringify's stack
    return Array.isArray(v) ? '[…]' : '{…}'
  }
}

function lonLatSample(table: Table, mapping: FieldMapping): { lon: Float64Array; lat: Float64Array; n: number } {
  const lonCol = mapping.lon ?? -1
  const latCol = mapping.lat ?? -1
  const rows = table.rows.slice(0, SAMPLE_ROWS)
  const lon = new Float64Array(rows.length)
  const lat = new Float64Array(rows.length)
  let n = 0
  if (lonCol < 0 || latCol < 0) return { lon, lat, n }
  for (const r of rows) {
    const x = Number(r[lonCol]), y = Number(r[latCol])
    if ((r[lonCol] ?? '').trim() === '' || (r[latCol] ?? '').trim() === '' || !Number.isFinite(x) || !Number.isFinite(y)) continue
    lon[n] = x
    lat[n] = y
    n++
  }
  return { lon, lat, n }
}

function detectCrs(kind: DatasetKind, loaded: Loaded, mapping: FieldMapping, reference: ImportReference): CrsDetection {
  if (hasLonLatColumns(kind) && loaded.table) {
    const { lon, lat, n } = lonLatSample(loaded.table, mapping)
    const areas = reference.areas ? areasFromGeoJson(reference.areas, { idOptional: true }).areas : null
    return detectPointsCrs(lon, lat, n, areas && areas.count > 0 ? areas : null)
  }
  if (loaded.fc) return detectAreasCrs(loaded.fc, reference.bbox)
  return { crs: 'wgs84', confident: false, method: 'no-reference', scores: [] }
}

export async function previewImport(
  src: ImportSource,
  kind: DatasetKind,
  opts: { encoding?: EncodingChoice; mapping?: FieldMapping; reference?: ImportReference } = {},
): Promise<ImportPreview | PreviewError> {
  const head = await src.head(4096)
  const format = checkFormat(kind, head, src.name)
  if (!(format in FORMAT_SET)) {
    const found = head.length > 0 ? sniffFormat(head, src.name) : null
    return {
      error: format, code: head.length === 0 ? 'empty_file' : 'wrong_file_type', found, expected: [...FORMATS_BY_GEOMETRY[KIND_GEOMETRY[kind]]],
      ...(found && { offered: offeredKinds(found, null) }),
    }
  }
  const fmt = format as FileFormat
  let loaded: Loaded
  try {
    loaded = await load(src, kind, fmt, opts.encoding ?? 'auto', true)
  } catch (e) {
    return { error: errorMessage(e), code: 'unreadable' }
  }
  const geometry = loaded.fc !== null
  const fields = KIND_FIELDS[kind].filter((f) => !(geometry && (f.field === 'lon' || f.field === 'lat')))
  let header: string[], rows: string[][], lines: number[]
  if (loaded.table) {
    header = loaded.table.header
    rows = loaded.table.rows.slice(0, PREVIEW_ROWS)
    lines = loaded.table.lines.slice(0, PREVIEW_ROWS)
  } else {
    ;({ header, rows } = propertyTable(loaded.fc!, PREVIEW_ROWS))
    lines = rows.map((_, i) => i + 1)
  }
  const mapping = opts.mapping ?? autoMap(kind, header, { geometry })
  const categories: ImportPreview['categories'] = []
  if (kind === 'incidents' && loaded.table && (mapping.category ?? -1) >= 0) {
    for (const { label, count } of distinctLabels(loaded.table.rows, mapping.category)) categories.push({ label, count, suggested: suggestCategory(label) })
  }
  const suggested = loaded.table && !geometry ? guessKindByHeader(header) : null
  const total = loaded.fc ? loaded.fc.features.length : loaded.table && !loaded.table.truncated && src.size <= PREVIEW_BYTES ? loaded.table.rows.length : null
  return {
    kind,
    fileName: src.name,
    format: fmt,
    geometry,
    fields,
    header,
    rows,
    lines,
    total,
    encoding: loaded.table?.encoding ? { name: loaded.table.encoding, bom: loaded.table.bom ?? false } : null,
    mapping,
    missing: missingRequired(kind, mapping, { geometry }),
    categories,
    crs: detectCrs(kind, loaded, mapping, opts.reference ?? { areas: null, bbox: null }),
    warnings: loaded.warnings,
    offered: offeredKinds(fmt, loaded.fc),
    ...(suggested && { suggested }),
  }
}

const FORMAT_SET: Record<FileFormat, true> = { csv: true, xlsx: true, geojson: true, shapefile: true }

/** Rewrite report lines of a re-serialised table (row i at line i + 2) to the file's own lines. */
function reline(report: ImportReport, lines: readonly number[], offset: number): void {
  for (const r of report.rejected) {
    const k = r.line - offset
    if (k >= 0 && k < lines.length) r.line = lines[k]
  }
}

function finish(report: ImportReport, kind: DatasetKind, src: ImportSource, choices: ImportChoices, extraWarnings: string[]): ImportReport {
  report.kind = kind
  report.fileName = src.name
  report.crs = { from: choices.crs, converted: choices.crs !== 'wgs84' && report.rowsKept > 0 }
  report.warnings.unshift(...extraWarnings)
  return report
}

function incidentsOptions(choices: ImportChoices) {
  return {
    crs: choices.crs,
    categoryLabels: categoryLabelsOption(choices.categories ?? {}),
    unknownCategory: choices.unknownCategory ?? 'other',
  }
}

/** Columns of the mapping in the canonical CSV that remapToCsv writes. */
function remappedColumns(kind: DatasetKind, mapping: FieldMapping): Partial<Record<IncidentField, number>> {
  const out: Partial<Record<IncidentField, number>> = {}
  let k = 0
  for (const f of KIND_FIELDS[kind]) {
    if ((mapping[f.field] ?? -1) < 0) continue
    if ((INCIDENT_READ_FIELDS as readonly string[]).includes(f.field)) out[f.field as IncidentField] = k
    k++
  }
  return out
}

export async function runImport(
  src: ImportSource,
  choices: ImportChoices,
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<ImportOutcome> {
  const { kind } = choices
  const failed = (message: string): ImportOutcome => {
    const report = emptyReport(kind, src.name)
    report.errors.push(message)
    return { payload: null, report, count: 0 }
  }
  const format = checkFormat(kind, await src.head(4096), src.name)
  if (!(format in FORMAT_SET)) return failed(format)
  const fmt = format as FileFormat

  if (kind === 'incidents' && fmt === 'csv') return streamIncidents(src, choices, onProgress, signal)
  if (kind === 'tracks' && fmt === 'csv') return readTracks(src, choices, onProgress)

  let loaded: Loaded
  try {
    loaded = await load(src, kind, fmt, choices.encoding, false)
  } catch (e) {
    return failed(errorMessage(e))
  }
  if (signal?.aborted) throw new ImportCancelled()
  const offered = offeredKinds(fmt, loaded.fc)
  if (!offered.includes(kind)) return failed(`${src.name}: its geometry fits ${offered.join(', ')}, not ${kind}`)
  const geometry = loaded.fc !== null
  const missing = missingRequired(kind, choices.mapping, { geometry })
  if (missing.length > 0) return failed(`${src.name}: no column for ${missing.join(', ')}`)
  const geomClass = KIND_GEOMETRY[kind]

  if (geomClass === 'polygon' || geomClass === 'line' || (geomClass === 'point' && geometry && kind !== 'incidents' && kind !== 'cameras')) {
    const fc = loaded.fc!
    const header = geometry && geomClass !== 'point' ? propertyTable(fc, 0).header : loaded.table!.header
    const properties: Record<string, string> = {}
    for (const [field, k] of Object.entries(choices.mapping)) {
      // a point's lon/lat are its geometry, not properties
      if (k >= 0 && header[k] !== undefined && field !== 'lon' && field !== 'lat') properties[field] = header[k]
    }
    const { fc: out, report } = validateFeatures(kind, fc, { crs: choices.crs, fileName: src.name, properties })
    finish(report, kind, src, choices, loaded.warnings)
    onProgress?.({ bytesRead: src.size, totalBytes: src.size, rows: report.rowsRead })
    return out.features.length > 0 ? { payload: { type: 'features', fc: out }, report, count: out.features.length } : { payload: null, report, count: 0 }
  }

  const table = loaded.table!
  if (table.rows.length === 0) return failed(`${src.name}: empty file: no data rows`)
  const csv = remapToCsv(kind, table.header, table.rows, choices.mapping)
  let outcome: ImportOutcome
  if (kind === 'incidents') {
    const reader = new IncidentCsvReader({ ...incidentsOptions(choices), fileName: src.name, encoding: 'utf8', columns: remappedColumns(kind, choices.mapping) })
    reader.push(new TextEncoder().encode(csv))
    const { columns, report } = reader.finish()
    outcome = { payload: columns.count > 0 ? { type: 'incidents', columns } : null, report, count: columns.count }
  } else if (kind === 'cameras') {
    const { cameras, report } = readCamerasCsv(csv, src.name, { crs: choices.crs })
    outcome = { payload: cameras.count > 0 ? { type: 'cameras', columns: cameras } : null, report, count: cameras.count }
  } else if (kind === 'population') {
    const { byId, report } = readPopulationCsv(csv, src.name)
    outcome = { payload: byId.size > 0 ? { type: 'population', rows: [...byId] } : null, report, count: byId.size }
  } else if (kind === 'tracks') {
    // a spreadsheet (a CSV goes straight to the reader: readTracks)
    const district = choices.district ? areasFromGeoJson(choices.district, { idOptional: true }).areas : null
    const { tracks, report } = readTracksCsv(new TextEncoder().encode(csv), { fileName: src.name, crs: choices.crs, district })
    // each fix keeps its own line in the file, as the report names it (reline below)
    for (let i = 0; i < tracks.count; i++) tracks.line[i] = table.lines[tracks.line[i] - 2] ?? tracks.line[i]
    outcome = { payload: tracks.count > 0 ? { type: 'tracks', tracks } : null, report, count: tracks.count }
  } else {
    // stations, checkpoints from a table: points built from the mapped columns, then validated as features
    const fc = tablePoints(kind, table, choices.mapping)
    const { fc: out, report } = validateFeatures(kind, fc, { crs: choices.crs, fileName: src.name })
    // feature n is table row n - 1
    reline(report, table.lines, 1)
    finish(report, kind, src, choices, loaded.warnings)
    onProgress?.({ bytesRead: src.size, totalBytes: src.size, rows: report.rowsRead })
    return out.features.length > 0 ? { payload: { type: 'features', fc: out }, report, count: out.features.length } : { payload: null, report, count: 0 }
  }
  // rows of the canonical CSV start on line 2
  reline(outcome.report, table.lines, 2)
  finish(outcome.report, kind, src, choices, loaded.warnings)
  if (table.encoding) outcome.report.encoding = { name: table.encoding, detected: choices.encoding === 'auto' }
  onProgress?.({ bytesRead: src.size, totalBytes: src.size, rows: outcome.report.rowsRead })
  return outcome
}

/** Point features from mapped table columns; a cell that is not a number leaves the geometry null. */
function tablePoints(kind: DatasetKind, table: Table, mapping: FieldMapping): FeatureCollection<Geometry | null> {
  const fields = KIND_FIELDS[kind].filter((f) => f.field !== 'lon' && f.field !== 'lat' && (mapping[f.field] ?? -1) >= 0)
  const features: Feature<Geometry | null>[] = table.rows.map((r) => {
    const x = (r[mapping.lon] ?? '').trim(), y = (r[mapping.lat] ?? '').trim()
    const lon = Number(x), lat = Number(y)
    const properties: Record<string, string> = {}
    for (const f of fields) properties[f.field] = r[mapping[f.field]] ?? ''
    const ok = x !== '' && y !== '' && Number.isFinite(lon) && Number.isFinite(lat)
    return { type: 'Feature', properties, geometry: ok ? { type: 'Point', coordinates: [lon, lat] } : null }
  })
  return { type: 'FeatureCollection', features }
}

/**
 * A tracks CSV read whole by the tracks reader with the dialog's columns: no text table in
 * between (a day of 100 units is 1.7M fixes), and each fix keeps the file's own line.
 */
async function readTracks(src: ImportSource, choices: ImportChoices, onProgress?: (p: ImportProgress) => void): Promise<ImportOutcome> {
  const columns: Partial<Record<TrackField, number>> = {}
  for (const f of KIND_FIELDS.tracks) if ((choices.mapping[f.field] ?? -1) >= 0) columns[f.field as TrackField] = choices.mapping[f.field]
  const district = choices.district ? areasFromGeoJson(choices.district, { idOptional: true }).areas : null
  const { tracks, report } = readTracksCsv(await src.bytes(), { fileName: src.name, crs: choices.crs, district, encoding: choices.encoding, columns })
  finish(report, 'tracks', src, choices, [])
  onProgress?.({ bytesRead: src.size, totalBytes: src.size, rows: report.rowsRead })
  return { payload: tracks.count > 0 ? { type: 'tracks', tracks } : null, report, count: tracks.count }
}

async function streamIncidents(
  src: ImportSource,
  choices: ImportChoices,
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<ImportOutcome> {
  const columns: Partial<Record<IncidentField, number>> = {}
  for (const f of INCIDENT_READ_FIELDS) if ((choices.mapping[f] ?? -1) >= 0) columns[f] = choices.mapping[f]
  const reader = new IncidentCsvReader({
    ...incidentsOptions(choices),
    fileName: src.name,
    encoding: choices.encoding,
    columns,
    expectedBytes: src.size,
    addresses: true,
  })
  let bytesRead = 0
  let last = 0
  for await (const chunk of src.chunks()) {
    if (signal?.aborted) throw new ImportCancelled()
    reader.push(chunk)
    bytesRead += chunk.length
    const now = Date.now()
    if (onProgress && now - last >= 100) {
      last = now
      onProgress({ bytesRead, totalBytes: src.size, rows: reader.rowsRead })
    }
  }
  const { columns: cols, report } = reader.finish()
  onProgress?.({ bytesRead, totalBytes: src.size, rows: report.rowsRead })
  report.kind = 'incidents'
  return { payload: cols.count > 0 ? { type: 'incidents', columns: cols } : null, report, count: cols.count }
}
