/**
 * The one MapLibre set-up of the app: the desk's map, the side-by-side maps and the export's
 * off-screen map are made here, so they render text, keep their pixels and load their worker
 * the same way.
 */
import * as maplibregl from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { MapboxOverlay, type MapboxOverlayProps } from '@deck.gl/mapbox'
import type { BaseMapConfig } from '../core/app-config'
import { LABEL_FONT } from './theme'

maplibregl.setWorkerUrl(workerUrl)

/**
 * A MapLibre map with the app's shared options: CJK glyphs drawn locally in the label font
 * (no glyph server), no attribution control, and a drawing buffer that survives the frame so
 * that screenshots and the export can read it. `options` adds the style, the camera and the rest.
 */
export function createMap(options: maplibregl.MapOptions): maplibregl.Map {
  return new maplibregl.Map({
    localIdeographFontFamily: `'${LABEL_FONT}', sans-serif`,
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true },
    ...options,
  })
}

/** deck.gl drawn over a MapLibre map (add it with map.addControl). */
export function createDeckOverlay(props: Omit<MapboxOverlayProps, 'interleaved'>): MapboxOverlay {
  // Overlaid, not interleaved: deck.gl 9.4's HeatmapLayer fails inside MapLibre's context
  // ('Cannot read properties of undefined (reading height)').
  return new MapboxOverlay({ interleaved: false, ...props })
}

/** A PMTiles base map needs MapLibre to know the pmtiles:// protocol before the style is set. */
export async function registerPmtilesProtocol(config: BaseMapConfig): Promise<void> {
  if (config.type !== 'pmtiles') return
  const { Protocol } = await import('pmtiles')
  maplibregl.addProtocol('pmtiles', new Protocol().tile)
}
