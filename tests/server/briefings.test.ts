/**
 * The server's daily briefings (src/server/briefing-service.ts, briefings.ts, briefing-routes.ts)
 * on a real database, with the headless page replaced by a renderer that writes a small file
 * naming what it was asked for (the real page is checked once, in tests/e2e/briefings.e2e.ts):
 * the missed briefing made once at start and not again after a restart, nothing before the
 * day's time, the running timer reaching it, two servers making each briefing once, failures
 * recorded and tried again a few times only, the routes' roles and districts, and the system
 * account no password opens.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, ensureAdmin, grantDistrict, setPassword } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import type { RenderJob, RenderOutcome } from '../../src/server/briefing-render'
import { BriefingService, type BriefingServiceOptions } from '../../src/server/briefing-service'
import { BRIEFING_USER, claimBriefing } from '../../src/server/briefings'
import { asOwner, asUser, type Db } from '../../src/server/db'
import { freshDatabase, type TestDb } from './db'
import { makeDistrict } from './fixture'

let t: TestDb
let db: Db
let north: number, south: number
const EIGHT = 8 * 60
// local (Asia/Shanghai) wall-clock times as instants: 09:00 local = 01:00Z
const local = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`)

/** A renderer that writes "format|district|title" and remembers every job; `fail` decides per job and format. */
function fakeRenderer(fail: (job: RenderJob, format: string, call: number) => string | null = () => null, delayMs = 0) {
  const calls: RenderJob[] = []
  const render = async (job: RenderJob): Promise<RenderOutcome> => {
    calls.push(job)
    const n = calls.filter((c) => c.districtId === job.districtId).length
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
    return Object.fromEntries(job.formats.map((f) => {
      const why = fail(job, f, n)
      return [f, why ? new Error(why) : { bytes: new TextEncoder().encode(`${f}|${job.districtName}|${job.title}`), ms: 5 }]
    }))
  }
  return { render, calls }
}

function service(o: Partial<BriefingServiceOptions> & Pick<BriefingServiceOptions, 'render' | 'now'>): BriefingService {
  return new BriefingService({ db, schedule: { minuteOfDay: EIGHT, formats: ['pdf', 'png'] }, cookieName: SESSION_COOKIE, ...o })
}

const rowsOf = async (day: string) => (await db.query<{ district_id: number; format: string; status: string; attempts: number; error: string | null; made_at: Date | null; size: number | null; bytes: Buffer | null }>(
  "select district_id, format, status, attempts, error, made_at, size, bytes from briefings where day = $1::date order by district_id, format", [day])).rows

beforeAll(async () => {
  t = await freshDatabase('briefings')
  db = t.db
  await asOwner(db, async (c) => {
    north = await makeDistrict(c, 'north', '北区', 100, [])
    south = await makeDistrict(c, 'south', '南区', 110, [])
  })
})
afterAll(async () => {
  await t?.close()
})

describe('the schedule on the database', () => {
  it('a server started after 08:00 makes the day\'s missed briefings once; a restart makes none again', async () => {
    const now = () => local('2026-03-10', '09:30')
    const a = fakeRenderer()
    const first = service({ render: a.render, now })
    await first.start('http://127.0.0.1:1/')
    await first.settled()
    await first.stop()
    const made = await rowsOf('2026-03-10')
    expect(made.map((r) => [r.district_id, r.format, r.status])).toEqual([[north, 'pdf', 'done'], [north, 'png', 'done'], [south, 'pdf', 'done'], [south, 'png', 'done']])
    // one page per district, both formats from it, the title naming district and day
    expect(a.calls.map((c) => [c.districtName, c.formats, c.title])).toEqual([['北区', ['pdf', 'png'], '北区 每日简报 2026-03-10'], ['南区', ['pdf', 'png'], '南区 每日简报 2026-03-10']])
    expect(made[0].bytes!.toString()).toBe('pdf|北区|北区 每日简报 2026-03-10')
    // the PDF is the 8:00 daily briefing of that day (snapshot --brief daily --date 2026-03-10)
    expect(a.calls.map((c) => c.day)).toEqual(['2026-03-10', '2026-03-10'])
    expect(made[0].size).toBe(made[0].bytes!.length)
    // the page signs in with a session of the system account, gone once the files are made
    const { rows: [{ n }] } = await db.query<{ n: number }>('select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.name = $1', [BRIEFING_USER])
    expect(n).toBe(0)

    const b = fakeRenderer()
    const again = service({ render: b.render, now: () => local('2026-03-10', '11:00') })
    await again.start('http://127.0.0.1:1/')
    await again.settled()
    await again.stop()
    expect(b.calls).toEqual([])
    expect((await rowsOf('2026-03-10')).map((r) => r.made_at!.getTime())).toEqual(made.map((r) => r.made_at!.getTime()))

    // every briefing made is an audit row of the system account
    const { rows: audit } = await db.query<{ user_name: string; address: string; district_id: number; detail: { day: string; format: string } }>(
      "select user_name, address, district_id, detail from audit_log where action = 'briefing.made' and detail ->> 'day' = '2026-03-10' order by id")
    expect(audit.map((r) => [r.user_name, r.address, r.district_id, r.detail.format])).toEqual([[BRIEFING_USER, 'server', north, 'pdf'], [BRIEFING_USER, 'server', north, 'png'], [BRIEFING_USER, 'server', south, 'pdf'], [BRIEFING_USER, 'server', south, 'png']])
  })

  it('a server started before the day\'s time makes nothing at start', async () => {
    const a = fakeRenderer()
    const s = service({ render: a.render, now: () => local('2026-03-11', '07:59') })
    await s.start('http://127.0.0.1:1/')
    await s.settled()
    await s.stop()
    expect(a.calls).toEqual([])
    expect(await rowsOf('2026-03-11')).toEqual([])
  })

  it('a running server makes the day\'s briefings when its timer reaches the time', async () => {
    let clock = local('2026-03-16', '07:59') + 59_000
    const a = fakeRenderer()
    const s = service({ render: a.render, now: () => clock })
    await s.start('http://127.0.0.1:1/')
    await s.settled()
    expect(a.calls).toEqual([])
    // the timer was set for 08:00, a second away; the clock passes it meanwhile
    clock = local('2026-03-16', '08:00') + 500
    for (let i = 0; i < 60 && a.calls.length < 2; i++) await new Promise((r) => setTimeout(r, 100))
    await s.settled()
    await s.stop()
    expect(a.calls.map((c) => c.districtId)).toEqual([north, south])
    expect((await rowsOf('2026-03-16')).map((r) => r.status)).toEqual(['done', 'done', 'done', 'done'])
  })

  it('two servers on one database make each briefing once', async () => {
    const now = () => local('2026-03-12', '08:00')
    const a = fakeRenderer(undefined, 150), b = fakeRenderer(undefined, 150)
    const one = service({ render: a.render, now }), two = service({ render: b.render, now })
    await Promise.all([one.start('http://127.0.0.1:1/'), two.start('http://127.0.0.1:2/')])
    await Promise.all([one.settled(), two.settled()])
    await Promise.all([one.stop(), two.stop()])
    const made = await rowsOf('2026-03-12')
    expect(made.map((r) => [r.district_id, r.format, r.status, r.attempts])).toEqual([[north, 'pdf', 'done', 1], [north, 'png', 'done', 1], [south, 'pdf', 'done', 1], [south, 'png', 'done', 1]])
    // each district's file was asked of exactly one page, on one server or the other
    const asked = [...a.calls, ...b.calls].flatMap((c) => c.formats.map((f) => `${c.districtId}:${f}`)).sort()
    expect(asked).toEqual([`${north}:pdf`, `${north}:png`, `${south}:pdf`, `${south}:png`].sort())

    // and twenty claims at once of one new briefing: one winner
    const claims = await Promise.all(Array.from({ length: 20 }, () => claimBriefing(db, north, '2026-03-13', 'pdf', { force: false, maxAttempts: 3, staleMs: 60_000 })))
    expect(claims.filter((c) => c !== null)).toHaveLength(1)
  })

  it('a failure is stored with its error and tried again, at most three times in all', async () => {
    const day = '2026-03-14'
    const now = () => local(day, '08:00')
    // south's page fails twice, then works; north's png never works
    const r = fakeRenderer((job, format, call) => (job.districtId === south && call <= 2 ? `page crashed (try ${call})` : job.districtId === north && format === 'png' ? 'png refused' : null))
    // long enough that the first tries are read back before a retry (30 ms lost that race on a
    // loaded machine), short enough for the test
    const s = service({ render: r.render, now, retryMs: 400 })
    await s.start('http://127.0.0.1:1/')
    await s.settled()
    let rows = await rowsOf(day)
    expect(rows.map((x) => [x.district_id, x.format, x.status, x.attempts, x.error])).toEqual([
      [north, 'pdf', 'done', 1, null], [north, 'png', 'failed', 1, 'png refused'], [south, 'pdf', 'failed', 1, 'page crashed (try 1)'], [south, 'png', 'failed', 1, 'page crashed (try 1)'],
    ])
    // the retries run on their timer
    for (let i = 0; i < 400 && (await rowsOf(day)).some((x) => x.status !== 'done' && x.attempts < 3); i++) {
      await new Promise((res) => setTimeout(res, 50))
      await s.settled()
    }
    await s.settled()
    await s.stop()
    rows = await rowsOf(day)
    expect(rows.map((x) => [x.district_id, x.format, x.status, x.attempts, x.error])).toEqual([
      [north, 'pdf', 'done', 1, null], [north, 'png', 'failed', 3, 'png refused'], [south, 'pdf', 'done', 3, null], [south, 'png', 'done', 3, null],
    ])
    // north's page: once for both, then twice for the png alone; south's three times
    expect(r.calls.map((c) => [c.districtId, c.formats])).toEqual(expect.arrayContaining([[north, ['pdf', 'png']], [north, ['png']], [south, ['pdf', 'png']]]))
    expect(r.calls.filter((c) => c.districtId === north)).toHaveLength(3)
    expect(r.calls.filter((c) => c.districtId === south)).toHaveLength(3)
    const { rows: [{ n }] } = await db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'briefing.failed' and detail ->> 'day' = $1", [day])
    expect(n).toBe(3 + 2 * 2)

    // a restart the same day tries nothing more: the failed one has had its three tries
    const again = fakeRenderer()
    const s2 = service({ render: again.render, now })
    await s2.start('http://127.0.0.1:1/')
    await s2.settled()
    await s2.stop()
    expect(again.calls).toEqual([])
  })

  it('a briefing left "making" by a server that stopped on an earlier day is marked failed at the next start', async () => {
    await db.query("insert into briefings (district_id, day, format, status, claimed_at) values ($1, '2026-03-01', 'pdf', 'making', now() - interval '1 hour')", [north])
    const s = service({ render: fakeRenderer().render, now: () => local('2026-03-15', '07:00'), schedule: null })
    await s.start('http://127.0.0.1:1/')
    await s.stop()
    expect((await rowsOf('2026-03-01')).map((r) => [r.status, r.error])).toEqual([['failed', 'the server stopped while making it']])
  })
})

describe('routes', () => {
  let app: FastifyInstance
  let maker: BriefingService
  const cookies: Record<string, string> = {}
  const DAY = '2026-03-20'
  const call = (who: string | null, method: 'GET' | 'POST', url: string): Promise<LightMyRequestResponse> =>
    app.inject({ method, url, headers: who ? { cookie: cookies[who] } : {} })

  beforeAll(async () => {
    await asOwner(db, async (c) => {
      for (const [name, role, district] of [['wall', 'viewer', 'north'], ['southWall', 'viewer', 'south'], ['boss', 'admin', null]] as const) {
        await createUser(c, name, role, `${name}-password`)
        if (district) await grantDistrict(c, name, district)
      }
    })
    maker = service({ render: fakeRenderer((job, f) => (job.districtId === north && f === 'png' ? 'no png today' : null)).render, now: () => local(DAY, '08:00'), schedule: null, maxAttempts: 1 })
    await maker.start('http://127.0.0.1:1/')
    app = await buildApp({ db, briefings: maker, loginAttemptsPerMinute: 1000 })
    for (const name of ['wall', 'southWall', 'boss']) {
      const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name, password: `${name}-password` } })
      cookies[name] = `${SESSION_COOKIE}=${r.cookies.find((x) => x.name === SESSION_COOKIE)!.value}`
    }
  })
  afterAll(async () => {
    await maker?.stop()
    await app?.close()
  })

  it('an admin has today\'s made now; a viewer may not ask', async () => {
    expect((await call('wall', 'POST', `/api/districts/${north}/briefings`)).statusCode).toBe(403)
    expect((await call(null, 'POST', `/api/districts/${north}/briefings`)).statusCode).toBe(401)
    const r = await call('boss', 'POST', `/api/districts/${north}/briefings`)
    expect(r.statusCode).toBe(202)
    await maker.settled()
    expect((await rowsOf(DAY)).map((x) => [x.district_id, x.format, x.status])).toEqual([[north, 'pdf', 'done'], [north, 'png', 'failed']])
    const { rows } = await db.query<{ action: string; user_name: string; detail: { requestedBy?: string } }>(
      "select action, user_name, detail from audit_log where action like 'briefing%' and (detail ->> 'day' = $1 or action = 'briefing.request') order by id", [DAY])
    expect(rows.map((x) => [x.action, x.user_name, x.detail.requestedBy ?? null])).toEqual([
      ['briefing.request', 'boss', null], ['briefing.made', BRIEFING_USER, 'boss'], ['briefing.failed', BRIEFING_USER, 'boss'],
    ])
  })

  it('viewers of the district list and download; others get 401 or 404', async () => {
    expect((await call(null, 'GET', `/api/districts/${north}/briefings`)).statusCode).toBe(401)
    expect((await call('southWall', 'GET', `/api/districts/${north}/briefings`)).statusCode).toBe(404)
    const list = await call('wall', 'GET', `/api/districts/${north}/briefings`)
    expect(list.statusCode).toBe(200)
    const items = (list.json().briefings as { id: number; day: string; format: string; status: string; size: number | null; madeAt: string | null; error: string | null }[]).filter((b) => b.day === DAY)
    expect(items.map((b) => [b.format, b.status])).toEqual([['pdf', 'done'], ['png', 'failed']])
    const pdf = items[0], png = items[1]
    expect(png.error).toBe('no png today')
    // the list carries no file bytes
    expect(Object.keys(pdf)).not.toContain('bytes')

    const file = await call('wall', 'GET', `/api/districts/${north}/briefings/${pdf.id}`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['content-disposition']).toBe(`attachment; filename="briefing-${DAY}-${north}.pdf"`)
    expect(file.body).toBe(`pdf|北区|北区 每日简报 ${DAY}`)
    expect(pdf.size).toBe(file.rawPayload.length)
    // a failed one is no file
    expect((await call('wall', 'GET', `/api/districts/${north}/briefings/${png.id}`)).statusCode).toBe(409)
    // another district's viewer, through either path, and a briefing id of another district
    expect((await call('southWall', 'GET', `/api/districts/${north}/briefings/${pdf.id}`)).statusCode).toBe(404)
    expect((await call('southWall', 'GET', `/api/districts/${south}/briefings/${pdf.id}`)).statusCode).toBe(404)
    expect((await call('wall', 'GET', `/api/districts/${north}/briefings/999999`)).statusCode).toBe(404)
    expect((await call('wall', 'GET', `/api/districts/${north}/briefings/abc`)).statusCode).toBe(400)
    // the download is an audit row of who fetched it
    const { rows: [d] } = await db.query<{ user_name: string; detail: { file: string } }>("select user_name, detail from audit_log where action = 'briefing.download' order by id desc limit 1")
    expect([d.user_name, d.detail.file]).toEqual(['wall', `briefing-${DAY}-${north}.pdf`])
    // row-level security: the viewer's own queries see no other district's briefing
    const seen = await asUser(db, (await db.query<{ id: number }>("select id from users where name = 'southWall'")).rows[0].id,
      async (c) => (await c.query<{ district_id: number }>('select distinct district_id from briefings')).rows.map((x) => x.district_id))
    expect(seen).toEqual([south])
  })
})

describe('the system account', () => {
  it('is never signed in with a password, and is nobody\'s first admin', async () => {
    const app = await buildApp({ db, loginAttemptsPerMinute: 1000 })
    try {
      // even with a password set on it by hand
      await setPassword(db, BRIEFING_USER, 'a-known-password')
      const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name: BRIEFING_USER, password: 'a-known-password' } })
      expect(r.statusCode).toBe(401)
    } finally {
      await app.close()
    }
    const other = await freshDatabase('briefings_admin')
    try {
      const s = new BriefingService({ db: other.db, schedule: null, cookieName: SESSION_COOKIE, render: fakeRenderer().render })
      await s.make({ force: false })
      const made = await asOwner(other.db, (c) => ensureAdmin(c, 'first-admin-password'))
      expect(made.created).toBe(true)
    } finally {
      await other.close()
    }
  })
})
