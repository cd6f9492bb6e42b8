import { hotspotCellsLayer } from './layers/hotspot-cells-layer'
import type { OverlaySource } from './overlay-registry'
import { useAreaDisplayStore } from '../stores/area-display'
import { useViewStore } from '../stores/view'

/** Gi* hot and cold cells under the shared filter: above the choropleth, under the area outlines. */
export const hotspotsOverlay: OverlaySource = {
  id: 'hotspots',
  order: 25,
  layers: () => {
    const view = useViewStore()
    const h = useAreaDisplayStore().hotspots
    return view.visible.has('hotspots') && h ? [hotspotCellsLayer(h)] : []
  },
}
