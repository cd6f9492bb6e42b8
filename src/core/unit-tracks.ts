/**
 * Patrol units' tracks (GPS/BeiDou fixes) as columns, grouped by unit and sorted by time, so a
 * unit's position at any moment is one binary search (src/ARCHITECTURE.md, "Columns, not objects").
 */

/** Patrol car, foot patrol, e-bike patrol, special-duty vehicle; `unknown` when the file does not say. */
export const UNIT_KINDS = ['car', 'foot', 'ebike', 'special', 'unknown'] as const
export type UnitKind = (typeof UNIT_KINDS)[number]

/** As reported by the unit; `offline` is also what a silent unit becomes (OFFLINE_AFTER_MS). */
export const UNIT_STATUSES = ['patrolling', 'on_alert', 'at_station', 'offline'] as const
export type UnitStatus = (typeof UNIT_STATUSES)[number]
export const STATUS_PATROLLING = 0
export const STATUS_AT_STATION = 2
export const STATUS_OFFLINE = 3

/**
 * A unit silent this long is offline: with a fix every 5 to 30 s, ten minutes without one is
 * a dead terminal or a car parked with the engine off, not a gap in coverage.
 */
export const OFFLINE_AFTER_MS = 10 * 60_000

export interface UnitTracks {
  /** fixes, all units together */
  count: number
  unitIds: string[]
  /** per unit (index into unitIds), UNIT_KINDS index */
  unitKind: Uint8Array
  /** CSR: the fixes of unit u are [unitStart[u], unitStart[u + 1]), in time order */
  unitStart: Uint32Array
  /** per fix: its unit */
  unit: Uint32Array
  /** epoch ms */
  time: Float64Array
  /** WGS-84 */
  lon: Float64Array
  lat: Float64Array
  /** km/h, NaN when not given */
  speed: Float32Array
  /** degrees clockwise from north, NaN when not given */
  heading: Float32Array
  /** UNIT_STATUSES index; patrolling when not given */
  status: Uint8Array
  /** the file's line of each fix, for reports */
  line: Uint32Array
}

/** The last fix of unit u at or before time t, or -1 (no fix yet). */
export function fixAt(tracks: UnitTracks, u: number, t: number): number {
  let lo = tracks.unitStart[u], hi = tracks.unitStart[u + 1]
  // first fix after t
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (tracks.time[mid] <= t) lo = mid + 1
    else hi = mid
  }
  return lo > tracks.unitStart[u] ? lo - 1 : -1
}

export interface UnitPosition {
  unit: number
  fix: number
  lon: number
  lat: number
  /** UNIT_STATUSES index: the fix's own, or offline when it is older than offlineAfterMs */
  status: number
}

/** Every unit's position at time t: its last fix (units with no fix by then are left out). */
export function positionsAt(tracks: UnitTracks, t: number, offlineAfterMs = OFFLINE_AFTER_MS): UnitPosition[] {
  const out: UnitPosition[] = []
  for (let u = 0; u < tracks.unitIds.length; u++) {
    const f = fixAt(tracks, u, t)
    if (f < 0) continue
    const status = t - tracks.time[f] > offlineAfterMs ? STATUS_OFFLINE : tracks.status[f]
    out.push({ unit: u, fix: f, lon: tracks.lon[f], lat: tracks.lat[f], status })
  }
  return out
}

/** The time of the latest fix (NaN without fixes): "now" of a tracks file. */
export function lastFixTime(tracks: UnitTracks): number {
  let t = NaN
  for (let i = 0; i < tracks.count; i++) if (!(tracks.time[i] <= t)) t = tracks.time[i]
  return t
}

/**
 * Columns from unsorted fixes: grouped by unit (first-seen order) and sorted by time within a
 * unit (stable: the file's order breaks ties).
 */
export function tracksFromFixes(f: {
  unitIds: string[]; unitKind: number[]; unit: ArrayLike<number>; time: ArrayLike<number>; lon: ArrayLike<number>; lat: ArrayLike<number>
  speed?: ArrayLike<number>; heading?: ArrayLike<number>; status?: ArrayLike<number>; line?: ArrayLike<number>
}): UnitTracks {
  const n = f.time.length
  const nu = f.unitIds.length
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((a, b) => f.unit[a] - f.unit[b] || f.time[a] - f.time[b] || a - b)
  const unitStart = new Uint32Array(nu + 1)
  for (let i = 0; i < n; i++) unitStart[f.unit[i] + 1]++
  for (let u = 0; u < nu; u++) unitStart[u + 1] += unitStart[u]
  const pick64 = (src: ArrayLike<number> | undefined, fill: number) => {
    const out = new Float64Array(n)
    for (let k = 0; k < n; k++) out[k] = src ? src[order[k]] : fill
    return out
  }
  const t = {
    count: n, unitIds: f.unitIds, unitKind: Uint8Array.from(f.unitKind), unitStart,
    unit: new Uint32Array(n), time: pick64(f.time, 0), lon: pick64(f.lon, 0), lat: pick64(f.lat, 0),
    speed: Float32Array.from(pick64(f.speed, NaN)), heading: Float32Array.from(pick64(f.heading, NaN)),
    status: new Uint8Array(n), line: new Uint32Array(n),
  }
  for (let k = 0; k < n; k++) {
    const i = order[k]
    t.unit[k] = f.unit[i]
    t.status[k] = f.status ? f.status[i] : STATUS_PATROLLING
    t.line[k] = f.line ? f.line[i] : 0
  }
  return t
}
