/**
 * The safety index (平安指数) of a stored area layer for a period, as the CLI's `index` and the
 * core compute it on files. The database does the per-incident work: one GROUP BY over the
 * assignment made at load counts, per area, the incidents of each category in the period and in
 * its 环比 and 同比 bases. The core's pure formula (core/safety-index.ts safetyIndex: per
 * 10,000 residents, ties, ranks, changes) then runs in Node on those areas × 15 counts, so the
 * figures are the core's by construction, not a second implementation of them.
 */
import type pg from 'pg'
import { CATEGORIES } from '../core/incidents'
import { monthOf, previousPeriod, sameperiodLastYear, type Period } from '../core/periods'
import { safetyIndex, type SafetyIndexRow, type SafetyWeights } from '../core/safety-index'
import { LAYER_COLUMN, type AreaLayer } from './assign-areas'

const NCAT = CATEGORIES.length

export interface SafetyIndexQuery {
  districtId: number
  layer: AreaLayer
  /** none: the calendar month of the district's latest incident (the CLI's default) */
  period?: Period
  weights?: SafetyWeights
}

export interface AreaSafetyRow extends Omit<SafetyIndexRow, 'area'> {
  id: string
  name: string
}

export interface SafetyIndexAnswer {
  /** null: no period given and the district has no incident */
  period: Period | null
  previous: Period | null
  lastYear: Period | null
  /** in rank order, as safetyIndex returns them */
  rows: AreaSafetyRow[]
  /** the district's incidents in none of the layer's areas (what the app's ranking notes) */
  unassigned: number
}

/** The period's default: the month of the district's latest incident, or null when it has none. */
async function latestMonth(c: pg.ClientBase, districtId: number): Promise<Period | null> {
  const { rows } = await c.query<{ t: number | null }>('select (extract(epoch from max(time)) * 1000)::float8 as t from incidents where district_id = $1', [districtId])
  return rows[0].t === null ? null : monthOf(rows[0].t)
}

export async function safetyIndexOf(c: pg.ClientBase, q: SafetyIndexQuery): Promise<SafetyIndexAnswer> {
  const period = q.period ?? await latestMonth(c, q.districtId)
  if (!period) return { period: null, previous: null, lastYear: null, rows: [], unassigned: 0 }
  const periods = [period, previousPeriod(period), sameperiodLastYear(period)]
  // $3..$8: the three periods' [from, to) in epoch ms; counts[p * NCAT + category]
  const cells = periods.flatMap((_, p) => CATEGORIES.map((__, k) =>
    `count(*) filter (where i.category = ${k} and i.time >= to_timestamp($${3 + 2 * p}::float8 / 1000) and i.time < to_timestamp($${4 + 2 * p}::float8 / 1000))::int`))
  const column = LAYER_COLUMN[q.layer]
  // materialized: counted once, whatever the planner guesses of a table not yet analysed
  const { rows } = await c.query<{ id: string; name: string; population: number | null; counts: number[] | null }>(`
    with n as materialized (
      select i.${column} as area, array[${cells.join(', ')}] as counts
      from incidents i
      where i.district_id = $1 and i.${column} is not null
        and ((i.time >= to_timestamp($3::float8 / 1000) and i.time < to_timestamp($4::float8 / 1000))
          or (i.time >= to_timestamp($5::float8 / 1000) and i.time < to_timestamp($6::float8 / 1000))
          or (i.time >= to_timestamp($7::float8 / 1000) and i.time < to_timestamp($8::float8 / 1000)))
      group by i.${column}
    )
    select a.source_id as id, a.name, a.population, n.counts
    from areas a left join n on n.area = a.id
    where a.district_id = $1 and a.layer = $2
    order by a.ord`,
  [q.districtId, q.layer, ...periods.flatMap((p) => [p.from, p.to])])
  const n = rows.length
  const [current, previous, lastYear] = periods.map(() => new Uint32Array(n * NCAT))
  rows.forEach((r, a) => {
    if (!r.counts) return
    for (let k = 0; k < NCAT; k++) {
      current[a * NCAT + k] = r.counts[k]
      previous[a * NCAT + k] = r.counts[NCAT + k]
      lastYear[a * NCAT + k] = r.counts[2 * NCAT + k]
    }
  })
  const population = Float64Array.from(rows, (r) => r.population ?? NaN)
  const ranked = safetyIndex({ population, current, previous, lastYear, weights: q.weights })
  const unassigned = (await c.query<{ n: number }>(`select count(*)::int as n from incidents where district_id = $1 and ${column} is null`, [q.districtId])).rows[0].n
  return {
    period, previous: periods[1], lastYear: periods[2], unassigned,
    rows: ranked.map(({ area, ...rest }) => ({ id: rows[area].id, name: rows[area].name, ...rest })),
  }
}
