/**
 * The audit trail through the API and the database: each event is one row with the right
 * user, address and action; only admins read it; no role, the tables' owner included, can
 * change or remove a row; the filters on a hand-made set of rows; the trigger attached to a
 * new table; cross-site write requests refused.
 */
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { EXPORTS_PER_MINUTE } from '../../src/server/audit-routes'
import { asOwner, asUser } from '../../src/server/db'
import { runAs } from '../../src/server/request-context'
import { freshDatabase, type TestDb } from './db'
import { incidentsCsv, makeDistrict } from './fixture'

const WRONG_PASSWORD = 'Zq7-not-the-password-Zq7'

let t: TestDb
let app: FastifyInstance
let north: number, south: number
let bossId: number, wallId: number

beforeAll(async () => {
  t = await freshDatabase('audit')
  await asOwner(t.db, async (c) => {
    north = await makeDistrict(c, 'north', 'North', 100, [['N1', 'criminal', 100.5, 30.5]])
    south = await makeDistrict(c, 'south', 'South', 110, [['S1', 'criminal', 110.5, 30.5]])
    bossId = (await createUser(c, 'boss', 'admin', 'boss-password')).id
    wallId = (await createUser(c, 'wall', 'viewer', 'wall-password')).id
    await grantDistrict(c, 'wall', 'north')
  })
  app = await buildApp({ db: t.db, loginAttemptsPerMinute: 1000 })
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

interface Row { id: number; at: Date; user_id: number | null; user_name: string; address: string; action: string; district_id: number | null; detail: Record<string, unknown> }

/** The rows added while `fn` ran, oldest first. */
async function added(fn: () => Promise<unknown>): Promise<Row[]> {
  const before = (await t.db.query<{ m: number }>('select coalesce(max(id), 0) as m from audit_log')).rows[0].m
  await fn()
  return (await t.db.query<Row>('select * from audit_log where id > $1 order by id', [before])).rows
}

async function loginAs(name: string, password: string, remoteAddress = '127.0.0.1'): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name, password }, remoteAddress })
  expect(r.statusCode).toBe(200)
  return `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`
}

describe('each event is one row: who, from where, what', () => {
  it('login, failed login (the name tried, never the password), logout', async () => {
    let cookie = ''
    const ok = await added(async () => { cookie = await loginAs('wall', 'wall-password', '10.1.2.3') })
    expect(ok).toMatchObject([{ action: 'login', user_id: wallId, user_name: 'wall', address: '10.1.2.3' }])

    const failed = await added(async () => {
      const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name: 'boss', password: WRONG_PASSWORD }, remoteAddress: '10.9.9.9' })
      expect(r.statusCode).toBe(401)
      const unknown = await app.inject({ method: 'POST', url: '/api/login', payload: { name: 'nobody', password: WRONG_PASSWORD }, remoteAddress: '10.9.9.9' })
      expect(unknown.statusCode).toBe(401)
    })
    expect(failed).toMatchObject([
      { action: 'login.failed', user_id: null, user_name: 'boss', address: '10.9.9.9' },
      { action: 'login.failed', user_id: null, user_name: 'nobody', address: '10.9.9.9' },
    ])
    const leaked = await t.db.query('select id from audit_log where audit_log::text like $1', [`%${WRONG_PASSWORD}%`])
    expect(leaked.rows).toEqual([])

    const out = await added(() => app.inject({ method: 'POST', url: '/api/logout', headers: { cookie }, remoteAddress: '10.1.2.3' }))
    expect(out).toMatchObject([{ action: 'logout', user_id: wallId, user_name: 'wall', address: '10.1.2.3' }])
  })

  it('a load: one row with who, district, kind, file, rows stored and rejected; a refused load says so and stores nothing', async () => {
    const cookie = await loginAs('boss', 'boss-password')
    // two good rows, one with a category the contract does not know (rejected)
    const file = incidentsCsv([['A1', 'criminal', 100.2, 30.2], ['A2', 'fire', 100.4, 30.4], ['A3', 'no-such-category', 100.6, 30.6]])
    const rows = await added(async () => {
      const r = await app.inject({
        method: 'POST', url: `/api/districts/${north}/load?kind=incidents&name=${encodeURIComponent('警情 5月.csv')}`,
        headers: { cookie, 'content-type': 'application/octet-stream' }, payload: Buffer.from(file), remoteAddress: '10.0.0.7',
      })
      expect(r.statusCode, r.body).toBe(200)
    })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ action: 'import', user_id: bossId, user_name: 'boss', address: '10.0.0.7', district_id: north })
    expect(rows[0].detail).toMatchObject({ kind: 'incidents', file: '警情 5月.csv', rowsRead: 3 })
    const d = rows[0].detail as { rowsKept: number; rejected: number; stored: { inserted: number } }
    // what the database holds now is what the row says was stored
    const held = (await t.db.query("select count(*)::int as n from incidents where district_id = $1 and source_id like 'A%'", [north])).rows[0].n
    expect([d.stored.inserted, d.rowsKept + d.rejected]).toEqual([held, 3])

    const before = (await t.db.query('select count(*)::int as n from incidents')).rows[0].n
    const refused = await added(async () => {
      const r = await app.inject({
        method: 'POST', url: `/api/districts/${north}/load?kind=incidents&name=empty.csv`,
        headers: { cookie, 'content-type': 'application/octet-stream' }, payload: Buffer.from('nothing,useful\n'),
      })
      expect(r.statusCode).toBe(422)
    })
    expect(refused).toMatchObject([{ action: 'import.refused', user_name: 'boss', district_id: north, detail: { kind: 'incidents', file: 'empty.csv' } }])
    expect((await t.db.query('select count(*)::int as n from incidents')).rows[0].n).toBe(before)
  })

  it('a user made through the API: the admin who made it, from where; no password hash in the row', async () => {
    const cookie = await loginAs('boss', 'boss-password')
    const rows = await added(async () => {
      const r = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie }, payload: { name: 'desk', role: 'analyst', password: 'desk-password' }, remoteAddress: '10.0.0.8' })
      expect(r.statusCode).toBe(201)
    })
    expect(rows).toMatchObject([{ action: 'user.create', user_id: bossId, user_name: 'boss', address: '10.0.0.8', detail: { table: 'users', name: 'desk', role: 'analyst' } }])
    expect(JSON.stringify(rows)).not.toMatch(/scrypt|password_hash/)
  })

  it('password, role and grant changes made in SQL by whoever acts (here a request\'s actor), with what changed', async () => {
    const rows = await added(() => runAs({ userId: bossId, address: '10.0.0.9' }, () => asOwner(t.db, async (c) => {
      await c.query("update users set password_hash = 'scrypt$x', updated_at = now() where name = 'desk'")
      await c.query("update users set role = 'planner' where name = 'desk'")
      await c.query("update users set role = 'planner' where name = 'desk'")
      await grantDistrict(c, 'desk', 'south')
      await c.query("delete from district_grants where user_id = (select id from users where name = 'desk')")
    })))
    expect(rows.map((r) => [r.action, r.user_name, r.address])).toEqual([
      ['user.password', 'boss', '10.0.0.9'], ['user.change', 'boss', '10.0.0.9'], ['grant.add', 'boss', '10.0.0.9'], ['grant.remove', 'boss', '10.0.0.9'],
    ])
    expect(rows[0].detail.changed).toEqual(['password_hash', 'updated_at'])
    expect(rows[1].detail).toMatchObject({ role: 'planner', before: { role: 'analyst' }, changed: ['role'] })
    expect([rows[2].district_id, rows[3].district_id]).toEqual([south, south])
    expect(JSON.stringify(rows)).not.toContain('scrypt')
  })

  it('direct SQL with no actor is recorded as the database role, with no address', async () => {
    const rows = await added(() => t.db.query("insert into districts (code, name) values ('east', 'East')"))
    const role = (await t.db.query('select session_user as u')).rows[0].u
    const east = (await t.db.query("select id from districts where code = 'east'")).rows[0].id
    expect(rows).toMatchObject([{ action: 'district.insert', user_id: null, user_name: role, address: '', district_id: east, detail: { code: 'east', name: 'East' } }])
  })

  it('an export the app reports: any signed-in user, for a district it sees; anything else refused and not recorded', async () => {
    const cookie = await loginAs('wall', 'wall-password')
    const ok = await added(async () => {
      const r = await app.inject({ method: 'POST', url: '/api/audit/export', headers: { cookie }, payload: { kind: 'pdf', title: '每日简报', district: north }, remoteAddress: '10.0.0.10' })
      expect(r.statusCode).toBe(201)
    })
    expect(ok).toMatchObject([{ action: 'export', user_name: 'wall', address: '10.0.0.10', district_id: north, detail: { kind: 'pdf', title: '每日简报' } }])
    const refused = await added(async () => {
      for (const [payload, status] of [
        [{ kind: 'pdf', district: south }, 404],
        [{ kind: 'exe' }, 400],
        [{ kind: 'png', title: 'x'.repeat(201) }, 400],
        [{ kind: 'png', district: '1; drop table audit_log' }, 400],
      ] as const) {
        expect((await app.inject({ method: 'POST', url: '/api/audit/export', headers: { cookie }, payload })).statusCode, JSON.stringify(payload)).toBe(status)
      }
    })
    expect(refused).toEqual([])
  })

  it(`export reports from one address: ${EXPORTS_PER_MINUTE} a minute, then refused`, async () => {
    const cookie = await loginAs('wall', 'wall-password')
    const codes: number[] = []
    for (let i = 0; i <= EXPORTS_PER_MINUTE; i++) {
      codes.push((await app.inject({ method: 'POST', url: '/api/audit/export', headers: { cookie }, payload: { kind: 'png' }, remoteAddress: '10.0.0.99' })).statusCode)
    }
    expect(codes.filter((c) => c === 201)).toHaveLength(EXPORTS_PER_MINUTE)
    expect(codes.at(-1)).toBe(429)
  })
})

describe('only admins read it, nobody changes it', () => {
  it('GET /api/audit: 403 below admin; the database shows a non-admin no row either', async () => {
    const wall = await loginAs('wall', 'wall-password')
    expect((await app.inject({ url: '/api/audit', headers: { cookie: wall } })).statusCode).toBe(403)
    const seen = await asUser(t.db, wallId, async (c) => (await c.query('select count(*)::int as n from audit_log')).rows[0].n)
    expect(seen).toBe(0)
    const admin = await loginAs('boss', 'boss-password')
    const r = await app.inject({ url: '/api/audit?limit=5', headers: { cookie: admin } })
    expect(r.statusCode).toBe(200)
    const { total } = r.json()
    expect(total).toBe((await t.db.query('select count(*)::int as n from audit_log')).rows[0].n)
  })

  it('no route changes or removes a row', async () => {
    const admin = await loginAs('boss', 'boss-password')
    const snapshot = async () => (await t.db.query('select * from audit_log order by id')).rows
    const before = await snapshot()
    const id = before[0].id
    for (const [method, url] of [['DELETE', '/api/audit'], ['DELETE', `/api/audit/${id}`], ['PUT', `/api/audit/${id}`], ['PATCH', `/api/audit/${id}`], ['POST', '/api/audit']] as const) {
      const r = await app.inject({ method, url, headers: { cookie: admin }, payload: { action: 'nothing happened' } })
      expect(r.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400)
    }
    // the refused attempts log nothing either; only the admin's login above is newer
    expect(await snapshot()).toEqual(before)
  })

  it('UPDATE, DELETE and TRUNCATE fail as the app role (an admin\'s request) and as the tables\' owner; the rows stay as they were', async () => {
    const snapshot = async () => (await t.db.query('select * from audit_log order by id')).rows
    const before = await snapshot()
    expect(before.length).toBeGreaterThan(5)
    const attempts = ["update audit_log set user_name = 'someone else'", "update audit_log set detail = '{}' where action = 'login.failed'", 'delete from audit_log', "delete from audit_log where action = 'login.failed'", 'truncate audit_log']
    for (const sql of attempts) {
      await expect(asUser(t.db, bossId, (c) => c.query(sql)), `pingan_app: ${sql}`).rejects.toThrow(/permission denied/)
      await expect(asOwner(t.db, (c) => c.query(sql)), `owner: ${sql}`).rejects.toThrow(/append-only/)
    }
    // the owner connection's role, by name: the server's DATABASE_URL login (here the cluster's)
    const owner = new pg.Client({ connectionString: t.url })
    await owner.connect()
    try {
      await expect(owner.query('delete from audit_log')).rejects.toThrow(/append-only/)
    } finally {
      await owner.end()
    }
    expect(await snapshot()).toEqual(before)
  })
})

describe('filters on a hand-made set', () => {
  // far from every other row of this database: 2001, names no test uses elsewhere
  const at = (s: string) => new Date(s).toISOString()
  const SET: [string, string, string][] = [
    ['2001-03-01T00:00:00+08:00', 'filt-a', 'login'],
    ['2001-03-01T12:00:00+08:00', 'filt-b', 'user.create'],
    ['2001-03-02T00:00:00+08:00', 'filt-a', 'user.password'],
    ['2001-03-02T23:59:59.999+08:00', 'filt-b', 'userx'],
    ['2001-03-03T00:00:00+08:00', 'filt-a', 'import'],
  ]
  beforeAll(async () => {
    for (const [time, user, action] of SET) {
      await t.db.query('insert into audit_log (at, user_name, address, action) values ($1, $2, $3, $4)', [time, user, '10.5.5.5', action])
    }
  })
  const ask = async (q: string) => {
    const admin = await loginAs('boss', 'boss-password')
    const r = await app.inject({ url: `/api/audit?${q}`, headers: { cookie: admin } })
    return { status: r.statusCode, body: r.json() }
  }
  const picked = async (q: string) => {
    const { status, body } = await ask(q)
    expect(status, JSON.stringify(body)).toBe(200)
    return { total: body.total as number, rows: (body.rows as { at: string; user: string; action: string }[]).map((r) => [r.at, r.user, r.action]) }
  }
  const from = Date.parse('2001-03-01T00:00:00+08:00'), to = Date.parse('2001-03-04T00:00:00+08:00')
  const expected = (keep: (r: [string, string, string]) => boolean) => SET.filter(keep).map(([time, user, action]) => [at(time), user, action]).reverse()

  it('from inclusive, to exclusive, newest first', async () => {
    expect((await picked(`from=${from}&to=${to}`)).rows).toEqual(expected(() => true))
    // an ISO time works as well as epoch ms; the row exactly at `to` is left out
    const r = await picked(`from=${encodeURIComponent('2001-03-01T12:00:00+08:00')}&to=${encodeURIComponent('2001-03-03T00:00:00+08:00')}`)
    expect(r.rows).toEqual(expected(([time]) => Date.parse(time) >= Date.parse('2001-03-01T12:00:00+08:00') && Date.parse(time) < Date.parse('2001-03-03T00:00:00+08:00')))
  })

  it('user (exact), action (a code or its family), paging with total', async () => {
    const range = `from=${from}&to=${to}`
    expect((await picked(`${range}&user=filt-a`)).rows).toEqual(expected(([, u]) => u === 'filt-a'))
    expect((await picked(`${range}&user=filt-`)).rows).toEqual([])
    expect((await picked(`${range}&action=user`)).rows).toEqual(expected(([, , a]) => a === 'user.create' || a === 'user.password'))
    expect((await picked(`${range}&action=user.create`)).rows).toEqual(expected(([, , a]) => a === 'user.create'))
    const all = expected(() => true)
    const p1 = await picked(`${range}&limit=2`), p2 = await picked(`${range}&limit=2&offset=2`), p3 = await picked(`${range}&limit=2&offset=4`)
    expect([p1.total, p2.total, p3.total]).toEqual([5, 5, 5])
    expect([...p1.rows, ...p2.rows, ...p3.rows]).toEqual(all)
  })

  it('values that are no filter: 400 with what is expected', async () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=2.5', 'offset=-1', 'from=yesterday', 'to=2001-13-45', "action=login'--", 'action=DROP%20TABLE', 'bogus=1', 'user=a&user=b', `user=${'x'.repeat(201)}`]) {
      const { status, body } = await ask(q)
      expect(status, q).toBe(400)
      expect(body.error, q).toMatch(/\w+: |unknown parameter/)
    }
  })
})

describe('the row trigger on a table made later', () => {
  it('records insert, update (what changed, old values) and delete by the request\'s user and address, copying only the named columns', async () => {
    await t.db.query(`
      create table notes (id serial primary key, district_id int not null, name text not null, secret text not null default '');
      alter table notes enable row level security;
      create policy notes_visible on notes using (district_id = any ((select pingan_visible_districts())::int[])) with check (district_id = any ((select pingan_visible_districts())::int[]));
      grant select, insert, update, delete on notes to pingan_app;
      grant usage on sequence notes_id_seq to pingan_app;
      create trigger notes_audit after insert or update or delete on notes for each row execute function pingan_audit_row('note', 'id', 'name');`)
    const rows = await added(() => runAs({ address: '10.7.7.7' }, () => asUser(t.db, wallId, async (c) => {
      const id = (await c.query("insert into notes (district_id, name, secret) values ($1, 'first', 'hunter2') returning id", [north])).rows[0].id
      await c.query("update notes set name = 'second', secret = 'hunter3' where id = $1", [id])
      await c.query('delete from notes where id = $1', [id])
    })))
    expect(rows.map((r) => [r.action, r.user_id, r.user_name, r.address, r.district_id])).toEqual([
      ['note.insert', wallId, 'wall', '10.7.7.7', north], ['note.update', wallId, 'wall', '10.7.7.7', north], ['note.delete', wallId, 'wall', '10.7.7.7', north],
    ])
    expect(rows[1].detail).toEqual({ table: 'notes', id: rows[0].detail.id, name: 'second', changed: ['name', 'secret'], before: { name: 'first' } })
    expect(JSON.stringify(rows)).not.toContain('hunter')
  })
})

describe('cross-site requests', () => {
  const HOST = '127.0.0.1:8080'
  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/login', headers: { host: HOST, ...headers }, payload: { name: 'wall', password: 'wall-password' } })

  it('a write from another origin (by Origin, else Referer) is refused before anything happens', async () => {
    const rows = await added(async () => {
      for (const headers of <Record<string, string>[]>[
        { origin: 'http://evil.example' }, { origin: 'http://127.0.0.1:8081' }, { origin: 'null' }, { origin: 'not a url' },
        { referer: 'http://evil.example/page' }, { origin: 'http://evil.example', referer: `http://${HOST}/` },
      ]) {
        const r = await post(headers)
        expect(r.statusCode, JSON.stringify(headers)).toBe(403)
        expect(r.json().error).toMatch(/cross-site request refused/)
        expect(r.cookies).toEqual([])
      }
    })
    expect(rows).toEqual([])
    // with a session too: the write never reaches the route
    const cookie = await loginAs('boss', 'boss-password')
    const r = await app.inject({ method: 'POST', url: '/api/users', headers: { host: HOST, origin: 'http://evil.example', cookie }, payload: { name: 'planted', role: 'admin', password: 'planted-password' } })
    expect(r.statusCode).toBe(403)
    expect((await t.db.query("select count(*)::int as n from users where name = 'planted'")).rows[0].n).toBe(0)
  })

  it('same origin, no Origin or Referer at all (the command line), and reads pass', async () => {
    for (const headers of <Record<string, string>[]>[{ origin: `http://${HOST}` }, { origin: `HTTP://${HOST.toUpperCase()}` }, { referer: `http://${HOST}/index.html` }, {}]) {
      expect((await post(headers)).statusCode, JSON.stringify(headers)).toBe(200)
    }
    const cookie = await loginAs('wall', 'wall-password')
    expect((await app.inject({ url: '/api/me', headers: { host: HOST, origin: 'http://evil.example', cookie } })).statusCode).toBe(200)
  })
})
