/**
 * Layers of a printed map (the 8:00 briefing's map of its window): dark ink on a light ground,
 * since the desk's white-on-dark lines and labels print heavily and vanish on white paper.
 */
import type { Layer } from '@deck.gl/core'
import { ScatterplotLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'
import { CATEGORIES } from '../../core/incidents'
import { placeLabels } from '../../core/label-placement'
import { OKABE_ITO } from '../theme'
import { CATEGORY_COLOR } from './incident-points-layer'
import { labelBoxes, labelLayer, type LabelSet } from './label-layer'
import { streetLabels, streetsLayers } from './streets-layer'

const INK: [number, number, number, number] = [31, 41, 51, 255]
/** the printed names' size in the map's CSS pixels (about 10.8 pt on A4 at the briefing's scale) */
const PRINT_LABEL_PX = 14

/** Where the printed map puts a point on its image, and how wide a text is there (pixels). */
export interface PrintPlacement {
  project: (lonLat: [number, number]) => [number, number] | null
  textWidth: (text: string, size: number) => number
}

/** The street names as printed. */
export function printStreetLabels(streets: FeatureCollection): LabelSet {
  const set = streetLabels(streets)
  return { ...set, id: 'print-streets-labels', style: { ...set.style, size: PRINT_LABEL_PX } }
}

/**
 * Per street name: the place it takes on the printed map, or -1 (core/label-placement.ts, as
 * the desk does on every move): the dense centre's names would otherwise cross on paper.
 */
export function printLabelPlaces(streets: FeatureCollection, place: PrintPlacement): Int8Array {
  const set = printStreetLabels(streets)
  return placeLabels(labelBoxes(set, place.project, place.textWidth).map((boxes) => ({ boxes, priority: set.priority })))
}

/** Street outlines and names in ink, the names with a white halo, placed clear of each other when `place` says where the map lies. */
export function printStreetsLayers(streets: FeatureCollection, place?: PrintPlacement): Layer[] {
  // as plain layers: the factory's props are typed as its literal values
  const [outline] = streetsLayers(streets, true) as Layer<Record<string, unknown>>[]
  const labels = labelLayer(printStreetLabels(streets), true, place ? printLabelPlaces(streets, place) : null) as unknown as Layer<Record<string, unknown>>
  return [
    outline.clone({ id: 'print-streets', pickable: false, autoHighlight: false, getFillColor: [0, 0, 0, 0], getLineColor: [55, 65, 81, 220], getLineWidth: 1.6 }),
    labels.clone({ getColor: INK, outlineColor: [255, 255, 255, 255] }),
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
