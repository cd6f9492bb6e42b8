/**
 * The safety index, the timeline's bars and the monthly series per area, computed by the
 * server in SQL over the stored assignment, against the core run on the same files (the
 * independent oracle: the core's own join, counts and formulas in memory). On the demo and on
 * real public data (Chicago homicides in the 77 community areas, with their population).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { areaSafetyIndex } from '../../src/core/area-safety'
import { areasFromGeoJson, type AreaSet } from '../../src/core/areas'
import { CATEGORIES, packedString, type IncidentColumns } from '../../src/core/incidents'
import { keepMask, NO_FILTER, type IncidentFilterSpec } from '../../src/core/incident-filter'
import { monthOf, parseLocalDate, type Period } from '../../src/core/periods'
import { buildAreaIndex, joinPoints } from '../../src/core/spatial-join'
import { autoBinMs, timeHistogram } from '../../src/core/time-histogram'
import { timeProfile } from '../../src/core/time-profile'
import { decodeIncidentColumns } from '../../src/io/incident-columns-file'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { applyPopulation, readPopulationCsv } from '../../src/io/population-csv'
import { createUser } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { asOwner, asUser } from '../../src/server/db'
import { DEMO_DIR } from '../../src/server/demo-seed'
import { realData } from '../fixtures/real'
import { freshDatabase, type TestDb } from './db'

let t: TestDb
let app: FastifyInstance
let admin: string, viewer: string
let demo: number, chicago: number

interface Files { areas: AreaSet; inc: IncidentColumns; assign: Int32Array }

function core(areas: AreaSet, inc: IncidentColumns): Files {
  return { areas, inc, assign: joinPoints(buildAreaIndex(areas), inc.lon, inc.lat, inc.count) }
}

const demoFiles = () => core(
  areasFromGeoJson(JSON.parse(readFileSync(join(DEMO_DIR, 'streets.geojson'), 'utf8'))).areas,
  readIncidentsCsv(readFileSync(join(DEMO_DIR, 'incidents.csv'))).columns,
)

function chicagoFiles(): Files {
  const { areas } = areasFromGeoJson(JSON.parse(readFileSync(realData('chicago/community_areas.geojson'), 'utf8')), { idField: 'area_numbe', nameField: 'community' })
  applyPopulation(areas, readPopulationCsv(readFileSync(realData('chicago/community_populations.csv'), 'utf8')).byId)
  return core(areas, readIncidentsCsv(readFileSync(realData('chicago/homicides.csv')), { categoryLabels: { HOMICIDE: 'criminal' } }).columns)
}

beforeAll(async () => {
  t = await freshDatabase('analytics', { demo: true })
  await asOwner(t.db, async (c) => {
    demo = (await c.query("select id from districts where code = 'demo'")).rows[0].id
    chicago = (await c.query("insert into districts (code, name) values ('chicago', 'Chicago') returning id")).rows[0].id
    await createUser(c, 'boss', 'admin', 'boss-password')
    const wall = await createUser(c, 'wall', 'viewer', 'wall-password')
    await c.query('insert into district_grants (user_id, district_id) values ($1, $2)', [wall.id, demo])
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  admin = await loginAs('boss', 'boss-password')
  viewer = await loginAs('wall', 'wall-password')
  const post = (query: string, file: string) => app.inject({
    method: 'POST', url: `/api/districts/${chicago}/load?${query}`, headers: { cookie: admin, 'content-type': 'application/octet-stream' }, payload: readFileSync(realData(file)),
  })
  expect((await post('kind=streets&fields=id%3Darea_numbe,name%3Dcommunity', 'chicago/community_areas.geojson')).statusCode).toBe(200)
  expect((await post('kind=population&layer=street', 'chicago/community_populations.csv')).statusCode).toBe(200)
  expect((await post('kind=incidents&categories=HOMICIDE%3Dcriminal', 'chicago/homicides.csv')).statusCode).toBe(200)
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

async function loginAs(name: string, password: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name, password } })
  return `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`
}

async function get(url: string, cookie = admin) {
  const r = await app.inject({ method: 'GET', url, headers: { cookie } })
  expect(r.statusCode, r.body).toBe(200)
  return r.json()
}

/** The core's safety index rows with the area's id and name in place of its index. */
function coreIndex(f: Files, period: Period, weights = { case: 1, fire: 1, problem: 1 }) {
  return areaSafetyIndex({ assign: f.assign, category: f.inc.category, time: f.inc.time, count: f.inc.count, population: f.areas.population, period, weights })
    .map(({ area, ...rest }) => ({ id: f.areas.ids[area], name: f.areas.names[area], ...rest }))
}

const range = (time: Float64Array): [number, number] => {
  let lo = Infinity, hi = -Infinity
  for (const x of time) { lo = Math.min(lo, x); hi = Math.max(hi, x) }
  return [lo, hi]
}

describe.each([
  ['the demo', () => demo, demoFiles],
  ['Chicago homicides (real)', () => chicago, chicagoFiles],
])('%s: the server\'s figures equal the core\'s on the same files', (_, district, files) => {
  let f: Files
  beforeAll(() => { f = files() })

  it('safety index for the month of the latest incident (the default period)', async () => {
    const latest = monthOf(range(f.inc.time)[1])
    const body = await get(`/api/districts/${district()}/safety-index?layer=street`)
    expect(body.period).toEqual(latest)
    const expected = coreIndex(f, latest)
    expect(body.rows).toEqual(expected)
    expect(body.unassigned).toBe(f.assign.filter((a) => a < 0).length)
    // not vacuous: areas are ranked and some have alerts in the period and in its bases
    expect(expected.filter((r) => r.rank !== null).length).toBeGreaterThan(5)
    expect(expected.some((r) => r.case + r.fire + r.problem > 0)).toBe(true)
    expect(expected.some((r) => r.mom !== null)).toBe(true)
  })

  it('safety index for a period that is not whole months, with weights', async () => {
    const t0 = range(f.inc.time)[1] - 200 * 86_400_000
    const period = { from: parseLocalDate(new Date(t0 + 8 * 3600_000).toISOString().slice(0, 10)), to: 0 }
    period.to = period.from + 75 * 86_400_000
    const weights = { case: 2, fire: 0.5, problem: 0.1 }
    const body = await get(`/api/districts/${district()}/safety-index?layer=street&from=${period.from}&to=${period.to}&weights=case=2,fire=0.5,problem=0.1`)
    expect(body.rows).toEqual(coreIndex(f, period, weights))
    expect(body.rows.filter((r: { case: number }) => r.case > 0).length).toBeGreaterThan(3)
  })

  it('the timeline\'s bars over the whole range, with and without a category filter, and with a bin of 30 days', async () => {
    const r = range(f.inc.time)
    const all = await get(`/api/districts/${district()}/histogram`)
    const expected = timeHistogram(f.inc.time, f.inc.count, r, autoBinMs(r))
    expect(all).toEqual({ from: expected.from, binMs: expected.binMs, range: r, counts: Array.from(expected.counts) })
    expect(all.counts.reduce((s: number, n: number) => s + n, 0)).toBe(f.inc.count)

    const keep = f.inc.category.map((k) => (k === 0 || k === 2 ? 1 : 0))
    const some = await get(`/api/districts/${district()}/histogram?categories=criminal,fire&days=30`)
    expect(some.counts).toEqual(Array.from(timeHistogram(f.inc.time, f.inc.count, r, 30 * 86_400_000, keep).counts))
    expect(some.counts.some((n: number) => n > 0)).toBe(true)
  })

  it('the bars under subtypes, an hour range across midnight and weekdays equal the core\'s keepMask; the extent is the data\'s', async () => {
    const r = range(f.inc.time)
    expect(await get(`/api/districts/${district()}/extent`)).toEqual({ count: f.inc.count, range: r })
    // the two most frequent subtypes, so that each filter keeps something and drops something
    const freq = new Map<number, number>()
    for (let i = 0; i < f.inc.count; i++) freq.set(f.inc.subtype[i], (freq.get(f.inc.subtype[i]) ?? 0) + 1)
    const top = [...freq].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([code]) => code)
    const specs: Partial<IncidentFilterSpec>[] = [
      { subtypes: top },
      { hours: [22, 6] },
      { hours: [9, 17], weekdays: [0, 6] },
      { categories: [0], hours: [20, 2], weekdays: [4, 5, 6] },
      { subtypes: top, hours: [20, 2], weekdays: [4, 5, 6] },
      { hours: [7, 7] },
    ]
    for (const partial of specs) {
      const spec: IncidentFilterSpec = { ...NO_FILTER, ...partial }
      const keep = keepMask(f.inc, spec)
      const expected = Array.from(timeHistogram(f.inc.time, f.inc.count, r, autoBinMs(r), keep).counts)
      const q = new URLSearchParams()
      if (spec.categories) q.set('categories', spec.categories.map((k) => CATEGORIES[k]).join(','))
      if (spec.subtypes) q.set('subtypes', JSON.stringify(spec.subtypes.map((k) => f.inc.subtypes[k])))
      if (spec.hours) q.set('hours', spec.hours.join(','))
      if (spec.weekdays) q.set('weekdays', spec.weekdays.join(','))
      const body = await get(`/api/districts/${district()}/histogram?${q}`)
      expect(body.counts, JSON.stringify(partial)).toEqual(expected)
      const kept = expected.reduce((s, n) => s + n, 0)
      if (!(partial.hours?.[0] === partial.hours?.[1] && partial.hours)) expect(kept, JSON.stringify(partial)).toBeLessThan(f.inc.count)
      expect(kept, JSON.stringify(partial)).toBeGreaterThan(0)
    }
  })

  it('the monthly series per area, over all data and over a given range', async () => {
    const check = async (query: string, opts: { from?: number; to?: number; keep?: Uint8Array }) => {
      const body = await get(`/api/districts/${district()}/monthly?layer=street${query}`)
      const p = timeProfile(f.assign, f.inc.time, f.inc.count, f.areas.count, opts)
      expect(body.months).toEqual(p.months)
      expect(body.areas.map((a: { id: string }) => a.id)).toEqual(f.areas.ids)
      expect(body.areas.map((a: { counts: number[] }) => a.counts)).toEqual(f.areas.ids.map((_, a) => Array.from(p.monthly.subarray(a * p.months.length, (a + 1) * p.months.length))))
      expect(p.months.length).toBeGreaterThan(1)
    }
    await check('', {})
    const [lo, hi] = range(f.inc.time)
    const from = lo + Math.round((hi - lo) / 3), to = hi - Math.round((hi - lo) / 5)
    await check(`&from=${from}&to=${to}`, { from, to })
    await check(`&from=${from}&categories=${CATEGORIES[0]}`, { from, keep: f.inc.category.map((k) => (k === 0 ? 1 : 0)) })
  })
})

describe('uncertain times (time_to windows): stored, served to the page, spread in the bars and the monthly series as the core spreads them', () => {
  let w: number
  let f: Files
  const H = 3_600_000, D = 24 * H
  // Windows the core's tests check by hand, across midnight, a month end, a week and more
  const LENGTHS = [9 * H, 30 * 60_000, 3 * D + 5 * H, 10 * D, 40 * D]

  /** 12,000 demo incidents; every third gets a window of one of LENGTHS, as an export with 发案时间起/止 */
  function windowedCsv(): Uint8Array {
    const lines = readFileSync(join(DEMO_DIR, 'incidents.csv'), 'utf8').split('\n').slice(0, 12_001)
    const head = lines[0].split(',')
    const ti = head.indexOf('time')
    const out = [['id', '发案时间起', '发案时间止', ...head.filter((_, k) => k !== 0 && k !== ti)].join(',')]
    lines.slice(1).forEach((line, r) => {
      const c = line.split(',')
      const start = c[ti]
      // local wall clock in, local wall clock out: read and written as if UTC
      const end = r % 3 === 0 ? new Date(Date.parse(`${start}Z`) + LENGTHS[(r / 3) % LENGTHS.length]).toISOString().slice(0, 19) : ''
      out.push([c[0], start, end, ...c.filter((_, k) => k !== 0 && k !== ti)].join(','))
    })
    return new TextEncoder().encode(out.join('\n') + '\n')
  }

  beforeAll(async () => {
    const csv = windowedCsv()
    await asOwner(t.db, async (c) => {
      w = (await c.query("insert into districts (code, name) values ('windows', 'Windows') returning id")).rows[0].id
    })
    const post = (query: string, payload: Uint8Array) => app.inject({
      method: 'POST', url: `/api/districts/${w}/load?${query}`, headers: { cookie: admin, 'content-type': 'application/octet-stream' }, payload: Buffer.from(payload),
    })
    expect((await post('kind=streets', readFileSync(join(DEMO_DIR, 'streets.geojson')))).statusCode).toBe(200)
    const load = await post('kind=incidents', csv)
    expect(load.statusCode, load.body).toBe(200)
    f = core(areasFromGeoJson(JSON.parse(readFileSync(join(DEMO_DIR, 'streets.geojson'), 'utf8'))).areas, readIncidentsCsv(csv).columns)
    expect(f.inc.count).toBe(12_000)
    // not vacuous: a third of the rows carry a window
    expect(Array.from(f.inc.timeTo!).filter((e) => !Number.isNaN(e)).length).toBe(4_000)
  })

  const close = (got: number[], want: ArrayLike<number>, what: string) => {
    expect(got.length, what).toBe(want.length)
    got.forEach((x, k) => expect(Math.abs(x - want[k]), `${what} [${k}]: ${x} vs ${want[k]}`).toBeLessThan(1e-6))
  }

  it('the page gets the windows back as the file gave them', async () => {
    const r = await app.inject({ url: `/api/districts/${w}/incidents`, headers: { cookie: admin } })
    const body = r.rawPayload
    const { columns } = decodeIncidentColumns(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer)
    const end = new Map(Array.from({ length: f.inc.count }, (_, i) => [packedString(f.inc.id, i), f.inc.timeTo![i]]))
    expect(columns.count).toBe(f.inc.count)
    for (let i = 0; i < columns.count; i++) expect(columns.timeTo![i]).toEqual(end.get(packedString(columns.id, i)))
  })

  it('the bars spread each window over the bins it overlaps, under categories, hours across midnight and weekdays', async () => {
    const r = range(f.inc.time)
    const specs: Partial<IncidentFilterSpec>[] = [{}, { categories: [0, 1] }, { hours: [22, 6] }, { hours: [2, 4], weekdays: [5, 6] }, { weekdays: [0] }]
    for (const partial of specs) {
      const spec: IncidentFilterSpec = { ...NO_FILTER, ...partial }
      const expected = timeHistogram(f.inc.time, f.inc.count, r, autoBinMs(r), keepMask(f.inc, spec), f.inc.timeTo).counts
      const q = new URLSearchParams()
      if (spec.categories) q.set('categories', spec.categories.map((k) => CATEGORIES[k]).join(','))
      if (spec.hours) q.set('hours', spec.hours.join(','))
      if (spec.weekdays) q.set('weekdays', spec.weekdays.join(','))
      const body = await get(`/api/districts/${w}/histogram?${q}`)
      close(body.counts, expected, JSON.stringify(partial))
      // not vacuous: fractions are there (a spread window), and a filter drops rows
      expect(body.counts.some((n: number) => !Number.isInteger(n)), JSON.stringify(partial)).toBe(true)
    }
    // a window of 40 days touches every hour: kept under 02–04 on Saturdays and Sundays
    const narrow = keepMask(f.inc, { ...NO_FILTER, hours: [2, 4], weekdays: [5, 6] })!
    expect(narrow.reduce((a, k, i) => a + (k && f.inc.timeTo![i] - f.inc.time[i] === 40 * D ? 1 : 0), 0)).toBeGreaterThan(100)
  })

  it('the monthly series per area spread windows over the months, inside a range too', async () => {
    const check = async (query: string, opts: { from?: number; to?: number; keep?: Uint8Array }) => {
      const body = await get(`/api/districts/${w}/monthly?layer=street${query}`)
      const p = timeProfile(f.assign, f.inc.time, f.inc.count, f.areas.count, { ...opts, timeTo: f.inc.timeTo })
      expect(body.months).toEqual(p.months)
      f.areas.ids.forEach((_, a) => close(body.areas[a].counts, p.monthly.subarray(a * p.months.length, (a + 1) * p.months.length), `${query} area ${a}`))
      expect(p.months.length).toBeGreaterThan(1)
    }
    await check('', {})
    const [lo, hi] = range(f.inc.time)
    const from = lo + Math.round((hi - lo) / 3), to = hi - Math.round((hi - lo) / 5)
    await check(`&from=${from}&to=${to}`, { from, to })
    await check(`&to=${to}&categories=${CATEGORIES[0]}`, { to, keep: f.inc.category.map((k) => (k === 0 ? 1 : 0)) })
  })
})

describe('the analytics\' transactions', () => {
  // a query over Chicago's 2001-2025 plans a scan per monthly partition (304), which crossed
  // jit_above_cost: JIT compiled ~1,200 functions for 27-40 s per statement
  it('run without JIT, on the monthly partitions of a long history', async () => {
    const months = (await t.db.query("select count(*)::int as n from pg_inherits where inhparent = 'incidents'::regclass")).rows[0].n
    expect(months).toBeGreaterThan(24 * 12)
    expect(await asUser(t.db, 1, async (c) => (await c.query('show jit')).rows[0].jit)).toBe('off')
    expect(await asOwner(t.db, async (c) => (await c.query('show jit')).rows[0].jit)).toBe('off')
  })
})

describe('who may read the analytics', () => {
  it('anonymous: 401; a district not granted: 404 as if it did not exist; bad parameters: 400', async () => {
    for (const path of ['safety-index?layer=street', 'histogram', 'monthly?layer=street', 'extent']) {
      expect((await app.inject({ method: 'GET', url: `/api/districts/${demo}/${path}` })).statusCode).toBe(401)
      expect((await app.inject({ method: 'GET', url: `/api/districts/${chicago}/${path}`, headers: { cookie: viewer } })).statusCode).toBe(404)
      expect((await app.inject({ method: 'GET', url: `/api/districts/${demo}/${path}`, headers: { cookie: viewer } })).statusCode).toBe(200)
    }
    const bad = async (url: string) => (await app.inject({ method: 'GET', url: `/api/districts/${demo}/${url}`, headers: { cookie: viewer } })).statusCode
    expect(await bad('safety-index')).toBe(400)
    expect(await bad('safety-index?layer=street&from=0')).toBe(400)
    expect(await bad('safety-index?layer=street&weights=case=-1')).toBe(400)
    expect(await bad('histogram?days=0')).toBe(400)
    expect(await bad('histogram?subtypes=fight')).toBe(400)
    expect(await bad('histogram?hours=3')).toBe(400)
    expect(await bad('histogram?hours=3,25')).toBe(400)
    expect(await bad('histogram?weekdays=7')).toBe(400)
    expect(await bad('monthly?layer=street&categories=theft')).toBe(400)
  })
})
