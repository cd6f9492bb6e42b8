import type { FeatureCollection } from 'geojson'
import { choroplethLayer } from './layers/choropleth-layer'
import type { OverlaySource, ShownLayers } from './overlay-registry'
import type { ClassBreaks } from '../core/area-stats'
import type { ChoroLayer, ChoroMetric } from '../core/choropleth-metric'

export interface ChoroplethOverlayInput {
  view: ShownLayers
  areas: {
    /** the worker's figures for the chosen layer: the areas' ids, in the order of `values` */
    readonly stats: { readonly ids: readonly string[] } | null
    readonly breaks: ClassBreaks | null
    /** the chosen metric's value per area of `stats` */
    readonly values: ArrayLike<number> | null
    readonly choro: { readonly layer: ChoroLayer; readonly metric: ChoroMetric }
    layerData(layer: ChoroLayer): FeatureCollection | null
  }
}

/** A serial per worker result, so that deck.gl recolours for each new one. */
const serials = new WeakMap<object, number>()
let next = 0
const serial = (r: object) => serials.get(r) ?? (serials.set(r, ++next), next)

/** Streets, compounds or grid cells filled by class of the chosen figure: above the heatmap, under the area outlines. */
export const choroplethOverlay: OverlaySource<ChoroplethOverlayInput> = {
  id: 'choropleth',
  order: 20,
  layers: ({ view, areas: store }) => {
    const r = store.stats, breaks = store.breaks, v = store.values
    const fc = store.layerData(store.choro.layer)
    if (!view.visible.has('choropleth') || !r || !breaks || !v || !fc) return []
    const values = new Map(r.ids.map((id, a) => [id, v[a]]))
    const key = `${serial(r)}|${store.choro.metric}|${breaks.thresholds.join()}`
    return [choroplethLayer(fc, { values, breaks, key })]
  },
}
