/**
 * A unit's track played back on the timeline (issue 26, point 1): its fixes in the window the
 * timeline shows, where it was at any moment of that window, and what it patrolled there.
 *
 * Between two fixes a unit is taken to have moved in a straight line at a steady speed (fixes
 * come every few seconds, so the line is the road it drove). A silence longer than the offline
 * limit is not bridged: the unit stays where it was last heard of and turns offline, as the live
 * map shows it (unit-tracks.ts positionsAt), and the line drawn breaks there.
 */
import { localMidnight } from './time-histogram'
import { haversineM } from './track-checks'
import { MAX_GAP_MS } from './unit-presence'
import { OFFLINE_AFTER_MS, STATUS_AT_STATION, STATUS_OFFLINE, fixAt, type UnitTracks } from './unit-tracks'

const HOUR_MS = 3600_000

/** One unit's fixes inside a window, in time order: what crosses from the worker. */
export interface TrackSlice {
  unitId: string
  /** UNIT_KINDS index */
  kind: number
  /** the window, epoch ms, both ends included */
  from: number
  to: number
  time: Float64Array
  lon: Float64Array
  lat: Float64Array
  /** UNIT_STATUSES index, as reported */
  status: Uint8Array
}

/**
 * The window a playback covers, both ends included: the timeline's dates within the tracks'
 * span; with an hour window, those hours of the window's last day (from the day before when
 * they run across midnight), so that it ends where the map's units are drawn (units-snapshot.ts
 * unitsClock). Null when the tracks have nothing in it.
 */
export function playbackWindow(span: [number, number], shown: { from: number | null; to: number | null; hours: [number, number] | null }): [number, number] | null {
  let from = Math.max(span[0], shown.from ?? -Infinity)
  let to = Math.min(span[1], shown.to === null ? Infinity : shown.to - 1)
  if (shown.hours && to >= from) {
    const [h0, h1] = shown.hours
    const day = localMidnight(to)
    from = Math.max(from, day + (h0 < h1 ? h0 : h0 - 24) * HOUR_MS)
    to = Math.min(to, day + h1 * HOUR_MS - 1)
  }
  return to >= from ? [from, to] : null
}

/** The fixes of unit u with from ≤ time ≤ to. */
export function trackSlice(tracks: UnitTracks, u: number, from: number, to: number): TrackSlice {
  let a = tracks.unitStart[u], hi = tracks.unitStart[u + 1]
  // the first fix at or after `from`
  while (a < hi) {
    const mid = (a + hi) >>> 1
    if (tracks.time[mid] < from) a = mid + 1
    else hi = mid
  }
  const b = Math.max(a, fixAt(tracks, u, to) + 1)
  return {
    unitId: tracks.unitIds[u], kind: tracks.unitKind[u], from, to,
    time: tracks.time.slice(a, b), lon: tracks.lon.slice(a, b), lat: tracks.lat.slice(a, b), status: tracks.status.slice(a, b),
  }
}

export interface PlaybackPosition {
  lon: number
  lat: number
  /** UNIT_STATUSES index: the last fix's, offline when that is older than the offline limit */
  status: number
  /** the last fix at or before the time */
  fix: number
  /** whether the position lies between two fixes rather than on one */
  between: boolean
}

/** Where the unit of `s` was at time t; null before its first fix in the window. */
export function positionAt(s: TrackSlice, t: number, offlineAfterMs = OFFLINE_AFTER_MS): PlaybackPosition | null {
  const { time } = s
  let lo = 0, hi = time.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (time[mid] <= t) lo = mid + 1
    else hi = mid
  }
  const i = lo - 1
  if (i < 0) return null
  const j = i + 1
  if (t > time[i] && j < time.length && time[j] - time[i] <= offlineAfterMs) {
    const f = (t - time[i]) / (time[j] - time[i])
    return { lon: s.lon[i] + f * (s.lon[j] - s.lon[i]), lat: s.lat[i] + f * (s.lat[j] - s.lat[i]), status: s.status[i], fix: i, between: true }
  }
  return { lon: s.lon[i], lat: s.lat[i], status: t - time[i] > offlineAfterMs ? STATUS_OFFLINE : s.status[i], fix: i, between: false }
}

/**
 * The first fix of each piece of line a playback draws: a new piece after every silence longer
 * than the offline limit (the line does not claim a road the unit was not heard on).
 */
export function trackPieces(s: TrackSlice, offlineAfterMs = OFFLINE_AFTER_MS): number[] {
  const starts: number[] = s.time.length ? [0] : []
  for (let i = 1; i < s.time.length; i++) if (s.time[i] - s.time[i - 1] > offlineAfterMs) starts.push(i)
  return starts
}

export interface PatrolFigures {
  /** kilometres driven or walked on patrol or on an alert */
  km: number
  /** minutes on patrol or on an alert */
  minutes: number
}

/**
 * What the window's track patrolled, counted as presence counts it (unit-presence.ts): the
 * stretch from a fix to the next, unless that fix is at the station or offline, or the silence
 * is longer than MAX_GAP_MS (a dead terminal patrols nothing).
 */
export function patrolFigures(s: TrackSlice, maxGapMs = MAX_GAP_MS): PatrolFigures {
  let m = 0, ms = 0
  for (let i = 0; i + 1 < s.time.length; i++) {
    const dt = s.time[i + 1] - s.time[i]
    if (dt > maxGapMs || s.status[i] === STATUS_AT_STATION || s.status[i] === STATUS_OFFLINE) continue
    ms += dt
    m += haversineM(s.lon[i], s.lat[i], s.lon[i + 1], s.lat[i + 1])
  }
  return { km: m / 1000, minutes: ms / 60_000 }
}
