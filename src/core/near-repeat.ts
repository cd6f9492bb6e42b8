/**
 * Near-repeat analysis: the Knox test as the Near Repeat Calculator (Ratcliffe 2009) reports it.
 *
 * Pairs of incidents are counted by distance band × time band (a pair is in the band when
 * from ≤ value < to; distance in metres on the WGS-84 ellipsoid, time gap in days =
 * |Δt| / 86,400 s). Expected counts under "timing unrelated to place" come from Monte Carlo
 * permutations: the times are shuffled over the places (Fisher–Yates, seeded), and the table
 * recounted. ratio = observed / expected, p = (1 + #permutations with count ≥ observed) /
 * (permutations + 1).
 *
 * Fast path: only the pairs closer than the largest distance edge can ever be counted, and a
 * permutation moves times, never places. So a grid index finds those pairs once (their distance
 * band fixed), and each permutation only re-bins their time gaps: O(close pairs) per
 * permutation, never O(N²).
 */
import { mulberry32, shuffleInPlace } from './seeded-random'

const WGS84_A = 6378137
const WGS84_F = 1 / 298.257223563
const E2 = WGS84_F * (2 - WGS84_F)
const RAD = Math.PI / 180
export const DAY_MS = 86_400_000
/**
 * Pairs held at most (5 bytes each: 500 MB), and each permutation re-bins all of them: beyond
 * this the analysis would take many minutes and the worker's memory.
 */
export const MAX_PAIRS = 100_000_000
/** Band code of a pair closer than the first distance edge: found, never counted in the table. */
const BELOW_FIRST = 255

/** Meridian (m) and prime-vertical (n) radii of curvature of WGS-84 at latitude `latDeg`, metres. */
export function radiiOfCurvature(latDeg: number): { m: number; n: number } {
  const s = Math.sin(latDeg * RAD)
  const w2 = 1 - E2 * s * s
  const n = WGS84_A / Math.sqrt(w2)
  return { m: (n * (1 - E2)) / w2, n }
}

/**
 * Metres on the WGS-84 ellipsoid between two near points: the local ellipsoidal approximation
 * dy = M(φm)·Δφ, dx = N(φm)·cos(φm)·Δλ at the mid latitude φm. The error grows with the cube of
 * the distance: against Vincenty's inverse, under 0.1 mm up to 2 km and about 1 mm at 5 km
 * (|latitude| ≤ 70°; tests/unit/core/near-repeat.test.ts), far inside near-repeat bands. Longitudes are assumed not to straddle the antimeridian.
 */
export function ellipsoidDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const phi = ((lat1 + lat2) / 2) * RAD
  const s = Math.sin(phi)
  const w2 = 1 - E2 * s * s
  const n = WGS84_A / Math.sqrt(w2)
  const dy = (lat2 - lat1) * RAD * ((n * (1 - E2)) / w2)
  const dx = (lon2 - lon1) * RAD * n * Math.cos(phi)
  return Math.sqrt(dx * dx + dy * dy)
}

/**
 * The pairs of analysed incidents closer than the largest distance edge, grouped by their first
 * incident (compressed rows: the pairs of position p are start[p] … start[p+1] − 1), so a
 * permutation's pass reads p's time once for all its pairs.
 */
export interface ClosePairs {
  /** length positions + 1 */
  start: Uint32Array
  /** the second incident's position of each pair (greater than the first's) */
  b: Uint32Array
  /**
   * distance band of the pair; 255 when closer than the first edge (never counted). No
   * distances are kept: 16 million pairs (the demo's criminal incidents within 400 m) would
   * hold 128 MB more in the worker.
   */
  band: Uint8Array
  distanceEdges: number[]
  count: number
  /** incident row of each position (the analysed incidents, in grid order) */
  rows: Uint32Array
  /** time of each position, epoch ms */
  time: Float64Array
}

function checkEdges(name: string, edges: readonly number[]): void {
  if (edges.length < 2) throw new Error(`${name}: at least two edges (one band) are needed`)
  if (edges.length > 255) throw new Error(`${name}: at most 254 bands`)
  edges.forEach((e, i) => {
    if (!Number.isFinite(e) || e < 0) throw new Error(`${name}: edge ${i + 1} (${e}) is not a number ≥ 0`)
    if (i > 0 && e <= edges[i - 1]) throw new Error(`${name}: edges must increase (${edges[i - 1]} then ${e})`)
  })
}

/**
 * Every pair of kept incidents (finite lon, lat and time) closer than the last distance edge.
 * Grid of square cells in a scaled lon/lat plane whose scales are the smallest metres per degree
 * over the data's latitudes (M at the latitude nearest the equator, N·cos φ at the one nearest
 * a pole): each axis then under-states its part of any pair's distance, so a pair closer than
 * the cell side lies in the same or a neighbouring cell.
 */
export function closePairs(
  lon: Float64Array, lat: Float64Array, time: Float64Array, count: number, distanceEdges: readonly number[], keep?: Uint8Array,
  maxPairs = MAX_PAIRS,
): ClosePairs {
  checkEdges('distance bands', distanceEdges)
  const maxD = distanceEdges[distanceEdges.length - 1]
  const idx: number[] = []
  let latMin = Infinity
  let latMax = -Infinity
  for (let i = 0; i < count; i++) {
    if (keep && !keep[i]) continue
    if (!Number.isFinite(lon[i]) || !Number.isFinite(lat[i]) || !Number.isFinite(time[i])) continue
    idx.push(i)
    if (lat[i] < latMin) latMin = lat[i]
    if (lat[i] > latMax) latMax = lat[i]
  }
  const n = idx.length
  const nearEquator = latMin > 0 ? latMin : latMax < 0 ? latMax : 0
  const nearPole = Math.max(Math.abs(latMin), Math.abs(latMax))
  const ky = radiiOfCurvature(nearEquator).m * RAD
  const kx = Math.max(radiiOfCurvature(nearPole).n * Math.cos(nearPole * RAD) * RAD, 1e-9)
  const gx = new Float64Array(n)
  const gy = new Float64Array(n)
  let gxMin = Infinity, gxMax = -Infinity, gyMin = Infinity
  for (let p = 0; p < n; p++) {
    gx[p] = Math.floor((lon[idx[p]] * kx) / maxD)
    gy[p] = Math.floor((lat[idx[p]] * ky) / maxD)
    if (gx[p] < gxMin) gxMin = gx[p]
    if (gx[p] > gxMax) gxMax = gx[p]
    if (gy[p] < gyMin) gyMin = gy[p]
  }
  // Columns padded by one on each side so that key ± 1 never wraps into another row.
  const cols = gxMax - gxMin + 3
  const key = new Float64Array(n)
  for (let p = 0; p < n; p++) key[p] = (gy[p] - gyMin) * cols + (gx[p] - gxMin + 1)
  const order = Uint32Array.from({ length: n }, (_, p) => p).sort((u, v) => key[u] - key[v] || idx[u] - idx[v])
  const rows = new Uint32Array(n)
  const sk = new Float64Array(n)
  const sLon = new Float64Array(n)
  const sLat = new Float64Array(n)
  const sTime = new Float64Array(n)
  for (let p = 0; p < n; p++) {
    const i = idx[order[p]]
    rows[p] = i; sk[p] = key[order[p]]; sLon[p] = lon[i]; sLat[p] = lat[i]; sTime[p] = time[i]
  }

  let cap = 1024
  const start = new Uint32Array(n + 1)
  let b = new Uint32Array(cap), band = new Uint8Array(cap)
  let m = 0
  const nd = distanceEdges.length - 1
  const test = (p: number, q: number) => {
    if (Math.abs(sLat[q] - sLat[p]) * ky >= maxD) return
    const d = ellipsoidDistance(sLon[p], sLat[p], sLon[q], sLat[q])
    if (d >= maxD) return
    if (m === maxPairs) {
      throw new Error(`more than ${maxPairs.toLocaleString('en')} pairs closer than ${maxD} m: narrow the distance bands, the categories or the period`)
    }
    if (m === cap) {
      cap *= 2
      const grow = <T extends Uint32Array | Uint8Array>(x: T, y: T): T => { y.set(x); return y }
      b = grow(b, new Uint32Array(cap))
      band = grow(band, new Uint8Array(cap))
    }
    let k = BELOW_FIRST
    if (d >= distanceEdges[0]) { k = 0; while (k < nd - 1 && d >= distanceEdges[k + 1]) k++ }
    b[m] = q; band[m] = k; m++
  }
  // Each pair once: the same row of cells forwards from p (its own cell and the one east), then
  // the three cells of the next row north (keys key+cols−1 … key+cols+1, contiguous when sorted).
  let r = 0
  for (let p = 0; p < n; p++) {
    start[p] = m
    const k = sk[p]
    for (let q = p + 1; q < n && sk[q] <= k + 1; q++) test(p, q)
    while (r < n && sk[r] < k + cols - 1) r++
    for (let q = r; q < n && sk[q] <= k + cols + 1; q++) test(p, q)
  }
  start[n] = m
  return { start, b: b.slice(0, m), band: band.slice(0, m), distanceEdges: [...distanceEdges], count: m, rows, time: sTime }
}

/** Counts a pair of band `d` and time gap `dt` (< the last time edge) in the table at `offset`. */
function tally(d: number, dt: number, edgesMs: Float64Array, cells: Float64Array, offset: number): void {
  if (d === BELOW_FIRST || dt < edgesMs[0]) return
  let tb = 0
  while (dt >= edgesMs[tb + 1]) tb++
  cells[offset + d * (edgesMs.length - 1) + tb]++
}

/** Adds to `cells` (distance band × time band, row-major) the pairs counted with times `t`. */
function countTable(pairs: ClosePairs, t: Float64Array, edgesMs: Float64Array, cells: Float64Array): void {
  const tMax = edgesMs[edgesMs.length - 1]
  const { start, b, band } = pairs
  for (let p = 0; p + 1 < start.length; p++) {
    const tp = t[p]
    for (let k = start[p], end = start[p + 1]; k < end; k++) {
      const dt = Math.abs(t[b[k]] - tp)
      if (dt < tMax) tally(band[k], dt, edgesMs, cells, 0)
    }
  }
}

/**
 * countTable for four permutations in one pass: t4[4p + j] is permutation j's time of position
 * p, so one cache line brings an incident's four times and the pair list is read once for four
 * tables (cells4 = four tables one after the other). Measured 2× faster than four single passes.
 * Math.abs, not a sign test: the sign of a random gap is a coin toss that the branch predictor
 * loses half the time (2.5× slower measured).
 */
function countTable4(pairs: ClosePairs, t4: Float64Array, edgesMs: Float64Array, cells4: Float64Array): void {
  const size = cells4.length >> 2
  const tMax = edgesMs[edgesMs.length - 1]
  const { start, b, band } = pairs
  for (let p = 0; p + 1 < start.length; p++) {
    const o = 4 * p
    const a0 = t4[o], a1 = t4[o + 1], a2 = t4[o + 2], a3 = t4[o + 3]
    for (let k = start[p], end = start[p + 1]; k < end; k++) {
      const q = 4 * b[k]
      const d0 = Math.abs(t4[q] - a0)
      const d1 = Math.abs(t4[q + 1] - a1)
      const d2 = Math.abs(t4[q + 2] - a2)
      const d3 = Math.abs(t4[q + 3] - a3)
      if (d0 < tMax) tally(band[k], d0, edgesMs, cells4, 0)
      if (d1 < tMax) tally(band[k], d1, edgesMs, cells4, size)
      if (d2 < tMax) tally(band[k], d2, edgesMs, cells4, 2 * size)
      if (d3 < tMax) tally(band[k], d3, edgesMs, cells4, 3 * size)
    }
  }
}

export interface KnoxOptions {
  /** metres, increasing, ≥ 0: bands [e0, e1), [e1, e2) … */
  distanceEdges: readonly number[]
  /** days, increasing, ≥ 0 */
  dayEdges: readonly number[]
  permutations: number
  seed: number
  keep?: Uint8Array
  /** refuse inputs with more close pairs than this (default MAX_PAIRS) */
  maxPairs?: number
  /** significance level of the significant distance and days (default 0.05) */
  alpha?: number
}

export interface KnoxTable {
  distanceEdges: number[]
  dayEdges: number[]
  /** incidents analysed (kept, with finite lon, lat, time) */
  incidents: number
  /** pairs closer than the largest distance edge, any time gap */
  closePairs: number
  permutations: number
  /** distance band × time band, row-major (cell = d·timeBands + t) */
  observed: Float64Array
  /** mean count over the permutations */
  expected: Float64Array
  /** observed / expected; NaN when expected is 0 */
  ratio: Float64Array
  /** (1 + #permutations with count ≥ observed) / (permutations + 1); NaN without permutations */
  p: Float64Array
  /**
   * The furthest distance edge such that every distance band from the nearest up to it has, in
   * the first time band, p < alpha and ratio > 1 (the upper edge of that band, metres); null
   * when the nearest band's cell is not significant. `days` likewise along the first distance
   * band over the time bands.
   */
  significant: { distance: number | null; days: number | null }
}

/** The Knox table of the kept incidents, and the pairs it was built from (for roles). */
export function knoxTest(
  lon: Float64Array, lat: Float64Array, time: Float64Array, count: number, opts: KnoxOptions,
): { table: KnoxTable; pairs: ClosePairs } {
  checkEdges('time bands', opts.dayEdges)
  if (!Number.isInteger(opts.permutations) || opts.permutations < 0) throw new Error(`permutations: ${opts.permutations} is not a whole number ≥ 0`)
  const pairs = closePairs(lon, lat, time, count, opts.distanceEdges, opts.keep, opts.maxPairs)
  const nd = opts.distanceEdges.length - 1
  const nt = opts.dayEdges.length - 1
  const edgesMs = Float64Array.from(opts.dayEdges, (d) => d * DAY_MS)
  const observed = new Float64Array(nd * nt)
  countTable(pairs, pairs.time, edgesMs, observed)

  const perms = opts.permutations
  const sum = new Float64Array(nd * nt)
  const atLeast = new Float64Array(nd * nt)
  const size = nd * nt
  const cells4 = new Float64Array(4 * size)
  // Four chains of shuffles, one per lane of countTable4: shuffling already shuffled times again
  // is still a uniform permutation of the originals.
  const n = pairs.rows.length
  const lanes = [0, 1, 2, 3].map(() => pairs.time.slice())
  const t4 = new Float64Array(4 * n)
  const rnd = mulberry32(opts.seed)
  for (let k = 0; k < perms; k += 4) {
    const m = Math.min(4, perms - k)
    for (let j = 0; j < m; j++) {
      const t = lanes[j]
      shuffleInPlace(t, rnd)
      for (let p = 0; p < n; p++) t4[4 * p + j] = t[p]
    }
    cells4.fill(0)
    countTable4(pairs, t4, edgesMs, cells4)
    for (let j = 0; j < m; j++) {
      for (let c = 0; c < size; c++) {
        const v = cells4[j * size + c]
        sum[c] += v
        if (v >= observed[c]) atLeast[c]++
      }
    }
  }
  const expected = sum.map((s) => (perms > 0 ? s / perms : NaN))
  const ratio = observed.map((o, c) => (expected[c] > 0 ? o / expected[c] : NaN))
  const p = atLeast.map((g) => (perms > 0 ? (1 + g) / (perms + 1) : NaN))
  const alpha = opts.alpha ?? 0.05
  const sig = (c: number) => p[c] < alpha && ratio[c] > 1
  let dk = -1
  while (dk + 1 < nd && sig((dk + 1) * nt)) dk++
  let tk = -1
  while (tk + 1 < nt && sig(tk + 1)) tk++
  const table: KnoxTable = {
    distanceEdges: [...opts.distanceEdges], dayEdges: [...opts.dayEdges], incidents: pairs.rows.length, closePairs: pairs.count,
    permutations: perms, observed, expected, ratio, p,
    significant: { distance: dk >= 0 ? opts.distanceEdges[dk + 1] : null, days: tk >= 0 ? opts.dayEdges[tk + 1] : null },
  }
  return { table, pairs }
}

export const ROLE_NAMES = ['isolated', 'originator', 'near_repeat'] as const
export type NearRepeatRole = 0 | 1 | 2
export const NOT_ANALYSED = -1

/**
 * Each analysed incident's role at `distance` metres and `days` days (pairs with distance <
 * distance and |Δt| / 1 day < days): near_repeat (2) when another incident precedes it in such a
 * pair, else originator (1) when one follows it, else isolated (0). An incident in the middle of
 * a chain is a near repeat. Equal times: the lower row counts as the earlier. Rows not analysed
 * are −1. `distance` is one of the distance edges after the first (the pairs keep bands, not
 * metres).
 */
export function nearRepeatRoles(pairs: ClosePairs, incidentCount: number, distance: number, days: number): Int8Array {
  const edge = pairs.distanceEdges.indexOf(distance)
  if (edge < 1) throw new Error(`roles: ${distance} m is not one of the distance edges after the first (${pairs.distanceEdges.join(', ')})`)
  const lastBand = edge - 1
  const roles = new Int8Array(incidentCount).fill(NOT_ANALYSED)
  for (const i of pairs.rows) roles[i] = 0
  const ms = days * DAY_MS
  const { start, b, rows, time } = pairs
  for (let p = 0; p + 1 < start.length; p++) {
    for (let k = start[p]; k < start[p + 1]; k++) {
      const band = pairs.band[k]
      if (band !== BELOW_FIRST && band > lastBand) continue
      const dt = time[b[k]] - time[p]
      if (Math.abs(dt) >= ms) continue
      const ra = rows[p], rb = rows[b[k]]
      const pFirst = dt > 0 || (dt === 0 && ra < rb)
      const [early, late] = pFirst ? [ra, rb] : [rb, ra]
      roles[late] = 2
      if (roles[early] === 0) roles[early] = 1
    }
  }
  return roles
}

/** The risk zone: circles of `radius` metres around the incidents of the last `days` days. */
export interface RiskZone {
  /** incident rows, in time order */
  rows: Uint32Array
  radius: number
  /** (from, to]: epoch ms */
  from: number
  to: number
}

/**
 * Incidents analysed with from < time ≤ to, where to = `asOf` (default: the latest analysed
 * incident) and from = to − days. The map draws circles of `radius` around them.
 */
export function riskZone(pairs: ClosePairs, days: number, radius: number, asOf?: number): RiskZone {
  let to = asOf ?? -Infinity
  if (asOf === undefined) for (const t of pairs.time) if (t > to) to = t
  const from = to - days * DAY_MS
  const pos: number[] = []
  pairs.time.forEach((t, p) => { if (t > from && t <= to) pos.push(p) })
  pos.sort((u, v) => pairs.time[u] - pairs.time[v] || pairs.rows[u] - pairs.rows[v])
  return { rows: Uint32Array.from(pos, (p) => pairs.rows[p]), radius, from, to }
}

/** The roles and the risk zone of a Knox table's recent window. */
export interface NearRepeatWindow {
  /** the significant distance and days, or the first bands' upper edges when either is missing */
  distance: number
  days: number
  /** true when the first bands stood in for a missing significant distance or days */
  fallback: boolean
  zone: RiskZone
  /** role of every incident row (−1: not analysed) */
  roles: Int8Array
}

/** Roles and the risk zone at the table's significant distance and days; the window defaults to those days. */
export function nearRepeatWindow(
  table: KnoxTable, pairs: ClosePairs, incidentCount: number, windowDays?: number, asOf?: number,
): NearRepeatWindow {
  const distance = table.significant.distance ?? table.distanceEdges[1]
  const days = table.significant.days ?? table.dayEdges[1]
  return {
    distance, days, fallback: table.significant.distance === null || table.significant.days === null,
    zone: riskZone(pairs, windowDays ?? days, distance, asOf),
    roles: nearRepeatRoles(pairs, incidentCount, distance, days),
  }
}
