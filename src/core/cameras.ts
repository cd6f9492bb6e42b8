/** Camera network as columns: 20,000+ cameras reach deck.gl as typed arrays. */
export const CAMERA_TYPES = ['bullet', 'dome', 'ptz'] as const
export type CameraType = (typeof CAMERA_TYPES)[number]
export const CAMERA_CLASSES = ['A', 'B'] as const
export const CAMERA_STATUSES = ['online', 'offline'] as const

/**
 * Defaults when a file leaves a value out (src/ARCHITECTURE.md, "Cameras").
 * Dome cameras see all round; bullets look one way; PTZ cameras carry long lenses.
 * The ranges are 'observe'-level figures (DORI, 62.5 px/m: what a typical lens of the type
 * resolves at that density); camera-model scales them to the other levels.
 */
export const CAMERA_DEFAULTS: Record<CameraType, { fov: number; range: number }> = {
  bullet: { fov: 70, range: 60 },
  dome: { fov: 360, range: 30 },
  ptz: { fov: 60, range: 150 },
}

/**
 * Where a camera's `range` came from (CameraColumns.rangeSource). It decides how the range
 * moves with the DORI level: a lens gives a range per level, a type default is scaled with the
 * pixel density, a range given in the file (surveyed) is kept as it is.
 */
export const RANGE_GIVEN = 0
export const RANGE_DEFAULT = 1
export const RANGE_LENS = 2

export interface CameraColumns {
  count: number
  ids: string[]
  lon: Float64Array
  lat: Float64Array
  /** degrees clockwise from north */
  azimuth: Float32Array
  /** degrees; 360 for dome and fisheye */
  fov: Float32Array
  /** metres */
  range: Float32Array
  /** index into CAMERA_TYPES */
  type: Uint8Array
  /** index into CAMERA_CLASSES */
  cls: Uint8Array
  /** index into CAMERA_STATUSES */
  status: Uint8Array
  /** lens focal length, mm; NaN where the file gives no usable lens */
  focalMm: Float32Array
  /** sensor width, mm; NaN where the file gives no usable lens */
  sensorMm: Float32Array
  /** horizontal resolution, pixels; NaN where the file gives no usable lens */
  hRes: Float32Array
  /** RANGE_GIVEN, RANGE_DEFAULT or RANGE_LENS; for RANGE_LENS `range` is the 'observe' range */
  rangeSource: Uint8Array
  /**
   * 1 where the file gave no heading for a camera that needs one (fov under 360°; a dome sees
   * all round whatever its heading): `azimuth` is then 0 but means nothing. Absent: every
   * heading known (cameras placed in the planner, older stored networks).
   */
  headingUnknown?: Uint8Array
}

/** Whether camera i's heading is unknown (see CameraColumns.headingUnknown). */
export function headingUnknown(c: CameraColumns, i: number): boolean {
  return c.headingUnknown?.[i] === 1
}

/** The cameras whose heading is unknown, by index, in file order. */
export function camerasWithoutHeading(c: CameraColumns): number[] {
  const out: number[] = []
  if (c.headingUnknown) for (let i = 0; i < c.count; i++) if (c.headingUnknown[i] === 1) out.push(i)
  return out
}

/** `a`'s rows then `b`'s, e.g. the network and a plan's cameras as one set of views. */
export function concatCameraColumns(a: CameraColumns, b: CameraColumns): CameraColumns {
  const cat = <T extends Float64Array | Float32Array | Uint8Array>(x: T, y: T): T => {
    const out = new (x.constructor as new (n: number) => T)(x.length + y.length)
    out.set(x)
    out.set(y, x.length)
    return out
  }
  return {
    count: a.count + b.count,
    ids: [...a.ids, ...b.ids],
    lon: cat(a.lon, b.lon), lat: cat(a.lat, b.lat),
    azimuth: cat(a.azimuth, b.azimuth), fov: cat(a.fov, b.fov), range: cat(a.range, b.range),
    type: cat(a.type, b.type), cls: cat(a.cls, b.cls), status: cat(a.status, b.status),
    focalMm: cat(a.focalMm, b.focalMm), sensorMm: cat(a.sensorMm, b.sensorMm), hRes: cat(a.hRes, b.hRes),
    rangeSource: cat(a.rangeSource, b.rangeSource),
    ...((a.headingUnknown || b.headingUnknown) && {
      headingUnknown: cat(a.headingUnknown ?? new Uint8Array(a.count), b.headingUnknown ?? new Uint8Array(b.count)),
    }),
  }
}
