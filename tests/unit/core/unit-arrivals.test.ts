import { describe, expect, it } from 'vitest'
import { localProjection, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import { detectArrivals, responseGroups } from '../../../src/core/unit-arrivals'
import { tracksFromFixes } from '../../../src/core/unit-tracks'

const P = localProjection(119, 36.7, 36.7)
const T0 = Date.UTC(2026, 0, 5, 2, 0, 0) // 10:00 local
type Fix = [unit: number, sec: number, x: number, y: number]

function tracks(fixes: Fix[]) {
  return tracksFromFixes({
    unitIds: ['A', 'B', 'C'], unitKind: [0, 0, 0],
    unit: fixes.map((f) => f[0]), time: fixes.map((f) => T0 + f[1] * 1000),
    lon: fixes.map((f) => unprojectLon(P, f[2])), lat: fixes.map((f) => unprojectLat(P, f[3])),
  })
}
/** a straight drive from (x0, y) eastwards at v m/s, one fix per 5 s, from second s0 for n fixes */
const drive = (unit: number, s0: number, x0: number, y: number, v: number, n: number): Fix[] =>
  Array.from({ length: n }, (_, k) => [unit, s0 + 5 * k, x0 + v * 5 * k, y] as Fix)
const stay = (unit: number, s0: number, s1: number, x: number, y: number): Fix[] =>
  Array.from({ length: Math.floor((s1 - s0) / 5) + 1 }, (_, k) => [unit, s0 + 5 * k, x, y] as Fix)

describe('detectArrivals on hand-made tracks', () => {
  // alert 0 at (0,0) at T0; alert 1 at (2000, 0) at T0, which nobody reaches
  const alerts = {
    lon: Float64Array.from([unprojectLon(P, 0), unprojectLon(P, 2000)]),
    lat: Float64Array.from([unprojectLat(P, 0), unprojectLat(P, 0)]),
    time: Float64Array.from([T0, T0]),
    count: 2,
  }

  it('arrives: stays within 50 m for a minute or more; the first fix of the stay is the arrival', () => {
    // A drives in from 500 m west at 10 m/s, stops 20 m from the alert at second 150 for 3 min
    const t = tracks([...drive(0, 100, -500, 20, 10, 10), ...stay(0, 150, 330, -20, 20)])
    const r = detectArrivals(t, alerts)
    expect(r.unit[0]).toBe(0)
    expect(r.seconds[0]).toBe(150)
    expect(r.unit[1]).toBe(-1)
    expect(r.seconds[1]).toBeNaN()
  })

  it('passes by without stopping: no arrival; the one who stops later is the arrival', () => {
    // B drives past at 10 m/s at second 60 (in the circle ~10 s); C stops at second 400
    const t = tracks([...drive(1, 0, -600, 0, 10, 200), ...stay(2, 400, 500, 30, -30)])
    const r = detectArrivals(t, alerts)
    expect(r.unit[0]).toBe(2)
    expect(r.seconds[0]).toBe(400)
  })

  it('never arrives: a stay of 45 s, a stay 60 m away, a stay before the alert that ends before it', () => {
    const t = tracks([...stay(0, 100, 145, 10, 0), ...stay(1, 100, 400, 60, 0), ...stay(2, -600, -10, 0, 0)])
    expect(detectArrivals(t, alerts).unit[0]).toBe(-1)
  })

  it('a unit already at the scene when the alert comes arrives at its first fix after it', () => {
    const t = tracks(stay(0, -300, 300, 5, 5))
    const r = detectArrivals(t, alerts)
    expect(r.unit[0]).toBe(0)
    expect(r.seconds[0]).toBe(0)
  })

  it('groups count alerts without an arrival, and the share within target', () => {
    const t = tracks([...stay(0, 50, 200, 0, 0)])
    const r = detectArrivals(t, alerts)
    // alert 0 target 60 s (reached at 50 s), alert 1 never reached
    const g = responseGroups(r, [60, 180], 2, () => 'all')
    expect(g).toHaveLength(1)
    expect(g[0]).toMatchObject({ key: 'all', alerts: 2, arrived: 1, noArrival: 1, withinTarget: 1, shareWithin: 0.5, medianS: 50 })
    expect(g[0].histogram).toEqual([1, 0, 0, 0, 0, 0])
  })
})
