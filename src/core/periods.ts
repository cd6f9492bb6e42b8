import { pad2 } from './text-format'
/**
 * Calendar periods in Asia/Shanghai. China has used UTC+8 all year since 1991, so a local
 * wall-clock time is the UTC instant shifted by 8 h: every function here adds the offset and
 * then reads UTC fields, and never touches the host time zone (the wall screen, a worker and
 * a CI box may all run in different zones).
 */

export const SHANGHAI_OFFSET_MS = 8 * 3600_000
const HOUR_MS = 3600_000
const DAY_MS = 86_400_000

/** [from, to) epoch ms */
export interface Period { from: number; to: number }

const pad4 = (n: number) => `${n}`.padStart(4, '0')

/** Date.UTC reads years 0..99 as 19xx; setUTCFullYear does not. */
function utc(y: number, m0: number, d: number, h = 0, min = 0): number {
  const date = new Date(0)
  date.setUTCFullYear(y, m0, d)
  date.setUTCHours(h, min, 0, 0)
  return date.getTime()
}

/** Local midnight on the 1st of month `index` (= year * 12 + month0), as an instant. */
function monthStart(index: number): number {
  const y = Math.floor(index / 12)
  return utc(y, index - y * 12, 1) - SHANGHAI_OFFSET_MS
}

/** year * 12 + month0 of the local month containing t */
export function monthIndex(t: number): number {
  const d = new Date(t + SHANGHAI_OFFSET_MS)
  return d.getUTCFullYear() * 12 + d.getUTCMonth()
}

const isMonthStart = (t: number) => Number.isFinite(t) && monthStart(monthIndex(t)) === t

function daysInMonth(y: number, m1: number): number {
  return new Date(utc(y, m1, 0)).getUTCDate()
}

const DATE_RE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2}))?)?$/

/**
 * 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM' (a space instead of T is accepted too) or 'YYYY-MM'
 * (= the 1st) at Asia/Shanghai local time → epoch ms; NaN when invalid. Strict on purpose:
 * `Date` would roll 2024-02-30 over to March 1st, and a report period that silently moves
 * is worse than an error message.
 */
export function parseLocalDate(s: string): number {
  const m = DATE_RE.exec(s.trim())
  if (!m) return NaN
  const y = +m[1], mo = +m[2], d = m[3] === undefined ? 1 : +m[3]
  const h = m[4] === undefined ? 0 : +m[4], min = m[5] === undefined ? 0 : +m[5]
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || min > 59) return NaN
  return utc(y, mo - 1, d, h, min) - SHANGHAI_OFFSET_MS
}

/** 'YYYY-MM-DD' local date of an instant (for output and UI); '' for a non-finite t. */
export function formatLocalDate(t: number): string {
  if (!Number.isFinite(t)) return ''
  const d = new Date(t + SHANGHAI_OFFSET_MS)
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

/** 'YYYY-MM-DD hh:mm' local date and minute of an instant; '' for a non-finite t. */
export function formatLocalMinute(t: number): string {
  if (!Number.isFinite(t)) return ''
  const d = new Date(t + SHANGHAI_OFFSET_MS)
  return `${formatLocalDate(t)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
}

export function monthPeriod(year: number, month1to12: number): Period {
  const i = year * 12 + month1to12 - 1
  return { from: monthStart(i), to: monthStart(i + 1) }
}

/** The calendar month containing instant t. */
export function monthOf(t: number): Period {
  const i = monthIndex(t)
  return { from: monthStart(i), to: monthStart(i + 1) }
}

/** True when from and to are both local midnights on the 1st of a month. */
export function isWholeMonths(p: Period): boolean {
  return isMonthStart(p.from) && isMonthStart(p.to)
}

/**
 * The period just before p (环比 base): for whole months the same number of calendar
 * months before (Mar 1–Apr 1 → Feb 1–Mar 1, so February keeps its 28/29 days); otherwise
 * shifted back by its own length.
 */
export function previousPeriod(p: Period): Period {
  if (isWholeMonths(p)) {
    const n = monthIndex(p.to) - monthIndex(p.from)
    return { from: monthStart(monthIndex(p.from) - n), to: p.from }
  }
  return { from: p.from - (p.to - p.from), to: p.from }
}

/** t one calendar year earlier, same local wall-clock time; Feb 29 → Feb 28. */
function yearEarlier(t: number): number {
  const d = new Date(t + SHANGHAI_OFFSET_MS)
  const y = d.getUTCFullYear() - 1, m0 = d.getUTCMonth()
  const day = Math.min(d.getUTCDate(), daysInMonth(y, m0 + 1))
  return utc(y, m0, day, d.getUTCHours(), d.getUTCMinutes()) - SHANGHAI_OFFSET_MS +
    d.getUTCSeconds() * 1000 + d.getUTCMilliseconds()
}

/**
 * The same period one year earlier (同比 base): a shift of 12 calendar months for whole
 * months; otherwise both ends moved back one calendar year (Feb 29 → Feb 28), so a
 * 10-day range in a leap year stays a 10-day range unless it touches Feb 29.
 */
export function sameperiodLastYear(p: Period): Period {
  if (isWholeMonths(p)) {
    return { from: monthStart(monthIndex(p.from) - 12), to: monthStart(monthIndex(p.to) - 12) }
  }
  return { from: yearEarlier(p.from), to: yearEarlier(p.to) }
}

/**
 * Boundaries of the calendar months covering [from, to): month starts, length months + 1,
 * first = start of the month containing from, last = the first month start >= to.
 * An empty range (to <= from) gives the month starts around `from` only.
 */
export function monthBoundaries(from: number, to: number): Float64Array {
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new RangeError(`monthBoundaries needs finite times (got ${from}, ${to})`)
  }
  const end = Math.max(from, to)
  const first = monthIndex(from)
  const last = isMonthStart(end) ? monthIndex(end) : monthIndex(end) + 1
  const out = new Float64Array(last - first + 1)
  for (let i = 0; i < out.length; i++) out[i] = monthStart(first + i)
  return out
}

/** Local hour 0..23. Arithmetic instead of Date: it runs once per incident. */
export function localHour(t: number): number {
  // (x % n + n) % n: floor-mod for instants before 1970, and never -0
  return ((Math.floor((t + SHANGHAI_OFFSET_MS) / HOUR_MS) % 24) + 24) % 24
}

/**
 * Local weekday in ISO order: 0 = Monday … 6 = Sunday (not JavaScript's 0 = Sunday), so
 * that a week reads Monday to Sunday as Chinese reports do. 1970-01-01 was a Thursday (3).
 */
export function localWeekday(t: number): number {
  return (((Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS) + 3) % 7) + 7) % 7
}

/** 'YYYY-MM' of the local month containing t */
export function localMonthKey(t: number): string {
  const d = new Date(t + SHANGHAI_OFFSET_MS)
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}`
}
