/**
 * A file loaded without a stated coordinate system is checked against the district's own areas,
 * as the app's import does: a police export in GCJ-02 lands where its incidents really are.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import distance from '@turf/distance'
import { createUser } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { asOwner } from '../../src/server/db'
import { demoAsPoliceExport } from '../fixtures/police-export'
import { freshDatabase, type TestDb } from './db'

let t: TestDb
let app: FastifyInstance
let admin: string
let demo: number

beforeAll(async () => {
  t = await freshDatabase('load_crs', { demo: true })
  await asOwner(t.db, async (c) => {
    demo = (await c.query("select id from districts where code = 'demo'")).rows[0].id
    await createUser(c, 'boss', 'admin', 'boss-password')
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name: 'boss', password: 'boss-password' } })
  admin = `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

/** 300 demo incidents in GCJ-02 under new ids, as CSV; with where each really is (WGS-84) */
function policeExport(prefix: string) {
  const rows = demoAsPoliceExport(300)
  const csv = ['id,time,category,subtype,lon,lat,address', ...rows.map((r) => [`${prefix}${r.id}`, r.time, r.category, r.subtype, r.lon, r.lat, r.address].join(','))].join('\n')
  return { csv, truth: new Map(rows.map((r) => [`${prefix}${r.id}`, r.wgs84])) }
}

async function load(csv: string, query = '') {
  const r = await app.inject({
    method: 'POST', url: `/api/districts/${demo}/load?kind=incidents&categories=${encodeURIComponent('刑事=criminal,治安=public_order,火警=fire,隐患=problem')}${query}`,
    headers: { cookie: admin, 'content-type': 'application/octet-stream' }, payload: Buffer.from(csv),
  })
  expect(r.statusCode, r.body).toBe(200)
  return r.json()
}

/** the largest distance (m) between where the server put the file's incidents and where they are */
async function worstOffset(truth: Map<string, [number, number]>): Promise<number> {
  const { rows } = await t.db.query<{ source_id: string; lon: number; lat: number }>('select source_id, lon, lat from incidents where source_id = any ($1)', [[...truth.keys()]])
  expect(rows).toHaveLength(truth.size)
  return Math.max(...rows.map((r) => distance(truth.get(r.source_id)!, [r.lon, r.lat], { units: 'meters' })))
}

it('detects GCJ-02 against the district\'s areas and converts it; a stated system is used as stated', async () => {
  const detected = policeExport('gcj-')
  const a = await load(detected.csv)
  expect(a.report.crs).toEqual({ from: 'gcj02', converted: true, detection: 'detected' })
  expect(await worstOffset(detected.truth)).toBeLessThan(2)

  // stated as WGS-84 (wrongly): kept as stated, so the points sit the GCJ-02 offset (hundreds of metres) away
  const stated = policeExport('wgs-')
  const b = await load(stated.csv, '&crs=wgs84')
  expect(b.report.crs).toEqual({ from: 'wgs84', converted: false, detection: 'chosen' })
  expect(await worstOffset(stated.truth)).toBeGreaterThan(100)
})
