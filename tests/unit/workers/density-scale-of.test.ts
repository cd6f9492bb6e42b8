import { describe, expect, it } from 'vitest'
import { densityScaleOf } from '../../../src/workers/analytics-hotspots'
import { NO_FILTER } from '../../../src/core/incident-filter'

/** n points a few metres apart near (119.1, 36.7), of the given categories */
function points(cats: number[]) {
  const n = cats.length
  return {
    count: n,
    lon: Float64Array.from(cats, (_, i) => 119.1 + i * 1e-6),
    lat: Float64Array.from(cats, () => 36.7),
    time: new Float64Array(n).fill(Date.UTC(2025, 0, 1)),
    category: Uint8Array.from(cats),
  }
}

describe('densityScaleOf: the scale of points the worker does not hold', () => {
  it('counts its own points per km² on cells of the given side, and only those the filter keeps', () => {
    // ten points in one 100 m cell: 10 / 0.01 km² = 1,000 per km²
    const p = points([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    expect(densityScaleOf(p, null, 100)).toBe(1000)
    // five kept: 500 per km²
    expect(densityScaleOf(p, { ...NO_FILTER, categories: [0] }, 100)).toBe(500)
  })
})
