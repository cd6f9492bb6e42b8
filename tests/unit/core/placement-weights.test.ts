import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CATEGORIES } from '../../../src/core/incidents'
import { DEFAULT_PLACEMENT_WEIGHTS, incidentWeights, validatePlacementWeights } from '../../../src/core/placement-weights'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 1)

describe('DEFAULT_PLACEMENT_WEIGHTS', () => {
  it('criminal 3, public order 2, the rest 1, a 90-day half-life, and it validates', () => {
    expect(CATEGORIES).toEqual(['criminal', 'public_order', 'fire', 'problem', 'other'])
    expect(DEFAULT_PLACEMENT_WEIGHTS).toEqual({ category: [3, 2, 1, 1, 1], halfLifeDays: 90 })
    expect(validatePlacementWeights(DEFAULT_PLACEMENT_WEIGHTS)).toEqual(DEFAULT_PLACEMENT_WEIGHTS)
  })
})

describe('validatePlacementWeights', () => {
  it('returns a copy of a good value', () => {
    const w = { category: [1, 0, 2.5, 0, 4], halfLifeDays: 0 }
    const v = validatePlacementWeights(w)
    expect(v).toEqual(w)
    v.category[0] = 9
    expect(w.category[0]).toBe(1)
  })

  it('names the bad field', () => {
    expect(() => validatePlacementWeights(null)).toThrow(/must be an object/)
    expect(() => validatePlacementWeights({ category: [1, 1, 1, 1], halfLifeDays: 90 })).toThrow(/category must be an array of 5/)
    expect(() => validatePlacementWeights({ category: 'abc', halfLifeDays: 90 })).toThrow(/category must be/)
    expect(() => validatePlacementWeights({ category: [1, 1, -1, 1, 1], halfLifeDays: 90 })).toThrow(/category\[2\] \(fire\)/)
    expect(() => validatePlacementWeights({ category: [1, NaN, 1, 1, 1], halfLifeDays: 90 })).toThrow(/category\[1\] \(public_order\)/)
    expect(() => validatePlacementWeights({ category: [1, 1, 1, '2', 1], halfLifeDays: 90 })).toThrow(/category\[3\]/)
    expect(() => validatePlacementWeights({ category: [1, 1, 1, 1, 1], halfLifeDays: -1 })).toThrow(/halfLifeDays/)
    expect(() => validatePlacementWeights({ category: [1, 1, 1, 1, 1], halfLifeDays: Infinity })).toThrow(/halfLifeDays/)
    expect(() => validatePlacementWeights({ category: [1, 1, 1, 1, 1] })).toThrow(/halfLifeDays/)
  })
})

describe('incidentWeights', () => {
  const w = { category: [3, 2, 1, 1, 0.5], halfLifeDays: 10 }

  it('category weight halved every half-life, from the latest kept time', () => {
    const inc = {
      count: 7,
      time: Float64Array.of(T0, T0 - 10 * DAY, T0 - 20 * DAY, T0 - 5 * DAY, NaN, T0 - 30 * DAY, T0 + 40 * DAY),
      category: Uint8Array.of(0, 0, 1, 4, 0, 2, 0),
    }
    const keep = Uint8Array.of(1, 1, 1, 1, 1, 1, 0) // the last (and latest) row is filtered out: now = T0
    expect(Array.from(incidentWeights(inc, w, { keep }))).toEqual([
      3, //         criminal, age 0
      3 * 0.5, //   criminal, one half-life
      2 * 0.25, //  public order, two half-lives
      expect.closeTo(0.5 * Math.SQRT1_2, 15), // other, half a half-life: 0.5 · 0.5^0.5
      3, //         no time: recency 1
      1 * 0.125, // fire, three half-lives
      0, //         not kept
    ])
    // without keep the latest time is T0 + 40 days: row 0 is then four half-lives old
    const all = incidentWeights(inc, w)
    expect(all[0]).toBeCloseTo(3 / 16, 15)
    expect(all[6]).toBe(3)
  })

  it('seen incidents, half-life 0, explicit now, unknown categories', () => {
    const inc = { count: 4, time: Float64Array.of(T0 - 100 * DAY, T0, T0 - 10 * DAY, T0), category: Uint8Array.of(1, 0, 3, 9) }
    // seenBy > 0: an existing camera sees it, weight 0; category 9 is not a category: 0
    expect(Array.from(incidentWeights(inc, { ...w, halfLifeDays: 0 }, { seenBy: Uint8Array.of(0, 2, 0, 0) }))).toEqual([2, 0, 1, 0])
    // now 10 days after T0: ages 110, 10, 20 and 10 days
    expect(Array.from(incidentWeights(inc, w, { now: T0 + 10 * DAY }))).toEqual([2 * 2 ** -11, 1.5, 0.25, 0])
    // a time after now counts as new (age 0)
    expect(incidentWeights(inc, w, { now: T0 - 50 * DAY })[1]).toBe(3)
    expect(incidentWeights({ count: 0, time: new Float64Array(0), category: new Uint8Array(0) }, w).length).toBe(0)
  })

  it('weights lie in [0, category weight] and fall with age', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1000, max: 0 }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (rows, halfLifeDays) => {
          const inc = { count: rows.length, time: Float64Array.from(rows, (r) => T0 + r[0] * DAY), category: Uint8Array.from(rows, (r) => r[1]) }
          const out = incidentWeights(inc, { category: [3, 2, 1, 1, 1], halfLifeDays }, { now: T0 })
          rows.forEach(([age, c], i) => {
            expect(out[i]).toBeGreaterThanOrEqual(0)
            expect(out[i]).toBeLessThanOrEqual([3, 2, 1, 1, 1][c])
            rows.forEach(([age2, c2], j) => {
              if (c2 === c && age2 <= age) expect(out[j]).toBeLessThanOrEqual(out[i])
            })
          })
        },
      ),
      { numRuns: 200 },
    )
  })
})
