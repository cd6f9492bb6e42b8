/**
 * Incidents into the database: the columns the app's reader made of a file (src/io, with its
 * per-row report) are COPYed into a temporary table with each incident's area of every layer
 * (assign-areas.ts), then upserted on (district, source id) in the same statement. Run inside the
 * caller's transaction: a second load of the same file changes nothing, a failed one nothing.
 * A file's victim column (IncidentColumns.victim, personal data) is not loaded: the database
 * has no such column, and repeat victims are an analysis of the browser's own import.
 */
import type pg from 'pg'
import { windowEndOf } from '../core/aoristic'
import { packedString, type IncidentColumns } from '../core/incidents'
import { AREA_LAYERS, assignPoints, readLayer } from './assign-areas'
import { copyRows } from './copy-in'
import { copyRow } from './copy-text'

export interface IncidentLoadResult {
  /** rows new to the database */
  inserted: number
  /** rows whose source id was already there with other fields (replaced by the file's) */
  updated: number
  /** rows the database already held exactly so */
  unchanged: number
}

export async function loadIncidents(c: pg.ClientBase, districtId: number, cols: IncidentColumns, opts: { signal?: AbortSignal } = {}): Promise<IncidentLoadResult> {
  const areaIds: Float64Array[] = []
  for (const layer of AREA_LAYERS) areaIds.push(assignPoints(await readLayer(c, districtId, layer), cols.lon, cols.lat, cols.count))
  await c.query(`create temp table incoming_incidents (
    source_id text, t_ms float8, t_to_ms float8, category smallint, subtype text, address text, lon float8, lat float8,
    street_id bigint, compound_id bigint, grid_id bigint, site_id bigint) on commit drop`)
  const id = (a: Float64Array, i: number) => (Number.isNaN(a[i]) ? null : a[i])
  const [street, compound, grid, site] = areaIds
  const timeTo = cols.timeTo
  await copyRows(c, 'copy incoming_incidents from stdin', cols.count, (i) => copyRow([
    packedString(cols.id, i), cols.time[i], timeTo ? windowEnd(cols.time, timeTo, i) : null, cols.category[i], cols.subtypes[cols.subtype[i]] ?? '', packedString(cols.address, i),
    cols.lon[i], cols.lat[i], id(street, i), id(compound, i), id(grid, i), id(site, i),
  ]), opts.signal)
  const { rows } = await c.query<{ inserted: number; total: number }>(`
    with up as (
      insert into incidents (district_id, source_id, time, time_to, category, subtype, address, lon, lat, street_id, compound_id, grid_id, site_id)
      select $1, source_id, to_timestamp(t_ms / 1000), to_timestamp(t_to_ms / 1000), category, subtype, address, lon, lat, street_id, compound_id, grid_id, site_id
      from incoming_incidents
      on conflict (district_id, source_id) do update set
        time = excluded.time, time_to = excluded.time_to, category = excluded.category, subtype = excluded.subtype, address = excluded.address,
        lon = excluded.lon, lat = excluded.lat, street_id = excluded.street_id, compound_id = excluded.compound_id,
        grid_id = excluded.grid_id, site_id = excluded.site_id
      -- a row the file repeats as it is stays untouched: no new row version, no index entries
      where (incidents.time, incidents.time_to, incidents.category, incidents.subtype, incidents.address, incidents.lon, incidents.lat,
             incidents.street_id, incidents.compound_id, incidents.grid_id, incidents.site_id)
        is distinct from (excluded.time, excluded.time_to, excluded.category, excluded.subtype, excluded.address, excluded.lon, excluded.lat,
             excluded.street_id, excluded.compound_id, excluded.grid_id, excluded.site_id)
      returning (xmax = 0) as fresh
    )
    select count(*) filter (where fresh) as inserted, count(*) as total from up`, [districtId])
  await c.query('drop table incoming_incidents')
  return { inserted: rows[0].inserted, updated: rows[0].total - rows[0].inserted, unchanged: cols.count - rows[0].total }
}

/** The stored end of row i's window: null for an exact time (no end, or none after the start). */
function windowEnd(time: Float64Array, timeTo: Float64Array, i: number): number | null {
  const e = windowEndOf(time, timeTo, i)
  return Number.isNaN(e) ? null : e
}
