import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef } from 'vue'
import type { FeatureCollection } from 'geojson'
import type { CameraColumns } from '../core/cameras'
import type { IncidentColumns } from '../core/incidents'
import { readCamerasCsv } from '../io/cameras-csv'
import { DEMO_URLS } from '../io/demo-files'
import { fetchFeatureCollection } from '../io/geojson-layer-file'
import type { ImportReport } from '../io/import-report'
import { loadIncidents, type IncidentSource } from '../workers/incidents-client'

export type LoadState = 'idle' | 'loading' | 'done' | 'cancelled' | 'error'

export interface IncidentLoadStatus {
  state: LoadState
  rows: number
  bytesRead: number
  totalBytes: number | null
  message?: string
}

/** Single source of truth for loaded data. Big columns are held raw, never made reactive. */
export const useDataStore = defineStore('data', () => {
  const streets = shallowRef<FeatureCollection | null>(null)
  const compounds = shallowRef<FeatureCollection | null>(null)
  const keySites = shallowRef<FeatureCollection | null>(null)
  const stations = shallowRef<FeatureCollection | null>(null)
  const checkpoints = shallowRef<FeatureCollection | null>(null)
  const cameras = shallowRef<CameraColumns | null>(null)
  const incidents = shallowRef<IncidentColumns | null>(null)
  const reports = shallowRef<ImportReport[]>([])
  const areasState = ref<LoadState>('idle')
  const areasError = ref<string | null>(null)
  const incidentLoad = ref<IncidentLoadStatus>({ state: 'idle', rows: 0, bytesRead: 0, totalBytes: null })
  let abort: AbortController | null = null

  async function loadDemoAreas() {
    areasState.value = 'loading'
    try {
      const [s, c, k, st, cp, camText] = await Promise.all([
        fetchFeatureCollection(DEMO_URLS.streets, 'streets.geojson'),
        fetchFeatureCollection(DEMO_URLS.compounds, 'compounds.geojson'),
        fetchFeatureCollection(DEMO_URLS.keySites, 'key_sites.geojson'),
        fetchFeatureCollection(DEMO_URLS.stations, 'stations.geojson'),
        fetchFeatureCollection(DEMO_URLS.checkpoints, 'checkpoints.geojson'),
        fetch(DEMO_URLS.cameras).then((r) => r.text()),
      ])
      streets.value = markRaw(s)
      compounds.value = markRaw(c)
      keySites.value = markRaw(k)
      stations.value = markRaw(st)
      checkpoints.value = markRaw(cp)
      const cam = readCamerasCsv(camText, 'cameras.csv')
      cameras.value = markRaw(cam.cameras)
      reports.value = [...reports.value, cam.report]
      areasState.value = 'done'
    } catch (e) {
      areasState.value = 'error'
      areasError.value = e instanceof Error ? e.message : String(e)
    }
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
      reports.value = [...reports.value, result.report]
      incidentLoad.value = { state: 'done', rows: result.columns.count, bytesRead: incidentLoad.value.bytesRead, totalBytes: incidentLoad.value.totalBytes }
    } catch (e) {
      if (abort !== controller) return
      const cancelled = e instanceof Error && e.name === 'AbortError'
      incidentLoad.value = { ...incidentLoad.value, state: cancelled ? 'cancelled' : 'error', message: e instanceof Error ? e.message : String(e) }
    } finally {
      if (abort === controller) abort = null
    }
  }

  function cancelIncidents() {
    abort?.abort()
  }

  return {
    streets, compounds, keySites, stations, checkpoints, cameras, incidents, reports,
    areasState, areasError, incidentLoad, loadDemoAreas, loadIncidentsFrom, cancelIncidents,
  }
})
