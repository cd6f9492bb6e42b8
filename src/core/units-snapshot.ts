/**
 * The units as the map draws them at one moment (issue 26, point 1): each unit's last fix with
 * its status (offline when silent for OFFLINE_AFTER_MS) and its fixes of the last TRAIL_MS as a
 * trail, oldest first. A few thousand points for the UI thread instead of the day's fixes.
 */
import { OFFLINE_AFTER_MS, fixAt, positionsAt, type UnitTracks } from './unit-tracks'
import { localMidnight } from './time-histogram'

/** The trail behind a unit: long enough to show where it came from, short enough not to clutter a district. */
export const TRAIL_MS = 10 * 60_000

export interface UnitsSnapshot {
  /** epoch ms the snapshot is for */
  time: number
  /** per unit shown (units with a fix at or before `time`), in the tracks' unit order */
  ids: string[]
  kind: Uint8Array
  status: Uint8Array
  lon: Float64Array
  lat: Float64Array
  /** of the last fix: km/h and degrees (NaN when not given), epoch ms */
  speed: Float32Array
  heading: Float32Array
  fixTime: Float64Array
  /** CSR: the trail of unit k is [trailStart[k], trailStart[k + 1]), oldest first, ending at its position */
  trailStart: Uint32Array
  trailLon: Float64Array
  trailLat: Float64Array
  /** ms before `time` */
  trailAge: Float64Array
}

export function unitsSnapshot(tracks: UnitTracks, time: number, trailMs = TRAIL_MS, offlineAfterMs = OFFLINE_AFTER_MS): UnitsSnapshot {
  const shown = positionsAt(tracks, time, offlineAfterMs)
  const n = shown.length
  const first = shown.map((p) => {
    // the first fix inside the trail window (fixAt gives the last at or before its time)
    const f = fixAt(tracks, p.unit, time - trailMs)
    return f < 0 ? tracks.unitStart[p.unit] : f + 1
  })
  const trailStart = new Uint32Array(n + 1)
  shown.forEach((p, k) => { trailStart[k + 1] = trailStart[k] + (p.fix + 1 - first[k]) })
  const total = trailStart[n]
  const s: UnitsSnapshot = {
    time, ids: shown.map((p) => tracks.unitIds[p.unit]), kind: new Uint8Array(n), status: new Uint8Array(n),
    lon: new Float64Array(n), lat: new Float64Array(n), speed: new Float32Array(n), heading: new Float32Array(n), fixTime: new Float64Array(n),
    trailStart, trailLon: new Float64Array(total), trailLat: new Float64Array(total), trailAge: new Float64Array(total),
  }
  shown.forEach((p, k) => {
    s.kind[k] = tracks.unitKind[p.unit]
    s.status[k] = p.status
    s.lon[k] = p.lon
    s.lat[k] = p.lat
    s.speed[k] = tracks.speed[p.fix]
    s.heading[k] = tracks.heading[p.fix]
    s.fixTime[k] = tracks.time[p.fix]
    for (let f = first[k], j = trailStart[k]; f <= p.fix; f++, j++) {
      s.trailLon[j] = tracks.lon[f]
      s.trailLat[j] = tracks.lat[f]
      s.trailAge[j] = time - tracks.time[f]
    }
  })
  return s
}

/**
 * The moment the units are drawn at: the end of the window the timeline shows (its dates, and
 * within the last day its hours when it plays by hour), held within the tracks' span so that a
 * window before or after them still shows the units at their first or last fix. No window: the
 * latest fix ("now" of the tracks).
 */
export function unitsClock(span: [number, number], shown: { from: number | null; to: number | null; hours: [number, number] | null }): number {
  let end = shown.to === null ? span[1] : shown.to - 1
  if (shown.hours) {
    const [, h1] = shown.hours
    end = Math.min(end, localMidnight(end) + h1 * 3600_000 - 1)
  }
  return Math.min(span[1], Math.max(span[0], end))
}
