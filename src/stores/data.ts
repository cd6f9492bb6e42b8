import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, type ShallowRef } from 'vue'
import type { FeatureCollection } from 'geojson'
import type { CameraColumns } from '../core/cameras'
import type { IncidentColumns } from '../core/incidents'
import { DEMO_URLS } from '../io/demo-files'
import { fetchFeatureCollection } from '../io/geojson-layer-file'
import type { ImportReport } from '../io/import-report'
import { DATASET_KINDS, type DatasetKind } from '../io/dataset-kinds'
import { openDatasetDb, type DatasetDb, type DatasetPayload, type StoredDataset } from '../io/dataset-db'
import { withPopulation } from '../io/population-csv'
import { loadIncidents } from '../workers/incidents-client'
import type { IncidentSource } from '../workers/contracts'
import { errorMessage } from '../core/text-format'

export type LoadState = 'idle' | 'loading' | 'done' | 'cancelled' | 'error'

export interface IncidentLoadStatus {
  state: LoadState
  rows: number
  bytesRead: number
  totalBytes: number | null
  message?: string
}

/** Where a kind's data on the map comes from. */
export type DatasetOrigin = 'demo' | 'imported' | 'removed' | 'none'

export interface DatasetInfo {
  origin: DatasetOrigin
  fileName?: string
  /** ISO time of the import */
  at?: string
  report?: ImportReport
}

type FeatureKind = Exclude<DatasetKind, 'incidents' | 'cameras' | 'population'>
const FEATURE_KINDS: readonly FeatureKind[] = ['streets', 'compounds', 'grids', 'keySites', 'stations', 'checkpoints', 'buildings', 'roads']

/** Demo files per kind; roads and buildings stay URLs of the base style until something needs them as data. */
const DEMO_FEATURES: Partial<Record<FeatureKind, [string, string]>> = {
  streets: [DEMO_URLS.streets, 'streets.geojson'],
  compounds: [DEMO_URLS.compounds, 'compounds.geojson'],
  keySites: [DEMO_URLS.keySites, 'key_sites.geojson'],
  stations: [DEMO_URLS.stations, 'stations.geojson'],
  checkpoints: [DEMO_URLS.checkpoints, 'checkpoints.geojson'],
}
const DEMO_BASE: readonly FeatureKind[] = ['buildings', 'roads']

/**
 * Single source of truth for loaded data: one dataset per kind, from the demo or imported by
 * the user. Imported datasets are kept in IndexedDB and come back on reload; a failed import or
 * a failed save never replaces what is loaded. Big columns are held raw, never made reactive.
 */
export const useDataStore = defineStore('data', () => {
  const features = Object.fromEntries(FEATURE_KINDS.map((k) => [k, shallowRef<FeatureCollection | null>(null)])) as Record<FeatureKind, ShallowRef<FeatureCollection | null>>
  const cameras = shallowRef<CameraColumns | null>(null)
  const incidents = shallowRef<IncidentColumns | null>(null)
  const population = shallowRef<Map<string, number> | null>(null)
  const info = ref(Object.fromEntries(DATASET_KINDS.map((k) => [k, { origin: 'none' }])) as Record<DatasetKind, DatasetInfo>)
  const areasState = ref<LoadState>('idle')
  const areasError = ref<string | null>(null)
  /** the last failure to save to or read from IndexedDB (the data itself stays loaded) */
  const storageError = ref<string | null>(null)
  const incidentLoad = ref<IncidentLoadStatus>({ state: 'idle', rows: 0, bytesRead: 0, totalBytes: null })
  let abort: AbortController | null = null
  let db: DatasetDb | null = null

  // areas with an imported population table applied (the raw layers stay as imported)
  const popped = (k: 'streets' | 'compounds' | 'grids' | 'keySites') =>
    computed(() => {
      const fc = features[k].value
      return fc && population.value ? markRaw(withPopulation(fc, population.value)) : fc
    })
  const streets = popped('streets')
  const compounds = popped('compounds')
  const grids = popped('grids')
  const keySites = popped('keySites')
  const stations = computed(() => features.stations.value)
  const checkpoints = computed(() => features.checkpoints.value)
  /** imported base layers; null while the demo's (drawn from their URLs) or none */
  const roads = computed(() => features.roads.value)
  const buildings = computed(() => features.buildings.value)
  const reports = computed(() => DATASET_KINDS.map((k) => info.value[k].report).filter((r): r is ImportReport => r !== undefined))

  function count(kind: DatasetKind): number | null {
    if (kind === 'incidents') return incidents.value?.count ?? null
    if (kind === 'cameras') return cameras.value?.count ?? null
    if (kind === 'population') return population.value?.size ?? null
    if (DEMO_BASE.includes(kind) && info.value[kind].origin === 'demo') return null
    return features[kind].value?.features.length ?? null
  }

  function setPayload(kind: DatasetKind, payload: DatasetPayload | null) {
    if (kind === 'incidents') incidents.value = payload?.type === 'incidents' ? markRaw(payload.columns) : null
    else if (kind === 'cameras') cameras.value = payload?.type === 'cameras' ? markRaw(payload.columns) : null
    else if (kind === 'population') population.value = payload?.type === 'population' ? new Map(payload.rows) : null
    else features[kind].value = payload?.type === 'features' ? markRaw(payload.fc) : null
  }

  async function openDb(): Promise<DatasetDb | null> {
    if (db) return db
    try {
      db = await openDatasetDb()
    } catch (e) {
      storageError.value = errorMessage(e)
    }
    return db
  }

  /** Start-up: what the user imported (or removed) comes from IndexedDB, everything else from the demo. */
  async function init() {
    let stored: StoredDataset[] = []
    const store = await openDb()
    if (store) {
      try {
        stored = await store.list()
      } catch (e) {
        storageError.value = errorMessage(e)
      }
    }
    const have = new Set<DatasetKind>()
    for (const d of stored) {
      have.add(d.kind)
      setPayload(d.kind, d.removed ? null : d.payload ?? null)
      info.value[d.kind] = d.removed ? { origin: 'removed', at: d.at } : { origin: 'imported', fileName: d.fileName, at: d.at, report: d.report }
    }
    if (have.has('incidents')) incidentLoad.value = { state: 'done', rows: incidents.value?.count ?? 0, bytesRead: 0, totalBytes: null }
    await loadDemo(DATASET_KINDS.filter((k) => !have.has(k)))
  }

  async function loadDemo(kinds: readonly DatasetKind[]) {
    const want = new Set(kinds)
    for (const k of DEMO_BASE) if (want.has(k)) info.value[k] = { origin: 'demo' }
    if (want.has('incidents')) void loadDemoIncidents()
    areasState.value = 'loading'
    try {
      const files = FEATURE_KINDS.filter((k) => want.has(k) && DEMO_FEATURES[k])
      const [fcs, camText] = await Promise.all([
        Promise.all(files.map((k) => fetchFeatureCollection(...DEMO_FEATURES[k]!))),
        want.has('cameras') ? fetch(DEMO_URLS.cameras).then((r) => r.text()) : Promise.resolve(null),
      ])
      files.forEach((k, i) => {
        features[k].value = markRaw(fcs[i])
        info.value[k] = { origin: 'demo', fileName: DEMO_FEATURES[k]![1] }
      })
      if (camText !== null) {
        // the CSV reader (papaparse) is only needed for this one small file: it loads with it
        const { readCamerasCsv } = await import('../io/cameras-csv')
        const cam = readCamerasCsv(camText, 'cameras.csv')
        cameras.value = markRaw(cam.cameras)
        info.value.cameras = { origin: 'demo', fileName: 'cameras.csv', report: cam.report }
      }
      areasState.value = 'done'
    } catch (e) {
      areasState.value = 'error'
      areasError.value = errorMessage(e)
    }
  }

  async function loadDemoIncidents() {
    // the binary columns of incidents.csv: the same rows and report, read without parsing text
    await loadIncidentsFrom({ url: DEMO_URLS.incidentColumns, columns: true }, 'incidents.csv')
  }

  /** Loads incidents in a worker; the previous incidents stay on the map until the new set is complete. */
  async function loadIncidentsFrom(source: IncidentSource, fileName?: string) {
    abort?.abort()
    const controller = new AbortController()
    abort = controller
    incidentLoad.value = { state: 'loading', rows: 0, bytesRead: 0, totalBytes: null }
    try {
      const result = await loadIncidents(source, {
        fileName,
        signal: controller.signal,
        onProgress: (p) => {
          if (abort === controller) incidentLoad.value = { state: 'loading', ...p }
        },
      })
      if (abort !== controller) return
      incidents.value = markRaw(result.columns)
      info.value.incidents = { origin: 'demo', fileName, report: result.report }
      incidentLoad.value = { state: 'done', rows: result.columns.count, bytesRead: incidentLoad.value.bytesRead, totalBytes: incidentLoad.value.totalBytes }
    } catch (e) {
      if (abort !== controller) return
      const cancelled = e instanceof Error && e.name === 'AbortError'
      incidentLoad.value = { ...incidentLoad.value, state: cancelled ? 'cancelled' : 'error', message: errorMessage(e) }
    } finally {
      if (abort === controller) abort = null
    }
  }

  function cancelIncidents() {
    abort?.abort()
  }

  async function save(record: StoredDataset): Promise<boolean> {
    const store = await openDb()
    if (!store) return false
    try {
      await store.put(record)
      storageError.value = null
      return true
    } catch (e) {
      storageError.value = errorMessage(e)
      return false
    }
  }

  /**
   * Put an imported dataset on the map. The import worker has already stored it (a structured
   * clone of 1,000,000 incidents into IndexedDB would freeze the UI thread for a second): `kept`
   * says whether the browser kept it, and when it refused (storage full) `storageError` says why.
   */
  function applyImport(kind: DatasetKind, payload: DatasetPayload, report: ImportReport, fileName: string, kept: { at: string; saved: boolean; storageError: string | null }): boolean {
    if (kind === 'incidents') {
      // a demo load still streaming in must not land on top of the import
      abort?.abort()
      incidentLoad.value = { state: 'done', rows: payload.type === 'incidents' ? payload.columns.count : 0, bytesRead: 0, totalBytes: null }
    }
    setPayload(kind, payload)
    info.value[kind] = { origin: 'imported', fileName, at: kept.at, report }
    storageError.value = kept.saved ? null : kept.storageError
    return kept.saved
  }

  /** Take a dataset off the map; it stays off after a reload (the demo does not come back in its place). */
  async function removeDataset(kind: DatasetKind): Promise<boolean> {
    if (kind === 'incidents') abort?.abort()
    const at = new Date().toISOString()
    setPayload(kind, null)
    info.value[kind] = { origin: 'removed', at }
    if (kind === 'incidents') incidentLoad.value = { state: 'done', rows: 0, bytesRead: 0, totalBytes: null }
    return save({ kind, at, removed: true })
  }

  /** Forget every import and removal, and load the demo district again. */
  async function resetToDemo() {
    const store = await openDb()
    try {
      await store?.clear()
    } catch (e) {
      storageError.value = errorMessage(e)
      return
    }
    for (const k of DATASET_KINDS) {
      setPayload(k, null)
      info.value[k] = { origin: 'none' }
    }
    await loadDemo(DATASET_KINDS)
  }

  /** Base layers as data (occlusion, road network): the imported ones, or the demo's fetched once. */
  const demoBase = new Map<string, Promise<FeatureCollection>>()
  function demoFile(url: string, name: string): Promise<FeatureCollection> {
    let p = demoBase.get(name)
    if (!p) demoBase.set(name, (p = fetchFeatureCollection(url, name)))
    return p
  }
  async function baseLayer(kind: 'buildings' | 'roads'): Promise<FeatureCollection | null> {
    const origin = info.value[kind].origin
    if (origin === 'imported') return features[kind].value
    if (origin !== 'demo') return null
    return kind === 'roads' ? demoFile(DEMO_URLS.roads, 'roads.geojson') : demoFile(DEMO_URLS.buildings, 'buildings.geojson')
  }
  const buildingFootprints = () => baseLayer('buildings')
  const roadLines = () => baseLayer('roads')
  /** The district's outline: the imported streets, else the demo district's outline. */
  async function districtOutline(): Promise<FeatureCollection | null> {
    const origin = info.value.streets.origin
    if (origin === 'imported') return streets.value
    return origin === 'demo' ? demoFile(DEMO_URLS.district, 'district.geojson') : null
  }

  /** The data of a kind as it is loaded now (demo or imported), e.g. to export it. */
  async function payloadOf(kind: DatasetKind): Promise<DatasetPayload | null> {
    if (kind === 'incidents') return incidents.value ? { type: 'incidents', columns: incidents.value } : null
    if (kind === 'cameras') return cameras.value ? { type: 'cameras', columns: cameras.value } : null
    if (kind === 'population') return population.value ? { type: 'population', rows: [...population.value] } : null
    let fc = features[kind].value
    if (!fc && info.value[kind].origin === 'demo') {
      fc = kind === 'buildings' || kind === 'roads' ? await baseLayer(kind) : null
    }
    return fc ? { type: 'features', fc } : null
  }

  return {
    streets, compounds, grids, keySites, stations, checkpoints, roads, buildings, cameras, incidents, population, reports, info,
    areasState, areasError, storageError, incidentLoad, count,
    init, loadIncidentsFrom, cancelIncidents, applyImport, removeDataset, resetToDemo, buildingFootprints, roadLines, districtOutline, payloadOf,
  }
})
