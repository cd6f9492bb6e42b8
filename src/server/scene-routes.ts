/**
 * The district's wall scenes, shared by its seats. Viewers (the wall) read; analysts and up
 * save, change, delete and reorder. Every scene goes through the app's own validation
 * (core/scenes.ts validateScene); an update or delete names the scene's revision it is based
 * on and is refused (409, with the current scene) when that is not the stored one. The list
 * answers with an ETag of the district's scene counter, so a wall polling it mostly gets 304.
 */
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { SceneError, validateScene, type Scene } from '../core/scenes'
import { asUser, type Db } from './db'
import { ID_PARAMS, visibleDistrict } from './route-params'
import { answer, bumpList, isObj, KEY_PARAMS, listRevision, listTag, noNul, notModified, refuse, revisionField, revisionQuery } from './seat-lists'

/** most scenes a district keeps: a wall rotates through tens */
export const MAX_SCENES = 500
/** a scene as JSON: a title, a view and a filter fit in a few hundred characters */
export const MAX_SCENE_JSON = 32_768

interface SceneRow { key: string; position: number; revision: number; scene: Scene; updated_by: string; updated_at: Date }

const COLUMNS = 'key, position, revision, scene, updated_by, updated_at'
const shown = (r: SceneRow) => ({ id: r.key, position: r.position, revision: r.revision, scene: r.scene, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString() })

function sceneBody(body: unknown): Scene {
  if (!isObj(body)) throw refuse(400, 'body: a JSON object { scene, … }')
  noNul(body.scene, 'scene')
  let scene: Scene
  try {
    scene = validateScene(body.scene)
  } catch (e) {
    if (e instanceof SceneError) throw refuse(400, e.message)
    throw e
  }
  // a valid scene can still be long (thousands of subtype codes); the table keeps at most twice this
  if (JSON.stringify(scene).length > MAX_SCENE_JSON) throw refuse(413, `scene: at most ${MAX_SCENE_JSON} characters as JSON`)
  return scene
}

async function current(c: pg.ClientBase, districtId: number, key: string): Promise<SceneRow | null> {
  return (await c.query<SceneRow>(`select ${COLUMNS} from scenes where district_id = $1 and key = $2`, [districtId, key])).rows[0] ?? null
}

/** 404 when the scene is not there (or not visible), 409 with it when its revision is another. */
async function staleOrMissing(c: pg.ClientBase, districtId: number, key: string): Promise<never> {
  const now = await current(c, districtId, key)
  if (!now) throw refuse(404, 'no such scene')
  throw refuse(409, `the scene was changed by another seat (now revision ${now.revision})`, { current: shown(now) })
}

export function registerSceneRoutes(app: FastifyInstance, db: Db): void {
  const district = (p: unknown) => (p as { id: number }).id
  const key = (p: unknown) => (p as { key: string }).key
  const name = (req: { user: { name: string } | null }) => req.user!.name

  app.get('/api/districts/:id/scenes', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const id = district(req.params)
    return asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return reply
      const revision = await listRevision(c, id, 'scenes')
      if (notModified(req, reply, listTag(id, 'scenes', revision))) return reply.code(304).send()
      const { rows } = await c.query<SceneRow>(`select ${COLUMNS} from scenes where district_id = $1 order by position, id`, [id])
      return { revision, scenes: rows.map(shown) }
    })
  })

  app.get('/api/districts/:id/scenes/:key', { config: { minRole: 'viewer' }, schema: { params: KEY_PARAMS } }, async (req, reply) => {
    const row = await asUser(db, req.user!.id, (c) => current(c, district(req.params), key(req.params)))
    return row ? shown(row) : reply.code(404).send({ error: 'no such scene' })
  })

  app.post('/api/districts/:id/scenes', { config: { minRole: 'analyst' }, schema: { params: ID_PARAMS } }, async (req, reply) => answer(reply, async () => {
    const scene = sceneBody(req.body)
    const id = district(req.params)
    const out = await asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return null
      const listRev = await bumpList(c, id, 'scenes')
      const { rows: [{ n, next }] } = await c.query<{ n: number; next: number }>(
        'select count(*)::int as n, coalesce(max(position) + 1, 0) as next from scenes where district_id = $1', [id])
      if (n >= MAX_SCENES) throw refuse(413, `a district keeps at most ${MAX_SCENES} scenes`)
      const { rows } = await c.query<SceneRow>(
        `insert into scenes (district_id, key, position, title, scene, updated_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (district_id, key) do nothing returning ${COLUMNS}`, [id, scene.id, next, scene.title, JSON.stringify(scene), name(req)])
      if (!rows[0]) {
        const there = (await current(c, id, scene.id))!
        throw refuse(409, 'a scene with this id exists already', { current: shown(there) })
      }
      return { ...shown(rows[0]), listRevision: listRev }
    })
    return out ? reply.code(201).send(out) : reply
  }))

  app.put('/api/districts/:id/scenes/:key', { config: { minRole: 'analyst' }, schema: { params: KEY_PARAMS } }, async (req, reply) => answer(reply, async () => {
    const scene = sceneBody(req.body)
    const base = revisionField(req.body as Record<string, unknown>, 'baseRevision')
    const id = district(req.params), k = key(req.params)
    if (scene.id !== k) throw refuse(400, 'scene.id: must be the id in the path')
    return asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return reply
      const listRev = await bumpList(c, id, 'scenes')
      const { rows } = await c.query<SceneRow>(
        `update scenes set scene = $4, title = $5, revision = revision + 1, updated_by = $6, updated_at = now()
         where district_id = $1 and key = $2 and revision = $3 returning ${COLUMNS}`, [id, k, base, JSON.stringify(scene), scene.title, name(req)])
      if (!rows[0]) return staleOrMissing(c, id, k)
      return { ...shown(rows[0]), listRevision: listRev }
    })
  }))

  app.delete('/api/districts/:id/scenes/:key', { config: { minRole: 'analyst' }, schema: { params: KEY_PARAMS } }, async (req, reply) => answer(reply, async () => {
    const base = revisionQuery((req.query as Record<string, unknown>).baseRevision, 'baseRevision')
    const id = district(req.params), k = key(req.params)
    return asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return reply
      const listRev = await bumpList(c, id, 'scenes')
      const { rowCount } = await c.query('delete from scenes where district_id = $1 and key = $2 and revision = $3', [id, k, base])
      if (!rowCount) return staleOrMissing(c, id, k)
      return { deleted: k, listRevision: listRev }
    })
  }))

  // The new order names every scene of the district once: a list that misses one another seat
  // just added (or names one just deleted) was made on an old picture, and is refused.
  app.put('/api/districts/:id/scene-order', { config: { minRole: 'analyst' }, schema: { params: ID_PARAMS } }, async (req, reply) => answer(reply, async () => {
    const body = req.body
    const ids = isObj(body) ? body.ids : undefined
    if (!Array.isArray(ids) || ids.length > MAX_SCENES || !ids.every((x) => typeof x === 'string' && x.length >= 1 && x.length <= 100)) {
      throw refuse(400, `ids: the list of every scene id in the new order (at most ${MAX_SCENES})`)
    }
    const id = district(req.params)
    return asUser(db, req.user!.id, async (c) => {
      if (!(await visibleDistrict(c, id, reply))) return reply
      const listRev = await bumpList(c, id, 'scenes')
      const stored = (await c.query<{ key: string }>('select key from scenes where district_id = $1 order by position, id', [id])).rows.map((r) => r.key)
      const given = new Set(ids as string[])
      if (given.size !== ids.length || given.size !== stored.length || !stored.every((k) => given.has(k))) {
        throw refuse(409, 'the order must name every scene of the district once (another seat changed the list)', { ids: stored })
      }
      await c.query(
        `update scenes s set position = o.ord from unnest($2::text[]) with ordinality as o(key, ord)
         where s.district_id = $1 and s.key = o.key`, [id, ids])
      return { ids, listRevision: listRev }
    })
  }))
}
