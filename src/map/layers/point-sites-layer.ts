import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { labelLayer } from './label-layer'

export interface PointSiteStyle {
  id: string
  color: readonly [number, number, number]
  radiusPixels: number
  /** draw the feature's name beside the symbol */
  labels: boolean
}

/** Police stations and checkpoints: a ringed dot, optionally with its name. */
export function pointSitesLayers(data: FeatureCollection, visible: boolean, style: PointSiteStyle) {
  const features = data.features as Feature<Point>[]
  const dots = new ScatterplotLayer<Feature<Point>>({
    id: style.id,
    data: features,
    visible,
    pickable: true,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: [...style.color, 255],
    getLineColor: [255, 255, 255, 255],
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
    radiusUnits: 'pixels',
    getRadius: style.radiusPixels,
  })
  if (!style.labels) return [dots]
  const labels = labelLayer(`${style.id}-labels`, features, visible, { size: 13, offsetPixels: style.radiusPixels + 4 })
  return [dots, labels]
}
