/**
 * The city view's incidents at city and district zoom (8-13): one Mapbox vector tile of
 * hexagons counted in PostGIS, so the browser gets what it draws and never the rows behind it.
 *
 * One hexagon grid per zoom for the whole world (ST_Hexagon in EPSG:3857, origin 0,0), a cell
 * ~20 px wide on a 512-px tile. Each incident is counted in the cell whose centre is nearest
 * (the hexagon holding it, migration 011's pingan_hex_cell), computed arithmetically per row
 * rather than by a spatial join of points to polygons, and each cell is sent in exactly one
 * tile, the one holding its centre (pingan_hex_tile), whole: summing `n` over the tiles counts
 * every incident once (the tests' oracle), and the client must not clip features to the tile's edge.
 *
 * The whole local months of the period are read from the cell rollups (incident_cells, kept
 * current by 011's triggers), the partial months at either end from the incidents: a tile of
 * two years reads its counted cells, not its incidents.
 */
import type pg from 'pg'
import { CATEGORIES } from '../core/incidents'
import { formatLocalDate, monthOf, SHANGHAI_OFFSET_MS } from '../core/periods'

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

/** the hexagon's edge (= centre-to-vertex) at zoom z, metres of EPSG:3857; migration 011's pingan_hex_edge computes the same */
export function hexEdge(z: number): number {
  return (2 * HALF_WORLD) / 2 ** z / (2 * CELLS_PER_TILE)
}

const perCategory = CATEGORIES.map((_, k) => `coalesce(sum(n) filter (where category = ${k}), 0)::int as c${k}`).join(', ')

/** the tile's hexagon edge, folded to a constant at planning (an immutable function of a parameter) */
const EDGE = 'pingan_hex_edge($1::int)'

/**
 * The incidents of the tile's cells in [from, to) as (category, i, j, n = 1) rows, when `on`:
 * the points are read from the tile grown by a cell's edge (a cell whose centre is inside
 * reaches that far, with a margin for rounding), by the geometry index or by the time index,
 * whichever the planner finds cheaper; a false `on` is folded away at planning.
 */
const rawCells = (on: number, from: number, to: number) => `
    select i.category, h.i, h.j, 1 as n
    from incidents i, b, lateral pingan_hex_cell(i.lon, i.lat, $1::int) h, lateral pingan_hex_tile(h.i, h.j, $1::int) t
    where $${on}::boolean and i.geom && b.near and t.tx = $2::int and t.ty = $3::int
      and ($${from}::float8 is null or i.time >= to_timestamp($${from}::float8 / 1000))
      and ($${to}::float8 is null or i.time < to_timestamp($${to}::float8 / 1000))
      and ($4::smallint[] is null or i.category = any ($4::smallint[]))
      and ($5::int is null or ($5::int >> (floor((extract(epoch from i.time) + $7::float8) / 3600)::bigint % 24)::int) & 1 = 1)
      and ($6::int is null or ($6::int >> ((floor((extract(epoch from i.time) + $7::float8) / 86400)::bigint + 3) % 7)::int) & 1 = 1)`

/**
 * $1 z, $2 x, $3 y, $4 categories, $5 hours, $6 weekdays, $7 local offset (s), $8 the tile's
 * buffer (tile units); two ranges of raw rows: $9 on, $10 from, $11 to and $12 on, $13 from,
 * $14 to (epoch ms, null: open); the rollups: $15 on, $16 first month, $17 month after the last
 * (local first days, null: open).
 */
const TILE_SQL = `
  with b as (
    select e, ST_Transform(ST_Expand(e, 1.01 * ${EDGE}), 4326) as near
    from (select ST_TileEnvelope($1::int, $2::int, $3::int) as e) t
  ),
  cells as (${rawCells(9, 10, 11)}
    union all ${rawCells(12, 13, 14)}
    union all
    select r.category, r.i, r.j, r.n from incident_cells r
    where $15::boolean and r.z = $1::int and r.tx = $2::int and r.ty = $3::int
      and ($16::date is null or r.month >= $16::date) and ($17::date is null or r.month < $17::date)
      and ($4::smallint[] is null or r.category = any ($4::smallint[]))
  ),
  counted as (
    select i, j, sum(n)::int as n, ${perCategory}, ST_Hexagon(${EDGE}, i::int, j::int) as hex
    from cells group by i, j
    -- a rollup row counted down to 0 by deletes is no cell
    having sum(n) > 0
    offset 0
  )
  select ST_AsMVT(f, '${TILE_LAYER}', ${EXTENT}, 'geom') as tile from (
    select ST_AsMVTGeom(ST_SetSRID(o.hex, 3857), b.e, ${EXTENT}, $8::int, false) as geom,
      o.n, ${CATEGORIES.map((_, k) => `o.c${k}`).join(', ')},
      -- per km² of the cell's area on the ellipsoid: a mercator cell at 36°N is 1.5 times too big
      (o.n / (ST_Area(ST_Transform(ST_SetSRID(o.hex, 3857), 4326)::geography) / 1e6))::float8 as density
    from counted o, b
  ) f`

type Range = [from: number | null, to: number | null]

/**
 * Which parts of the period come from where: the whole local months inside [from, to) from the
 * rollups, the rest from the incidents. An hours or weekdays filter reads the incidents only:
 * the rollups have no hour or weekday in their key. `raw` forces the incidents (the tests'
 * reference).
 */
export function tileSources(q: TileFilter, raw = false): { raw: Range[]; months: [string | null, string | null] | null } {
  const from = q.from ?? null, to = q.to ?? null
  if (raw || q.hours !== undefined || q.weekdays !== undefined) return { raw: [[from, to]], months: null }
  const lo = from === null ? null : monthOf(from).from === from ? from : monthOf(from).to
  const hi = to === null ? null : monthOf(to).from
  if (lo !== null && hi !== null && lo >= hi) return { raw: [[from, to]], months: null }
  const ranges: Range[] = []
  if (from !== null && lo! > from) ranges.push([from, lo])
  if (to !== null && hi! < to) ranges.push([hi, to])
  return { raw: ranges, months: [lo === null ? null : formatLocalDate(lo), hi === null ? null : formatLocalDate(hi)] }
}

/**
 * The tile's bytes under the caller's row security; empty when no incident falls in it.
 * `raw`: count the incidents only, never the rollups (the tests compare the two).
 */
export async function incidentTile(c: pg.ClientBase, q: TileQuery, opts: { raw?: boolean } = {}): Promise<Buffer> {
  const edge = hexEdge(q.z)
  // tile units a whole cell reaches past the edge, with a margin for rounding
  const buffer = Math.ceil((edge / ((2 * HALF_WORLD) / 2 ** q.z)) * EXTENT) + 8
  const src = tileSources(q, opts.raw)
  const [r1, r2] = src.raw
  const { rows } = await c.query<{ tile: Buffer | null }>(TILE_SQL, [
    q.z, q.x, q.y, q.categories ?? null, q.hours ?? null, q.weekdays ?? null, SHANGHAI_OFFSET_MS / 1000, buffer,
    r1 !== undefined, r1?.[0] ?? null, r1?.[1] ?? null, r2 !== undefined, r2?.[0] ?? null, r2?.[1] ?? null,
    src.months !== null, src.months?.[0] ?? null, src.months?.[1] ?? null,
  ])
  return rows[0]?.tile ?? Buffer.alloc(0)
}
