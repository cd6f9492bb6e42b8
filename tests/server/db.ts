/**
 * A fresh database with the schema for one test file, in the run's throw-away cluster
 * (global-setup.ts): files share the cluster but never rows.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { migrate } from '../../src/server/migrate'
import { openPool, type Db } from '../../src/server/db'

export interface TestDb { url: string; db: Db; close(): Promise<void> }

export async function freshDatabase(prefix = 't'): Promise<TestDb> {
  const base = inject('pgClusterUrl')
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = base.replace(/\/postgres$/, `/${name}`)
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query('create extension postgis')
  await migrate(c)
  await c.end()
  const db = openPool(url)
  return { url, db, close: () => db.end() }
}
