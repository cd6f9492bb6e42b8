/**
 * The wall's caption for a new live alert (issue 26, point 2): which moment of the units' day
 * answers it, and the ETA as the wall says it.
 */
import { localMidnight } from './time-histogram'

/** The newest alert's caption stays this long unless another alert replaces it. */
export const CAPTION_MS = 30_000

/**
 * The units' time an alert is ranked at. Inside the tracks' span: the alert's own time. The
 * demo's units exist for one day only, and the live clock runs past it (the simulator replays a
 * week, and the wall's units follow the data's latest day only once a live batch has joined):
 * then the same local time of day on the units' day, so that a 03:00 alert meets the night's
 * patrols and not the day's; held within the span.
 */
export function unitsTimeForAlert(alertTime: number, span: readonly [number, number]): number {
  const [from, to] = span
  if (alertTime >= from && alertTime <= to) return alertTime
  const t = localMidnight(from) + (alertTime - localMidnight(alertTime))
  return Math.min(to, Math.max(from, t))
}

/** Whole minutes as the caption says them ("约 8 分钟"): rounded, at least 1 for any reachable unit. */
export function etaMinutes(etaS: number): number | null {
  if (!Number.isFinite(etaS)) return null
  return Math.max(1, Math.round(etaS / 60))
}
