import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, FeatureCollection } from 'geojson'
import { COMPOUND_KIND_COLOR, kindColor } from './colors'

export function compoundsLayer(data: FeatureCollection, visible: boolean) {
  return new GeoJsonLayer({
    id: 'compounds',
    data,
    visible,
    pickable: true,
    stroked: true,
    filled: true,
    getFillColor: (f: Feature) => kindColor(COMPOUND_KIND_COLOR, f.properties?.kind, 60),
    getLineColor: (f: Feature) => kindColor(COMPOUND_KIND_COLOR, f.properties?.kind, 220),
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
    autoHighlight: true,
    highlightColor: [255, 255, 255, 60],
  })
}
