import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, FeatureCollection } from 'geojson'
import { KEY_SITE_KIND_COLOR, kindColor } from './colors'

export function keySitesLayer(data: FeatureCollection, visible: boolean) {
  return new GeoJsonLayer({
    id: 'keySites',
    data,
    visible,
    pickable: true,
    stroked: true,
    filled: true,
    getFillColor: (f: Feature) => kindColor(KEY_SITE_KIND_COLOR, f.properties?.kind, 110),
    getLineColor: (f: Feature) => kindColor(KEY_SITE_KIND_COLOR, f.properties?.kind, 255),
    getLineWidth: 2,
    lineWidthUnits: 'pixels',
    autoHighlight: true,
  })
}
