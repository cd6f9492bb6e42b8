/**
 * Local accounts, roles, sessions and district grants, on the owner connection: the app role
 * the requests run as cannot read these tables at all (migrations/002_row_security.sql).
 */
import { createHash, randomBytes } from 'node:crypto'
import type pg from 'pg'
import { generatePassword, hashPassword, verifyPassword } from './passwords'

/**
 * The reading roles in order of what they may do (each may do everything the ones before it
 * may), then `feed`: the police platform's connector, which may only post incidents, apart
 * from the ladder (it reads nothing; an admin may post too).
 */
export const ROLES = ['viewer', 'analyst', 'planner', 'admin', 'feed'] as const
export type Role = (typeof ROLES)[number]
const LADDER: readonly Role[] = ['viewer', 'analyst', 'planner', 'admin']

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v)
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  if (needed === 'feed') return role === 'feed' || role === 'admin'
  if (role === 'feed') return false
  return LADDER.indexOf(role) >= LADDER.indexOf(needed)
}

export interface User { id: number; name: string; role: Role }

type Q = pg.ClientBase | pg.Pool

export const SESSION_HOURS = 12
const MIN_PASSWORD = 8

export class AccountError extends Error {}

function checkName(name: string): void {
  // names show in logs and lists: printable, no spaces at the ends, not empty
  if (name.trim() !== name || name === '' || name.length > 64 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new AccountError(`user name ${JSON.stringify(name)}: 1–64 printable characters, no spaces at the ends`)
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw new AccountError(`password: at least ${MIN_PASSWORD} characters`)
}

export async function createUser(q: Q, name: string, role: Role, password: string): Promise<User> {
  checkName(name)
  checkPassword(password)
  if (!isRole(role)) throw new AccountError(`role ${JSON.stringify(role)}: one of ${ROLES.join(', ')}`)
  const hash = await hashPassword(password)
  const { rows } = await q.query<User>(
    'insert into users (name, role, password_hash) values ($1, $2, $3) on conflict (name) do nothing returning id, name, role', [name, role, hash])
  if (rows.length === 0) throw new AccountError(`user ${JSON.stringify(name)} already exists`)
  return rows[0]
}

/** New password; the user's sessions end (a changed password locks out whoever had the old one). */
export async function setPassword(q: Q, name: string, password: string): Promise<void> {
  checkPassword(password)
  const hash = await hashPassword(password)
  const { rows } = await q.query<{ id: number }>('update users set password_hash = $2, updated_at = now() where name = $1 returning id', [name, hash])
  if (rows.length === 0) throw new AccountError(`no user ${JSON.stringify(name)}`)
  await q.query('delete from sessions where user_id = $1', [rows[0].id])
}

export async function listUsers(q: Q): Promise<(User & { districts: string[] })[]> {
  const { rows } = await q.query<User & { districts: string[] }>(`
    select u.id, u.name, u.role, coalesce(array_agg(d.code order by d.code) filter (where d.id is not null), '{}') as districts
    from users u left join district_grants g on g.user_id = u.id left join districts d on d.id = g.district_id
    group by u.id order by u.name`)
  return rows
}

export async function grantDistrict(q: Q, userName: string, districtCode: string): Promise<void> {
  const { rowCount } = await q.query(`
    insert into district_grants (user_id, district_id)
    select u.id, d.id from users u, districts d where u.name = $1 and d.code = $2
    on conflict do nothing`, [userName, districtCode])
  if (rowCount === 0) {
    const found = await q.query('select (select count(*) from users where name = $1)::int as u, (select count(*) from districts where code = $2)::int as d', [userName, districtCode])
    if (found.rows[0].u === 0) throw new AccountError(`no user ${JSON.stringify(userName)}`)
    if (found.rows[0].d === 0) throw new AccountError(`no district ${JSON.stringify(districtCode)}`)
  }
}

/**
 * The first start makes `admin`, with `password` when given, else a generated one that is
 * returned (to be printed once: only its hash is stored). Nothing when any user exists.
 */
export async function ensureAdmin(q: Q, password?: string): Promise<{ created: boolean; generated?: string }> {
  // the server's own accounts (migrations/006_briefings.sql) are nobody's first login
  const { rows } = await q.query<{ n: number }>('select count(*)::int as n from users where not system')
  if (rows[0].n > 0) return { created: false }
  const generated = password ? undefined : generatePassword()
  await createUser(q, 'admin', 'admin', password ?? generated!)
  return { created: true, generated }
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest()
// compared against when the name is unknown, so a wrong name costs the same time as a wrong password
let dummyHash: Promise<string> | null = null

/** A new session for a right name and password; null otherwise. */
export async function login(q: Q, name: string, password: string): Promise<{ token: string; user: User } | null> {
  // a system account (the briefings' page) is never signed in with a password, whatever its hash
  const { rows } = await q.query<User & { password_hash: string }>('select id, name, role, password_hash from users where name = $1 and not system', [name])
  if (rows.length === 0) {
    await verifyPassword(password, await (dummyHash ??= hashPassword(generatePassword())))
    return null
  }
  if (!(await verifyPassword(password, rows[0].password_hash))) return null
  const token = await openSession(q, rows[0].id, SESSION_HOURS * 60)
  const { id, role } = rows[0]
  return { token, user: { id, name: rows[0].name, role } }
}

/** A new session of `userId` for `minutes`; its token (the cookie's value). */
export async function openSession(q: Q, userId: number, minutes: number): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await q.query(`insert into sessions (token_hash, user_id, expires_at) values ($1, $2, now() + make_interval(mins => $3))`,
    [tokenHash(token), userId, minutes])
  return token
}

export async function sessionUser(q: Q, token: string): Promise<User | null> {
  const { rows } = await q.query<User>(`
    select u.id, u.name, u.role from sessions s join users u on u.id = s.user_id
    where s.token_hash = $1 and s.expires_at > now()`, [tokenHash(token)])
  return rows[0] ?? null
}

export async function logout(q: Q, token: string): Promise<void> {
  await q.query('delete from sessions where token_hash = $1 or expires_at <= now()', [tokenHash(token)])
}
