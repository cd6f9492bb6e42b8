import type { FeatureCollection } from 'geojson'

/**
 * Minimal shape check for an area/point layer file. Full validation (self-intersections,
 * duplicate ids, coordinate systems) belongs to the import pipeline; here a malformed file
 * must fail with a message that names it instead of breaking the map.
 */
export function asFeatureCollection(json: unknown, name: string): FeatureCollection {
  const fc = json as FeatureCollection
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new Error(`${name}: not a GeoJSON FeatureCollection`)
  }
  fc.features.forEach((f, i) => {
    if (!f || f.type !== 'Feature' || !f.geometry) throw new Error(`${name}: feature ${i + 1} has no geometry`)
  })
  return fc
}

export async function fetchFeatureCollection(url: string, name: string): Promise<FeatureCollection> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`)
  return asFeatureCollection(await res.json(), name)
}
