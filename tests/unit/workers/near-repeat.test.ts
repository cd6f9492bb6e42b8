import { describe, expect, it } from 'vitest'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { DAY_MS, radiiOfCurvature, ROLE_NAMES } from '../../../src/core/near-repeat'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const LAT = 39.9
const north = (m: number) => LAT + (m / radiiOfCurvature(LAT).m) * (180 / Math.PI)
const T0 = Date.UTC(2024, 0, 1)

/**
 * The six criminal incidents of tests/unit/core/near-repeat.test.ts (a 0 m day 0, b 50 m day 3,
 * c 160 m day 10, d 1000 m day 1, e 1050 m day 20, f 5000 m day 2; observed [[1, 0], [0, 2]] in
 * 0,100,200 m × 0,7,14 days), plus two fires (category 2) 10 m from a on days 1 and 2, which
 * would add pairs to the first cell if the filter let them through.
 */
function session(): AnalyticsSession {
  const s = new AnalyticsSession()
  const metres = [0, 50, 160, 1000, 1050, 5000, 10, 10]
  const days = [0, 3, 10, 1, 20, 2, 1, 2]
  s.setIncidents({
    count: 8,
    lon: new Float64Array(8).fill(116.4),
    lat: Float64Array.from(metres, north),
    time: Float64Array.from(days, (d) => T0 + d * DAY_MS),
    category: Uint8Array.from([0, 0, 0, 0, 0, 0, 2, 2]),
  })
  return s
}

const REQ = { distanceEdges: [0, 100, 200], dayEdges: [0, 7, 14], permutations: 499, seed: 1 }

describe('AnalyticsSession.nearRepeat', () => {
  it('counts only what the filter keeps', () => {
    const r = session().nearRepeat({ ...REQ, filter: { ...NO_FILTER, categories: [0] } })
    expect([...r.table.observed]).toEqual([1, 0, 0, 2])
    expect(r.table.incidents).toBe(6)
    // The request's own categories do the same.
    expect([...session().nearRepeat({ ...REQ, categories: [0] }).table.observed]).toEqual([1, 0, 0, 2])
    // Unfiltered, the fires add a–x, a–y (10 m; 1 and 2 days), x–y (0 m, 1 day), b–x, b–y
    // (40 m; 2 and 1 days) to [0,100) × [0,7): 6; and c–x, c–y (150 m; 9 and 8 days) to
    // [100,200) × [7,14): 4.
    expect([...session().nearRepeat(REQ).table.observed]).toEqual([6, 0, 0, 4])
  })

  it('returns the window’s roles and the risk zone', () => {
    const r = session().nearRepeat({ ...REQ, filter: { ...NO_FILTER, categories: [0] }, windowDays: 30 })
    // Six incidents are not significant: the first bands (100 m, 7 days) stand in.
    expect(r.fallback).toBe(true)
    expect([r.roleDistance, r.roleDays]).toEqual([100, 7])
    expect(r.window.to).toBe(T0 + 20 * DAY_MS)
    // Time order a(0) d(1) f(2) b(3) c(10) e(20); only a–b is within 100 m and 7 days.
    expect([...r.rows]).toEqual([0, 3, 5, 1, 2, 4])
    expect([...r.roles].map((k) => ROLE_NAMES[k])).toEqual(['originator', 'isolated', 'isolated', 'near_repeat', 'isolated', 'isolated'])
    // a, b, c within 160 m merge; d, e merge; f alone: three polygons.
    expect(r.zone?.geometry.type).toBe('MultiPolygon')
    expect((r.zone?.geometry.coordinates as unknown[]).length).toBe(3)
  })
})
