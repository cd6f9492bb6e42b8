/**
 * The district's camera plans, shared by its seats, with their history. Viewers and analysts
 * read; planners and up write. Every write names the revision it is based on (`baseRevision`);
 * the update is `… where revision = base`, so of two writes on the same base exactly one
 * changes the row and the other is refused (409, carrying the current plan), with nothing
 * stored. Every revision is kept in plan_revisions: listed, and restored as a new revision.
 */
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { validatePlanCamera, type PlanCamera } from '../core/plan-cameras'
import { readSuggestions, type Suggestion } from '../core/plan-suggestions'
import { asUser, type Db } from './db'
import { ID_PARAMS, visibleDistrict } from './route-params'
import { answer, bumpList, isObj, KEY_PARAMS, listRevision, listTag, noNul, notModified, refuse, revisionField, revisionQuery, textField } from './seat-lists'

/** A plan of this many cameras is far beyond a district's; the body limit follows from it. */
export const MAX_PLAN_CAMERAS = 20_000
export const PLAN_BODY_LIMIT = 4 << 20
export const MAX_PLAN_NAME = 200
export const MAX_PLAN_JSON = 4 << 20

export interface PlanJson { createdAt: string; updatedAt: string; cameras: PlanCamera[]; suggestions?: Suggestion[] }

interface PlanRow { key: string; name: string; revision: number; plan: PlanJson; updated_by: string; updated_at: Date }

const COLUMNS = 'key, name, revision, plan, updated_by, updated_at'
const shown = (r: PlanRow) => ({ id: r.key, name: r.name, revision: r.revision, plan: r.plan, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString() })

const time = (v: unknown, field: string): string => {
  if (v === undefined) return new Date().toISOString()
  if (typeof v !== 'string' || v.length > 40 || !Number.isFinite(Date.parse(v))) throw refuse(400, `plan.${field}: an ISO 8601 time`)
  return v
}

/** The plan of a body, checked camera by camera with the app's own rules; one bad camera refuses the whole write. */
export function planBody(body: Record<string, unknown>): { name: string; plan: PlanJson } {
  const name = textField(body.name, 'name', MAX_PLAN_NAME)
  const p = body.plan
  if (!isObj(p) || !Array.isArray(p.cameras)) throw refuse(400, 'plan: an object { createdAt, updatedAt, cameras: [...] }')
  if (p.cameras.length > MAX_PLAN_CAMERAS) throw refuse(413, `plan.cameras: at most ${MAX_PLAN_CAMERAS}`)
  noNul(p.cameras, 'plan.cameras')
  const seen = new Set<string>()
  const cameras = p.cameras.map((x, i) => {
    let cam: PlanCamera
    try {
      cam = validatePlanCamera(x)
    } catch (e) {
      throw refuse(400, `plan.cameras[${i}]: ${(e as Error).message}`)
    }
    if (cam.id.length > 100 || seen.has(cam.id)) throw refuse(400, `plan.cameras[${i}]: id must be unique and at most 100 characters`)
    seen.add(cam.id)
    return cam
  })
  const plan: PlanJson = { createdAt: time(p.createdAt, 'createdAt'), updatedAt: time(p.updatedAt, 'updatedAt'), cameras }
  // the pending suggestions travel with the plan so that another seat or a reload finds them
  if (p.suggestions !== undefined) {
    if (!Array.isArray(p.suggestions) || p.suggestions.length > MAX_PLAN_CAMERAS) throw refuse(400, `plan.suggestions: an array of at most ${MAX_PLAN_CAMERAS}`)
    noNul(p.suggestions, 'plan.suggestions')
    const { suggestions, errors } = readSuggestions(p.suggestions)
    if (errors.length) throw refuse(400, `plan.${errors[0]}`)
    if (suggestions.length) plan.suggestions = suggestions
  }
  // the table keeps at most twice this (jsonb's text form is wider than compact JSON)
  if (JSON.stringify(plan).length > MAX_PLAN_JSON) throw refuse(413, `plan: at most ${MAX_PLAN_JSON} characters as JSON`)
  return { name, plan }
}

async function current(c: pg.ClientBase, districtId: number, key: string): Promise<(PlanRow & { id: number }) | null> {
  return (await c.query<PlanRow & { id: number }>(`select id, ${COLUMNS} from plans where district_id = $1 and key = $2`, [districtId, key])).rows[0] ?? null
}

async function staleOrMissing(c: pg.ClientBase, districtId: number, key: string): Promise<never> {
  const now = await current(c, districtId, key)
  if (!now) throw refuse(404, 'no such plan')
  throw refuse(409, `the plan was changed by another seat (now revision ${now.revision})`, { current: shown(now) })
}

/** Sets the plan to `name`/`plan` if it is still at `base`, and records the new revision. */
async function writeRevision(c: pg.ClientBase, districtId: number, key: string, base: number, name: string, plan: PlanJson, by: string) {
  const { rows } = await c.query<PlanRow & { id: number }>(
    `update plans set name = $4, plan = $5, revision = revision + 1, updated_by = $6, updated_at = now()
     where district_id = $1 and key = $2 and revision = $3 returning id, ${COLUMNS}`, [districtId, key, base, name, JSON.stringify(plan), by])
  if (!rows[0]) return staleOrMissing(c, districtId, key)
  await c.query('insert into plan_revisions (plan_id, district_id, revision, name, plan, saved_by, saved_at) values ($1, $2, $3, $4, $5, $6, $7)',
    [rows[0].id, districtId, rows[0].revision, name, JSON.stringify(plan), by, rows[0].updated_at])
  return rows[0]
}

export function registerPlanRoutes(app: FastifyInstance, db: Db): void {
  const district = (p: unknown) => (p as { id: number }).id
  const key = (p: unknown) => (p as { key: string }).key
  const bodyOf = (b: unknown) => {
    if (!isObj(b)) throw refuse(400, 'body: a JSON object')
    return b
  }

  app.get('/api/districts/:id/plans', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const id = district(req.params)
    return asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return reply
      const revision = await listRevision(c, id, 'plans')
      if (notModified(req, reply, listTag(id, 'plans', revision))) return reply.code(304).send()
      const { rows } = await c.query<PlanRow>(`select ${COLUMNS} from plans where district_id = $1 order by id`, [id])
      return { revision, plans: rows.map(shown) }
    })
  })

  app.get('/api/districts/:id/plans/:key', { config: { minRole: 'viewer' }, schema: { params: KEY_PARAMS } }, async (req, reply) => {
    const row = await asUser(db, req.user!.id, (c) => current(c, district(req.params), key(req.params)))
    return row ? shown(row) : reply.code(404).send({ error: 'no such plan' })
  })

  app.post('/api/districts/:id/plans', { config: { minRole: 'planner' }, schema: { params: ID_PARAMS }, bodyLimit: PLAN_BODY_LIMIT }, async (req, reply) => answer(reply, async () => {
    const body = bodyOf(req.body)
    const k = textField(body.id, 'id', 100)
    const { name, plan } = planBody(body)
    const id = district(req.params)
    const out = await asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return null
      const listRev = await bumpList(c, id, 'plans')
      const { rows } = await c.query<PlanRow & { id: number }>(
        `insert into plans (district_id, key, name, plan, updated_by) values ($1, $2, $3, $4, $5)
         on conflict (district_id, key) do nothing returning id, ${COLUMNS}`, [id, k, name, JSON.stringify(plan), req.user!.name])
      if (!rows[0]) throw refuse(409, 'a plan with this id exists already', { current: shown((await current(c, id, k))!) })
      await c.query('insert into plan_revisions (plan_id, district_id, revision, name, plan, saved_by, saved_at) values ($1, $2, 1, $3, $4, $5, $6)',
        [rows[0].id, id, name, JSON.stringify(plan), req.user!.name, rows[0].updated_at])
      return { ...shown(rows[0]), listRevision: listRev }
    })
    return out ? reply.code(201).send(out) : reply
  }))

  app.put('/api/districts/:id/plans/:key', { config: { minRole: 'planner' }, schema: { params: KEY_PARAMS }, bodyLimit: PLAN_BODY_LIMIT }, async (req, reply) => answer(reply, async () => {
    const body = bodyOf(req.body)
    const base = revisionField(body, 'baseRevision')
    const { name, plan } = planBody(body)
    const id = district(req.params), k = key(req.params)
    return asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return reply
      const listRev = await bumpList(c, id, 'plans')
      return { ...shown(await writeRevision(c, id, k, base, name, plan, req.user!.name)), listRevision: listRev }
    })
  }))

  app.delete('/api/districts/:id/plans/:key', { config: { minRole: 'planner' }, schema: { params: KEY_PARAMS } }, async (req, reply) => answer(reply, async () => {
    const base = revisionQuery((req.query as Record<string, unknown>).baseRevision, 'baseRevision')
    const id = district(req.params), k = key(req.params)
    return asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return reply
      const listRev = await bumpList(c, id, 'plans')
      const { rowCount } = await c.query('delete from plans where district_id = $1 and key = $2 and revision = $3', [id, k, base])
      if (!rowCount) return staleOrMissing(c, id, k)
      return { deleted: k, listRevision: listRev }
    })
  }))

  app.get('/api/districts/:id/plans/:key/revisions', { config: { minRole: 'viewer' }, schema: { params: KEY_PARAMS } }, async (req, reply) => {
    const id = district(req.params), k = key(req.params)
    const rows = await asUser(db, req.user!.id, async (c) => {
      const plan = await current(c, id, k)
      if (!plan) return null
      return (await c.query<{ revision: number; name: string; cameras: number; saved_by: string; saved_at: Date }>(
        `select revision, name, jsonb_array_length(plan -> 'cameras') as cameras, saved_by, saved_at
         from plan_revisions where plan_id = $1 order by revision desc`, [plan.id])).rows
    })
    if (!rows) return reply.code(404).send({ error: 'no such plan' })
    return rows.map((r) => ({ revision: r.revision, name: r.name, cameras: r.cameras, savedBy: r.saved_by, savedAt: r.saved_at.toISOString() }))
  })

  app.post('/api/districts/:id/plans/:key/restore', { config: { minRole: 'planner' }, schema: { params: KEY_PARAMS } }, async (req, reply) => answer(reply, async () => {
    const body = bodyOf(req.body)
    const revision = revisionField(body, 'revision')
    const base = revisionField(body, 'baseRevision')
    const id = district(req.params), k = key(req.params)
    return asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return reply
      const listRev = await bumpList(c, id, 'plans')
      const { rows: [old] } = await c.query<{ name: string; plan: PlanJson }>(
        'select r.name, r.plan from plan_revisions r join plans p on p.id = r.plan_id where p.district_id = $1 and p.key = $2 and r.revision = $3', [id, k, revision])
      if (!old) {
        if (!(await current(c, id, k))) throw refuse(404, 'no such plan')
        throw refuse(404, `the plan has no revision ${revision}`)
      }
      return { ...shown(await writeRevision(c, id, k, base, old.name, old.plan, req.user!.name)), listRevision: listRev, restoredFrom: revision }
    })
  }))
}
