/**
 * Incidents per time bin (a local day or a whole number of them) over a fixed range, for the
 * timeline. The bins depend on the data's range only, never on the filter, so that brushing and
 * filtering leave the bars where they are and only their heights change.
 */
import { spreadOverBins, windowEndOf } from './aoristic'
import { SHANGHAI_OFFSET_MS, localWeekday } from './periods'

const DAY_MS = 86_400_000
const WEEK_MS = 7 * DAY_MS

export interface TimeHistogram {
  /** start of bin 0, epoch ms (a local midnight; a Monday for week-multiple bins) */
  from: number
  binMs: number
  /** the first and last time counted (the data's, when given the data's range) */
  range: [number, number] | null
  /**
   * counts[k]: incidents in [from + k·binMs, from + (k+1)·binMs); not whole when incidents with a
   * time window are spread over the bins their window overlaps (core/aoristic.ts)
   */
  counts: Float64Array
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
 *
 * With `timeTo` (window ends, NaN for none) an incident with a window whose start lies in the
 * range is spread over the bins in proportion to the overlap; the part of a window past the last
 * bin is left out (the bars span the starts, as without windows).
 */
export function timeHistogram(
  time: Float64Array, count: number, range: [number, number] | null, binMs: number, keep?: Uint8Array, timeTo?: Float64Array,
): TimeHistogram {
  if (!(binMs > 0) || !Number.isFinite(binMs)) throw new RangeError(`timeHistogram: bad bin width ${binMs}`)
  if (!range) return { from: NaN, binMs, range, counts: new Float64Array(0) }
  const from = binOrigin(range[0], binMs)
  const n = Math.floor((range[1] - from) / binMs) + 1
  const counts = new Float64Array(n)
  let edges: Float64Array | null = null
  const add = (k: number, w: number) => { counts[k] += w }
  for (let i = 0; i < count; i++) {
    if (keep && !keep[i]) continue
    const t = time[i]
    if (!(t >= range[0] && t <= range[1])) continue
    const e = windowEndOf(time, timeTo, i)
    if (Number.isNaN(e)) counts[Math.floor((t - from) / binMs)]++
    else spreadOverBins(t, e, (edges ??= Float64Array.from({ length: n + 1 }, (_, k) => from + k * binMs)), add)
  }
  return { from, binMs, range, counts }
}
