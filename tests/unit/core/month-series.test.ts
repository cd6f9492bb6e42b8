import { describe, expect, it } from 'vitest'
import { lastMonths, sparklinePoints } from '../../../src/core/month-series'
import type { TimeProfile } from '../../../src/core/time-profile'

/** two areas over four months: area 0 counts 1..4, area 1 counts 10, 20, 30, 40 */
const profile: TimeProfile = {
  nAreas: 2, hourWeekday: new Float64Array(336), total: Float64Array.from([10, 100]), night: new Float64Array(2),
  months: ['2024-01', '2024-02', '2024-03', '2024-04'], monthly: Float64Array.from([1, 2, 3, 4, 10, 20, 30, 40]), spread: new Uint32Array(2),
}

describe('lastMonths', () => {
  it('takes the months ending with the key, per area', () => {
    const w = lastMonths(profile, '2024-03', 2)
    expect(w.months).toEqual(['2024-02', '2024-03'])
    expect(w.values(0)).toEqual([2, 3])
    expect(w.values(1)).toEqual([20, 30])
  })
  it('is shorter when the data start later, and empty past the data', () => {
    expect(lastMonths(profile, '2024-04', 12).values(1)).toEqual([10, 20, 30, 40])
    expect(lastMonths(profile, '2025-01', 12).months).toEqual([])
    expect(lastMonths(profile, '2025-01', 12).values(0)).toEqual([])
  })
})

describe('sparklinePoints', () => {
  it('spreads x over the width and puts the largest value at the top', () => {
    // width 60, 3 values: x 0, 30, 60; height 16: y = 15 − v/4 · 14 → 15, 8, 1
    expect(sparklinePoints([0, 2, 4], 60, 16)).toBe('0,15 30,8 60,1')
  })
  it('draws one value flat, all zeros on the bottom, nothing for no values', () => {
    expect(sparklinePoints([5], 60, 16)).toBe('0,1 60,1')
    expect(sparklinePoints([0, 0], 60, 16)).toBe('0,15 60,15')
    expect(sparklinePoints([], 60, 16)).toBe('')
  })
})
