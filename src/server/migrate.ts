/**
 * Schema changes as numbered SQL files (migrations/NNN_name.sql), applied in order at start,
 * each in its own transaction together with its row in schema_migrations: a migration that
 * fails leaves neither its changes nor its record. An advisory lock keeps two servers starting
 * on one database from applying the same file twice.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'
import { REPO_ROOT } from '../cli/repo-root'

export const MIGRATIONS_DIR = join(REPO_ROOT, 'src/server/migrations')
const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/
// any constant both servers agree on: the lock is per database
const LOCK_KEY = 0x70696e67

export interface Migration { version: number; name: string; sql: string }

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = []
  for (const f of readdirSync(dir).sort()) {
    const m = FILE.exec(f)
    if (!m) continue
    out.push({ version: Number(m[1]), name: m[2], sql: readFileSync(join(dir, f), 'utf8') })
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations: expected version ${i + 1}, found ${m.version}_${m.name} (numbers must run 001, 002, … without gaps)`)
  })
  return out
}

/** Applies the migrations the database has not seen; returns the versions applied now. */
export async function migrate(client: pg.ClientBase, migrations = readMigrations()): Promise<number[]> {
  await client.query('select pg_advisory_lock($1)', [LOCK_KEY])
  try {
    await client.query(`create table if not exists schema_migrations (
      version int primary key, name text not null, applied_at timestamptz not null default now())`)
    const done = new Set((await client.query<{ version: number }>('select version from schema_migrations')).rows.map((r) => r.version))
    const applied: number[] = []
    for (const m of migrations) {
      if (done.has(m.version)) continue
      await client.query('begin')
      try {
        await client.query(m.sql)
        await client.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name])
        await client.query('commit')
      } catch (err) {
        await client.query('rollback')
        throw new Error(`migration ${String(m.version).padStart(3, '0')}_${m.name} failed: ${(err as Error).message}`)
      }
      applied.push(m.version)
    }
    return applied
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY])
  }
}
