/**
 * The live map drawn again, off screen, at an export's size: a second MapLibre map with the
 * same style and camera and a deck.gl instance with clones of the same layers, at the pixel
 * ratio of the layout. The user's map is never resized or moved, and the result does not
 * depend on the window's size.
 */
import type * as maplibregl from 'maplibre-gl'
import type { StyleSpecification } from 'maplibre-gl'
import { Deck, MapView, type Layer } from '@deck.gl/core'
import type { MapHandle } from '../map/map-handle'
import { createMap } from '../map/create-map'
import type { SnapshotLayout } from './snapshot-layout'

export interface MapCamera { center: [number, number]; zoom: number; bearing: number; pitch: number }

export function cameraOf(map: maplibregl.Map): MapCamera {
  const c = map.getCenter()
  return { center: [c.lng, c.lat], zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() }
}

/** A render that never settles (a tile server that hangs) gives up after this and draws what it has. */
const SETTLE_TIMEOUT_MS = 90_000

/**
 * The map rectangle of `layout` as a canvas of exactly layout.map.width × height device
 * pixels: base map, then the deck.gl layers (the screen's, or `only`). `restyle` changes the
 * base map's style (a light print style) for this image only.
 */
export async function renderMapCanvas(
  handle: MapHandle, camera: MapCamera, layout: SnapshotLayout, phases: Record<string, number> = {}, only?: Layer[],
  restyle?: (style: StyleSpecification) => StyleSpecification,
): Promise<HTMLCanvasElement> {
  const t0 = performance.now()
  const since = () => Math.round(performance.now() - t0)
  const { cssWidth, cssHeight, pixelRatio } = layout
  const host = document.createElement('div')
  // laid out (MapLibre reads its size) but out of sight and out of the way
  host.style.cssText = `position:fixed;left:-${cssWidth + 100}px;top:0;width:${cssWidth}px;height:${cssHeight}px;pointer-events:none;`
  host.setAttribute('aria-hidden', 'true')
  document.body.append(host)
  let map: maplibregl.Map | null = null
  let deck: Deck<MapView> | null = null
  try {
    map = createMap({
      container: host,
      style: restyle ? restyle(handle.map.getStyle()) : handle.map.getStyle(),
      center: camera.center,
      zoom: camera.zoom,
      bearing: camera.bearing,
      pitch: camera.pitch,
      pixelRatio,
      maxCanvasSize: [16384, 16384],
      interactive: false,
      fadeDuration: 0,
    })
    const mapDone = new Promise<void>((resolve) => map!.once('idle', () => {
      phases.mapIdle = since()
      resolve()
    }))

    const deckCanvas = document.createElement('canvas')
    deckCanvas.style.cssText = `position:absolute;left:0;top:0;width:${cssWidth}px;height:${cssHeight}px;`
    host.append(deckCanvas)
    // `only`: the layers of a map of its own (a briefing's crime page), else what the screen draws
    const layers: Layer[] = only ?? handle.layers().map((l) => l.clone({}))
    let resolveDeck: () => void = () => {}
    const deckDone = new Promise<void>((resolve) => (resolveDeck = resolve))
    const d = new Deck<MapView>({
      canvas: deckCanvas,
      width: cssWidth,
      height: cssHeight,
      useDevicePixels: pixelRatio,
      views: new MapView({ repeat: true }),
      viewState: { longitude: camera.center[0], latitude: camera.center[1], zoom: camera.zoom, bearing: camera.bearing, pitch: camera.pitch },
      controller: false,
      layers,
      onAfterRender: () => {
        if (layers.every((l) => l.isLoaded)) {
          phases.layersLoaded ??= since()
          resolveDeck()
        }
      },
    })
    deck = d
    const settled = await Promise.race([
      Promise.all([mapDone, deckDone]).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), SETTLE_TIMEOUT_MS)),
    ])
    if (!settled) console.warn('map export: the map did not settle in time; drawing what is loaded')
    // one more frame of each with everything loaded, read right after it
    map.triggerRepaint()
    await new Promise<void>((resolve) => map!.once('render', () => resolve()))
    phases.mapFrame = since()
    d.redraw('export')
    phases.deckFrame = since()

    const out = document.createElement('canvas')
    out.width = layout.map.width
    out.height = layout.map.height
    const ctx = out.getContext('2d')
    if (!ctx) throw new Error('no 2D canvas for the export')
    ctx.drawImage(map.getCanvas(), 0, 0, out.width, out.height)
    ctx.drawImage(deckCanvas, 0, 0, out.width, out.height)
    phases.read = since()
    return out
  } finally {
    deck?.finalize()
    map?.remove()
    host.remove()
  }
}
