import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { useAnalyticsStore } from './analytics'
import { useDataStore } from './data'
import type { IncidentMode } from '../core/incident-display-mode'

/**
 * How the incident layer is drawn. The density scale is in incidents per km² (src/ARCHITECTURE.md, "Colour and units": every
 * legend in real units): the heatmap and the hexagons share it, so switching mode keeps the
 * colours' meaning. `intensity` divides it (2 = twice as sensitive).
 */
export const useIncidentDisplayStore = defineStore('incidentDisplay', () => {
  const mode = ref<IncidentMode>('heatmap')
  /** heatmap kernel radius, CSS pixels (deck.gl caps it at 100) */
  const radius = ref(28)
  const intensity = ref(1)
  /** hexagon radius, metres */
  const hexRadius = ref(200)
  /** incidents per km² where the colour saturates at intensity 1: the data's densest 500 m cell, rounded up (worker) */
  const densityMax = ref(20000)
  const data = useDataStore()
  const analytics = useAnalyticsStore()
  watch(() => data.incidents, async (inc) => {
    const remote = inc && (await analytics.incidentsRemote())
    // a failure keeps the last scale: the colours stay readable, the legend stays true to them
    if (remote && inc === data.incidents) densityMax.value = await remote.densityScale().catch(() => densityMax.value)
  }, { immediate: true })
  return { mode, radius, intensity, hexRadius, densityMax }
})
