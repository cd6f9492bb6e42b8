import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, FeatureCollection } from 'geojson'
import { kindColor } from './colors'

export interface KindAreasStyle {
  palette: Record<string, readonly [number, number, number]>
  fillAlpha: number
  lineWidthPixels: number
}

/** Areas coloured by their `kind` property (compounds: old/new/village; key sites: school, hospital...). */
export function kindAreasLayer(id: 'compounds' | 'keySites', data: FeatureCollection, visible: boolean, style: KindAreasStyle) {
  return new GeoJsonLayer({
    id,
    data,
    visible,
    pickable: true,
    stroked: true,
    filled: true,
    getFillColor: (f: Feature) => kindColor(style.palette, f.properties?.kind, style.fillAlpha),
    getLineColor: (f: Feature) => kindColor(style.palette, f.properties?.kind, 230),
    getLineWidth: style.lineWidthPixels,
    lineWidthUnits: 'pixels',
    autoHighlight: true,
    highlightColor: [255, 255, 255, 60],
  })
}
