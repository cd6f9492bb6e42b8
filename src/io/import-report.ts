/**
 * Import reports: what an importer kept, what it rejected and why (src/ARCHITECTURE.md, "Bad input": bad input never
 * crashes the app and never silently disappears). Plain data, so it crosses a worker boundary.
 */

/** Stable reason codes for rejected rows / features. */
export type RejectReason =
  | 'missing_coordinates'
  | 'bad_coordinates'
  | 'coordinates_out_of_range'
  | 'bad_time'
  | 'bad_column_count'
  | 'missing_id'
  | 'duplicate_id'
  | 'unterminated_quote'
  | 'bad_population'
  | 'unknown_category'
  | 'no_geometry'
  | 'wrong_geometry_type'
  | 'invalid_geometry'
  | 'self_intersection'
  | 'bad_value'
  | 'control_character'
  // tracks (io/tracks-csv.ts): a second fix of a unit at one time, a jump faster than any
  // vehicle, a fix far outside the district
  | 'duplicate_fix'
  | 'impossible_jump'
  | 'outside_district'

export const REJECT_REASONS: readonly RejectReason[] = [
  'missing_coordinates', 'bad_coordinates', 'coordinates_out_of_range', 'bad_time',
  'bad_column_count', 'missing_id', 'duplicate_id', 'unterminated_quote', 'bad_population',
  'unknown_category', 'no_geometry', 'wrong_geometry_type', 'invalid_geometry', 'self_intersection', 'bad_value',
  'control_character', 'duplicate_fix', 'impossible_jump', 'outside_district',
]

export interface RejectedRow {
  /** 1-based line number in the file where the row starts (feature number for GeoJSON). */
  line: number
  reason: RejectReason
  /** Data-derived text: display as plain text only. */
  detail?: string
}

export interface ImportReport {
  kind: string
  fileName?: string
  /** data rows seen (header and blank lines not counted) */
  rowsRead: number
  rowsKept: number
  rejectedCount: number
  /** the first MAX_LISTED_REJECTS rejected rows; `rejectedCount` counts all */
  rejected: RejectedRow[]
  rejectedByReason: Record<string, number>
  /** unknown category labels kept as `other`, with their row counts */
  otherCategoryLabels: Record<string, number>
  crs: {
    from: string
    converted: boolean
    /** imports: whether `from` was detected, could not be (read as WGS-84), or chosen by the user */
    detection?: 'detected' | 'undetected' | 'chosen'
  }
  /** text files: the encoding read, and whether it was detected rather than chosen */
  encoding?: { name: string; detected: boolean }
  /** file-level problems (nothing or not everything could be read) */
  errors: string[]
  warnings: string[]
}

export const MAX_LISTED_REJECTS = 10_000

export function emptyReport(kind: string, fileName?: string): ImportReport {
  const r: ImportReport = {
    kind,
    rowsRead: 0,
    rowsKept: 0,
    rejectedCount: 0,
    rejected: [],
    rejectedByReason: {},
    otherCategoryLabels: {},
    crs: { from: 'wgs84', converted: false },
    errors: [],
    warnings: [],
  }
  if (fileName !== undefined) r.fileName = fileName
  return r
}

/** Count a rejected row; list it while fewer than MAX_LISTED_REJECTS are listed. */
export function addRejected(report: ImportReport, line: number, reason: RejectReason, detail?: string): void {
  report.rejectedCount++
  report.rejectedByReason[reason] = (report.rejectedByReason[reason] ?? 0) + 1
  if (report.rejected.length < MAX_LISTED_REJECTS) {
    report.rejected.push(detail === undefined ? { line, reason } : { line, reason, detail })
  }
}

/**
 * One CSV cell. Quoted when needed (RFC 4180). Text that a spreadsheet would read as a formula
 * (leading = + - @ tab CR) is prefixed with an apostrophe so it stays plain text.
 */
export function csvCell(value: string | number, guardFormula = true): string {
  let s = String(value)
  if (guardFormula && typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = "'" + s
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s
}

/**
 * The report as CSV text: `line,reason,detail`, CRLF line ends. File-level errors come first
 * as line 0 (reason `file_error`); with `info`, then what the import read the file as (line 0,
 * `encoding` and `crs`); then every listed rejected row.
 */
export function reportToCsv(report: ImportReport, opts: { info?: boolean } = {}): string {
  const lines = ['line,reason,detail']
  for (const e of report.errors) lines.push(`0,file_error,${csvCell(e)}`)
  if (opts.info) {
    if (report.encoding) lines.push(`0,encoding,${csvCell(`${report.encoding.name}${report.encoding.detected ? ' (detected)' : ''}`)}`)
    const c = report.crs
    const how = c.detection === 'undetected' ? 'not detected, read as wgs84' : c.detection ?? ''
    lines.push(`0,crs,${csvCell(`${c.from}${c.converted ? ' converted to wgs84' : ''}${how ? ` (${how})` : ''}`)}`)
  }
  for (const r of report.rejected) {
    lines.push(`${r.line},${csvCell(r.reason)},${csvCell(r.detail ?? '')}`)
  }
  return lines.join('\r\n') + '\r\n'
}
