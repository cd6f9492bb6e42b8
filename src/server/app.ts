/**
 * The HTTP side: the built app (dist/) and the API under /api on one origin. Every /api
 * request is refused (401) before anything else unless it carries a live session, except the
 * routes in PUBLIC_ROUTES; a route names the least role it needs (403 below it). Data queries
 * run as the app role under row-level security for the session's user (db.ts), so a district
 * not granted is invisible whatever a route asks for.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { CATEGORIES } from '../core/incidents'
import { AccountError, createUser, isRole, listUsers, ROLES, login, logout, roleAtLeast, sessionUser, SESSION_HOURS, type Role, type User } from './accounts'
import { countByArea } from './area-counts'
import { registerAnalyticsRoutes } from './analytics-routes'
import { badRequest, categoriesParam, districtParam, ID_PARAMS, timeParam, visibleDistrict } from './route-params'
import { isAreaLayer } from './assign-areas'
import { asOwner, asUser, type Db } from './db'
import { encodeWindow, incidentWindow } from './incident-window'
import { importReference, LoadRefused, readForLoad, storePayload, type LoadOptions } from './import-file'
import { isCrs } from '../io/coords'
import { isDatasetKind } from '../io/dataset-kinds'
import { registerFeatureRoutes } from './feature-routes'
import { registerConfigRoute } from './config-route'
import { registerAuditRoutes } from './audit-routes'
import { recordAudit } from './audit'
import { refuseCrossSite } from './origin-check'
import { bindRequestActor } from './request-context'
import { registerSeatRoutes } from './seat-routes'
import { registerLiveRoutes } from './live-routes'
import { registerTileRoutes } from './tile-routes'
import { registerBriefingRoutes } from './briefing-routes'
import { registerRankingRoutes } from './ranking-routes'
import { ReadPools } from './replicas'
import { registerDatabaseRoute } from './database-route'
import type { BriefingService } from './briefing-service'

declare module 'fastify' {
  interface FastifyRequest { user: User | null }
  interface FastifyContextConfig { minRole?: Role }
}

/** loads that touch neither incidents nor areas */
const FEATURE_KINDS: ReadonlySet<string> = new Set(['stations', 'checkpoints', 'roads', 'buildings'])

export const SESSION_COOKIE = 'pingan_session'
/** The only API routes an anonymous request reaches: METHOD + route pattern. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['POST /api/login'])
/** login attempts per address and minute */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10

export interface AppOptions {
  db: Db
  /** the built app; not served when missing (API only) */
  distDir?: string
  logger?: boolean
  /** largest file POST /api/districts/:id/load takes, bytes (default 2 GiB) */
  loadLimit?: number
  /** default LOGIN_ATTEMPTS_PER_MINUTE */
  loginAttemptsPerMinute?: number
  /** makes the daily briefings (server.ts); without it they are listed but none is made on request */
  briefings?: BriefingService
  /** where the read routes read (replicas.ts); default the primary, `db` */
  reads?: ReadPools
}

const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')

/** The policy the build wrote into its page, sent as a header with every response too. */
function builtPolicy(distDir: string | undefined): string | null {
  if (!distDir) return null
  try {
    return /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(readFileSync(join(distDir, 'index.html'), 'utf8'))?.[1] ?? null
  } catch {
    return null
  }
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { db } = opts
  const reads = opts.reads ?? new ReadPools(db, [])
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1 << 20 })
  await app.register(cookie)
  await app.register(rateLimit, { global: false })
  app.decorateRequest('user', null)

  const policy = builtPolicy(opts.distDir)
  app.addHook('onSend', async (_req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    if (policy) reply.header('Content-Security-Policy', policy)
  })

  app.addHook('onRequest', bindRequestActor)
  app.addHook('onRequest', refuseCrossSite)

  // Authentication first, for every request under /api, matched route or not (an unknown API
  // path answers 401 to a stranger too, and says nothing about which paths exist).
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0]
    const route = req.routeOptions.url
    if (!isApiPath(path) && !(route && isApiPath(route))) return
    if (route && PUBLIC_ROUTES.has(`${req.method} ${route}`)) return
    const token = req.cookies[SESSION_COOKIE]
    const user = token ? await sessionUser(db, token) : null
    if (!user) return reply.code(401).send({ error: 'login required' })
    req.user = user
    // a signed-in request for an API path no route serves (the static files' wildcard caught it)
    if (!route || !isApiPath(route)) return reply.code(404).send({ error: 'no such API route' })
    const needed = req.routeOptions.config.minRole
    if (!needed || !roleAtLeast(user.role, needed)) {
      // a route without a role is a mistake in this file: refused rather than open
      return reply.code(403).send({ error: needed ? `needs the ${needed} role` : 'no role may use this route' })
    }
  })

  // before the answer leaves: the user's next read, however quick, sees this write
  app.addHook('onSend', async (req, reply) => {
    if (req.user && req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) await reads.wrote(req.user.id)
  })

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : err instanceof AccountError ? 400 : 500
    if (status === 500) req.log.error(err)
    reply.code(status).send({ error: status === 500 ? 'internal error' : err.message })
  })

  app.post('/api/login', {
    config: { rateLimit: { max: opts.loginAttemptsPerMinute ?? LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' } },
    schema: { body: { type: 'object', properties: { name: { type: 'string', maxLength: 200 }, password: { type: 'string', maxLength: 1000 } }, required: ['name', 'password'] } },
  }, async (req, reply) => {
    const { name, password } = req.body as { name: string; password: string }
    const session = await login(db, name, password)
    // the name tried is kept, the password never
    await recordAudit(db, { userId: session?.user.id, userName: session?.user.name ?? name, address: req.ip, action: session ? 'login' : 'login.failed' })
    if (!session) return reply.code(401).send({ error: 'wrong name or password' })
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true, sameSite: 'strict', path: '/', secure: req.protocol === 'https', maxAge: SESSION_HOURS * 3600,
    })
    return { name: session.user.name, role: session.user.role }
  })

  app.post('/api/logout', { config: { minRole: 'viewer' } }, async (req, reply) => {
    await logout(db, req.cookies[SESSION_COOKIE]!)
    await recordAudit(db, { userId: req.user!.id, userName: req.user!.name, address: req.ip, action: 'logout' })
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { ok: true }
  })

  app.get('/api/me', { config: { minRole: 'viewer' } }, async (req) => ({ name: req.user!.name, role: req.user!.role }))

  app.get('/api/districts', { config: { minRole: 'viewer' } }, async (req) =>
    reads.asUser(req.user!.id, async (c) => (await c.query('select id, code, name from districts order by id')).rows))


  app.get('/api/districts/:id/areas', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const layer = (req.query as { layer?: string }).layer
    if (!isAreaLayer(layer)) throw badRequest('layer: one of street, compound, grid, site')
    return reads.asUser(req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, districtParam(req), reply))) return reply
      const { rows } = await c.query('select source_id, name, parent_id, population, geometry from areas where district_id = $1 and layer = $2 order by ord', [districtParam(req), layer])
      return {
        type: 'FeatureCollection',
        features: rows.map((r) => ({ type: 'Feature', properties: { id: r.source_id, name: r.name, parent_id: r.parent_id, population: r.population }, geometry: r.geometry })),
      }
    })
  })

  app.get('/api/districts/:id/incidents', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>
    let bbox: [number, number, number, number] | undefined
    if (q.bbox !== undefined) {
      const v = q.bbox.split(',').map(Number)
      if (v.length !== 4 || !v.every(Number.isFinite)) throw badRequest('bbox: west,south,east,north')
      bbox = v as [number, number, number, number]
    }
    const from = timeParam(q.from, 'from'), to = timeParam(q.to, 'to')
    const columns = await reads.asUser(req.user!.id, async (c) =>
      (await visibleDistrict(c, districtParam(req), reply)) ? incidentWindow(c, { districtId: districtParam(req), from, to, bbox }) : null)
    if (!columns) return reply
    return reply.type('application/octet-stream').send(Buffer.from(encodeWindow(columns).buffer))
  })

  app.get('/api/districts/:id/counts', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>
    if (!isAreaLayer(q.layer)) throw badRequest('layer: one of street, compound, grid, site')
    const layer = q.layer
    const categories = categoriesParam(q.categories)
    const from = timeParam(q.from, 'from'), to = timeParam(q.to, 'to')
    return reads.asUser(req.user!.id, async (c) =>
      (await visibleDistrict(c, districtParam(req), reply)) ? countByArea(c, { districtId: districtParam(req), layer, from, to, categories }) : reply)
  })

  registerAnalyticsRoutes(app, reads)
  registerRankingRoutes(app, reads)

  app.get('/api/users', { config: { minRole: 'admin' } }, async () =>
    (await listUsers(db)).map((u) => ({ name: u.name, role: u.role, districts: u.districts })))

  app.post('/api/users', {
    config: { minRole: 'admin' },
    schema: { body: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } }, required: ['name', 'role', 'password'] } },
  }, async (req, reply) => {
    const { name, role, password } = req.body as { name: string; role: string; password: string }
    if (!isRole(role)) throw badRequest(`role: one of ${ROLES.join(', ')}`)
    const user = await asOwner(db, (c) => createUser(c, name, role, password))
    return reply.code(201).send({ name: user.name, role: user.role })
  })

  // files to load arrive as their raw bytes
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: opts.loadLimit ?? 2 ** 31 - 1 }, (_req, body, done) => done(null, body))

  app.post('/api/districts/:id/load', { config: { minRole: 'admin' }, schema: { params: ID_PARAMS }, bodyLimit: opts.loadLimit ?? 2 ** 31 - 1 }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>
    const kind = q.kind
    if (!isDatasetKind(kind)) throw badRequest('kind: a dataset kind (incidents, streets, compounds, grids, keySites, cameras, stations, checkpoints, roads, buildings, population)')
    if (q.crs !== undefined && !isCrs(q.crs)) throw badRequest('crs: wgs84, gcj02 or bd09')
    if (q.encoding !== undefined && !['auto', 'utf8', 'gbk'].includes(q.encoding)) throw badRequest('encoding: auto, utf8 or gbk')
    if (q.layer !== undefined && !isAreaLayer(q.layer)) throw badRequest('layer: one of street, compound, grid, site')
    if (!Buffer.isBuffer(req.body)) throw badRequest('send the file as application/octet-stream')
    const pairs = (v: string | undefined, name: string) => Object.fromEntries((v ? v.split(',') : []).map((p) => {
      const eq = p.indexOf('=')
      if (eq < 1) throw badRequest(`${name}: KEY=VALUE,…`)
      return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()]
    }))
    const load: LoadOptions = {
      kind, fileName: q.name || `upload.${kind === 'incidents' || kind === 'cameras' || kind === 'population' ? 'csv' : 'geojson'}`,
      crs: q.crs as LoadOptions['crs'], encoding: q.encoding as LoadOptions['encoding'], fields: pairs(q.fields, 'fields'),
      categories: pairs(q.categories, 'categories') as LoadOptions['categories'], layer: q.layer as LoadOptions['layer'],
    }
    const what = { kind, layer: load.layer ?? null, file: load.fileName }
    const audit = (q: Parameters<typeof recordAudit>[0], action: string, detail: Record<string, unknown>) =>
      recordAudit(q, { userId: req.user!.id, userName: req.user!.name, address: req.ip, action, districtId: districtParam(req), detail: { ...what, ...detail } })
    let read
    try {
      const reference = load.crs ? undefined : await asUser(db, req.user!.id, (c) => importReference(c, districtParam(req)))
      read = await readForLoad(new Uint8Array(req.body), load, reference)
    } catch (err) {
      if (err instanceof LoadRefused) {
        await audit(db, 'import.refused', { error: err.message.slice(0, 500) })
        return reply.code(422).send({ error: err.message, report: err.report })
      }
      throw err
    }
    // a client that goes away mid-load (a killed CLI) stops the COPY, and the transaction with it
    const gone = new AbortController()
    req.raw.socket.once('close', () => gone.abort())
    // one audit row per load, in the load's transaction: recorded exactly when the rows are stored
    const stored = await asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, districtParam(req), reply))) return null
      const s = await storePayload(c, districtParam(req), load, read.payload, gone.signal)
      await audit(c, 'import', { rowsRead: read.report.rowsRead, rowsKept: read.report.rowsKept, rejected: read.report.rejectedCount, stored: s })
      return s
    })
    if (!stored) return reply
    // fresh statistics for the planner right away (the request's role owns no table, so the
    // owner's connection), rather than whenever autovacuum gets to a table a load just rewrote
    if (load.kind !== 'cameras' && !FEATURE_KINDS.has(load.kind)) await db.query('analyze incidents, areas')
    return { report: read.report, stored }
  })

  registerFeatureRoutes(app, reads)
  registerDatabaseRoute(app, reads)
  registerSeatRoutes(app, db)
  registerTileRoutes(app, reads, registerLiveRoutes(app, db))
  registerConfigRoute(app, opts.distDir)
  registerAuditRoutes(app, db)
  registerBriefingRoutes(app, db, opts.briefings)

  if (opts.distDir && existsSync(join(opts.distDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: opts.distDir, prefix: '/', index: 'index.html' })
  }
  return app
}
