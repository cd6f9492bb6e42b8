/**
 * An area layer into the database, read by the core's reader (same checks and issues as the
 * browser import and the CLI): the file replaces the layer (areas upserted on their source id,
 * those no longer in the file deleted), then every incident of the district is assigned to the
 * new layer again. Run inside the caller's transaction.
 */
import type pg from 'pg'
import { areasFromGeoJson, type AreaIssue, type AreaSetOptions } from '../core/areas'
import { LAYER_COLUMN, assignPoints, readLayer, type AreaLayer } from './assign-areas'
import { copyRows } from './copy-in'
import { copyRow } from './copy-text'

export interface AreaLoadResult {
  areas: number
  issues: AreaIssue[]
  /** incidents of the district now in an area of this layer */
  assigned: number
}

export class NoUsableAreas extends Error {}

type Json = Record<string, unknown>

/** The features the reader kept, in its order: every feature but those it skipped. */
function keptFeatures(input: unknown, issues: AreaIssue[]): Json[] {
  const features = (Array.isArray(input) ? input : (input as { features: unknown[] }).features) as Json[]
  // bad_population is reported but the area is kept
  const skipped = new Set(issues.filter((i) => i.reason !== 'bad_population').map((i) => i.feature))
  return features.filter((_, f) => !skipped.has(f))
}

/** PostGIS wants closed rings; the core accepts open ones and closes them implicitly. */
function closedMultiPolygon(geometry: Json): Json {
  const close = (ring: number[][]) => {
    const a = ring[0], b = ring[ring.length - 1]
    return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a]
  }
  const polys = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][]
  return { type: 'MultiPolygon', coordinates: polys.map((p) => p.map(close)) }
}

export async function loadAreaLayer(c: pg.ClientBase, districtId: number, layer: AreaLayer, input: unknown, opts: AreaSetOptions = {}): Promise<AreaLoadResult> {
  const { areas, issues } = areasFromGeoJson(input, opts)
  if (areas.count === 0) throw new NoUsableAreas(`no usable areas${issues[0] ? ` (${issues[0].detail || issues[0].reason})` : ''}`)
  const kept = keptFeatures(input, issues)
  if (kept.length !== areas.count) throw new Error(`area reader kept ${areas.count} features, ${kept.length} expected`)
  const geometries = kept.map((f) => f.geometry as Json)
  await c.query(`
    insert into areas (district_id, layer, source_id, ord, name, parent_id, population, geometry, geom)
    select $1, $2, u.source_id, u.ord, u.name, u.parent_id, u.population, u.geometry, ST_Multi(ST_GeomFromGeoJSON(u.closed))
    from unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::float8[], $8::jsonb[], $9::text[])
      as u (source_id, ord, name, parent_id, population, geometry, closed)
    on conflict (district_id, layer, source_id) do update set
      ord = excluded.ord, name = excluded.name, parent_id = excluded.parent_id, population = excluded.population,
      geometry = excluded.geometry, geom = excluded.geom`,
  [districtId, layer, areas.ids, areas.ids.map((_, i) => i), areas.names, areas.parentIds,
    Array.from(areas.population, (p) => (Number.isNaN(p) ? null : p)),
    geometries.map((g) => JSON.stringify(g)), geometries.map((g) => JSON.stringify(closedMultiPolygon(g)))])
  await c.query('delete from areas where district_id = $1 and layer = $2 and not (source_id = any ($3::text[]))', [districtId, layer, areas.ids])
  const assigned = await reassignLayer(c, districtId, layer)
  return { areas: areas.count, issues, assigned }
}

/** Every incident of the district assigned again to the layer's areas as they now are. */
async function reassignLayer(c: pg.ClientBase, districtId: number, layer: AreaLayer): Promise<number> {
  const stored = await readLayer(c, districtId, layer)
  const { rows } = await c.query<{ id: number; lon: number; lat: number }>('select id, lon, lat from incidents where district_id = $1', [districtId])
  if (rows.length === 0) return 0
  const lon = Float64Array.from(rows, (r) => r.lon)
  const lat = Float64Array.from(rows, (r) => r.lat)
  const area = assignPoints(stored, lon, lat, rows.length)
  await c.query('create temp table incoming_assignment (id bigint, area bigint) on commit drop')
  await copyRows(c, 'copy incoming_assignment from stdin', rows.length, (i) => copyRow([rows[i].id, Number.isNaN(area[i]) ? null : area[i]]))
  // without statistics the planner takes the table for small and probes every month's
  // partition of the incidents once per row
  await c.query('analyze incoming_assignment')
  const column = LAYER_COLUMN[layer]
  await c.query(`update incidents i set ${column} = a.area from incoming_assignment a where i.id = a.id and i.${column} is distinct from a.area`)
  await c.query('drop table incoming_assignment')
  return area.reduce((n, v) => n + (Number.isNaN(v) ? 0 : 1), 0)
}
