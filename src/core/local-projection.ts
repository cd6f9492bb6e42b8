/**
 * The one local projection used wherever the app needs metres (grids, kernel density,
 * distance bands).
 *
 * Equirectangular (plate carrée) projection tangent at the reference latitude latRef:
 *   x = (lon − lon0) · kx,  y = (lat − lat0) · ky   (metres east / north of (lon0, lat0))
 *   ky = π · R / 180,  kx = ky · cos(latRef),  R = 6,371,008.8 m (IUGG mean Earth radius).
 * North–south lengths are exact (on the sphere); east–west lengths are scaled by
 * cos(latRef)/cos(lat), an error of about tan(latRef)·Δlat. Measured against haversine at
 * 36.7° N (tests/unit/core/local-projection.test.ts): a line from a point on latRef to any
 * point within 30 km is off by at most 0.068%; a short east–west distance is off by less
 * than 0.1% within 8 km north or south of latRef and by 0.18% at 15 km (the edge of a 30 km
 * tall extent, latRef being its middle).
 * Simple enough to invert exactly and to state in a report; not meant for whole provinces.
 */

export const EARTH_RADIUS_M = 6371008.8

export interface LocalProjection {
  lon0: number
  lat0: number
  /** metres per degree of longitude */
  kx: number
  /** metres per degree of latitude */
  ky: number
}

export function localProjection(lon0: number, lat0: number, latRef: number): LocalProjection {
  const ky = (Math.PI * EARTH_RADIUS_M) / 180
  return { lon0, lat0, kx: ky * Math.cos((latRef * Math.PI) / 180), ky }
}

export function projectX(p: LocalProjection, lon: number): number {
  return (lon - p.lon0) * p.kx
}

export function projectY(p: LocalProjection, lat: number): number {
  return (lat - p.lat0) * p.ky
}

export function unprojectLon(p: LocalProjection, x: number): number {
  return p.lon0 + x / p.kx
}

export function unprojectLat(p: LocalProjection, y: number): number {
  return p.lat0 + y / p.ky
}
