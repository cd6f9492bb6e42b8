/**
 * Aoristic analysis: an incident known only to have happened within a window [from, to) (a
 * bicycle stolen "between 22:00 and 07:00") counts in each time bin in proportion to the part
 * of its window that falls into the bin, instead of being pinned to its start (Ratcliffe,
 * "Aoristic analysis", 2000). The window's weight (1 for a whole incident) is spread uniformly
 * over its duration.
 *
 * A row without an end (NaN, or an end that is not after the start) is an exact time: its whole
 * weight goes to the bin of its start, exactly as the analyses counted before windows existed.
 * All local times are Asia/Shanghai (periods.ts), whose hours are whole UTC hours.
 */
import { localHour, localWeekday } from './periods'

export const WEEK_HOURS = 168
const HOUR_MS = 3_600_000
const WEEK_MS = WEEK_HOURS * HOUR_MS

/** Receives `weight` for bin `bin`; a bin may be called more than once for one window. */
export type AddToBin = (bin: number, weight: number) => void

/** True when [from, to) is a window to spread: a finite end after the start. */
export function isWindow(from: number, to: number): boolean {
  return Number.isFinite(from) && Number.isFinite(to) && to > from
}

/** The end of row i's window, or NaN when the row has an exact time (no column, no end, end ≤ start). */
export function windowEndOf(time: Float64Array, timeTo: Float64Array | undefined, i: number): number {
  if (!timeTo) return NaN
  const e = timeTo[i]
  return isWindow(time[i], e) ? e : NaN
}

/** How many rows of the first `count` have a window to spread. */
export function countWindows(time: Float64Array, timeTo: Float64Array | undefined, count: number): number {
  if (!timeTo) return 0
  let n = 0
  for (let i = 0; i < count; i++) if (isWindow(time[i], timeTo[i])) n++
  return n
}

/** Local hour of the week: weekday (0 = Monday) × 24 + hour. */
export function hourOfWeek(t: number): number {
  return localWeekday(t) * 24 + localHour(t)
}

/**
 * Spreads `weight` over the 168 local hours of the week in proportion to the overlap of
 * [from, to) with each hour. Whole weeks of a long window give every hour the same share in one
 * step, so a window of years costs no more than one of a week. Without a window (to not after
 * from) the weight goes to the hour of `from`; a non-finite `from` adds nothing.
 */
export function spreadOverWeekHours(from: number, to: number, add: AddToBin, weight = 1): void {
  if (!Number.isFinite(from)) return
  if (!isWindow(from, to)) {
    add(hourOfWeek(from), weight)
    return
  }
  const len = to - from
  const weeks = Math.floor((to - from) / WEEK_MS)
  if (weeks > 0) {
    const share = (weeks * HOUR_MS * weight) / len
    for (let h = 0; h < WEEK_HOURS; h++) add(h, share)
  }
  let t = from + weeks * WEEK_MS
  let h = hourOfWeek(t)
  while (t < to) {
    // Shanghai is UTC+8 all year: local hours start on UTC hours
    const next = Math.min(to, (Math.floor(t / HOUR_MS) + 1) * HOUR_MS)
    add(h, ((next - t) * weight) / len)
    t = next
    h = h + 1 === WEEK_HOURS ? 0 : h + 1
  }
}

/** The bin k with edges[k] ≤ t < edges[k + 1], or −1 outside [edges[0], edges[last]). */
export function binOf(t: number, edges: Float64Array): number {
  const n = edges.length - 1
  if (!(n >= 1) || !(t >= edges[0] && t < edges[n])) return -1
  let l = 0, r = n - 1
  while (l < r) {
    const mid = (l + r + 1) >> 1
    if (edges[mid] <= t) l = mid
    else r = mid - 1
  }
  return l
}

/**
 * Spreads `weight` over the bins [edges[k], edges[k+1]) (edges ascending: months, weeks,
 * timeline bins) in proportion to the overlap of [from, to) with each bin. The share of the
 * window outside [edges[0], edges[last]) is left out: the result is how much of the incident
 * the bins hold, which is what a count over a period means for an uncertain time. Without a
 * window the weight goes to the bin of `from`, or nowhere when `from` is outside. Returns the
 * weight added.
 */
export function spreadOverBins(from: number, to: number, edges: Float64Array, add: AddToBin, weight = 1): number {
  if (!isWindow(from, to)) {
    const k = binOf(from, edges)
    if (k < 0) return 0
    add(k, weight)
    return weight
  }
  const n = edges.length - 1
  if (n < 1) return 0
  const lo = Math.max(from, edges[0]), hi = Math.min(to, edges[n])
  if (!(hi > lo)) return 0
  const len = to - from
  let added = 0
  for (let k = binOf(lo, edges); k < n && edges[k] < hi; k++) {
    const w = ((Math.min(hi, edges[k + 1]) - Math.max(lo, edges[k])) * weight) / len
    if (w > 0) {
      add(k, w)
      added += w
    }
  }
  return added
}

/**
 * The share of [from, to) that lies in [lo, hi): 1 or 0 for an exact time (by its start, as a
 * period filter reads it). This is how much of an uncertain incident a period counts.
 */
export function shareWithin(from: number, to: number, lo: number, hi: number): number {
  if (!isWindow(from, to)) return from >= lo && from < hi ? 1 : 0
  const overlap = Math.min(to, hi) - Math.max(from, lo)
  return overlap > 0 ? overlap / (to - from) : 0
}

/**
 * True when some instant of [from, to) falls in a local hour of the week marked in `cells`
 * (168 flags, weekday × 24 + hour). A filter cannot split a row: it keeps a row whose window
 * touches the selected hours at all. An exact time is tested at its start.
 */
export function windowTouches(from: number, to: number, cells: Uint8Array): boolean {
  if (!Number.isFinite(from)) return false
  if (!isWindow(from, to)) return cells[hourOfWeek(from)] === 1
  // a window of a week or more touches every hour of the week
  if (to - from >= WEEK_MS) return cells.includes(1)
  let h = hourOfWeek(from)
  for (let t = Math.floor(from / HOUR_MS) * HOUR_MS; t < to; t += HOUR_MS) {
    if (cells[h] === 1) return true
    h = h + 1 === WEEK_HOURS ? 0 : h + 1
  }
  return false
}
