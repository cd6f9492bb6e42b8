/**
 * window.pinganAutomation (see page-api.ts): what the headless `snapshot` command and the
 * browser tests call. It waits for the same things a person waits for — data loaded, the
 * worker's figures in, the map drawn — and exports through the desk's own export.
 */
import { watch } from 'vue'
import { validateScene, type Scene } from '../core/scenes'
import { BRIEFING_KINDS, briefingWindow } from '../core/briefing-window'
import { cityMap } from '../map/city-map-handle'
import { CITY_PADDING } from '../map/city-style'
import { mapHandle } from '../map/map-handle'
import { useCityStore } from '../stores/city'
import { useAnalyticsStore } from '../stores/analytics'
import { useAreaDisplayStore } from '../stores/area-display'
import { useDataStore } from '../stores/data'
import { useFiltersStore } from '../stores/filters'
import { useTimelineStore } from '../stores/timeline'
import { useViewStore } from '../stores/view'
import { districtBbox, exportMap, screenSize } from './export-service'
import type { CityCamera, CityCameraResult, PinganAutomation, SnapshotRequest, SnapshotResult } from './page-api'
import { presetSize, paperPixels, type Paper } from './snapshot-options'

function until(cond: () => boolean, timeoutMs = 180_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cond()) return resolve()
    const timer = setTimeout(() => {
      stop()
      reject(new Error('timed out waiting for the data and the map'))
    }, timeoutMs)
    const stop = watch(cond, (ok) => {
      if (ok) {
        clearTimeout(timer)
        stop()
        resolve()
      }
    })
  })
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()))

/** Data loaded, every running computation back, the map idle. */
async function settled(): Promise<void> {
  const data = useDataStore()
  const analytics = useAnalyticsStore()
  const area = useAreaDisplayStore()
  const timeline = useTimelineStore()
  const { map } = await mapHandle()
  await until(() => data.areasState !== 'idle' && data.areasState !== 'loading' && ['done', 'error', 'cancelled'].includes(data.incidentLoad.state))
  // let watchers start their worker requests before looking at their states
  await frame()
  await until(() => [analytics.state, analytics.coverageState, analytics.patrolState, area.statsState, area.hotState, timeline.state].every((s) => s !== 'running'))
  await frame()
  if (!map.loaded() || map.isMoving()) await new Promise<void>((r) => map.once('idle', () => r()))
}

/** One scene out of a scene object or a scenes file. */
export function pickScene(x: unknown, sceneId?: string): Scene {
  const list = typeof x === 'object' && x !== null && Array.isArray((x as { scenes?: unknown }).scenes) ? (x as { scenes: unknown[] }).scenes : [x]
  if (!list.length) throw new Error('the scenes file holds no scene')
  const scenes = list.map((s, i) => validateScene(s, i + 1))
  if (sceneId === undefined) return scenes[0]
  const hit = scenes.find((s) => s.id === sceneId)
  if (!hit) throw new Error(`no scene with id "${sceneId}" (ids: ${scenes.map((s) => s.id).join(', ')})`)
  return hit
}

async function applyScene(scene: Scene): Promise<void> {
  const view = useViewStore()
  view.layers = [...scene.layers]
  useFiltersStore().set({ ...scene.filter })
  const { map } = await mapHandle()
  map.jumpTo({ center: scene.center, zoom: scene.zoom })
  await settled()
}

/** The whole district in the map, clear of nothing: the desk's panels are not in an export. */
async function fitDistrict(): Promise<void> {
  const { map } = await mapHandle()
  map.fitBounds(districtBbox(), { padding: 40, duration: 0 })
  await settled()
}

function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

async function snapshot(req: SnapshotRequest): Promise<SnapshotResult> {
  if (req.brief !== undefined) {
    if (req.format !== 'pdf') throw new Error('brief: the 8:00 briefing is a PDF')
    if (!(BRIEFING_KINDS as readonly unknown[]).includes(req.brief?.kind)) throw new Error(`brief: kind must be one of ${BRIEFING_KINDS.join(', ')}`)
    // the date is checked before the map is drawn: a wrong one fails at once
    briefingWindow(req.brief.kind, String(req.brief.date))
  }
  let title = req.title
  if (req.scene !== undefined) {
    const scene = pickScene(req.scene, req.sceneId)
    await applyScene(scene)
    title ??= scene.title
  } else {
    await settled()
    await fitDistrict()
  }
  const paper: Paper | undefined = req.paper ?? (req.preset === 'a3' || req.preset === 'a4' ? req.preset : undefined)
  let size: { width: number; height: number; dpi?: number }
  if (req.width && req.height) size = { width: req.width, height: req.height, ...(req.dpi && { dpi: req.dpi }) }
  else if (paper) size = paperPixels(paper, req.dpi)
  else size = presetSize(req.preset ?? '4k', await screenSize(), req.dpi)
  const out = await exportMap({ format: req.format, width: size.width, height: size.height, dpi: size.dpi, paper, title, marking: req.marking, crimePages: req.crimePages === true, ...(req.brief ? { brief: req.brief } : {}) })
  return { base64: toBase64(out.bytes), mime: out.mime, fileName: out.fileName, width: out.width, height: out.height, pages: out.pages, ms: out.ms, legend: out.legend.map((b) => b.title ?? b.items?.[0]?.label ?? b.id), phases: out.phases }
}

async function cityCamera(c: CityCamera): Promise<CityCameraResult> {
  const city = useCityStore()
  const map = await cityMap()
  if (c.bounds) map.fitBounds(c.bounds, { padding: CITY_PADDING, duration: 0 })
  else map.jumpTo({ ...(c.center && { center: c.center }), ...(c.zoom !== undefined && { zoom: c.zoom }) })
  // a camera that did not move paints nothing, and no idle would follow
  map.triggerRepaint()
  await new Promise<void>((r) => map.once('idle', () => r()))
  if (city.street) {
    // the windows are read on moveend; the incidents are drawn on the frames after they (and their scale) arrive
    await until(() => city.streetReady)
    await frame()
    await frame()
    if (!map.loaded()) await new Promise<void>((r) => map.once('idle', () => r()))
  }
  const b = map.getBounds()
  return { zoom: map.getZoom(), view: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], drawn: map.getContainer().getAttribute('data-drawn') ?? '' }
}

export function installAutomation(): void {
  const api: PinganAutomation = { ready: settled, snapshot, cityCamera }
  window.pinganAutomation = api
}
