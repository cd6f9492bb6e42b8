/**
 * The figures of the 8:00 briefing (issue 23, point 3): the window it covers, the same window
 * a year earlier (同比), the category groups the reports quote and the notable alerts. Pure on
 * columns, so the worker, the CLI's tests and the unit tests count alike.
 *
 * A duty day in a public-security bureau runs from 08:00 to 08:00 the next morning (Asia/Shanghai):
 * - daily for date D: D−1 08:00 → D 08:00;
 * - weekly for date D: the seven duty days before the Monday on or before D, i.e. Monday 08:00
 *   → Monday 08:00 (for D a Monday, the week that ends that morning).
 * An incident belongs to the window its start time falls in, [from, to): 07:59:59 on D is in
 * the daily window of D, 08:00:00 on D is in the next one.
 */
import { parseLocalDate, sameperiodLastYear, SHANGHAI_OFFSET_MS, type Period } from './periods'

export const BRIEFING_KINDS = ['daily', 'weekly'] as const
export type BriefingKind = (typeof BRIEFING_KINDS)[number]

/** the duty day's change of shift, local hour */
export const BRIEFING_HOUR = 8
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

/**
 * The window of a `kind` briefing for the local date `date` ('YYYY-MM-DD'). Throws a RangeError
 * naming the date when it is not a real calendar date.
 */
export function briefingWindow(kind: BriefingKind, date: string): Period {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) throw new RangeError(`briefing date must be YYYY-MM-DD (got "${date}")`)
  const midnight = parseLocalDate(date)
  if (!Number.isFinite(midnight)) throw new RangeError(`briefing date ${date} is not a calendar date`)
  let to = midnight + BRIEFING_HOUR * HOUR_MS
  if (kind === 'weekly') {
    // local weekday of D: 0 = Sunday … 6 = Saturday; back to the Monday on or before D
    const weekday = new Date(midnight + SHANGHAI_OFFSET_MS).getUTCDay()
    to -= ((weekday + 6) % 7) * DAY_MS
    return { from: to - 7 * DAY_MS, to }
  }
  return { from: to - DAY_MS, to }
}

/** The same window a year earlier, same wall-clock hours (Feb 29 → Feb 28): the 同比 base. */
export function sameWindowLastYear(p: Period): Period {
  return sameperiodLastYear(p)
}

/**
 * The groups the briefing quotes, in print order. 刑事 and 治安 are categories; 两抢一盗
 * (robbery 抢劫, snatching 抢夺 and the theft family 盗窃: theft, burglary, e-bike theft) and
 * e-bike theft are subtypes, in any category (a small theft may be filed as 治安).
 */
export const BRIEFING_GROUPS = ['criminal', 'public_order', 'robbery_theft', 'ebike_theft'] as const
export type BriefingGroup = (typeof BRIEFING_GROUPS)[number]

/** the demo's subtype codes of 两抢一盗 */
export const ROBBERY_THEFT_CODES: readonly string[] = ['robbery', 'snatching', 'theft', 'burglary', 'ebike_theft']
/** imported subtypes keep their own text: these words name robbery, snatching or a theft */
const ROBBERY_THEFT_WORDS = /抢劫|抢夺|盗|扒窃|偷/
const EBIKE_WORDS = /电动车|电瓶车|电动自行车|电单车/

/**
 * Notable alerts: robbery, snatching and burglary (两抢 and 入室盗窃), the alerts a duty leader
 * reads one by one. Codes of the demo, or the words in an imported subtype.
 */
export const NOTABLE_CODES: readonly string[] = ['robbery', 'snatching', 'burglary']
const NOTABLE_WORDS = /抢劫|抢夺|入室/

const CRIMINAL = 0
const PUBLIC_ORDER = 1

export function isRobberyTheft(subtype: string): boolean {
  const s = subtype.trim()
  return ROBBERY_THEFT_CODES.includes(s.toLowerCase()) || ROBBERY_THEFT_WORDS.test(s)
}

export function isEbikeTheft(subtype: string): boolean {
  const s = subtype.trim()
  return s.toLowerCase() === 'ebike_theft' || (EBIKE_WORDS.test(s) && /盗|偷/.test(s))
}

export function isNotable(subtype: string): boolean {
  const s = subtype.trim()
  return NOTABLE_CODES.includes(s.toLowerCase()) || NOTABLE_WORDS.test(s)
}

export interface BriefingIncidents {
  count: number
  time: Float64Array
  category: Uint8Array
  subtype: Uint16Array
  subtypes: string[]
}

/** Alerts of a window: all, and per group in BRIEFING_GROUPS order. */
export interface WindowCounts {
  total: number
  groups: number[]
}

export interface BriefingCounts {
  window: Period
  lastYearWindow: Period
  now: WindowCounts
  lastYear: WindowCounts
  /** areas with the most alerts in the window, most first (ties: lower index first); none with 0 */
  top: { area: number; count: number }[]
  /** rows of the window, in row order (the map of the window draws them) */
  rows: number[]
  /** rows of the notable alerts of the window, in time order (ties: row order) */
  notable: number[]
}

const inside = (t: number, p: Period) => t >= p.from && t < p.to

/**
 * Counts the window and its year-earlier window, ranks areas by the window's alerts and lists
 * its notable alerts. `assign[i]` is incident i's area (-1: none), null without an area layer.
 */
export function briefingCounts(inc: BriefingIncidents, window: Period, assign: Int32Array | null, nAreas: number, topN = 5): BriefingCounts {
  const lastYearWindow = sameWindowLastYear(window)
  const theft = inc.subtypes.map(isRobberyTheft)
  const ebike = inc.subtypes.map(isEbikeTheft)
  const notableSubtype = inc.subtypes.map(isNotable)
  const now = { total: 0, groups: BRIEFING_GROUPS.map(() => 0) }
  const last = { total: 0, groups: BRIEFING_GROUPS.map(() => 0) }
  const perArea = new Uint32Array(nAreas)
  const rows: number[] = []
  const notable: number[] = []
  for (let i = 0; i < inc.count; i++) {
    const t = inc.time[i]
    let c: WindowCounts
    if (inside(t, window)) {
      c = now
      rows.push(i)
      const a = assign ? assign[i] : -1
      if (a >= 0 && a < nAreas) perArea[a]++
      if (notableSubtype[inc.subtype[i]]) notable.push(i)
    } else if (inside(t, lastYearWindow)) c = last
    else continue
    c.total++
    const s = inc.subtype[i]
    if (inc.category[i] === CRIMINAL) c.groups[0]++
    if (inc.category[i] === PUBLIC_ORDER) c.groups[1]++
    if (theft[s]) c.groups[2]++
    if (ebike[s]) c.groups[3]++
  }
  notable.sort((x, y) => inc.time[x] - inc.time[y] || x - y)
  const top: { area: number; count: number }[] = []
  for (let a = 0; a < nAreas; a++) if (perArea[a] > 0) top.push({ area: a, count: perArea[a] })
  top.sort((x, y) => y.count - x.count || x.area - y.area)
  return { window, lastYearWindow, now, lastYear: last, top: top.slice(0, topN), rows, notable }
}

/** Year-on-year change as a fraction (0.25 = +25 %); null when the base is 0 (no change can be stated). */
export function yoyChange(now: number, base: number): number | null {
  return base > 0 ? (now - base) / base : null
}

/** The Gi* look-back of the briefing: the 7 days ending with the window. */
export function hotspotWeek(window: Period): Period {
  return { from: window.to - 7 * DAY_MS, to: window.to }
}
