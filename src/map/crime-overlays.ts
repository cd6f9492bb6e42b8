import { emergingLayers, type EmergingLayerData } from './layers/emerging-layer'
import { nearRepeatLayers, type NearRepeatLayerData } from './layers/near-repeat-layers'
import { repeatPlacesLayer, type RepeatPlacesLayerData } from './layers/repeat-places-layer'
import { OKABE_ITO } from './theme'
import type { OverlaySource, ShownLayers } from './overlay-registry'

/** The crime-analysis results as the overlays read them (the crime-analysis store fits). */
export interface CrimeOverlayInput {
  view: ShownLayers
  crime: {
    readonly nearDrawn: NearRepeatLayerData | null
    readonly emerging: EmergingLayerData | null
    readonly selectedCell: number | null
    readonly repeat: RepeatPlacesLayerData | null
  }
}

/** Emerging hot spot cells: with the Gi* cells, above the choropleth and under the area outlines. */
export const emergingOverlay: OverlaySource<CrimeOverlayInput> = {
  id: 'emerging',
  order: 26,
  layers: ({ view, crime }) => {
    const e = crime.emerging
    return view.visible.has('emerging') && e ? emergingLayers(e, { selected: crime.selectedCell }) : []
  },
}

/** The near-repeat risk zone and the recent incidents by role: above the area outlines, so the zone reads over them. */
export const nearRepeatOverlay: OverlaySource<CrimeOverlayInput> = {
  id: 'nearRepeat',
  order: 55,
  layers: ({ view, crime }) => {
    const d = crime.nearDrawn
    return view.visible.has('nearRepeat') && d ? nearRepeatLayers(d) : []
  },
}

export const REPEAT_PLACES_COLOR = OKABE_ITO.purple
export const REPEAT_PLACES_RADII = { minRadiusPixels: 3, maxRadiusPixels: 22 }

/** Repeat places as circles sized by incidents, on top of the zone. */
export const repeatPlacesOverlay: OverlaySource<CrimeOverlayInput> = {
  id: 'repeatPlaces',
  order: 57,
  layers: ({ view, crime }) => {
    const r = crime.repeat
    return view.visible.has('repeatPlaces') && r
      ? [repeatPlacesLayer(r, true, { id: 'repeat-places', color: REPEAT_PLACES_COLOR, ...REPEAT_PLACES_RADII, selected: null })]
      : []
  },
}
