/**
 * Emerging hot spot analysis on a space-time cube (space-time-cube.ts), after ArcGIS Pro's
 * "How Emerging Hot Spot Analysis works":
 *
 * 1. Gi* per bin (Getis & Ord 1995) over its space-time neighbourhood: the cube cells whose
 *    centres lie within `band` metres of the bin's cell (itself included) in the bin's step
 *    and the `k` steps before it (fewer at the start of the series), binary weights:
 *      z = (Σ_j w_j·x_j − X̄·W) / (S·√((n·W − W²)/(n − 1))),  W = Σ_j w_j
 *    X̄ and S (population standard deviation) over all n = cells × steps bins of the cube.
 *    Undefined (S = 0, n < 2, or a neighbourhood of all n bins) → z 0, p 1, as in getis-ord.ts.
 * 2. A bin is a significant hot (cold) spot when z > 0 (< 0) and its two-sided p ≤ alpha
 *    (0.10, 0.05 or 0.01; with fdr, Benjamini–Hochberg over all bins at that level, as
 *    getis-ord.ts classifyHotspots applies it).
 * 3. Per cell, the Mann–Kendall test (mann-kendall.ts) of its z series; the trend is
 *    significant when its two-sided p ≤ alpha (no FDR).
 * 4. The pattern, PATTERN_RULES below.
 */
import { classifyHotspots } from './getis-ord'
import { mannKendall } from './mann-kendall'
import { twoSidedP } from './normal'
import { buildCube, type CubeStep, type SpaceTimeCube } from './space-time-cube'

/** Codes of the patterns: 0 none, 1..8 hot, 9..16 the cold spot counterparts in the same order. */
export const PATTERN_NAMES = [
  'no_pattern',
  'new_hot_spot', 'consecutive_hot_spot', 'intensifying_hot_spot', 'persistent_hot_spot',
  'diminishing_hot_spot', 'sporadic_hot_spot', 'oscillating_hot_spot', 'historical_hot_spot',
  'new_cold_spot', 'consecutive_cold_spot', 'intensifying_cold_spot', 'persistent_cold_spot',
  'diminishing_cold_spot', 'sporadic_cold_spot', 'oscillating_cold_spot', 'historical_cold_spot',
] as const
export type PatternName = (typeof PATTERN_NAMES)[number]

const NEW = 1, CONSECUTIVE = 2, INTENSIFYING = 3, PERSISTENT = 4, DIMINISHING = 5, SPORADIC = 6, OSCILLATING = 7, HISTORICAL = 8

/**
 * The rules, for hot spots (cold spots: swap hot and cold, and "increasing" means z falling).
 * "Hot" is a significant hot spot bin (point 2 above); n = steps; "90 %" = hot bins ≥ 0.9·n.
 * - intensifying: hot in ≥ 90 % of the steps, the final one included; significant upward trend.
 * - diminishing: hot in ≥ 90 % of the steps, the final one included; significant downward trend.
 * - persistent: hot in ≥ 90 % of the steps, the final one included; no significant trend.
 * - historical: hot in ≥ 90 % of the steps, but not in the final one.
 * - oscillating: hot in the final step, in < 90 % of the steps, and a significant cold spot in
 *   some earlier step (takes precedence over new / consecutive: a cell that was cold and is now
 *   hot has flipped, it has not merely appeared).
 * - new: hot in the final step only, never a hot or cold spot before.
 * - consecutive: one uninterrupted run of ≥ 2 hot steps ending at the final step, never hot
 *   before the run nor cold anywhere, and hot in < 90 % of the steps.
 * - sporadic: hot in the final step, in < 90 % of the steps, hot on and off before (a hot step
 *   before the final run), never cold.
 * - no pattern: none of the above, hot or cold.
 * ArcGIS's persistent does not name the final step; here a ≥ 90 % cell whose final step is not
 * hot is historical (its text: "the most recent time period is not hot"), so that every cell
 * has exactly one pattern. A series shorter than 10 steps needs all of them for 90 %.
 *
 * Pattern code of one cell from its bins' classes (+1 hot, −1 cold, 0 neither, in step order)
 * and its Mann–Kendall trend.
 */
export function classifyPattern(sig: ArrayLike<number>, trendZ: number, trendSignificant: boolean): number {
  const n = sig.length
  if (n === 0) return 0
  const last = sig[n - 1]
  for (const sign of [1, -1]) {
    let count = 0
    for (let t = 0; t < n; t++) if (sig[t] === sign) count++
    const most = count * 10 >= 9 * n
    const base = sign === 1 ? 0 : 8
    if (last !== sign) {
      if (most) return base + HISTORICAL
      continue
    }
    if (most) {
      if (!trendSignificant || trendZ === 0) return base + PERSISTENT
      return base + (trendZ * sign > 0 ? INTENSIFYING : DIMINISHING)
    }
    let run = 0
    while (run < n && sig[n - 1 - run] === sign) run++
    let opposite = false
    for (let t = 0; t < n - run; t++) if (sig[t] === -sign) opposite = true
    if (opposite) return base + OSCILLATING
    if (count > run) return base + SPORADIC
    return base + (run === 1 ? NEW : CONSECUTIVE)
  }
  return 0
}

export interface SpaceTimeGiStar {
  /** per bin, cell-major like cube.counts */
  z: Float64Array
  p: Float64Array
  n: number
  mean: number
  s: number
}

/**
 * Cube cells within `band` of each cube cell (itself included), as CSR lists: neighbours of c
 * are idx[start[c] .. start[c + 1]). A centre distance equal to the band within 1e-9 relative
 * counts as inside, as in getis-ord.ts.
 */
export function cubeNeighbours(cube: SpaceTimeCube, band: number): { start: Int32Array; idx: Int32Array } {
  const { grid, cells } = cube
  const { cols, rows } = grid
  const cubeIndex = new Int32Array(cols * rows).fill(-1)
  for (let c = 0; c < cells.length; c++) cubeIndex[cells[c]] = c
  const r2 = (band / grid.cell) ** 2 * (1 + 1e-9)
  const reach = Math.floor(Math.sqrt(r2))
  const offsets: [number, number][] = []
  for (let dr = -reach; dr <= reach; dr++) {
    for (let dc = -reach; dc <= reach; dc++) if (dr * dr + dc * dc <= r2) offsets.push([dr, dc])
  }
  const start = new Int32Array(cells.length + 1)
  const list: number[] = []
  for (let c = 0; c < cells.length; c++) {
    const row = Math.floor(cells[c] / cols), col = cells[c] % cols
    for (const [dr, dc] of offsets) {
      const r = row + dr, cc = col + dc
      if (r < 0 || r >= rows || cc < 0 || cc >= cols) continue
      const j = cubeIndex[r * cols + cc]
      if (j >= 0) list.push(j)
    }
    start[c + 1] = list.length
  }
  return { start, idx: Int32Array.from(list) }
}

/**
 * Gi* of every bin. Cost O(bins × spatial neighbours): each cell's deviations are first summed
 * over its time window (a running sum), then over its spatial neighbours.
 */
export function spaceTimeGiStar(cube: SpaceTimeCube, band: number, k: number): SpaceTimeGiStar {
  if (!(band >= 0)) throw new Error(`band must be a non-negative number of metres (got ${band})`)
  if (!(Number.isInteger(k) && k >= 0)) throw new Error(`k must be a whole number of steps ≥ 0 (got ${k})`)
  const { counts, steps } = cube
  const nCells = cube.cells.length
  const n = counts.length
  let sum = 0
  for (let i = 0; i < n; i++) sum += counts[i]
  const mean = n > 0 ? sum / n : NaN
  let ss = 0
  for (let i = 0; i < n; i++) ss += (counts[i] - mean) ** 2
  const s = n > 0 ? Math.sqrt(ss / n) : NaN
  const z = new Float64Array(n)
  const p = new Float64Array(n).fill(1)
  if (n < 2 || !(s > 0)) return { z, p, n, mean, s }

  // window[c·steps + t] = Σ_{u = max(0, t−k)..t} (x_cu − X̄)
  const window = new Float64Array(n)
  for (let c = 0; c < nCells; c++) {
    let acc = 0
    for (let t = 0; t < steps; t++) {
      acc += counts[c * steps + t] - mean
      if (t > k) acc -= counts[c * steps + t - k - 1] - mean
      window[c * steps + t] = acc
    }
  }
  const nb = cubeNeighbours(cube, band)
  for (let c = 0; c < nCells; c++) {
    const a = nb.start[c], b = nb.start[c + 1]
    for (let t = 0; t < steps; t++) {
      let num = 0
      for (let q = a; q < b; q++) num += window[nb.idx[q] * steps + t]
      const w = (b - a) * (Math.min(t, k) + 1)
      const v = (n * w - w * w) / (n - 1)
      if (v > 0) {
        const zi = num / (s * Math.sqrt(v))
        z[c * steps + t] = zi
        p[c * steps + t] = twoSidedP(zi)
      }
    }
  }
  return { z, p, n, mean, s }
}

export type Alpha = 0.1 | 0.05 | 0.01
const LEVEL: Record<Alpha, number> = { 0.1: 1, 0.05: 2, 0.01: 3 }

export interface EmergingOptions {
  cell: number
  step: CubeStep
  band: number
  /** the neighbourhood in time: the bin's step and the k steps before it */
  k: number
  /** significance of bins and of the trend (default 0.05) */
  alpha?: Alpha
  /** Benjamini–Hochberg over all bins (ArcGIS Pro applies it); default false */
  fdr?: boolean
  keep?: Uint8Array
  /** window ends of incidents with uncertain times (IncidentColumns.timeTo): spread over the steps */
  timeTo?: Float64Array
}

export interface EmergingHotspots {
  cube: SpaceTimeCube
  gi: SpaceTimeGiStar
  /** per bin: +1 significant hot, −1 significant cold, 0 neither */
  binSig: Int8Array
  /** per cube cell */
  trendZ: Float64Array
  trendP: Float64Array
  patterns: Uint8Array
}

/** Per bin +1 / −1 / 0 at alpha, optionally with FDR. */
export function significantBins(gi: SpaceTimeGiStar, alpha: Alpha, fdr: boolean): Int8Array {
  const level = LEVEL[alpha]
  if (level === undefined) throw new Error(`alpha must be 0.1, 0.05 or 0.01 (got ${alpha})`)
  const classes = classifyHotspots(gi.z, gi.p, fdr)
  return classes.map((c) => (c >= level ? 1 : c <= -level ? -1 : 0))
}

export function emergingHotspots(
  lon: Float64Array, lat: Float64Array, time: Float64Array, count: number, opts: EmergingOptions,
): EmergingHotspots {
  if (!(opts.band > 0)) throw new Error(`band must be a positive number of metres (got ${opts.band})`)
  const alpha = opts.alpha ?? 0.05
  const cube = buildCube(lon, lat, time, count, { cell: opts.cell, step: opts.step, keep: opts.keep, timeTo: opts.timeTo })
  return emergingOnCube(cube, opts.band, opts.k, alpha, opts.fdr ?? false)
}

/** Steps 1 to 4 on a built cube. */
export function emergingOnCube(cube: SpaceTimeCube, band: number, k: number, alpha: Alpha, fdr: boolean): EmergingHotspots {
  const gi = spaceTimeGiStar(cube, band, k)
  const binSig = significantBins(gi, alpha, fdr)
  const nCells = cube.cells.length, steps = cube.steps
  const trendZ = new Float64Array(nCells)
  const trendP = new Float64Array(nCells)
  const patterns = new Uint8Array(nCells)
  for (let c = 0; c < nCells; c++) {
    const mk = mannKendall(gi.z, steps, c * steps, 1)
    trendZ[c] = mk.z
    trendP[c] = mk.p
    patterns[c] = classifyPattern(binSig.subarray(c * steps, (c + 1) * steps), mk.z, mk.p <= alpha)
  }
  return { cube, gi, binSig, trendZ, trendP, patterns }
}
