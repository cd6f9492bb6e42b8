import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import '../fast-check-seed'
import {
  closePairs, DAY_MS, ellipsoidDistance, knoxTest, nearRepeatRoles, radiiOfCurvature, riskZone, ROLE_NAMES,
} from '../../../src/core/near-repeat'

/** Vincenty's inverse on WGS-84 (Vincenty 1975): an independent geodesic for the distance check. */
function vincenty(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = 6378137, f = 1 / 298.257223563, b = a * (1 - f), r = Math.PI / 180
  const L = (lon2 - lon1) * r
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * r)), U2 = Math.atan((1 - f) * Math.tan(lat2 * r))
  const sU1 = Math.sin(U1), cU1 = Math.cos(U1), sU2 = Math.sin(U2), cU2 = Math.cos(U2)
  let lam = L, prev = 0, sS = 0, cS = 0, sig = 0, c2a = 0, c2sm = 0
  do {
    const sl = Math.sin(lam), cl = Math.cos(lam)
    sS = Math.sqrt((cU2 * sl) ** 2 + (cU1 * sU2 - sU1 * cU2 * cl) ** 2)
    if (sS === 0) return 0
    cS = sU1 * sU2 + cU1 * cU2 * cl
    sig = Math.atan2(sS, cS)
    const sa = (cU1 * cU2 * sl) / sS
    c2a = 1 - sa * sa
    c2sm = c2a === 0 ? 0 : cS - (2 * sU1 * sU2) / c2a
    const C = (f / 16) * c2a * (4 + f * (4 - 3 * c2a))
    prev = lam
    lam = L + (1 - C) * f * sa * (sig + C * sS * (c2sm + C * cS * (-1 + 2 * c2sm * c2sm)))
  } while (Math.abs(lam - prev) > 1e-13)
  const u2 = (c2a * (a * a - b * b)) / (b * b)
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
  const dS = B * sS * (c2sm + (B / 4) * (cS * (-1 + 2 * c2sm * c2sm) - (B / 6) * c2sm * (-3 + 4 * sS * sS) * (-3 + 4 * c2sm * c2sm)))
  return b * A * (sig - dS)
}

const LON = 116.4
const LAT = 39.9
/** Degrees of latitude for `m` metres north of LAT (meridian radius of curvature there). */
const north = (m: number) => LAT + (m / radiiOfCurvature(LAT).m) * (180 / Math.PI)
const T0 = Date.UTC(2024, 0, 1)

/**
 * Six incidents on one meridian, metres north of the first and days after 1 Jan:
 *   A 0 m day 0, B 50 m day 3, C 160 m day 10, D 1000 m day 1, E 1050 m day 20, F 5000 m day 2.
 * Bands 0,100,200 m × 0,7,14 days. Pairs closer than 200 m: AB 50 m, AC 160 m, BC 110 m, DE 50 m.
 *   AB: 50 m, 3 days → [0,100) × [0,7)
 *   AC: 160 m, 10 days → [100,200) × [7,14)
 *   BC: 110 m, 7 days → [100,200) × [7,14) (7 days is the band's `from`: from ≤ value < to)
 *   DE: 50 m, 19 days → past the last time edge, not counted.
 * Observed: [[1, 0], [0, 2]].
 * Under random timing each pair gets a uniformly random pair of the six times. Their 15 gaps
 * (times 0,3,10,1,20,2): 1,1,1,2,2,3 are < 7 (6 gaps); 7,8,9,10,10 are in [7,14) (5);
 * 17,18,19,20 are ≥ 14 (4). Each distance band holds 2 pairs, so every expected cell is
 * 2·6/15 = 0.8 in [0,7) and 2·5/15 = 2/3 in [7,14) (nD·nT / C(N,2)).
 */
const SIX = {
  lon: new Float64Array(6).fill(LON),
  lat: Float64Array.from([0, 50, 160, 1000, 1050, 5000], north),
  time: Float64Array.from([0, 3, 10, 1, 20, 2], (d) => T0 + d * DAY_MS),
}
const BANDS = { distanceEdges: [0, 100, 200], dayEdges: [0, 7, 14] }

/** Brute-force table over all pairs, with times `t`. */
function bruteTable(lon: Float64Array, lat: Float64Array, t: ArrayLike<number>, dE: number[], tE: number[], keep?: Uint8Array): number[] {
  const nt = tE.length - 1
  const out = new Array<number>((dE.length - 1) * nt).fill(0)
  const ok = (i: number) => (!keep || keep[i]) && Number.isFinite(lon[i]) && Number.isFinite(lat[i]) && Number.isFinite(t[i])
  for (let i = 0; i < lon.length; i++) {
    for (let j = i + 1; j < lon.length; j++) {
      if (!ok(i) || !ok(j)) continue
      const d = ellipsoidDistance(lon[i], lat[i], lon[j], lat[j])
      const days = Math.abs(t[i] - t[j]) / DAY_MS
      const db = dE.findIndex((e, k) => k < dE.length - 1 && e <= d && d < dE[k + 1])
      const tb = tE.findIndex((e, k) => k < tE.length - 1 && e <= days && days < tE[k + 1])
      if (db >= 0 && tb >= 0) out[db * nt + tb]++
    }
  }
  return out
}

function permutationsOf(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs]
  return xs.flatMap((x, i) => permutationsOf([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]))
}

describe('ellipsoidDistance', () => {
  it('agrees with Vincenty’s inverse to 0.1 mm within 2 km', () => {
    fc.assert(fc.property(
      fc.double({ min: -70, max: 70, noNaN: true }), fc.double({ min: -179, max: 179, noNaN: true }),
      fc.double({ min: 0, max: 2000, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      (lat, lon, d, th) => {
        const lat2 = lat + (d * Math.cos(th)) / 111_000
        const lon2 = lon + (d * Math.sin(th)) / (111_000 * Math.cos((lat * Math.PI) / 180))
        expect(Math.abs(ellipsoidDistance(lon, lat, lon2, lat2) - vincenty(lon, lat, lon2, lat2))).toBeLessThan(1e-4)
      },
    ))
  })

  it('is the meridian arc north–south: 1° at 45° is 111,131.78 m', () => {
    // A degree of latitude at φ: 111,132.954 − 559.822·cos 2φ + 1.175·cos 4φ m (WGS-84 series);
    // at 45°: 111,132.954 − 1.175 = 111,131.779 m. Both Vincenty and M(45°)·π/180 agree.
    expect(vincenty(0, 44.5, 0, 45.5)).toBeCloseTo(111131.779, 1)
    expect(ellipsoidDistance(0, 44.5, 0, 45.5)).toBeCloseTo(111131.779, 0)
  })
})

describe('knoxTest', () => {
  it('counts the six-incident table computed by hand', () => {
    const { table } = knoxTest(SIX.lon, SIX.lat, SIX.time, 6, { ...BANDS, permutations: 0, seed: 1 })
    expect([...table.observed]).toEqual([1, 0, 0, 2])
    expect(table.closePairs).toBe(4)
    expect(table.incidents).toBe(6)
    expect([...table.expected].every(Number.isNaN)).toBe(true)
  })

  it('expected → nD·nT / C(N,2) and p → the exact permutation probability', () => {
    const P = 20_000
    const { table } = knoxTest(SIX.lon, SIX.lat, SIX.time, 6, { ...BANDS, permutations: P, seed: 7 })
    // Hand values (see SIX): 0.8 and 2/3. The mean of 20,000 counts bounded by 2 has a standard
    // error under 0.01.
    const hand = [0.8, 2 / 3, 0.8, 2 / 3]
    table.expected.forEach((e, c) => expect(Math.abs(e - hand[c])).toBeLessThan(0.03))
    expect(table.ratio[0]).toBeCloseTo(1 / table.expected[0], 12)
    // Exact p over all 720 orders of the times, by brute force.
    const orders = permutationsOf([...SIX.time])
    const atLeast = [0, 0, 0, 0]
    const sum = [0, 0, 0, 0]
    for (const t of orders) {
      bruteTable(SIX.lon, SIX.lat, t, BANDS.distanceEdges, BANDS.dayEdges).forEach((c, k) => {
        sum[k] += c
        if (c >= table.observed[k]) atLeast[k]++
      })
    }
    sum.forEach((s, k) => expect(s / orders.length).toBeCloseTo(hand[k], 12))
    table.p.forEach((p, c) => {
      expect(Math.abs(p - atLeast[c] / orders.length)).toBeLessThan(0.02)
      // p = (1 + g) / (P + 1) with g a whole number of permutations in 0..P
      const g = p * (P + 1) - 1
      expect(Math.abs(g - Math.round(g))).toBeLessThan(1e-6)
      expect(g).toBeGreaterThanOrEqual(0)
      expect(g).toBeLessThanOrEqual(P)
    })
  })

  it('p = 1 when every permutation gives the observed table (all times equal)', () => {
    const time = new Float64Array(6).fill(T0)
    const { table } = knoxTest(SIX.lon, SIX.lat, time, 6, { ...BANDS, permutations: 99, seed: 3 })
    expect([...table.observed]).toEqual([2, 0, 2, 0])
    expect([...table.p]).toEqual([1, 1, 1, 1])
    expect([...table.expected]).toEqual([2, 0, 2, 0])
    expect(table.ratio[0]).toBe(1)
    expect(table.ratio[1]).toBeNaN()
  })

  it('replays with the same seed', () => {
    const run = (seed: number) => knoxTest(SIX.lon, SIX.lat, SIX.time, 6, { ...BANDS, permutations: 50, seed }).table
    expect([...run(5).expected]).toEqual([...run(5).expected])
    expect([...run(5).p]).toEqual([...run(5).p])
  })

  it('finds the significant distance and days: contiguous from the nearest band', () => {
    // 40 bursts 10 km apart, each 4 incidents within 40 m of each other and within 3 days; the
    // bursts are 30 days apart. So every pair closer than 100 m is closer than 7 days (observed
    // far above random), and no pair is in 100–200 m.
    const n = 160
    const lon = new Float64Array(n), lat = new Float64Array(n), time = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const burst = Math.floor(i / 4), k = i % 4
      lon[i] = LON + (burst % 8) * 0.12 + k * 0.0001
      lat[i] = north(Math.floor(burst / 8) * 10_000 + k * 10)
      time[i] = T0 + (burst * 30 + k) * DAY_MS
    }
    const { table } = knoxTest(lon, lat, time, n, { distanceEdges: [0, 100, 200], dayEdges: [0, 7, 14], permutations: 199, seed: 1 })
    expect(table.observed[0]).toBe(40 * 6)
    expect(table.p[0]).toBeCloseTo(1 / 200, 12)
    expect(table.significant).toEqual({ distance: 100, days: 7 })
  })

  it('rejects bad bands and permutations with a message naming them', () => {
    const go = (o: Partial<Parameters<typeof knoxTest>[4]>) => () =>
      knoxTest(SIX.lon, SIX.lat, SIX.time, 6, { ...BANDS, permutations: 9, seed: 1, ...o })
    expect(go({ distanceEdges: [0, 100, 100] })).toThrow(/distance bands: edges must increase/)
    expect(go({ dayEdges: [7] })).toThrow(/time bands: at least two edges/)
    expect(go({ dayEdges: [-1, 7] })).toThrow(/time bands: edge 1 \(-1\)/)
    expect(go({ permutations: 1.5 })).toThrow(/permutations/)
    // SIX has 4 pairs closer than 200 m
    expect(go({ maxPairs: 3 })).toThrow('more than 3 pairs closer than 200 m: narrow the distance bands, the categories or the period')
    expect(go({ maxPairs: 4 })).not.toThrow()
  })

  it('observed counts = brute force over all pairs (kept, finite rows)', () => {
    const edges = fc.uniqueArray(fc.integer({ min: 0, max: 600 }), { minLength: 2, maxLength: 6 }).map((a) => a.sort((x, y) => x - y))
    const dayEdges = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 5 }).map((a) => a.sort((x, y) => x - y))
    const point = fc.record({
      x: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
      y: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
      d: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(Number.NaN)),
      kept: fc.boolean(),
    })
    fc.assert(fc.property(fc.array(point, { maxLength: 80 }), edges, dayEdges, fc.double({ min: -60, max: 60, noNaN: true }), (pts, dE, tE, lat0) => {
      const lon = Float64Array.from(pts, (p) => LON + p.x)
      const lat = Float64Array.from(pts, (p) => lat0 + p.y)
      const time = Float64Array.from(pts, (p) => T0 + p.d * DAY_MS)
      const keep = Uint8Array.from(pts, (p) => (p.kept ? 1 : 0))
      const { table } = knoxTest(lon, lat, time, pts.length, { distanceEdges: dE, dayEdges: tE, permutations: 0, seed: 1, keep })
      expect([...table.observed]).toEqual(bruteTable(lon, lat, time, dE, tE, keep))
    }), { numRuns: 200 })
  })

  it('permutation expectation → nD·nT / C(N,2) on random small sets', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ x: fc.integer({ min: 0, max: 300 }), y: fc.integer({ min: 0, max: 300 }), d: fc.integer({ min: 0, max: 30 }) }), { minLength: 4, maxLength: 12 }),
      fc.integer({ min: 1, max: 1000 }),
      (pts, seed) => {
        const lon = Float64Array.from(pts, (p) => LON + p.x * 1e-5)
        const lat = Float64Array.from(pts, (p) => LAT + p.y * 1e-5)
        const time = Float64Array.from(pts, (p) => T0 + p.d * DAY_MS)
        const dE = [0, 100, 250], tE = [0, 5, 15]
        const P = 4000
        const { table } = knoxTest(lon, lat, time, pts.length, { distanceEdges: dE, dayEdges: tE, permutations: P, seed })
        const N = pts.length
        const pairs = (N * (N - 1)) / 2
        // nD: pairs per distance band whatever the times; nT: pairs of times per time band.
        const nD = bruteTable(lon, lat, new Float64Array(N), dE, [0, 1]).slice()
        const nT = bruteTable(new Float64Array(N).fill(LON), new Float64Array(N).fill(LAT), time, [0, 1], tE)
        for (let d = 0; d < 2; d++) {
          for (let t = 0; t < 2; t++) {
            const exact = (nD[d] * nT[t]) / pairs
            // The count is at most nD[d], so its standard deviation is at most nD[d]/2 and the
            // mean of P counts is within 5 standard errors of the exact value.
            expect(Math.abs(table.expected[d * 2 + t] - exact)).toBeLessThanOrEqual((5 * nD[d]) / 2 / Math.sqrt(P) + 1e-9)
          }
        }
      },
    ), { numRuns: 15 })
  })
})

describe('nearRepeatRoles and riskZone', () => {
  const { pairs } = knoxTest(SIX.lon, SIX.lat, SIX.time, 6, { ...BANDS, permutations: 0, seed: 1 })
  const names = (r: Int8Array) => [...r].map((x) => ROLE_NAMES[x])

  it('marks originators, near repeats and isolated incidents', () => {
    // 100 m, 7 days: only AB qualifies (50 m, 3 days): A (day 0) originates, B repeats.
    expect(names(nearRepeatRoles(pairs, 6, 100, 7))).toEqual(['originator', 'near_repeat', 'isolated', 'isolated', 'isolated', 'isolated'])
    // 200 m, 14 days: AB, AC (10 days), BC (7 days): B is preceded by A and C by both.
    expect(names(nearRepeatRoles(pairs, 6, 200, 14))).toEqual(['originator', 'near_repeat', 'near_repeat', 'isolated', 'isolated', 'isolated'])
    // 200 m, 20 days (DE: 19 days, now inside): D originates E.
    expect(names(nearRepeatRoles(pairs, 6, 200, 20))).toEqual(['originator', 'near_repeat', 'near_repeat', 'originator', 'near_repeat', 'isolated'])
  })

  it('counts pairs closer than the first edge and refuses a distance that is not an edge', () => {
    // Bands from 60 m: AB (50 m) is closer than the first edge, not in the table, yet a pair for the roles.
    const r = knoxTest(SIX.lon, SIX.lat, SIX.time, 6, { distanceEdges: [60, 100, 200], dayEdges: [0, 7, 14], permutations: 0, seed: 1 })
    expect([...r.table.observed]).toEqual([0, 0, 0, 2])
    expect(names(nearRepeatRoles(r.pairs, 6, 100, 7))).toEqual(['originator', 'near_repeat', 'isolated', 'isolated', 'isolated', 'isolated'])
    expect(() => nearRepeatRoles(r.pairs, 6, 150, 7)).toThrow(/150 m is not one of the distance edges after the first \(60, 100, 200\)/)
  })

  it('roles = brute force over all pairs', () => {
    const point = fc.record({ x: fc.integer({ min: 0, max: 400 }), y: fc.integer({ min: 0, max: 400 }), d: fc.integer({ min: 0, max: 20 }) })
    fc.assert(fc.property(fc.array(point, { maxLength: 40 }), fc.constantFrom(100, 200), fc.integer({ min: 1, max: 10 }), (pts, dist, days) => {
      const lon = Float64Array.from(pts, (p) => LON + p.x * 1e-5)
      const lat = Float64Array.from(pts, (p) => LAT + p.y * 1e-5)
      const time = Float64Array.from(pts, (p) => T0 + p.d * DAY_MS)
      const r = knoxTest(lon, lat, time, pts.length, { distanceEdges: [50, 100, 200], dayEdges: [0, 7], permutations: 0, seed: 1 })
      const want = new Array<number>(pts.length).fill(0)
      const preceded = new Array<boolean>(pts.length).fill(false)
      for (let i = 0; i < pts.length; i++) {
        for (let j = 0; j < pts.length; j++) {
          if (i === j || ellipsoidDistance(lon[i], lat[i], lon[j], lat[j]) >= dist || Math.abs(time[i] - time[j]) >= days * DAY_MS) continue
          // j before i: earlier time, or the same time and a lower row
          if (time[j] < time[i] || (time[j] === time[i] && j < i)) preceded[i] = true
          else want[i] = Math.max(want[i], 1)
        }
      }
      preceded.forEach((p, i) => { if (p) want[i] = 2 })
      expect([...nearRepeatRoles(r.pairs, pts.length, dist, days)]).toEqual(want)
    }), { numRuns: 100 })
  })

  it('leaves rows outside the analysis at −1', () => {
    const keep = Uint8Array.from([1, 1, 0, 1, 1, 1])
    const r = knoxTest(SIX.lon, SIX.lat, SIX.time, 6, { ...BANDS, permutations: 0, seed: 1, keep })
    expect([...nearRepeatRoles(r.pairs, 6, 200, 14)]).toEqual([1, 2, -1, 0, 0, 0])
  })

  it('takes the incidents of the last days before the end', () => {
    // Days 0,3,10,1,20,2: the last 7 days before day 20 are (13, 20]: only E.
    const z = riskZone(pairs, 7, 100)
    expect([...z.rows]).toEqual([4])
    expect(z.to).toBe(T0 + 20 * DAY_MS)
    // As of day 10, 10 days: (0, 10] holds D (1), F (2), B (3), C (10), in time order.
    expect([...riskZone(pairs, 10, 100, T0 + 10 * DAY_MS).rows]).toEqual([3, 5, 1, 2])
  })
})

describe('closePairs', () => {
  it('finds pairs across cell borders and at high latitude', () => {
    // Two points 99 m apart east–west straddling a cell border at 69° N, one 101 m away.
    const lat = 69
    const { n } = radiiOfCurvature(lat)
    const dLon = (m: number) => (m / (n * Math.cos((lat * Math.PI) / 180))) * (180 / Math.PI)
    const lon = Float64Array.from([20, 20 + dLon(99), 20 - dLon(101)])
    const r = closePairs(lon, new Float64Array(3).fill(lat), new Float64Array(3), 3, [0, 100])
    expect(r.count).toBe(1)
    const first = [...r.start].findIndex((s, p) => s <= 0 && r.start[p + 1] > 0)
    expect([r.rows[first], r.rows[r.b[0]]].sort()).toEqual([0, 1])
    expect(r.band[0]).toBe(0)
  })
})
