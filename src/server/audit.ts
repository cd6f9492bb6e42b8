/**
 * The audit trail (migrations/003_audit.sql): the events the server records itself (logins,
 * loads, exports), and the admin's filtered read. Row changes of accounts, grants and
 * districts are recorded by the database's trigger, whoever makes them.
 */
import type pg from 'pg'
import type { AuditEntry } from '../io/audit-csv'

/** Event codes the server writes; the trigger adds user.*, grant.*, district.* (and whatever tables get it later). */
export const SERVER_ACTIONS = ['login', 'login.failed', 'logout', 'import', 'import.refused', 'export', 'alerts', 'briefing.made', 'briefing.failed', 'briefing.request', 'briefing.download'] as const

export interface AuditEvent {
  userId?: number | null
  userName: string
  address: string
  action: string
  districtId?: number | null
  detail?: Record<string, unknown>
}

type Q = pg.ClientBase | pg.Pool

/** Adds one row. On a request's asUser transaction it is stored, or not, with the request's writes. */
export async function recordAudit(q: Q, e: AuditEvent): Promise<void> {
  await q.query('insert into audit_log (user_id, user_name, address, action, district_id, detail) values ($1, $2, $3, $4, $5, $6)',
    [e.userId ?? null, e.userName, e.address, e.action, e.districtId ?? null, JSON.stringify(e.detail ?? {})])
}

export interface AuditFilter {
  /** epoch ms, inclusive */
  from?: number
  /** epoch ms, exclusive */
  to?: number
  /** exact user name */
  user?: string
  /** an action code, or its family: 'user' matches user.create, user.password, … */
  action?: string
  /** only rows with id ≤ this: pages of one export stay the same while new rows arrive */
  until?: number
  limit: number
  offset: number
}

/** a row as GET /api/audit answers it (`at` ISO 8601, UTC): the type the app and the CLI read */
export type AuditRow = AuditEntry

/**
 * Rows newest first, how many match in all, and the highest id among them (a reader paging
 * through passes it back as `until`). Reads only as an admin (the table's policy).
 */
export async function readAudit(q: Q, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number; lastId: number | null }> {
  const where: string[] = []
  const args: unknown[] = []
  const add = (sql: string, v: unknown) => { args.push(v); where.push(sql.replaceAll('$?', `$${args.length}`)) }
  if (f.from !== undefined) add('at >= to_timestamp($? / 1000.0)', f.from)
  if (f.to !== undefined) add('at < to_timestamp($? / 1000.0)', f.to)
  if (f.user !== undefined) add('user_name = $?', f.user)
  if (f.action !== undefined) add("(action = $? or starts_with(action, $? || '.'))", f.action)
  if (f.until !== undefined) add('id <= $?', f.until)
  const cond = where.length ? `where ${where.join(' and ')}` : ''
  const { n: total, last: lastId } = (await q.query<{ n: number; last: number | null }>(`select count(*)::int as n, max(id) as last from audit_log ${cond}`, args)).rows[0]
  const { rows } = await q.query<{ id: number; at: Date; user_name: string; address: string; action: string; district_id: number | null; detail: Record<string, unknown> }>(
    `select id, at, user_name, address, action, district_id, detail from audit_log ${cond} order by at desc, id desc limit $${args.length + 1} offset $${args.length + 2}`,
    [...args, f.limit, f.offset])
  return {
    total, lastId,
    rows: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), user: r.user_name, address: r.address, action: r.action, districtId: r.district_id, detail: r.detail })),
  }
}
