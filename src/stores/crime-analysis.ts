import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { CubeStep } from '../core/space-time-cube'
import type { Period } from '../core/periods'
import { DAY_MS } from '../core/near-repeat'
import type { RepeatPlacesBy } from '../core/repeat-places'
import { latestIncidentTime, nearRepeatPeriod, patternTally, roleCounts, strongestCell } from '../core/crime-summary'
import type { EmergingResult } from '../workers/analytics-emerging'
import type { NearRepeatResult } from '../workers/analytics-near-repeat'
import type { RepeatPlacesResult } from '../workers/analytics-repeat-places'
import { latestOnly, useAnalyticsStore, type AnalyticsState } from './analytics'
import { useDataStore } from './data'
import { useFiltersStore } from './filters'
import { useViewStore } from './view'
import { debounced } from './debounced'

/** Dragging a filter slider fires many changes: only the last one after this pause is computed. */
const DEBOUNCE_MS = 200
/** Places the map draws and the worker sends back (the curve and the figures still cover all). */
const REPEAT_PLACES_SHOWN = 500

export const CRIME_TABS = ['nearRepeat', 'emerging', 'repeatPlaces'] as const
export type CrimeTab = (typeof CRIME_TABS)[number]

/**
 * Near repeats, emerging hot spots and repeat places under the shared incident filter: their
 * settings, and their results from the analytics worker. Each is computed only while its map
 * layer is shown (the panel shows when one is), and again when the data, the filter or its
 * settings change.
 */
export const useCrimeAnalysisStore = defineStore('crimeAnalysis', () => {
  const data = useDataStore()
  const filters = useFiltersStore()
  const view = useViewStore()
  const analytics = useAnalyticsStore()

  const tab = ref<CrimeTab>('nearRepeat')
  const nearSettings = ref({ distanceEdges: [0, 100, 200, 300, 400], dayEdges: [0, 7, 14, 21, 28], permutations: 99, seed: 1 })
  const emergingSettings = ref<{ cell: number; band: number; step: CubeStep }>({ cell: 250, band: 500, step: 'month' })
  const repeatSettings = ref<{ by: RepeatPlacesBy; snap: number }>({ by: 'place', snap: 30 })

  const near = shallowRef<NearRepeatResult | null>(null)
  const nearState = ref<AnalyticsState>('idle')
  const nearError = ref<string | null>(null)
  /** the period the Knox test ran on when the filter named none */
  const nearPeriod = shallowRef<Period | null>(null)
  const emerging = shallowRef<EmergingResult | null>(null)
  const emergingState = ref<AnalyticsState>('idle')
  const emergingError = ref<string | null>(null)
  /** the cube cell whose series the sparkline shows (picked on the map); null: the strongest */
  const selectedCell = ref<number | null>(null)
  const repeat = shallowRef<RepeatPlacesResult | null>(null)
  const repeatState = ref<AnalyticsState>('idle')
  const repeatError = ref<string | null>(null)

  const runNear = latestOnly(near, nearState, nearError)
  const runEmerging = latestOnly(emerging, emergingState, emergingError)
  const runRepeat = latestOnly(repeat, repeatState, repeatError)

  async function remote() {
    const r = await analytics.incidentsRemote()
    if (!r) throw new Error('no incidents loaded')
    return r
  }

  function refreshNear() {
    if (!view.visible.has('nearRepeat')) return
    const inc = data.incidents
    if (!inc) {
      near.value = null
      return
    }
    const filter = { ...filters.spec }
    const period = nearRepeatPeriod(filter, latestIncidentTime(inc))
    // plain arrays: a reactive proxy cannot cross to the worker
    const { distanceEdges, dayEdges, permutations, seed } = nearSettings.value
    const s = { distanceEdges: [...distanceEdges], dayEdges: [...dayEdges], permutations, seed }
    void runNear(async () => {
      const r = await (await remote()).nearRepeat({ ...s, filter, period })
      nearPeriod.value = period
      return r
    })
  }

  function refreshEmerging() {
    if (!view.visible.has('emerging')) return
    if (!data.incidents) {
      emerging.value = null
      return
    }
    const req = { ...emergingSettings.value, filter: { ...filters.spec } }
    void runEmerging(async () => {
      const r = await (await remote()).emergingHotspots(req)
      selectedCell.value = null
      return r
    })
  }

  function refreshRepeat() {
    if (!view.visible.has('repeatPlaces')) return
    if (!data.incidents) {
      repeat.value = null
      return
    }
    const req = { ...repeatSettings.value, filter: { ...filters.spec }, top: REPEAT_PLACES_SHOWN }
    void runRepeat(async () => (await remote()).repeatPlaces(req))
  }

  // Not `deep`: a deep watcher fires whenever its getters re-run, and `visible` re-runs on any
  // layer's toggle. The settings are edited in place, so they are compared as text.
  const when = (settings: () => object, layer: CrimeTab) =>
    [() => data.incidents, () => filters.spec, () => JSON.stringify(settings()), () => view.visible.has(layer)]
  watch(when(() => nearSettings.value, 'nearRepeat'), debounced(refreshNear, DEBOUNCE_MS), { immediate: true })
  watch(when(() => emergingSettings.value, 'emerging'), debounced(refreshEmerging, DEBOUNCE_MS), { immediate: true })
  watch(when(() => repeatSettings.value, 'repeatPlaces'), debounced(refreshRepeat, DEBOUNCE_MS), { immediate: true })

  /** What the near-repeat layer draws: the zone, and the window's incidents by role. */
  const nearDrawn = computed(() => {
    const r = near.value, inc = data.incidents
    if (!r || !inc) return null
    return {
      zone: r.zone,
      lon: Float64Array.from(r.rows, (i) => inc.lon[i]),
      lat: Float64Array.from(r.rows, (i) => inc.lat[i]),
      roles: r.roles,
    }
  })
  /** the recent window's length, days */
  const nearWindowDays = computed(() => (near.value ? Math.round((near.value.window.to - near.value.window.from) / DAY_MS) : 0))
  /** incidents of the window per role: [isolated, originator, near repeat] */
  const nearRoles = computed(() => (near.value ? roleCounts(near.value.roles) : null))
  /** emerging cells per pattern code */
  const tally = computed(() => (emerging.value ? patternTally(emerging.value.patterns) : null))
  /** the cell the sparkline shows: the one picked, else the strongest trend */
  const sparkCell = computed(() => {
    const e = emerging.value
    if (!e) return -1
    const s = selectedCell.value
    return s !== null && s >= 0 && s < e.cells ? s : strongestCell(e.trendZ, e.patterns)
  })
  function selectCell(c: number | null) {
    selectedCell.value = c
    if (c !== null) tab.value = 'emerging'
  }

  const anyShown = computed(() => CRIME_TABS.some((l) => view.visible.has(l)))
  // the panel opens on the tab of a layer just switched on
  watch(() => view.layers, (now, before) => {
    const added = CRIME_TABS.find((l) => now.includes(l) && !before?.includes(l))
    if (added) tab.value = added
  }, { immediate: true })

  return {
    tab, nearSettings, emergingSettings, repeatSettings, anyShown,
    near, nearState, nearError, nearPeriod, nearDrawn, nearRoles, nearWindowDays,
    emerging, emergingState, emergingError, selectedCell, sparkCell, tally, selectCell,
    repeat, repeatState, repeatError,
  }
})
