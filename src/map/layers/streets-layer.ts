import { GeoJsonLayer } from '@deck.gl/layers'
import centroid from '@turf/centroid'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { labelLayer } from './label-layer'

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
 * Street boundaries and their names. The names are a deck.gl TextLayer rather than MapLibre
 * labels because the deck.gl canvas lies over the base map: labels underneath would vanish
 * under the heatmap.
 */
export function streetsLayers(data: FeatureCollection, visible: boolean) {
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
      getLineWidth: 2.5,
      lineWidthUnits: 'pixels',
      autoHighlight: true,
      highlightColor: [255, 255, 255, 40],
    }),
    labelLayer('streets-labels', labelPoints(data), visible, { size: 20 }),
  ]
}
