/**
 * The city view's vector tiles and city frame, over HTTP on the demo and a small second
 * district. The tiles are decoded with @mapbox/vector-tile (what MapLibre itself decodes them
 * with) and the oracle is the demo's CSV counted in Node with the core's own filter
 * (keepMask), so a tile must count every incident of the district exactly once, per category
 * and under the filters; the cells' true area is turf's, independent of PostGIS.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import turfArea from '@turf/area'
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile'
import type { FastifyInstance } from 'fastify'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CATEGORIES, type IncidentColumns } from '../../src/core/incidents'
import { keepMask, NO_FILTER, type IncidentFilterSpec } from '../../src/core/incident-filter'
import { parseLocalDate } from '../../src/core/periods'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { createUser } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { asOwner } from '../../src/server/db'
import { DEMO_DIR } from '../../src/server/demo-seed'
import { VISIBLE_MS } from '../../src/server/tile-routes'
import { freshDatabase, type TestDb } from './db'
import { makeDistrict } from './fixture'
import { tilesOver } from './tile-grid'

let t: TestDb
let app: FastifyInstance
let admin: string, wall: string, other: string
let demo: number, east: number
let csv: IncidentColumns

/** the demo's extent (its incidents lie inside) and the second district's two unit squares */
const DEMO_BOX: [number, number, number, number] = [118.94, 36.58, 119.11, 36.83]
const EAST_BOX: [number, number, number, number] = [121, 30, 123, 31]
const EAST_INCIDENTS: [string, string, number, number][] = [['e1', 'criminal', 121.5, 30.5], ['e2', 'fire', 122.5, 30.5], ['e3', 'fire', 122.2, 30.9]]

beforeAll(async () => {
  t = await freshDatabase('tiles', { demo: true })
  await asOwner(t.db, async (c) => {
    demo = (await c.query("select id from districts where code = 'demo'")).rows[0].id
    east = await makeDistrict(c, 'east', 'East', EAST_BOX[0], EAST_INCIDENTS)
    await createUser(c, 'boss', 'admin', 'boss-password')
    const w = await createUser(c, 'wall', 'viewer', 'wall-password')
    const o = await createUser(c, 'other', 'viewer', 'other-password')
    await c.query('insert into district_grants (user_id, district_id) values ($1, $2), ($3, $4)', [w.id, demo, o.id, east])
  })
  await t.db.query('analyze incidents')
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  admin = await loginAs('boss', 'boss-password')
  wall = await loginAs('wall', 'wall-password')
  other = await loginAs('other', 'other-password')
  csv = readIncidentsCsv(readFileSync(join(DEMO_DIR, 'incidents.csv'))).columns
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

async function loginAs(name: string, password: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name, password } })
  return `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`
}

interface Decoded { z: number; x: number; y: number; features: VectorTileFeature[] }

async function tilesFor(cookie: string, box: [number, number, number, number], z: number, query = ''): Promise<Decoded[]> {
  const out: Decoded[] = []
  for (const [x, y] of tilesOver(box, z)) {
    const r = await app.inject({ method: 'GET', url: `/api/tiles/incidents/${z}/${x}/${y}.mvt${query}`, headers: { cookie } })
    expect(r.statusCode === 200 || r.statusCode === 204, `${z}/${x}/${y}: ${r.statusCode} ${r.body}`).toBe(true)
    if (r.statusCode === 204) {
      expect(r.rawPayload.length).toBe(0)
      continue
    }
    expect(r.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
    const layer = new VectorTile(new PbfReader(r.rawPayload)).layers.incidents
    expect(Object.keys(new VectorTile(new PbfReader(r.rawPayload)).layers)).toEqual(['incidents'])
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i))
    expect(features.length).toBeGreaterThan(0)
    out.push({ z, x, y, features })
  }
  return out
}

/** n and c0..c4 summed over every feature of every tile */
function sums(tiles: Decoded[]): { n: number; c: number[] } {
  const c = new Array<number>(CATEGORIES.length).fill(0)
  let n = 0
  for (const { features } of tiles) {
    for (const f of features) {
      n += f.properties.n as number
      CATEGORIES.forEach((_, k) => (c[k] += f.properties[`c${k}`] as number))
    }
  }
  return { n, c }
}

/** the oracle: the CSV's incidents kept by the core's filter, in total and per category */
function oracle(spec: Partial<IncidentFilterSpec>): { n: number; c: number[] } {
  const keep = keepMask(csv, { ...NO_FILTER, ...spec })
  const c = new Array<number>(CATEGORIES.length).fill(0)
  let n = 0
  for (let i = 0; i < csv.count; i++) {
    if (keep && !keep[i]) continue
    n++
    c[csv.category[i]]++
  }
  return { n, c }
}

describe('incident tiles', () => {
  it('count every incident of the district once, per category, at every zoom', async () => {
    const all = oracle({})
    expect(all.n).toBe(200_000)
    for (const z of [8, 10, 13]) {
      const tiles = await tilesFor(wall, DEMO_BOX, z)
      const s = sums(tiles)
      console.log(`    z${z}: ${tiles.length} tiles, ${tiles.reduce((a, d) => a + d.features.length, 0)} cells, n = ${s.n}`)
      expect(s).toEqual(all)
    }
  })

  it('apply the period, categories, hours and weekdays as the core filter does', async () => {
    const from = parseLocalDate('2024-03-01'), to = parseLocalDate('2024-06-01')
    // 22:00-06:00 local, Saturday and Sunday
    const hoursMask = [22, 23, 0, 1, 2, 3, 4, 5].reduce((m, h) => m | (1 << h), 0)
    const weekdaysMask = (1 << 5) | (1 << 6)
    const want = oracle({ from, to, categories: [0, 2], hours: [22, 6], weekdays: [5, 6] })
    expect(want.n).toBeGreaterThan(100)
    const s = sums(await tilesFor(wall, DEMO_BOX, 11, `?from=${from}&to=${to}&categories=0,2&hours=${hoursMask}&weekdays=${weekdaysMask}`))
    console.log(`    filtered z11: n = ${s.n} (the core's filter: ${want.n})`)
    expect(s).toEqual(want)
    // each filter alone too, so that one cannot hide another's mistake
    expect(sums(await tilesFor(wall, DEMO_BOX, 9, `?weekdays=${1 << 0}`)).n).toBe(oracle({ weekdays: [0] }).n)
    expect(sums(await tilesFor(wall, DEMO_BOX, 9, `?hours=${1 << 3}`)).n).toBe(oracle({ hours: [3, 4] }).n)
    expect(sums(await tilesFor(wall, DEMO_BOX, 9, '?categories=3')).n).toBe(oracle({ categories: [3] }).n)
    expect(sums(await tilesFor(wall, DEMO_BOX, 9, `?from=${from}`)).n).toBe(oracle({ from }).n)
    expect(await tilesFor(wall, DEMO_BOX, 9, '?categories=')).toEqual([])
  })

  it('are hexagons about 20 px wide on a 512-px tile with the density of their true area', async () => {
    const [tile] = await tilesFor(wall, DEMO_BOX, 12)
    const f = tile.features.find((g) => (g.properties.n as number) > 3)!
    expect(f.type).toBe(3)
    const ring = f.loadGeometry()[0]
    expect(ring.length).toBe(7)
    const xs = ring.map((p) => p.x)
    // extent 4096 over 512 px: 8 units a pixel
    const widthPx = (Math.max(...xs) - Math.min(...xs)) / 8
    expect(widthPx).toBeGreaterThan(16)
    expect(widthPx).toBeLessThan(24)
    const lonLat = f.toGeoJSON(tile.x, tile.y, tile.z)
    const km2 = turfArea(lonLat) / 1e6
    const density = f.properties.density as number
    console.log(`    z12 cell ${widthPx.toFixed(1)} px wide, ${km2.toFixed(4)} km², n ${f.properties.n}, density ${density.toFixed(2)}/km²`)
    // turf's sphere and PostGIS's ellipsoid differ by well under 1%; the mercator area would be 1.55 times the true one at 36.7°N
    expect(Math.abs(density * km2 - (f.properties.n as number)) / (f.properties.n as number)).toBeLessThan(0.01)
  })

  it('hold only the districts the user may see', async () => {
    expect(sums(await tilesFor(other, DEMO_BOX, 10)).n).toBe(0)
    expect(sums(await tilesFor(wall, EAST_BOX, 8)).n).toBe(0)
    const e = sums(await tilesFor(other, EAST_BOX, 8))
    expect(e).toEqual({ n: 3, c: [1, 0, 2, 0, 0] })
    // an admin's tile over both counts both; cached tiles of the viewers do not leak into it
    expect(sums(await tilesFor(admin, EAST_BOX, 8)).n).toBe(3)
    expect(sums(await tilesFor(admin, DEMO_BOX, 8)).n).toBe(200_000)
  })

  it('show new incidents of a district: its cached tiles are dropped', async () => {
    expect(sums(await tilesFor(other, EAST_BOX, 9)).n).toBe(3)
    await t.db.query("insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'e4', now(), 4, 121.3, 30.2)", [east])
    let n = 0
    for (let k = 0; k < 50 && n !== 4; k++) {
      await new Promise((r) => setTimeout(r, 100))
      n = sums(await tilesFor(other, EAST_BOX, 9)).n
    }
    expect(n).toBe(4)
  })

  it('stop serving a district soon after its grant is revoked, cached tiles included', async () => {
    expect(sums(await tilesFor(other, EAST_BOX, 9)).n).toBe(4)
    await t.db.query("delete from district_grants where user_id = (select id from users where name = 'other')")
    await new Promise((r) => setTimeout(r, VISIBLE_MS + 100))
    expect(await tilesFor(other, EAST_BOX, 9)).toEqual([])
  })

  it('refuse a bad tile or filter with a 400 naming the field, and strangers with a 401', async () => {
    const get = (url: string, cookie = wall) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })
    for (const [url, field] of [
      ['/api/tiles/incidents/7/106/49.mvt', 'z'], ['/api/tiles/incidents/14/13600/6300.mvt', 'z'], ['/api/tiles/incidents/a/1/1.mvt', 'z'],
      ['/api/tiles/incidents/10/1024/390.mvt', 'x'], ['/api/tiles/incidents/10/850/1024.mvt', 'y'], ['/api/tiles/incidents/10/850/-1.mvt', 'y'],
      ['/api/tiles/incidents/10/850/390.mvt?categories=5', 'categories'], ['/api/tiles/incidents/10/850/390.mvt?hours=16777216', 'hours'],
      ['/api/tiles/incidents/10/850/390.mvt?weekdays=128', 'weekdays'], ['/api/tiles/incidents/10/850/390.mvt?from=yesterday', 'from'],
    ] as const) {
      const r = await get(url)
      expect(r.statusCode, url).toBe(400)
      expect(r.json().error, url).toMatch(new RegExp(`^${field}:`))
    }
    expect((await get('/api/tiles/incidents/10/850/390.mvt', '')).statusCode).toBe(401)
    expect((await get('/api/city', '')).statusCode).toBe(401)
  })
})

describe('the city', () => {
  it('lists the districts the user may see with outline, box and count', async () => {
    const mine = (await app.inject({ method: 'GET', url: '/api/city', headers: { cookie: wall } })).json()
    expect(mine.districts.map((d: { id: number }) => d.id)).toEqual([demo])
    const d = mine.districts[0]
    expect(d).toMatchObject({ code: 'demo', incidents: 200_000 })
    expect(['Polygon', 'MultiPolygon']).toContain(d.outline.type)
    // the streets' union holds the incidents: its box reaches at least theirs
    const lo = (a: Float64Array) => a.reduce((m, v) => Math.min(m, v), Infinity), hi = (a: Float64Array) => a.reduce((m, v) => Math.max(m, v), -Infinity)
    expect(d.bbox[0]).toBeLessThanOrEqual(lo(csv.lon))
    expect(d.bbox[2]).toBeGreaterThanOrEqual(hi(csv.lon))
    expect(d.bbox[1]).toBeLessThanOrEqual(lo(csv.lat))
    expect(d.bbox[3]).toBeGreaterThanOrEqual(hi(csv.lat))
    expect(mine.bbox).toEqual(d.bbox)

    const all = (await app.inject({ method: 'GET', url: '/api/city', headers: { cookie: admin } })).json()
    expect(all.districts.map((x: { id: number }) => x.id)).toEqual([demo, east])
    const e = all.districts[1]
    // the two unit squares' union: one rectangle
    expect(e.bbox).toEqual(EAST_BOX)
    expect(e.outline.type).toBe('Polygon')
    const rect = { type: 'Polygon' as const, coordinates: [[[121, 30], [123, 30], [123, 31], [121, 31], [121, 30]]] }
    expect(turfArea({ type: 'Feature', properties: {}, geometry: e.outline }) / turfArea({ type: 'Feature', properties: {}, geometry: rect })).toBeCloseTo(1, 6)
    expect(e.incidents).toBe(4)
    expect(all.bbox).toEqual([d.bbox[0], 30, 123, d.bbox[3]])
  })
})
