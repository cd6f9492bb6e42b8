/**
 * `pingan-map user …` against the server's database (DATABASE_URL or the local .data/
 * cluster, joined when the server runs, started and stopped again when it does not).
 */
import { userInfo } from 'node:os'
import { asOwner, openPool, type Db } from './db'
import { runAs } from './request-context'
import { openDatabase } from './local-database'
import { migrate } from './migrate'
import { AccountError, createUser, grantDistrict, isRole, listUsers, ROLES, setPassword } from './accounts'
import { generatePassword } from './passwords'

export type UserAction =
  | { action: 'add'; name: string; role: string; password?: string }
  | { action: 'passwd'; name: string; password?: string }
  | { action: 'grant'; name: string; district: string }
  | { action: 'list' }

/** Lines to print; throws AccountError for what the user got wrong. */
export async function runUserAction(a: UserAction, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (a.action === 'add' && !isRole(a.role)) throw new AccountError(`--role: one of ${ROLES.join(', ')}`)
  const database = await openDatabase({ env })
  const db = openPool(database.url, 2)
  try {
    const c = await db.connect()
    try {
      await c.query('create extension if not exists postgis')
      await migrate(c)
    } finally {
      c.release()
    }
    // the audit trail records these as the operating-system account, from 'cli'
    return await runAs({ userName: osUser(), address: 'cli' }, () => act(a, db))
  } finally {
    await db.end()
    database.stop()
  }
}

function osUser(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? ''
  }
}

async function act(a: UserAction, db: Db): Promise<string[]> {
  switch (a.action) {
    case 'add': {
      const password = a.password ?? generatePassword()
      await asOwner(db, (c) => createUser(c, a.name, a.role as (typeof ROLES)[number], password))
      return [`added ${a.name} (${a.role})${a.password ? '' : `, password ${password} (shown once)`}`]
    }
    case 'passwd': {
      const password = a.password ?? generatePassword()
      await asOwner(db, (c) => setPassword(c, a.name, password))
      return [`new password for ${a.name}${a.password ? '' : `: ${password} (shown once)`}; their sessions ended`]
    }
    case 'grant':
      await asOwner(db, (c) => grantDistrict(c, a.name, a.district))
      return [`${a.name} may now see district ${a.district}`]
    case 'list':
      return ['name,role,districts', ...(await listUsers(db)).map((u) => `${u.name},${u.role},${u.role === 'admin' ? '*' : u.districts.join(' ')}`)]
  }
}
