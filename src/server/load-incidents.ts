/**
 * Incidents into the database: the columns the app's reader made of a file (src/io, with its
 * per-row report) are COPYed into a temporary table with each incident's area of every layer
 * (assign-areas.ts), then those whose source id the district has (incident_keys, migration 010)
 * update their rows and the others are inserted. Run inside the caller's transaction: a second load of the same file changes nothing, a failed one nothing.
 * A file's victim column (IncidentColumns.victim, personal data) is not loaded: the database
 * has no such column, and repeat victims are an analysis of the browser's own import.
 */
import type pg from 'pg'
import { windowEndOf } from '../core/aoristic'
import { packedString, type IncidentColumns } from '../core/incidents'
import { AREA_LAYERS, assignPoints, readLayer } from './assign-areas'
import { copyRows } from './copy-in'
import { copyRow } from './copy-text'
import { prepareIncidentInsert } from './incident-partitions'

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
  await prepareIncidentInsert(c, cols.time, cols.count)
  // statistics, so that the look-ups below hash-join rather than probe every partition per row
  await c.query('analyze incoming_incidents')
  // the district's rows the file gives again, replaced by the file's; a row the file repeats as
  // it is stays untouched (no new row version, no index entries)
  const updated = await c.query(`
    update incidents i set
      time = to_timestamp(n.t_ms / 1000), time_to = to_timestamp(n.t_to_ms / 1000), category = n.category, subtype = n.subtype, address = n.address,
      lon = n.lon, lat = n.lat, street_id = n.street_id, compound_id = n.compound_id, grid_id = n.grid_id, site_id = n.site_id
    from incoming_incidents n join incident_keys k on k.district_id = $1 and k.source_id = n.source_id
    where i.id = k.id and i.district_id = $1
      and (i.time, i.time_to, i.category, i.subtype, i.address, i.lon, i.lat, i.street_id, i.compound_id, i.grid_id, i.site_id)
        is distinct from (to_timestamp(n.t_ms / 1000), to_timestamp(n.t_to_ms / 1000), n.category, n.subtype, n.address, n.lon, n.lat,
          n.street_id, n.compound_id, n.grid_id, n.site_id)`, [districtId])
  const inserted = await c.query(`
    insert into incidents (district_id, source_id, time, time_to, category, subtype, address, lon, lat, street_id, compound_id, grid_id, site_id)
    select $1, source_id, to_timestamp(t_ms / 1000), to_timestamp(t_to_ms / 1000), category, subtype, address, lon, lat, street_id, compound_id, grid_id, site_id
    from incoming_incidents n
    where not exists (select 1 from incident_keys k where k.district_id = $1 and k.source_id = n.source_id)`, [districtId])
  await c.query('drop table incoming_incidents')
  const ins = inserted.rowCount ?? 0, upd = updated.rowCount ?? 0
  return { inserted: ins, updated: upd, unchanged: cols.count - ins - upd }
}

/** The stored end of row i's window: null for an exact time (no end, or none after the start). */
function windowEnd(time: Float64Array, timeTo: Float64Array, i: number): number | null {
  const e = windowEndOf(time, timeTo, i)
  return Number.isNaN(e) ? null : e
}
