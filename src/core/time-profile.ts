/**
 * When incidents happen, per area: hour × weekday, night share and monthly series. These
 * drive night patrol planning (the source material: 65% of cases at night) and 警情导巡.
 * All local times are Asia/Shanghai (see periods.ts).
 */

import { binOf, shareWithin, spreadOverBins, spreadOverWeekHours, WEEK_HOURS, windowEndOf } from './aoristic'
import { localHour, localMonthKey, localWeekday, monthBoundaries, monthOf } from './periods'

/**
 * Night as [start, end) local hours, wrapping midnight when start > end. Default 18:00–06:00,
 * the demo generator's definition (geodata/lib/calendar.ts isNightHour), so the generated
 * night shares can be read back exactly. start === end means no night at all.
 */
export interface NightHours { start: number; end: number }
export const DEFAULT_NIGHT: NightHours = Object.freeze({ start: 18, end: 6 })

export function isNight(hour: number, night: NightHours = DEFAULT_NIGHT): boolean {
  const { start, end } = night
  return start <= end ? hour >= start && hour < end : hour >= start || hour < end
}

export interface TimeProfile {
  nAreas: number
  /**
   * [area * 168 + weekday * 24 + hour] counts; weekday 0 = Monday. Counts, not integers: an
   * incident with a time window adds the share of its window that falls into each hour.
   */
  hourWeekday: Float64Array
  /** totals per area */
  total: Float64Array
  /** night count per area */
  night: Float64Array
  /** month keys 'YYYY-MM' from the first to the last month of [from,to) */
  months: string[]
  /** [area * months.length + m] */
  monthly: Float64Array
  /** per area, how many of the counted incidents were spread over a time window */
  spread: Uint32Array
}


/**
 * assign: area per incident (−1 skipped; pass an all-zero Int32Array and nAreas 1 for a
 * district-wide profile). Optional keep mask (category filter, non-zero = keep) and time
 * range [from, to). Without from/to every finite time counts and the months run from the
 * first to the last month that holds a counted incident. Every counted incident adds 1 in all,
 * to the hourWeekday cells and to the months, so the three sums per area agree.
 *
 * With `timeTo` (window ends, NaN for none) an incident known only to lie in [time, timeTo) is
 * spread over its window in proportion to the overlap (core/aoristic.ts): each hour and month
 * gets its share, night the share of night hours. A range [from, to) counts the share of the
 * window inside it (an incident half inside adds 0.5). A row without an end counts as before.
 */
export function timeProfile(
  assign: Int32Array, time: Float64Array, count: number, nAreas: number,
  opts: { keep?: Uint8Array; from?: number; to?: number; night?: NightHours; timeTo?: Float64Array } = {},
): TimeProfile {
  const { keep, night = DEFAULT_NIGHT, timeTo } = opts
  if (!Number.isInteger(count) || count < 0 || count > assign.length || count > time.length || (keep && count > keep.length) || (timeTo && count > timeTo.length)) {
    throw new RangeError(`timeProfile: count ${count} exceeds the columns`)
  }
  if (!Number.isInteger(nAreas) || nAreas < 0) throw new RangeError(`timeProfile: bad nAreas ${nAreas}`)
  const from = opts.from ?? -Infinity
  const to = opts.to ?? Infinity

  /** the share of row i that the range counts (0: not counted) */
  const counted = (i: number): number => {
    const a = assign[i], t = time[i]
    if (a < 0 || (keep && !keep[i]) || !Number.isFinite(t)) return 0
    const share = timeTo ? shareWithin(t, windowEndOf(time, timeTo, i), from, to) : t >= from && t < to ? 1 : 0
    if (share > 0 && a >= nAreas) throw new RangeError(`timeProfile: incident ${i} has area ${a}, but nAreas is ${nAreas}`)
    return share
  }

  // Month boundaries: from the range when given, else from the data (one extra pass).
  let lo = from, hi = to
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    let min = Infinity, max = -Infinity
    for (let i = 0; i < count; i++) {
      if (!counted(i)) continue
      const e = timeTo ? windowEndOf(time, timeTo, i) : NaN
      if (time[i] < min) min = time[i]
      // a window's last instant is just before its end
      const last = Number.isNaN(e) ? time[i] : e - 1
      if (last > max) max = last
    }
    if (!Number.isFinite(lo)) lo = min
    if (!Number.isFinite(hi)) hi = max === -Infinity ? max : monthOf(max).to
  }
  const bounds = Number.isFinite(lo) && Number.isFinite(hi) && hi > lo ? monthBoundaries(lo, hi) : new Float64Array(0)
  const nMonths = Math.max(bounds.length - 1, 0)
  const months: string[] = []
  for (let m = 0; m < nMonths; m++) months.push(localMonthKey(bounds[m]))

  const nightHour = new Uint8Array(24)
  for (let h = 0; h < 24; h++) nightHour[h] = isNight(h, night) ? 1 : 0

  const hourWeekday = new Float64Array(nAreas * WEEK_HOURS)
  const total = new Float64Array(nAreas)
  const nightCount = new Float64Array(nAreas)
  const monthly = new Float64Array(nAreas * nMonths)
  const spread = new Uint32Array(nAreas)
  let a = 0
  const addHour = (k: number, w: number) => {
    hourWeekday[a * WEEK_HOURS + k] += w
    if (nightHour[k % 24]) nightCount[a] += w
  }
  const addMonth = (m: number, w: number) => { monthly[a * nMonths + m] += w }
  for (let i = 0; i < count; i++) {
    const share = counted(i)
    if (!share) continue
    a = assign[i]
    const t = time[i], e = timeTo ? windowEndOf(time, timeTo, i) : NaN
    total[a] += share
    if (Number.isNaN(e)) {
      // an exact time: one cell, one month (inline: the common case, a million rows)
      const h = localHour(t)
      hourWeekday[a * WEEK_HOURS + localWeekday(t) * 24 + h]++
      nightCount[a] += nightHour[h]
      monthly[a * nMonths + binOf(t, bounds)]++
      continue
    }
    spread[a]++
    // the part of the window inside the range, carrying the share of the incident it holds
    const s = Math.max(t, from), f = Math.min(e, to)
    spreadOverWeekHours(s, f, addHour, share)
    spreadOverBins(s, f, bounds, addMonth, share)
  }
  return { nAreas, hourWeekday, total, night: nightCount, months, monthly, spread }
}

/** Night count / total; NaN when total is 0. */
export function nightShare(p: TimeProfile, area: number): number {
  const t = p.total[area]
  return t > 0 ? p.night[area] / t : NaN
}

/**
 * Least-squares slope of the monthly counts (incidents per month, per month) and the
 * relative trend slope / mean. Both NaN with fewer than 2 months; relative NaN when the
 * mean is 0. A partial first or last month (range not on month starts) drags the slope:
 * pass whole months when the trend matters.
 */
export function monthlyTrend(p: TimeProfile, area: number): { slope: number; relative: number } {
  const n = p.months.length
  if (n < 2) return { slope: NaN, relative: NaN }
  const row = p.monthly.subarray(area * n, area * n + n)
  const xMean = (n - 1) / 2
  let sum = 0
  for (let m = 0; m < n; m++) sum += row[m]
  const mean = sum / n
  let sxy = 0, sxx = 0
  for (let m = 0; m < n; m++) {
    sxy += (m - xMean) * (row[m] - mean)
    sxx += (m - xMean) * (m - xMean)
  }
  const slope = sxy / sxx
  return { slope, relative: mean === 0 ? NaN : slope / mean }
}
