/**
 * Incidents partitioned by local month (migration 010): the loaders and the alert route make
 * the months they bring, a row of a month without a partition waits in the default one and
 * moves when its month is made, and (district, source id) stays unique without a unique index:
 * a repeated id is refused as the index refused it, a load giving an id a new time moves its
 * row, never stores it twice. Hand-made rows, checked by counts per partition.
 */
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { createUser } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { asOwner, asUser } from '../../src/server/db'
import { loadAreaLayer } from '../../src/server/load-areas'
import { loadIncidents } from '../../src/server/load-incidents'
import { migrate, readMigrations } from '../../src/server/migrate'
import { square } from './fixture'
import { freshDatabase, type TestDb } from './db'

let t: TestDb
let app: FastifyInstance
let admin: string
let d: number, bossId: number

const csv = (rows: string[]) => readIncidentsCsv(new TextEncoder().encode(['id,time,category,subtype,lon,lat', ...rows].join('\n') + '\n')).columns

/** rows per partition of the district, by partition name */
async function where(): Promise<Record<string, number>> {
  const { rows } = await t.db.query<{ part: string; n: number }>(
    "select tableoid::regclass::text as part, count(*)::int as n from incidents where district_id = $1 group by 1 order by 1", [d])
  return Object.fromEntries(rows.map((r) => [r.part, r.n]))
}

beforeAll(async () => {
  t = await freshDatabase('partitions')
  await asOwner(t.db, async (c) => {
    d = (await c.query("insert into districts (code, name) values ('p', 'p') returning id")).rows[0].id
    bossId = (await createUser(c, 'boss', 'admin', 'boss-password')).id
    await loadAreaLayer(c, d, 'street', { type: 'FeatureCollection', features: [square('W', 'w', 120)] })
    // local times: 2024-06-01 00:30 in Shanghai is still 31 May in UTC
    await loadIncidents(c, d, csv(['a,2024-05-10T10:00:00,fire,x,120.5,30.5', 'b,2024-06-01T00:30:00,fire,x,120.5,30.5']))
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name: 'boss', password: 'boss-password' } })
  admin = `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

describe('incidents partitioned by month', () => {
  it("puts a load's rows in their local months' partitions, made with the month after", async () => {
    expect(await where()).toEqual({ incidents_202405: 1, incidents_202406: 1 })
    expect((await t.db.query("select to_regclass('incidents_202407') is not null as made")).rows[0].made).toBe(true)
  })

  it('keeps a row of a month without a partition in the default one and moves it when the month is made', async () => {
    await t.db.query("insert into incidents (district_id, source_id, time, category, lon, lat, street_id) values ($1, 'old', '2023-01-10T10:00:00+08', 1, 120.5, 30.5, (select id from areas where district_id = $1))", [d])
    expect(await where()).toEqual({ incidents_202405: 1, incidents_202406: 1, incidents_default: 1 })
    const months = () => t.db.query("select month::text, n from incident_rollup_months where district_id = $1 and layer = 'street' order by 1", [d]).then((r) => r.rows)
    const before = await months()
    expect(before).toEqual([{ month: '2023-01-01', n: 1 }, { month: '2024-05-01', n: 1 }, { month: '2024-06-01', n: 1 }])
    await asOwner(t.db, (c) => c.query("select pingan_incidents_partitions('2023-01-10T10:00:00+08', '2023-01-10T10:00:00+08')"))
    expect(await where()).toEqual({ incidents_202301: 1, incidents_202405: 1, incidents_202406: 1 })
    // moving between partitions is no new incident: no rollup, key or event changes
    expect(await months()).toEqual(before)
    expect((await t.db.query('select count(*)::int as n from incident_keys where district_id = $1', [d])).rows[0].n).toBe(3)
  })

  it('refuses a source id the district has, and a load moves a row whose time changed', async () => {
    await expect(t.db.query("insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'a', '2024-06-02T10:00:00+08', 1, 120.5, 30.5)", [d]))
      .rejects.toMatchObject({ code: '23505' })
    const r = await asOwner(t.db, (c) => loadIncidents(c, d, csv(['a,2024-06-20T10:00:00,fire,x,120.5,30.5', 'b,2024-06-01T00:30:00,fire,x,120.5,30.5', 'c,2024-07-01T09:00:00,fire,x,120.5,30.5'])))
    expect(r).toEqual({ inserted: 1, updated: 1, unchanged: 1 })
    expect(await where()).toEqual({ incidents_202301: 1, incidents_202406: 2, incidents_202407: 1 })
    const ids = await t.db.query("select source_id, count(*)::int as n from incidents where district_id = $1 group by 1 order by 1", [d])
    expect(ids.rows).toEqual([{ source_id: 'a', n: 1 }, { source_id: 'b', n: 1 }, { source_id: 'c', n: 1 }, { source_id: 'old', n: 1 }])
  })

  it('follows a source id changed by an update, and refuses an update giving a source id the district has', async () => {
    await t.db.query("update incidents set source_id = 'c2' where district_id = $1 and source_id = 'c'", [d])
    const keys = async () => (await t.db.query('select source_id from incident_keys where district_id = $1 order by 1', [d])).rows.map((r) => r.source_id)
    expect(await keys()).toEqual(['a', 'b', 'c2', 'old'])
    await expect(t.db.query("update incidents set source_id = 'a' where district_id = $1 and source_id = 'b'", [d])).rejects.toMatchObject({ code: '23505' })
    // two rows trading their ids is no duplicate
    await t.db.query("update incidents set source_id = case source_id when 'a' then 'b' else 'a' end where district_id = $1 and source_id in ('a', 'b')", [d])
    expect(await keys()).toEqual(['a', 'b', 'c2', 'old'])
    await t.db.query("update incidents set source_id = 'c' where district_id = $1 and source_id = 'c2'", [d])
    expect(await keys()).toEqual(['a', 'b', 'c', 'old'])
    // each key names its row's id
    const { rows: [r] } = await t.db.query('select count(*)::int as n from incidents i join incident_keys k using (district_id, source_id, id) where i.district_id = $1', [d])
    expect(r.n).toBe(4)
  })

  it('makes the month of a posted alert, and gives the app role no way round the parent', async () => {
    const post = await app.inject({ method: 'POST', url: `/api/districts/${d}/incidents`, headers: { cookie: admin },
      payload: [{ id: 'live', time: '2025-02-03T04:05:00+08:00', category: 'fire', lon: 120.5, lat: 30.5 }, { id: 'a', time: '2024-06-20T10:00:00+08:00', category: 'fire', lon: 120.5, lat: 30.5 }] })
    expect(post.json()).toMatchObject({ inserted: 1, duplicates: 1 })
    expect((await where()).incidents_202502).toBe(1)
    await expect(asUser(t.db, bossId, (c) => c.query('select count(*) from incidents_202502'))).rejects.toMatchObject({ code: '42501' })
  })
  it('takes the incidents of a database made before it into their months, ids, keys and rollups kept', async () => {
    const base = inject('pgClusterUrl')
    const admin = new pg.Client({ connectionString: base })
    await admin.connect()
    await admin.query('create database partitions_upgrade')
    await admin.end()
    const c = new pg.Client({ connectionString: base.replace(/\/postgres$/, '/partitions_upgrade') })
    await c.connect()
    try {
      await c.query('create extension postgis')
      const all = readMigrations()
      await migrate(c, all.filter((m) => m.version < 10))
      const dd = (await c.query("insert into districts (code, name) values ('u', 'u') returning id")).rows[0].id
      await c.query(`insert into areas (district_id, layer, source_id, ord, geometry, geom) values ($1, 'street', 'W', 0, '{}', ST_Multi(ST_MakeEnvelope(120, 30, 121, 31, 4326)))`, [dd])
      await c.query(`insert into incidents (district_id, source_id, time, category, lon, lat, street_id)
        select $1, 'u' || k, timestamptz '2024-01-31T16:00:00Z' + k * interval '1 day', k % 5, 120.5, 30.5, (select id from areas) from generate_series(0, 39) k`, [dd])
      const rollups = async () => (await c.query('select layer, area_id, month::text, category, n from incident_rollup_months order by 1, 2, 3, 4')).rows
      const before = { rollups: await rollups(), ids: (await c.query('select id, source_id from incidents order by id')).rows }
      await migrate(c, all)
      expect((await c.query('select id, source_id from incidents order by id')).rows).toEqual(before.ids)
      expect(await rollups()).toEqual(before.rollups)
      const parts = await c.query("select tableoid::regclass::text as part, count(*)::int as n from incidents group by 1 order by 1")
      // local months: 2024-02-01 00:00 +08 is the first row; 40 days reach 11 March
      expect(parts.rows).toEqual([{ part: 'incidents_202402', n: 29 }, { part: 'incidents_202403', n: 11 }])
      expect((await c.query('select count(*)::int as n from incident_keys')).rows[0].n).toBe(40)
      // the keys and indexes, built after the rows moved, are on every partition
      const idx = await c.query("select tablename, count(*)::int as n from pg_indexes where tablename in ('incidents_202402', 'incidents_default', 'incident_keys') group by 1 order by 1")
      expect(idx.rows).toEqual([{ tablename: 'incident_keys', n: 1 }, { tablename: 'incidents_202402', n: 3 }, { tablename: 'incidents_default', n: 3 }])
      const next = await c.query("insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'new', '2024-03-20T00:00:00+08', 0, 120.5, 30.5) returning id", [dd])
      expect(Number(next.rows[0].id)).toBeGreaterThan(Math.max(...before.ids.map((r) => Number(r.id))))
    } finally {
      await c.end()
    }
  })
})
