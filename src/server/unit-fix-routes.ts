/**
 * Live units in server mode (issue 26): POST /api/districts/:id/unit-fixes (the `feed` role and
 * admins) stores fixes, a tracks CSV body `unit_id,time,lon,lat[,speed,heading,status,kind]` read
 * as an imported tracks file is (io/tracks-csv.ts: bad fixes answered by line, never stored), and
 * GET /api/districts/:id/unit-fixes/live (any reading role) streams every fix the district gains,
 * one CSV line per event, through a second LiveHub on the unit_fixes table (migration 008).
 * Each district keeps KEEP_DAYS of fixes before its newest one; older ones are pruned after a
 * post, once a minute per district (at once when a post moves the district's clock on an hour).
 */
import type { FastifyInstance } from 'fastify'
import { UNIT_KINDS, UNIT_STATUSES } from '../core/unit-tracks'
import { csvCell } from '../io/import-report'
import { isCrs } from '../io/coords'
import { readTracksCsv } from '../io/tracks-csv'
import { readLayer } from './assign-areas'
import { asUser, type Db } from './db'
import { LiveHub, type LiveHubOptions, type LiveRow, type LiveSource } from './live-hub'
import { POST_BODY_LIMIT, registerStreamRoute } from './live-routes'
import { badRequest, districtParam, ID_PARAMS, visibleDistrict } from './route-params'

export const UNIT_FIX_CHANNEL = 'pingan_unit_fixes'
/** days of fixes a district keeps before its newest one */
export const KEEP_DAYS = 7
const PRUNE_EVERY_MS = 60_000

interface FixRow extends LiveRow { unit_id: string; kind: number; status: number; t: number; lon: number; lat: number; speed: number | null; heading: number | null }

/** One event: the fix as a line of the tracks contract (UTC time), as io/unit-feed-lines.ts reads it. */
export function fixEvent(r: FixRow): string {
  const opt = (v: number | null) => (v === null ? '' : String(v))
  return `id: ${r.id}\ndata: ${csvCell(r.unit_id, false)},${new Date(r.t).toISOString()},${r.lon},${r.lat},${opt(r.speed)},${opt(r.heading)},` +
    `${UNIT_STATUSES[r.status] ?? 'patrolling'},${UNIT_KINDS[r.kind] ?? 'unknown'}\n\n`
}

export const UNIT_FIXES_SOURCE: LiveSource<FixRow> = {
  channel: UNIT_FIX_CHANNEL, table: 'unit_fixes', event: fixEvent,
  columns: 'id, district_id, unit_id, kind, status, (extract(epoch from time) * 1000)::float8 as t, lon, lat, speed, heading',
}

export function registerUnitFixRoutes(app: FastifyInstance, db: Db, opts: LiveHubOptions & { keepDays?: number } = {}): LiveHub<FixRow> {
  const hub = new LiveHub<FixRow>(db, opts, UNIT_FIXES_SOURCE)
  app.addHook('preClose', async () => hub.close())
  const keepDays = opts.keepDays ?? KEEP_DAYS
  const lastPrune = new Map<number, { at: number; newest: number }>()

  // text/csv bodies arrive as strings (the parser live-routes.ts registers)
  app.post('/api/districts/:id/unit-fixes', { config: { minRole: 'feed' }, schema: { params: ID_PARAMS }, bodyLimit: POST_BODY_LIMIT }, async (req, reply) => {
    if (!/^text\/csv\b/i.test(req.headers['content-type'] ?? '') || typeof req.body !== 'string') {
      return reply.code(415).send({ error: 'unit fixes are posted as text/csv: unit_id,time,lon,lat[,speed,heading,status,kind]' })
    }
    const given = (req.query as { crs?: unknown }).crs
    if (given !== undefined && !isCrs(given)) throw badRequest('crs: wgs84, gcj02 or bd09')
    const crs = given ?? 'wgs84'
    const body = req.body
    const district = districtParam(req)
    const answer = await asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, district, reply))) return null
      // read as an imported tracks file is: in the coordinate system the connector names, and
      // fixes more than 5 km outside the district's streets left out by line
      const streets = await readLayer(c, district, 'street')
      const { tracks: f, report } = readTracksCsv(Buffer.from(body, 'utf8'), { crs, district: streets.areas.count > 0 ? streets.areas : null })
      const rejected = report.rejected.map((r) => ({ line: r.line, reason: r.reason, ...(r.detail ? { detail: r.detail } : {}) }))
      if (report.errors.length > 0) return { code: 422, body: { error: report.errors[0], inserted: 0, duplicates: 0, rejected } }
      if (f.count === 0) return { code: 422, body: { error: 'no fix in the request could be read', inserted: 0, duplicates: 0, rejected } }
      const unitId = Array.from(f.unit, (u) => f.unitIds[u])
      const kind = Array.from(f.unit, (u) => f.unitKind[u])
      const num = (a: Float32Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : null))
      // parameterised: one statement of arrays, whatever the number of fixes
      const r = await c.query(
        `insert into unit_fixes (district_id, unit_id, kind, status, time, lon, lat, speed, heading)
         select $1, u, k, s, to_timestamp(t / 1000.0), x, y, v, h
         from unnest($2::text[], $3::int2[], $4::int2[], $5::float8[], $6::float8[], $7::float8[], $8::float4[], $9::float4[]) as r(u, k, s, t, x, y, v, h)
         on conflict (district_id, unit_id, time) do nothing`,
        [district, unitId, kind, Array.from(f.status), Array.from(f.time), Array.from(f.lon), Array.from(f.lat), num(f.speed), num(f.heading)])
      // once a minute, or at once when the posted fixes move the district's clock on by an hour
      // (a connector catching up after an outage)
      const now = Date.now()
      let newest = -Infinity
      for (let i = 0; i < f.count; i++) if (f.time[i] > newest) newest = f.time[i]
      const last = lastPrune.get(district)
      if (!last || now - last.at >= PRUNE_EVERY_MS || newest - last.newest >= 3_600_000) {
        lastPrune.set(district, { at: now, newest: Math.max(newest, last?.newest ?? -Infinity) })
        await c.query(
          `delete from unit_fixes where district_id = $1
             and time < (select max(time) from unit_fixes where district_id = $1) - make_interval(days => $2)`, [district, keepDays])
      }
      const inserted = r.rowCount ?? 0
      return { code: 200, body: { inserted, duplicates: f.count - inserted, rejected } }
    })
    if (answer === null) return reply
    return reply.code(answer.code).send(answer.body)
  })

  registerStreamRoute(app, db, '/api/districts/:id/unit-fixes/live', hub)

  return hub
}
