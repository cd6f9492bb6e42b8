import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import '../fast-check-seed'
import {
  areaKm2, areaStats, classBounds, classBreaks, classCounts, classOf, divergingBreaks, jenksCuts, labelDecimals, maskedAssign, CLASS_METHODS,
} from '../../../src/core/area-stats'
import { areasFromGeoJson } from '../../../src/core/areas'
import { monthPeriod } from '../../../src/core/periods'

const box = (x0: number, y0: number, s: number) => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]
const t = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 8 * 3600_000 + 12 * 3600_000

describe('areaKm2', () => {
  it('measures squares, holes subtracted', () => {
    const { areas } = areasFromGeoJson({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Polygon', coordinates: [box(0, 0, 0.01)] } },
      { type: 'Feature', properties: { id: 'b' }, geometry: { type: 'Polygon', coordinates: [box(0.02, 0, 0.01), box(0.0225, 0.0025, 0.005)] } },
    ] })
    // 0.01° = π·6371008.8/180 × 0.01 = 1111.951 m (cos of 0.005° is 1 to 4e-9): 1111.951² m² = 1.236434 km²;
    // the hole is a quarter of that
    const km2 = areaKm2(areas)
    expect(km2[0]).toBeCloseTo(1.236434, 5)
    expect(km2[1]).toBeCloseTo(1.236434 * 0.75, 5)
  })
})

describe('areaStats', () => {
  // area 0: 10,000 residents, 2 km²; area 1: no population, 0.5 km²
  // May 2024 (period): area 0 gets criminal, other, fire (filtered out); area 1 gets problem
  // April 2024 (环比 base): area 0 one criminal; May 2023 (同比 base): area 0 two criminal, area 1 none
  const time = Float64Array.from([t(2024, 5, 2), t(2024, 5, 3), t(2024, 5, 4), t(2024, 5, 5), t(2024, 4, 9), t(2023, 5, 9), t(2023, 5, 10), t(2024, 5, 6)])
  const category = Uint8Array.from([0, 4, 2, 3, 0, 0, 0, 0])
  const assign = Int32Array.from([0, 0, 0, 1, 0, 0, 0, -1])
  const keep = Uint8Array.from([1, 1, 0, 1, 1, 1, 1, 1])
  const input = {
    assign, keep, category, time, count: 8, population: Float64Array.from([10_000, NaN]), km2: Float64Array.from([2, 0.5]),
    range: null, period: monthPeriod(2024, 5),
  }

  it('counts the kept incidents, their rates, the index and the changes by hand', () => {
    const s = areaStats(input)
    // all time: area 0 keeps rows 0, 1, 4, 5, 6 = 5; area 1 row 3; row 7 is in no area
    expect([...s.count]).toEqual([5, 1])
    expect([...s.per10kResidents]).toEqual([5, NaN])
    expect([...s.perKm2]).toEqual([2.5, 2])
    // index counts criminal + public order + fire + problem, not "other": area 0 has 1 alert in May per 10,000
    expect([...s.index]).toEqual([1, NaN])
    expect([...s.rank]).toEqual([1, 0])
    expect([...s.currentCount]).toEqual([2, 1])
    expect([...s.previousCount]).toEqual([1, 0])
    expect([...s.lastYearCount]).toEqual([2, 0])
    expect([...s.mom]).toEqual([1, NaN])
    expect([...s.yoy]).toEqual([0, NaN])
  })

  it('bounds the counts by the range, and without a filter counts every row', () => {
    expect([...areaStats({ ...input, range: monthPeriod(2023, 5) }).count]).toEqual([2, 0])
    expect([...areaStats({ ...input, keep: undefined }).count]).toEqual([6, 1])
  })

  it('masks the join only when there is a mask', () => {
    expect(maskedAssign(assign, undefined)).toBe(assign)
    expect([...maskedAssign(assign, keep)]).toEqual([0, 0, -1, 1, 0, 0, 0, -1])
  })
})

describe('class breaks', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN]

  it('quantile, equal interval and Jenks on hand examples', () => {
    // the median of 1..10 is 5.5
    expect(classBreaks(ten, 2, 'quantile')).toEqual({ method: 'quantile', min: 1, max: 10, thresholds: [5.5] })
    // 1..10 widened to 0..10, halved
    expect(classBreaks(ten, 2, 'equal')?.thresholds).toEqual([5])
    // the one big gap of 1, 2, 3 | 10, 11, 12
    expect(classBreaks([12, 1, 11, 2, 10, 3], 2, 'jenks')?.thresholds).toEqual([10])
    expect(classBreaks([NaN], 3, 'jenks')).toBeNull()
    // ties collapse classes instead of making empty ones
    expect(classBreaks([0, 0, 0, 0, 0, 0, 1], 4, 'quantile')?.thresholds).toEqual([])
  })

  it('puts a value on a threshold in the class above it', () => {
    const b = classBreaks(ten, 2, 'equal')!
    expect([classOf(b, 4.99), classOf(b, 5), classOf(b, 10), classOf(b, NaN)]).toEqual([0, 1, 1, -1])
    expect(classBounds(b, 0)).toEqual([1, 5])
    expect(classBounds(b, 1)).toEqual([5, 10])
    expect([...classCounts(b, ten)]).toEqual([4, 6])
  })

  it('centres changes on 0 with round steps, capped', () => {
    // reach 0.8 in 2 steps a side: step 0.4 rounds up to 0.5
    expect(divergingBreaks([-0.3, 0.1, 0.8], 4, 1)).toEqual({ method: 'diverging', min: -1, max: 1, thresholds: [-0.5, 0, 0.5] })
    // +900 % capped at 100 %: 3 steps a side of 1/3 → 0.5
    const b = divergingBreaks([9, -0.2], 6, 1)!
    expect(b.thresholds).toEqual([-1, -0.5, 0, 0.5, 1])
    expect(classOf(b, 9)).toBe(5)
    expect(classOf(b, -0.2)).toBe(2)
  })

  it('every class label bounds the values in its class (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 2, max: 9 }), fc.constantFrom(...CLASS_METHODS),
      (values, k, method) => {
        const b = classBreaks(values, k, method)!
        expect(b.thresholds.length).toBeLessThan(k + 1)
        const last = b.thresholds.length
        for (const v of values) {
          const c = classOf(b, v)
          const [lo, hi] = classBounds(b, c)
          expect(v).toBeGreaterThanOrEqual(lo)
          if (c < last) expect(v).toBeLessThan(hi)
          else expect(v).toBeLessThanOrEqual(hi)
        }
        expect([...classCounts(b, values)].reduce((a, x) => a + x, 0)).toBe(values.length)
      },
    ))
  })

  it('Jenks finds the least squared deviation of all partitions (property, brute force)', () => {
    const ssd = (xs: number[]) => {
      const m = xs.reduce((a, x) => a + x, 0) / xs.length
      return xs.reduce((a, x) => a + (x - m) ** 2, 0)
    }
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 9 }), (xs) => {
      const v = Float64Array.from(xs).sort()
      const cost = (cuts: number[]) => [0, ...cuts].reduce((a, c, i) => a + ssd([...v.subarray(c, [...cuts, v.length][i])]), 0)
      let best = Infinity
      for (let i = 1; i < v.length; i++) for (let j = i + 1; j < v.length; j++) best = Math.min(best, cost([i, j]))
      const cuts = jenksCuts(v, 3)
      expect(cuts).toHaveLength(2)
      expect(cost(cuts)).toBeCloseTo(best, 6)
    }))
  })

  it('prints breaks with as few decimals as keep them apart', () => {
    expect(labelDecimals([0, 5, 10])).toBe(0)
    expect(labelDecimals([1, 1.4, 2])).toBe(1)
    expect(labelDecimals([1.231, 1.234])).toBe(3)
    expect(labelDecimals([1, 1 + 1e-9])).toBe(4)
  })
})
