import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { CATEGORIES, packedString, type Category } from '../core/incidents'
import { unitsClock, type UnitsSnapshot } from '../core/units-snapshot'
import type { DemoUnitTracksResult, NearestUnitsResult } from '../workers/analytics-units'
import { latestOnly, useAnalyticsStore, type AnalyticsState } from './analytics'
import { useDataStore } from './data'
import { useFiltersStore } from './filters'
import { useUnitFeedStore } from './unit-feed'
import { useViewStore } from './view'

export interface SelectedAlert {
  row: number
  id: string
  lon: number
  lat: number
  time: number
  category: Category
}

/**
 * Patrol units at the desk (issue 26): an imported tracks file, else the demo's units, generated
 * in the analytics worker for the latest incident's day, while the `units` layer is shown; what the map draws of them at the
 * timeline's time; and for an alert picked on the map the nearest units and the fastest route.
 */
export const useUnitsStore = defineStore('units', () => {
  const data = useDataStore()
  const view = useViewStore()
  const filters = useFiltersStore()
  const analytics = useAnalyticsStore()
  const feed = useUnitFeedStore()

  const tracks = shallowRef<DemoUnitTracksResult | null>(null)
  const tracksState = ref<AnalyticsState>('idle')
  const tracksError = ref<string | null>(null)
  const snapshot = shallowRef<UnitsSnapshot | null>(null)
  const snapshotState = ref<AnalyticsState>('idle')
  const snapshotError = ref<string | null>(null)
  const alert = shallowRef<SelectedAlert | null>(null)
  const nearest = shallowRef<NearestUnitsResult | null>(null)
  const nearestState = ref<AnalyticsState>('idle')
  const nearestError = ref<string | null>(null)
  const runTracks = latestOnly(tracks, tracksState, tracksError)
  const runSnapshot = latestOnly(snapshot, snapshotState, snapshotError)
  const runNearest = latestOnly(nearest, nearestState, nearestError)
  // the response and presence layers draw what the units' tracks show: they need them too
  const wanted = () => view.visible.has('units') || view.visible.has('response') || view.visible.has('presence')
  /** the wall's clock: the moment its newest live alert is ranked at (stores/wall-units.ts) */
  const wallTime = ref<number | null>(null)
  /** the moment a unit's track is played back at (stores/unit-playback.ts) */
  const playTime = ref<number | null>(null)

  /** The worker holding the incidents and what the units run on: district, roads, key sites (the targets). */
  async function remote() {
    const r = await analytics.incidentsRemote()
    if (!r) return null
    for (const [name, fc] of [['district', await data.districtOutline()], ['roads', await data.roadLines()], ['keySites', data.keySites]] as const) {
      await analytics.syncFeatures(r, name, fc)
    }
    return r
  }

  /**
   * Where the desk's units come from: the tracks file the user imported (kept in IndexedDB),
   * else the demo's simulated day, which needs the district outline (it arrives with the streets).
   */
  async function loadTracks(): Promise<DemoUnitTracksResult | null> {
    const r = await remote()
    if (!r) return null
    const imported = data.unitTracks
    if (imported) return r.setUnitTracks(imported)
    return (await data.districtOutline()) ? r.demoUnitTracks() : null
  }

  watch([() => data.incidents, () => data.roads, () => data.streets, () => data.unitTracks, wanted, () => feed.on], (now, before) => {
    // a live units feed drives the units instead (stores/unit-feed.ts)
    if (feed.on) return
    // (the feed switched off: its tracks go, the day is generated or read again)
    if (!wanted() || (tracks.value && before && [0, 1, 2, 3, 5].every((i) => now[i] === before[i]))) return
    alert.value = null
    void runTracks(loadTracks)
  }, { immediate: true })

  watch(() => feed.tracks, (tr) => {
    if (!feed.on) return
    tracks.value = tr
    tracksState.value = tr ? 'done' : 'idle'
  })

  /**
   * When the map shows the units: with a live feed, the feed's clock (where they are now); else at the selected alert's time when the tracks reach it (who
   * was nearest when the alert came in), else at the end of the timeline's window.
   */
  const time = computed<number | null>(() => {
    const tr = tracks.value
    if (!tr) return null
    if (wallTime.value !== null) return wallTime.value
    if (playTime.value !== null) return playTime.value
    if (feed.on) return tr.span[1]
    const a = alert.value
    if (a && a.time >= tr.span[0] && a.time <= tr.span[1]) return a.time
    const { from, to, hours } = filters.spec
    return unitsClock(tr.span, { from, to, hours })
  })

  watch([tracks, time], ([tr, t]) => {
    if (!tr || t === null) return
    void runSnapshot(async () => analytics.incidentsRemote().then((r) => r?.unitsAt(t) ?? null))
  })

  watch([alert, tracks], ([a, tr]) => {
    if (!a || !tr) {
      nearest.value = null
      return
    }
    const t = time.value ?? undefined
    void runNearest(async () => (await remote())?.nearestUnits({ lon: a.lon, lat: a.lat, time: t, top: 5 }) ?? null)
  })

  /** A click on the map: the kept incident within radiusM becomes the alert; none there clears it. */
  async function pickAt(lon: number, lat: number, radiusM: number): Promise<SelectedAlert | null> {
    const inc = data.incidents
    const r = await analytics.incidentsRemote()
    if (!inc || !r) return null
    const row = await r.alertNear({ lon, lat, radiusM, spec: filters.plain() })
    if (inc !== data.incidents) return null
    alert.value = row < 0 ? null : {
      row, id: packedString(inc.id, row), lon: inc.lon[row], lat: inc.lat[row], time: inc.time[row], category: CATEGORIES[inc.category[row]],
    }
    return alert.value
  }

  /** the units follow a live feed (stores/unit-feed.ts) */
  const live = computed(() => feed.on)

  function clearAlert() {
    alert.value = null
  }

  return {
    tracks, tracksState, tracksError, snapshot, snapshotState, snapshotError, alert, nearest, nearestState, nearestError, time, wallTime, playTime, live, pickAt, clearAlert,
  }
})
