import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { UnitPresenceResult } from '../workers/analytics-units'
import { latestOnly, useAnalyticsStore, type AnalyticsState } from './analytics'
import { useUnitsStore } from './units'
import { useViewStore } from './view'

/**
 * Patrol against plan at the desk (警情导巡 checked, issue 26 point 4): the units' patrol minutes
 * per grid and hour band against the plan of the patrol panel's settings, the make-up list (补巡)
 * and 见警率, computed in the worker (the `presence` command's functions) while the `presence`
 * layer is shown, again when the tracks or the plan's settings change.
 */
export const usePresenceStore = defineStore('presence', () => {
  const view = useViewStore()
  const units = useUnitsStore()
  const analytics = useAnalyticsStore()
  const result = shallowRef<UnitPresenceResult | null>(null)
  const state = ref<AnalyticsState>('idle')
  const error = ref<string | null>(null)
  const run = latestOnly(result, state, error)
  /** the band the map shows; null: the band of the first make-up row (where patrol is most wanting) */
  const chosenBand = ref<number | null>(null)
  const band = computed(() => chosenBand.value ?? result.value?.makeUp[0]?.band ?? 5)

  watch([() => units.tracks, () => view.visible.has('presence'), () => ({ ...analytics.patrolSettings })], ([tr, on]) => {
    if (!on) return
    if (!tr) {
      result.value = null
      return
    }
    const req = analytics.patrolRequest()
    void run(async () => (await analytics.patrolRemote())?.unitPresence(req) ?? null)
  }, { immediate: true, deep: true })

  return { result, state, error, chosenBand, band }
})
