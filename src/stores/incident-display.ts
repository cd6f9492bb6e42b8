import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { useAnalyticsStore } from './analytics'
import { useDataStore } from './data'
import { useFiltersStore } from './filters'
import { debounced } from './debounced'
import { DENSITY_SCALE_CELL_M } from '../core/density-scale'
import type { IncidentMode } from '../core/incident-display-mode'
import { hexAreaKm2 } from '../map/layers/incident-hex-layer'

/** The dates a scale was fitted to: the filter's [from, to) (either open), or null for all the data. */
export type ScaleDates = { from: number | null; to: number | null } | null

/**
 * How the incident layer is drawn. The density scale is in incidents per km² (src/ARCHITECTURE.md, "Colour and units": every
 * legend in real units): the heatmap and the hexagons share it, so switching mode keeps the
 * colours' meaning. `intensity` divides it (2 = twice as sensitive).
 *
 * The scale follows what is shown: the worker re-fits it to the filtered incidents (categories,
 * hours, weekdays, the brushed or played dates) whenever they change, so one day or one
 * category at night reads as clearly as two years of everything. `scaleLocked` keeps the
 * current scale instead, to compare the frames of a playback on one scale.
 */
export const useIncidentDisplayStore = defineStore('incidentDisplay', () => {
  const mode = ref<IncidentMode>('heatmap')
  /** heatmap kernel radius, CSS pixels (deck.gl caps it at 100) */
  const radius = ref(28)
  const intensity = ref(1)
  /** hexagon radius, metres */
  const hexRadius = ref(200)
  /** incidents per km² where the colour saturates at intensity 1: the shown incidents' densest cells, rounded up (worker) */
  const densityMax = ref(20000)
  /** the dates densityMax was fitted to */
  const scaleDates = ref<ScaleDates>(null)
  const scaleLocked = ref(false)
  /** how many fits have been applied (tests wait for the one after a change) */
  const scaleFits = ref(0)
  /** a change waits for its fit (the legend says so, and tests wait for it) */
  const scalePending = ref(false)
  const data = useDataStore()
  const filters = useFiltersStore()
  const analytics = useAnalyticsStore()

  let latest = 0
  /** changes asked for; a fit answers those made before it started */
  let asked = 0
  async function fit() {
    const inc = data.incidents
    if (scaleLocked.value || !inc) return
    const id = ++latest, answers = asked
    const spec = filters.plain()
    // hexagons are counted on their own area; the heatmap on cells about its kernel's size
    const cell = mode.value === 'hexagon' ? Math.sqrt(hexAreaKm2(hexRadius.value) * 1e6) : DENSITY_SCALE_CELL_M
    const remote = await analytics.incidentsRemote()
    // a failure keeps the last scale: the colours stay readable, the legend stays true to them
    const max = remote && (await remote.densityScale(spec, cell).catch(() => null))
    if (id !== latest || scaleLocked.value || inc !== data.incidents) return
    scalePending.value = answers !== asked
    if (max == null) return
    densityMax.value = max
    scaleFits.value++
    // an open end of the brush ends where the data does
    const w = data.incidentWindow
    scaleDates.value = spec.from === null && spec.to === null ? null : { from: spec.from ?? w?.from ?? null, to: spec.to ?? w?.to ?? null }
  }
  // a played or brushed window moves many times a second: fit to where it settles
  const fitLater = debounced(() => void fit(), 120)
  const fitSoon = () => {
    asked++
    scalePending.value = !scaleLocked.value
    fitLater()
  }
  watch(() => data.incidents, () => void fit(), { immediate: true })
  watch(() => [filters.spec, mode.value, hexRadius.value], fitSoon)
  watch(scaleLocked, (locked) => {
    scalePending.value = !locked
    if (!locked) void fit()
  })

  return { mode, radius, intensity, hexRadius, densityMax, scaleDates, scaleLocked, scaleFits, scalePending }
})
