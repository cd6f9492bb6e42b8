/**
 * The audit trail as CSV for a spreadsheet: time, user, address, action, detail. RFC 4180
 * (quoted where needed, CRLF line ends); text a spreadsheet would run as a formula (leading
 * = + - @ tab CR) starts with an apostrophe (import-report's csvCell), so a hostile user name
 * or file name stays text. Times are Asia/Shanghai with their offset; the detail is its JSON.
 */
import { SHANGHAI_OFFSET_MS } from '../core/periods'
import { pad2 } from '../core/text-format'
import { csvCell } from './import-report'

export const AUDIT_CSV_HEADER = ['time', 'user', 'address', 'action', 'detail'] as const

/** What GET /api/audit answers per row. */
export interface AuditEntry {
  id: number
  at: string
  user: string
  address: string
  action: string
  districtId: number | null
  detail: Record<string, unknown>
}

/** '2024-05-01T18:00:00.000+08:00' for an instant: the local time a reader expects, unambiguous. */
export function shanghaiIso(t: number): string {
  const d = new Date(t + SHANGHAI_OFFSET_MS)
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0')
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${ms}+08:00`
}

/** The detail with the district, when there is one, as its first key. */
export function entryDetail(e: AuditEntry): Record<string, unknown> {
  return e.districtId === null ? e.detail : { district: e.districtId, ...e.detail }
}

export function auditCsvLine(e: AuditEntry): string {
  return [shanghaiIso(Date.parse(e.at)), e.user, e.address, e.action, JSON.stringify(entryDetail(e))].map((v) => csvCell(v)).join(',')
}

export function auditToCsv(entries: Iterable<AuditEntry>): string {
  const lines = [AUDIT_CSV_HEADER.join(',')]
  for (const e of entries) lines.push(auditCsvLine(e))
  return lines.join('\r\n') + '\r\n'
}
