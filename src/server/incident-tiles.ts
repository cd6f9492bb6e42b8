/**
 * The city view's incidents at city and district zoom (8-13): one Mapbox vector tile of
 * hexagons counted in PostGIS, so the browser gets what it draws and never the rows behind it.
 *
 * One hexagon grid per zoom for the whole world (ST_Hexagon in EPSG:3857, origin 0,0), a cell
 * ~20 px wide on a 512-px tile. Each incident is counted in the cell whose centre is nearest
 * (the hexagon holding it), computed arithmetically per row rather than by a spatial join of
 * points to polygons, and each cell is sent in exactly one tile, the one holding its centre,
 * whole: summing `n` over the tiles counts every incident once (the tests' oracle), and the
 * client must not clip features to the tile's edge.
 */
import type pg from 'pg'
import { CATEGORIES } from '../core/incidents'
import { SHANGHAI_OFFSET_MS } from '../core/periods'

export const TILE_MIN_ZOOM = 8
export const TILE_MAX_ZOOM = 13
/** the layer's name in every tile */
export const TILE_LAYER = 'incidents'
const EXTENT = 4096
/** cells across a tile's width, on a 512-px tile a cell is 512 / 25.6 = 20 px from vertex to vertex */
const CELLS_PER_TILE = 25.6
/** half of EPSG:3857's width, metres */
const HALF_WORLD = 20037508.342789244

export interface TileFilter {
  /** epoch ms, inclusive, on the incident's start time */
  from?: number
  /** epoch ms, exclusive */
  to?: number
  /** indexes into CATEGORIES; none: all */
  categories?: number[]
  /** bit h keeps local hour h; none: all */
  hours?: number
  /** bit 0 Monday … bit 6 Sunday, local; none: all */
  weekdays?: number
}

export interface TileQuery extends TileFilter { z: number; x: number; y: number }

/** the hexagon's edge (= centre-to-vertex) at zoom z, metres of EPSG:3857 */
export function hexEdge(z: number): number {
  return (2 * HALF_WORLD) / 2 ** z / (2 * CELLS_PER_TILE)
}

const perCategory = CATEGORIES.map((_, k) => `count(*) filter (where category = ${k})::int as c${k}`).join(', ')

/**
 * $1 z, $2 x, $3 y, $4 edge, $5 from, $6 to, $7 categories, $8 hours, $9 weekdays, $10 local offset (s).
 * The points are read from the tile grown by one edge (a cell whose centre is inside reaches
 * that far), by the geometry index; their mercator coordinates come from lon/lat directly.
 * Of the two columns of cells around a point, the nearer centre wins (a cell of a regular
 * hexagon grid is the set of points nearest its centre); odd columns sit half a cell up.
 */
const TILE_SQL = `
  with b as (
    select e, ST_XMin(e) as x0, ST_YMin(e) as y0, ST_XMax(e) as x1, ST_YMax(e) as y1,
      ST_Transform(ST_Expand(e, $4::float8), 4326) as near
    from (select ST_TileEnvelope($1::int, $2::int, $3::int) as e) t
  ),
  pts as (
    -- "offset 0" keeps each step a subquery evaluated once per row: inlined, the planner would
    -- repeat the logarithm in every expression that uses it
    select category, mx, my, floor(mx / (1.5 * $4::float8))::bigint as i0 from (
      select i.category, 6378137 * radians(i.lon) as mx, 6378137 * ln(tan(pi() / 4 + radians(i.lat) / 2)) as my
      from incidents i, b
      where i.geom && b.near
        and ($5::float8 is null or i.time >= to_timestamp($5::float8 / 1000))
        and ($6::float8 is null or i.time < to_timestamp($6::float8 / 1000))
        and ($7::smallint[] is null or i.category = any ($7::smallint[]))
        and ($8::int is null or ($8::int >> (floor((extract(epoch from i.time) + $10::float8) / 3600)::bigint % 24)::int) & 1 = 1)
        and ($9::int is null or ($9::int >> ((floor((extract(epoch from i.time) + $10::float8) / 86400)::bigint + 3) % 7)::int) & 1 = 1)
      offset 0) p
    offset 0
  ),
  cand as (
    select category, mx, my, i0, j0, j1,
      -- the centres of the two candidate cells: (1.5 e i, h (j + ½ when i is odd))
      h * (j0 + case when i0 % 2 <> 0 then 0.5 else 0 end) as y0, h * (j1 + case when i0 % 2 = 0 then 0.5 else 0 end) as y1
    from (select category, mx, my, i0, h,
        round((my - case when i0 % 2 <> 0 then h / 2 else 0 end) / h)::bigint as j0,
        round((my - case when i0 % 2 = 0 then h / 2 else 0 end) / h)::bigint as j1
      from pts, (select sqrt(3) * $4::float8 as h) k offset 0) c
    offset 0
  ),
  cells as (
    select category,
      case when d0 <= d1 then i0 else i0 + 1 end as i, case when d0 <= d1 then j0 else j1 end as j
    from (select category, i0, j0, j1,
        (mx - 1.5 * $4::float8 * i0) ^ 2 + (my - y0) ^ 2 as d0, (mx - 1.5 * $4::float8 * (i0 + 1)) ^ 2 + (my - y1) ^ 2 as d1
      from cand offset 0) d
  ),
  counted as (
    select i, j, count(*)::int as n, ${perCategory}, ST_Hexagon($4::float8, i::int, j::int) as hex
    from cells group by i, j
    offset 0
  ),
  owned as (
    -- the tile holding the cell's centre, half-open so that a centre on an edge has one tile
    select c.* from counted c, b,
      lateral (select 1.5 * $4::float8 * c.i as cx, sqrt(3) * $4::float8 * (c.j + case when c.i % 2 <> 0 then 0.5 else 0 end) as cy) m
    where m.cx >= b.x0 and m.cx < b.x1 and m.cy >= b.y0 and m.cy < b.y1
  )
  select ST_AsMVT(f, '${TILE_LAYER}', ${EXTENT}, 'geom') as tile from (
    select ST_AsMVTGeom(ST_SetSRID(o.hex, 3857), b.e, ${EXTENT}, $11::int, false) as geom,
      o.n, ${CATEGORIES.map((_, k) => `o.c${k}`).join(', ')},
      -- per km² of the cell's area on the ellipsoid: a mercator cell at 36°N is 1.5 times too big
      (o.n / (ST_Area(ST_Transform(ST_SetSRID(o.hex, 3857), 4326)::geography) / 1e6))::float8 as density
    from owned o, b
  ) f`

/** The tile's bytes under the caller's row security; empty when no incident falls in it. */
export async function incidentTile(c: pg.ClientBase, q: TileQuery): Promise<Buffer> {
  const edge = hexEdge(q.z)
  // tile units a whole cell reaches past the edge, with a margin for rounding
  const buffer = Math.ceil((edge / ((2 * HALF_WORLD) / 2 ** q.z)) * EXTENT) + 8
  const { rows } = await c.query<{ tile: Buffer | null }>(TILE_SQL, [
    q.z, q.x, q.y, edge, q.from ?? null, q.to ?? null, q.categories ?? null, q.hours ?? null, q.weekdays ?? null, SHANGHAI_OFFSET_MS / 1000, buffer,
  ])
  return rows[0]?.tile ?? Buffer.alloc(0)
}
