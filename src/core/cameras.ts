/** Camera network as columns: 20,000+ cameras reach deck.gl as typed arrays. */
export const CAMERA_TYPES = ['bullet', 'dome', 'ptz'] as const
export type CameraType = (typeof CAMERA_TYPES)[number]
export const CAMERA_CLASSES = ['A', 'B'] as const
export const CAMERA_STATUSES = ['online', 'offline'] as const

/**
 * Defaults when a file leaves a value out (DESIGN.md: "documented defaults per type").
 * Dome cameras see all round; bullets look one way; PTZ cameras carry long lenses.
 */
export const CAMERA_DEFAULTS: Record<CameraType, { fov: number; range: number }> = {
  bullet: { fov: 70, range: 60 },
  dome: { fov: 360, range: 30 },
  ptz: { fov: 60, range: 150 },
}

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
}
