/**
 * The city view's live map (CityView registers it), for a program driving the page: the city
 * benchmark moves the camera through it. Kept apart from map-handle.ts, whose map is the desk's
 * and whose exports must never draw the city map instead.
 */
import type { Map as MaplibreMap } from 'maplibre-gl'

let current: MaplibreMap | null = null
const waiting: ((m: MaplibreMap) => void)[] = []

export function registerCityMap(map: MaplibreMap | null): void {
  current = map
  if (map) waiting.splice(0).forEach((resolve) => resolve(map))
}

/** The city map once it exists. */
export function cityMap(): Promise<MaplibreMap> {
  return current ? Promise.resolve(current) : new Promise((resolve) => waiting.push(resolve))
}
