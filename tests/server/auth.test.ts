import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, grantDistrict, setPassword } from '../../src/server/accounts'
import { buildApp, LOGIN_ATTEMPTS_PER_MINUTE, PUBLIC_ROUTES, SESSION_COOKIE } from '../../src/server/app'
import { asOwner } from '../../src/server/db'
import { decodeIncidentColumns } from '../../src/io/incident-columns-file'
import { packedString } from '../../src/core/incidents'
import { hashPassword, verifyPassword } from '../../src/server/passwords'
import { freshDatabase, type TestDb } from './db'
import { makeDistrict } from './fixture'

const HOSTILE = `'); drop table incidents; -- <script>alert(1)</script> "x" \\ \t 平安`
// user names take no control characters (they show in logs and lists): the same without its tab
const HOSTILE_NAME = HOSTILE.replace('\t', '')

let t: TestDb
let app: FastifyInstance
let north: number, south: number

beforeAll(async () => {
  t = await freshDatabase('auth')
  await asOwner(t.db, async (c) => {
    north = await makeDistrict(c, 'north', HOSTILE, 100, [['N1', 'criminal', 100.5, 30.5, HOSTILE], ['N2', 'fire', 101, 30.5], ['N3', 'criminal', 101.5, 30.2]])
    south = await makeDistrict(c, 'south', 'South', 110, [['S1', 'criminal', 110.5, 30.5], ['S2', 'criminal', 111.5, 30.5]])
    await createUser(c, 'boss', 'admin', 'boss-password')
    await createUser(c, 'wall', 'viewer', 'wall-password')
    await createUser(c, HOSTILE_NAME, 'analyst', 'analyst-password')
    await grantDistrict(c, 'wall', 'north')
    await grantDistrict(c, HOSTILE_NAME, 'south')
  })
  // the many logins of these tests would trip the limit, which has a test of its own below
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

async function loginAs(name: string, password: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name, password } })
  expect(r.statusCode).toBe(200)
  const cookie = r.cookies.find((c) => c.name === SESSION_COOKIE)!
  return `${SESSION_COOKIE}=${cookie.value}`
}

const API_ROUTES: [string, string][] = [
  ['POST', '/api/logout'], ['GET', '/api/me'], ['GET', '/api/districts'], ['GET', '/api/districts/1/areas?layer=street'],
  ['GET', '/api/districts/1/incidents'], ['GET', '/api/districts/1/counts?layer=street'], ['GET', '/api/users'], ['POST', '/api/users'],
  ['GET', '/api/no-such-route'], ['GET', '/api?x=1'],
]

describe('passwords', () => {
  it('verify the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse')
    const b = await hashPassword('correct horse')
    expect(a).not.toBe(b)
    expect(await verifyPassword('correct horse', a)).toBe(true)
    expect(await verifyPassword('correct horsf', a)).toBe(false)
    expect(await verifyPassword('correct horse', 'plain-text')).toBe(false)
  })
})

describe('accounts and roles', () => {
  it('only the login route is public', () => {
    expect([...PUBLIC_ROUTES]).toEqual(['POST /api/login'])
  })

  it.each(API_ROUTES)('anonymous %s %s: 401', async (method, url) => {
    const r = await app.inject({ method: method as 'GET', url, payload: method === 'POST' ? {} : undefined })
    expect(r.statusCode).toBe(401)
  })

  it('a forged or logged-out session is refused', async () => {
    expect((await app.inject({ url: '/api/me', headers: { cookie: `${SESSION_COOKIE}=forged` } })).statusCode).toBe(401)
    const cookie = await loginAs('wall', 'wall-password')
    expect((await app.inject({ url: '/api/me', headers: { cookie } })).json()).toEqual({ name: 'wall', role: 'viewer' })
    expect((await app.inject({ method: 'POST', url: '/api/logout', headers: { cookie } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401)
  })

  it('the session cookie is HttpOnly and SameSite=Strict; a wrong password or name gets none', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name: 'wall', password: 'wall-password' } })
    const c = r.cookies.find((x) => x.name === SESSION_COOKIE)!
    expect(c.httpOnly).toBe(true)
    expect(c.sameSite).toBe('Strict')
    for (const payload of [{ name: 'wall', password: 'wrong-password' }, { name: 'nobody', password: 'wall-password' }]) {
      const bad = await app.inject({ method: 'POST', url: '/api/login', payload })
      expect(bad.statusCode).toBe(401)
      expect(bad.cookies).toEqual([])
    }
  })

  it('a role below the route\'s refuses with 403', async () => {
    const cookie = await loginAs('wall', 'wall-password')
    expect((await app.inject({ url: '/api/users', headers: { cookie } })).statusCode).toBe(403)
    const post = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie }, payload: { name: 'x', role: 'admin', password: 'xxxxxxxxxx' } })
    expect(post.statusCode).toBe(403)
    const admin = await loginAs('boss', 'boss-password')
    expect((await app.inject({ url: '/api/users', headers: { cookie: admin } })).statusCode).toBe(200)
  })

  it('a changed password ends the old sessions', async () => {
    await asOwner(t.db, (c) => createUser(c, 'temp', 'viewer', 'first-password'))
    const cookie = await loginAs('temp', 'first-password')
    await setPassword(t.db, 'temp', 'second-password')
    expect((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401)
    await loginAs('temp', 'second-password')
  })
})

describe('districts by grant (row-level security)', () => {
  it('a user sees only the granted district through the API', async () => {
    const cookie = await loginAs('wall', 'wall-password')
    const list = (await app.inject({ url: '/api/districts', headers: { cookie } })).json()
    expect(list).toEqual([{ id: north, code: 'north', name: HOSTILE }])
    for (const what of ['counts?layer=street', 'incidents', 'areas?layer=street']) {
      expect((await app.inject({ url: `/api/districts/${south}/${what}`, headers: { cookie } })).statusCode).toBe(404)
    }
    const admin = await loginAs('boss', 'boss-password')
    expect((await app.inject({ url: '/api/districts', headers: { cookie: admin } })).json().map((d: { code: string }) => d.code)).toEqual(['north', 'south'])
  })

  it('even a direct SQL query as the app role sees only the granted district, and nothing without a user', async () => {
    const c = new pg.Client({ connectionString: t.url })
    await c.connect()
    try {
      const wall = (await c.query("select id from users where name = 'wall'")).rows[0].id
      await c.query('begin')
      await c.query('set local role pingan_app')
      expect((await c.query('select count(*)::int as n from incidents')).rows[0].n).toBe(0)
      await c.query("select set_config('pingan.user_id', $1, true)", [String(wall)])
      const rows = (await c.query('select distinct district_id from incidents union select distinct district_id from areas')).rows
      expect(rows).toEqual([{ district_id: north }])
      // writing into a district not granted is refused by the policy too
      await expect(c.query("insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'X', now(), 0, 0, 0)", [south]))
        .rejects.toThrow(/row-level security/)
      await c.query('rollback')
      await c.query('begin')
      await c.query('set local role pingan_app')
      await expect(c.query('select * from users')).rejects.toThrow(/permission denied/)
      await c.query('rollback')
    } finally {
      await c.end()
    }
  })
})

describe('hostile text', () => {
  it('names and fields holding SQL and markup round-trip verbatim', async () => {
    const cookie = await loginAs(HOSTILE_NAME, 'analyst-password')
    expect((await app.inject({ url: '/api/me', headers: { cookie } })).json().name).toBe(HOSTILE_NAME)
    const admin = await loginAs('boss', 'boss-password')
    expect((await app.inject({ url: '/api/districts', headers: { cookie: admin } })).json()[0].name).toBe(HOSTILE)
    const r = await app.inject({ url: `/api/districts/${north}/incidents`, headers: { cookie: admin } })
    expect(r.headers['content-type']).toBe('application/octet-stream')
    const body = r.rawPayload
    const { columns } = decodeIncidentColumns(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer)
    const byId = new Map(Array.from({ length: columns.count }, (_, i) => [packedString(columns.id, i), packedString(columns.address, i)]))
    expect(byId.get('N1')).toBe(HOSTILE)
    expect((await t.db.query('select count(*)::int as n from incidents')).rows[0].n).toBe(5)
  })
})

describe('counts through the API', () => {
  it('the point on the shared edge is counted once, in the east area', async () => {
    const admin = await loginAs('boss', 'boss-password')
    const rows = (await app.inject({ url: `/api/districts/${north}/counts?layer=street`, headers: { cookie: admin } })).json()
    // N1 (100.5) west; N2 on the edge x=101 → east; N3 (101.5) east
    expect(rows.map((r: { id: string; count: number }) => [r.id, r.count])).toEqual([['north-W', 1], ['north-E', 2]])
    const crime = (await app.inject({ url: `/api/districts/${north}/counts?layer=street&categories=criminal`, headers: { cookie: admin } })).json()
    expect(crime.map((r: { count: number }) => r.count)).toEqual([1, 1])
    expect((await app.inject({ url: `/api/districts/${north}/counts?layer=nope`, headers: { cookie: admin } })).statusCode).toBe(400)
  })
})

describe('login rate limit', () => {
  it(`refuses the attempt after ${LOGIN_ATTEMPTS_PER_MINUTE} in a minute from one address`, async () => {
    const limited = await buildApp({ db: t.db })
    try {
      const codes: number[] = []
      for (let i = 0; i <= LOGIN_ATTEMPTS_PER_MINUTE; i++) {
        codes.push((await limited.inject({ method: 'POST', url: '/api/login', payload: { name: 'wall', password: 'guess-' + i } })).statusCode)
      }
      expect(codes.slice(0, LOGIN_ATTEMPTS_PER_MINUTE).every((s) => s === 401)).toBe(true)
      expect(codes[LOGIN_ATTEMPTS_PER_MINUTE]).toBe(429)
    } finally {
      await limited.close()
    }
  })
})
