import { incidentsHeatmapLayer } from './layers/incidents-heatmap-layer'
import type { OverlaySource } from './overlay-registry'
import { useDataStore } from '../stores/data'
import { useViewStore } from '../stores/view'

/** The incidents on the map. */
export const incidentsOverlay: OverlaySource = {
  id: 'incidents',
  order: 10,
  layers: () => {
    const data = useDataStore()
    const view = useViewStore()
    // A hidden HeatmapLayer still aggregates every point on the GPU at each data change (9.5 s for
    // 1,000,000 points under SwiftShader), so the heatmap exists only while it is shown.
    return data.incidents && view.visible.has('incidents') ? [incidentsHeatmapLayer(data.incidents)] : []
  },
}
