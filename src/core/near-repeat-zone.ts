/**
 * The near-repeat risk zone as one (multi)polygon: the union of circles of the significant
 * distance around recent incidents, for the map layer and the briefing.
 */
import { union } from '@turf/union'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { ellipsoidDistance, radiiOfCurvature } from './near-repeat'

const RAD = Math.PI / 180

/**
 * A circle of `radius` metres around (lon, lat) on the ellipsoid, as a ring of `vertices` points
 * (the local radii of curvature: the same approximation as the near-repeat distances, so a
 * vertex is `radius` metres away by that measure).
 */
export function circleRing(lon: number, lat: number, radius: number, vertices = 48): [number, number][] {
  const { m, n } = radiiOfCurvature(lat)
  const dLat = radius / m / RAD
  const dLon = radius / (n * Math.cos(lat * RAD)) / RAD
  const ring: [number, number][] = []
  for (let k = 0; k < vertices; k++) {
    const a = (2 * Math.PI * k) / vertices
    ring.push([lon + dLon * Math.sin(a), lat + dLat * Math.cos(a)])
  }
  ring.push(ring[0])
  return ring
}

/**
 * Union of the circles around `rows` (null when there are none). A polygon vertex lies on the
 * circle, so the drawn area is inscribed: the chord's sagitta is radius·(1 − cos(π/vertices)),
 * 0.2% of it at 48 vertices. Only circles that touch are unioned (groups of centres closer than
 * two radii, found by a sweep in latitude): most recent incidents stand alone, and one polygon
 * clipping over hundreds of circles took seconds on the demo.
 */
export function riskZonePolygon(
  lon: Float64Array, lat: Float64Array, rows: ArrayLike<number>, radius: number, vertices = 48,
): Feature<Polygon | MultiPolygon> | null {
  const k = rows.length
  if (k === 0) return null
  const parent = Int32Array.from({ length: k }, (_, i) => i)
  const find = (i: number): number => { while (parent[i] !== i) i = parent[i] = parent[parent[i]]; return i }
  const byLat = Array.from({ length: k }, (_, i) => i).sort((u, v) => lat[rows[u]] - lat[rows[v]])
  // Degrees of latitude for two radii, with the smallest meridian radius (at the equator) so that no touching pair is missed.
  const span = (2 * radius) / radiiOfCurvature(0).m / RAD
  for (let a = 0; a < k; a++) {
    const i = rows[byLat[a]]
    for (let b = a + 1; b < k && lat[rows[byLat[b]]] - lat[i] <= span; b++) {
      const j = rows[byLat[b]]
      if (ellipsoidDistance(lon[i], lat[i], lon[j], lat[j]) < 2 * radius) parent[find(byLat[a])] = find(byLat[b])
    }
  }
  const groups = new Map<number, Feature<Polygon>[]>()
  for (let a = 0; a < k; a++) {
    const circle: Feature<Polygon> = {
      type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [circleRing(lon[rows[a]], lat[rows[a]], radius, vertices)] },
    }
    const g = groups.get(find(a))
    if (g) g.push(circle)
    else groups.set(find(a), [circle])
  }
  const polygons: Polygon['coordinates'][] = []
  for (const g of groups.values()) {
    const shape = g.length === 1 ? g[0] : union({ type: 'FeatureCollection', features: g })
    if (!shape) continue
    if (shape.geometry.type === 'Polygon') polygons.push(shape.geometry.coordinates)
    else polygons.push(...shape.geometry.coordinates)
  }
  if (polygons.length === 1) return { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: polygons[0] } }
  return { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: polygons } }
}
