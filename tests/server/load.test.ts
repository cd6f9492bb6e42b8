import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { createUser } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { countByArea } from '../../src/server/area-counts'
import { LoadAborted } from '../../src/server/copy-in'
import { asOwner, asUser } from '../../src/server/db'
import { loadIncidents } from '../../src/server/load-incidents'
import { realData } from '../fixtures/real'
import { freshDatabase, type TestDb } from './db'
import { incidentsCsv, makeDistrict } from './fixture'

let t: TestDb
let app: FastifyInstance
let admin: string
let chicago: number, small: number
const out = mkdtempSync(join(tmpdir(), 'pingan-load-'))

beforeAll(async () => {
  t = await freshDatabase('load')
  await asOwner(t.db, async (c) => {
    chicago = (await c.query("insert into districts (code, name) values ('chicago', 'Chicago') returning id")).rows[0].id
    small = await makeDistrict(c, 'small', 'Small', 100, [['A1', 'criminal', 100.5, 30.5]])
    await createUser(c, 'boss', 'admin', 'boss-password')
    await createUser(c, 'planner', 'planner', 'planner-password')
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
  admin = await loginAs('boss', 'boss-password')
})
afterAll(async () => {
  await app?.close()
  await t?.close()
  rmSync(out, { recursive: true, force: true })
})

async function loginAs(name: string, password: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name, password } })
  return `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`
}

function post(district: number, query: string, body: Uint8Array | Buffer, cookie = admin) {
  return app.inject({ method: 'POST', url: `/api/districts/${district}/load?${query}`, headers: { cookie, 'content-type': 'application/octet-stream' }, payload: Buffer.from(body) })
}

const incidentCount = async (district: number) => (await t.db.query('select count(*)::int as n from incidents where district_id = $1', [district])).rows[0].n as number

describe('loading a real public file (Chicago homicides in community areas)', () => {
  it('stores what the import keeps, and the counts per area equal the CLI\'s join on the same files', async () => {
    const areas = await post(chicago, 'kind=streets&fields=id%3Darea_numbe,name%3Dcommunity&name=community_areas.geojson', readFileSync(realData('chicago/community_areas.geojson')))
    expect(areas.statusCode).toBe(200)
    expect(areas.json().stored.areas).toBe(77)
    const inc = await post(chicago, 'kind=incidents&categories=HOMICIDE%3Dcriminal&name=homicides.csv', readFileSync(realData('chicago/homicides.csv')))
    expect(inc.statusCode).toBe(200)
    const body = inc.json()
    // PROVENANCE.md: 13,174 records, 3 without coordinates
    expect(body.report.rowsRead).toBe(13_174)
    expect(body.report.rejectedCount).toBe(3)
    expect(body.stored).toEqual({ inserted: 13_171, updated: 0, unchanged: 0 })

    const csv = join(out, 'join.csv')
    const code = await runCli(['join', '--areas', realData('chicago/community_areas.geojson'), '--id-field', 'area_numbe', '--incidents', realData('chicago/homicides.csv'),
      '--category-map', 'HOMICIDE=criminal', '--out', csv], { warn() {}, info() {} })
    expect(code).toBe(0)
    const [header, ...lines] = readFileSync(csv, 'utf8').trim().split('\n')
    expect(header).toBe('id,count,criminal,public_order,fire,problem,other')
    const server = await countByArea(t.db, { districtId: chicago, layer: 'street' })
    expect(server.map((r) => [r.id, r.count, ...r.byCategory].join(','))).toEqual(lines)
    expect(server.reduce((s, r) => s + r.count, 0)).toBeGreaterThan(13_000)
  })

  it('loading the same files again doubles nothing', async () => {
    const again = await post(chicago, 'kind=incidents&categories=HOMICIDE%3Dcriminal&name=homicides.csv', readFileSync(realData('chicago/homicides.csv')))
    expect(again.json().stored).toEqual({ inserted: 0, updated: 0, unchanged: 13_171 })
    expect(await incidentCount(chicago)).toBe(13_171)
    await post(chicago, 'kind=streets&fields=id%3Darea_numbe,name%3Dcommunity', readFileSync(realData('chicago/community_areas.geojson')))
    expect((await t.db.query('select count(*)::int as n from areas where district_id = $1', [chicago])).rows[0].n).toBe(77)
  })
})

describe('loading a changed row', () => {
  it('replaces its fields and its area, and leaves the rows the file repeats as they were', async () => {
    const file = (lon: number, cat: string) => new TextEncoder().encode(`id,time,category,lon,lat\nU1,2024-07-01T08:00:00,${cat},${lon},30.5\nU2,2024-07-01T09:00:00,fire,100.5,30.5\n`)
    expect((await post(small, 'kind=incidents', file(100.5, 'criminal'))).json().stored).toEqual({ inserted: 2, updated: 0, unchanged: 0 })
    expect((await post(small, 'kind=incidents', file(101.5, 'public_order'))).json().stored).toEqual({ inserted: 0, updated: 1, unchanged: 1 })
    const july = { districtId: small, layer: 'street' as const, from: Date.parse('2024-07-01T00:00:00+08:00') }
    // U1 moved from the west square to the east one as a public-order incident
    expect((await countByArea(t.db, july)).map((r) => [r.id, r.byCategory])).toEqual([['small-W', [0, 0, 1, 0, 0]], ['small-E', [0, 1, 0, 0, 0]]])
  })
})

describe('loads that go wrong', () => {
  it('a file with bad rows keeps the good ones and reports the bad ones by line', async () => {
    const text = [
      'id,time,category,subtype,lon,lat,address',
      'B1,2024-05-01T10:00:00,criminal,theft,100.5,30.5,ok', // line 2
      'B2,not-a-time,criminal,theft,100.5,30.5,bad time', // line 3
      'B3,2024-05-01T10:00:00,fire,,abc,30.5,bad lon', // line 4
      'B4,2024-05-01T11:00:00,fire,,101.5,30.5,ok', // line 5
      'B1,2024-05-01T12:00:00,fire,,101.5,30.5,duplicate id', // line 6
    ].join('\n') + '\n'
    const before = await incidentCount(small)
    const r = await post(small, 'kind=incidents', new TextEncoder().encode(text))
    expect(r.statusCode).toBe(200)
    const { report, stored } = r.json()
    expect(report.rejected.map((x: { line: number }) => x.line)).toEqual([3, 4, 6])
    expect(stored).toEqual({ inserted: 2, updated: 0, unchanged: 0 })
    expect(await incidentCount(small)).toBe(before + 2)
  })

  it('a file with nothing usable is refused with its report and changes nothing', async () => {
    const before = await incidentCount(small)
    const r = await post(small, 'kind=incidents', new TextEncoder().encode('id,time,category,lon,lat\nX,never,criminal,1,1\n'))
    expect(r.statusCode).toBe(422)
    expect(r.json().report.rejectedCount).toBe(1)
    expect(await incidentCount(small)).toBe(before)
  })

  it('a load stopped in the middle of its COPY leaves the database as it was', async () => {
    const rows: [string, string, number, number][] = Array.from({ length: 60_000 }, (_, i) => [`K${i}`, 'criminal', 100 + (i % 200) / 100, 30.5])
    const cols = readIncidentsCsv(incidentsCsv(rows)).columns
    const before = (await t.db.query('select count(*)::int as n, max(id) as m from incidents')).rows[0]
    let reads = 0
    // aborted once the COPY has sent its first chunks of rows
    const signal = { get aborted() { return ++reads > 2 } } as AbortSignal
    const boss = (await t.db.query("select id from users where name = 'boss'")).rows[0].id
    await expect(asUser(t.db, boss, (c) => loadIncidents(c, small, cols, { signal }))).rejects.toBeInstanceOf(LoadAborted)
    expect(reads).toBeGreaterThan(2)
    expect((await t.db.query('select count(*)::int as n, max(id) as m from incidents')).rows[0]).toEqual(before)
    // and the pool still works after the failed COPY
    expect((await t.db.query('select 1 as one')).rows).toEqual([{ one: 1 }])
  })

  it('a load whose database connection is killed mid-way (a server that dies) leaves the database as it was', async () => {
    const rows: [string, string, number, number][] = Array.from({ length: 200_000 }, (_, i) => [`Z${i}`, 'fire', 100 + (i % 200) / 100, 30.5])
    const cols = readIncidentsCsv(incidentsCsv(rows)).columns
    const before = (await t.db.query('select count(*)::int as n, max(id) as m from incidents')).rows[0]
    const boss = (await t.db.query("select id from users where name = 'boss'")).rows[0].id
    const loading = asUser(t.db, boss, (c) => loadIncidents(c, small, cols))
    let settled = false
    loading.then(() => { settled = true }, () => { settled = true })
    let killed = 0
    // the load's statements all name its temporary table: kill the backend while one runs
    while (killed === 0 && !settled) {
      const r = await t.db.query("select pg_terminate_backend(pid) as ok from pg_stat_activity where state = 'active' and query like '%incoming_incidents%' and pid <> pg_backend_pid()")
      killed = r.rowCount ?? 0
      if (killed === 0) await new Promise((res) => setTimeout(res, 20))
    }
    expect(killed).toBe(1)
    await expect(loading).rejects.toThrow(/terminat/)
    expect((await t.db.query('select count(*)::int as n, max(id) as m from incidents')).rows[0]).toEqual(before)
  })

  it('only an admin loads', async () => {
    const planner = await loginAs('planner', 'planner-password')
    const r = await post(small, 'kind=incidents', new TextEncoder().encode('id,time,category,lon,lat\nP,2024-01-01,criminal,100.5,30.5\n'), planner)
    expect(r.statusCode).toBe(403)
  })
})

describe('npm run cli -- load', () => {
  it('logs in, loads a file with bad rows into the named district, prints and writes the report', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' })
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/`
    const file = join(out, 'cli-incidents.csv')
    writeFileSync(file, 'id,time,category,lon,lat\nC1,2024-06-01T08:00:00,criminal,100.25,30.5\nC2,2024-06-01,criminal,north,30.5\nC3,2024-06-01T09:00:00,fire,101.75,30.5\n')
    const report = join(out, 'cli-report.csv')
    const before = await incidentCount(small)
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['src/cli/pingan-map.mjs', 'load', ...args],
      { env: { ...process.env, PINGAN_USER: 'boss', PINGAN_PASSWORD: 'boss-password' } })
    const r = await cli('--server', url, '--kind', 'incidents', '--district', 'small', '--report', report, file)
    expect(r.stderr).toContain(`${file}:3: bad_coordinates`)
    expect(r.stderr).toContain('3 read, 2 kept, 1 rejected; stored in small: 2 inserted, 0 updated, 0 unchanged')
    expect(readFileSync(report, 'utf8')).toMatch(/^line,reason,detail\r?\n3,bad_coordinates,/)
    expect(await incidentCount(small)).toBe(before + 2)
    // C1 (100.25) is in the west square, C3 (101.75) in the east one
    const counts = await countByArea(t.db, { districtId: small, layer: 'street', from: Date.parse('2024-06-01T00:00:00+08:00'), to: Date.parse('2024-06-02T00:00:00+08:00') })
    expect(counts.map((c) => [c.id, c.count])).toEqual([['small-W', 1], ['small-E', 1]])

    // a wrong password and an unknown district are refused before anything is sent
    await expect(promisify(execFile)(process.execPath, ['src/cli/pingan-map.mjs', 'load', '--server', url, '--kind', 'incidents', '--user', 'boss', '--password', 'wrong-password', file]))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('login as boss refused (401)') })
    await expect(cli('--server', url, '--kind', 'incidents', '--district', 'atlantis', file)).rejects.toMatchObject({ code: 2 })
    expect(await incidentCount(small)).toBe(before + 2)
  })
})
