import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { FeatureCollection } from 'geojson'
import type { IncidentColumns } from '../core/incidents'
import { monthOf, monthPeriod, previousPeriod, sameperiodLastYear, type Period } from '../core/periods'
import { rangeReaches, timeRangeOf, windowCovers } from '../core/incident-window'
import type { SourceSafetyIndex } from '../io/data-source'
import { DEFAULT_WEIGHTS, validateWeights, type SafetyWeights } from '../core/safety-index'
import { analyticsWorker } from '../workers/analytics-client'
import type { CoverageSummary, PatrolRequest, PatrolSummary, SafetyIndexResult } from '../workers/contracts'
import type { GridShape } from '../core/patrol-grid'
import { DEFAULT_DORI_LEVEL, type DoriLevel } from '../core/camera-model'
import type { CameraColumns } from '../core/cameras'
import { useDataStore } from './data'
import { useViewStore } from './view'
import { errorMessage } from '../core/text-format'

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

export type RankedLayer = 'streets' | 'compounds' | 'keySites' | 'grids'

/**
 * One shown result computed at a time: a newer request supersedes one still running, whose
 * result (or error) is then dropped.
 */
export function latestOnly<T extends object>(target: ShallowRef<T | null>, state: Ref<AnalyticsState>, error: Ref<string | null>) {
  let latest = 0
  return async (work: () => Promise<T | null>) => {
    const id = ++latest
    state.value = 'running'
    error.value = null
    try {
      const r = await work()
      if (id !== latest) return
      target.value = r && markRaw(r)
      state.value = 'done'
    } catch (e) {
      if (id !== latest) return
      state.value = 'error'
      error.value = errorMessage(e)
    }
  }
}
/** `error` value when the weights cannot be used (the panel explains it in the UI language) */
export const BAD_WEIGHTS = 'bad_weights'
export type AnalyticsState = 'idle' | 'running' | 'done' | 'error'

/** A source's ranking as the worker's result: areas by their index in the layer the page holds (the same order). */
function sourceRanking(r: SourceSafetyIndex, layer: string, areas: FeatureCollection, timeRange: [number, number] | null): SafetyIndexResult {
  const index = new Map(areas.features.map((f, i) => [String(f.properties?.id ?? ''), i]))
  return {
    layer, timeRange, period: r.period, previous: previousPeriod(r.period), lastYear: sameperiodLastYear(r.period),
    rows: r.rows.map((row) => ({ ...row, area: index.get(row.id) ?? -1 })),
    unassigned: r.unassigned, joinMs: 0, indexMs: 0,
  }
}

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
  /** 'YYYY-MM'; '' = the month of the latest incident (and back to it when new data lack the month picked) */
  const month = ref('')
  const weights = ref<SafetyWeights>({ ...DEFAULT_WEIGHTS })
  const result = shallowRef<SafetyIndexResult | null>(null)
  const state = ref<AnalyticsState>('idle')
  const error = ref<string | null>(null)

  let sentIncidents: IncidentColumns | null = null
  const sentAreas = new Map<string, FeatureCollection>()
  const runIndex = latestOnly(result, state, error)

  /** The worker, once it holds these incidents and area layers (each sent only when it changed). */
  async function synced(incidents: IncidentColumns, areas: [string, FeatureCollection][]) {
    const remote = analyticsWorker()
    if (sentIncidents !== incidents) {
      sentIncidents = incidents
      // the address labels the repeat places (and lets them group by address); the victim, repeat victims
      const { count, lon, lat, time, timeTo, category, subtype, address, victim } = incidents
      await remote.setIncidents({ count, lon, lat, time, ...(timeTo ? { timeTo } : {}), category, subtype, address, ...(victim ? { victim } : {}) })
    }
    for (const [name, fc] of areas) {
      if (sentAreas.get(name) !== fc) {
        sentAreas.set(name, fc)
        await remote.setAreas(name, fc)
      }
    }
    return remote
  }

  /** The worker, holding the current incidents and these area layers (each sent once per dataset); null while there are no incidents. */
  async function incidentsRemote(areas: [string, FeatureCollection][] = []) {
    return data.incidents ? synced(data.incidents, areas) : null
  }

  async function refresh() {
    const incidents = data.incidents
    const areas = { streets: data.streets, compounds: data.compounds, keySites: data.keySites, grids: data.grids }[layer.value]
    if (!incidents || !areas) {
      // a removed dataset takes its ranking with it
      if (data.areasState === 'done') result.value = null
      return
    }
    const name = layer.value
    const window = data.incidentWindow, source = data.sourceAnalytics, range = data.incidentExtent?.range ?? null
    // the latest month of all the source's incidents, not of the months the page holds
    const period = month.value ? monthKeyPeriod(month.value) : source && range ? monthOf(range[1]) : null
    const raw = { ...weights.value }
    await runIndex(async () => {
      let w: SafetyWeights
      try {
        w = validateWeights(raw)
      } catch {
        throw new Error(BAD_WEIGHTS)
      }
      // a month whose incidents (or whose 环比 / 同比 bases) the page does not hold: ranked where they are
      if (period && source && !(windowCovers(window, period) && windowCovers(window, previousPeriod(period)) && windowCovers(window, sameperiodLastYear(period)))) {
        return sourceRanking(await source.safetyIndex(name, period, w), name, areas, range)
      }
      const remote = await synced(incidents, [[name, areas]])
      const r = await remote.safetyIndex(name, period, w)
      // the month picker offers every month the source has, not only those in the page
      return source ? { ...r, timeRange: range } : r
    })
  }

  /**
   * After a change of incidents (an import, back to the demo, a server's window, a live batch),
   * a picked month the data still hold stays: a window or a batch must not take it away. A
   * month they lack would rank every area 0, so the ranking moves to their latest month.
   */
  function followData(): boolean {
    const picked = month.value ? monthKeyPeriod(month.value) : null
    if (!picked || heldElsewhere() || rangeReaches(heldRange(), picked)) return false
    month.value = ''
    return true
  }
  /** a server's window whose extent is not known: what it holds cannot be judged, so nothing moves */
  const heldElsewhere = () => data.incidentWindow !== null && !data.incidentExtent
  /** the first and last time of the incidents held (a server's: of all its months); null for none */
  function heldRange(): [number, number] | null {
    const incidents = data.incidents
    if (!incidents) return null
    return data.incidentExtent?.range ?? timeRangeOf(incidents.time, incidents.count)
  }

  watch([() => data.incidents, () => data.streets, () => data.compounds, () => data.keySites, () => data.grids, layer, month, weights, () => data.incidentWindow], (now, before) => {
    // the month reset runs this watcher again, once, with the latest month
    if (now[0] !== before?.[0] && followData()) return
    void refresh()
  }, {
    deep: true,
    immediate: true,
  })

  // -------------------------------------------------------------------------------------------
  // camera coverage and gaps: computed only while one of their layers is shown

  const view = useViewStore()
  const coverageSettings = ref<{ level: DoriLevel; occlusion: boolean; onlineOnly: boolean }>({
    level: DEFAULT_DORI_LEVEL, occlusion: false, onlineOnly: false,
  })
  const coverage = shallowRef<CoverageSummary | null>(null)
  const coverageState = ref<AnalyticsState>('idle')
  const coverageError = ref<string | null>(null)
  /** the gap the user picked in the list (grid cell index), outlined on the map */
  const selectedGap = ref<number | null>(null)
  let sentCameras: CameraColumns | null = null
  let buildingsSent: FeatureCollection | null = null
  const runCoverage = latestOnly(coverage, coverageState, coverageError)

  async function syncCameras(remote: ReturnType<typeof analyticsWorker>, cameras: CameraColumns) {
    if (sentCameras !== cameras) {
      sentCameras = cameras
      await remote.setCameras(cameras)
    }
  }

  const coverageWanted = () => view.visible.has('coverage') || view.visible.has('gaps')

  /**
   * The worker, holding what the network's coverage needs: incidents, streets and compounds,
   * cameras, the buildings when walls block views, and the key sites when there are some (they
   * name where a gap is). Null when a dataset is missing.
   */
  async function coverageRemote(occlusion: boolean) {
    const { incidents, cameras, streets, compounds, keySites } = data
    if (!incidents || !cameras || !streets || !compounds) return null
    const remote = await synced(incidents, [['streets', streets], ['compounds', compounds], ...(keySites ? [['keySites', keySites] as [string, FeatureCollection]] : [])])
    await syncCameras(remote, cameras)
    if (occlusion) {
      const buildings = (await data.buildingFootprints()) ?? EMPTY
      if (buildingsSent !== buildings) {
        await remote.setAreas('buildings', buildings, { idOptional: true })
        buildingsSent = buildings
      }
    }
    return remote
  }

  /** The coverage settings as a worker request for the network (the district is the streets). */
  const networkRequest = () => ({ ...coverageSettings.value, district: 'streets' })

  async function refreshCoverage() {
    if (!coverageWanted()) return
    const req = networkRequest()
    await runCoverage(async () => {
      const remote = await coverageRemote(req.occlusion)
      if (!remote) return null
      return remote.coverage({ ...req, report: ['streets', 'compounds'], topGaps: 15 })
    })
  }

  watch([() => data.incidents, () => data.cameras, () => data.streets, () => data.compounds, () => data.keySites, () => data.buildings, coverageWanted, coverageSettings],
    () => void refreshCoverage(), { deep: true, immediate: true })

  // -------------------------------------------------------------------------------------------
  // patrol grids, priorities and response: computed only while a patrol layer is shown

  const patrolSettings = ref<{ source: 'generated' | 'imported'; shape: GridShape; sizeM: number }>({ source: 'generated', shape: 'square', sizeM: 1500 })
  const patrol = shallowRef<PatrolSummary | null>(null)
  const patrolState = ref<AnalyticsState>('idle')
  const patrolError = ref<string | null>(null)
  /** the hour band the map shows priorities and checks for; null: the suggested levels */
  const patrolBand = ref<number | null>(null)
  const sentFeatures = new Map<string, FeatureCollection | null>()
  const runPatrol = latestOnly(patrol, patrolState, patrolError)
  async function syncFeatures(remote: ReturnType<typeof analyticsWorker>, name: string, fc: FeatureCollection | null) {
    if (sentFeatures.get(name) !== fc) {
      sentFeatures.set(name, fc)
      await remote.setFeatures(name, fc)
    }
  }
  const patrolWanted = () => view.visible.has('patrol') || view.visible.has('isochrones')

  /** The worker holding all the patrol plan reads (incidents, cameras, district, roads, stations, key sites, grids); null without incidents. */
  async function patrolRemote() {
    const { incidents } = data
    if (!incidents) return null
    const remote = await synced(incidents, [])
    if (data.cameras) await syncCameras(remote, data.cameras)
    const layers: [string, FeatureCollection | null][] = [
      ['district', await data.districtOutline()], ['roads', await data.roadLines()], ['stations', data.stations],
      ['keySites', data.keySites], ['grids', data.grids],
    ]
    for (const [name, fc] of layers) await syncFeatures(remote, name, fc)
    return remote
  }

  /** The plan the patrol panel's settings ask for (the presence layer checks the same plan). */
  function patrolRequest(): PatrolRequest {
    const settings = { ...patrolSettings.value }
    return { ...settings, source: settings.source === 'imported' && data.grids ? 'imported' : 'generated' }
  }

  async function refreshPatrol() {
    if (!patrolWanted()) return
    if (!data.incidents) {
      patrol.value = null
      return
    }
    const req = patrolRequest()
    await runPatrol(async () => (await patrolRemote())?.patrol(req) ?? null)
  }

  watch([() => data.incidents, () => data.cameras, () => data.streets, () => data.stations, () => data.keySites, () => data.grids, () => data.roads,
    patrolWanted, patrolSettings], () => void refreshPatrol(), { deep: true, immediate: true })

  /**
   * The wall's KPIs of the streets. The worker answers from the incidents and streets it holds,
   * so ask after a streets ranking (`result.layer === 'streets'`): no second copy is sent.
   */
  function wallKpis() {
    return analyticsWorker().wallKpis({ layer: 'streets' })
  }

  /** whether the page holds every incident of p (a server source may hold more than the page loads) */
  const heldInPage = (p: Period) => windowCovers(data.incidentWindow, p)

  return {
    layer, month, weights, result, state, error, refresh, incidentsRemote, wallKpis, heldInPage, heldRange, heldElsewhere,
    coverageSettings, coverage, coverageState, coverageError, selectedGap, coverageRemote, networkRequest, syncFeatures,
    patrolSettings, patrol, patrolState, patrolError, patrolBand, patrolRemote, patrolRequest,
  }
})
