/**
 * What a camera can see, in local metres: the DORI pixel-density levels, the pinhole lens
 * model that turns a lens into a field of view and a range per level, and the sector (the
 * plan-view wedge of ground a fixed camera covers) as a ring, a point test and an area.
 *
 * DORI (EN 62676-4) defines four tasks by the horizontal pixel density on the target:
 * detect 25, observe 62.5, recognise 125, identify 250 px/m. With a pinhole lens of focal
 * length f on a sensor w wide, the scene at distance d is d·w/f wide and spread over the
 * sensor's hRes pixels, so the density is hRes·f / (d·w) px/m; the range of a level is the d
 * where that equals the level's density. Range is thus inversely proportional to the
 * density, which is also how a range given for one level is carried to another.
 *
 * Sectors ignore height, tilt and occlusion: a camera sees the ground within `range` of it
 * and within ±fov/2 of its azimuth. Occlusion by buildings is the visibility module's job.
 */
import { CAMERA_TYPES, CAMERA_DEFAULTS, headingUnknown, RANGE_DEFAULT, RANGE_LENS, type CameraColumns } from './cameras'
import { projectX, projectY, type LocalProjection } from './local-projection'

export type DoriLevel = 'detect' | 'observe' | 'recognise' | 'identify'

/** Coarsest to finest: the order a UI lists them and the order ranges shrink. */
export const DORI_LEVELS: readonly DoriLevel[] = ['detect', 'observe', 'recognise', 'identify']

export const DORI_PX_PER_M: Readonly<Record<DoriLevel, number>> = Object.freeze({
  detect: 25,
  observe: 62.5,
  recognise: 125,
  identify: 250,
})

/** Observing (telling what a person is doing) is what a patrol desk usually asks of a camera. */
export const DEFAULT_DORI_LEVEL: DoriLevel = 'observe'

const DEG = Math.PI / 180

/** horizontal field of view, degrees: 2·atan(sensorWidthMm / (2·focalMm)) */
export function lensFov(focalMm: number, sensorWidthMm: number): number {
  return (2 * Math.atan(sensorWidthMm / (2 * focalMm))) / DEG
}

/** distance at which the scene has `pxPerM` pixels per metre horizontally: hResPx · focalMm / (pxPerM · sensorWidthMm) (pinhole model: scene width at d is d·w/f) */
export function doriRange(focalMm: number, sensorWidthMm: number, hResPx: number, level: DoriLevel): number {
  return (hResPx * focalMm) / (DORI_PX_PER_M[level] * sensorWidthMm)
}

/**
 * What a lens read from a file must satisfy to be used. Wide enough for fisheyes and 300 mm
 * PTZ zooms, sensors from 1/10" to full frame-ish, CIF to 10K; outside that a value is more
 * likely a unit mix-up (focal in cm, resolution in MP) than a real lens.
 */
export const LENS_LIMITS = Object.freeze({
  focalMm: [1, 300] as const,
  sensorMm: [1, 40] as const,
  hRes: [320, 10000] as const,
  /** the observe range the lens implies must be one a file could give as a range */
  observeRange: [1, 5000] as const,
})

/** True when all three values are finite, inside LENS_LIMITS, and imply a sane observe range. */
export function lensPlausible(focalMm: number, sensorMm: number, hRes: number): boolean {
  const within = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi // false for NaN
  if (!within(focalMm, LENS_LIMITS.focalMm) || !within(sensorMm, LENS_LIMITS.sensorMm) || !within(hRes, LENS_LIMITS.hRes)) return false
  return within(doriRange(focalMm, sensorMm, hRes, 'observe'), LENS_LIMITS.observeRange)
}

export interface CameraViews {
  count: number
  x: Float64Array      // camera position, local metres
  y: Float64Array
  azimuth: Float32Array // degrees clockwise from north
  fov: Float32Array     // degrees, 360 = all round
  range: Float32Array   // metres
}

/** Camera parameters in local metres at a DORI level. Lens cameras: range = doriRange(level). Default-range cameras: the type default scaled by DORI_PX_PER_M.observe / DORI_PX_PER_M[level] (range is inversely proportional to the required pixel density). Given ranges: kept as given (a surveyed range is not rescaled). keep (optional): only cameras with keep[i] nonzero, in order. Cameras whose heading is unknown (CameraColumns.headingUnknown) have no view. */
export function cameraViews(
  cameras: CameraColumns, proj: LocalProjection, level: DoriLevel, keep?: Uint8Array,
): CameraViews & { index: Uint32Array /* row in `cameras` of each view */ } {
  const n = cameras.count
  if (keep && keep.length < n) throw new RangeError(`keep has ${keep.length} entries for ${n} cameras`)
  // a camera whose heading is unknown has no view to count (cameras.ts, coverage: listed apart)
  const skip = (i: number) => (keep !== undefined && keep[i] === 0) || headingUnknown(cameras, i)
  let count = n
  if (keep || cameras.headingUnknown) {
    count = 0
    for (let i = 0; i < n; i++) if (!skip(i)) count++
  }
  const index = new Uint32Array(count)
  const x = new Float64Array(count)
  const y = new Float64Array(count)
  const azimuth = new Float32Array(count)
  const fov = new Float32Array(count)
  const range = new Float32Array(count)
  let k = 0
  for (let i = 0; i < n; i++) {
    if (skip(i)) continue
    index[k] = i
    x[k] = projectX(proj, cameras.lon[i])
    y[k] = projectY(proj, cameras.lat[i])
    azimuth[k] = cameras.azimuth[i]
    fov[k] = cameras.fov[i]
    range[k] = cameraRange(cameras, i, level)
    k++
  }
  return { count, x, y, azimuth, fov, range, index }
}

/** Camera i's range at a DORI level, metres (as cameraViews explains). */
export function cameraRange(cameras: CameraColumns, i: number, level: DoriLevel): number {
  const scale = DORI_PX_PER_M.observe / DORI_PX_PER_M[level]
  const src = cameras.rangeSource[i]
  const r = cameras.range[i]
  if (src === RANGE_LENS) {
    const f = cameras.focalMm[i], w = cameras.sensorMm[i], h = cameras.hRes[i]
    // a row marked lens whose lens columns were lost still has its observe range to scale
    return f > 0 && w > 0 && h > 0 ? doriRange(f, w, h, level) : r * scale
  }
  if (src === RANGE_DEFAULT) {
    // the stored range is the type default when the reader filled it; the table is the source
    // of truth should a caller have built the columns some other way
    const t = CAMERA_TYPES[cameras.type[i]]
    return (t ? CAMERA_DEFAULTS[t].range : r) * scale
  }
  return r
}

/** The sector as a ring in local metres, counter-clockwise: the apex, then the arc from azimuth + fov/2 back to azimuth − fov/2 in steps of at most stepDeg (default 5°), apex again implied. fov >= 360: a full circle polygon (no apex) with ceil(360/stepDeg) vertices, the first on the azimuth. fov <= 0 or range <= 0 gives a degenerate ring of zero area. */
export function sectorRing(cx: number, cy: number, azimuthDeg: number, fovDeg: number, range: number, stepDeg = 5): Float64Array {
  if (!(stepDeg > 0) || !Number.isFinite(stepDeg)) throw new RangeError(`stepDeg must be a positive number (got ${stepDeg})`)
  // Bearings run clockwise and maths angles counter-clockwise, so walking the arc from the
  // larger bearing to the smaller is the counter-clockwise direction (positive shoelace area,
  // the orientation RFC 7946 asks of exterior rings).
  if (fovDeg >= 360) {
    const n = Math.max(3, Math.ceil(360 / stepDeg))
    const ring = new Float64Array(2 * n)
    for (let k = 0; k < n; k++) {
      const b = (azimuthDeg - (360 * k) / n) * DEG
      ring[2 * k] = cx + range * Math.sin(b)
      ring[2 * k + 1] = cy + range * Math.cos(b)
    }
    return ring
  }
  const fov = Math.max(0, fovDeg)
  const n = Math.max(1, Math.ceil(fov / stepDeg))
  const ring = new Float64Array(2 * (n + 2))
  ring[0] = cx
  ring[1] = cy
  const start = azimuthDeg + fov / 2
  for (let k = 0; k <= n; k++) {
    const b = (start - (fov * k) / n) * DEG
    ring[2 * k + 2] = cx + range * Math.sin(b)
    ring[2 * k + 3] = cy + range * Math.cos(b)
  }
  return ring
}

/**
 * Slack on the inclusive boundary: a point built on the edge with sin/cos, or a bearing that
 * atan2 returns one ulp off, still counts as on it. 1e-9 of the range is a micrometre at 1 km.
 */
const REL_EPS = 1e-9
const ANGLE_EPS_DEG = 1e-9

/** Exact point-in-sector: distance <= range and the bearing within ±fov/2 of azimuth (inclusive, up to rounding: see REL_EPS), fov >= 360: disc. The camera's own position counts as inside. */
export function inSector(cx: number, cy: number, azimuthDeg: number, fovDeg: number, range: number, px: number, py: number): boolean {
  if (!(range >= 0)) return false
  const dx = px - cx
  const dy = py - cy
  // not d2 === 0: the square of a subnormal offset underflows to 0 without the point being the apex
  if (dx === 0 && dy === 0) return true
  const d2 = dx * dx + dy * dy
  const r = range * (1 + REL_EPS)
  if (!(d2 <= r * r)) return false
  if (fovDeg >= 360) return true
  const bearing = Math.atan2(dx, dy) / DEG
  // signed difference folded into [-180, 180]
  let diff = (bearing - azimuthDeg) % 360
  if (diff > 180) diff -= 360
  else if (diff < -180) diff += 360
  return Math.abs(diff) <= fovDeg / 2 + ANGLE_EPS_DEG
}

/** Area of the exact sector, m²: π r² · fov/360 (fov clamped to 0..360) */
export function sectorArea(range: number, fovDeg: number): number {
  return (Math.PI * range * range * Math.min(360, Math.max(0, fovDeg))) / 360
}
