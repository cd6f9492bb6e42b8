import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { NO_FILTER, type IncidentFilterSpec } from '../core/incident-filter'

/** The incident filter every view shares: the map draws it on the GPU, panels and the worker read it. */
export const useFiltersStore = defineStore('filters', () => {
  const spec = ref<IncidentFilterSpec>({ ...NO_FILTER })
  const active = computed(() => Object.values(spec.value).some((v) => v !== null))
  function set(patch: Partial<IncidentFilterSpec>) {
    spec.value = { ...spec.value, ...patch }
  }
  function reset() {
    spec.value = { ...NO_FILTER }
  }
  /** The spec as plain data: the store's is reactive, and a proxy cannot be posted to a worker. */
  function plain(): IncidentFilterSpec {
    return JSON.parse(JSON.stringify(spec.value)) as IncidentFilterSpec
  }
  return { spec, active, set, reset, plain }
})
