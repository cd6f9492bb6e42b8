import { ScatterplotLayer } from '@deck.gl/layers'

/** What the layer draws of the worker's repeat places: anchors and counts in rank order. */
export interface RepeatPlacesLayerData {
  lon: Float64Array
  lat: Float64Array
  count: Uint32Array
}

export interface RepeatPlacesStyle {
  id: string
  color: readonly [number, number, number]
  /** radius of a one-incident place and of the place with most incidents, pixels */
  minRadiusPixels: number
  maxRadiusPixels: number
  /** rank index of the selected place (outlined), or null */
  selected: number | null
}

/**
 * Circle radius for a place: the circle's area above the smallest one grows in proportion to
 * the count, r = min + (max − min)·√((count − 1)/(top − 1)), so a place of twice the incidents
 * reads as twice the ink; a single incident gets the smallest circle.
 */
export function placeRadiusPixels(count: number, top: number, style: Pick<RepeatPlacesStyle, 'minRadiusPixels' | 'maxRadiusPixels'>): number {
  const { minRadiusPixels: lo, maxRadiusPixels: hi } = style
  if (top <= 1 || count <= 1) return lo
  return lo + (hi - lo) * Math.sqrt(Math.min(1, (count - 1) / (top - 1)))
}

/** Alpha of a place's fill: repeat places (2+ incidents) stand out, single-incident places stay faint. */
export const REPEAT_ALPHA = 200
export const SINGLE_ALPHA = 70

/** Repeat places as circles sized by count, painted in rank order: most incidents first, so small circles stay visible on top of big ones. */
export function repeatPlacesLayer(data: RepeatPlacesLayerData, visible: boolean, style: RepeatPlacesStyle) {
  const n = data.count.length
  const order = Array.from({ length: n }, (_, k) => k)
  const top = n > 0 ? data.count[0] : 0
  return new ScatterplotLayer<number>({
    id: style.id,
    data: order,
    visible,
    pickable: true,
    getPosition: (k) => [data.lon[k], data.lat[k]],
    getRadius: (k) => placeRadiusPixels(data.count[k], top, style),
    radiusUnits: 'pixels',
    getFillColor: (k) => [...style.color, data.count[k] >= 2 ? REPEAT_ALPHA : SINGLE_ALPHA],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineColor: (k) => (k === style.selected ? [0, 0, 0, 255] : [255, 255, 255, 200]),
    getLineWidth: (k) => (k === style.selected ? 3 : 1),
    updateTriggers: { getLineColor: style.selected, getLineWidth: style.selected },
  })
}
