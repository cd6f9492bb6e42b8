import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { UnitResponseResult } from '../workers/analytics-response'
import { worstGroups } from '../core/unit-arrivals'
import { latestOnly, useAnalyticsStore, type AnalyticsState } from './analytics'
import { useDataStore } from './data'
import { useFiltersStore } from './filters'
import { useUnitsStore } from './units'

/**
 * Response as it happened (issue 26, point 3): the first arrivals at the units' day's alerts
 * that the filters keep, computed in the worker whenever the units' tracks or the filters change.
 */
export const useResponseStore = defineStore('response', () => {
  const units = useUnitsStore()
  const filters = useFiltersStore()
  const data = useDataStore()
  const analytics = useAnalyticsStore()
  const result = shallowRef<UnitResponseResult | null>(null)
  const state = ref<AnalyticsState>('idle')
  const error = ref<string | null>(null)
  const run = latestOnly(result, state, error)

  // the key sites set each alert's target: measured again when they arrive after the tracks
  watch([() => units.tracks, () => filters.spec, () => data.keySites], ([tr]) => {
    // a live feed holds the last minutes, not the alerts' day: no response to measure there
    if (!tr || units.live) {
      result.value = null
      return
    }
    void run(async () => {
      const r = await analytics.incidentsRemote()
      if (!r) return null
      await analytics.syncFeatures(r, 'keySites', data.keySites)
      return r.unitResponse(filters.plain())
    })
  }, { immediate: true })

  const worst = computed(() => (result.value ? worstGroups(result.value.byGrid) : []))
  return { result, state, error, worst }
})
