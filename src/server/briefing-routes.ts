/**
 * The district's daily briefings (briefing-service.ts makes them): viewers list and download
 * them; an admin has today's made now (for an operator who just loaded data, and for a test).
 * Reads run under row-level security like every request; the maker writes on its own.
 */
import type { FastifyInstance } from 'fastify'
import { recordAudit } from './audit'
import type { BriefingService } from './briefing-service'
import { listBriefings, readBriefing } from './briefings'
import { asUser, type Db } from './db'
import { ID_PARAMS, visibleDistrict } from './route-params'

const BRIEFING_PARAMS = {
  type: 'object', properties: { id: { type: 'integer', minimum: 1 }, bid: { type: 'integer', minimum: 1 } }, required: ['id', 'bid'],
} as const

const MIME = { pdf: 'application/pdf', png: 'image/png' } as const

/** briefing-2026-12-07-3.pdf: the day in the name, the district's id keeps two districts' files apart */
export const briefingFileName = (day: string, districtId: number, format: 'pdf' | 'png') => `briefing-${day}-${districtId}.${format}`

export function registerBriefingRoutes(app: FastifyInstance, db: Db, maker?: BriefingService): void {
  app.get('/api/districts/:id/briefings', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const id = (req.params as { id: number }).id
    return asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return reply
      reply.header('cache-control', 'no-store')
      return { briefings: await listBriefings(c, id) }
    })
  })

  app.get('/api/districts/:id/briefings/:bid', { config: { minRole: 'viewer' }, schema: { params: BRIEFING_PARAMS } }, async (req, reply) => {
    const { id, bid } = req.params as { id: number; bid: number }
    const row = await asUser(db, req.user!.id, (c) => readBriefing(c, id, bid))
    if (!row) return reply.code(404).send({ error: 'no such briefing' })
    if (row.status !== 'done' || !row.bytes) return reply.code(409).send({ error: row.status === 'failed' ? `this briefing failed: ${row.error ?? ''}` : 'this briefing is being made' })
    const name = briefingFileName(row.day, id, row.format)
    await recordAudit(db, { userId: req.user!.id, userName: req.user!.name, address: req.ip, action: 'briefing.download', districtId: id, detail: { day: row.day, format: row.format, file: name } })
    return reply
      .type(MIME[row.format])
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'private, no-store')
      .send(row.bytes)
  })

  // 202 at once: the page takes tens of seconds; the list shows the briefing 'making', then 'done' or 'failed'
  app.post('/api/districts/:id/briefings', { config: { minRole: 'admin' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const id = (req.params as { id: number }).id
    const seen = await asUser(db, req.user!.id, (c) => visibleDistrict(c, id, reply))
    if (!seen) return reply
    if (!maker) return reply.code(503).send({ error: 'this server makes no briefings' })
    await recordAudit(db, { userId: req.user!.id, userName: req.user!.name, address: req.ip, action: 'briefing.request', districtId: id, detail: { formats: maker.formats } })
    void maker.make({ force: true, districtIds: [id], requestedBy: req.user!.name }).catch((e) => req.log.error(e))
    return reply.code(202).send({ formats: maker.formats })
  })
}
