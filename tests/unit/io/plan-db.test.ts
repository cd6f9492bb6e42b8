import { describe, expect, it } from 'vitest'
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb'
import { openPlanDb, PlanConflictError, readStoredPlan, type StoredPlan } from '../../../src/io/plan-db'
import { isQuotaError } from '../../../src/io/idb-store'
import { newPlanCamera } from '../../../src/core/plan-cameras'
import { rankSuggestions } from '../../../src/core/plan-suggestions'
import { reactive } from 'vue'

const plan = (id: string, createdAt: string, n: number): StoredPlan => {
  const cameras: ReturnType<typeof newPlanCamera>[] = []
  for (let i = 0; i < n; i++) cameras.push(newPlanCamera(119.1 + i * 1e-3, 36.7, 'bullet', cameras.map((c) => c.id), 45 * i))
  return { id, name: `<b>${id}</b>`, createdAt, updatedAt: createdAt, cameras, rev: 0 }
}

describe('plan-db', () => {
  it('keeps plans across a reopen, oldest first, and replaces a plan by id', async () => {
    const factory = new IDBFactory()
    const db = await openPlanDb(factory, 'p1')
    expect(await db.put(plan('b', '2026-11-24T02:00:00Z', 2), null)).toBe(1)
    expect(await db.put(plan('a', '2026-11-24T01:00:00Z', 1), null)).toBe(1)
    db.close()
    const again = await openPlanDb(factory, 'p1')
    const { plans, skipped } = await again.list()
    expect(skipped).toEqual([])
    expect(plans.map((p) => [p.id, p.name, p.cameras.length])).toEqual([['a', '<b>a</b>', 1], ['b', '<b>b</b>', 2]])
    expect(plans[1].cameras[1]).toEqual({ id: 'P-002', lon: 119.101, lat: 36.7, type: 'bullet', azimuth: 45, fov: 70, range: 60, source: 'hand' })
    expect(await again.put({ ...plans[1], cameras: plans[1].cameras.slice(0, 1) }, 1)).toBe(2)
    await again.delete('a')
    expect((await again.list()).plans.map((p) => [p.id, p.cameras.length])).toEqual([['b', 1]])
  })

  it('skips a damaged record and drops only the bad cameras of a readable one, naming both', async () => {
    const factory = new IDBFactory()
    const db = await openPlanDb(factory, 'p2')
    const good = plan('g', '2026-11-24T01:00:00Z', 2)
    await db.put({ ...good, cameras: [...good.cameras, { ...good.cameras[0], id: 'X', fov: 0 }] }, null)
    // a record from some other version: no cameras array
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = factory.open('p2')
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
    })
    await new Promise<void>((resolve) => {
      const tx = raw.transaction('plans', 'readwrite')
      tx.objectStore('plans').put({ id: 'broken', name: 'x' })
      tx.oncomplete = () => resolve()
    })
    raw.close()
    const { plans, skipped } = await db.list()
    expect(plans.map((p) => [p.id, p.cameras.map((c) => c.id)])).toEqual([['g', ['P-001', 'P-002']]])
    expect(skipped.sort()).toEqual(['<b>g</b>: 1', 'broken'])
  })

  it('readStoredPlan rejects what is not a plan', () => {
    expect(readStoredPlan(null)).toBeNull()
    expect(readStoredPlan({ id: 1, name: 'a', cameras: [] })).toBeNull()
    expect(readStoredPlan({ id: 'a', name: 'a', cameras: [] })?.plan.createdAt).toBe('1970-01-01T00:00:00.000Z')
  })

  it('bumps the rev on every write and refuses a write based on a stale rev, leaving the record as it was', async () => {
    const db = await openPlanDb(new IDBFactory(), 'p3')
    const p = plan('a', '2026-11-24T01:00:00Z', 3)
    expect(await db.put(p, null)).toBe(1)
    expect(await db.put({ ...p, cameras: p.cameras.slice(0, 2) }, 1)).toBe(2)
    // a second tab still at rev 1
    const stale = db.put({ ...p, cameras: [] }, 1)
    await expect(stale).rejects.toBeInstanceOf(PlanConflictError)
    const err = (await stale.catch((e: unknown) => e)) as PlanConflictError
    expect(err.stored?.rev).toBe(2)
    expect(err.stored?.cameras.map((c) => c.id)).toEqual(['P-001', 'P-002'])
    expect(await db.get('a')).toEqual({ ...p, cameras: p.cameras.slice(0, 2), rev: 2 })
    // a new plan on an id that exists, and an edit of one that is gone, are conflicts too
    await expect(db.put(p, null)).rejects.toBeInstanceOf(PlanConflictError)
    await db.delete('a')
    const gone = (await db.put(p, 2).catch((e: unknown) => e)) as PlanConflictError
    expect(gone).toBeInstanceOf(PlanConflictError)
    expect(gone.stored).toBeNull()
    expect(await db.get('a')).toBeNull()
  })

  it('reads a record without a rev (an older version) as rev 0, and writes on it from there', async () => {
    const factory = new IDBFactory()
    const db = await openPlanDb(factory, 'p4')
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = factory.open('p4')
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
    })
    const { rev: _, ...old } = plan('o', '2026-11-24T01:00:00Z', 1)
    await new Promise<void>((resolve) => {
      const tx = raw.transaction('plans', 'readwrite')
      tx.objectStore('plans').put(old)
      tx.oncomplete = () => resolve()
    })
    raw.close()
    expect((await db.list()).plans[0].rev).toBe(0)
    await expect(db.put({ ...old, rev: 0 }, null)).rejects.toBeInstanceOf(PlanConflictError)
    expect(await db.put({ ...old, rev: 0, cameras: [] }, 0)).toBe(1)
  })

  it('a write that fails leaves the previous record whole', async () => {
    const db = await openPlanDb(new IDBFactory(), 'p5')
    const p = plan('a', '2026-11-24T01:00:00Z', 2)
    await db.put(p, null)
    // a value the structured clone cannot copy: the put request fails and the transaction aborts
    const bad = { ...p, cameras: [p.cameras[0], { ...p.cameras[1], fn: () => 1 } as unknown as StoredPlan['cameras'][number]] }
    await expect(db.put(bad, 1)).rejects.toMatchObject({ name: 'DataCloneError' })
    expect(await db.get('a')).toEqual({ ...p, rev: 1 })
    expect(await db.put({ ...p, cameras: [] }, 1)).toBe(2)
  })

  it('a full disk reaches the caller as a QuotaExceededError, with the record unchanged', async () => {
    const db = await openPlanDb(new IDBFactory(), 'p6')
    const p = plan('a', '2026-11-24T01:00:00Z', 2)
    await db.put(p, null)
    const put = FakeObjectStore.prototype.put
    FakeObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    }
    let err: unknown
    try {
      err = await db.put({ ...p, cameras: [] }, 1).catch((e: unknown) => e)
    } finally {
      FakeObjectStore.prototype.put = put
    }
    expect(isQuotaError(err)).toBe(true)
    expect(isQuotaError(new Error('x'))).toBe(false)
    expect(isQuotaError(null)).toBe(false)
    expect(await db.get('a')).toEqual({ ...p, rev: 1 })
  })

  it('keeps the pending suggestions with their plan across a reopen, decided ones and their numbers included', async () => {
    const factory = new IDBFactory()
    const db = await openPlanDb(factory, 'p-suggest')
    const p = plan('s', '2026-12-07T01:00:00Z', 1)
    const rows = [0, 1, 2].map((k) => ({ camera: { ...newPlanCamera(119.2 + k * 1e-3, 36.7, 'dome', [], 90 * k), id: `S-${k + 1}`, source: 'suggested' as const }, gain: 9 - k, newlyCovered: 3 - k }))
    // as the app holds it: a reactive plan whose first suggestion was accepted
    const live = reactive({ ...p, suggestions: rankSuggestions(rows) })
    live.suggestions[0].status = 'accepted'
    expect(await db.put(live as StoredPlan, null)).toBe(1)
    db.close()
    const back = (await (await openPlanDb(factory, 'p-suggest')).list()).plans[0]
    expect(back.suggestions?.map((x) => [x.rank, x.camera.id, x.status, x.gain])).toEqual([[1, 'S-1', 'accepted', 9], [2, 'S-2', 'pending', 8], [3, 'S-3', 'pending', 7]])
    expect(back.suggestions?.[2].camera).toEqual(rows[2].camera)
    // a plan stored before suggestions were kept reads as having none
    expect(readStoredPlan({ id: 'old', name: 'old', cameras: [] })?.plan.suggestions).toBeUndefined()
  })
})
