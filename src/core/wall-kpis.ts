/**
 * Figures of the wall screen's KPI tiles: alerts of one local (Asia/Shanghai) day, of the same
 * day a year before, and the areas with the most alerts that day. The Gi* hotspot count is
 * composed in the worker session from the existing hotspot analysis.
 */
import { SHANGHAI_OFFSET_MS, sameperiodLastYear, type Period } from './periods'

const DAY_MS = 86_400_000

/** The local calendar day containing t (China keeps UTC+8 all year, so a day is always 24 h). */
export function localDay(t: number): Period {
  const from = Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS
  return { from, to: from + DAY_MS }
}

export interface DayCounts {
  day: Period
  /** the same calendar day one year earlier (Feb 29 → Feb 28) */
  lastYearDay: Period
  today: number
  lastYear: number
  /** the areas with the most alerts on `day`, most first (ties: lower area index first); none with 0 */
  top: { area: number; count: number }[]
}

/**
 * Counts alerts of `day` and of its same day last year, and ranks areas by today's count.
 * `assign[i]` is incident i's area index (-1: in none); it may be null when no area layer is loaded.
 */
export function dayCounts(time: Float64Array, count: number, assign: Int32Array | null, nAreas: number, day: Period, topN = 3): DayCounts {
  const lastYearDay = sameperiodLastYear(day)
  const perArea = new Uint32Array(nAreas)
  let today = 0, lastYear = 0
  for (let i = 0; i < count; i++) {
    const t = time[i]
    if (t >= day.from && t < day.to) {
      today++
      const a = assign ? assign[i] : -1
      if (a >= 0) perArea[a]++
    } else if (t >= lastYearDay.from && t < lastYearDay.to) lastYear++
  }
  const top: { area: number; count: number }[] = []
  for (let a = 0; a < nAreas; a++) if (perArea[a] > 0) top.push({ area: a, count: perArea[a] })
  top.sort((x, y) => y.count - x.count || x.area - y.area)
  return { day, lastYearDay, today, lastYear, top: top.slice(0, topN) }
}

/** Cells of a Gi* classification that are hot at 95 % confidence or more (classes 2 and 3), within the study mask. */
export function hotCells95(classes: Int8Array, mask: Uint8Array): number {
  let n = 0
  for (let i = 0; i < classes.length; i++) if (mask[i] && classes[i] >= 2) n++
  return n
}
