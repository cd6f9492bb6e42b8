import { GeoJsonLayer } from '@deck.gl/layers'
import centroid from '@turf/centroid'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { labelLayer, type LabelSet } from './label-layer'

const labelCache = new WeakMap<FeatureCollection, Feature<Point>[]>()

function labelPoints(streets: FeatureCollection): Feature<Point>[] {
  let points = labelCache.get(streets)
  if (!points) {
    points = streets.features.map((f) => ({ ...centroid(f), properties: { name: String(f.properties?.name ?? '') } }))
    labelCache.set(streets, points)
  }
  return points
}

/**
 * The street names at `scale` × their desk size: above station names when two would cross; a
 * name whose centre is taken (the small central streets, a station's dot) moves down or up, clear of a station's dot, never further than two lines.
 */
export function streetLabels(streets: FeatureCollection, scale = 1): LabelSet {
  return { id: 'streets-labels', points: labelPoints(streets), style: { size: 20 * scale }, priority: 2, places: [[0, 0], [0, 1.3], [0, -1.3], [0, 2], [0, -2]] }
}

/**
 * Street boundaries and their names. The names are a deck.gl TextLayer rather than MapLibre
 * labels because the deck.gl canvas lies over the base map: labels underneath would vanish
 * under the heatmap.
 */
export function streetsLayers(data: FeatureCollection, visible: boolean, scale = 1, placed: Int8Array | null = null) {
  return [
    new GeoJsonLayer({
      id: 'streets',
      data,
      visible,
      pickable: true,
      stroked: true,
      filled: true,
      getFillColor: [143, 179, 217, 10],
      getLineColor: [220, 230, 242, 230],
      getLineWidth: 2.5 * scale,
      lineWidthUnits: 'pixels',
      autoHighlight: true,
      highlightColor: [255, 255, 255, 40],
    }),
    labelLayer(streetLabels(data, scale), visible, placed),
  ]
}
