import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Feature, FeatureCollection } from 'geojson'
import type { TimeProfile } from '../core/time-profile'
import { featuresBbox } from '../io/dataset-bbox'
import { latestOnly, useAnalyticsStore, type AnalyticsState, type RankedLayer } from './analytics'
import { useDataStore } from './data'
import { useViewStore } from './view'

export interface SelectedArea { layer: RankedLayer; id: string }

/**
 * The area picked in the ranking: outlined on the map and shown in the detail panel. Also holds
 * what the ranking's sparklines and the detail read from the worker: the time profile of every
 * area of the ranked layer over the whole data (one request per layer and dataset), and the
 * selected layer's counts per category for the ranked month and its two comparison months.
 */
export const useSelectionStore = defineStore('selection', () => {
  const data = useDataStore()
  const view = useViewStore()
  const analytics = useAnalyticsStore()
  const area = ref<SelectedArea | null>(null)

  const features = (layer: RankedLayer): FeatureCollection | null =>
    ({ streets: data.streets, compounds: data.compounds, keySites: data.keySites, grids: data.grids })[layer]

  /** the selected area's feature(s), by the id the areas are read with (areas.ts: property `id`, else the feature's id) */
  const feature = computed<FeatureCollection | null>(() => {
    const a = area.value
    const fc = a && features(a.layer)
    if (!a || !fc) return null
    const hits = fc.features.filter((f: Feature) => String(f.properties?.id ?? f.id ?? '') === a.id)
    return hits.length ? { type: 'FeatureCollection', features: hits } : null
  })

  /** the selected area's row in the current ranking (its index into the layer's areas, counts, changes) */
  const row = computed(() => {
    const a = area.value, r = analytics.result
    return a && r && r.layer === a.layer ? r.rows.find((x) => x.id === a.id) ?? null : null
  })

  /** Selects an area and flies the map to it. */
  function focus(layer: RankedLayer, id: string) {
    area.value = { layer, id }
    const fc = feature.value
    const bbox = fc && featuresBbox(fc)
    if (bbox) view.fitBounds(bbox)
  }
  function clear() {
    area.value = null
  }
  // another layer ranked: the selection no longer has a row
  watch(() => analytics.layer, (l) => {
    if (area.value && area.value.layer !== l) clear()
  })

  const profile = shallowRef<(TimeProfile & { layer: string }) | null>(null)
  const profileState = ref<AnalyticsState>('idle')
  const profileError = ref<string | null>(null)
  const runProfile = latestOnly(profile, profileState, profileError)
  /** The worker with the incidents and the layer's areas (each sent once per dataset). */
  async function remoteWith(layer: RankedLayer) {
    const fc = features(layer)
    const remote = await analytics.incidentsRemote(fc ? [[layer, fc]] : [])
    if (!remote || !fc) throw new Error('no incidents or areas loaded')
    return remote
  }
  watch(() => [analytics.result?.layer, data.incidents] as const, ([layer]) => {
    if (layer) void runProfile(async () => ({ ...(await (await remoteWith(layer as RankedLayer)).profile(layer)), layer }))
  }, { immediate: true })

  /** counts per area × category for [month, previous, last year] of the ranked layer */
  const periodCounts = shallowRef<Uint32Array[] | null>(null)
  const countsState = ref<AnalyticsState>('idle')
  const countsError = ref<string | null>(null)
  const runCounts = latestOnly(periodCounts, countsState, countsError)
  watch(() => [row.value !== null, analytics.result] as const, ([has, r]) => {
    if (!has || !r) return
    void runCounts(async () => (await remoteWith(r.layer as RankedLayer)).periodCategoryCounts(r.layer, [r.period, r.previous, r.lastYear]))
  }, { immediate: true })

  return { area, feature, row, focus, clear, profile, profileState, profileError, periodCounts, countsState }
})
