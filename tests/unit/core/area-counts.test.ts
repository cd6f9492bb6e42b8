import { describe, expect, it } from 'vitest'
import { countByAreaCategory, countByAreaPeriodCategory, unassignedCount } from '../../../src/core/area-counts'

// 7 points over 3 areas and 2 categories; -1 = in no area
const assign = Int32Array.of(0, 0, 1, 2, -1, 2, 2)
const category = Uint8Array.of(0, 1, 1, 0, 0, 0, 1)
const time = Float64Array.of(100, 200, 300, 400, 500, NaN, 200)

describe('countByAreaCategory', () => {
  it('counts per area × category and skips unassigned points', () => {
    expect(Array.from(countByAreaCategory(assign, category, 7, 3, 2))).toEqual([1, 1, 0, 1, 2, 1])
  })

  it('honours count: only the first rows are read', () => {
    expect(Array.from(countByAreaCategory(assign, category, 3, 3, 2))).toEqual([1, 1, 0, 1, 0, 0])
  })

  it('applies the keep mask (nonzero = counted)', () => {
    const keep = Uint8Array.of(1, 0, 1, 255, 1, 0, 1)
    expect(Array.from(countByAreaCategory(assign, category, 7, 3, 2, { keep }))).toEqual([1, 0, 0, 1, 1, 1])
  })

  it('applies a half-open time range [from, to); NaN times are outside', () => {
    expect(Array.from(countByAreaCategory(assign, category, 7, 3, 2, { time, from: 200, to: 400 }))).toEqual([0, 1, 0, 1, 0, 1])
    expect(Array.from(countByAreaCategory(assign, category, 7, 3, 2, { time, from: 400 }))).toEqual([0, 0, 0, 0, 1, 0])
    expect(Array.from(countByAreaCategory(assign, category, 7, 3, 2, { time, to: 200 }))).toEqual([1, 0, 0, 0, 0, 0])
    // a time column without a range counts everything, NaN included
    expect(Array.from(countByAreaCategory(assign, category, 7, 3, 2, { time }))).toEqual([1, 1, 0, 1, 2, 1])
  })

  it('combines the mask and the range', () => {
    const keep = Uint8Array.of(1, 1, 1, 1, 1, 1, 0)
    expect(Array.from(countByAreaCategory(assign, category, 7, 3, 2, { keep, time, from: 200, to: 400 }))).toEqual([0, 1, 0, 1, 0, 0])
  })

  it('skips out-of-range area and category codes instead of spilling into other cells', () => {
    expect(Array.from(countByAreaCategory(Int32Array.of(0, 3, 0), Uint8Array.of(0, 0, 2), 3, 3, 2))).toEqual([1, 0, 0, 0, 0, 0])
  })

  it('throws when a range is given without a time column', () => {
    expect(() => countByAreaCategory(assign, category, 7, 3, 2, { from: 0 })).toThrow(RangeError)
  })

  it('gives an empty table for no areas', () => {
    expect(countByAreaCategory(new Int32Array(0), new Uint8Array(0), 0, 0, 5).length).toBe(0)
  })
})

describe('countByAreaPeriodCategory', () => {
  it('puts a time exactly on a boundary into the later period', () => {
    // periods [100,200) [200,400) [400,500); 500 is outside (half-open), NaN outside
    const b = Float64Array.of(100, 200, 400, 500)
    const out = countByAreaPeriodCategory(assign, category, time, 7, 3, 2, b)
    expect(out.length).toBe(3 * 3 * 2)
    // out[(area * 3 + p) * 2 + c]
    expect(Array.from(out)).toEqual([
      1, 0, /* a0 p0 */ 0, 1, /* a0 p1 */ 0, 0, /* a0 p2 */
      0, 0, /* a1 p0 */ 0, 1, /* a1 p1 */ 0, 0, /* a1 p2 */
      0, 0, /* a2 p0 */ 0, 1, /* a2 p1 */ 1, 0, /* a2 p2 */
    ])
  })

  it('skips points before the first and at or after the last boundary', () => {
    const out = countByAreaPeriodCategory(assign, category, time, 7, 3, 2, Float64Array.of(150, 300))
    // only t=200 points: (0,c1) and (2,c1)
    expect(Array.from(out)).toEqual([0, 1, 0, 0, 0, 1])
  })

  it('handles empty periods (repeated boundaries) and many periods', () => {
    const b = Float64Array.of(0, 200, 200, 200, 1000)
    const out = countByAreaPeriodCategory(assign, category, time, 7, 3, 2, b)
    const at = (a: number, p: number, c: number) => out[(a * 4 + p) * 2 + c]
    expect(at(0, 0, 0)).toBe(1) // t=100
    expect(at(0, 1, 1) + at(0, 2, 1)).toBe(0) // empty periods stay empty
    expect(at(0, 3, 1)).toBe(1) // t=200
    expect(at(2, 3, 0) + at(2, 3, 1)).toBe(2) // t=400 and t=200 in area 2
    expect(out.reduce((s, v) => s + v, 0)).toBe(5) // 7 points − 1 unassigned − 1 NaN time
    // binary search equals a linear scan on a larger table
    const bounds = Float64Array.from({ length: 41 }, (_, k) => k * 25)
    const many = countByAreaPeriodCategory(assign, category, time, 7, 3, 2, bounds)
    for (let i = 0; i < 7; i++) {
      if (assign[i] < 0 || !(time[i] >= 0 && time[i] < 1000)) continue
      const p = Math.floor(time[i] / 25)
      expect(many[(assign[i] * 40 + p) * 2 + category[i]]).toBeGreaterThan(0)
    }
    expect(many.reduce((s, v) => s + v, 0)).toBe(5)
  })

  it('gives an empty table for fewer than two boundaries', () => {
    expect(countByAreaPeriodCategory(assign, category, time, 7, 3, 2, Float64Array.of(0)).length).toBe(0)
    expect(countByAreaPeriodCategory(assign, category, time, 7, 3, 2, new Float64Array(0)).length).toBe(0)
  })
})

describe('unassignedCount', () => {
  it('counts the -1 rows among the first count', () => {
    expect(unassignedCount(assign, 7)).toBe(1)
    expect(unassignedCount(Int32Array.of(-1, -1, 0, -1), 3)).toBe(2)
    expect(unassignedCount(new Int32Array(0), 0)).toBe(0)
  })
})
