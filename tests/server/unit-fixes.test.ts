/**
 * Live units in server mode (issue 26): fixes posted as CSV by the `feed` role are stored once
 * (bad fixes answered by line), reach a seat's SSE stream as fix lines the browser's feed reader
 * takes, stay within their district (row security), and a district keeps KEEP_DAYS of them.
 */
import gcoord from 'gcoord'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { asOwner, asUser } from '../../src/server/db'
import { freePort } from '../../src/server/pg-cluster'
import { startServer, type RunningServer } from '../../src/server/server'
import { KEEP_DAYS } from '../../src/server/unit-fix-routes'
import { UnitFeed } from '../../src/core/unit-feed'
import { takeFixLines } from '../../src/io/unit-feed-lines'
import { freshDatabase, type TestDb } from './db'
import { makeDistrict } from './fixture'
import { SseClient, until } from './sse-client'

const ADMIN = 'fixes-admin-password'
let t: TestDb
let server: RunningServer | null = null
let base = ''
let districtA = 0, districtB = 0
let wallId = 0
const cookies: Record<string, string> = {}
const clients: SseClient[] = []

async function login(name: string, password: string): Promise<string> {
  const r = await fetch(new URL('/api/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) })
  expect(r.status).toBe(200)
  return r.headers.get('set-cookie')!.split(';')[0]
}

function post(who: string | null, district: number, body: string, type = 'text/csv') {
  const headers: Record<string, string> = { 'content-type': type }
  if (who) headers.cookie = cookies[who]
  return fetch(new URL(`/api/districts/${district}/unit-fixes`, base), { method: 'POST', headers, body })
}

const count = async (where = 'true') => (await t.db.query<{ n: number }>(`select count(*)::int as n from unit_fixes where ${where}`)).rows[0].n

beforeAll(async () => {
  t = await freshDatabase('unitfixes')
  await asOwner(t.db, async (c) => {
    districtA = await makeDistrict(c, 'A', 'district A', 120, [['a1', 'criminal', 120.5, 30.5]])
    districtB = await makeDistrict(c, 'B', 'district B', 130, [['b1', 'fire', 130.5, 30.5]])
    await createUser(c, 'admin', 'admin', ADMIN)
    await createUser(c, 'feed', 'feed', 'feed-password')
    await grantDistrict(c, 'feed', 'A')
    wallId = (await createUser(c, 'wall', 'viewer', 'wall-password')).id
    await grantDistrict(c, 'wall', 'A')
  })
  server = await startServer({ port: await freePort(), env: { DATABASE_URL: t.url, PINGAN_ADMIN_PASSWORD: ADMIN }, log: () => {} })
  base = server.url
  cookies.admin = await login('admin', ADMIN)
  cookies.feed = await login('feed', 'feed-password')
  cookies.wall = await login('wall', 'wall-password')
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()))
  await server?.close()
  await t?.close()
})

describe('unit fixes', () => {
  it('who may post and who may listen', async () => {
    const fix = 'unit_id,time,lon,lat\nC01,2026-01-05 10:00:00,120.5,30.5\n'
    expect((await post(null, districtA, fix)).status).toBe(401)
    expect((await post('wall', districtA, fix)).status).toBe(403)
    expect((await fetch(new URL(`/api/districts/${districtA}/unit-fixes/live`, base), { headers: { cookie: cookies.feed } })).status).toBe(403)
    expect((await post('feed', districtB, fix)).status).toBe(404)
    expect((await fetch(new URL(`/api/districts/${districtB}/unit-fixes/live`, base), { headers: { cookie: cookies.wall } })).status).toBe(404)
    expect((await post('feed', districtA, JSON.stringify({ unit_id: 'C01' }), 'application/json')).status).toBe(415)
    expect(await count()).toBe(0)
  })

  it('posted fixes are stored once, bad ones answered by line, and reach a seat as lines the feed reader takes', async () => {
    const seat = new SseClient(new URL(`/api/districts/${districtA}/unit-fixes/live`, base).href, { cookie: cookies.wall, retryMs: 100 })
    clients.push(seat)
    await until(() => seat.opened === 1, 'stream open')
    const body = [
      'unit_id,time,lon,lat,speed,heading,status,kind',
      'C01,2026-01-05 10:00:00,120.5,30.5,36,90,patrolling,car',
      'C01,2026-01-05 10:00:05,120.5005,30.5,36,90,出警,car', // 48 m in 5 s
      'F01,2026-01-05 10:00:02,120.6,30.6,,,at_station,foot',
      'F01,yesterday,120.6,30.6', // line 5: no time
      'C01,2026-01-05 10:00:10,121.5,30.5', // line 6: 96 km in 5 s
      '"=cmd|x",2026-01-05 10:00:03,120.7,30.7',
    ].join('\n')
    const r = await post('feed', districtA, body)
    expect(r.status).toBe(200)
    const out = await r.json() as { inserted: number; duplicates: number; rejected: { line: number; reason: string }[] }
    expect(out.inserted).toBe(4)
    expect(out.duplicates).toBe(0)
    expect(out.rejected.map((x) => [x.line, x.reason])).toEqual([[5, 'bad_time'], [6, 'impossible_jump']])
    // a connector posting again after a timeout stores nothing twice
    expect(await (await post('admin', districtA, body)).json()).toMatchObject({ inserted: 0, duplicates: 4 })
    await until(() => seat.events.length === 4, 'four fixes on the stream')
    const feed = new UnitFeed()
    expect(takeFixLines(feed, seat.events.map((e) => e.data))).toEqual({ taken: 4, rejected: 0 })
    const tracks = feed.tracks()
    expect(tracks.unitIds).toEqual(['C01', 'F01', '=cmd|x'])
    expect(tracks.time[1]).toBe(Date.parse('2026-01-05T02:00:05Z'))
    expect(tracks.status[1]).toBe(1) // on_alert
    expect(tracks.unitKind[1]).toBe(1) // foot
    expect(Number.isNaN(tracks.speed[2])).toBe(true)
    const order = seat.events.map((e) => Number(e.id))
    expect(order).toEqual([...order].sort((x, y) => x - y))
  })

  it('row security: a seat of district A sees none of district B\'s fixes', async () => {
    await t.db.query(`insert into unit_fixes (district_id, unit_id, time, lon, lat) values ($1, 'B01', now(), 130.5, 30.5)`, [districtB])
    const seen = await asUser(t.db, wallId, async (c) => (await c.query<{ unit_id: string }>('select distinct unit_id from unit_fixes order by 1')).rows.map((x) => x.unit_id))
    expect(seen).toEqual(['=cmd|x', 'C01', 'F01'])
    await expect(asUser(t.db, wallId, (c) => c.query(`insert into unit_fixes (district_id, unit_id, time, lon, lat) values ($1, 'X', now(), 130.5, 30.5)`, [districtB])))
      .rejects.toThrow(/row-level security/)
  })

  it(`a district keeps ${KEEP_DAYS} days of fixes before its newest one`, async () => {
    const later = new Date(Date.parse('2026-01-05T02:00:00Z') + (KEEP_DAYS + 1) * 86_400_000).toISOString()
    const r = await post('feed', districtA, `unit_id,time,lon,lat\nC01,${later},120.5,30.5\n`)
    expect(await r.json()).toMatchObject({ inserted: 1, duplicates: 0 })
    expect(await count(`district_id = ${districtA}`)).toBe(1)
    expect(await count(`district_id = ${districtB}`)).toBe(1)
  })

  it('a connector names its coordinate system (?crs=); fixes more than 5 km outside the district are answered by line', async () => {
    const at = '2026-01-20 10:00:00'
    // Amap (GCJ-02) coordinates of a point known in WGS-84; the district's streets span 120–122 E, 30–31 N
    const truth: [number, number] = [120.8, 30.6]
    const [gx, gy] = gcoord.transform(truth, gcoord.WGS84, gcoord.GCJ02) as [number, number]
    const body = ['unit_id,time,lon,lat', `G01,${at},${gx},${gy}`, 'G02,2026-01-20 10:00:00,119.9,30.5', 'G03,2026-01-20 10:00:00,119.97,30.5'].join('\n')
    expect((await post('feed', districtA, body).then((r) => r.status))).toBe(200)
    const bad = await fetch(new URL(`/api/districts/${districtA}/unit-fixes?crs=utm`, base), { method: 'POST', headers: { 'content-type': 'text/csv', cookie: cookies.feed }, body })
    expect(bad.status).toBe(400)
    expect((await bad.json() as { error: string }).error).toMatch(/^crs/)
    await t.db.query(`delete from unit_fixes where unit_id like 'G0%'`)
    const r = await fetch(new URL(`/api/districts/${districtA}/unit-fixes?crs=gcj02`, base), { method: 'POST', headers: { 'content-type': 'text/csv', cookie: cookies.feed }, body })
    const out = await r.json() as { inserted: number; rejected: { line: number; reason: string }[] }
    // 119.9 E is 9.6 km west of the district at 30.5 N, 119.97 E 2.9 km: only the first is left out
    expect(out.rejected.map((x) => [x.line, x.reason])).toEqual([[3, 'outside_district']])
    expect(out.inserted).toBe(2)
    const { rows } = await t.db.query<{ lon: number; lat: number }>(`select lon, lat from unit_fixes where unit_id = 'G01'`)
    // stored in WGS-84 within a metre of the truth (1e-5 degrees ≈ 1 m)
    expect(Math.abs(rows[0].lon - truth[0])).toBeLessThan(1e-5)
    expect(Math.abs(rows[0].lat - truth[1])).toBeLessThan(1e-5)
  })
})
