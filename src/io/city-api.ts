/**
 * The city as the server gives it: every district the user may see, with its outline (the union
 * of its streets), box and count (`GET /api/city`), and the address of the incident tiles
 * (`/api/tiles/incidents/{z}/{x}/{y}.mvt`, zoom 8–13: layer `incidents`, hexagons with n, c0..c4
 * and density per km² of true area, each hexagon whole in the one tile holding its centre).
 */
import type { Geometry } from 'geojson'
import type { Bbox } from '../core/city-view'
import { apiUrl, serverJson } from './server-api'

export interface CityDistrict {
  id: number
  code: string
  name: string
  bbox: Bbox
  /** the district's outline; null when it has no areas yet */
  outline: Geometry | null
  /** its incidents, all time */
  incidents: number
}

const isBbox = (b: unknown): b is Bbox => Array.isArray(b) && b.length === 4 && b.every((x) => typeof x === 'number' && Number.isFinite(x))

/** The districts the user may see; those without a box (neither streets nor incidents yet) have no place on the map and are left out. */
export async function fetchCity(base: string, signal?: AbortSignal): Promise<CityDistrict[]> {
  const answer = await serverJson<{ districts?: Partial<CityDistrict>[] }>(base, 'city', signal)
  return (answer.districts ?? []).filter((d): d is CityDistrict => typeof d.id === 'number' && isBbox(d.bbox))
    .map((d) => ({ id: d.id, code: String(d.code ?? ''), name: String(d.name ?? ''), bbox: d.bbox, outline: d.outline ?? null, incidents: Number(d.incidents ?? 0) }))
}

/**
 * The tiles' URL template for a query (core/city-view.ts cityTileQuery). Absolute: MapLibre
 * fetches tiles in its worker, where a path relative to the page means nothing.
 */
export function cityTilesUrl(base: string, query: string, page: string): string {
  const url = new URL(apiUrl(base, 'tiles/incidents/'), page).href
  // the braces stay literal: MapLibre fills them per tile
  return `${url}{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`
}

/** The incidents of one district inside a box and a period, as the binary columns (server's incident window). */
export function windowUrl(base: string, districtId: number, bbox: Bbox, period: { from: number | null; to: number | null }): string {
  const q = new URLSearchParams({ bbox: bbox.map((x) => x.toFixed(6)).join(',') })
  if (period.from !== null) q.set('from', String(period.from))
  if (period.to !== null) q.set('to', String(period.to))
  return apiUrl(base, `districts/${districtId}/incidents?${q}`)
}
