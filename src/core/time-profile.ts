/**
 * When incidents happen, per area: hour × weekday, night share and monthly series. These
 * drive night patrol planning (the source material: 65% of cases at night) and 警情导巡.
 * All local times are Asia/Shanghai (see periods.ts).
 */

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
  /** [area * 168 + weekday * 24 + hour] counts; weekday 0 = Monday */
  hourWeekday: Uint32Array
  /** totals per area */
  total: Uint32Array
  /** night count per area */
  night: Uint32Array
  /** month keys 'YYYY-MM' from the first to the last month of [from,to) */
  months: string[]
  /** [area * months.length + m] */
  monthly: Uint32Array
}

const WEEK_HOURS = 168

/**
 * assign: area per incident (−1 skipped; pass an all-zero Int32Array and nAreas 1 for a
 * district-wide profile). Optional keep mask (category filter, non-zero = keep) and time
 * range [from, to). Without from/to every finite time counts and the months run from the
 * first to the last month that holds a counted incident. Every counted incident lands in
 * exactly one hourWeekday cell and one month, so the three sums per area agree.
 */
export function timeProfile(
  assign: Int32Array, time: Float64Array, count: number, nAreas: number,
  opts: { keep?: Uint8Array; from?: number; to?: number; night?: NightHours } = {},
): TimeProfile {
  const { keep, night = DEFAULT_NIGHT } = opts
  if (!Number.isInteger(count) || count < 0 || count > assign.length || count > time.length || (keep && count > keep.length)) {
    throw new RangeError(`timeProfile: count ${count} exceeds the columns`)
  }
  if (!Number.isInteger(nAreas) || nAreas < 0) throw new RangeError(`timeProfile: bad nAreas ${nAreas}`)
  const from = opts.from ?? -Infinity
  const to = opts.to ?? Infinity

  const counted = (i: number) => {
    const a = assign[i], t = time[i]
    if (a < 0 || (keep && !keep[i]) || !Number.isFinite(t) || t < from || t >= to) return false
    if (a >= nAreas) throw new RangeError(`timeProfile: incident ${i} has area ${a}, but nAreas is ${nAreas}`)
    return true
  }

  // Month boundaries: from the range when given, else from the data (one extra pass).
  let lo = from, hi = to
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    let min = Infinity, max = -Infinity
    for (let i = 0; i < count; i++) {
      if (!counted(i)) continue
      if (time[i] < min) min = time[i]
      if (time[i] > max) max = time[i]
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

  const hourWeekday = new Uint32Array(nAreas * WEEK_HOURS)
  const total = new Uint32Array(nAreas)
  const nightCount = new Uint32Array(nAreas)
  const monthly = new Uint32Array(nAreas * nMonths)
  for (let i = 0; i < count; i++) {
    if (!counted(i)) continue
    const a = assign[i], t = time[i]
    const h = localHour(t)
    hourWeekday[a * WEEK_HOURS + localWeekday(t) * 24 + h]++
    total[a]++
    nightCount[a] += nightHour[h]
    // binary search: the last boundary <= t (a few dozen months at most)
    let l = 0, r = nMonths - 1
    while (l < r) {
      const mid = (l + r + 1) >> 1
      if (bounds[mid] <= t) l = mid
      else r = mid - 1
    }
    monthly[a * nMonths + l]++
  }
  return { nAreas, hourWeekday, total, night: nightCount, months, monthly }
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
