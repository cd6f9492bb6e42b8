import { describe, expect, it } from 'vitest'
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { openPlanDb, readStoredPlan, type StoredPlan } from '../../../src/io/plan-db'
import { newPlanCamera } from '../../../src/core/plan-cameras'

const plan = (id: string, createdAt: string, n: number): StoredPlan => {
  const cameras: ReturnType<typeof newPlanCamera>[] = []
  for (let i = 0; i < n; i++) cameras.push(newPlanCamera(119.1 + i * 1e-3, 36.7, 'bullet', cameras.map((c) => c.id), 45 * i))
  return { id, name: `<b>${id}</b>`, createdAt, updatedAt: createdAt, cameras }
}

describe('plan-db', () => {
  it('keeps plans across a reopen, oldest first, and replaces a plan by id', async () => {
    const factory = new IDBFactory()
    const db = await openPlanDb(factory, 'p1')
    await db.put(plan('b', '2026-11-24T02:00:00Z', 2))
    await db.put(plan('a', '2026-11-24T01:00:00Z', 1))
    db.close()
    const again = await openPlanDb(factory, 'p1')
    const { plans, skipped } = await again.list()
    expect(skipped).toEqual([])
    expect(plans.map((p) => [p.id, p.name, p.cameras.length])).toEqual([['a', '<b>a</b>', 1], ['b', '<b>b</b>', 2]])
    expect(plans[1].cameras[1]).toEqual({ id: 'P-002', lon: 119.101, lat: 36.7, type: 'bullet', azimuth: 45, fov: 70, range: 60, source: 'hand' })
    await again.put({ ...plans[1], cameras: plans[1].cameras.slice(0, 1) })
    await again.delete('a')
    expect((await again.list()).plans.map((p) => [p.id, p.cameras.length])).toEqual([['b', 1]])
  })

  it('skips a damaged record and drops only the bad cameras of a readable one, naming both', async () => {
    const factory = new IDBFactory()
    const db = await openPlanDb(factory, 'p2')
    const good = plan('g', '2026-11-24T01:00:00Z', 2)
    await db.put({ ...good, cameras: [...good.cameras, { ...good.cameras[0], id: 'X', fov: 0 }] })
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
})
