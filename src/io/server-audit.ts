/**
 * The server's audit trail, seen from the app: the admin's filtered page of rows, and the
 * app reporting an export it made (the server records who and from where itself).
 */
import type { AuditEntry } from './audit-csv'
import { apiUrl, ServerError } from './server-api'

export interface AuditQuery {
  /** epoch ms, inclusive */
  from?: number
  /** epoch ms, exclusive */
  to?: number
  user?: string
  action?: string
  limit: number
  offset: number
}

export interface AuditPage { rows: AuditEntry[]; total: number }

/** What the export panel made: its format, and the title and file name it gave it. */
export interface ExportReport { kind: 'png' | 'pdf'; title?: string; file?: string; district?: number }

async function refusal(res: Response): Promise<ServerError> {
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null
  return new ServerError(res.status, typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`, body)
}

export async function serverAudit(base: string, q: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
  const params = new URLSearchParams({ limit: String(q.limit), offset: String(q.offset) })
  if (q.from !== undefined) params.set('from', String(q.from))
  if (q.to !== undefined) params.set('to', String(q.to))
  if (q.user) params.set('user', q.user)
  if (q.action) params.set('action', q.action)
  const res = await fetch(apiUrl(base, `audit?${params}`), { headers: { accept: 'application/json' }, cache: 'no-store', signal })
  if (!res.ok) throw await refusal(res)
  return (await res.json()) as AuditPage
}

export async function serverReportExport(base: string, what: ExportReport): Promise<void> {
  const res = await fetch(apiUrl(base, 'audit/export'), {
    method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(what),
  })
  if (!res.ok) throw await refusal(res)
}
