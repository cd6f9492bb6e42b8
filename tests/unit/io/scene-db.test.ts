import { describe, expect, it } from 'vitest'
import 'fake-indexeddb/auto'
import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb'
import { isQuotaError } from '../../../src/io/idb-store'
import { openSceneDb } from '../../../src/io/scene-db'
import { validateScene } from '../../../src/core/scenes'

const scene = (id: string, title = id) => validateScene({ id, title, center: [119.1, 36.7], zoom: 13, layers: ['incidents'], durationS: 20 })

describe('scene-db', () => {
  it('keeps scenes in rotation order across a reopen; replaceAll removes what is not listed', async () => {
    const factory = new IDBFactory()
    const db = await openSceneDb(factory, 's1')
    await db.replaceAll([scene('b'), scene('a', '<i>甲</i>'), scene('c')])
    db.close()
    const again = await openSceneDb(factory, 's1')
    expect((await again.list()).scenes.map((s) => [s.id, s.title])).toEqual([['b', 'b'], ['a', '<i>甲</i>'], ['c', 'c']])
    await again.replaceAll([scene('c'), scene('b')])
    expect(await again.list()).toEqual({ scenes: [scene('c'), scene('b')], skipped: [] })
    again.close()
  })

  it('skips a damaged record with a message naming it', async () => {
    const factory = new IDBFactory()
    const db = await openSceneDb(factory, 's2')
    await db.replaceAll([scene('a'), scene('b')])
    db.close()
    // damage record b behind the app's back
    const raw = factory.open('s2', 1)
    await new Promise((r) => (raw.onsuccess = r))
    const tx = raw.result.transaction('scenes', 'readwrite')
    tx.objectStore('scenes').put({ id: 'b', title: 'b', order: 1, zoom: 99 })
    await new Promise((r) => (tx.oncomplete = r))
    raw.result.close()
    const again = await openSceneDb(factory, 's2')
    const r = await again.list()
    expect(r.scenes.map((s) => s.id)).toEqual(['a'])
    expect(r.skipped).toEqual(['scene 2 (b): center must be [lon, lat] in degrees (|lon| ≤ 180, |lat| ≤ 85)'])
  })

  it('a replaceAll that fails half way (a full disk) leaves the previous list whole', async () => {
    const db = await openSceneDb(new IDBFactory(), 's-fail')
    await db.replaceAll([scene('a'), scene('b')])
    const put = FakeObjectStore.prototype.put
    let calls = 0
    FakeObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      return put.apply(this, args)
    } as typeof put
    let err: unknown
    try {
      err = await db.replaceAll([scene('c'), scene('d'), scene('e')]).catch((e: unknown) => e)
    } finally {
      FakeObjectStore.prototype.put = put
    }
    expect(calls).toBe(2)
    expect(isQuotaError(err)).toBe(true)
    expect((await db.list()).scenes.map((s) => s.id)).toEqual(['a', 'b'])
    db.close()
  })
})
