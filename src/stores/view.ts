import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { LAYER_IDS, type LayerId } from '../core/layer-ids'
import { defaultView, parseViewState, serializeViewState, type ViewState } from '../core/url-state'
import { DEMO_META } from '../io/demo-files'
import { i18n } from '../i18n'

/** Camera, visible layers and language; mirrored into the URL so that a link reopens the same map. */
export const useViewStore = defineStore('view', () => {
  const initial = parseViewState(window.location.search, defaultView(DEMO_META.center, 12))
  const center = ref<[number, number]>(initial.center)
  const zoom = ref(initial.zoom)
  const layers = ref<LayerId[]>(initial.layers)
  const lang = ref<ViewState['lang']>(initial.lang)
  const visible = computed(() => new Set(layers.value))
  /** The extent the map shows clear of the panels over it (minLon, minLat, maxLon, maxLat); null until the map reports. */
  const bounds = ref<[number, number, number, number] | null>(null)

  function setCamera(c: [number, number], z: number, b: [number, number, number, number] | null = null) {
    center.value = c
    zoom.value = z
    bounds.value = b
  }
  function toggleLayer(id: LayerId, on = !layers.value.includes(id)) {
    const set = new Set(layers.value)
    if (on) set.add(id)
    else set.delete(id)
    layers.value = LAYER_IDS.filter((l) => set.has(l))
  }
  /** A request for the map to fly somewhere (a new object each time, so the same place twice flies twice). */
  const flight = ref<{ center: [number, number]; zoom: number; done?: () => void } | null>(null)
  /** Resolves when the map has arrived (or was sent elsewhere first). */
  function flyTo(c: [number, number], z: number): Promise<void> {
    return new Promise((done) => (flight.value = { center: c, zoom: z, done }))
  }
  /** A request to show a whole extent (minLon, minLat, maxLon, maxLat), e.g. a dataset just imported. */
  const fit = ref<{ bbox: [number, number, number, number]; done?: () => void } | null>(null)
  /** Resolves when the map has arrived (or was sent elsewhere first). */
  function fitBounds(bbox: [number, number, number, number]): Promise<void> {
    return new Promise((done) => (fit.value = { bbox, done }))
  }
  function setLang(l: ViewState['lang']) {
    lang.value = l
  }

  watch(lang, (l) => {
    i18n.global.locale.value = l
    document.documentElement.lang = l
  }, { immediate: true })

  watch([center, zoom, layers, lang], () => {
    const search = serializeViewState({ center: center.value, zoom: zoom.value, layers: layers.value, lang: lang.value }, window.location.search)
    window.history.replaceState(window.history.state, '', `${window.location.pathname}?${search}${window.location.hash}`)
  })

  return { center, zoom, bounds, layers, lang, visible, flight, fit, setCamera, toggleLayer, setLang, flyTo, fitBounds }
})
