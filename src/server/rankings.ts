/**
 * A month's ranking of every area of a layer, with 环比 (the month before) and 同比 (the same
 * month a year before), for one district or every district the user sees: read from the
 * monthly rollups (migration 009), a few rows per area, or counted from the incidents
 * themselves (`source: 'raw'`, the GROUP BY over the stored assignment that the rollups stand
 * for) to compare the two. Both run through the request's row-level-security transaction, so
 * a city ranking holds exactly the areas of the districts the user may see.
 */
import type pg from 'pg'
import { monthPeriod, previousPeriod, sameperiodLastYear, localMonthKey, SHANGHAI_OFFSET_MS, type Period } from '../core/periods'
import { LAYER_COLUMN, type AreaLayer } from './assign-areas'

export type RankingSource = 'rollups' | 'raw'

export interface RankingQuery {
  /** one district; none: every district the user sees */
  districtId?: number
  layer: AreaLayer
  /** 'YYYY-MM', local */
  month: string
  /** category codes counted; none: all */
  categories?: number[]
  source?: RankingSource
}

export interface RankedArea {
  district: number
  id: string
  name: string
  /** 1 for the most incidents; equal counts share a rank (1, 2, 2, 4) */
  rank: number
  count: number
  /** the month before (环比 base) */
  previous: number
  /** the same month a year before (同比 base) */
  lastYear: number
  /** (count − previous) / previous; null when previous is 0 */
  mom: number | null
  /** (count − lastYear) / lastYear; null when lastYear is 0 */
  yoy: number | null
}

export interface Ranking {
  layer: AreaLayer
  month: string
  previousMonth: string
  lastYearMonth: string
  source: RankingSource
  areas: RankedArea[]
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

/** the local month 'YYYY-MM' as a period; null for anything else */
export function parseMonth(s: string | undefined): Period | null {
  const m = s === undefined ? null : MONTH.exec(s)
  return m ? monthPeriod(Number(m[1]), Number(m[2])) : null
}

/** first local day of the month starting at instant t, as a date literal */
const localDay = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)

// (area_id, category, k, n), k = 0 the month, 1 the month before, 2 a year before, with their
// parameters from $4: $1 is the district (null: every visible one), $2 the layer, $3 the
// categories (null: all)
function counts(source: RankingSource, layer: AreaLayer, months: Period[]): { sql: string; params: unknown[] } {
  if (source === 'rollups') {
    return {
      sql: `select r.area_id, r.category, case r.month when $4::date then 0 when $5::date then 1 else 2 end as k, r.n
        from incident_rollup_months r
        where ($1::int is null or r.district_id = $1) and r.layer = $2 and r.month in ($4::date, $5::date, $6::date)
          and ($3::smallint[] is null or r.category = any ($3::smallint[]))`,
      params: months.map((m) => localDay(m.from)),
    }
  }
  const column = LAYER_COLUMN[layer]
  const within = (k: number) => `(i.time >= to_timestamp($${4 + 2 * k}::float8 / 1000) and i.time < to_timestamp($${5 + 2 * k}::float8 / 1000))`
  return {
    sql: `select i.${column} as area_id, i.category, case when ${within(0)} then 0 when ${within(1)} then 1 else 2 end as k, count(*)::int as n
      from incidents i
      where ($1::int is null or i.district_id = $1) and i.${column} is not null
        and (${within(0)} or ${within(1)} or ${within(2)})
        and ($3::smallint[] is null or i.category = any ($3::smallint[]))
      group by 1, 2, 3`,
    params: months.flatMap((m) => [m.from, m.to]),
  }
}

export async function rankingOf(c: pg.ClientBase, q: RankingQuery): Promise<Ranking> {
  const month = parseMonth(q.month)
  if (!month) throw new RangeError(`month: ${JSON.stringify(q.month)} is not YYYY-MM`)
  const source = q.source ?? 'rollups'
  const prev = previousPeriod(month), year = sameperiodLastYear(month)
  const part = counts(source, q.layer, [month, prev, year])
  const n = (k: number) => `coalesce(sum(c.n) filter (where c.k = ${k}), 0)`
  const { rows } = await c.query<{ district: number; id: string; name: string; counts: number[] }>(`
    with counts as (${part.sql})
    select a.district_id as district, a.source_id as id, a.name,
      array[${n(0)}, ${n(1)}, ${n(2)}]::float8[] as counts
    from areas a left join counts c on c.area_id = a.id
    where ($1::int is null or a.district_id = $1) and a.layer = $2
    group by a.id
    order by ${n(0)} desc, a.district_id, a.ord`,
  [q.districtId ?? null, q.layer, q.categories ?? null, ...part.params])
  const change = (n: number, base: number) => (base === 0 ? null : (n - base) / base)
  let rank = 0
  const areas = rows.map((r, i) => {
    const [count, previous, lastYear] = r.counts
    if (i === 0 || count !== rows[i - 1].counts[0]) rank = i + 1
    return { district: r.district, id: r.id, name: r.name, rank, count, previous, lastYear, mom: change(count, previous), yoy: change(count, lastYear) }
  })
  return { layer: q.layer, month: q.month, previousMonth: localMonthKey(prev.from), lastYearMonth: localMonthKey(year.from), source, areas }
}
