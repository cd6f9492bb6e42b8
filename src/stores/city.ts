import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { bboxesMeet, cityTileQuery, concatIncidents, districtsInView, CITY_STREET_ZOOM, type Bbox } from '../core/city-view'
import type { IncidentColumns } from '../core/incidents'
import { errorMessage } from '../core/text-format'
import { cityTilesUrl, fetchCity, windowUrl, type CityDistrict } from '../io/city-api'
import { loadIncidents } from '../workers/incidents-client'
import { analyticsWorker } from '../workers/analytics-client'
import { heatRadiusMetres, metresPerPixel } from '../map/layers/heat-units'
import { hexAreaKm2 } from '../map/layers/incident-hex-layer'
import { useFiltersStore } from './filters'
import { useIncidentDisplayStore } from './incident-display'
import { useServerStore } from './server'

/** sessionStorage: this tab shows the city (kept over the reload that another district's desk takes) */
const CITY_KEY = 'pingan-map-city'

/** A district's incidents inside a box, held while the box meets the view at street zoom. */
interface HeldWindow {
  bbox: Bbox
  /** the period it was read for (a change reads it again) */
  period: string
  /** null until the first read arrives; while a new read is under way, the last one's */
  columns: IncidentColumns | null
  abort: AbortController
}

/** A window reaches this much of the view's size beyond each edge, so that a small pan reads nothing. */
const WINDOW_MARGIN = 0.5

const grow = (b: Bbox, f: number): Bbox => {
  const dx = (b[2] - b[0]) * f, dy = (b[3] - b[1]) * f
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy]
}
const holds = (outer: Bbox, inner: Bbox) => outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]

/**
 * The city view (server mode): every district the user may see, the incidents as hexagon tiles
 * below street zoom and, from it, the incidents of the districts the view meets, read for the
 * window around the view. What leaves the view is let go (held windows dropped, reads aborted).
 */
export const useCityStore = defineStore('city', () => {
  const server = useServerStore()
  const filters = useFiltersStore()
  const display = useIncidentDisplayStore()
  const open = ref(sessionStorage.getItem(CITY_KEY) === '1')
  const districts = shallowRef<CityDistrict[]>([])
  const state = ref<'idle' | 'loading' | 'done' | 'error'>('idle')
  const error = ref('')
  const zoom = ref(0)
  const view = shallowRef<Bbox | null>(null)
  /** legend classes (lower bounds, per km²) of the hexagons drawn now */
  const breaks = shallowRef<number[]>([0])
  const windows = shallowRef(new Map<number, HeldWindow>())
  /** bumped when a window's columns arrive */
  const arrived = ref(0)

  const street = computed(() => zoom.value >= CITY_STREET_ZOOM)
  const query = computed(() => cityTileQuery(filters.spec))
  const tilesUrl = computed(() => cityTilesUrl(server.apiBase(), query.value, window.location.href))
  const period = computed(() => JSON.stringify([filters.spec.from, filters.spec.to]))

  /** The incidents held for the view, one set of columns; null until the first window arrives. */
  const incidents = computed<IncidentColumns | null>(() => {
    void arrived.value
    const parts = [...windows.value.values()].flatMap((w) => (w.columns ? [w.columns] : []))
    return parts.length ? concatIncidents(parts) : null
  })
  /** every window the view needs has arrived: the hexagons may go */
  const windowsReady = computed(() => {
    void arrived.value
    return windows.value.size > 0 && [...windows.value.values()].every((w) => w.columns !== null)
  })

  async function show(on = true) {
    open.value = on
    sessionStorage.setItem(CITY_KEY, on ? '1' : '0')
    if (on) await load()
  }

  let loading: Promise<void> | null = null
  /** Reads the districts once (again after a failure); every caller waits for the same read. */
  function load(): Promise<void> {
    if (state.value === 'done') return Promise.resolve()
    if (loading) return loading
    state.value = 'loading'
    loading = fetchCity(server.apiBase()).then((d) => {
      districts.value = d
      state.value = 'done'
    }, (e: unknown) => {
      error.value = errorMessage(e)
      state.value = 'error'
    }).finally(() => (loading = null))
    return loading
  }

  /** A district picked on the city map: its desk. */
  async function pick(id: number) {
    sessionStorage.setItem(CITY_KEY, '0')
    // another district is a fresh page (showDistrict): the desk under the city map reads nothing before it
    if (id !== server.districtId) await server.showDistrict(id)
    open.value = false
  }

  function setCamera(z: number, b: Bbox) {
    zoom.value = z
    view.value = b
    syncWindows()
  }

  /**
   * Street zoom: a window per district the view meets, read again when the view leaves it or the
   * period changes (the incidents read before stay drawn until the new ones arrive, so a pan never
   * blanks the map); the windows of districts out of view are let go.
   */
  function syncWindows() {
    const v = view.value
    const next = new Map(windows.value)
    const wanted = v && street.value && open.value ? new Set(districtsInView(districts.value, v)) : new Set<number>()
    let changed = false
    for (const [id, w] of next) {
      if (wanted.has(id)) continue
      w.abort.abort()
      next.delete(id)
      changed = true
    }
    for (const id of wanted) {
      const old = next.get(id)
      if (!v || (old && holds(old.bbox, v) && old.period === period.value)) continue
      const bbox = grow(v, WINDOW_MARGIN)
      const d = districts.value.find((x) => x.id === id)
      if (!d || !bboxesMeet(d.bbox, bbox)) continue
      old?.abort.abort()
      const w: HeldWindow = { bbox, period: period.value, columns: old?.columns ?? null, abort: new AbortController() }
      next.set(id, w)
      changed = true
      const url = windowUrl(server.apiBase(), id, bbox, filters.spec)
      loadIncidents({ url, columns: true }, { fileName: d.name, signal: w.abort.signal }).then(({ columns }) => {
        if (windows.value.get(id) !== w) return
        w.columns = columns
        arrived.value++
      }, (e: unknown) => {
        if (w.abort.signal.aborted) return
        error.value = errorMessage(e)
        if (windows.value.get(id) === w) {
          windows.value.delete(id)
          windows.value = new Map(windows.value)
        }
      })
    }
    if (changed) windows.value = next
  }

  watch(period, syncWindows)
  watch(open, (on) => {
    if (!on) syncWindows()
  })

  /**
   * Street zoom: where the incident colours end (per km², core/density-scale.ts), fitted in the
   * worker to the window's own points on cells about the heatmap's kernel at this zoom (or the
   * hexagons' area); null until the first fit. The desk's district would be the wrong yardstick.
   */
  const densityMax = ref<number | null>(null)
  const scaleCellM = computed(() => {
    if (display.mode === 'hexagon') return Math.sqrt(hexAreaKm2(display.hexRadius) * 1e6)
    const lat = view.value ? (view.value[1] + view.value[3]) / 2 : 36.7
    // whole zooms, so a zoom within one level fits nothing again
    return Math.max(25, Math.round(heatRadiusMetres(display.radius, metresPerPixel(Math.floor(zoom.value), lat))))
  })
  /** street zoom: the incidents can be drawn (their windows arrived and, but for points, their scale fitted) */
  const streetReady = computed(() => street.value && windowsReady.value && (display.mode === 'points' || densityMax.value !== null))
  let fits = 0
  async function fitScale() {
    const inc = incidents.value
    if (!inc || !street.value) return
    const id = ++fits
    const { count, lon, lat, time, timeTo, category, subtype } = inc
    const max = await analyticsWorker().densityScaleOf({ count, lon, lat, time, ...(timeTo && { timeTo }), category, subtype }, filters.plain(), scaleCellM.value).catch(() => null)
    if (id === fits && max != null) densityMax.value = max
  }
  watch([incidents, () => filters.spec, scaleCellM], () => void fitScale())

  function setBreaks(b: number[]) {
    if (b.join() !== breaks.value.join()) breaks.value = b
  }

  return { open, districts, state, error, zoom, view, street, query, tilesUrl, incidents, windowsReady, streetReady, breaks, densityMax, show, load, pick, setCamera, setBreaks }
})
