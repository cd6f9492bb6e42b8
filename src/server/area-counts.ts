/**
 * Incidents per area and category for a period: a GROUP BY over the assignment made at load
 * (assign-areas.ts), with no spatial query, so it answers as fast as an index scan and equals
 * the core's countByAreaCategory over its own join. Rows in file order, areas with no incidents
 * included, as the CLI's `join` writes them.
 */
import type pg from 'pg'
import { CATEGORIES } from '../core/incidents'
import { LAYER_COLUMN, type AreaLayer } from './assign-areas'

export interface AreaCountRow {
  id: string
  name: string
  count: number
  /** per category, in CATEGORIES order */
  byCategory: number[]
}

export interface CountQuery {
  districtId: number
  layer: AreaLayer
  /** epoch ms, inclusive; none: from the first incident */
  from?: number
  /** epoch ms, exclusive; none: to the last */
  to?: number
  /** category codes to count; none: all */
  categories?: number[]
}

export async function countByArea(c: pg.ClientBase | pg.Pool, q: CountQuery): Promise<AreaCountRow[]> {
  const column = LAYER_COLUMN[q.layer]
  const perCategory = CATEGORIES.map((_, k) => `count(i.id) filter (where i.category = ${k})::int`).join(', ')
  const { rows } = await c.query<{ id: string; name: string; counts: number[] }>(`
    select a.source_id as id, a.name, array[${perCategory}] as counts
    from areas a
    left join incidents i on i.${column} = a.id
      and ($3::float8 is null or i.time >= to_timestamp($3::float8 / 1000))
      and ($4::float8 is null or i.time < to_timestamp($4::float8 / 1000))
      and ($5::smallint[] is null or i.category = any ($5::smallint[]))
    where a.district_id = $1 and a.layer = $2
    group by a.id
    order by a.ord`,
  [q.districtId, q.layer, q.from ?? null, q.to ?? null, q.categories ?? null])
  return rows.map((r) => ({ id: r.id, name: r.name, count: r.counts.reduce((s, x) => s + x, 0), byCategory: r.counts }))
}
