import { GeoJsonLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'

export function streetsLayer(data: FeatureCollection, visible: boolean) {
  return new GeoJsonLayer({
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
  })
}
