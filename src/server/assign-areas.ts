/**
 * Which area of each layer an incident falls in, decided ONCE when incidents or areas are
 * loaded, with the core's own join (src/core/spatial-join.ts) rather than in SQL: its edge rule
 * (a point on a shared edge belongs to the area east of it, or north of a horizontal edge, with
 * exact orientation predicates, even-odd over all rings, the earliest area where areas overlap)
 * has no exact PostGIS equivalent (ST_Intersects counts a shared edge in both areas, ST_Covers
 * likewise, ST_Contains in neither), and running the same code is the only way to guarantee
 * the server's counts equal the browser's and the CLI's. It is also fast: ~0.6 s for 1,000,000
 * points in 10,000 areas, against ~16 s for an ST_Intersects join measured on the same data.
 */
import type pg from 'pg'
import { areasFromGeoJson, type AreaSet } from '../core/areas'
import { buildAreaIndex, joinPoints } from '../core/spatial-join'

export const AREA_LAYERS = ['street', 'compound', 'grid', 'site'] as const
export type AreaLayer = (typeof AREA_LAYERS)[number]

/** The incidents column holding each layer's area: a fixed map, never built from input. */
export const LAYER_COLUMN: Record<AreaLayer, string> = { street: 'street_id', compound: 'compound_id', grid: 'grid_id', site: 'site_id' }

export function isAreaLayer(v: unknown): v is AreaLayer {
  return typeof v === 'string' && (AREA_LAYERS as readonly string[]).includes(v)
}

export interface StoredLayer {
  areas: AreaSet
  /** areas.id of area i of `areas` */
  dbIds: Float64Array
}

/** A layer's areas read back from the database in file order, as the core's AreaSet. */
export async function readLayer(c: pg.ClientBase, districtId: number, layer: AreaLayer): Promise<StoredLayer> {
  const { rows } = await c.query<{ id: number; source_id: string; name: string; parent_id: string | null; population: number | null; geometry: unknown }>(
    'select id, source_id, name, parent_id, population, geometry from areas where district_id = $1 and layer = $2 order by ord',
    [districtId, layer])
  const { areas, issues } = areasFromGeoJson(rows.map((r) => ({
    type: 'Feature',
    properties: { id: r.source_id, name: r.name, parent_id: r.parent_id, population: r.population },
    geometry: r.geometry,
  })))
  // every stored area passed the same reader when it was loaded
  if (issues.length > 0 || areas.count !== rows.length) throw new Error(`stored ${layer} areas no longer read back: ${issues[0]?.detail ?? 'count differs'}`)
  return { areas, dbIds: Float64Array.from(rows, (r) => r.id) }
}

/** areas.id of each point's area in the layer, NaN where it is in none. */
export function assignPoints(layer: StoredLayer, lon: Float64Array, lat: Float64Array, count: number): Float64Array {
  return layerAssigner(layer)(lon, lat, count)
}

/** assignPoints with the layer's index built once, for a load that assigns batch after batch. */
export function layerAssigner(layer: StoredLayer): (lon: Float64Array, lat: Float64Array, count: number) => Float64Array {
  const index = layer.areas.count === 0 ? null : buildAreaIndex(layer.areas)
  return (lon, lat, count) => {
    const out = new Float64Array(count).fill(NaN)
    if (!index) return out
    const at = joinPoints(index, lon, lat, count)
    for (let i = 0; i < count; i++) if (at[i] >= 0) out[i] = layer.dbIds[at[i]]
    return out
  }
}
