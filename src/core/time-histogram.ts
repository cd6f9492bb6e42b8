/**
 * Incidents per time bin (a local day or a whole number of them) over a fixed range, for the
 * timeline. The bins depend on the data's range only, never on the filter, so that brushing and
 * filtering leave the bars where they are and only their heights change.
 */
import { SHANGHAI_OFFSET_MS, localWeekday } from './periods'

const DAY_MS = 86_400_000
const WEEK_MS = 7 * DAY_MS

export interface TimeHistogram {
  /** start of bin 0, epoch ms (a local midnight; a Monday for week-multiple bins) */
  from: number
  binMs: number
  /** the first and last time counted (the data's, when given the data's range) */
  range: [number, number] | null
  /** counts[k]: incidents in [from + k·binMs, from + (k+1)·binMs) */
  counts: Uint32Array
}

/** Local (Asia/Shanghai) midnight at or before t. */
export function localMidnight(t: number): number {
  const r = (t + SHANGHAI_OFFSET_MS) % DAY_MS
  return t - (r < 0 ? r + DAY_MS : r)
}

/**
 * Where bin 0 starts for data beginning at t: the local midnight of t's day, and for bins of whole
 * weeks the Monday of t's week, so that weekly bars read Monday to Sunday as reports do.
 */
export function binOrigin(t: number, binMs: number): number {
  const day = localMidnight(t)
  if (binMs % WEEK_MS !== 0) return day
  return day - localWeekday(day) * DAY_MS
}

/** Days up to this span, weeks beyond: a bar a day stays wider than a few pixels on the desk timeline. */
export const MAX_DAY_BINS = 180

/** A local day per bin, or a week when the range is longer than MAX_DAY_BINS days. */
export function autoBinMs(range: [number, number] | null): number {
  return range && (range[1] - range[0]) / DAY_MS > MAX_DAY_BINS ? WEEK_MS : DAY_MS
}

/**
 * Counts of the times in `range` ([first, last], both inclusive: the data's first and last
 * incident) per bin of `binMs`; `keep` (non-zero = counted) applies the rest of the filter.
 * Times outside the range or not finite are skipped. A null range gives no bins.
 */
export function timeHistogram(
  time: Float64Array, count: number, range: [number, number] | null, binMs: number, keep?: Uint8Array,
): TimeHistogram {
  if (!(binMs > 0) || !Number.isFinite(binMs)) throw new RangeError(`timeHistogram: bad bin width ${binMs}`)
  if (!range) return { from: NaN, binMs, range, counts: new Uint32Array(0) }
  const from = binOrigin(range[0], binMs)
  const n = Math.floor((range[1] - from) / binMs) + 1
  const counts = new Uint32Array(n)
  for (let i = 0; i < count; i++) {
    if (keep && !keep[i]) continue
    const t = time[i]
    if (!(t >= range[0] && t <= range[1])) continue
    counts[Math.floor((t - from) / binMs)]++
  }
  return { from, binMs, range, counts }
}
