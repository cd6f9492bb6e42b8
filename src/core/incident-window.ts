/**
 * Which incidents the page holds when the data lives on a server with more than a page should
 * load: whole local months, by default the latest ones (the ranked month and its 同比 base
 * included), or the months around what the user brushed. Everything else is counted where
 * the data lives.
 */
import { monthBoundaries, monthOf, type Period } from './periods'

/** the latest month and the same month a year before: the default ranking needs no more */
export const DEFAULT_WINDOW_MONTHS = 13

/** The n whole local months ending with the month of t. */
export function monthsEndingWith(t: number, n: number): Period {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`months: a whole number ≥ 1 (got ${n})`)
  const last = monthOf(t)
  let from = last.from
  for (let i = 1; i < n; i++) from = monthOf(from - 1).from
  return { from, to: last.to }
}

/**
 * The window to load first from data spanning `range` (first and last time): the n months
 * ending with the last one; null when the data fits in it (load everything).
 */
export function defaultWindow(range: [number, number] | null, n: number): Period | null {
  if (!range) return null
  const w = monthsEndingWith(range[1], n)
  return range[0] >= w.from ? null : w
}

/** Whether a loaded window (null: everything) holds every incident of p. */
export function windowCovers(window: Period | null, p: Period): boolean {
  return window === null || (p.from >= window.from && p.to <= window.to)
}

/** The whole local months around every period given; null for none. */
export function wholeMonthsAround(periods: readonly Period[]): Period | null {
  const valid = periods.filter((p) => Number.isFinite(p.from) && Number.isFinite(p.to) && p.to > p.from)
  if (!valid.length) return null
  const from = Math.min(...valid.map((p) => p.from)), to = Math.max(...valid.map((p) => p.to))
  const b = monthBoundaries(from, to)
  return { from: b[0], to: b[b.length - 1] }
}

/** The first and last time of the incidents (NaN times skipped); null when none has a time. */
export function timeRangeOf(time: Float64Array, count: number): [number, number] | null {
  let min = Infinity, max = -Infinity
  for (let i = 0; i < count; i++) {
    const t = time[i]
    if (t < min) min = t
    if (t > max) max = t
  }
  return min <= max ? [min, max] : null
}

/**
 * Whether data spanning `range` (first and last time) reaches into p: a picked month or
 * brushed dates the data still hold are kept after the data change; others show nothing.
 */
export function rangeReaches(range: [number, number] | null, p: Period): boolean {
  return range !== null && range[0] < p.to && range[1] >= p.from
}
