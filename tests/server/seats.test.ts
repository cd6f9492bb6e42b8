/**
 * Scenes and plans on the server (src/server/scene-routes.ts, plan-routes.ts): a desk saves,
 * reorders and deletes scenes and the list's ETag moves with each; plan writes name their base
 * revision, a stale one is refused with nothing stored, two writes on one base have exactly one
 * winner; history and restore; roles and districts; hostile bodies; and a restart of the server
 * (a new process's pool and app on the same database) keeps everything.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { buildApp, SESSION_COOKIE } from '../../src/server/app'
import { asOwner, openPool, type Db } from '../../src/server/db'
import { freshDatabase, type TestDb } from './db'
import { makeDistrict } from './fixture'

const HOSTILE = `'); drop table plans; -- <script>alert(1)</script> "x" 平安`

let t: TestDb
let db: Db
let app: FastifyInstance
let north: number, south: number
const cookies: Record<string, string> = {}

const scene = (id: string, title: string, extra: Record<string, unknown> = {}) => ({
  id, title, center: [100.5, 30.5], zoom: 12, layers: ['incidents'], filter: {}, durationS: 20, ...extra,
})
const cam = (id: string, lon = 100.5) => ({ id, lon, lat: 30.5, type: 'bullet', azimuth: 90, fov: 60, range: 80, source: 'hand' })
const planOf = (cameras: unknown[]) => ({ createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', cameras })

async function signIn(name: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/login', payload: { name, password: `${name}-password` } })
  expect(r.statusCode).toBe(200)
  return `${SESSION_COOKIE}=${r.cookies.find((x) => x.name === SESSION_COOKIE)!.value}`
}

function call(who: string | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, payload: payload as never, headers: { ...(who ? { cookie: cookies[who] } : {}), ...headers } })
}

const count = async (table: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0].n

beforeAll(async () => {
  t = await freshDatabase('seats')
  db = t.db
  await asOwner(db, async (c) => {
    north = await makeDistrict(c, 'north', 'North', 100, [])
    south = await makeDistrict(c, 'south', 'South', 110, [])
    for (const [name, role] of [['wall', 'viewer'], ['desk', 'analyst'], ['planA', 'planner'], ['planB', 'planner'], ['southDesk', 'planner']] as const) {
      await createUser(c, name, role, `${name}-password`)
      await grantDistrict(c, name, name === 'southDesk' ? 'south' : 'north')
    }
  })
  app = await buildApp({ db, loginAttemptsPerMinute: 1000 })
  for (const name of ['wall', 'desk', 'planA', 'planB', 'southDesk']) cookies[name] = await signIn(name)
})
afterAll(async () => {
  await app?.close()
  await t?.close()
})

describe('scenes', () => {
  it('a desk saves, reorders and deletes; the wall reads each change and its ETag answers 304 until the next', async () => {
    const list = () => call('wall', 'GET', `/api/districts/${north}/scenes`)
    const first = await list()
    expect(first.statusCode).toBe(200)
    expect(first.json().scenes).toEqual([])
    const tag0 = first.headers.etag as string
    expect((await call('wall', 'GET', `/api/districts/${north}/scenes`, undefined, { 'if-none-match': tag0 })).statusCode).toBe(304)

    for (const [id, title] of [['s1', '派出所周边'], ['s2', HOSTILE], ['s3', 'third']]) {
      const r = await call('desk', 'POST', `/api/districts/${north}/scenes`, { scene: scene(id, title) })
      expect(r.statusCode).toBe(201)
      expect(r.json()).toMatchObject({ id, revision: 1, updatedBy: 'desk' })
    }
    const after = await call('wall', 'GET', `/api/districts/${north}/scenes`, undefined, { 'if-none-match': tag0 })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(tag0)
    expect(after.json().scenes.map((s: { id: string }) => s.id)).toEqual(['s1', 's2', 's3'])
    // stored verbatim: the title holding SQL and markup comes back as typed
    expect(after.json().scenes[1].scene).toEqual(scene('s2', HOSTILE, { filter: { categories: null, subtypes: null, from: null, to: null, hours: null, weekdays: null } }))

    const order = await call('desk', 'PUT', `/api/districts/${north}/scene-order`, { ids: ['s3', 's1', 's2'] })
    expect(order.statusCode).toBe(200)
    expect((await list()).json().scenes.map((s: { id: string }) => s.id)).toEqual(['s3', 's1', 's2'])
    // an order made before a scene was added (it misses one) is refused, the order stays
    const stale = await call('desk', 'PUT', `/api/districts/${north}/scene-order`, { ids: ['s1', 's2'] })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().ids).toEqual(['s3', 's1', 's2'])
    expect((await call('desk', 'PUT', `/api/districts/${north}/scene-order`, { ids: ['s1', 's1', 's2'] })).statusCode).toBe(409)

    const edited = await call('desk', 'PUT', `/api/districts/${north}/scenes/s1`, { scene: scene('s1', 'renamed'), baseRevision: 1 })
    expect(edited.statusCode).toBe(200)
    expect(edited.json().revision).toBe(2)
    const old = await call('desk', 'PUT', `/api/districts/${north}/scenes/s1`, { scene: scene('s1', 'lost'), baseRevision: 1 })
    expect(old.statusCode).toBe(409)
    expect(old.json().current.scene.title).toBe('renamed')

    expect((await call('desk', 'DELETE', `/api/districts/${north}/scenes/s3?baseRevision=2`)).statusCode).toBe(409)
    expect((await call('desk', 'DELETE', `/api/districts/${north}/scenes/s3?baseRevision=1`)).statusCode).toBe(200)
    expect((await list()).json().scenes.map((s: { id: string; scene: { title: string } }) => [s.id, s.scene.title])).toEqual([['s1', 'renamed'], ['s2', HOSTILE]])
    expect((await call('desk', 'DELETE', `/api/districts/${north}/scenes/s3?baseRevision=1`)).statusCode).toBe(404)
  })

  it('the wall may not write, a stranger gets 401, another district is invisible, a bad scene is refused with nothing stored', async () => {
    const before = await count('scenes')
    const url = `/api/districts/${north}/scenes`
    expect((await call('wall', 'POST', url, { scene: scene('w', 'wall') })).statusCode).toBe(403)
    expect((await call(null, 'GET', url)).statusCode).toBe(401)
    expect((await call(null, 'POST', url, { scene: scene('x', 'x') })).statusCode).toBe(401)
    expect((await call('southDesk', 'GET', url)).statusCode).toBe(404)
    expect((await call('southDesk', 'POST', url, { scene: scene('x', 'x') })).statusCode).toBe(404)
    expect((await call('southDesk', 'PUT', `${url}/s1`, { scene: scene('s1', 'x'), baseRevision: 2 })).statusCode).toBe(404)
    expect((await call('southDesk', 'GET', `/api/districts/${south}/scenes`)).json().scenes).toEqual([])
    const bad: unknown[] = [
      { scene: scene('b', '') }, { scene: scene('b', 'x', { zoom: '12' }) }, { scene: scene('b', 'x', { layers: ['nope'] }) },
      { scene: scene('b', 'x', { center: [500, 0] }) }, { scene: scene('b\u0000', 'x') }, { scene: scene('b', 'x', { durationS: 1e9 }) },
      { scene: 'scene' }, [], { scene: scene('b'.repeat(101), 'x') },
    ]
    for (const body of bad) {
      const r = await call('desk', 'POST', url, body)
      expect(r.statusCode, JSON.stringify(body)).toBe(400)
      expect(typeof r.json().error).toBe('string')
    }
    // a scene whose id differs from the path's, a forged revision, a revision as text
    expect((await call('desk', 'PUT', `${url}/s1`, { scene: scene('s2', 'x'), baseRevision: 2 })).statusCode).toBe(400)
    expect((await call('desk', 'PUT', `${url}/s1`, { scene: scene('s1', 'x'), baseRevision: 99 })).statusCode).toBe(409)
    expect((await call('desk', 'PUT', `${url}/s1`, { scene: scene('s1', 'x'), baseRevision: '2' })).statusCode).toBe(400)
    expect((await call('desk', 'POST', url, JSON.stringify({ scene: scene('big', 'x', { pad: 'x'.repeat(2 << 20) }) }), { 'content-type': 'application/json' })).statusCode).toBe(413)
    // valid field by field, too long as a whole: thousands of subtype codes
    const long = await call('desk', 'POST', url, { scene: scene('long', 'x', { filter: { subtypes: Array.from({ length: 20_000 }, (_, i) => i) } }) })
    expect(long.statusCode).toBe(413)
    expect(long.json().error).toMatch(/at most/)
    expect(await count('scenes')).toBe(before)
    expect((await call('desk', 'GET', `${url}/s1`)).json().scene.title).toBe('renamed')
  })
})

describe('plans', () => {
  const url = () => `/api/districts/${north}/plans`

  it('a write on the current base is stored as a new revision; a stale or forged base is refused with the current plan and nothing stored', async () => {
    const made = await call('planA', 'POST', url(), { id: 'p1', name: HOSTILE, plan: planOf([cam('c1')]) })
    expect(made.statusCode).toBe(201)
    expect(made.json()).toMatchObject({ id: 'p1', name: HOSTILE, revision: 1, updatedBy: 'planA' })
    expect((await call('planB', 'POST', url(), { id: 'p1', name: 'again', plan: planOf([]) })).statusCode).toBe(409)

    const two = await call('planB', 'PUT', `${url()}/p1`, { name: HOSTILE, plan: planOf([cam('c1'), cam('c2', 100.6)]), baseRevision: 1 })
    expect(two.statusCode).toBe(200)
    expect(two.json().revision).toBe(2)
    const revisionsBefore = await count('plan_revisions')
    for (const base of [1, 3, 2147483647]) {
      const r = await call('planA', 'PUT', `${url()}/p1`, { name: 'mine', plan: planOf([]), baseRevision: base })
      expect(r.statusCode).toBe(409)
      expect(r.json().current).toMatchObject({ revision: 2, name: HOSTILE, updatedBy: 'planB' })
    }
    for (const base of [0, -1, 1.5, '2', null, 2 ** 40]) {
      expect((await call('planA', 'PUT', `${url()}/p1`, { name: 'mine', plan: planOf([]), baseRevision: base })).statusCode).toBe(400)
    }
    expect(await count('plan_revisions')).toBe(revisionsBefore)
    const got = (await call('wall', 'GET', `${url()}/p1`)).json()
    expect(got.revision).toBe(2)
    expect(got.plan.cameras.map((c: { id: string }) => c.id)).toEqual(['c1', 'c2'])
  })

  it('two writes on the same base at the same moment: exactly one wins, every round', async () => {
    await call('planA', 'POST', url(), { id: 'race', name: 'race', plan: planOf([]) })
    let base = 1
    for (let round = 0; round < 20; round++) {
      const [a, b] = await Promise.all([
        call('planA', 'PUT', `${url()}/race`, { name: 'race', plan: planOf([cam('a')]), baseRevision: base }),
        call('planB', 'PUT', `${url()}/race`, { name: 'race', plan: planOf([cam('b')]), baseRevision: base }),
      ])
      const codes = [a.statusCode, b.statusCode].sort()
      expect(codes, `round ${round}`).toEqual([200, 409])
      const winner = a.statusCode === 200 ? a : b
      base = winner.json().revision
      expect(base).toBe(round + 2)
      // what is stored is the winner's write, never the loser's
      expect((await call('wall', 'GET', `${url()}/race`)).json().plan.cameras[0].id).toBe(winner === a ? 'a' : 'b')
    }
    const revisions = (await call('wall', 'GET', `${url()}/race/revisions`)).json()
    expect(revisions.map((r: { revision: number }) => r.revision)).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i))
  })

  it('history lists who saved each revision; restore makes a new revision equal to the old one, on the current base only', async () => {
    await call('planA', 'POST', url(), { id: 'h', name: 'v1', plan: planOf([cam('x')]) })
    await call('planB', 'PUT', `${url()}/h`, { name: 'v2', plan: planOf([cam('x'), cam('y')]), baseRevision: 1 })
    await call('planA', 'PUT', `${url()}/h`, { name: 'v3', plan: planOf([]), baseRevision: 2 })
    const history = (await call('wall', 'GET', `${url()}/h/revisions`)).json()
    expect(history.map((r: { revision: number; name: string; savedBy: string; cameras: number }) => [r.revision, r.name, r.savedBy, r.cameras]))
      .toEqual([[3, 'v3', 'planA', 0], [2, 'v2', 'planB', 2], [1, 'v1', 'planA', 1]])
    expect((await call('planB', 'POST', `${url()}/h/restore`, { revision: 2, baseRevision: 2 })).statusCode).toBe(409)
    expect((await call('planB', 'POST', `${url()}/h/restore`, { revision: 7, baseRevision: 3 })).statusCode).toBe(404)
    expect((await call('desk', 'POST', `${url()}/h/restore`, { revision: 2, baseRevision: 3 })).statusCode).toBe(403)
    const restored = await call('planB', 'POST', `${url()}/h/restore`, { revision: 2, baseRevision: 3 })
    expect(restored.statusCode).toBe(200)
    expect(restored.json()).toMatchObject({ revision: 4, name: 'v2', updatedBy: 'planB' })
    const now = (await call('wall', 'GET', `${url()}/h`)).json()
    expect(now.plan.cameras.map((c: { id: string }) => c.id)).toEqual(['x', 'y'])
    expect((await call('wall', 'GET', `${url()}/h/revisions`)).json()).toHaveLength(4)
  })

  it('roles, districts and hostile bodies: refused with a clear error, nothing stored', async () => {
    const plans = await count('plans'), revisions = await count('plan_revisions')
    expect((await call('desk', 'POST', url(), { id: 'd', name: 'd', plan: planOf([]) })).statusCode).toBe(403)
    expect((await call('wall', 'PUT', `${url()}/p1`, { name: 'd', plan: planOf([]), baseRevision: 2 })).statusCode).toBe(403)
    expect((await call(null, 'GET', url())).statusCode).toBe(401)
    expect((await call('southDesk', 'GET', `${url()}/p1`)).statusCode).toBe(404)
    expect((await call('southDesk', 'PUT', `${url()}/p1`, { name: 'd', plan: planOf([]), baseRevision: 2 })).statusCode).toBe(404)
    expect((await call('southDesk', 'DELETE', `${url()}/p1?baseRevision=2`)).statusCode).toBe(404)
    expect((await call('southDesk', 'GET', `${url()}/p1/revisions`)).statusCode).toBe(404)
    expect((await call('southDesk', 'POST', `${url()}/p1/restore`, { revision: 1, baseRevision: 2 })).statusCode).toBe(404)
    const bad: unknown[] = [
      { id: 'b', name: '', plan: planOf([]) }, { id: 'b', name: 7, plan: planOf([]) }, { id: '', name: 'b', plan: planOf([]) },
      { id: 'b', name: 'b', plan: planOf([cam('c', 999)]) }, { id: 'b', name: 'b', plan: planOf([{ ...cam('c'), type: '<img>' }]) },
      { id: 'b', name: 'b', plan: planOf([cam('c'), cam('c')]) }, { id: 'b', name: 'b', plan: { cameras: 'all' } },
      { id: 'b', name: 'b\u0000', plan: planOf([]) }, { id: 'b', name: 'b', plan: planOf([cam('c\u0000')]) }, { id: { $ne: 1 }, name: 'b', plan: planOf([]) },
      { id: 'b', name: 'b', plan: { ...planOf([]), createdAt: 'yesterday' } },
    ]
    for (const body of bad) {
      const r = await call('planA', 'POST', url(), body)
      expect(r.statusCode, JSON.stringify(body)).toBe(400)
      expect(typeof r.json().error).toBe('string')
    }
    // a JSON text that is not an object, and a body that is not JSON at all
    expect((await call('planA', 'POST', url(), '"plan"', { 'content-type': 'application/json' })).statusCode).toBe(400)
    expect((await call('planA', 'POST', url(), 'id=b', { 'content-type': 'text/plain' })).statusCode).toBe(400)
    const big = JSON.stringify({ id: 'big', name: 'big', plan: planOf(Array.from({ length: 40_000 }, (_, i) => cam(`c${i}`))) })
    expect((await call('planA', 'POST', url(), big, { 'content-type': 'application/json' })).statusCode).toBe(413)
    expect((await call('planA', 'DELETE', `${url()}/p1?baseRevision=2;drop`)).statusCode).toBe(400)
    expect((await call('planA', 'GET', `/api/districts/${north}%27or%201=1/plans`)).statusCode).toBe(400)
    expect(await count('plans')).toBe(plans)
    expect(await count('plan_revisions')).toBe(revisions)
    // a plan id that is SQL and markup is just a name
    const odd = await call('planA', 'POST', url(), { id: HOSTILE, name: HOSTILE, plan: planOf([]) })
    expect(odd.statusCode).toBe(201)
    expect((await call('wall', 'GET', `${url()}/${encodeURIComponent(HOSTILE)}`)).json()).toMatchObject({ id: HOSTILE, name: HOSTILE })
  })

  it('the plans list has an ETag that only a write moves; delete names its base; a restart keeps everything', async () => {
    const first = await call('wall', 'GET', url())
    const tag = first.headers.etag as string
    expect((await call('wall', 'GET', url(), undefined, { 'if-none-match': tag })).statusCode).toBe(304)
    await call('planA', 'POST', url(), { id: 'gone', name: 'gone', plan: planOf([]) })
    const moved = await call('wall', 'GET', url(), undefined, { 'if-none-match': tag })
    expect(moved.statusCode).toBe(200)
    expect((await call('planA', 'DELETE', `${url()}/gone?baseRevision=2`)).statusCode).toBe(409)
    expect((await call('planA', 'DELETE', `${url()}/gone?baseRevision=1`)).statusCode).toBe(200)
    const before = (await call('wall', 'GET', url())).json()
    const scenesBefore = (await call('wall', 'GET', `/api/districts/${north}/scenes`)).json()

    // the server process goes away (its app and its pool) and a new one starts on the database
    await app.close()
    await t.db.end()
    db = openPool(t.url)
    t = { ...t, db, close: () => db.end() }
    app = await buildApp({ db, loginAttemptsPerMinute: 1000 })
    cookies.wall = await signIn('wall')
    expect((await call('wall', 'GET', url())).json()).toEqual(before)
    expect((await call('wall', 'GET', `/api/districts/${north}/scenes`)).json()).toEqual(scenesBefore)
    expect(before.plans.map((p: { id: string }) => p.id)).not.toContain('gone')
  })
})
