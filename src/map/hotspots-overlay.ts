import { hotspotCellsLayer } from './layers/hotspot-cells-layer'
import type { OverlaySource, ShownLayers } from './overlay-registry'
import type { GridHotspots } from '../core/grid-hotspots'

export interface HotspotsOverlayInput {
  view: ShownLayers
  areas: { readonly hotspots: GridHotspots | null }
}

/** Gi* hot and cold cells under the shared filter: above the choropleth, under the area outlines. */
export const hotspotsOverlay: OverlaySource<HotspotsOverlayInput> = {
  id: 'hotspots',
  order: 25,
  layers: ({ view, areas }) => {
    const h = areas.hotspots
    return view.visible.has('hotspots') && h ? [hotspotCellsLayer(h)] : []
  },
}
