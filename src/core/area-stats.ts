/**
 * What a choropleth shows per area (street, compound, grid cell): the filtered incidents as
 * a count, per 10,000 residents and per km², the safety index, and the change against the
 * 环比 and 同比 periods; then class breaks for drawing them. Columns in, Float64Arrays out
 * (NaN where a figure does not exist, e.g. a rate without population), so a worker hands the
 * result back as transferables.
 */
import { scaleQuantile, scaleQuantize } from 'd3-scale'
import { areaSafetyIndex } from './area-safety'
import { areaSetBbox, type AreaSet } from './areas'
import { areaCoverage, coverageRaster } from './coverage-raster'
import { localProjection } from './local-projection'
import { previousPeriod, sameperiodLastYear, type Period } from './periods'
import type { SafetyWeights } from './safety-index'

/**
 * Area of each area in km² (exact area of the polygon in the local projection, holes
 * subtracted), from coverage-raster's areaCoverage: the raster it is given is one cell south-west
 * of every area, so its scan touches no row and only the areas are measured.
 */
export function areaKm2(areas: AreaSet): Float64Array {
  const bbox = areaSetBbox(areas)
  if (!bbox) return new Float64Array(0)
  const proj = localProjection(bbox[0], bbox[1], (bbox[1] + bbox[3]) / 2)
  const { areaM2 } = areaCoverage(coverageRaster(-2, -2, -1, -1, 1), areas, proj)
  return areaM2.map((m2) => m2 / 1e6)
}

/** The join with the rows a filter drops moved to "no area" (-1), so every per-area count honours the filter. */
export function maskedAssign(assign: Int32Array, keep: Uint8Array | undefined): Int32Array {
  if (!keep) return assign
  const out = new Int32Array(assign.length)
  for (let i = 0; i < assign.length; i++) out[i] = keep[i] ? assign[i] : -1
  return out
}

export interface AreaStatsInput {
  /** area per incident (-1 = none), from joinPoints */
  assign: Int32Array
  /** rows the filter keeps, its date range excepted (the periods below bound the time); undefined = all */
  keep?: Uint8Array
  category: Uint8Array
  time: Float64Array
  count: number
  /** per area; NaN = unknown */
  population: Float64Array
  km2: Float64Array
  /** the counts' and the rates' time range; null = all time */
  range: Period | null
  /** the safety index's period, whose 环比 and 同比 bases the changes compare with */
  period: Period
  weights?: SafetyWeights
}

export interface AreaStats {
  /** kept incidents in `range` */
  count: Float64Array
  /** count / population × 10,000; NaN without population */
  per10kResidents: Float64Array
  /** count / km²; NaN for an area of no extent */
  perKm2: Float64Array
  /** safety index (weighted alerts per 10,000 residents) in `period`; NaN without population */
  index: Float64Array
  /** 1 = safest; 0 = unranked */
  rank: Int32Array
  /** kept incidents in `period`, its 环比 base and its 同比 base */
  currentCount: Float64Array
  previousCount: Float64Array
  lastYearCount: Float64Array
  /** (current − previous) / previous; NaN when previous is 0 */
  mom: Float64Array
  /** (current − lastYear) / lastYear; NaN when lastYear is 0 */
  yoy: Float64Array
}

/** Kept incidents per area in [from, to) (all time when p is null). */
function countIn(assign: Int32Array, time: Float64Array, count: number, nAreas: number, p: Period | null): Float64Array {
  const out = new Float64Array(nAreas)
  const from = p?.from ?? -Infinity, to = p?.to ?? Infinity
  for (let i = 0; i < count; i++) {
    const a = assign[i]
    if (a < 0 || a >= nAreas) continue
    const t = time[i]
    // without a range every row counts, NaN times included, as the map draws them
    if (p && !(t >= from && t < to)) continue
    out[a]++
  }
  return out
}

const ratio = (num: number, den: number, scale = 1) => (Number.isFinite(den) && den > 0 ? (num * scale) / den : NaN)
const change = (cur: number, base: number) => (base > 0 ? (cur - base) / base : NaN)

export function areaStats(input: AreaStatsInput): AreaStats {
  const n = input.population.length
  if (input.km2.length !== n) throw new RangeError(`areaStats: ${input.km2.length} areas in km2, ${n} in population`)
  const assign = maskedAssign(input.assign, input.keep)
  const { time, count } = input
  const inRange = countIn(assign, time, count, n, input.range)
  const current = countIn(assign, time, count, n, input.period)
  const previous = countIn(assign, time, count, n, previousPeriod(input.period))
  const lastYear = countIn(assign, time, count, n, sameperiodLastYear(input.period))
  const index = new Float64Array(n).fill(NaN)
  const rank = new Int32Array(n)
  for (const r of areaSafetyIndex({ assign, category: input.category, time, count, population: input.population, period: input.period, weights: input.weights })) {
    if (r.per10k !== null) index[r.area] = r.per10k
    rank[r.area] = r.rank ?? 0
  }
  return {
    count: inRange,
    per10kResidents: inRange.map((c, a) => ratio(c, input.population[a], 10_000)),
    perKm2: inRange.map((c, a) => ratio(c, input.km2[a])),
    index, rank, currentCount: current, previousCount: previous, lastYearCount: lastYear,
    mom: current.map((c, a) => change(c, previous[a])),
    yoy: current.map((c, a) => change(c, lastYear[a])),
  }
}

// ---------------------------------------------------------------------------------------------
// class breaks

/**
 * quantile: each class holds about as many areas (a ranking in colour; breaks are not round);
 * equal: k equal intervals of the range widened to round numbers (d3 scaleQuantize().nice():
 * easy to read, weak on skewed counts); jenks: Fisher–Jenks natural breaks (least squared deviation within classes; follows
 * the gaps in skewed counts and rates).
 */
export const CLASS_METHODS = ['quantile', 'equal', 'jenks'] as const
export type ClassMethod = (typeof CLASS_METHODS)[number]

export interface ClassBreaks {
  method: ClassMethod | 'diverging'
  /** class i is [lower(i), upper(i)): lower(0) = min, upper(last) = max (inclusive) */
  min: number
  max: number
  /** ascending, strictly increasing, inside (min, max); classes = thresholds.length + 1 */
  thresholds: number[]
}

/** The finite values, sorted ascending. */
function finiteSorted(values: ArrayLike<number>): Float64Array {
  const out: number[] = []
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i])
  return Float64Array.from(out).sort()
}

/** Thresholds strictly inside (min, max), ascending, without repeats (empty classes dropped). */
function cleanThresholds(t: number[], min: number, max: number): number[] {
  const out: number[] = []
  for (const v of [...t].sort((a, b) => a - b)) if (v > min && v < max && v !== out[out.length - 1]) out.push(v)
  return out
}

/** Jenks is O(k·n²): above this many values it runs on a sample (see jenksThresholds). */
const JENKS_MAX_VALUES = 1000

/**
 * Fisher–Jenks natural breaks: the partition of the sorted values into k runs with the least
 * total squared deviation from the run means (dynamic programming over prefix sums, O(k·n²)).
 * Returns the start index of each run after the first.
 */
export function jenksCuts(v: Float64Array, k: number): number[] {
  const n = v.length
  k = Math.min(k, n)
  if (k < 2) return []
  const s1 = new Float64Array(n + 1), s2 = new Float64Array(n + 1)
  for (let i = 0; i < n; i++) {
    s1[i + 1] = s1[i] + v[i]
    s2[i + 1] = s2[i] + v[i] * v[i]
  }
  // squared deviation of v[i..j)
  const ssd = (i: number, j: number) => s2[j] - s2[i] - ((s1[j] - s1[i]) ** 2) / (j - i)
  // cost[j]: best cost of v[0..j) in c + 1 runs; starts[c - 1][j]: where its last run starts
  let cost = Float64Array.from({ length: n + 1 }, (_, j) => (j > 0 ? ssd(0, j) : 0))
  const starts: Int32Array[] = []
  for (let c = 1; c < k; c++) {
    const next = new Float64Array(n + 1).fill(Infinity)
    const start = new Int32Array(n + 1)
    for (let j = c + 1; j <= n; j++) {
      for (let i = c; i < j; i++) {
        const x = cost[i] + ssd(i, j)
        if (x < next[j]) {
          next[j] = x
          start[j] = i
        }
      }
    }
    starts.push(start)
    cost = next
  }
  const cuts: number[] = []
  for (let c = k - 2, j = n; c >= 0; c--) {
    j = starts[c][j]
    cuts.unshift(j)
  }
  return cuts
}

/** Jenks thresholds: the first value of each run after the first; above 1,000 values it runs on 1,000 evenly spaced order statistics. */
export function jenksThresholds(sorted: Float64Array, k: number): number[] {
  let v = sorted
  if (v.length > JENKS_MAX_VALUES) v = Float64Array.from({ length: JENKS_MAX_VALUES }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (JENKS_MAX_VALUES - 1))])
  return jenksCuts(v, k).map((i) => v[i])
}

/** Breaks for `k` classes of the finite values; null when there is no finite value. */
export function classBreaks(values: ArrayLike<number>, k: number, method: ClassMethod): ClassBreaks | null {
  const sorted = finiteSorted(values)
  if (sorted.length === 0) return null
  const min = sorted[0], max = sorted[sorted.length - 1]
  let t: number[]
  if (method === 'quantile') t = scaleQuantile().domain(sorted).range(Array.from({ length: k }, (_, i) => i)).quantiles()
  else if (method === 'equal') t = scaleQuantize().domain([min, max]).range(Array.from({ length: k }, (_, i) => i)).nice(k).thresholds()
  else t = jenksThresholds(sorted, k)
  return { method, min, max, thresholds: cleanThresholds(t, min, max) }
}

/**
 * Breaks centred on 0 for changes: `k` (made even) classes of equal width on round numbers,
 * half below 0 and half above, reaching |v| ≤ `cap`; values beyond ±cap fall in the outer
 * classes (a change from 1 to 9 incidents is +800 % and would squash every other class).
 */
export function divergingBreaks(values: ArrayLike<number>, k: number, cap: number): ClassBreaks | null {
  const sorted = finiteSorted(values)
  if (sorted.length === 0) return null
  const half = Math.max(1, Math.floor(k / 2))
  const reach = Math.min(cap, Math.max(Math.abs(sorted[0]), Math.abs(sorted[sorted.length - 1])))
  // a round step: the smallest d3 tick step that covers `reach` in `half` steps
  const step = niceStep(reach > 0 ? reach / half : cap / half)
  const thresholds: number[] = []
  for (let i = -half + 1; i < half; i++) thresholds.push(round12(i * step))
  return { method: 'diverging', min: Math.min(sorted[0], -half * step), max: Math.max(sorted[sorted.length - 1], half * step), thresholds }
}

// 0.1 × 3 = 0.30000000000000004 would print as a break nobody chose
const round12 = (x: number) => Math.round(x * 1e12) / 1e12

/** The smallest of 1, 2, 2.5, 5 × 10^n that is ≥ x. */
function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return round12(m * p)
  return 10 * p
}

export const classCount = (b: ClassBreaks) => b.thresholds.length + 1

/** Class of v: the number of thresholds ≤ v; -1 for a value that is not finite. */
export function classOf(b: ClassBreaks, v: number): number {
  if (!Number.isFinite(v)) return -1
  let lo = 0, hi = b.thresholds.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (b.thresholds[mid] <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** [lower, upper] of class i (upper exclusive except for the last class). */
export function classBounds(b: ClassBreaks, i: number): [number, number] {
  return [i === 0 ? b.min : b.thresholds[i - 1], i === b.thresholds.length ? b.max : b.thresholds[i]]
}

/** Areas per class (values that are not finite not counted). */
export function classCounts(b: ClassBreaks, values: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(classCount(b))
  for (let i = 0; i < values.length; i++) {
    const c = classOf(b, values[i])
    if (c >= 0) out[c]++
  }
  return out
}

/**
 * Fewest decimals (0 … 4) at which the breaks print as distinct numbers: a legend whose two
 * breaks read the same would lie about where one class ends.
 */
export function labelDecimals(bounds: number[]): number {
  for (let d = 0; d < 4; d++) {
    const printed = bounds.map((b) => b.toFixed(d))
    if (printed.every((p, i) => i === 0 || p !== printed[i - 1])) return d
  }
  return 4
}
