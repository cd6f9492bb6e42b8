/**
 * Live alerts end to end over HTTP: incidents posted (JSON, CSV) or inserted by plain SQL reach
 * two real SSE clients once each; a client that comes back with Last-Event-ID gets what it
 * missed once; the database restarted and the server process restarted while clients are
 * connected lose nothing and repeat nothing; the `feed` role may post and nothing else; hostile
 * posts are refused and store nothing. The run's shared cluster is restarted in place (test
 * files run one after another).
 */
import { spawnSync } from 'node:child_process'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { asOwner } from '../../src/server/db'
import { freePort, PG_VERSION } from '../../src/server/pg-cluster'
import { startServer, type RunningServer } from '../../src/server/server'
import { freshDatabase, type TestDb } from './db'
import { makeDistrict } from './fixture'
import { SseClient, until } from './sse-client'

const ADMIN = 'live-admin-password'
let t: TestDb
let server: RunningServer | null = null
let port = 0
let base = ''
let districtA = 0, districtB = 0
const cookies: Record<string, string> = {}
const clients: SseClient[] = []

async function start() {
  server = await startServer({ port, env: { DATABASE_URL: t.url, PINGAN_ADMIN_PASSWORD: ADMIN }, log: () => {} })
  base = server.url
}

async function login(name: string, password: string): Promise<string> {
  const r = await fetch(new URL('/api/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) })
  expect(r.status).toBe(200)
  return r.headers.get('set-cookie')!.split(';')[0]
}

function post(who: string | null, district: number, body: string, type = 'application/json') {
  const headers: Record<string, string> = { 'content-type': type }
  if (who) headers.cookie = cookies[who]
  return fetch(new URL(`/api/districts/${district}/incidents`, base), { method: 'POST', headers, body })
}

function sse(who: string, district = districtA, lastId: string | null = null): SseClient {
  const c = new SseClient(new URL(`/api/districts/${district}/live`, base).href, { cookie: cookies[who], retryMs: 100 }, lastId)
  clients.push(c)
  return c
}

const count = async (where = 'true') => (await t.db.query<{ n: number }>(`select count(*)::int as n from incidents where ${where}`)).rows[0].n
const alert = (id: string, lon: number, extra: Record<string, unknown> = {}) => ({ id, time: '2024-05-02T08:00:00', category: 'criminal', subtype: 'theft', lon, lat: 30.5, address: `${id} road`, ...extra })
/** every id exactly once, in any order */
const once = (c: SseClient, ids: string[]) => expect([...c.ids()].filter((x) => ids.includes(x)).sort()).toEqual([...ids].sort())
const has = (c: SseClient, id: string) => c.ids().includes(id)

beforeAll(async () => {
  t = await freshDatabase('live')
  await asOwner(t.db, async (c) => {
    districtA = await makeDistrict(c, 'A', 'district A', 120, [['a1', 'criminal', 120.5, 30.5]])
    districtB = await makeDistrict(c, 'B', 'district B', 130, [['b1', 'fire', 130.5, 30.5]])
    await createUser(c, 'admin', 'admin', ADMIN)
    await createUser(c, 'feed', 'feed', 'feed-password')
    await grantDistrict(c, 'feed', 'A')
    await createUser(c, 'wall', 'viewer', 'wall-password')
    await grantDistrict(c, 'wall', 'A')
  })
  port = await freePort()
  await start()
  cookies.admin = await login('admin', ADMIN)
  cookies.feed = await login('feed', 'feed-password')
  cookies.wall = await login('wall', 'wall-password')
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()))
  await server?.close()
  await t?.close()
})

describe('live alerts', () => {
  it('who may post and who may listen', async () => {
    const anon = await fetch(new URL(`/api/districts/${districtA}/live`, base))
    expect(anon.status).toBe(401)
    expect((await post(null, districtA, JSON.stringify(alert('x', 120.5)))).status).toBe(401)
    expect((await post('wall', districtA, JSON.stringify(alert('x', 120.5)))).status).toBe(403)
    // the connector reads nothing, not even the stream
    for (const path of [`/api/districts/${districtA}/live`, `/api/districts/${districtA}/incidents`, '/api/districts', `/api/districts/${districtA}/counts?layer=street`]) {
      expect((await fetch(new URL(path, base), { headers: { cookie: cookies.feed } })).status, path).toBe(403)
    }
    // a district not granted is no district
    expect((await post('feed', districtB, JSON.stringify(alert('x', 130.5)))).status).toBe(404)
    expect((await fetch(new URL(`/api/districts/${districtB}/live`, base), { headers: { cookie: cookies.wall } })).status).toBe(404)
    expect(await count("source_id = 'x'")).toBe(0)
  })

  it('posts by JSON and CSV and a row inserted by SQL reach two clients once each, with their areas', async () => {
    const a = sse('wall'), b = sse('admin')
    await until(() => a.opened === 1 && b.opened === 1, 'both streams open')
    // j2 lies on the edge shared by A-W and A-E: the core's rule puts it in the east square
    const r1 = await post('feed', districtA, JSON.stringify([alert('j1', 120.25), alert('j2', 121)]))
    expect(await r1.json()).toEqual({ inserted: 2, duplicates: 0, rejected: [] })
    const r2 = await post('admin', districtA, 'c1,2024-05-02T09:00:00,fire,smoke,121.5,30.5,east street\nc2,2024-05-02 09:30,problem,,120.5,30.2,\n', 'text/csv')
    expect(await r2.json()).toEqual({ inserted: 2, duplicates: 0, rejected: [] })
    await t.db.query(`insert into incidents (district_id, source_id, time, category, subtype, lon, lat) values ($1, 's1', now(), 1, 'fight', 120.7, 30.7)`, [districtA])
    const ids = ['j1', 'j2', 'c1', 'c2', 's1']
    for (const c of [a, b]) {
      await until(() => ids.every((id) => has(c, id)), 'all five alerts')
      once(c, ids)
    }
    const j2 = JSON.parse(a.events.find((e) => JSON.parse(e.data).id === 'j2')!.data)
    expect(j2).toEqual({ id: 'j2', time: Date.parse('2024-05-02T00:00:00Z'), category: 'criminal', subtype: 'theft', lon: 121, lat: 30.5, address: 'j2 road' })
    // event ids order the events
    const order = a.events.map((e) => Number(e.id))
    expect(order).toEqual([...order].sort((x, y) => x - y))
    const areas = await t.db.query<{ source_id: string; street: string | null }>(
      `select i.source_id, a.source_id as street from incidents i left join areas a on a.id = i.street_id where i.source_id in ('j1', 'j2', 'c1', 'c2')`)
    expect(Object.fromEntries(areas.rows.map((r) => [r.source_id, r.street]))).toEqual({ j1: 'A-W', j2: 'A-E', c1: 'A-E', c2: 'A-W' })
    // the counts route counts them: a1 (fixture) + j1 + c2 west, j2 + c1 east
    const counts = await (await fetch(new URL(`/api/districts/${districtA}/counts?layer=street`, base), { headers: { cookie: cookies.wall } })).json() as { id: string; count: number }[]
    expect(Object.fromEntries(counts.map((r) => [r.id, r.count]))).toEqual({ 'A-W': 3, 'A-E': 2 })

    // a connector posting again after a timeout stores and sends nothing twice
    const again = await post('feed', districtA, JSON.stringify([alert('j1', 120.25), alert('j2', 121), alert('j3', 120.5)]))
    expect(await again.json()).toEqual({ inserted: 1, duplicates: 2, rejected: [] })
    // one audit row per posting request, never one per incident
    const trail = await t.db.query<{ user_name: string; detail: { inserted: number; duplicates: number } }>(
      "select user_name, detail from audit_log where action = 'alerts' and district_id = $1 order by id", [districtA])
    expect(trail.rows.map((r) => [r.user_name, r.detail.inserted, r.detail.duplicates])).toEqual([['feed', 2, 0], ['admin', 2, 0], ['feed', 1, 2]])
    await until(() => has(a, 'j3') && has(b, 'j3'), 'j3')
    once(a, [...ids, 'j3'])
    once(b, [...ids, 'j3'])
    await Promise.all([a.stop(), b.stop()])
  })

  it('a client back with Last-Event-ID (header or query) gets what it missed once, then live ones', async () => {
    const a = sse('wall')
    await until(() => a.opened === 1, 'open')
    await post('feed', districtA, JSON.stringify(alert('r0', 120.5)))
    await until(() => has(a, 'r0'), 'r0')
    await a.stop()
    await post('feed', districtA, JSON.stringify([alert('r1', 120.5), alert('r2', 120.6)]))
    await t.db.query(`insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'r3', now(), 0, 120.4, 30.4)`, [districtA])
    const back = sse('wall', districtA, a.lastId)
    const byQuery = new SseClient(new URL(`/api/districts/${districtA}/live?lastEventId=${a.lastId}`, base).href, { cookie: cookies.wall })
    clients.push(byQuery)
    for (const c of [back, byQuery]) await until(() => has(c, 'r3'), 'the missed ones')
    await post('feed', districtA, JSON.stringify(alert('r4', 120.5)))
    for (const c of [back, byQuery]) {
      await until(() => has(c, 'r4'), 'the live one')
      expect(c.ids()).toEqual(['r1', 'r2', 'r3', 'r4'])
    }
    const bad = await fetch(new URL(`/api/districts/${districtA}/live?lastEventId=1;drop`, base), { headers: { cookie: cookies.wall } })
    expect(bad.status).toBe(400)
    await Promise.all([back.stop(), byQuery.stop()])
  })

  it('the database restarted under connected clients: they come back with every missed alert once', async () => {
    const a = sse('wall'), b = sse('admin')
    await until(() => a.opened === 1 && b.opened === 1, 'open')
    await post('feed', districtA, JSON.stringify(alert('d0', 120.5)))
    await until(() => has(a, 'd0') && has(b, 'd0'), 'd0')
    const dir = inject('pgClusterDir')
    const pgCtl = `/usr/lib/postgresql/${PG_VERSION}/bin/pg_ctl`
    // -l: the new postmaster must not hold this process's pipes open
    const args = ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-m', 'fast', '-w', 'restart']
    const r = process.getuid?.() === 0 ? spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawnSync(pgCtl, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    expect(r.status, String(r.stderr)).toBe(0)
    // inserted before the server's LISTEN is back and before the clients reconnect
    await t.db.query(`insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'd1', now(), 0, 120.4, 30.4), ($1, 'd2', now(), 0, 120.6, 30.4)`, [districtA]).catch(async () =>
      // the pool's first try may meet a connection the restart closed
      t.db.query(`insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'd1', now(), 0, 120.4, 30.4), ($1, 'd2', now(), 0, 120.6, 30.4)`, [districtA]))
    await until(() => a.opened === 2 && b.opened === 2, 'both back', 30_000)
    await post('feed', districtA, JSON.stringify(alert('d3', 120.5)))
    for (const c of [a, b]) {
      await until(() => has(c, 'd3'), 'd3 after the restart', 30_000)
      expect(c.breaks).toBeGreaterThan(0)
      expect(c.ids()).toEqual(['d0', 'd1', 'd2', 'd3'])
    }
    await Promise.all([a.stop(), b.stop()])
  })

  it('the server process restarted under connected clients: the same', async () => {
    const a = sse('wall'), b = sse('admin')
    await until(() => a.opened === 1 && b.opened === 1, 'open')
    await post('feed', districtA, JSON.stringify(alert('p0', 120.5)))
    await until(() => has(a, 'p0') && has(b, 'p0'), 'p0')
    await server!.close()
    server = null
    await t.db.query(`insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'p1', now(), 2, 120.4, 30.4)`, [districtA])
    await start()
    await until(() => a.opened === 2 && b.opened === 2, 'both back', 30_000)
    await post('feed', districtA, JSON.stringify(alert('p2', 120.5)))
    for (const c of [a, b]) {
      await until(() => has(c, 'p2'), 'p2', 30_000)
      expect(c.ids()).toEqual(['p0', 'p1', 'p2'])
    }
    await Promise.all([a.stop(), b.stop()])
  })

  it('a client that stops reading is dropped, not queued for, while the others read on', async () => {
    // a raw socket that sends the request and then reads nothing
    const slow = connect(Number(new URL(base).port), '127.0.0.1')
    await new Promise<void>((r) => slow.once('connect', () => r()))
    slow.write(`GET /api/districts/${districtA}/live HTTP/1.1\r\nHost: x\r\nCookie: ${cookies.wall}\r\nAccept: text/event-stream\r\n\r\n`)
    slow.pause()
    const quick = sse('wall')
    await until(() => quick.opened === 1, 'open')
    // ~10 MB of events (~125 bytes each): more than the socket buffers (~4 MB here) and the server's 1 MiB per client
    const N = 80_000
    await t.db.query(`insert into incidents (district_id, source_id, time, category, lon, lat) select $1, 'bulk-' || g, now(), 0, 120.5, 30.5 from generate_series(1, ${N}) g`, [districtA])
    await until(() => quick.received >= N, 'the reading client to get them all', 60_000)
    expect(new Set(quick.ids()).size).toBe(N)
    let bytes = 0
    const closed = new Promise<void>((r) => slow.once('close', () => r()))
    slow.on('data', (b: Buffer) => { bytes += b.length })
    slow.on('error', () => {})
    slow.resume()
    // the server ended it: the rest never comes (a queued client would get all ~10 MB and stay open)
    await closed
    expect(bytes).toBeLessThan(N * 100)
    await quick.stop()
  })

  it('hostile posts are refused with a clear error and store nothing', async () => {
    const before = await count()
    const sql = "1'); drop table incidents; --"
    const markup = '<img src=x onerror=alert(1)>'
    // oversized body, too many rows, no list at all, a type the route does not read
    expect((await post('feed', districtA, JSON.stringify([alert('big', 120.5, { address: 'x'.repeat(2 << 20) })]))).status).toBe(413)
    const many = await post('feed', districtA, JSON.stringify(Array.from({ length: 5001 }, (_, i) => ({ id: `m${i}` }))))
    expect(many.status).toBe(413)
    expect((await many.json()).error).toMatch(/at most 5000/)
    expect((await post('feed', districtA, '42')).status).toBe(400)
    expect((await post('feed', districtA, 'j1,2024', 'text/plain')).status).toBe(400)
    expect((await post('feed', districtA, '{"id":', 'application/json')).status).toBe(400)
    // every row bad: each reported by index and field, nothing stored
    const bad = await post('feed', districtA, JSON.stringify([
      alert('h1', 120.5, { lon: { $gt: 0 } }),
      alert('h2', 120.5, { time: [2024] }),
      alert('h3', 120.5, { address: markup }),
      alert('h4', 120.5, { subtype: 'a\nb' }),
      { id: sql, time: sql, category: sql, subtype: sql, lon: sql, lat: sql, address: sql },
      alert('h6', 120.5, { lat: 95 }),
      alert('h7', 120.5, { time: 'yesterday' }),
      alert(markup, 120.5),
      'a string',
    ]))
    expect(bad.status).toBe(422)
    const report = await bad.json() as { rejected: { index: number; field?: string; reason: string }[] }
    expect(report.rejected.map((r) => [r.index, r.field ?? null])).toEqual([
      [0, 'lon'], [1, 'time'], [2, 'address'], [3, 'subtype'], [4, 'lon,lat'], [5, 'lon,lat'], [6, 'time'], [7, 'id'], [8, null],
    ])
    // CSV: the same by line; another district's id in the path is refused before anything is stored
    const csv = await post('feed', districtA, `id,time,category,subtype,lon,lat,address\nk1,2024-05-02T08:00:00,fire,,abc,30.5,\nk2,2024-05-02T08:00:00,fire,,120.5,30.5,${markup}\n`, 'text/csv')
    expect((await csv.json()).rejected).toEqual([
      { line: 2, reason: 'bad_coordinates', field: 'lon,lat', detail: expect.any(String) },
      { line: 3, reason: 'bad_value', detail: 'markup or control characters' },
    ])
    expect((await post('feed', districtB, JSON.stringify(alert('other', 130.5)))).status).toBe(404)
    expect(await count()).toBe(before)
    // SQL is only text to the statements: kept as sent, the table intact
    const inert = await post('feed', districtA, JSON.stringify(alert(sql, 120.5, { subtype: sql, address: sql })))
    expect((await inert.json()).inserted).toBe(1)
    const stored = await t.db.query('select subtype, address from incidents where source_id = $1', [sql])
    expect(stored.rows).toEqual([{ subtype: sql, address: sql }])
    expect(await count()).toBe(before + 1)
  })
})
