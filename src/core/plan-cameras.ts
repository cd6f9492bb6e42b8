/**
 * A plan's cameras as plain objects. A plan is tens to hundreds of cameras that a planner
 * places, drags and rotates one at a time and that live in IndexedDB, so objects (cheap to
 * edit, clone and store) beat columns here; planCameraColumns turns them into the columns the
 * coverage code reads, once per change.
 */
import { DEFAULT_DORI_LEVEL, DORI_PX_PER_M, LENS_LIMITS, type DoriLevel } from './camera-model'
import {
  CAMERA_CLASSES, CAMERA_DEFAULTS, CAMERA_STATUSES, CAMERA_TYPES, RANGE_DEFAULT, RANGE_GIVEN, type CameraColumns, type CameraType,
} from './cameras'

export interface PlanCamera {
  id: string
  lon: number
  lat: number
  type: CameraType
  /** degrees clockwise from north, normalised to [0, 360) */
  azimuth: number
  /** degrees, 1..360 */
  fov: number
  /** metres, as the planner set it: kept at every DORI level, like a range given in a camera file (1..5000) */
  range: number
  source: 'hand' | 'suggested'
  /** marginal gain when suggested: the weighted incidents it added to the plan when chosen */
  gain?: number
}

export const PLAN_SOURCES = ['hand', 'suggested'] as const

/** The fov a camera file may give (cameras-csv reads 1..360 the same way). */
export const PLAN_FOV_LIMITS: readonly [number, number] = [1, 360]
/** The range a camera file may give: the same span a lens's observe range must fall in. */
export const PLAN_RANGE_LIMITS = LENS_LIMITS.observeRange

/** Hand-placed cameras are numbered P-001, P-002, …; four digits and more once past 999. */
const PLAN_ID_PREFIX = 'P-'

/** deg folded into [0, 360); NaN for a non-finite input (validatePlanCamera rejects it). */
export function normaliseAzimuth(deg: number): number {
  if (!Number.isFinite(deg)) return NaN
  const r = deg % 360
  const a = r < 0 ? r + 360 : r
  // -1e-20 + 360 rounds to 360; + 0 turns -0 into 0
  return a >= 360 ? 0 : a + 0
}

/** A hand-placed camera with its type's default fov and range and the first free P-nnn id. */
export function newPlanCamera(lon: number, lat: number, type: CameraType, existingIds: Iterable<string>, azimuth = 0): PlanCamera {
  const { fov, range } = CAMERA_DEFAULTS[type]
  return { id: nextPlanCameraId(existingIds), lon, lat, type, azimuth: normaliseAzimuth(azimuth), fov, range, source: 'hand' }
}

/** The first P-nnn id not in `existingIds`. */
export function nextPlanCameraId(existingIds: Iterable<string>): string {
  const taken = existingIds instanceof Set ? (existingIds as Set<string>) : new Set(existingIds)
  let k = 1
  while (taken.has(planId(k))) k++
  return planId(k)
}

function planId(k: number): string {
  return PLAN_ID_PREFIX + String(k).padStart(3, '0')
}

/**
 * The plan as camera columns. Class B: it is what the camera reader gives a row without a
 * class, so a plan handed over as CSV (planToCsv has no class column) reads back as these very
 * columns. RANGE_GIVEN: a planner's range is the figure they set, not a type default to
 * rescale with the DORI level.
 */
export function planCameraColumns(cams: readonly PlanCamera[]): CameraColumns {
  return plannedColumns({
    count: cams.length,
    ids: cams.map((c) => c.id),
    lon: Float64Array.from(cams, (c) => c.lon),
    lat: Float64Array.from(cams, (c) => c.lat),
    azimuth: Float32Array.from(cams, (c) => c.azimuth),
    fov: Float32Array.from(cams, (c) => c.fov),
    range: Float32Array.from(cams, (c) => c.range),
    type: Uint8Array.from(cams, (c) => CAMERA_TYPES.indexOf(c.type)),
    rangeSource: new Uint8Array(cams.length).fill(RANGE_GIVEN),
  })
}

/**
 * Full camera columns for cameras that do not exist yet (plan cameras, candidate poses): class
 * B (see planCameraColumns), status online (a planned camera is assumed to work), no lens.
 */
export function plannedColumns(
  pose: Pick<CameraColumns, 'count' | 'ids' | 'lon' | 'lat' | 'azimuth' | 'fov' | 'range' | 'type' | 'rangeSource'>,
): CameraColumns {
  const n = pose.count
  return {
    ...pose,
    cls: new Uint8Array(n).fill(CAMERA_CLASSES.indexOf('B')),
    status: new Uint8Array(n).fill(CAMERA_STATUSES.indexOf('online')),
    focalMm: new Float32Array(n).fill(NaN),
    sensorMm: new Float32Array(n).fill(NaN),
    hRes: new Float32Array(n).fill(NaN),
  }
}

/**
 * Row `row` of camera columns as a plan camera. The range is the column's, which is the
 * observe-level range for every rangeSource (camera-model scales it to other levels). Values
 * are the columns' float32 values as they are.
 */
export function planCameraFromColumns(c: CameraColumns, row: number, source: PlanCamera['source'], gain?: number): PlanCamera {
  const cam: PlanCamera = {
    id: c.ids[row],
    lon: c.lon[row],
    lat: c.lat[row],
    type: CAMERA_TYPES[c.type[row]] ?? 'bullet',
    azimuth: normaliseAzimuth(c.azimuth[row]),
    fov: c.fov[row],
    range: c.range[row],
    source,
  }
  if (gain !== undefined) cam.gain = gain
  return cam
}

/**
 * A chosen candidate pose as a suggested plan camera; it keeps the candidate's id. `level`: the
 * DORI level the pose was chosen at; a pose with its type's default range saw the scaled range
 * there (camera-model's cameraViews), and the plan keeps that figure, since a plan's range is
 * not rescaled.
 */
export function candidateToPlanCamera(c: CameraColumns, row: number, gain: number, level: DoriLevel = DEFAULT_DORI_LEVEL): PlanCamera {
  const cam = planCameraFromColumns(c, row, 'suggested', gain)
  if (c.rangeSource[row] === RANGE_DEFAULT) cam.range = (cam.range * DORI_PX_PER_M.observe) / DORI_PX_PER_M[level]
  return cam
}

/**
 * Checks a stored or imported plan camera and returns a clean copy (only the PlanCamera
 * fields, azimuth normalised). Throws an Error naming the field and the value.
 */
export function validatePlanCamera(x: unknown): PlanCamera {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error('plan camera: not an object')
  const o = x as Record<string, unknown>
  if (typeof o.id !== 'string' || o.id.trim() === '') throw new Error('plan camera: id must be a non-empty string')
  const fail = (field: string, rule: string): never => {
    throw new Error(`plan camera ${o.id}: ${field} must be ${rule} (got ${show(o[field])})`)
  }
  const within = (field: string, [lo, hi]: readonly [number, number]): number => {
    const v = o[field]
    return typeof v === 'number' && v >= lo && v <= hi ? v : fail(field, `a number from ${lo} to ${hi}`)
  }
  const lon = within('lon', [-180, 180])
  const lat = within('lat', [-90, 90])
  if (!(CAMERA_TYPES as readonly unknown[]).includes(o.type)) fail('type', `one of ${CAMERA_TYPES.join(', ')}`)
  if (typeof o.azimuth !== 'number' || !Number.isFinite(o.azimuth)) fail('azimuth', 'a finite number of degrees')
  const fov = within('fov', PLAN_FOV_LIMITS)
  const range = within('range', PLAN_RANGE_LIMITS)
  if (!(PLAN_SOURCES as readonly unknown[]).includes(o.source)) fail('source', PLAN_SOURCES.join(' or '))
  if (o.gain !== undefined && (typeof o.gain !== 'number' || !Number.isFinite(o.gain))) fail('gain', 'a finite number or absent')
  const cam: PlanCamera = {
    id: o.id, lon, lat, type: o.type as CameraType, azimuth: normaliseAzimuth(o.azimuth as number), fov, range,
    source: o.source as PlanCamera['source'],
  }
  if (o.gain !== undefined) cam.gain = o.gain as number
  return cam
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)
  return v === undefined ? 'nothing' : String(JSON.stringify(v) ?? v).slice(0, 40)
}
