/**
 * The app's side of the shared scenes and plans (io/server-scenes.ts, server-plans.ts,
 * list-poller.ts) against a scripted fetch: which requests a whole-list write of the scenes
 * turns into, how a refused plan write becomes the PlanConflictError the panel shows, and which
 * messages a polled plans list produces.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PlanConflictError, type PlanMessage, type StoredPlan } from '../../../src/io/plan-db'
import { pollList } from '../../../src/io/list-poller'
import { openServerPlans } from '../../../src/io/server-plans'
import { openServerScenes } from '../../../src/io/server-scenes'
import { worthRetrying } from '../../../src/io/seat-http'
import { ServerError } from '../../../src/io/server-api'
import type { Scene } from '../../../src/core/scenes'

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 304 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

interface Call { method: string; url: string; body: unknown; ifNoneMatch?: string }

/** fetch answering from `script` (method + url → response), recording each call */
function serve(script: (c: Call) => Response | Promise<Response>) {
  const calls: Call[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const c: Call = { method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined, ifNoneMatch: (init.headers as Record<string, string>)?.['if-none-match'] }
    calls.push(c)
    return script(c)
  })
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

const scene = (id: string, title = id): Scene => ({
  id, title, center: [119.1, 36.7], zoom: 13, layers: ['incidents'], durationS: 30,
  filter: { categories: null, subtypes: null, from: null, to: null, hours: null, weekdays: null },
})

describe('server scenes: the store writes whole lists, the server gets per-scene writes', () => {
  it('against the list last read: deletes the dropped scene on its revision, adds the new, leaves the unchanged alone, then sends the order', async () => {
    const stored = [scene('a'), scene('b'), scene('c')].map((s, i) => ({ id: s.id, revision: i + 1, scene: s }))
    const calls = serve((c) => {
      if (c.method === 'GET') return json(200, { revision: 7, scenes: stored })
      if (c.method === 'DELETE') return json(200, { deleted: 'b' })
      if (c.method === 'POST') return json(201, { id: 'd', revision: 1, scene: (c.body as { scene: Scene }).scene })
      return json(200, {})
    })
    const db = openServerScenes('/', 4)
    expect((await db.list()).scenes.map((s) => s.id)).toEqual(['a', 'b', 'c'])
    calls.length = 0
    await db.replaceAll([scene('c'), scene('a'), scene('d')])
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'DELETE /api/districts/4/scenes/b?baseRevision=2',
      'POST /api/districts/4/scenes',
      'PUT /api/districts/4/scene-order',
    ])
    expect(calls[2].body).toEqual({ ids: ['c', 'a', 'd'] })
  })

  it('a changed scene is sent on the revision read; when another seat changed it since, saved again on the revision it now has', async () => {
    let puts = 0
    const calls = serve((c) => {
      if (c.method === 'GET') return json(200, { revision: 1, scenes: [{ id: 'a', revision: 3, scene: scene('a') }] })
      puts++
      return puts === 1
        ? json(409, { error: 'changed', current: { id: 'a', revision: 5, scene: scene('a', 'theirs') } })
        : json(200, { id: 'a', revision: 6, scene: scene('a', 'mine') })
    })
    const db = openServerScenes('/', 1)
    await db.list()
    await db.replaceAll([scene('a', 'mine')])
    expect(calls.filter((c) => c.method === 'PUT').map((c) => (c.body as { baseRevision: number }).baseRevision)).toEqual([3, 5])
    // nothing left to write: the same list again sends nothing
    calls.length = 0
    await db.replaceAll([scene('a', 'mine')])
    expect(calls).toEqual([])
  })

  it('a server that cannot be reached fails the write (the save queue keeps it unsaved)', async () => {
    serve((c) => (c.method === 'GET' ? json(200, { revision: 0, scenes: [] }) : Promise.reject(new TypeError('Failed to fetch'))))
    const db = openServerScenes('/', 1)
    await db.list()
    await expect(db.replaceAll([scene('a')])).rejects.toThrow('Failed to fetch')
  })
})

const plan = (id: string, rev: number, cameras = 0): StoredPlan => ({
  id, name: `plan ${id}`, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', rev,
  cameras: Array.from({ length: cameras }, (_, i) => ({ id: `c${i}`, lon: 119, lat: 36, type: 'bullet' as const, azimuth: 0, fov: 60, range: 50, source: 'hand' as const })),
})
const onServer = (p: StoredPlan) => ({ id: p.id, name: p.name, revision: p.rev, plan: { createdAt: p.createdAt, updatedAt: p.updatedAt, cameras: p.cameras } })

describe('server plans', () => {
  it('a new plan is created, a known one written on its base; a refusal is the conflict the panel offers, holding what the server has', async () => {
    const theirs = plan('p', 4, 2)
    const calls = serve((c) => {
      if (c.method === 'POST') return json(201, { ...onServer(plan('p', 1)) })
      const base = (c.body as { baseRevision: number }).baseRevision
      return base === 1 ? json(409, { error: 'changed', current: onServer(theirs) }) : json(404, { error: 'no such plan' })
    })
    const db = openServerPlans('/', 2)
    expect(await db.put(plan('p', 0, 1), null)).toBe(1)
    expect(calls[0].body).toMatchObject({ id: 'p', name: 'plan p' })
    const refused = await db.put(plan('p', 1, 3), 1).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(PlanConflictError)
    expect((refused as PlanConflictError).stored).toEqual(theirs)
    const gone = await db.put(plan('p', 1, 3), 9).catch((e: unknown) => e)
    expect(gone).toBeInstanceOf(PlanConflictError)
    expect((gone as PlanConflictError).stored).toBeNull()
  })

  it('the polled list becomes the messages another tab would send: saved for a moved revision, deleted for a plan gone', async () => {
    vi.useFakeTimers()
    const lists = [
      [plan('a', 1), plan('b', 2)],
      [plan('a', 2), plan('b', 2), plan('c', 1)],
      [plan('a', 2)],
    ]
    let k = 0
    const calls = serve((c) => {
      if (c.url.endsWith('/plans')) return json(200, { revision: k, plans: lists[Math.min(k++, lists.length - 1)].map(onServer) }, { etag: `"plans-${k}"` })
      return json(404, { error: 'no such plan' })
    })
    const db = openServerPlans('/', 3)
    await db.list()
    const messages: PlanMessage[] = []
    const poller = db.follow((m) => messages.push(m))
    for (let i = 0; i < 3; i++) await vi.advanceTimersByTimeAsync(1000)
    poller.stop()
    expect(messages).toEqual([
      { kind: 'saved', id: 'a', rev: 2 }, { kind: 'saved', id: 'c', rev: 1 },
      { kind: 'deleted', id: 'b', rev: 0 }, { kind: 'deleted', id: 'c', rev: 0 },
    ])
    // list() and the polls at 0, 1, 2 and 3 s; each poll after the first names the list the one before it got
    expect(calls.filter((c) => c.url.endsWith('/plans')).map((c) => c.ifNoneMatch)).toEqual([undefined, undefined, '"plans-2"', '"plans-3"', '"plans-4"'])
  })
})

describe('list poller', () => {
  it('asks with the last ETag, calls onChange only for a new list, onAnswer for every answer, and nothing while unreachable', async () => {
    vi.useFakeTimers()
    const answers: (Response | Error)[] = [json(200, { n: 1 }, { etag: '"x1"' }), json(304, null), new TypeError('offline'), json(200, { n: 2 }, { etag: '"x2"' })]
    const calls = serve(() => {
      const a = answers.shift() ?? json(304, null)
      return a instanceof Error ? Promise.reject(a) : a
    })
    const changes: unknown[] = []
    let answered = 0
    const poller = pollList({ url: '/api/x', onChange: (b) => changes.push(b), onAnswer: () => answered++, intervalMs: 100 })
    await vi.advanceTimersByTimeAsync(350)
    poller.stop()
    expect(calls.map((c) => c.ifNoneMatch)).toEqual([undefined, '"x1"', '"x1"', '"x1"'])
    expect(changes).toEqual([{ n: 1 }, { n: 2 }])
    expect(answered).toBe(3)
  })

  it('retries unasked only what never reached the server or that the server failed, not a refusal', () => {
    expect(worthRetrying(new TypeError('Failed to fetch'))).toBe(true)
    expect(worthRetrying(new ServerError(503, 'down'))).toBe(true)
    expect(worthRetrying(new ServerError(403, 'needs the planner role'))).toBe(false)
    expect(worthRetrying(new ServerError(400, 'bad'))).toBe(false)
  })
})
