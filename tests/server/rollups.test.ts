/**
 * The rollups (migration 009) and the rankings read from them: the rollup tables equal a GROUP
 * BY of the incidents written here independently (the oracle), on the demo and after every kind
 * of write (a live alert, a layer reloaded, a load replacing rows, a delete); the demo's month
 * ranking equals counts made in Node with the core's join of the demo files; 环比/同比 on a
 * hand-made district; a viewer of one district sees only its areas in the city ranking.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../src/core/areas'
import { monthPeriod } from '../../src/core/periods'
import { buildAreaIndex, joinPoints } from '../../src/core/spatial-join'
import { decodeIncidentColumns } from '../../src/io/incident-columns-file'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { createUser } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { asOwner } from '../../src/server/db'
import { DEMO_DIR } from '../../src/server/demo-seed'
import { loadAreaLayer } from '../../src/server/load-areas'
import { loadIncidents } from '../../src/server/load-incidents'
import type { Ranking } from '../../src/server/rankings'
import { square } from './fixture'
import { freshDatabase, type TestDb } from './db'

let t: TestDb
let app: FastifyInstance
let admin: string, viewer: string
let demo: number, hand: number

beforeAll(async () => {
  t = await freshDatabase('rollups', { demo: true })
  await asOwner(t.db, async (c) => {
    demo = (await c.query("select id from districts where code = 'demo'")).rows[0].id
    await createUser(c, 'boss', 'admin', 'boss-password')
    const wall = await createUser(c, 'wall', 'viewer', 'wall-password')
    hand = (await c.query("insert into districts (code, name) values ('hand', '手工') returning id")).rows[0].id
    await c.query('insert into district_grants (user_id, district_id) values ($1, $2)', [wall.id, hand])
    await loadAreaLayer(c, hand, 'compound', { type: 'FeatureCollection', features: [square('W', '西', 120), square('E', '东', 121)] })
    // local times (Asia/Shanghai): W has 3 in May 2024 (one in the first and one in the last
    // half hour of the month), 2 in April 2024, 1 in May 2023; E has 1 in May 2024 and 1 on
    // 1 June 2024 00:10, which is no part of May; one fire in W in May
    const rows = [
      ['w1', '2024-05-01T00:10:00', 'criminal', 120.5], ['w2', '2024-05-15T12:00:00', 'criminal', 120.5], ['w3', '2024-05-31T23:50:00', 'fire', 120.5],
      ['w4', '2024-04-03T08:00:00', 'criminal', 120.5], ['w5', '2024-04-30T23:59:00', 'criminal', 120.5], ['w6', '2023-05-20T09:00:00', 'criminal', 120.5],
      ['e1', '2024-05-02T10:00:00', 'criminal', 121.5], ['e2', '2024-06-01T00:10:00', 'criminal', 121.5],
    ]
    const csv = ['id,time,category,subtype,lon,lat,address', ...rows.map(([id, time, cat, lon]) => `${id},${time},${cat},x,${lon},30.5,`)].join('\n') + '\n'
    await loadIncidents(c, hand, readIncidentsCsv(new TextEncoder().encode(csv)).columns)
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  admin = await loginAs('boss', 'boss-password')
  viewer = await loginAs('wall', 'wall-password')
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

async function loginAs(name: string, password: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name, password } })
  return `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`
}

async function get(url: string, cookie = admin): Promise<Ranking> {
  const r = await app.inject({ method: 'GET', url, headers: { cookie } })
  expect(r.statusCode, r.body).toBe(200)
  return r.json()
}

/**
 * Cells where a rollup table and a count of the incidents differ (none when they agree): the
 * incidents unpivoted per layer and counted by local hour and month, zero cells ignored.
 */
async function rollupMismatches(): Promise<{ hourly: number; monthly: number }> {
  return asOwner(t.db, async (c) => {
    const unpivot = `select i.district_id, l.layer, l.area_id, i.category, (i.time at time zone 'Asia/Shanghai') as local
      from incidents i, lateral (values ('street', i.street_id), ('compound', i.compound_id), ('grid', i.grid_id), ('site', i.site_id)) l (layer, area_id)
      where l.area_id is not null`
    const diff = async (oracle: string, table: string, cols: string) => (await c.query<{ n: number }>(`
      with o as (${oracle}), r as (select ${cols}, n from ${table} where n <> 0)
      select count(*)::int as n from ((select * from o except all select * from r) union all (select * from r except all select * from o)) d`)).rows[0].n
    return {
      hourly: await diff(`select district_id, layer, area_id, local::date, extract(hour from local)::smallint, category, count(*)::int from (${unpivot}) u group by 1, 2, 3, 4, 5, 6`,
        'incident_rollups', 'district_id, layer, area_id, day, hour, category'),
      monthly: await diff(`select district_id, layer, area_id, date_trunc('month', local)::date, category, count(*)::int from (${unpivot}) u group by 1, 2, 3, 4, 5`,
        'incident_rollup_months', 'district_id, layer, area_id, month, category'),
    }
  })
}

const NONE = { hourly: 0, monthly: 0 }
// each compares the whole demo's rollups with the oracle; minutes on a machine shared by many runs
const SLOW = 300_000

describe('rollups', () => {
  it('equal the incidents counted per area, day, hour and category on the demo', async () => {
    const { rows } = await asOwner(t.db, (c) => c.query('select sum(n)::int as n from incident_rollup_months where district_id = $1 and layer = $2', [demo, 'compound']))
    expect(rows[0].n).toBeGreaterThan(1000)
    expect(await rollupMismatches()).toEqual(NONE)
  })

  it("rank the demo's compounds for a month as the core's join of the demo files counts them", async () => {
    const { areas } = areasFromGeoJson(JSON.parse(readFileSync(join(DEMO_DIR, 'compounds.geojson'), 'utf8')))
    const buf = readFileSync(join(DEMO_DIR, 'incidents.cols'))
    const { columns: inc } = decodeIncidentColumns(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))
    const at = joinPoints(buildAreaIndex(areas), inc.lon, inc.lat, inc.count)
    const count = (p: { from: number; to: number }) => {
      const n = new Map<string, number>()
      for (let i = 0; i < inc.count; i++) {
        if (at[i] >= 0 && inc.time[i] >= p.from && inc.time[i] < p.to && (inc.category[i] === 0 || inc.category[i] === 2)) n.set(areas.ids[at[i]], (n.get(areas.ids[at[i]]) ?? 0) + 1)
      }
      return n
    }
    const [now, before, yearAgo] = [count(monthPeriod(2025, 3)), count(monthPeriod(2025, 2)), count(monthPeriod(2024, 3))]
    const url = `/api/districts/${demo}/ranking?layer=compound&month=2025-03&categories=criminal,fire`
    const r = await get(url)
    expect(await get(`${url}&source=raw`)).toEqual({ ...r, source: 'raw' })
    expect([r.previousMonth, r.lastYearMonth]).toEqual(['2025-02', '2024-03'])
    expect(r.areas.length).toBe(areas.count)
    for (const a of r.areas) expect([a.id, a.count, a.previous, a.lastYear]).toEqual([a.id, now.get(a.id) ?? 0, before.get(a.id) ?? 0, yearAgo.get(a.id) ?? 0])
    expect(r.areas[0].count).toBe(Math.max(...now.values()))
    for (let k = 1; k < r.areas.length; k++) expect(r.areas[k].count).toBeLessThanOrEqual(r.areas[k - 1].count)
  })

  it('follow a live alert', async () => {
    const post = await app.inject({ method: 'POST', url: `/api/districts/${demo}/incidents`, headers: { cookie: admin },
      payload: [{ id: 'live-1', time: '2025-03-10T08:30:00+08:00', category: 'criminal', subtype: 'theft', lon: 119.0838, lat: 36.7154 }] })
    expect(post.statusCode, post.body).toBe(200)
    expect(post.json().inserted).toBe(1)
    expect(await rollupMismatches()).toEqual(NONE)
  }, SLOW)

  it('follow a layer reloaded', async () => {
    // compounds reloaded without every third one: their incidents move out of the layer
    const fc = JSON.parse(readFileSync(join(DEMO_DIR, 'compounds.geojson'), 'utf8'))
    fc.features = fc.features.filter((_: unknown, k: number) => k % 3 !== 0)
    await asOwner(t.db, (c) => loadAreaLayer(c, demo, 'compound', fc))
    expect(await rollupMismatches()).toEqual(NONE)
    const r = await get(`/api/districts/${demo}/ranking?layer=compound&month=2025-03`)
    expect(r.areas.length).toBe(fc.features.length)
    expect(await get(`/api/districts/${demo}/ranking?layer=compound&month=2025-03&source=raw`)).toEqual({ ...r, source: 'raw' })
  }, SLOW)

  it('follow a load replacing rows and a delete', async () => {
    // a load giving known rows another time and category (an update of the counted fields)
    await asOwner(t.db, async (c) => {
      const csv = 'id,time,category,subtype,lon,lat,address\nI000001,2025-03-01T10:00:00,fire,x,119.083913,36.715403,\nI000002,2024-01-01T00:00:00,public_order,fight,119.091817,36.709725,城关街道百货公司小区\n'
      await loadIncidents(c, demo, readIncidentsCsv(new TextEncoder().encode(csv)).columns)
    })
    expect(await rollupMismatches()).toEqual(NONE)

    const deleted = await asOwner(t.db, (c) => c.query("delete from incidents where district_id = $1 and time >= '2025-03-05' and time < '2025-03-09'", [demo]))
    expect(deleted.rowCount).toBeGreaterThan(100)
    expect(await rollupMismatches()).toEqual(NONE)
    const after = await get(`/api/districts/${demo}/ranking?layer=street&month=2025-03`)
    expect(await get(`/api/districts/${demo}/ranking?layer=street&month=2025-03&source=raw`)).toEqual({ ...after, source: 'raw' })
  }, SLOW)

  it("go with a deleted district's incidents", async () => {
    const n = await asOwner(t.db, async (c) => {
      const d = (await c.query("insert into districts (code, name) values ('gone', 'gone') returning id")).rows[0].id
      await loadAreaLayer(c, d, 'street', { type: 'FeatureCollection', features: [square('G', 'g', 130)] })
      await loadIncidents(c, d, readIncidentsCsv(new TextEncoder().encode('id,time,category,subtype,lon,lat\ng1,2024-05-01T10:00:00,fire,x,130.5,30.5\n')).columns)
      const before = (await c.query('select count(*)::int as n from incident_rollup_months where district_id = $1', [d])).rows[0].n
      await c.query('delete from districts where id = $1', [d])
      return [before, (await c.query('select (select count(*) from incident_rollups where district_id = $1) + (select count(*) from incident_rollup_months where district_id = $1) as n', [d])).rows[0].n]
    })
    expect(n.map(Number)).toEqual([1, 0])
  })

  it('give 环比 and 同比 of a hand-made district', async () => {
    const r = await get(`/api/districts/${hand}/ranking?layer=compound&month=2024-05`)
    expect([r.month, r.previousMonth, r.lastYearMonth]).toEqual(['2024-05', '2024-04', '2023-05'])
    expect(r.areas).toEqual([
      { district: hand, id: 'W', name: '西', rank: 1, count: 3, previous: 2, lastYear: 1, mom: 0.5, yoy: 2 },
      { district: hand, id: 'E', name: '东', rank: 2, count: 1, previous: 0, lastYear: 0, mom: null, yoy: null },
    ])
    const crime = await get(`/api/districts/${hand}/ranking?layer=compound&month=2024-05&categories=criminal`)
    expect(crime.areas.map((a) => [a.id, a.rank, a.count, a.mom])).toEqual([['W', 1, 2, 0], ['E', 2, 1, null]])
    const june = await get(`/api/districts/${hand}/ranking?layer=compound&month=2024-06`)
    expect(june.areas.map((a) => [a.id, a.rank, a.count, a.previous])).toEqual([['E', 1, 1, 1], ['W', 2, 0, 3]])
  })

  it("shows a viewer of one district only that district's areas in the city ranking, and refuses others", async () => {
    const city = await get('/api/city/ranking?layer=compound&month=2024-05', viewer)
    expect(city.areas.map((a) => [a.district, a.id])).toEqual([[hand, 'W'], [hand, 'E']])
    expect((await get('/api/city/ranking?layer=compound&month=2024-05&source=raw', viewer)).areas.map((a) => a.id)).toEqual(['W', 'E'])
    const all = await get('/api/city/ranking?layer=compound&month=2024-05')
    expect(new Set(all.areas.map((a) => a.district))).toEqual(new Set([demo, hand]))
    expect((await app.inject({ method: 'GET', url: `/api/districts/${demo}/ranking?layer=compound&month=2024-05`, headers: { cookie: viewer } })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/api/city/ranking?layer=compound&month=2024-05' })).statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/api/city/ranking?layer=compound&month=2024-5', headers: { cookie: viewer } })).statusCode).toBe(400)
    expect((await app.inject({ method: 'GET', url: "/api/city/ranking?layer=compound'&month=2024-05", headers: { cookie: viewer } })).statusCode).toBe(400)
  })
})
