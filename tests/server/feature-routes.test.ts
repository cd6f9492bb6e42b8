/**
 * The read routes of the layers without analytics (src/server/feature-routes.ts): what was
 * loaded comes back in file order with its properties, cameras as the camera CSV the app reads
 * back to the same columns; anonymous requests and districts not granted are refused.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { asOwner } from '../../src/server/db'
import { loadCameras, loadFeatureLayer } from '../../src/server/load-features'
import { readCamerasCsv } from '../../src/io/cameras-csv'
import { freshDatabase, type TestDb } from './db'
import { makeDistrict } from './fixture'

const HOSTILE = `'); drop table cameras; -- <script>alert(1)</script> "x", 平安`
// ids that need quoting in CSV: a comma, a quote, a line break
const CAMERAS_CSV = [
  'id,lon,lat,type,azimuth,fov,range,class,status',
  'C1,100.5,30.5,bullet,45,70,60,A,online',
  `"${HOSTILE.replace(/"/g, '""')}",100.6,30.6,dome,0,360,30,B,offline`,
  '"line\nbreak",100.7,30.7,ptz,270,60,150,B,online',
].join('\n') + '\n'

const stations = {
  type: 'FeatureCollection' as const,
  features: [
    { type: 'Feature' as const, properties: { id: 'S2', name: HOSTILE }, geometry: { type: 'Point' as const, coordinates: [100.9, 30.9] } },
    { type: 'Feature' as const, properties: { id: 'S1', name: '派出所' }, geometry: { type: 'Point' as const, coordinates: [100.1, 30.1] } },
  ],
}

let t: TestDb
let app: FastifyInstance
let north: number, south: number
let cookie: string

beforeAll(async () => {
  t = await freshDatabase('features')
  await asOwner(t.db, async (c) => {
    north = await makeDistrict(c, 'north', 'North', 100, [])
    south = await makeDistrict(c, 'south', 'South', 110, [])
    await loadFeatureLayer(c, north, 'stations', stations)
    await loadFeatureLayer(c, south, 'stations', { type: 'FeatureCollection', features: [stations.features[1]] })
    await loadCameras(c, north, readCamerasCsv(CAMERAS_CSV, 'cameras.csv').cameras)
    await createUser(c, 'wall', 'viewer', 'wall-password')
    await grantDistrict(c, 'wall', 'north')
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name: 'wall', password: 'wall-password' } })
  cookie = `${SESSION_COOKIE}=${r.cookies.find((x) => x.name === SESSION_COOKIE)!.value}`
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

describe('feature and camera routes', () => {
  it.each(['features?kind=stations', 'cameras'])('anonymous GET %s: 401', async (what) => {
    expect((await app.inject({ url: `/api/districts/${north}/${what}` })).statusCode).toBe(401)
  })

  it('a district not granted answers 404, as one that does not exist', async () => {
    for (const id of [south, 999999]) {
      expect((await app.inject({ url: `/api/districts/${id}/features?kind=stations`, headers: { cookie } })).statusCode).toBe(404)
      expect((await app.inject({ url: `/api/districts/${id}/cameras`, headers: { cookie } })).statusCode).toBe(404)
    }
  })

  it('a layer comes back in file order with its properties verbatim; an unknown kind is refused', async () => {
    const r = await app.inject({ url: `/api/districts/${north}/features?kind=stations`, headers: { cookie } })
    expect(r.statusCode).toBe(200)
    const fc = r.json()
    expect(fc.features.map((f: { properties: unknown }) => f.properties)).toEqual(stations.features.map((f) => f.properties))
    expect(fc.features.map((f: { geometry: unknown }) => f.geometry)).toEqual(stations.features.map((f) => f.geometry))
    for (const kind of ['users', 'stations;drop', '']) {
      expect((await app.inject({ url: `/api/districts/${north}/features?kind=${encodeURIComponent(kind)}`, headers: { cookie } })).statusCode).toBe(400)
    }
    // the other district's layer is not mixed in, and the empty kinds are empty
    expect((await app.inject({ url: `/api/districts/${north}/features?kind=roads`, headers: { cookie } })).json().features).toEqual([])
  })

  it('cameras come back as a CSV the app reads to the same columns', async () => {
    const r = await app.inject({ url: `/api/districts/${north}/cameras`, headers: { cookie } })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toMatch(/^text\/csv/)
    const back = readCamerasCsv(r.body, 'cameras.csv')
    const orig = readCamerasCsv(CAMERAS_CSV, 'cameras.csv').cameras
    expect(back.report.rejectedCount).toBe(0)
    expect(back.cameras.ids).toEqual(['C1', HOSTILE, 'line\nbreak'])
    for (const k of ['lon', 'lat', 'type', 'azimuth', 'fov', 'range', 'cls', 'status'] as const) expect(Array.from(back.cameras[k]), k).toEqual(Array.from(orig[k]))
  })
})
