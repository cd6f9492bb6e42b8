import { describe, expect, it } from 'vitest'
import { patrolKilometres, trackDays, tracksWithin } from '../../../src/core/patrol-kilometres'
import { tracksFromFixes } from '../../../src/core/unit-tracks'

// along a meridian 0.009° of latitude is 1,000.75 m on the haversine sphere (R = 6,371,008.8 m):
// 2πR / 360 × 0.009
const STEP_DEG = 0.009
const STEP_M = (2 * Math.PI * 6_371_008.8 / 360) * STEP_DEG
const LON = 119.1, LAT0 = 36.7
const MIN = 60_000
const T0 = Date.UTC(2025, 11, 31, 2, 0)

type Fix = [unit: number, minute: number, north: number, status?: number]
function tracks(fixes: Fix[]) {
  return tracksFromFixes({
    unitIds: ['A', 'B'], unitKind: [0, 0], unit: fixes.map((f) => f[0]), time: fixes.map((f) => T0 + f[1] * MIN),
    lon: fixes.map(() => LON), lat: fixes.map((f) => LAT0 + f[2] * STEP_DEG), status: fixes.map((f) => f[3] ?? 0),
  })
}

describe('patrolKilometres', () => {
  it('sums fix-to-fix distances and times of each unit', () => {
    // A: 1 km a minute for 3 minutes (60 km/h); B: one fix only, nothing to sum
    const r = patrolKilometres(tracks([[0, 0, 0], [0, 1, 1], [0, 2, 2], [0, 3, 3], [1, 0, 0]]))
    expect(r.km[0]).toBeCloseTo((3 * STEP_M) / 1000, 9)
    expect(r.minutes[0]).toBeCloseTo(3, 9)
    expect(r.km[1]).toBe(0)
    expect(r.minutes[1]).toBe(0)
  })

  it('leaves out a jump faster than 200 km/h and a silence over the offline limit (10 min)', () => {
    const r = patrolKilometres(tracks([
      [0, 0, 0], [0, 1, 1],   // 1 km in 1 min: kept
      [0, 2, 5],              // 4 km in 1 min = 240 km/h: a jump, left out
      [0, 3, 6],              // 1 km in 1 min: kept
      [0, 14, 7],             // 11 min silence: left out
      [0, 15, 8],             // kept
      [1, 0, 0], [1, 10, 3],  // B: 3 km in exactly 10 min (18 km/h): the limit itself is kept
    ]))
    expect(r.km[0]).toBeCloseTo((3 * STEP_M) / 1000, 9)
    expect(r.minutes[0]).toBeCloseTo(3, 9)
    expect(r.jumps[0]).toBe(1)
    expect(r.gaps[0]).toBe(1)
    expect(r.km[1]).toBeCloseTo((3 * STEP_M) / 1000, 9)
    expect(r.minutes[1]).toBeCloseTo(10, 9)
  })

  it('counts nothing at the station or offline, and a stretch for the period its first fix is in', () => {
    const fixes: Fix[] = [[0, 0, 0, 2], [0, 1, 1, 2], [0, 2, 2, 0], [0, 3, 3, 3], [0, 4, 4, 0], [0, 5, 5, 0]]
    const all = patrolKilometres(tracks(fixes))
    // kept: 2→3 (patrolling), 4→5 (patrolling); 0→1, 1→2 at the station and 3→4 offline are not
    expect(all.km[0]).toBeCloseTo((2 * STEP_M) / 1000, 9)
    expect(all.minutes[0]).toBeCloseTo(2, 9)
    // [minute 4, minute 5): only the stretch 4→5 starts in it, and counts whole
    const part = patrolKilometres(tracks(fixes), { from: T0 + 4 * MIN, to: T0 + 5 * MIN })
    expect(part.km[0]).toBeCloseTo(STEP_M / 1000, 9)
    expect(part.minutes[0]).toBeCloseTo(1, 9)
  })
})

describe('tracksWithin and trackDays', () => {
  it('keeps the fixes of [from, to) with every unit, and names the local days they fall on', () => {
    const tr = tracks([[0, 0, 0], [0, 1, 1], [0, 2, 2], [1, 3, 0]])
    const w = tracksWithin(tr, T0 + MIN, T0 + 3 * MIN)
    expect(w.unitIds).toEqual(['A', 'B'])
    expect(Array.from(w.unitStart)).toEqual([0, 2, 2])
    expect(Array.from(w.time)).toEqual([T0 + MIN, T0 + 2 * MIN])
    // T0 is 10:00 on 2025-12-31 in Shanghai; local midnight is 16:00 UTC the day before
    expect(trackDays(tr, -Infinity, Infinity)).toEqual([Date.UTC(2025, 11, 30, 16)])
    expect(trackDays(tr, 0, T0)).toEqual([])
  })
})
