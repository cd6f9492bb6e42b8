/**
 * Small read-outs of the crime-analysis results that the panel and the legend share: the
 * emerging patterns' tally, the cell a sparkline shows by default, the sparkline's path, the
 * near-repeat role counts, the bands typed by the analyst and the Knox test's default period.
 */
import { PATTERN_NAMES } from './emerging-hotspots'
import type { IncidentFilterSpec } from './incident-filter'
import { DAY_MS } from './near-repeat'
import type { Period } from './periods'
import { timeRangeOf } from './incident-window'

/** Cells per pattern code (index = code, PATTERN_NAMES order). */
export function patternTally(patterns: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(PATTERN_NAMES.length)
  for (let i = 0; i < patterns.length; i++) out[patterns[i]]++
  return out
}

/**
 * The cell whose series the sparkline shows before the user picks one: the largest |trend z|
 * among cells with a pattern (what the map colours), else among all cells; −1 when there are
 * none. Ties go to the lower index, so the choice is stable.
 */
export function strongestCell(trendZ: ArrayLike<number>, patterns: ArrayLike<number>): number {
  let best = -1, bestPatterned = false, bestAbs = -1
  for (let c = 0; c < trendZ.length; c++) {
    const a = Math.abs(trendZ[c])
    if (!Number.isFinite(a)) continue
    const patterned = patterns[c] !== 0
    if ((patterned && !bestPatterned) || (patterned === bestPatterned && a > bestAbs)) {
      best = c
      bestPatterned = patterned
      bestAbs = a
    }
  }
  return best
}

/** One cell's series of a cell-major cube array (cell · steps + step). */
export function cellSeries(values: Float32Array | Float64Array, steps: number, cell: number): Float32Array | Float64Array {
  return values.subarray(cell * steps, (cell + 1) * steps)
}

export interface Sparkline {
  /** SVG path of the series, one point per step, x left to right */
  path: string
  /** y of z = 0, or null when 0 is outside the drawn range */
  zeroY: number | null
  min: number
  max: number
}

/**
 * A series as an SVG polyline in a `width` × `height` box: the vertical range spans the
 * series and 0 (a z of 0 is "as expected", the line a reader compares with). Non-finite values
 * break the line. A single point is drawn as a flat line across the box.
 */
export function sparkline(values: ArrayLike<number>, width: number, height: number): Sparkline {
  let min = 0, max = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (Number.isFinite(v)) {
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  const span = max - min || 1
  const y = (v: number) => +(height - ((v - min) / span) * height).toFixed(2)
  const n = values.length
  const x = (i: number) => +(n > 1 ? (i / (n - 1)) * width : 0).toFixed(2)
  let path = '', pen = false
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) {
      pen = false
      continue
    }
    path += `${pen ? 'L' : 'M'}${x(i)},${y(v)}`
    pen = true
  }
  if (n === 1 && Number.isFinite(values[0])) path += `L${width},${y(values[0])}`
  return { path, zeroY: y(0), min, max }
}

/** Incidents of the window per role code (0 isolated, 1 originator, 2 near repeat). */
export function roleCounts(roles: ArrayLike<number>): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0]
  for (let i = 0; i < roles.length; i++) if (roles[i] >= 0 && roles[i] <= 2) out[roles[i]]++
  return out
}

/**
 * Band edges typed as "0, 100, 200": increasing, non-negative, at least two; null when the text
 * is not such a list (the panel then says what it wants, and keeps the last good bands).
 */
export function parseEdges(text: string): number[] | null {
  const parts = text.split(/[,，\s]+/).filter((s) => s !== '')
  if (parts.length < 2) return null
  const edges = parts.map(Number)
  if (!edges.every((e, i) => Number.isFinite(e) && e >= 0 && (i === 0 || e > edges[i - 1]))) return null
  return edges
}

/**
 * Without a date filter the Knox test looks at the last 90 days of the data: over years of a
 * busy district every pair within 400 m is tens of millions of pairs (the test refuses above
 * 100 million), and near repeats are a matter of recent weeks anyway.
 */
export const NEAR_REPEAT_DEFAULT_DAYS = 90

/** The latest incident time of a dataset (cached per dataset: one pass over the column). */
const latestTime = new WeakMap<object, number>()
export function latestIncidentTime(inc: { count: number; time: Float64Array }): number {
  let t = latestTime.get(inc)
  if (t === undefined) {
    t = timeRangeOf(inc.time, inc.count)?.[1] ?? -Infinity
    latestTime.set(inc, t)
  }
  return t
}

/**
 * The Knox test's period: the filter's dates when it has some (what the map shows), else the
 * last `days` days up to and including the latest incident. Null when no incident has a time.
 */
export function nearRepeatPeriod(spec: IncidentFilterSpec, latest: number, days = NEAR_REPEAT_DEFAULT_DAYS): Period | null {
  if (spec.from !== null || spec.to !== null) return null
  if (!Number.isFinite(latest)) return null
  return { from: latest - days * DAY_MS + 1, to: latest + 1 }
}
