import { GeoJsonLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'
import type { OverlaySource } from './overlay-registry'

/** the outline of the picked area: white on a dark halo reads over any fill, heat or base colour and for every colour vision */
export const SELECTION_COLOR: [number, number, number] = [255, 255, 255]
const HALO: [number, number, number, number] = [10, 19, 32, 220]

export interface SelectionOverlayInput {
  /** the picked area's feature(s) */
  readonly feature: FeatureCollection | null
}

/** The area picked in the ranking, outlined above the core layers. */
export const selectionOverlay: OverlaySource<SelectionOverlayInput> = {
  id: 'selection',
  order: 60,
  layers: (selection) => {
    const fc = selection.feature
    if (!fc) return []
    const outline = (id: string, color: [number, number, number] | [number, number, number, number], width: number) =>
      new GeoJsonLayer({ id, data: fc, filled: false, stroked: true, getLineColor: color, lineWidthUnits: 'pixels', getLineWidth: width, pickable: false })
    return [outline('selection-halo', HALO, 9), outline('selection', SELECTION_COLOR, 4)]
  },
}
