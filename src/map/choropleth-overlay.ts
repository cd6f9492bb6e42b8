import { choroplethLayer } from './layers/choropleth-layer'
import type { OverlaySource } from './overlay-registry'
import { useAreaDisplayStore } from '../stores/area-display'
import { useViewStore } from '../stores/view'

/** A serial per worker result, so that deck.gl recolours for each new one. */
const serials = new WeakMap<object, number>()
let next = 0
const serial = (r: object) => serials.get(r) ?? (serials.set(r, ++next), next)

/** Streets, compounds or grid cells filled by class of the chosen figure: above the heatmap, under the area outlines. */
export const choroplethOverlay: OverlaySource = {
  id: 'choropleth',
  order: 20,
  layers: () => {
    const view = useViewStore()
    const store = useAreaDisplayStore()
    const r = store.stats, breaks = store.breaks, v = store.values
    const fc = store.layerData(store.choro.layer)
    if (!view.visible.has('choropleth') || !r || !breaks || !v || !fc) return []
    const values = new Map(r.ids.map((id, a) => [id, v[a]]))
    const key = `${serial(r)}|${store.choro.metric}|${breaks.thresholds.join()}`
    return [choroplethLayer(fc, { values, breaks, key })]
  },
}
