/**
 * Read routes for the layers without analytics of their own, so the app in server mode draws
 * the same map as on files: stations, checkpoints, roads and buildings as GeoJSON in file order,
 * and the camera network as the camera CSV the app's reader takes (io/cameras-csv.ts). Every
 * query runs under the request's row-level security (db.ts asUser): a district not granted
 * answers 404, as one that does not exist.
 */
import type { FastifyInstance } from 'fastify'
import type { ReadPools } from './replicas'
import type { Db } from './db'
import { FEATURE_TABLES, type FeatureTable } from './load-features'

const ID_PARAMS = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const

/** The camera file's columns, in the order io/cameras-csv.ts documents. */
export const CAMERA_CSV_COLUMNS = ['id', 'lon', 'lat', 'type', 'azimuth', 'fov', 'range', 'class', 'status', 'focal_mm', 'sensor_mm', 'resolution_px'] as const

/** One CSV field: quoted, so an id holding commas, quotes or line breaks comes back verbatim. */
const csvField = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : `"${String(v).replace(/"/g, '""')}"`)

export function registerFeatureRoutes(app: FastifyInstance, reads: ReadPools): void {
  const visible = async (c: { query: Db['query'] }, id: number) => ((await c.query('select 1 from districts where id = $1', [id])).rowCount ?? 0) > 0

  app.get('/api/districts/:id/features', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const id = (req.params as { id: number }).id
    const kind = (req.query as { kind?: string }).kind
    if (!(FEATURE_TABLES as readonly string[]).includes(kind ?? '')) return reply.code(400).send({ error: `kind: one of ${FEATURE_TABLES.join(', ')}` })
    // `kind` is now one of FEATURE_TABLES (a fixed list), never free text in the SQL
    const table = kind as FeatureTable
    const rows = await reads.asUser(req.user!.id, async (c) =>
      (await visible(c, id)) ? (await c.query(`select properties, geometry from ${table} where district_id = $1 order by ord`, [id])).rows : null)
    if (!rows) return reply.code(404).send({ error: 'no such district' })
    return { type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', properties: r.properties, geometry: r.geometry })) }
  })

  app.get('/api/districts/:id/cameras', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const id = (req.params as { id: number }).id
    const rows = await reads.asUser(req.user!.id, async (c) =>
      (await visible(c, id)) ? (await c.query('select source_id, lon, lat, properties from cameras where district_id = $1 order by id', [id])).rows : null)
    if (!rows) return reply.code(404).send({ error: 'no such district' })
    const lines = [CAMERA_CSV_COLUMNS.join(',')]
    for (const r of rows) {
      const p = r.properties as Record<string, unknown>
      lines.push([r.source_id, r.lon, r.lat, p.type, p.azimuth, p.fov, p.range, p.class, p.status, p.focal_mm, p.sensor_mm, p.resolution_px].map(csvField).join(','))
    }
    return reply.type('text/csv; charset=utf-8').send(lines.join('\n') + '\n')
  })
}
