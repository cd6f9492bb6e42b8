import type { FeatureCollection, Geometry, Position } from 'geojson'
import type { DatasetPayload } from './dataset-db'

export type Bbox = [number, number, number, number]

function grow(b: Bbox, x: number, y: number) {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return
  if (x < b[0]) b[0] = x
  if (y < b[1]) b[1] = y
  if (x > b[2]) b[2] = x
  if (y > b[3]) b[3] = y
}

function visit(c: unknown, b: Bbox) {
  if (!Array.isArray(c)) return
  if (typeof c[0] === 'number') {
    const p = c as Position
    grow(b, p[0], p[1])
  } else for (const x of c) visit(x, b)
}

/** minLon, minLat, maxLon, maxLat of all coordinates, or null when there are none. */
export function featuresBbox(fc: FeatureCollection<Geometry | null>): Bbox | null {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity]
  for (const f of fc.features) {
    const g = f.geometry
    if (!g) continue
    if (g.type === 'GeometryCollection') for (const h of g.geometries) visit('coordinates' in h ? h.coordinates : null, b)
    else visit(g.coordinates, b)
  }
  return b[0] <= b[2] ? b : null
}

function columnsBbox(lon: ArrayLike<number>, lat: ArrayLike<number>, n: number): Bbox | null {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity]
  for (let i = 0; i < n; i++) grow(b, lon[i], lat[i])
  return b[0] <= b[2] ? b : null
}

/** The extent of an imported dataset (population has none). */
export function payloadBbox(p: DatasetPayload): Bbox | null {
  switch (p.type) {
    case 'features': return featuresBbox(p.fc)
    case 'incidents':
    case 'cameras': return columnsBbox(p.columns.lon, p.columns.lat, p.columns.count)
    case 'tracks': return columnsBbox(p.tracks.lon, p.tracks.lat, p.tracks.count)
    default: return null
  }
}
