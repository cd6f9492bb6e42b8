/**
 * Plausibility of GPS/BeiDou fixes (issue 26, point 5): a fix far outside the district, a second
 * fix of a unit at the same moment, or a jump no patrol vehicle can make is left out of the
 * tracks. Pure functions on columns; the tracks reader turns the verdicts into report lines.
 */
import type { AreaSet } from './areas'
import { locatePoint, type AreaIndex } from './spatial-join'

/** Faster than any patrol vehicle in a city: a jump at this speed is a bad fix. */
export const MAX_SPEED_KMH = 200
/** A fix this far outside the district is a bad fix (receivers report 0,0 or another city). */
export const MAX_OUTSIDE_M = 5000

const M_PER_DEG = 111_195

/**
 * Distance in metres from (lon, lat) to the nearest area of the set; 0 inside one. Distances to
 * each ring edge in a local equirectangular frame at the point (accurate to well under 1% over
 * tens of kilometres).
 */
export function metresOutside(areas: AreaSet, index: AreaIndex, lon: number, lat: number): number {
  if (locatePoint(index, lon, lat) >= 0) return 0
  const kx = M_PER_DEG * Math.cos((lat * Math.PI) / 180), ky = M_PER_DEG
  const { coords, ringStart } = areas
  let best = Infinity
  for (let r = 0; r + 1 < ringStart.length; r++) {
    const s = ringStart[r], e = ringStart[r + 1]
    for (let i = s; i < e; i++) {
      const j = i + 1 < e ? i + 1 : s
      const ax = (coords[2 * i] - lon) * kx, ay = (coords[2 * i + 1] - lat) * ky
      const dx = (coords[2 * j] - lon) * kx - ax, dy = (coords[2 * j + 1] - lat) * ky - ay
      const len2 = dx * dx + dy * dy
      let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0
      t = t < 0 ? 0 : t > 1 ? 1 : t
      const d = Math.hypot(ax + t * dx, ay + t * dy)
      if (d < best) best = d
    }
  }
  return best
}

/** Metres between two WGS-84 points (haversine). */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)))
}

export const FIX_OK = 0
export const FIX_DUPLICATE = 1
export const FIX_JUMP = 2

/**
 * Per fix of one unit's time-ordered fixes [start, end): FIX_DUPLICATE for a second fix at the
 * same time as the unit's last kept one, FIX_JUMP for one that would need more than maxKmh from
 * the last kept fix, else FIX_OK. Comparing with the last KEPT fix means one wild fix is dropped
 * alone and the track resumes after it.
 */
export function checkUnitFixes(
  time: Float64Array, lon: Float64Array, lat: Float64Array, start: number, end: number,
  out: Uint8Array, maxKmh = MAX_SPEED_KMH,
): void {
  const maxMps = maxKmh / 3.6
  let last = -1
  for (let i = start; i < end; i++) {
    if (last < 0) { out[i] = FIX_OK; last = i; continue }
    const dt = (time[i] - time[last]) / 1000
    if (dt <= 0) { out[i] = FIX_DUPLICATE; continue }
    if (haversineM(lon[last], lat[last], lon[i], lat[i]) / dt > maxMps) { out[i] = FIX_JUMP; continue }
    out[i] = FIX_OK
    last = i
  }
}
