import { describe, expect, it } from 'vitest'
import { RANGE_GIVEN, type CameraColumns } from '../../../src/core/cameras'
import { localProjection, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import { suggestCameras, type SuggestInput } from '../../../src/core/suggest-cameras'
import { obstaclesFromRings } from '../../../src/core/visibility'

// Everything is drawn in metres in P and converted to lon/lat; ranges are given (RANGE_GIVEN),
// so the DORI level leaves them as they are.
const P = localProjection(117, 36.6, 36.6)
const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 1)

interface Pose { x: number; y: number; azimuth: number; fov: number; range: number }

function columns(list: Pose[]): CameraColumns {
  const n = list.length
  return {
    count: n, ids: list.map((_, i) => `C${i}`),
    lon: Float64Array.from(list, (c) => unprojectLon(P, c.x)), lat: Float64Array.from(list, (c) => unprojectLat(P, c.y)),
    azimuth: Float32Array.from(list, (c) => c.azimuth), fov: Float32Array.from(list, (c) => c.fov), range: Float32Array.from(list, (c) => c.range),
    type: new Uint8Array(n), cls: new Uint8Array(n), status: new Uint8Array(n),
    focalMm: new Float32Array(n).fill(NaN), sensorMm: new Float32Array(n).fill(NaN), hRes: new Float32Array(n).fill(NaN),
    rangeSource: new Uint8Array(n).fill(RANGE_GIVEN),
  }
}

const dome = (x: number, y: number, range: number): Pose => ({ x, y, azimuth: 0, fov: 360, range })

// Existing: three domes of range 10 on the x axis at 0, 100 and 200.
const EXISTING = columns([dome(0, 0, 10), dome(100, 0, 10), dome(200, 0, 10)])
// Candidates: P0 dome r 20 at (50,0); P1 bullet at (50,30) looking south (az 180, fov 90,
// range 40: bearings 135°…225°); P2 dome r 20 at (150,0); P3 dome r 20 at (52,0), next to P0;
// P4 dome r 10 at (300,300), where no incident is.
const CANDIDATES = columns([
  dome(50, 0, 20), { x: 50, y: 30, azimuth: 180, fov: 90, range: 40 }, dome(150, 0, 20), dome(52, 0, 20), dome(300, 300, 10),
])

// Incidents: [x, y, category, age in days]. Categories 0 criminal 3, 1 public order 2, 2 fire 1,
// 3 problem 1, 4 other 1 (the default weights); half-life 30 days; the newest is T0.
const INCIDENTS: [number, number, number, number][] = [
  [0, 5, 0, 0], //     i0: seen by the dome at (0,0): weight 0
  [100, 3, 1, 0], //   i1: seen by the dome at (100,0): 0
  [45, 0, 0, 0], //    i2: 3.     P0 (d 5), P3 (7), P1 (d 30.4, bearing 189.5°)
  [55, 0, 1, 30], //   i3: 2 · ½ = 1.   P0, P3, P1 (bearing 170.5°)
  [65, 0, 2, 0], //    i4: 1.     P0 (15), P3 (13), P1 (d 33.5, bearing 153.4°)
  [35, 0, 0, 60], //   i5: 3 · ¼ = 0.75.   P0 (15), P3 (17), P1 (bearing 206.6°)
  [50, 50, 0, 0], //   i6: 3, but behind P1 (bearing 0°) and 50 m from P0: no candidate
  [150, 5, 0, 0], //   i7: 3.     P2 only
  [160, 0, 3, 0], //   i8: 1.     P2 (10)
  [140, -5, 4, 30], // i9: 1 · ½ = 0.5.   P2 (11.2)
  [200, 5, 0, 0], //   i10: seen by the dome at (200,0): 0
  [50, 18, 0, 0], //   i11: 3.    P0 (18), P3 (18.1), P1 (d 12, bearing 180°)
  [75, 0, 2, 0], //    i12: 1.    P1 only (d 39.05, bearing 140.2°; 25 m from P0, 23 from P3)
]

const input = (over: Partial<SuggestInput> = {}): SuggestInput => ({
  incidents: {
    count: INCIDENTS.length,
    lon: Float64Array.from(INCIDENTS, (r) => unprojectLon(P, r[0])), lat: Float64Array.from(INCIDENTS, (r) => unprojectLat(P, r[1])),
    time: Float64Array.from(INCIDENTS, (r) => T0 - r[3] * DAY), category: Uint8Array.from(INCIDENTS, (r) => r[2]),
  },
  cameras: EXISTING, candidates: CANDIDATES, proj: P, ...over,
})
const weights = { category: [3, 2, 1, 1, 1], halfLifeDays: 30 }

describe('suggestCameras on a hand fixture', () => {
  // Sets (weight): P0 = P3 = {i2, i3, i4, i5, i11} = 3 + 1 + 1 + 0.75 + 3 = 8.75;
  // P1 = those and i12 = 9.75; P2 = {i7, i8, i9} = 4.5; P4 = {}.
  it('takes P1 (9.75) then P2 (4.5), and stops: nothing else adds weight', () => {
    const r = suggestCameras(input(), { n: 3, level: 'observe', minSpacing: 0, weights })
    expect(Array.from(r.chosen)).toEqual([1, 2])
    expect(Array.from(r.gains)).toEqual([9.75, 4.5])
    expect(Array.from(r.newlyCovered)).toEqual([6, 3])
    expect([r.total, r.greedyTotal, r.incidentsCovered, r.swaps]).toEqual([14.25, 14.25, 9, 0])
    // bound at the greedy set: 14.25 + 0 (every Δ is 0); at ∅ it was 9.75 + 8.75 + 8.75
    expect([r.upperBound, r.ratio]).toEqual([14.25, 1])
    expect(r.ms.total).toBeGreaterThanOrEqual(r.ms.sets)
  })

  it('spacing 110 m: P2 stands 104.4 m from P1 and is blocked; the bound ignores spacing', () => {
    const r = suggestCameras(input(), { n: 3, level: 'observe', minSpacing: 110, weights })
    expect(Array.from(r.chosen)).toEqual([1])
    expect(r.total).toBe(9.75)
    expect(r.upperBound).toBe(14.25)
    expect(r.ratio).toBeCloseTo(9.75 / 14.25, 15)
  })

  it('without the existing cameras i0, i1 and i10 weigh too, but no candidate sees them', () => {
    const r = suggestCameras(input({ cameras: null }), { n: 2, level: 'observe', minSpacing: 0, weights })
    expect(Array.from(r.chosen)).toEqual([1, 2])
    expect(r.total).toBe(14.25)
    // cameraKeep 0 for all: the same
    const off = suggestCameras(input({ cameraKeep: new Uint8Array(3) }), { n: 2, level: 'observe', minSpacing: 0, weights })
    expect(off.total).toBe(14.25)
  })

  it('a budget of 1 with i12 made worthless (fire weight 0): P0, P1 and P3 tie at 7.75, the lowest row wins', () => {
    // P0 and P3 lose i4 (fire); P1 loses i4 and i12: all three 3 + 1 + 0.75 + 3 = 7.75
    const r = suggestCameras(input(), { n: 1, level: 'observe', minSpacing: 0, weights: { category: [3, 2, 0, 1, 1], halfLifeDays: 30 } })
    expect(Array.from(r.chosen)).toEqual([0])
    expect(r.total).toBe(7.75)
    expect(Array.from(r.newlyCovered)).toEqual([4])
  })

  it('a wall between P1 and i12 (its only unique incident) makes P1 no better than P0', () => {
    // a wall across x = 70 from y = −5 to 10 hides i12 (75,0) from P1 (50,30); P1's other
    // incidents lie west of it
    const obstacles = obstaclesFromRings([Float64Array.of(70, -5, 70, 10)])
    const r = suggestCameras(input({ obstacles }), { n: 2, level: 'observe', minSpacing: 0, weights })
    expect(Array.from(r.chosen)).toEqual([0, 2])
    expect(Array.from(r.gains)).toEqual([8.75, 4.5])
  })
})
