import { describe, expect, it } from 'vitest'
import { TileCache } from '../../../src/server/tile-cache'

const tile = (n: number) => Buffer.alloc(n, 1)

describe('TileCache', () => {
  it('keeps its bytes under the bound, dropping the least recently used first', () => {
    const c = new TileCache(10_000)
    for (let k = 0; k < 100; k++) c.set(`t${k}`, tile(900), [1], c.begin())
    const s = c.stats()
    expect(s.bytes).toBeLessThanOrEqual(10_000)
    // 900 bytes, the key and ~200 of bookkeeping each: nine fit
    expect(s.entries).toBe(9)
    expect(c.get('t99')).toBeDefined()
    expect(c.get('t90')).toBeUndefined()
    // t91 used now: the next one in pushes t92 out instead
    expect(c.get('t91')).toBeDefined()
    c.set('new', tile(900), [1], c.begin())
    expect(c.get('t91')).toBeDefined()
    expect(c.get('t92')).toBeUndefined()
  })

  it('refuses a tile bigger than an eighth of the bound', () => {
    const c = new TileCache(8_000)
    c.set('big', tile(1_000), [1], c.begin())
    expect(c.get('big')).toBeUndefined()
  })

  it('drops the tiles of a changed district, and all of them on null', () => {
    const c = new TileCache(1 << 20)
    c.set('a', tile(10), [1], c.begin())
    c.set('ab', tile(10), [1, 2], c.begin())
    c.set('b', tile(10), [2], c.begin())
    c.invalidate(2)
    expect([c.get('a'), c.get('ab'), c.get('b')].map(Boolean)).toEqual([true, false, false])
    c.invalidate(null)
    expect(c.get('a')).toBeUndefined()
    expect(c.stats()).toMatchObject({ entries: 0, bytes: 0 })
  })

  it('does not store a tile counted while one of its districts changed', () => {
    const c = new TileCache(1 << 20)
    const begun = c.begin()
    c.invalidate(3)
    c.set('of 3', tile(10), [3, 4], begun)
    c.set('of 5', tile(10), [5], begun)
    expect(c.get('of 3')).toBeUndefined()
    expect(c.get('of 5')).toBeDefined()
    const later = c.begin()
    c.invalidate(null)
    c.set('of 5 again', tile(10), [5], later)
    expect(c.get('of 5 again')).toBeUndefined()
  })
})
