/**
 * Layers of a printed map (the 8:00 briefing's map of its window): dark ink on a light ground,
 * since the desk's white-on-dark lines and labels print heavily and vanish on white paper.
 */
import type { Layer } from '@deck.gl/core'
import { ScatterplotLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'
import { CATEGORIES } from '../../core/incidents'
import { OKABE_ITO } from '../theme'
import { CATEGORY_COLOR } from './incident-points-layer'
import { streetsLayers } from './streets-layer'

const INK: [number, number, number, number] = [31, 41, 51, 255]

/** Street outlines and names in ink, the names with a white halo. */
export function printStreetsLayers(streets: FeatureCollection): Layer[] {
  // as plain layers: the factory's props are typed as its literal values
  const [outline, labels] = streetsLayers(streets, true) as Layer<Record<string, unknown>>[]
  return [
    outline.clone({ id: 'print-streets', pickable: false, autoHighlight: false, getFillColor: [0, 0, 0, 0], getLineColor: [55, 65, 81, 220], getLineWidth: 1.6 }),
    labels.clone({ id: 'print-streets-labels', getColor: INK, outlineColor: [255, 255, 255, 255], getSize: 14 }),
  ]
}

/** The incidents of `rows` as dots in their category's colour, outlined in ink (yellow reads on white only so). */
export function printPointsLayer(rows: ArrayLike<number>, lon: Float64Array, lat: Float64Array, category: Uint8Array): Layer {
  return new ScatterplotLayer<number>({
    id: 'print-incidents',
    data: Array.from(rows),
    getPosition: (i) => [lon[i], lat[i]],
    getFillColor: (i) => [...(CATEGORY_COLOR[CATEGORIES[category[i]]] ?? OKABE_ITO.grey), 235] as [number, number, number, number],
    getLineColor: INK,
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 0.8,
    radiusUnits: 'pixels',
    getRadius: 3.5,
  })
}
