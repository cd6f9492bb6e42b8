import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { FeatureCollection } from 'geojson'
import { classBreaks, classCounts, divergingBreaks, type ClassBreaks, type ClassMethod } from '../core/area-stats'
import type { GridHotspots } from '../core/grid-hotspots'
import { DEFAULT_WEIGHTS, validateWeights } from '../core/safety-index'
import type { AreaStatsResult } from '../workers/contracts'
import { latestOnly, monthKeyPeriod, useAnalyticsStore, type AnalyticsState } from './analytics'
import { useDataStore } from './data'
import { useFiltersStore } from './filters'
import { useViewStore } from './view'

import { isChange, type ChoroLayer, type ChoroMetric } from '../core/choropleth-metric'
import { debounced } from './debounced'

/** A change map's outer classes start at ±100 %: beyond that a small base makes any figure. */
const CHANGE_CAP = 1
/** Dragging a filter slider fires many changes: only the last one after this pause is computed. */
const DEBOUNCE_MS = 150

/** The values a metric draws, one per area of the result (NaN: no figure). */
export function metricValues(r: AreaStatsResult, m: ChoroMetric): Float64Array {
  return { index: r.index, count: r.count, perKm2: r.perKm2, per10k: r.per10kResidents, mom: r.mom, yoy: r.yoy }[m]
}

/**
 * The choropleth and the Gi* hotspot cells: their settings, and their figures from the
 * analytics worker under the shared incident filter. Computed only while their layer is shown;
 * class breaks are drawn from the figures here (cheap), so changing classes needs no worker.
 */
export const useAreaDisplayStore = defineStore('areaDisplay', () => {
  const data = useDataStore()
  const filters = useFiltersStore()
  const view = useViewStore()
  const analytics = useAnalyticsStore()

  const choro = ref<{ layer: ChoroLayer; metric: ChoroMetric; classes: number; method: ClassMethod }>({
    layer: 'streets', metric: 'index', classes: 5, method: 'quantile',
  })
  const hot = ref<{ cell: number; band: number; fdr: boolean }>({ cell: 250, band: 500, fdr: true })
  const panelOpen = ref(true)

  const stats = shallowRef<AreaStatsResult | null>(null)
  const statsState = ref<AnalyticsState>('idle')
  const statsError = ref<string | null>(null)
  const hotspots = shallowRef<GridHotspots | null>(null)
  const hotState = ref<AnalyticsState>('idle')
  const hotError = ref<string | null>(null)
  const runStats = latestOnly(stats, statsState, statsError)
  const runHot = latestOnly(hotspots, hotState, hotError)

  const layerData = (l: ChoroLayer): FeatureCollection | null => ({ streets: data.streets, compounds: data.compounds, grids: data.grids }[l])

  /** The worker with the incidents and these layers (the analytics store sends each dataset once). */
  async function withAreas(names: ChoroLayer[]) {
    const layers = names.flatMap((name): [string, FeatureCollection][] => {
      const fc = layerData(name)
      return fc ? [[name, fc]] : []
    })
    const remote = await analytics.incidentsRemote(layers)
    if (!remote) throw new Error('no incidents loaded')
    return remote
  }

  function refreshStats() {
    const { layer } = choro.value
    if (!view.visible.has('choropleth')) return
    if (!data.incidents || !layerData(layer)) {
      stats.value = null
      return
    }
    const filter = { ...filters.spec }
    const period = analytics.month ? monthKeyPeriod(analytics.month) : null
    let weights = DEFAULT_WEIGHTS
    try {
      weights = validateWeights({ ...analytics.weights })
    } catch {
      // the ranking panel explains bad weights; the map keeps the default index meanwhile
    }
    void runStats(async () => (await withAreas([layer])).areaStats({ layer, filter, period, weights }))
  }

  function refreshHotspots() {
    if (!view.visible.has('hotspots')) return
    if (!data.incidents) {
      hotspots.value = null
      return
    }
    const req = { ...hot.value, filter: { ...filters.spec } }
    // the district (the streets' extent and cells) bounds the grid when streets are loaded
    const within = data.streets ? 'streets' : undefined
    void runHot(async () => (await withAreas(within ? ['streets'] : [])).hotspots({ ...req, within }))
  }

  const statsLater = debounced(refreshStats, DEBOUNCE_MS)
  const hotLater = debounced(refreshHotspots, DEBOUNCE_MS)
  watch([() => data.incidents, () => data.streets, () => data.compounds, () => data.grids, () => filters.spec, () => choro.value.layer,
    () => analytics.month, () => analytics.weights, () => view.visible.has('choropleth')], statsLater, { deep: true, immediate: true })
  watch([() => data.incidents, () => data.streets, () => filters.spec, hot, () => view.visible.has('hotspots')], hotLater, { deep: true, immediate: true })

  /** the result, when it is of the layer now chosen */
  const current = computed(() => (stats.value && stats.value.layer === choro.value.layer ? stats.value : null))
  const values = computed(() => (current.value ? metricValues(current.value, choro.value.metric) : null))
  const breaks = computed<ClassBreaks | null>(() => {
    const v = values.value
    if (!v) return null
    const { metric, classes, method } = choro.value
    return isChange(metric) ? divergingBreaks(v, classes, CHANGE_CAP) : classBreaks(v, classes, method)
  })
  const breakCounts = computed(() => (breaks.value && values.value ? classCounts(breaks.value, values.value) : null))
  /** areas without a figure (no population for a rate, no base for a change) */
  const missing = computed(() => (values.value ? values.value.filter((x) => !Number.isFinite(x)).length : 0))

  /** Gi* cells of the study area per class −3 … 3 (index class + 3). */
  const hotCounts = computed(() => {
    const h = hotspots.value
    if (!h) return null
    const out = new Uint32Array(7)
    for (let i = 0; i < h.classes.length; i++) if (h.mask[i]) out[h.classes[i] + 3]++
    return out
  })
  const significantCells = computed(() => (hotCounts.value ? hotCounts.value.reduce((a, c, k) => (k === 3 ? a : a + c), 0) : null))

  return {
    choro, hot, panelOpen, stats: current, statsState, statsError, hotspots, hotState, hotError,
    values, breaks, breakCounts, missing, hotCounts, significantCells, layerData,
  }
})
