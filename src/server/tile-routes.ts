/**
 * The city view's routes: GET /api/city (the districts a user may see, framed) and
 * GET /api/tiles/incidents/:z/:x/:y.mvt (the incidents as counted hexagons, incident-tiles.ts)
 * for zooms 8-13; at street zoom the app reads the binary window of /api/districts/:id/incidents.
 * Both read through `reads.asUser`: on a replica, under the user's row security, so a tile
 * counts only the districts the user may see. Tiles are cached by the set of those districts,
 * the tile and the filter; new incidents of a district drop its tiles.
 */
import type { FastifyInstance } from 'fastify'
import { CATEGORIES } from '../core/incidents'
import { CityFrames } from './city'
import { incidentTile, TILE_MAX_ZOOM, TILE_MIN_ZOOM, type TileQuery } from './incident-tiles'
import type { LiveHub } from './live-hub'
import type { ReadPools } from './replicas'
import { badRequest, timeParam } from './route-params'
import { TileCache } from './tile-cache'

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile'
/** how long the districts a user sees are taken as known for serving cached tiles */
export const VISIBLE_MS = 2000

export interface TileRouteOptions {
  /** the tile cache's bound (default 64 MiB) */
  cacheBytes?: number
  /**
   * how long after a district's change its tiles are dropped again: a replica may still serve
   * the rows from before it for that long (replicas.ts maxLagMs; default 5 s)
   */
  replicaLagMs?: number
}

const wholeIn = (v: string, name: string, lo: number, hi: number): number => {
  const n = /^\d{1,10}$/.test(v) ? Number(v) : NaN
  if (!(n >= lo && n <= hi)) throw badRequest(`${name}: a whole number from ${lo} to ${hi}`)
  return n
}

/** the tile and its filter from the request; a bad value is a 400 naming its field */
export function tileQuery(params: Record<string, string>, q: Record<string, string | undefined>): TileQuery {
  const z = wholeIn(params.z, 'z', TILE_MIN_ZOOM, TILE_MAX_ZOOM)
  const x = wholeIn(params.x, 'x', 0, 2 ** z - 1)
  const y = wholeIn(params.y, 'y', 0, 2 ** z - 1)
  const from = timeParam(q.from, 'from'), to = timeParam(q.to, 'to')
  let categories: number[] | undefined
  if (q.categories !== undefined) {
    categories = q.categories === '' ? [] : q.categories.split(',').map((v) => wholeIn(v.trim(), 'categories', 0, CATEGORIES.length - 1))
  }
  const hours = q.hours === undefined ? undefined : wholeIn(q.hours, 'hours', 0, 2 ** 24 - 1)
  const weekdays = q.weekdays === undefined ? undefined : wholeIn(q.weekdays, 'weekdays', 0, 127)
  return {
    z, x, y, from, to,
    // all selected is no filter: one cache entry and no per-row test for it
    categories: categories && new Set(categories).size === CATEGORIES.length ? undefined : categories && [...new Set(categories)].sort(),
    hours: hours === 2 ** 24 - 1 ? undefined : hours,
    weekdays: weekdays === 127 ? undefined : weekdays,
  }
}

const filterKey = (q: TileQuery) => `${q.from ?? ''}|${q.to ?? ''}|${q.categories?.join(',') ?? '*'}|${q.hours ?? '*'}|${q.weekdays ?? '*'}`

export function registerTileRoutes(app: FastifyInstance, reads: ReadPools, hub: LiveHub, opts: TileRouteOptions = {}): TileCache {
  const cache = new TileCache(opts.cacheBytes)
  const frames = new CityFrames()
  const lagMs = opts.replicaLagMs ?? 5000
  const changed = (district: number | null) => {
    cache.invalidate(district)
    frames.invalidate(district)
  }
  hub.watch((district) => {
    changed(district)
    setTimeout(() => changed(district), lagMs).unref()
  })
  // a load that only rewrites existing incidents inserts none, and so notifies nothing
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'POST' && reply.statusCode < 400 && req.routeOptions.url === '/api/districts/:id/load') {
      const id = Number((req.params as { id?: unknown }).id)
      if (Number.isInteger(id)) {
        changed(id)
        setTimeout(() => changed(id), lagMs).unref()
      }
    }
  })

  app.get('/api/city', { config: { minRole: 'viewer' } }, async (req) => reads.asUser(req.user!.id, (c) => frames.city(c)))

  // Which districts each user saw, as row security told the last request: a cached tile of the
  // same set is then served without a database round trip. A grant revoked (or a district
  // added) reaches the tiles within VISIBLE_MS, as it reaches any page being looked at.
  const seen = new Map<number, { districts: number[]; until: number }>()
  // tiles being counted: viewers panning together ask for the same new tile at once, and it is
  // counted once for all of them
  const counting = new Map<string, Promise<Buffer>>()
  const keyOf = (districts: number[], q: TileQuery) => `${districts.join(',')}/${q.z}/${q.x}/${q.y}/${filterKey(q)}`

  app.get('/api/tiles/incidents/:z/:x/:y.mvt', { config: { minRole: 'viewer' } }, async (req, reply) => {
    const q = tileQuery(req.params as Record<string, string>, req.query as Record<string, string | undefined>)
    const userId = req.user!.id
    const known = seen.get(userId)
    const fresh = known && known.until > Date.now() ? keyOf(known.districts, q) : null
    let tile = fresh === null ? undefined : cache.get(fresh) ?? (await counting.get(fresh))
    tile ??= await reads.asUser(userId, async (c) => {
      // the districts this user sees: row security decides, and the cache key must say which
      const { rows } = await c.query<{ ids: number[] | null }>('select array_agg(id order by id) as ids from districts')
      const districts = rows[0].ids ?? []
      if (seen.size > 10_000) seen.clear()
      seen.set(userId, { districts, until: Date.now() + VISIBLE_MS })
      if (districts.length === 0 || q.categories?.length === 0) return Buffer.alloc(0)
      const key = keyOf(districts, q)
      const ready = cache.get(key) ?? counting.get(key)
      if (ready) return ready
      const begun = cache.begin()
      const bytes = incidentTile(c, q).then((b) => {
        cache.set(key, b, districts, begun)
        return b
      }).finally(() => counting.delete(key))
      counting.set(key, bytes)
      return bytes
    })
    // the tile changes with every alert: the browser asks again rather than keep it
    reply.header('cache-control', 'private, no-cache')
    if (tile.length === 0) return reply.code(204).send()
    return reply.type(MVT_TYPE).send(tile)
  })

  return cache
}
