import { GeoJsonLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'
import { OKABE_ITO } from '../theme'

/** Patrol / management grid cells: outlines only, so that they sit over any fill without hiding it. */
export function gridsLayer(data: FeatureCollection, visible: boolean) {
  return new GeoJsonLayer({
    id: 'grids',
    data,
    visible,
    pickable: true,
    stroked: true,
    filled: true,
    getFillColor: [0, 0, 0, 0],
    getLineColor: [...OKABE_ITO.yellow, 200] as [number, number, number, number],
    getLineWidth: 1.5,
    lineWidthUnits: 'pixels',
    autoHighlight: true,
    highlightColor: [255, 255, 255, 40],
  })
}
