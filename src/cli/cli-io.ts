/**
 * Reading inputs and writing outputs for the command line. Every failure becomes a CliError
 * whose message names the file (and the row or feature where there is one), so a batch job's
 * log says what to fix.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { areasFromGeoJson, type AreaSet } from '../core/areas'
import { CATEGORIES, type Category, type IncidentColumns } from '../core/incidents'
import { parseLocalDate, type Period } from '../core/periods'
import { convertColumnsToWgs84, convertFeatureCollection, isCrs, type Crs } from '../io/coords'
import { csvCell, reportToCsv, type ImportReport } from '../io/import-report'
import { readCamerasCsv } from '../io/cameras-csv'
import type { CameraColumns } from '../core/cameras'
import { applyPopulation, readPopulationCsv } from '../io/population-csv'
import type { FlagValues, Log } from './command'
import { readIncidentsFileParallel } from './incidents-parallel'
import { timingsNote } from './timings'

export type { Log } from './command'

/** exit 1: the input cannot be used; exit 2: the command line itself is wrong */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message)
  }
}

export const consoleLog: Log = {
  warn: (line) => process.stderr.write(`${line}\n`),
  info: (line) => process.stderr.write(`${line}\n`),
}

const SHOWN_REJECTS = 20

export function parseCrs(value: string | undefined): Crs {
  const v = (value ?? 'wgs84').toLowerCase()
  if (!isCrs(v)) throw new CliError(`--crs must be wgs84, gcj02 or bd09 (got "${value}")`, 2)
  return v
}

export function parseNumberFlag(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new CliError(`--${name} is required`, 2)
    return fallback
  }
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${name} must be a positive number (got "${value}")`, 2)
  return n
}

export function requireFlag(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new CliError(`--${name} is required`, 2)
  return value
}

/** `--from`/`--to` as local dates (Asia/Shanghai); null when neither is given. */
export function parsePeriod(from: string | undefined, to: string | undefined): Period | null {
  if (from === undefined && to === undefined) return null
  const f = parseLocalDate(requireFlag('from', from))
  const t = parseLocalDate(requireFlag('to', to))
  if (Number.isNaN(f)) throw new CliError(`--from is not a date YYYY-MM-DD (got "${from}")`, 2)
  if (Number.isNaN(t)) throw new CliError(`--to is not a date YYYY-MM-DD (got "${to}")`, 2)
  if (!(t > f)) throw new CliError(`--to (${to}) must be after --from (${from}); the period is [from, to)`, 2)
  return { from: f, to: t }
}

/** `--category-map "HOMICIDE=criminal,盗窃=criminal"` */
export function parseCategoryMap(value: string | undefined): Record<string, Category> {
  const out: Record<string, Category> = {}
  if (!value) return out
  for (const pair of value.split(',')) {
    const [label, cat] = pair.split('=').map((s) => s.trim())
    if (!label || !(CATEGORIES as readonly string[]).includes(cat)) {
      throw new CliError(`--category-map: "${pair}" is not LABEL=${CATEGORIES.join('|')}`, 2)
    }
    out[label] = cat as Category
  }
  return out
}

/** `--category criminal,public_order` → a keep mask over the rows, or undefined for all. */
export function categoryKeep(value: string | undefined, c: IncidentColumns): Uint8Array | undefined {
  if (!value) return undefined
  const codes = value.split(',').map((s) => s.trim()).map((name) => {
    const k = (CATEGORIES as readonly string[]).indexOf(name)
    if (k < 0) throw new CliError(`--category: unknown category "${name}" (one of ${CATEGORIES.join(', ')})`, 2)
    return k
  })
  const keep = new Uint8Array(c.count)
  for (let i = 0; i < c.count; i++) keep[i] = codes.includes(c.category[i]) ? 1 : 0
  return keep
}

export function periodKeep(c: IncidentColumns, p: Period | null, keep?: Uint8Array): Uint8Array | undefined {
  if (!p) return keep
  const out = new Uint8Array(c.count)
  for (let i = 0; i < c.count; i++) out[i] = (!keep || keep[i]) && c.time[i] >= p.from && c.time[i] < p.to ? 1 : 0
  return out
}

export function readBytesOrFail(path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (err) {
    throw new CliError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
}

export interface IncidentReadOptions {
  crs: Crs
  categoryLabels?: Record<string, Category>
  /** write the full import report here (CSV) */
  reportPath?: string
  strict?: boolean
  /** keep the address column (default false: most commands never read it, ~25 bytes a row) */
  addresses?: boolean
}

/**
 * Streams the CSV in 1 MiB chunks into columns (the file is never held whole), on two threads
 * for a big file (incidents-parallel.ts). Rejected rows are listed as `file:line: reason`;
 * with `strict` any rejected row fails the command.
 */
export function readIncidentsFile(path: string, opts: IncidentReadOptions, log: Log = consoleLog): IncidentColumns {
  if (/\.(geo)?json$/i.test(path)) {
    throw new CliError(`${path}: incidents are read from CSV here (id,time,category,subtype,lon,lat[,address])`)
  }
  let read
  try {
    read = readIncidentsFileParallel(path, {
      crs: opts.crs, fileName: basename(path), categoryLabels: opts.categoryLabels, addresses: opts.addresses ?? false,
    })
  } catch (err) {
    throw new CliError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  const { columns, report } = read
  timingsNote(`${basename(path)}: ${read.mode === 'parallel' ? 'read on 2 threads' : `read on 1 thread (${read.mode})`}`)
  reportRejects(path, report, log)
  if (opts.reportPath) writeText(opts.reportPath, reportToCsv(report))
  if (report.errors.length > 0 && columns.count === 0) throw new CliError(`${path}: ${report.errors.join('; ')}`)
  if (columns.count === 0) throw new CliError(`${path}: no incident rows could be read`)
  if (opts.strict && report.rejectedCount > 0) {
    throw new CliError(`${path}: ${report.rejectedCount} rows rejected (--strict); first: line ${report.rejected[0]?.line}, ${report.rejected[0]?.reason}`)
  }
  return columns
}

export function reportRejects(path: string, report: ImportReport, log: Log): void {
  for (const e of report.errors) log.warn(`${path}: ${e}`)
  for (const w of report.warnings) log.warn(`${path}: ${w}`)
  for (const r of report.rejected.slice(0, SHOWN_REJECTS)) {
    log.warn(`${path}:${r.line}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}`)
  }
  if (report.rejectedCount > SHOWN_REJECTS) {
    log.warn(`${path}: … ${report.rejectedCount - SHOWN_REJECTS} more rejected rows (--report FILE lists them all)`)
  }
  const what = report.kind === 'incidents-csv' ? 'incidents' : report.kind === 'cameras' ? 'cameras' : report.kind === 'tracks' ? 'fixes' : 'rows'
  log.info(`${path}: ${report.rowsKept} ${what} read, ${report.rejectedCount} rows rejected`)
}

export interface AreaReadOptions {
  crs: Crs
  idField?: string
  idOptional?: boolean
  nameField?: string
  populationField?: string
  strict?: boolean
}

export function readAreasFile(path: string, opts: AreaReadOptions, log: Log = consoleLog): AreaSet {
  const text = readBytesOrFail(path).toString('utf8').replace(/^\uFEFF/, '')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new CliError(`${path}: not valid JSON (${(err as Error).message})`)
  }
  if (opts.crs !== 'wgs84' && json && typeof json === 'object') {
    const fc = Array.isArray(json) ? { type: 'FeatureCollection', features: json } : json
    try {
      json = convertFeatureCollection(fc as Parameters<typeof convertFeatureCollection>[0], opts.crs)
    } catch (err) {
      throw new CliError(`${path}: cannot convert from ${opts.crs} (${(err as Error).message})`)
    }
  }
  const { areas, issues } = areasFromGeoJson(json, {
    idField: opts.idField, nameField: opts.nameField, populationField: opts.populationField, idOptional: opts.idOptional,
  })
  for (const i of issues.slice(0, SHOWN_REJECTS)) {
    log.warn(`${path}: ${i.feature >= 0 ? `feature ${i.feature}: ` : ''}${i.reason}${i.detail ? ` (${i.detail})` : ''}`)
  }
  if (issues.length > SHOWN_REJECTS) log.warn(`${path}: … ${issues.length - SHOWN_REJECTS} more issues`)
  if (areas.count === 0) {
    throw new CliError(`${path}: no usable areas${issues[0] ? ` (${issues[0].detail || issues[0].reason})` : ''}`)
  }
  if (opts.strict && issues.length > 0) throw new CliError(`${path}: ${issues.length} features rejected (--strict)`)
  log.info(`${path}: ${areas.count} areas read${issues.length ? `, ${issues.length} issues` : ''}`)
  return areas
}

/** A CSV file from a header and rows; numbers as given, strings quoted when needed. */
export function writeCsv(path: string, header: string[], rows: Iterable<(string | number | null)[]>): void {
  const lines = [header.join(',')]
  for (const r of rows) lines.push(r.map((v) => (v === null ? '' : csvCell(v, false))).join(','))
  writeText(path, lines.join('\n') + '\n')
}

function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text)
  } catch (err) {
    throw new CliError(`${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
}

/** `digits` significant digits (tiny p-values stay readable as 1.2e-43); non-finite → null. */
export function significant(v: number, digits: number): number | null {
  return Number.isFinite(v) ? Number(v.toPrecision(digits)) : null
}

/** Round to `digits` decimals for output; non-finite → null (an empty cell). */
export function round(v: number | null, digits: number): number | null {
  if (v === null || !Number.isFinite(v)) return null
  const k = 10 ** digits
  return Math.round(v * k) / k
}

/** Population CSV (area_id,population) joined onto the areas by id, in place. */
export function applyPopulationFile(path: string, areas: AreaSet, strict: boolean, log: Log = consoleLog): void {
  const { byId, report } = readPopulationCsv(readBytesOrFail(path).toString('utf8'), basename(path))
  reportRejects(path, report, log)
  if (byId.size === 0) throw new CliError(`${path}: ${report.errors[0] ?? 'no population rows could be read'}`)
  if (strict && report.rejectedCount > 0) throw new CliError(`${path}: ${report.rejectedCount} rows rejected (--strict)`)
  const missing = applyPopulation(areas, byId)
  if (missing.length > 0) {
    log.warn(`${path}: no population for ${missing.length} areas (${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}): they are not ranked`)
  }
}

/** The incident file named by --incidents, read with the shared flags (--crs, --category-map, --report, --strict). */
export function incidentsFromFlags(v: FlagValues, log: Log = consoleLog, opts: { addresses?: boolean } = {}): IncidentColumns {
  return readIncidentsFile(requireFlag('incidents', v.incidents as string | undefined), {
    ...opts,
    crs: parseCrs(v.crs as string | undefined),
    strict: v.strict === true,
    categoryLabels: parseCategoryMap(v['category-map'] as string | undefined),
    reportPath: v.report as string | undefined,
  }, log)
}

/** The area file named by --areas (required or not), read with --crs, --strict and the --*-field flags. */
export function areasFromFlags(v: FlagValues, log: Log = consoleLog): AreaSet {
  return readAreasFile(requireFlag('areas', v.areas as string | undefined), {
    crs: parseCrs(v.crs as string | undefined),
    strict: v.strict === true,
    idField: v['id-field'] as string | undefined,
    nameField: v['name-field'] as string | undefined,
    populationField: v['population-field'] as string | undefined,
  }, log)
}

/** The camera CSV named by --cameras; rejected rows and defaults are listed like incidents'. */
export function camerasFromFlags(v: FlagValues, log: Log = consoleLog): CameraColumns {
  const path = requireFlag('cameras', v.cameras as string | undefined)
  const { cameras, report } = readCamerasCsv(readBytesOrFail(path).toString('utf8'), basename(path))
  reportRejects(path, report, log)
  if (cameras.count === 0) throw new CliError(`${path}: ${report.errors[0] ?? 'no camera rows could be read'}`)
  if (v.strict === true && report.rejectedCount > 0) throw new CliError(`${path}: ${report.rejectedCount} rows rejected (--strict)`)
  const crs = parseCrs(v.crs as string | undefined)
  if (crs !== 'wgs84') convertColumnsToWgs84(cameras.lon, cameras.lat, cameras.count, crs)
  return cameras
}

/** Building footprints named by --buildings (ids optional), or null without the flag. */
export function buildingsFromFlags(v: FlagValues, log: Log = consoleLog): AreaSet | null {
  if (!v.buildings) return null
  return readAreasFile(v.buildings as string, { crs: parseCrs(v.crs as string | undefined), idOptional: true }, log)
}
