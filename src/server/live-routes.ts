/**
 * Live alerts: POST /api/districts/:id/incidents (the `feed` role and admins) stores incidents,
 * and GET /api/districts/:id/live (any reading role) streams every incident the district gains,
 * by this route or any other writer of the table, as Server-Sent Events (live-hub.ts).
 */
import type { FastifyInstance } from 'fastify'
import { asUser, type Db } from './db'
import { recordAudit } from './audit'
import { LiveHub, type LiveHubOptions, type LiveRow } from './live-hub'
import { insertPosted, parsePosted, PostRefused, readPosted } from './post-incidents'
import { badRequest, districtParam, ID_PARAMS, visibleDistrict } from './route-params'

/** largest POST body: about 2,000 alerts as JSON */
export const POST_BODY_LIMIT = 1 << 20
const EVENT_ID = /^\d{1,15}$/

export function registerLiveRoutes(app: FastifyInstance, db: Db, opts: LiveHubOptions = {}): LiveHub {
  const hub = new LiveHub(db, opts)
  // streams are ended before the server waits for its connections to close
  app.addHook('preClose', async () => hub.close())

  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: POST_BODY_LIMIT }, (_req, body, done) => done(null, body))

  app.post('/api/districts/:id/incidents', { config: { minRole: 'feed' }, schema: { params: ID_PARAMS }, bodyLimit: POST_BODY_LIMIT }, async (req, reply) => {
    let read
    try {
      read = readPosted(parsePosted(req.body, req.headers['content-type'] ?? ''))
    } catch (err) {
      if (err instanceof PostRefused) return reply.code(err.statusCode).send({ error: err.message })
      throw err
    }
    const { columns, rejected } = read
    if (columns.count === 0 && read.duplicates === 0) {
      return reply.code(422).send({ error: 'no incident in the request could be read', inserted: 0, duplicates: 0, rejected })
    }
    // one audit row per request (never per incident), in its transaction: recorded exactly when the rows are stored
    const stored = await asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, districtParam(req), reply))) return null
      const s = await insertPosted(c, districtParam(req), columns)
      await recordAudit(c, { userId: req.user!.id, userName: req.user!.name, address: req.ip, action: 'alerts', districtId: districtParam(req),
        detail: { inserted: s.inserted, duplicates: read.duplicates + s.skipped, rejected: rejected.length } })
      return s
    })
    if (!stored) return reply
    return { inserted: stored.inserted, duplicates: read.duplicates + stored.skipped, rejected }
  })

  registerStreamRoute(app, db, '/api/districts/:id/live', hub)

  return hub
}

/**
 * GET `path` (any reading role): a district's rows of `hub` as Server-Sent Events, from the one
 * after Last-Event-ID when a seat reconnects. The live alerts' stream and the unit fixes' share it.
 */
export function registerStreamRoute<R extends LiveRow>(app: FastifyInstance, db: Db, path: string, hub: LiveHub<R>): void {
  app.get(path, { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const given = req.headers['last-event-id'] ?? (req.query as { lastEventId?: string }).lastEventId
    const last = typeof given === 'string' && given !== '' ? given : undefined
    if (last !== undefined && !EVENT_ID.test(last)) throw badRequest('Last-Event-ID: an event id this stream sent')
    if (!hub.ready) return reply.code(503).header('retry-after', '1').send({ error: 'the database is not reachable; try again' })
    const district = districtParam(req)
    if (!(await asUser(db, req.user!.id, (c) => visibleDistrict(c, district, reply)))) return reply
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and the like would hold the events back in their buffers
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    })
    res.write('retry: 1000\n\n')
    await hub.attach(res, district, last === undefined ? null : Number(last))
  })
}
