/**
 * A fresh database with the schema for one test file, in the run's throw-away cluster
 * (global-setup.ts): files share the cluster but never rows.
 *
 * Each is a copy (CREATE DATABASE … TEMPLATE, about a second) of a template made once per run
 * by the same steps a file used to take itself: PostGIS and the migrations, and for
 * `{ demo: true }` the demo district seeded by seedDemoIfEmpty (schema-demo.test.ts seeds its
 * own database, to test that seeding). Seeding took 5–40 s a file, six files over.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { migrate } from '../../src/server/migrate'
import { asOwner, openPool, type Db } from '../../src/server/db'
import { seedDemoIfEmpty } from '../../src/server/demo-seed'

export interface TestDb { url: string; db: Db; close(): Promise<void> }

const SCHEMA = 'template_schema'
const DEMO = 'template_demo'

const urlOf = (name: string) => inject('pgClusterUrl').replace(/\/postgres$/, `/${name}`)

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: inject('pgClusterUrl') })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}

/** Makes the template `name` unless it exists; a lock, should files ever run side by side. */
async function ensureTemplate(name: string, make: () => Promise<void>): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query('select pg_advisory_lock(hashtext($1))', [name])
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name])
      if (rowCount) return
      try {
        await make()
      } catch (e) {
        await admin.query(`drop database if exists ${name}`)
        throw e
      }
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [name])
    }
  })
}

async function schemaTemplate(): Promise<void> {
  await ensureTemplate(SCHEMA, async () => {
    await withAdmin((admin) => admin.query(`create database ${SCHEMA}`))
    const c = new pg.Client({ connectionString: urlOf(SCHEMA) })
    await c.connect()
    try {
      await c.query('create extension postgis')
      await migrate(c)
    } finally {
      await c.end()
    }
  })
}

async function demoTemplate(): Promise<void> {
  await schemaTemplate()
  await ensureTemplate(DEMO, async () => {
    await withAdmin((admin) => admin.query(`create database ${DEMO} template ${SCHEMA}`))
    const db = openPool(urlOf(DEMO))
    try {
      await asOwner(db, (c) => seedDemoIfEmpty(c))
    } finally {
      await db.end()
    }
  })
}

export async function freshDatabase(prefix = 't', opts: { demo?: boolean } = {}): Promise<TestDb> {
  await (opts.demo ? demoTemplate() : schemaTemplate())
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await withAdmin((admin) => admin.query(`create database ${name} template ${opts.demo ? DEMO : SCHEMA}`))
  const url = urlOf(name)
  const db = openPool(url)
  return { url, db, close: () => db.end() }
}
