/**
 * The briefings table (migrations/006_briefings.sql) as the server's maker uses it, on the
 * owner connection: the system account its page signs in as, claiming a briefing before it is
 * made (the unique key decides who makes it, across servers), and the outcome. The routes read
 * the same table under row-level security (briefing-routes.ts).
 */
import type pg from 'pg'
import type { BriefingFormat } from './briefing-schedule'

type Q = pg.ClientBase | pg.Pool

/** The account the briefings' headless page signs in as; no password ever lets anyone in as it. */
export const BRIEFING_USER = 'pingan-briefing'

/**
 * The system account, made on first use, granted every district there is now (a district
 * added later is granted at its next briefing). A person's account that happens to carry the
 * name is never taken over.
 */
export async function ensureBriefingUser(q: Q): Promise<number> {
  // '!' is no scrypt hash: verifyPassword refuses it, and login skips system accounts anyway
  await q.query("insert into users (name, role, password_hash, system) values ($1, 'viewer', '!', true) on conflict (name) do nothing", [BRIEFING_USER])
  const { rows: [u] } = await q.query<{ id: number; system: boolean; role: string }>('select id, system, role from users where name = $1', [BRIEFING_USER])
  if (!u.system) throw new Error(`a user named ${BRIEFING_USER} exists and is not the server's own account: rename it to let the server make briefings`)
  if (u.role !== 'viewer') await q.query("update users set role = 'viewer' where id = $1", [u.id])
  await q.query('insert into district_grants (user_id, district_id) select $1, id from districts on conflict do nothing', [u.id])
  return u.id
}

export interface ClaimOptions {
  /** make it again even when done (an operator's "make now") */
  force: boolean
  /** a failed briefing is tried again while it has been tried fewer times than this */
  maxAttempts: number
  /** a briefing 'making' for longer than this was left by a server that stopped: taken over */
  staleMs: number
}

/**
 * Takes the briefing of (district, day, format) to make, or null when it is not this caller's
 * to make: done already (unless forced), being made by another, or failed too often. One
 * statement, so two callers at once never both get it: the second waits on the first's row and
 * then sees it claimed.
 */
export async function claimBriefing(q: Q, districtId: number, day: string, format: BriefingFormat, o: ClaimOptions): Promise<{ id: number; attempt: number } | null> {
  const { rows } = await q.query<{ id: number; attempts: number }>(`
    insert into briefings (district_id, day, format, status) values ($1, $2::date, $3, 'making')
    on conflict (district_id, day, format) do update
      set status = 'making', attempts = case when $4 and briefings.status <> 'making' then 1 else briefings.attempts + 1 end,
          claimed_at = now(), error = null, bytes = null, size = null, made_at = null
      where (briefings.status = 'making' and briefings.claimed_at < now() - make_interval(secs => $6::float8 / 1000))
         or (briefings.status = 'failed' and (briefings.attempts < $5 or $4))
         or (briefings.status = 'done' and $4)
    returning id, attempts`, [districtId, day, format, o.force, o.maxAttempts, o.staleMs])
  return rows[0] ? { id: rows[0].id, attempt: rows[0].attempts } : null
}

export async function finishBriefing(q: Q, id: number, r: { bytes: Uint8Array; title: string; ms: number }): Promise<boolean> {
  const { rowCount } = await q.query(`update briefings set status = 'done', bytes = $2, size = $3, title = $4, ms = $5, made_at = now(), error = null
    where id = $1 and status = 'making'`, [id, Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength), r.bytes.byteLength, r.title, Math.round(r.ms)])
  return rowCount === 1
}

export async function failBriefing(q: Q, id: number, error: string): Promise<void> {
  await q.query("update briefings set status = 'failed', error = $2 where id = $1 and status = 'making'", [id, error.slice(0, 2000)])
}

/**
 * Briefings of days before `today` still 'making' past the stale time: their server stopped
 * while making them and the day is gone, so nobody will. Marked failed so the list says so.
 */
export async function abandonStale(q: Q, today: string, staleMs: number): Promise<number> {
  const { rowCount } = await q.query(`update briefings set status = 'failed', error = 'the server stopped while making it'
    where status = 'making' and day < $1::date and claimed_at < now() - make_interval(secs => $2::float8 / 1000)`, [today, staleMs])
  return rowCount ?? 0
}

export interface BriefingRow {
  id: number
  day: string
  format: BriefingFormat
  status: 'making' | 'done' | 'failed'
  attempts: number
  size: number | null
  madeAt: string | null
  title: string
  error: string | null
  ms: number | null
}

const ROW = "id, to_char(day, 'YYYY-MM-DD') as day, format, status, attempts, size, made_at, title, error, ms"
type Raw = Omit<BriefingRow, 'madeAt'> & { made_at: Date | null }
const shown = (r: Raw): BriefingRow => ({ id: r.id, day: r.day, format: r.format, status: r.status, attempts: r.attempts, size: r.size, madeAt: r.made_at?.toISOString() ?? null, title: r.title, error: r.error, ms: r.ms })

/** The district's briefings, newest day first (the latest `limit`). */
export async function listBriefings(q: Q, districtId: number, limit = 400): Promise<BriefingRow[]> {
  const { rows } = await q.query<Raw>(`select ${ROW} from briefings where district_id = $1 order by day desc, format limit $2`, [districtId, limit])
  return rows.map(shown)
}

export async function readBriefing(q: Q, districtId: number, id: number): Promise<(BriefingRow & { bytes: Buffer | null }) | null> {
  const { rows } = await q.query<Raw & { bytes: Buffer | null }>(`select ${ROW}, bytes from briefings where district_id = $1 and id = $2`, [districtId, id])
  return rows[0] ? { ...shown(rows[0]), bytes: rows[0].bytes } : null
}
