/**
 * The app's time series over long periods, counted in the database: the timeline's bars
 * (core/time-histogram.ts timeHistogram over the data's whole range) and the monthly series per
 * area that the sparklines read (core/time-profile.ts months and monthly). The database groups
 * the incidents by bin; Node only lays the few bins out the way the core does (bin origin,
 * month boundaries from core/periods.ts), so no incident passes through Node.
 */
import type pg from 'pg'
import { localMonthKey, monthBoundaries, monthOf, SHANGHAI_OFFSET_MS } from '../core/periods'
import { autoBinMs, binOrigin, type TimeHistogram } from '../core/time-histogram'
import { LAYER_COLUMN, type AreaLayer } from './assign-areas'

/** epoch ms of an incident's time, exact (extract gives numeric) */
const EPOCH_MS = '(extract(epoch from i.time) * 1000)'

export interface HistogramQuery {
  districtId: number
  /** bin width in ms; none: autoBinMs of the data's range (a day, or a week beyond 180 days) */
  binMs?: number
  /** category codes counted; none: all */
  categories?: number[]
  /** subtype names counted; none: all */
  subtypes?: string[]
  /** local hours [start, end), across midnight when start > end (core/incident-filter.ts); none: all day */
  hours?: [number, number]
  /** local weekdays, 0 = Monday; none: every day */
  weekdays?: number[]
}

/** the local (Asia/Shanghai) wall clock of an incident; the zone has a fixed offset */
const LOCAL = `((i.time at time zone 'UTC') + $5::float8 * interval '1 millisecond')`

/**
 * A window [time, time_to) kept by the hours ($7, $8) and weekdays ($9) when one of the hours
 * it touches is selected, as core/incident-filter.ts keepMask keeps it: g numbers the UTC hours
 * (Asia/Shanghai's are whole hours off), 168 of them are every hour of the week.
 */
const WINDOW_TOUCHES = `(($7::int is null and $9::int[] is null) or exists (
  select 1 from generate_series(floor(extract(epoch from i.time) / 3600)::bigint,
      least(ceil(extract(epoch from i.time_to) / 3600)::bigint - 1, floor(extract(epoch from i.time) / 3600)::bigint + 167)) g,
    lateral (select (g + ($5::bigint / 3600000)) % 24 as hour, ((g + ($5::bigint / 3600000)) / 24 + 3) % 7 as weekday) l
  where ($7::int is null or (case when $7::int < $8::int then l.hour >= $7::int and l.hour < $8::int else l.hour >= $7::int or l.hour < $8::int end))
    and ($9::int[] is null or l.weekday::int = any ($9::int[]))))`

/**
 * Bars over the district's whole time range, whatever the filter (the timeline's rule), with
 * counts under the filter's categories, subtypes, hours and weekdays (the brushed dates are
 * the timeline's own, not a filter of its bars): equals timeHistogram(time, count, range,
 * binMs, keepMask(spec without dates)).
 */
export async function timeHistogramOf(c: pg.ClientBase, q: HistogramQuery): Promise<Omit<TimeHistogram, 'counts'> & { counts: number[] }> {
  const r = (await c.query<{ lo: number | null; hi: number | null }>(
    `select min(${EPOCH_MS})::float8 as lo, max(${EPOCH_MS})::float8 as hi from incidents i where i.district_id = $1`, [q.districtId])).rows[0]
  const range: [number, number] | null = r.lo === null || r.hi === null ? null : [r.lo, r.hi]
  const binMs = q.binMs ?? autoBinMs(range)
  if (!range) return { from: NaN, binMs, range, counts: [] }
  const from = binOrigin(range[0], binMs)
  const counts = new Array<number>(Math.floor((range[1] - from) / binMs) + 1).fill(0)
  // the full-day rule of core/incident-filter.ts: equal ends, or 0..24, keep every hour
  const h = q.hours && !(q.hours[0] === q.hours[1] || (q.hours[0] <= 0 && q.hours[1] >= 24)) ? q.hours : null
  const { rows } = await c.query<{ bin: number; n: number }>(`
    with kept as (
      select i.time, i.time_to from incidents i
      where i.district_id = $1 and ($4::smallint[] is null or i.category = any ($4::smallint[]))
        and ($6::text[] is null or i.subtype = any ($6::text[]))
        and (case when i.time_to is null then
          ($7::int is null or (case when $7::int < $8::int
            then extract(hour from ${LOCAL}) >= $7::int and extract(hour from ${LOCAL}) < $8::int
            else extract(hour from ${LOCAL}) >= $7::int or extract(hour from ${LOCAL}) < $8::int end))
          and ($9::int[] is null or (extract(isodow from ${LOCAL})::int - 1) = any ($9::int[]))
        else ${WINDOW_TOUCHES} end)
    )
    select floor((extract(epoch from time) * 1000 - $2::numeric) / $3::numeric)::int as bin, count(*)::float8 as n
    from kept where time_to is null group by 1
    union all
    -- a window: each bin it overlaps gets its share, up to the last bin (core/time-histogram.ts)
    select b, sum((least(w.t1, $2::float8 + (b + 1) * $3::float8) - greatest(w.t0, $2::float8 + b * $3::float8)) / (w.t1 - w.t0))
    from (select (extract(epoch from time) * 1000)::float8 as t0, (extract(epoch from time_to) * 1000)::float8 as t1
          from kept where time_to is not null) w,
      generate_series(floor((w.t0 - $2::float8) / $3::float8)::int, least(ceil((w.t1 - $2::float8) / $3::float8)::int - 1, $10::int - 1)) b
    group by 1`, [q.districtId, from, binMs, q.categories ?? null, SHANGHAI_OFFSET_MS, q.subtypes ?? null, h?.[0] ?? null, h?.[1] ?? null, q.weekdays ?? null, counts.length])
  for (const { bin, n } of rows) counts[bin] += n
  return { from, binMs, range, counts }
}

export interface IncidentExtent {
  count: number
  /** first and last incident time, epoch ms; null without incidents */
  range: [number, number] | null
}

export async function incidentExtentOf(c: pg.ClientBase, districtId: number): Promise<IncidentExtent> {
  // min and max of the column itself, so that the (district_id, time) index answers them
  const r = (await c.query<{ n: number; lo: number | null; hi: number | null }>(
    `select count(*)::int as n, (extract(epoch from min(time)) * 1000)::float8 as lo, (extract(epoch from max(time)) * 1000)::float8 as hi
     from incidents where district_id = $1`, [districtId])).rows[0]
  return { count: r.n, range: r.lo === null || r.hi === null ? null : [r.lo, r.hi] }
}

export interface MonthlyQuery {
  districtId: number
  layer: AreaLayer
  /** epoch ms, inclusive; none: from the first counted incident */
  from?: number
  /** epoch ms, exclusive; none: to the end of the month of the last counted one */
  to?: number
  categories?: number[]
}

export interface MonthlySeries {
  /** 'YYYY-MM', oldest first */
  months: string[]
  /** areas in file order, counts per month */
  areas: { id: string; name: string; counts: number[] }[]
}

/** Incidents per area and local month: timeProfile's months and monthly for the layer. */
export async function monthlySeriesOf(c: pg.ClientBase, q: MonthlyQuery): Promise<MonthlySeries> {
  const column = LAYER_COLUMN[q.layer]
  const areas = (await c.query<{ id: number; source_id: string; name: string }>(
    'select id, source_id, name from areas where district_id = $1 and layer = $2 order by ord', [q.districtId, q.layer])).rows
  // local month: Asia/Shanghai has a fixed offset, so a shift of the UTC wall clock. An exact
  // time counts in [from, to) by itself; a window counts the share of it inside [from, to),
  // spread over the local months it overlaps (core/time-profile.ts), and its last instant
  // (time_to − 1 ms) stands for it where the months end.
  const { rows } = await c.query<{ area: number; month: string; n: number; lo: number; hi: number }>(`
    with kept as (
      select i.${column} as area, i.time, i.time_to, (extract(epoch from i.time) * 1000)::float8 as t0,
        (extract(epoch from i.time_to) * 1000)::float8 as t1
      from incidents i
      where i.district_id = $1 and i.${column} is not null
        and ($3::float8 is null or i.time < to_timestamp($3::float8 / 1000))
        and ($2::float8 is null or coalesce(i.time_to > to_timestamp($2::float8 / 1000), i.time >= to_timestamp($2::float8 / 1000)))
        and ($4::smallint[] is null or i.category = any ($4::smallint[]))
    )
    select area, to_char((time at time zone 'UTC') + $5::float8 * interval '1 millisecond', 'YYYY-MM') as month,
      count(*)::float8 as n, min(t0) as lo, max(t0) as hi
    from kept where time_to is null group by 1, 2
    union all
    select area, to_char(m, 'YYYY-MM'),
      sum((least(t1, $3::float8, ms.e) - greatest(t0, $2::float8, ms.s)) / (t1 - t0)), min(t0), max(t1 - 1)
    from kept,
      generate_series(date_trunc('month', to_timestamp(greatest(t0, $2::float8) / 1000) at time zone 'UTC' + $5::float8 * interval '1 millisecond'),
        to_timestamp((least(t1, $3::float8) - 1) / 1000) at time zone 'UTC' + $5::float8 * interval '1 millisecond', interval '1 month') m,
      lateral (select extract(epoch from m) * 1000 - $5::float8 as s, extract(epoch from m + interval '1 month') * 1000 - $5::float8 as e) ms
    where time_to is not null group by 1, 2`, [q.districtId, q.from ?? null, q.to ?? null, q.categories ?? null, SHANGHAI_OFFSET_MS])
  let lo = q.from ?? Infinity, hi = q.to ?? -Infinity
  if (q.from === undefined) for (const r of rows) lo = Math.min(lo, r.lo)
  if (q.to === undefined) {
    let max = -Infinity
    for (const r of rows) max = Math.max(max, r.hi)
    hi = max === -Infinity ? max : monthOf(max).to
  }
  const bounds = Number.isFinite(lo) && Number.isFinite(hi) && hi > lo ? monthBoundaries(lo, hi) : new Float64Array(0)
  const months = Array.from(bounds.subarray(0, Math.max(bounds.length - 1, 0)), localMonthKey)
  const monthIndex = new Map(months.map((m, k) => [m, k]))
  const byArea = new Map(areas.map((a) => [a.id, new Array<number>(months.length).fill(0)]))
  for (const r of rows) {
    const k = monthIndex.get(r.month)
    const series = byArea.get(r.area)
    if (k !== undefined && series) series[k] += r.n
  }
  return { months, areas: areas.map((a) => ({ id: a.source_id, name: a.name, counts: byArea.get(a.id)! })) }
}
