import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { labelLayer, type LabelSet } from './label-layer'

export interface PointSiteStyle {
  id: string
  color: readonly [number, number, number]
  radiusPixels: number
  /** draw the feature's name beside the symbol */
  labels: boolean
}

/** The names beside the symbols at `scale` × their desk size; below street names when two would cross. */
export function pointSiteLabels(data: FeatureCollection, style: PointSiteStyle, scale = 1): LabelSet {
  return { id: `${style.id}-labels`, points: data.features as Feature<Point>[], style: { size: 13 * scale, offsetPixels: (style.radiusPixels + 4) * scale }, priority: 1 }
}

/** Police stations and checkpoints: a ringed dot, optionally with its name; `scale` grows both with the screen (the wall). */
export function pointSitesLayers(data: FeatureCollection, visible: boolean, style: PointSiteStyle, scale = 1, placed: Int8Array | null = null) {
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
    getLineWidth: 2 * scale,
    radiusUnits: 'pixels',
    getRadius: style.radiusPixels * scale,
  })
  if (!style.labels) return [dots]
  const labels = labelLayer(pointSiteLabels(data, style, scale), visible, placed)
  return [dots, labels]
}
