/**
 * The near-repeat risk zone as one (multi)polygon: the union of circles of the significant
 * distance around recent incidents, for the map layer and the briefing.
 */
import { union } from '@turf/union'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { radiiOfCurvature } from './near-repeat'

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
 * 0.2% of it at 48 vertices.
 */
export function riskZonePolygon(
  lon: Float64Array, lat: Float64Array, rows: ArrayLike<number>, radius: number, vertices = 48,
): Feature<Polygon | MultiPolygon> | null {
  const circles: Feature<Polygon>[] = Array.from({ length: rows.length }, (_, k) => ({
    type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [circleRing(lon[rows[k]], lat[rows[k]], radius, vertices)] },
  }))
  if (circles.length === 0) return null
  if (circles.length === 1) return circles[0]
  return union({ type: 'FeatureCollection', features: circles })
}
