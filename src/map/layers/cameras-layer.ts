import { ScatterplotLayer } from '@deck.gl/layers'
import { camerasWithoutHeading, type CameraColumns } from '../../core/cameras'
import { cameraRange } from '../../core/camera-model'
import { interleavePositions } from '../../core/positions'
import { CAMERA_CLASS_COLOR, CAMERA_OFFLINE_COLOR, NO_HEADING_COLOR } from './colors'

const attributeCache = new WeakMap<CameraColumns, { positions: Float32Array; colors: Uint8Array }>()

function cameraAttributes(c: CameraColumns) {
  let cached = attributeCache.get(c)
  if (!cached) {
    const colors = new Uint8Array(c.count * 4)
    for (let i = 0; i < c.count; i++) {
      const rgb = c.status[i] === 1 ? CAMERA_OFFLINE_COLOR : CAMERA_CLASS_COLOR[c.cls[i]] ?? CAMERA_OFFLINE_COLOR
      colors.set([rgb[0], rgb[1], rgb[2], 230], i * 4)
    }
    cached = { positions: interleavePositions(c.lon, c.lat, c.count), colors }
    attributeCache.set(c, cached)
  }
  return cached
}

/** Cameras as points coloured by class (A/B) and status; binary attributes, no objects. `scale` grows the dots with the screen (the wall). */
export function camerasLayer(cameras: CameraColumns, visible: boolean, scale = 1) {
  const { positions, colors } = cameraAttributes(cameras)
  return new ScatterplotLayer({
    id: 'cameras',
    data: {
      length: cameras.count,
      attributes: {
        getPosition: { value: positions, size: 2 },
        getFillColor: { value: colors, size: 4, normalized: true },
      },
    },
    visible,
    pickable: true,
    radiusUnits: 'pixels',
    getRadius: 3 * scale,
    radiusMinPixels: 2,
    stroked: true,
    getLineColor: [10, 19, 32, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: scale,
  })
}

/**
 * Cameras whose heading is unknown as circles of their range (metres): where they might see,
 * outlined and barely filled so nobody reads them as coverage. Null when every heading is known.
 */
export function noHeadingLayer(id: string, cams: { lon: number; lat: number; range: number }[], visible: boolean) {
  if (cams.length === 0) return null
  return new ScatterplotLayer<{ lon: number; lat: number; range: number }>({
    id,
    data: cams,
    getPosition: (c) => [c.lon, c.lat],
    getRadius: (c) => c.range,
    radiusUnits: 'meters',
    filled: true,
    getFillColor: [...NO_HEADING_COLOR, 18],
    stroked: true,
    getLineColor: [...NO_HEADING_COLOR, 210],
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5,
    visible,
    pickable: false,
  })
}

/** The network's cameras whose heading is unknown, at their type's (or file's) observe range. */
export function camerasWithoutHeadingAt(cameras: CameraColumns) {
  return camerasWithoutHeading(cameras).map((i) => ({ lon: cameras.lon[i], lat: cameras.lat[i], range: cameraRange(cameras, i, 'observe') }))
}
