/**
 * Synthetic areas for benchmarks: a Voronoi partition of `n` seeded random sites inside a
 * bbox (d3-delaunay clips the cells to it), so neighbouring areas share their edges exactly,
 * as compounds from a topology-preserving export do.
 */
import { Delaunay } from 'd3-delaunay'
import type { Feature, FeatureCollection, Polygon } from 'geojson'
import { prng } from './make-incidents-csv'

export type Bbox = [number, number, number, number]

export function voronoiAreas(n: number, bbox: Bbox, seed: number, idPrefix = 'C'): FeatureCollection<Polygon> {
  const rnd = prng(seed)
  const [x0, y0, x1, y1] = bbox
  const sites = new Float64Array(2 * n)
  for (let i = 0; i < n; i++) {
    sites[2 * i] = x0 + rnd() * (x1 - x0)
    sites[2 * i + 1] = y0 + rnd() * (y1 - y0)
  }
  const voronoi = new Delaunay(sites).voronoi(bbox)
  const features: Feature<Polygon>[] = []
  for (let i = 0; i < n; i++) {
    const ring = voronoi.cellPolygon(i)
    if (!ring) continue
    features.push({
      type: 'Feature',
      properties: { id: `${idPrefix}${i}`, name: `${idPrefix}${i}`, population: 500 + Math.floor(rnd() * 3000) },
      geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x, y])] },
    })
  }
  return { type: 'FeatureCollection', features }
}

/** `n` seeded uniform points in a bbox, with times over 2024 and the four categories. */
export function randomIncidents(n: number, bbox: Bbox, seed: number) {
  const rnd = prng(seed)
  const [x0, y0, x1, y1] = bbox
  const lon = new Float64Array(n), lat = new Float64Array(n), time = new Float64Array(n)
  const category = new Uint8Array(n)
  const t0 = Date.UTC(2024, 0, 1) - 8 * 3600_000
  for (let i = 0; i < n; i++) {
    lon[i] = x0 + rnd() * (x1 - x0)
    lat[i] = y0 + rnd() * (y1 - y0)
    time[i] = t0 + Math.floor(rnd() * 366 * 86400) * 1000
    category[i] = Math.floor(rnd() * 4)
  }
  return { count: n, lon, lat, time, category }
}
