/**
 * A whole city into the database at once (issue 25: the generated 20-million-incident city for
 * tests and benchmarks): its districts, their area layers through the area loader, then the
 * incidents streamed with COPY straight into `incidents`, batch by batch, each assigned to its area of every
 * layer by the core's join as load-incidents.ts does (indexes built once per layer). The
 * incidents arrive in batches from an iterator, so the rows are never all in memory. No upsert:
 * the city's districts must be new (or replaced), so there is nothing to compare against.
 * One transaction: a load that fails leaves nothing.
 */
import type pg from 'pg'
import { AREA_LAYERS, layerAssigner, readLayer, type AreaLayer } from './assign-areas'
import { loadAreaLayer } from './load-areas'
import { copyRows } from './copy-in'
import { copyRow } from './copy-text'
import { prepareIncidentInsert } from './incident-partitions'

export interface CityDistrictInput {
  code: string
  name: string
  /** GeoJSON per area layer, in the area loader's input form */
  layers: Partial<Record<AreaLayer, unknown>>
}

/** One batch of incidents as columns, for COPY; the city generator's batches carry the same. */
export interface CityIncidentColumns {
  /** index into the districts */
  district: number
  count: number
  lon: Float64Array
  lat: Float64Array
  /** epoch milliseconds */
  time: Float64Array
  /** index into the core's CATEGORIES */
  category: Uint8Array
  subtype: string[]
  address: string[]
}

export interface CityIncidentBatch extends CityIncidentColumns {
  sourceId(i: number): string
}

export interface CityLoadResult { districtIds: number[]; areas: number; incidents: number; areasMs: number; incidentsMs: number; bulk: boolean }

export class CityExists extends Error {}

export async function loadCity(c: pg.ClientBase, districts: CityDistrictInput[], total: number, batches: Iterable<CityIncidentBatch>,
  opts: { replace?: boolean; bulk?: boolean; log?: (s: string) => void } = {}): Promise<CityLoadResult> {
  const log = opts.log ?? (() => {})
  await c.query('begin')
  try {
    const codes = districts.map((d) => d.code)
    if (opts.replace) await c.query('delete from districts where code = any ($1::text[])', [codes])
    else {
      const { rows } = await c.query<{ code: string }>('select code from districts where code = any ($1::text[])', [codes])
      if (rows.length) throw new CityExists(`districts ${rows.map((r) => r.code).join(', ')} are already in the database (replace them to load again)`)
    }
    const t0 = performance.now()
    const ids: number[] = []
    const assign: ((lon: Float64Array, lat: Float64Array, n: number) => Float64Array)[][] = []
    let areas = 0
    for (const d of districts) {
      const { rows: [row] } = await c.query<{ id: number }>('insert into districts (code, name) values ($1, $2) returning id', [d.code, d.name])
      ids.push(row.id)
      const layerJoins = []
      for (const layer of AREA_LAYERS) {
        const input = d.layers[layer]
        if (input) areas += (await loadAreaLayer(c, row.id, layer, input)).areas
        layerJoins.push(layerAssigner(await readLayer(c, row.id, layer)))
      }
      assign.push(layerJoins)
    }
    const areasMs = performance.now() - t0
    log(`${districts.length} districts, ${areas} areas in ${(areasMs / 1000).toFixed(1)} s`)

    const t1 = performance.now()
    const bulk = opts.bulk === true && await bulkMode(c)
    if (opts.bulk && !bulk) log('not a superuser: loading with the insert triggers on')
    let sent = 0, nextLog = 1_000_000
    // one COPY per batch (a district's month): each is one statement for the insert triggers
    // (the live notification, the rollups), a month's rows at a time as alerts would come
    for (const b of batches) {
      const at = assign[b.district].map((join) => join(b.lon, b.lat, b.count))
      const area = (k: number, i: number) => (Number.isNaN(at[k][i]) ? null : at[k][i])
      // the batch's months partitioned first (migration 010), rather than its rows left in the default partition
      await prepareIncidentInsert(c, b.time, b.count)
      await copyRows(c, 'copy incidents (district_id, source_id, time, category, subtype, address, lon, lat, street_id, compound_id, grid_id, site_id) from stdin', b.count,
        (i) => copyRow([ids[b.district], b.sourceId(i), new Date(b.time[i]).toISOString(), b.category[i], b.subtype[i], b.address[i], b.lon[i], b.lat[i], area(0, i), area(1, i), area(2, i), area(3, i)]))
      sent += b.count
      if (sent >= nextLog) {
        log(`${sent} incidents stored (${Math.round(sent / ((performance.now() - t1) / 1000))}/s)`)
        nextLog += 1_000_000
      }
    }
    if (sent !== total) throw new Error(`the batches held ${sent} incidents, ${total} announced`)
    if (bulk) await afterBulk(c, ids, log)
    await c.query('commit')
    const incidentsMs = performance.now() - t1
    log(`${total} incidents in ${(incidentsMs / 1000).toFixed(1)} s`)
    return { districtIds: ids, areas, incidents: total, areasMs, incidentsMs, bulk }
  } catch (err) {
    await c.query('rollback')
    throw err
  }
}

/**
 * A bulk load's shortcut, for a superuser only: the insert triggers off for this transaction
 * (session_replication_role = replica), which the rollups migration (009) provides for: its
 * per-statement aggregates are then counted once at the end (afterBulk). The triggers' other
 * duties are done by hand: the turn every inserting transaction takes (005) is taken here.
 */
async function bulkMode(c: pg.ClientBase): Promise<boolean> {
  const { rows: [r] } = await c.query<{ su: boolean }>('select rolsuper as su from pg_roles where rolname = current_user')
  if (!r?.su) return false
  await c.query('set local session_replication_role = replica')
  // 005's pingan_incidents_take_turn: ids must become visible in the order they are given out
  await c.query('select pg_advisory_xact_lock(1885957230)')
  return true
}

/**
 * What the insert triggers would have done: the source ids kept (010's incident_keys, whose
 * primary key refuses an id a district repeats), the rollups counted from the loaded rows, and
 * the live notification each district's rows would have sent (005's payload).
 */
async function afterBulk(c: pg.ClientBase, ids: number[], log: (s: string) => void): Promise<void> {
  await c.query('set local session_replication_role = origin')
  let t = performance.now()
  const { rows: [k] } = await c.query<{ there: boolean }>("select to_regclass('incident_keys') is not null as there")
  if (k.there) {
    await c.query('insert into incident_keys (district_id, source_id, id) select district_id, source_id, id from incidents where district_id = any ($1::int[])', [ids])
    log(`source ids kept in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    t = performance.now()
  }
  const { rows: [r] } = await c.query<{ there: boolean }>("select to_regproc('pingan_rollups_rebuild') is not null as there")
  if (r.there) {
    for (const id of ids) await c.query('select pingan_rollups_rebuild($1)', [id])
    log(`rollups counted in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  await c.query(`select pg_notify('pingan_incidents', json_build_object('district', district_id, 'from', min(id), 'to', max(id), 'n', count(*))::text)
    from incidents where district_id = any ($1::int[]) group by district_id`, [ids])
}
