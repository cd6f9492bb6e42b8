/**
 * When the daily briefing is due: a wall-clock time of day in Asia/Shanghai, read from the
 * server's configuration (PINGAN_BRIEFING_AT=08:00, PINGAN_BRIEFING_FORMATS=pdf,png). A small
 * timer on these functions rather than a cron library: the rule is one time a day in a zone
 * without daylight saving (core/periods.ts), and the start-up catch-up needs "today's time",
 * which is the same arithmetic. Pure: no clock is read here, the caller passes `now`.
 */
import { formatLocalDate, SHANGHAI_OFFSET_MS } from '../core/periods'

const DAY_MS = 86_400_000

export const BRIEFING_FORMATS = ['pdf', 'png'] as const
export type BriefingFormat = (typeof BRIEFING_FORMATS)[number]

export interface BriefingSchedule {
  /** minutes after local midnight */
  minuteOfDay: number
  formats: BriefingFormat[]
}

export class ScheduleError extends Error {}

/** null when briefings are off (unset, empty or 'off'); a wrong value is an error, never quietly off. */
export function readSchedule(env: NodeJS.ProcessEnv): BriefingSchedule | null {
  const at = (env.PINGAN_BRIEFING_AT ?? '').trim()
  if (at === '' || at.toLowerCase() === 'off') return null
  const m = /^(\d{1,2}):(\d{2})$/.exec(at)
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new ScheduleError(`PINGAN_BRIEFING_AT=${at}: a local time HH:MM (Asia/Shanghai), e.g. 08:00, or off`)
  return { minuteOfDay: Number(m[1]) * 60 + Number(m[2]), formats: readFormats(env.PINGAN_BRIEFING_FORMATS) }
}

export function readFormats(v: string | undefined): BriefingFormat[] {
  if (v === undefined || v.trim() === '') return [...BRIEFING_FORMATS]
  const out: BriefingFormat[] = []
  for (const part of v.split(',').map((s) => s.trim().toLowerCase())) {
    if (!(BRIEFING_FORMATS as readonly string[]).includes(part)) throw new ScheduleError(`PINGAN_BRIEFING_FORMATS=${v}: a list of ${BRIEFING_FORMATS.join(', ')}`)
    if (!out.includes(part as BriefingFormat)) out.push(part as BriefingFormat)
  }
  return out
}

/** Local midnight (Asia/Shanghai) of the day holding `now`, as an instant. */
function localMidnight(now: number): number {
  return Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS
}

/** The briefing time of the local day holding `now` (it may be past). */
export function runTimeOfDay(minuteOfDay: number, now: number): number {
  return localMidnight(now) + minuteOfDay * 60_000
}

/** The next briefing time strictly after `now`. */
export function nextRunAfter(minuteOfDay: number, now: number): number {
  const today = runTimeOfDay(minuteOfDay, now)
  return today > now ? today : today + DAY_MS
}

/** The local day (YYYY-MM-DD) whose briefing is due at `now`, or null before today's time. */
export function dueDay(minuteOfDay: number, now: number): string | null {
  return now >= runTimeOfDay(minuteOfDay, now) ? formatLocalDate(now) : null
}

/** The local day (YYYY-MM-DD) holding `now`: the day a briefing made now is kept under. */
export const localDay = (now: number) => formatLocalDate(now)
