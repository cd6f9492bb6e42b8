import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef, watch } from 'vue'
import type { FeatureCollection } from 'geojson'
import type { IncidentColumns } from '../core/incidents'
import { monthPeriod, type Period } from '../core/periods'
import { DEFAULT_WEIGHTS, validateWeights, type SafetyWeights } from '../core/safety-index'
import { analyticsWorker, type SafetyIndexResult } from '../workers/analytics-client'
import { useDataStore } from './data'

export type RankedLayer = 'streets' | 'compounds' | 'keySites'
/** `error` value when the weights cannot be used (the panel explains it in the UI language) */
export const BAD_WEIGHTS = 'bad_weights'
export type AnalyticsState = 'idle' | 'running' | 'done' | 'error'

/** 'YYYY-MM' → the calendar month in Asia/Shanghai; null when malformed. */
export function monthKeyPeriod(key: string): Period | null {
  const m = /^(\d{4})-(\d{2})$/.exec(key)
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null
  return monthPeriod(Number(m[1]), Number(m[2]))
}

/**
 * The safety index ranking shown in the app. Inputs (layer, month, weights) live here; the
 * computation runs in the analytics worker, which is sent the incidents and areas whenever
 * the data store changes them. A newer request supersedes an older one still running.
 */
export const useAnalyticsStore = defineStore('analytics', () => {
  const data = useDataStore()
  const layer = ref<RankedLayer>('streets')
  /** 'YYYY-MM'; '' = the month of the latest incident */
  const month = ref('')
  const weights = ref<SafetyWeights>({ ...DEFAULT_WEIGHTS })
  const result = shallowRef<SafetyIndexResult | null>(null)
  const state = ref<AnalyticsState>('idle')
  const error = ref<string | null>(null)
  const panelOpen = ref(true)

  let sentIncidents: IncidentColumns | null = null
  const sentAreas = new Map<RankedLayer, FeatureCollection>()
  let latest = 0

  async function refresh() {
    const incidents = data.incidents
    const areas = { streets: data.streets, compounds: data.compounds, keySites: data.keySites }[layer.value]
    if (!incidents || !areas) return
    const id = ++latest
    let w: SafetyWeights
    try {
      w = validateWeights({ ...weights.value })
    } catch {
      state.value = 'error'
      error.value = BAD_WEIGHTS
      return
    }
    const period = month.value ? monthKeyPeriod(month.value) : null
    state.value = 'running'
    error.value = null
    try {
      const remote = analyticsWorker()
      if (sentIncidents !== incidents) {
        sentIncidents = incidents
        const { count, lon, lat, time, category } = incidents
        await remote.setIncidents({ count, lon, lat, time, category })
      }
      if (sentAreas.get(layer.value) !== areas) {
        sentAreas.set(layer.value, areas)
        await remote.setAreas(layer.value, areas)
      }
      const r = await remote.safetyIndex(layer.value, period, w)
      if (id !== latest) return
      result.value = markRaw(r)
      state.value = 'done'
    } catch (e) {
      if (id !== latest) return
      state.value = 'error'
      error.value = e instanceof Error ? e.message : String(e)
    }
  }

  watch([() => data.incidents, () => data.streets, () => data.compounds, () => data.keySites, layer, month, weights], () => void refresh(), {
    deep: true,
    immediate: true,
  })

  return { layer, month, weights, result, state, error, panelOpen, refresh }
})
