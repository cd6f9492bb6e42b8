import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SeenIds } from '../../../src/core/seen-ids'

describe('SeenIds', () => {
  it('remembers ids, says false for a replay, and forgets the oldest first past its capacity', () => {
    const s = new SeenIds(3)
    expect(['a', 'b', 'a', 'c'].map((id) => s.add(id))).toEqual([true, true, false, true])
    expect(s.size).toBe(3)
    // d pushes a (the oldest added) out; a replay of b did not make b younger
    expect(s.add('d')).toBe(true)
    expect([s.has('a'), s.has('b'), s.has('c'), s.has('d')]).toEqual([false, true, true, true])
    expect(s.add('a')).toBe(true)
    expect(s.has('b')).toBe(false)
    expect(s.size).toBe(3)
  })

  it('refuses a capacity that is no positive integer', () => {
    for (const c of [0, -1, 1.5, NaN]) expect(() => new SeenIds(c)).toThrow(RangeError)
  })

  it('agrees with a naive FIFO list on any sequence', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 12 }).map(String), { maxLength: 200 }), (cap, ids) => {
      const s = new SeenIds(cap)
      const ref: string[] = []
      for (const id of ids) {
        const fresh = !ref.includes(id)
        if (fresh) {
          ref.push(id)
          if (ref.length > cap) ref.shift()
        }
        expect(s.add(id)).toBe(fresh)
        expect(s.size).toBe(ref.length)
      }
      for (let k = 0; k <= 12; k++) expect(s.has(String(k))).toBe(ref.includes(String(k)))
    }))
  })
})
