/**
 * Patrol against plan (警情导巡 checked, issue 26 point 4): the patrol minutes the tracks show
 * per grid and local hour, against the alert-guided schedule's priority (patrol-priority.ts);
 * the make-up patrol list (补巡) and 见警率.
 *
 * Presence: the time between two consecutive fixes of a unit counts for the grid of the first
 * fix, split at hour boundaries (so a stretch across midnight counts half for 23:00 of one day
 * and half for 00:00 of the next). A silence longer than MAX_GAP_MS counts nothing (a dead
 * terminal is not a patrol), and neither do fixes at the station.
 */
import { SHANGHAI_OFFSET_MS } from './periods'
import { BAND_COUNT, HOUR_BANDS, type PatrolPriority } from './patrol-priority'
import { joinPoints, type AreaIndex } from './spatial-join'
import { STATUS_AT_STATION, STATUS_OFFLINE, type UnitTracks } from './unit-tracks'

export const MAX_GAP_MS = 5 * 60_000
/**
 * Presence a high-priority grid needs in a band, minutes per day: one half-hour check, as the
 * schedule plans (patrol-priority.ts: one check per band at its peak hour).
 */
export const BAND_TARGET_MINUTES = 30

const HOUR_MS = 3600_000
const DAY_MS = 24 * HOUR_MS

export interface Presence {
  gridCount: number
  /** patrol minutes per grid and local hour, summed over all days: [grid * 24 + hour] */
  minutes: Float64Array
  /** distinct local days the tracks span (at least 1) */
  days: number
  /** per grid and local hour, the number of days with any presence: [grid * 24 + hour] */
  daysPresent: Uint16Array
}

/** Local day number and hour of an epoch ms (Asia/Shanghai, no DST). */
const localDay = (t: number) => Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS)

/** Presence per grid and hour; `fixGrid` is the grid of each fix (-1 outside), default joinPoints over `grids`. */
export function patrolPresence(tracks: UnitTracks, grids: AreaIndex, gridCount: number, fixGrid?: Int32Array, maxGapMs = MAX_GAP_MS): Presence {
  const grid = fixGrid ?? joinPoints(grids, tracks.lon, tracks.lat, tracks.count)
  const { time, status, unitStart } = tracks
  const minutes = new Float64Array(gridCount * 24)
  let firstDay = Infinity, lastDay = -Infinity
  for (let i = 0; i < tracks.count; i++) {
    const d = localDay(time[i])
    if (d < firstDay) firstDay = d
    if (d > lastDay) lastDay = d
  }
  const days = Number.isFinite(firstDay) ? lastDay - firstDay + 1 : 1
  // one bit per (day, grid, hour) would do; a Uint8Array is simpler and small (days × grids × 24)
  const seen = new Uint8Array(days * gridCount * 24)
  for (let u = 0; u + 1 < unitStart.length; u++) {
    for (let i = unitStart[u], end = unitStart[u + 1] - 1; i < end; i++) {
      const g = grid[i]
      if (g < 0 || status[i] === STATUS_AT_STATION || status[i] === STATUS_OFFLINE) continue
      const t1 = time[i + 1]
      let t = time[i]
      if (!(t1 - t <= maxGapMs)) continue
      while (t < t1) {
        // hours are whole in UTC+8, so local hour boundaries are UTC hour boundaries
        const hourEnd = (Math.floor(t / HOUR_MS) + 1) * HOUR_MS
        const segEnd = hourEnd < t1 ? hourEnd : t1
        const local = t + SHANGHAI_OFFSET_MS
        const hour = Math.floor(local / HOUR_MS) % 24
        minutes[g * 24 + hour] += (segEnd - t) / 60_000
        seen[((Math.floor(local / DAY_MS) - firstDay) * gridCount + g) * 24 + hour] = 1
        t = segEnd
      }
    }
  }
  const daysPresent = new Uint16Array(gridCount * 24)
  for (let d = 0; d < days; d++) {
    const base = d * gridCount * 24
    for (let k = 0; k < gridCount * 24; k++) daysPresent[k] += seen[base + k]
  }
  return { gridCount, minutes, days, daysPresent }
}

/** Patrol minutes per grid and hour band (HOUR_BANDS), per day on average: [grid * 6 + band]. */
export function bandMinutesPerDay(p: Presence): Float64Array {
  const out = new Float64Array(p.gridCount * BAND_COUNT)
  for (let g = 0; g < p.gridCount; g++) {
    HOUR_BANDS.forEach((b, k) => {
      let m = 0
      for (let h = b.from; h < b.to; h++) m += p.minutes[g * 24 + h]
      out[g * BAND_COUNT + k] = m / p.days
    })
  }
  return out
}

export interface MakeUpRow {
  grid: number
  band: number
  priority: number
  /** patrol minutes per day in that grid and band */
  minutesPerDay: number
  /** priority × the missing share of BAND_TARGET_MINUTES: the ranking */
  gap: number
}

export interface PlanCheck {
  /** scheduled (high-priority) grid-bands short of BAND_TARGET_MINUTES, largest gap first */
  makeUp: MakeUpRow[]
  /**
   * 见警率: of the grid-hours (each day) in scheduled grid-bands, the share with a unit present;
   * NaN without a schedule
   */
  seenRate: number
  /** the grid-hours behind seenRate */
  scheduledHours: number
  presentHours: number
}

/** The schedule of `priority` checked against the presence. */
export function checkPlan(priority: PatrolPriority, p: Presence, targetMinutes = BAND_TARGET_MINUTES): PlanCheck {
  const perDay = bandMinutesPerDay(p)
  const makeUp: MakeUpRow[] = []
  let scheduledHours = 0, presentHours = 0
  for (const s of priority.schedule) {
    const m = perDay[s.grid * BAND_COUNT + s.band]
    if (m < targetMinutes) makeUp.push({ grid: s.grid, band: s.band, priority: s.priority, minutesPerDay: m, gap: s.priority * (1 - m / targetMinutes) })
    const b = HOUR_BANDS[s.band]
    for (let h = b.from; h < b.to; h++) {
      scheduledHours += p.days
      presentHours += p.daysPresent[s.grid * 24 + h]
    }
  }
  makeUp.sort((a, b) => b.gap - a.gap || a.grid - b.grid || a.band - b.band)
  return { makeUp, seenRate: scheduledHours ? presentHours / scheduledHours : NaN, scheduledHours, presentHours }
}
