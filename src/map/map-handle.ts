/**
 * The desk's live map and the deck.gl layers it draws, for the exports: they re-create the
 * same view at another size. MapView registers itself; nothing else writes here.
 */
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { Layer } from '@deck.gl/core'

export interface MapHandle {
  map: MaplibreMap
  /** the layers as last handed to deck.gl, bottom first */
  layers: () => Layer[]
}

let current: MapHandle | null = null
const waiting: ((h: MapHandle) => void)[] = []

export function registerMap(handle: MapHandle | null): void {
  current = handle
  if (handle) waiting.splice(0).forEach((resolve) => resolve(handle))
}

export function currentMap(): MapHandle | null {
  return current
}

/** The live map once it exists. */
export function mapHandle(): Promise<MapHandle> {
  return current ? Promise.resolve(current) : new Promise((resolve) => waiting.push(resolve))
}
