/**
 * Patrol kilometres and minutes per unit (issue 26 point 4, the weekly patrol report): what a
 * unit's tracks say it covered in a period. Each stretch between two consecutive fixes counts
 * for the period its first fix falls in, unless
 * - it is silent longer than the offline limit (a dead terminal did not patrol the gap, and a
 *   straight line over it is no road driven),
 * - it would need more than MAX_SPEED_KMH (a wild fix the reader did not catch: its kilometres
 *   are not real),
 * - its first fix is at the station or offline (standing by is not patrolling, and GPS jitter in
 *   the yard would add metres).
 */
import { localMidnight } from './time-histogram'
import { MAX_SPEED_KMH, haversineM } from './track-checks'
import { OFFLINE_AFTER_MS, STATUS_AT_STATION, STATUS_OFFLINE, tracksFromFixes, type UnitTracks } from './unit-tracks'

export interface UnitPatrolDistance {
  /** per unit (index into tracks.unitIds) */
  km: Float64Array
  minutes: Float64Array
  /** stretches left out per unit: silences over the offline limit, jumps over the speed limit */
  gaps: Uint32Array
  jumps: Uint32Array
}

export interface PatrolKilometresOptions {
  /** [from, to) epoch ms; default all fixes */
  from?: number
  to?: number
  offlineAfterMs?: number
  maxKmh?: number
}

export function patrolKilometres(tracks: UnitTracks, opts: PatrolKilometresOptions = {}): UnitPatrolDistance {
  const from = opts.from ?? -Infinity, to = opts.to ?? Infinity
  const maxGap = opts.offlineAfterMs ?? OFFLINE_AFTER_MS
  const maxMps = (opts.maxKmh ?? MAX_SPEED_KMH) / 3.6
  const nu = tracks.unitIds.length
  const out: UnitPatrolDistance = { km: new Float64Array(nu), minutes: new Float64Array(nu), gaps: new Uint32Array(nu), jumps: new Uint32Array(nu) }
  const { time, lon, lat, status, unitStart } = tracks
  for (let u = 0; u < nu; u++) {
    let m = 0, ms = 0
    for (let i = unitStart[u], end = unitStart[u + 1] - 1; i < end; i++) {
      const t = time[i]
      if (t < from || t >= to || status[i] === STATUS_AT_STATION || status[i] === STATUS_OFFLINE) continue
      const dt = time[i + 1] - t
      if (!(dt > 0)) continue
      if (dt > maxGap) { out.gaps[u]++; continue }
      const d = haversineM(lon[i], lat[i], lon[i + 1], lat[i + 1])
      if (d / (dt / 1000) > maxMps) { out.jumps[u]++; continue }
      m += d
      ms += dt
    }
    out.km[u] = m / 1000
    out.minutes[u] = ms / 60_000
  }
  return out
}

/** The fixes of [from, to), every unit kept (a unit with none has an empty track), for presence over a report's period. */
export function tracksWithin(tracks: UnitTracks, from: number, to: number): UnitTracks {
  const keep: number[] = []
  for (let i = 0; i < tracks.count; i++) if (tracks.time[i] >= from && tracks.time[i] < to) keep.push(i)
  const pick = <A extends Float64Array | Float32Array | Uint8Array | Uint32Array>(src: A) => keep.map((i) => src[i])
  return tracksFromFixes({
    unitIds: tracks.unitIds, unitKind: Array.from(tracks.unitKind), unit: pick(tracks.unit), time: pick(tracks.time), lon: pick(tracks.lon), lat: pick(tracks.lat),
    speed: pick(tracks.speed), heading: pick(tracks.heading), status: pick(tracks.status), line: pick(tracks.line),
  })
}

/** The local days (midnight, epoch ms, Asia/Shanghai) with a fix in [from, to), ascending. */
export function trackDays(tracks: UnitTracks, from: number, to: number): number[] {
  const days = new Set<number>()
  for (let i = 0; i < tracks.count; i++) {
    const t = tracks.time[i]
    if (t >= from && t < to) days.add(localMidnight(t))
  }
  return [...days].sort((a, b) => a - b)
}
