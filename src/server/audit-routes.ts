/**
 * The audit trail over HTTP: GET /api/audit (admin) reads it, POST /api/audit/export (any
 * signed-in user) records an export the app made. There is no route that changes or removes
 * a row, and the database refuses it anyway (migrations/003_audit.sql).
 */
import type { FastifyInstance } from 'fastify'
import { readAudit, recordAudit } from './audit'
import { asUser, type Db } from './db'
import { badRequest, timeParam, visibleDistrict } from './route-params'

export const AUDIT_PAGE_MAX = 1000
const ACTION = /^[a-z_]{1,40}(\.[a-z_]{1,40})?$/
/** what the app exports: the panel's two formats */
export const EXPORT_KINDS = ['png', 'pdf'] as const
export const EXPORTS_PER_MINUTE = 60

function intParam(v: string | undefined, name: string, min: number, max: number, dflt: number): number {
  if (v === undefined || v === '') return dflt
  if (!/^\d{1,12}$/.test(v) || Number(v) < min || Number(v) > max) throw badRequest(`${name}: a whole number from ${min} to ${max}`)
  return Number(v)
}

export function registerAuditRoutes(app: FastifyInstance, db: Db): void {
  app.get('/api/audit', { config: { minRole: 'admin' } }, async (req) => {
    const q = req.query as Record<string, string | undefined>
    for (const k of Object.keys(q)) {
      if (!['from', 'to', 'user', 'action', 'until', 'limit', 'offset'].includes(k)) throw badRequest(`unknown parameter ${JSON.stringify(k.slice(0, 40))} (from, to, user, action, until, limit, offset)`)
      if (typeof q[k] !== 'string') throw badRequest(`${k}: give it once`)
    }
    if (q.user !== undefined && q.user.length > 200) throw badRequest('user: at most 200 characters')
    if (q.action !== undefined && q.action !== '' && !ACTION.test(q.action)) throw badRequest('action: an action code such as login or user.create')
    const filter = {
      from: timeParam(q.from, 'from'), to: timeParam(q.to, 'to'),
      user: q.user || undefined, action: q.action || undefined,
      until: q.until ? intParam(q.until, 'until', 1, Number.MAX_SAFE_INTEGER, 0) : undefined,
      limit: intParam(q.limit, 'limit', 1, AUDIT_PAGE_MAX, 100),
      offset: intParam(q.offset, 'offset', 0, 1e9, 0),
    }
    // as the app role: the table's policy lets only an admin read, whatever this route says
    return asUser(db, req.user!.id, (c) => readAudit(c, filter))
  })

  app.post('/api/audit/export', {
    // a seat that reports in a loop fills the trail: far more than anyone exports by hand
    config: { minRole: 'viewer', rateLimit: { max: EXPORTS_PER_MINUTE, timeWindow: '1 minute' } },
    schema: {
      body: {
        type: 'object', additionalProperties: false, required: ['kind'],
        properties: {
          kind: { type: 'string', enum: EXPORT_KINDS },
          title: { type: 'string', maxLength: 200 },
          file: { type: 'string', maxLength: 200 },
          district: { type: 'integer', minimum: 1 },
        },
      },
    },
  }, async (req, reply) => {
    const body = req.body as { kind: string; title?: string; file?: string; district?: number }
    const user = req.user!
    return asUser(db, user.id, async (c) => {
      if (body.district !== undefined && !(await visibleDistrict(c, body.district, reply))) return reply
      const detail: Record<string, unknown> = { kind: body.kind }
      if (body.title) detail.title = body.title
      if (body.file) detail.file = body.file
      await recordAudit(c, { userId: user.id, userName: user.name, address: req.ip, action: 'export', districtId: body.district, detail })
      return reply.code(201).send({ ok: true })
    })
  })
}
