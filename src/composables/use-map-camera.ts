/**
 * The desk map's camera and the view store kept in step: where the map opens, the camera it
 * reports back, and the fits and flights other panels ask for.
 */
import { watch } from 'vue'
import type * as maplibregl from 'maplibre-gl'
import { DEMO_META } from '../io/demo-files'
import { featuresBbox } from '../io/dataset-bbox'
import { useDataStore } from '../stores/data'
import { useSidePanelsStore } from '../stores/side-panels'
import { useViewStore } from '../stores/view'

export interface MapPadding { top: number; bottom: number; left: number; right: number }

/** `padding()`: the caller's own padding for fits (the wall's), or undefined for the desk's panels. */
export function useMapCamera(map: () => maplibregl.Map | null, padding: () => MapPadding | undefined) {
  const data = useDataStore()
  const view = useViewStore()

  function fitPadding(): MapPadding {
    const own = padding()
    if (own) return own
    // clear of the layer column on the left, the panel column on the right (and the zoom buttons beside it) and the timeline below
    // (the store asked for here, not above: the wall has no column, and its scenes must not move the desk's remembered panel)
    return { top: 30, bottom: 140, left: 250, right: useSidePanelsStore().shownWidth + 56 }
  }

  /** The district as the user's own streets draw it, else the demo's. */
  function startBounds(): [number, number, number, number] {
    return ((data.info.streets.origin === 'imported' || data.info.streets.origin === 'server') && data.streets && featuresBbox(data.streets)) || DEMO_META.bbox
  }

  /**
   * Runs a camera move and calls `done` when it ends (MapLibre ends an interrupted move too).
   * Listened for after the start: starting ends the move before it, whose end is not this one's.
   */
  function move(start: (m: maplibregl.Map) => void, done?: () => void) {
    const m = map()
    if (!m) return done?.()
    start(m)
    if (!done) return
    if (m.isMoving()) m.once('moveend', () => done())
    else done()
  }

  watch(() => view.fit, (f) => {
    if (f) move((m) => m.fitBounds(f.bbox, { padding: fitPadding(), duration: 800, maxZoom: 17 }), f.done)
  })

  watch(() => view.flight, (f) => {
    if (f) move((m) => m.flyTo({ center: f.center, zoom: f.zoom, duration: 1200 }), f.done)
  })

  /** What the user sees: the map's box inside the padding that the panels cover. */
  function seenBounds(m: maplibregl.Map): [number, number, number, number] | null {
    const { width, height } = m.getContainer().getBoundingClientRect()
    const p = fitPadding()
    if (width - p.left - p.right < 50 || height - p.top - p.bottom < 50) return null
    const nw = m.unproject([p.left, p.top])
    const se = m.unproject([width - p.right, height - p.bottom])
    return [nw.lng, se.lat, se.lng, nw.lat]
  }

  return {
    /** The camera to open with: a link carries its own view; a plain open shows the whole district. */
    startView(): Pick<maplibregl.MapOptions, 'center' | 'zoom' | 'bounds' | 'fitBoundsOptions'> {
      return ['c', 'z'].some((k) => new URLSearchParams(window.location.search).has(k))
        ? { center: view.center, zoom: view.zoom }
        // clear of the layer panel on the left and the panel column on the right
        : { bounds: startBounds(), fitBoundsOptions: { padding: fitPadding() } }
    },
    /** Reports the map's camera to the view store now and after every move. */
    follow(m: maplibregl.Map) {
      const syncCamera = () => {
        const c = m.getCenter()
        view.setCamera([c.lng, c.lat], m.getZoom(), seenBounds(m))
      }
      // the district fitted at start is a camera too: the heatmap legend's kernel in metres reads it
      syncCamera()
      m.on('moveend', syncCamera)
    },
  }
}
