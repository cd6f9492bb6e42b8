/**
 * Everything deck.gl draws on the desk's map, from the stores: the feature overlays below the
 * core layers (order < 50), the core layers, the overlays above. `draw` gets the whole list
 * whenever anything it is made from changes.
 */
import { shallowRef, watch } from 'vue'
import type { Layer } from '@deck.gl/core'
import type { FeatureCollection } from 'geojson'
import { pendingSuggestionLabels } from '../core/plan-suggestions'
import type * as maplibregl from 'maplibre-gl'
import { buildOverlayLayers, overlayLabelSets } from '../map/layers'
import { useLabelPlacement } from './use-label-placement'
import { loadLabelFont, namesOf } from '../map/label-font'
import { markSuggestionLabels } from '../map/ready-marks'
import { useAnalyticsStore } from '../stores/analytics'
import { useDataStore } from '../stores/data'
import { usePlanStore } from '../stores/plan'
import { useViewStore } from '../stores/view'
import { useMapOverlays } from './use-map-overlays'

/**
 * `refresh()` makes the list now and hands it to `draw` (once the deck.gl overlay exists);
 * `follow(map)` keeps the names clear of each other as the camera moves. `symbolScale`: symbols
 * and names at that many times their desk size (the wall).
 */
export function useMapLayers(draw: (layers: Layer[]) => void, symbolScale: () => number = () => 1): { refresh: () => void; follow: (map: maplibregl.Map) => void } {
  const data = useDataStore()
  const analytics = useAnalyticsStore()
  const view = useViewStore()
  const plan = usePlanStore()

  /**
   * Streets and stations as their labels may be drawn: deck.gl rasterises the names once, in
   * whatever font is there, so each set joins the map when the font for its names has loaded.
   */
  const labelled = shallowRef<{ streets: FeatureCollection | null; stations: FeatureCollection | null }>({ streets: null, stations: null })
  watch(() => [data.streets, data.stations] as const, async ([streets, stations]) => {
    await loadLabelFont([...namesOf(streets), ...namesOf(stations)])
    if (data.streets === streets && data.stations === stations) labelled.value = { streets, stations }
  }, { immediate: true })

  const placement = useLabelPlacement(() => overlayLabelSets(labelled.value, view.visible, symbolScale()))
  watch(() => [labelled.value, view.visible], placement.schedule)

  /** Feature overlays: a computed, so that what their layers read redraws the map when it changes. */
  const extraLayers = useMapOverlays()

  function refresh() {
    const extra = extraLayers.value
    const below = extra.filter((s) => s.order < 50).flatMap((s) => s.layers)
    const above = extra.filter((s) => s.order >= 50).flatMap((s) => s.layers)
    const suggestions = pendingSuggestionLabels(plan.suggestions)
    markSuggestionLabels(suggestions.map((s) => s.label))
    draw([...below, ...buildOverlayLayers(
      {
        streets: labelled.value.streets, compounds: data.compounds, keySites: data.keySites, grids: data.grids, stations: labelled.value.stations, checkpoints: data.checkpoints,
        cameras: data.cameras, incidents: data.incidents, coverage: analytics.coverage, selectedGap: analytics.selectedGap,
        patrol: analytics.patrol, patrolBand: analytics.patrolBand,
        plan: { cameras: plan.cameras, selectedId: plan.selectedId, suggestions },
      },
      view.visible,
      { scale: symbolScale(), shown: placement.shown.value },
    ), ...above])
  }

  watch(() => [labelled.value, data.compounds, data.keySites, data.grids, data.checkpoints, data.cameras, data.incidents, view.visible,
    analytics.coverage, analytics.selectedGap, analytics.patrol, analytics.patrolBand, plan.cameras, plan.selectedId, plan.suggestions, plan.suggestions.map((x) => x.status).join(), extraLayers.value, placement.shown.value], refresh)

  return { refresh, follow: placement.follow }
}
