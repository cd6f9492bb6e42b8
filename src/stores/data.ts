import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, type ShallowRef } from 'vue'
import type { FeatureCollection } from 'geojson'
import type { CameraColumns } from '../core/cameras'
import type { IncidentColumns } from '../core/incidents'
import type { UnitTracks } from '../core/unit-tracks'
import type { ImportReport } from '../io/import-report'
import { DATASET_KINDS, type DatasetKind } from '../io/dataset-kinds'
import type { DatasetPayload } from '../io/dataset-db'
import type { DataSource, DatasetInfo, IncidentExtent, LoadedDataset, SourceAnalytics, SourceEntry } from '../io/data-source'
import { windowCovers } from '../core/incident-window'
import type { Period } from '../core/periods'
import { createDemoSource } from '../io/demo-source'
import { createImportsSource } from '../io/imports-source'
import { withPopulation } from '../io/population-csv'
import { loadIncidents } from '../workers/incidents-client'
import { errorMessage } from '../core/text-format'

export type { DatasetInfo, DatasetOrigin } from '../io/data-source'

export type LoadState = 'idle' | 'loading' | 'done' | 'cancelled' | 'error'

export interface IncidentLoadStatus {
  state: LoadState
  rows: number
  bytesRead: number
  totalBytes: number | null
  message?: string
}

type FeatureKind = Exclude<DatasetKind, 'incidents' | 'cameras' | 'population' | 'tracks'>
const FEATURE_KINDS: readonly FeatureKind[] = ['streets', 'compounds', 'grids', 'keySites', 'stations', 'checkpoints', 'buildings', 'roads']

/** What a base layer of the map draws when it has nothing. */
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** Today's sources, the user's imports first: what they imported or removed wins over the demo. */
function defaultSources(): DataSource[] {
  return [
    createImportsSource(),
    // the demo's incidents are read in the incidents worker, with progress
    createDemoSource((url, { fileName, signal, onProgress }) => loadIncidents({ url, columns: true }, { fileName, signal, onProgress })),
  ]
}

/** An entry's description on the map: where it came from, and the file and report its data came with. */
function infoOf({ kind: _kind, data: _data, deferred: _deferred, ...info }: SourceEntry, got?: LoadedDataset | null): DatasetInfo {
  const fileName = got?.fileName ?? info.fileName
  const report = got?.report ?? info.report
  return { ...info, ...(fileName !== undefined && { fileName }), ...(report !== undefined && { report }) }
}

/**
 * Single source of truth for loaded data: one dataset per kind, each from the first data source
 * that has something for it (io/data-source.ts): the user's imports, kept in IndexedDB so they
 * come back on reload, then the demo. A failed import or a failed save never replaces what is
 * loaded. Big columns are held raw, never made reactive.
 */
export const useDataStore = defineStore('data', () => {
  const features = Object.fromEntries(FEATURE_KINDS.map((k) => [k, shallowRef<FeatureCollection | null>(null)])) as Record<FeatureKind, ShallowRef<FeatureCollection | null>>
  const cameras = shallowRef<CameraColumns | null>(null)
  const incidents = shallowRef<IncidentColumns | null>(null)
  const population = shallowRef<Map<string, number> | null>(null)
  /** imported unit tracks (GPS/BeiDou fixes); null: the desk's units are the demo's (stores/units.ts) */
  const unitTracks = shallowRef<UnitTracks | null>(null)
  const info = ref(Object.fromEntries(DATASET_KINDS.map((k) => [k, { origin: 'none' }])) as Record<DatasetKind, DatasetInfo>)
  const areasState = ref<LoadState>('idle')
  const areasError = ref<string | null>(null)
  /** the last failure of a source to list what it has or to keep a change (IndexedDB, for the user's imports); the data itself stays loaded */
  const storageError = ref<string | null>(null)
  const incidentLoad = ref<IncidentLoadStatus>({ state: 'idle', rows: 0, bytesRead: 0, totalBytes: null })
  /**
   * The whole months of incidents loaded when their source holds more (a server); null when the
   * page holds all there is. `incidentExtent` and `sourceAnalytics` then speak for all of them.
   */
  const incidentWindow = shallowRef<Period | null>(null)
  /** the window the source chose first (the latest months): what the map shows when nothing is brushed */
  let firstWindow: Period | null = null
  const incidentExtent = shallowRef<IncidentExtent | null>(null)
  const sourceAnalytics = shallowRef<SourceAnalytics | null>(null)
  let abort: AbortController | null = null
  /** the sources, the first with something for a kind serving it */
  let sources: DataSource[] = []
  /** which source serves each kind now (a removal or an import moves it to the source that keeps the user's changes) */
  const servedBy = new Map<DatasetKind, DataSource>()
  /** the entry each kind was claimed with, to read that kind again */
  const entryOf = new Map<DatasetKind, SourceEntry>()
  const keeper = () => sources.find((x) => x.keepRemoval && x.forget) ?? null

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
    if (kind === 'tracks') return unitTracks.value?.count ?? null
    // a base layer the map draws from its source's URL is not loaded here: no count
    return features[kind].value?.features.length ?? null
  }

  function setPayload(kind: DatasetKind, payload: DatasetPayload | null) {
    if (kind === 'incidents') {
      incidents.value = payload?.type === 'incidents' ? markRaw(payload.columns) : null
      // a window is set again by the load that brought it
      incidentWindow.value = incidentExtent.value = sourceAnalytics.value = null
    }
    else if (kind === 'cameras') cameras.value = payload?.type === 'cameras' ? markRaw(payload.columns) : null
    else if (kind === 'population') population.value = payload?.type === 'population' ? new Map(payload.rows) : null
    else if (kind === 'tracks') unitTracks.value = payload?.type === 'tracks' ? markRaw(payload.tracks) : null
    else features[kind].value = payload?.type === 'features' ? markRaw(payload.fc) : null
  }

  /** Start-up: each kind from the first of `from` that has something for it (by default the user's imports, then the demo). */
  async function init(from: readonly DataSource[] = defaultSources()) {
    sources = [...from]
    await loadFromSources()
  }

  async function loadFromSources() {
    const claims: { source: DataSource; entry: SourceEntry }[] = []
    servedBy.clear()
    entryOf.clear()
    for (const source of sources) {
      let entries: SourceEntry[] = []
      try {
        entries = await source.list()
      } catch (e) {
        storageError.value = errorMessage(e)
      }
      for (const entry of entries) {
        if (servedBy.has(entry.kind)) continue
        servedBy.set(entry.kind, source)
        entryOf.set(entry.kind, entry)
        claims.push({ source, entry })
      }
    }
    // what the sources had in hand (the user's removals and imports) is on the map at once
    const rest: typeof claims = []
    for (const c of claims) {
      const { kind, origin, data } = c.entry
      if (origin !== 'removed' && !data) {
        rest.push(c)
        continue
      }
      setPayload(kind, data?.payload ?? null)
      info.value[kind] = infoOf(c.entry)
      if (kind === 'incidents') incidentLoad.value = { state: 'done', rows: incidents.value?.count ?? 0, bytesRead: 0, totalBytes: null }
    }
    await loadRest(rest)
  }

  /** The kinds still to fetch: base layers only named (the map draws them from a URL), incidents streaming in, the rest all at once. */
  async function loadRest(claims: { source: DataSource; entry: SourceEntry }[]) {
    for (const c of claims) if (c.entry.deferred) info.value[c.entry.kind] = infoOf(c.entry)
    const streamed = claims.find((c) => c.entry.kind === 'incidents')
    if (streamed) void loadIncidentsFrom(streamed.source, streamed.entry)
    const now = claims.filter((c) => !c.entry.deferred && c !== streamed)
    areasState.value = 'loading'
    try {
      const got = await Promise.all(now.map((c) => c.source.load(c.entry.kind)))
      now.forEach((c, i) => {
        setPayload(c.entry.kind, got[i]?.payload ?? null)
        info.value[c.entry.kind] = infoOf(c.entry, got[i])
      })
      areasState.value = 'done'
    } catch (e) {
      areasState.value = 'error'
      areasError.value = errorMessage(e)
    }
  }

  /**
   * Loads incidents (in a worker, for the demo's); the previous incidents stay on the map until
   * the new set is complete. `window`: only those months, from a source that holds more.
   */
  async function loadIncidentsFrom(source: DataSource, entry: SourceEntry, window?: Period) {
    abort?.abort()
    const controller = new AbortController()
    abort = controller
    incidentLoad.value = { state: 'loading', rows: 0, bytesRead: 0, totalBytes: null }
    try {
      const got = await source.load('incidents', {
        signal: controller.signal,
        ...(window && { window }),
        onProgress: (p) => {
          if (abort === controller) incidentLoad.value = { state: 'loading', ...p }
        },
      })
      if (abort !== controller) return
      setPayload('incidents', got?.payload ?? null)
      incidentWindow.value = got?.window ?? null
      if (!window) firstWindow = incidentWindow.value
      incidentExtent.value = incidentWindow.value && (got?.extent ?? null)
      sourceAnalytics.value = incidentWindow.value && (source.analytics ?? null)
      info.value.incidents = infoOf(entry, got)
      incidentLoad.value = { state: 'done', rows: incidents.value?.count ?? 0, bytesRead: incidentLoad.value.bytesRead, totalBytes: incidentLoad.value.totalBytes }
    } catch (e) {
      if (abort !== controller) return
      const cancelled = e instanceof Error && e.name === 'AbortError'
      incidentLoad.value = { ...incidentLoad.value, state: cancelled ? 'cancelled' : 'error', message: errorMessage(e) }
    } finally {
      if (abort === controller) abort = null
    }
  }

  /** Reads one kind again from the source that serves it (after the server took an import of it). */
  async function reload(kind: DatasetKind) {
    const source = servedBy.get(kind), entry = entryOf.get(kind)
    if (!source || !entry || entry.deferred) return
    if (kind === 'incidents') return loadIncidentsFrom(source, entry)
    const got = await source.load(kind)
    setPayload(kind, got?.payload ?? null)
    info.value[kind] = infoOf(entry, got)
  }

  /**
   * Holds the incidents of `period` (null: the window the source chose first), loading whole
   * months from the source when the page holds a window that lacks some of them.
   */
  async function showIncidentPeriod(period: Period | null) {
    const current = incidentWindow.value
    // everything is in the page already
    if (current === null) return
    const wanted = period ?? firstWindow
    if (!wanted) return
    if (period ? windowCovers(current, period) : current.from === wanted.from && current.to === wanted.to) return
    const source = servedBy.get('incidents'), entry = entryOf.get('incidents')
    if (!source?.analytics || !entry) return
    await loadIncidentsFrom(source, entry, wanted ?? undefined)
  }

  function cancelIncidents() {
    abort?.abort()
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
    const k = keeper()
    if (k) servedBy.set(kind, k)
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
    const k = keeper()
    if (!k) return false
    servedBy.set(kind, k)
    try {
      await k.keepRemoval!(kind, at)
      storageError.value = null
      return true
    } catch (e) {
      storageError.value = errorMessage(e)
      return false
    }
  }

  /** Forget every import and removal, and load the demo district (the other sources) again. */
  async function resetToDemo() {
    try {
      await keeper()?.forget!()
    } catch (e) {
      storageError.value = errorMessage(e)
      return
    }
    for (const k of DATASET_KINDS) {
      setPayload(k, null)
      info.value[k] = { origin: 'none' }
    }
    await loadFromSources()
  }

  /** A base layer as data (occlusion, road network): the imported one, or its source's, loaded once by that source. */
  async function baseLayer(kind: 'buildings' | 'roads'): Promise<FeatureCollection | null> {
    const origin = info.value[kind].origin
    if (origin === 'removed' || origin === 'none') return null
    if (origin === 'imported') return features[kind].value
    const got = await servedBy.get(kind)?.load(kind)
    return got?.payload.type === 'features' ? got.payload.fc : null
  }
  const buildingFootprints = () => baseLayer('buildings')
  const roadLines = () => baseLayer('roads')
  /** The district's outline: the imported streets, else the outline the streets' source has. */
  async function districtOutline(): Promise<FeatureCollection | null> {
    const origin = info.value.streets.origin
    if (origin === 'imported') return streets.value
    if (origin === 'removed' || origin === 'none') return null
    const got = await servedBy.get('streets')?.load('district')
    return got?.payload.type === 'features' ? got.payload.fc : streets.value
  }

  /**
   * What a base layer of the map draws: the imported data, the source's file (its URL, which
   * MapLibre fetches itself, or for the roads the data the source fetched once), or nothing.
   */
  function baseSource(kind: 'roads'): Promise<FeatureCollection | string>
  function baseSource(kind: 'buildings' | 'streets'): FeatureCollection | string
  function baseSource(kind: 'roads' | 'buildings' | 'streets'): FeatureCollection | string | Promise<FeatureCollection | string> {
    const origin = info.value[kind].origin
    const imported = kind === 'roads' ? roads.value : kind === 'buildings' ? buildings.value : streets.value
    if (origin === 'imported' && imported) return imported
    const url = origin === 'imported' || origin === 'removed' || origin === 'none' ? null : servedBy.get(kind)?.urlOf?.(kind === 'streets' ? 'district' : kind) ?? null
    // the roads as data: the map's labels and the analyses share that one fetch; its URL if it fails
    if (kind === 'roads') return roadLines().then((fc) => fc ?? EMPTY, () => url ?? EMPTY)
    return url ?? EMPTY
  }

  /** The data of a kind as it is loaded now (from whichever source), e.g. to export it. */
  async function payloadOf(kind: DatasetKind): Promise<DatasetPayload | null> {
    if (kind === 'incidents') return incidents.value ? { type: 'incidents', columns: incidents.value } : null
    if (kind === 'cameras') return cameras.value ? { type: 'cameras', columns: cameras.value } : null
    if (kind === 'population') return population.value ? { type: 'population', rows: [...population.value] } : null
    if (kind === 'tracks') return unitTracks.value ? { type: 'tracks', tracks: unitTracks.value } : null
    const fc = features[kind].value ?? (kind === 'buildings' || kind === 'roads' ? await baseLayer(kind) : null)
    return fc ? { type: 'features', fc } : null
  }

  return {
    streets, compounds, grids, keySites, stations, checkpoints, roads, buildings, cameras, incidents, population, unitTracks, reports, info,
    areasState, areasError, storageError, incidentLoad, incidentWindow, incidentExtent, sourceAnalytics, count,
    init, reload, showIncidentPeriod, cancelIncidents, applyImport, removeDataset, resetToDemo, buildingFootprints, roadLines, districtOutline, baseSource, payloadOf,
  }
})
