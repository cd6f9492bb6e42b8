/**
 * The analytics the app and the CLI read from the server over long periods: the safety index
 * of a layer, the timeline's bars and the monthly series per area. Each is a GROUP BY over the
 * incident→area assignment stored at load (no spatial query, no incident in Node), through the
 * request's row-level-security transaction, and equals the core's figure on the same files.
 */
import type { FastifyInstance } from 'fastify'
import { validateWeights, DEFAULT_WEIGHTS, type SafetyWeights } from '../core/safety-index'
import { isAreaLayer } from './assign-areas'
import type { ReadPools } from './replicas'
import { incidentExtentOf, monthlySeriesOf, timeHistogramOf } from './histogram-sql'
import { badRequest, categoriesParam, districtParam, ID_PARAMS, timeParam, visibleDistrict } from './route-params'
import { safetyIndexOf } from './safety-index-sql'

const DAY_MS = 86_400_000

/** `case=N,fire=N,problem=N` (any subset; the rest default) */
function weightsParam(v: string | undefined): SafetyWeights {
  const w = { ...DEFAULT_WEIGHTS }
  for (const pair of v ? v.split(',') : []) {
    const [key, num] = pair.split('=').map((s) => s.trim())
    if (!(key === 'case' || key === 'fire' || key === 'problem') || !num || !Number.isFinite(Number(num))) throw badRequest(`weights: "${pair}" is not case=N, fire=N or problem=N`)
    w[key] = Number(num)
  }
  try {
    return validateWeights(w)
  } catch (err) {
    throw badRequest(`weights: ${(err as Error).message}`)
  }
}

/** a JSON array of subtype names */
function subtypesParam(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined
  let list: unknown
  try {
    list = JSON.parse(v)
  } catch {
    list = null
  }
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string') || list.length > 65536) throw badRequest('subtypes: a JSON array of subtype names')
  return list as string[]
}

/** whole numbers lo..hi, comma-separated */
function intListParam(v: string | undefined, name: string, lo: number, hi: number): number[] | undefined {
  if (v === undefined) return undefined
  const list = v.split(',').map((x) => (/^\d+$/.test(x.trim()) ? Number(x) : NaN))
  if (!list.every((n) => n >= lo && n <= hi)) throw badRequest(`${name}: whole numbers ${lo} to ${hi}, comma-separated`)
  return list
}

export function layerParam(v: string | undefined) {
  if (!isAreaLayer(v)) throw badRequest('layer: one of street, compound, grid, site')
  return v
}

export function registerAnalyticsRoutes(app: FastifyInstance, reads: ReadPools): void {
  type Query = Record<string, string | undefined>

  // ?layer&from&to (both or neither; default the month of the latest incident)&weights
  app.get('/api/districts/:id/safety-index', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const q = req.query as Query
    const layer = layerParam(q.layer)
    const from = timeParam(q.from, 'from'), to = timeParam(q.to, 'to')
    if ((from === undefined) !== (to === undefined)) throw badRequest('from and to: both or neither')
    if (from !== undefined && !(to! > from)) throw badRequest('to must be after from')
    const weights = weightsParam(q.weights)
    return reads.asUser(req.user!.id, async (c) => (await visibleDistrict(c, districtParam(req), reply))
      ? safetyIndexOf(c, { districtId: districtParam(req), layer, period: from === undefined ? undefined : { from, to: to! }, weights })
      : reply)
  })

  // how many incidents the district has and their first and last time: the app's timeline spans
  // them while it holds only a window of the incidents
  app.get('/api/districts/:id/extent', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) =>
    reads.asUser(req.user!.id, async (c) => (await visibleDistrict(c, districtParam(req), reply))
      ? incidentExtentOf(c, districtParam(req))
      : reply))

  // ?days (bin width in local days; default a day, a week beyond 180 days)&categories
  //  &subtypes (a JSON array of names)&hours=START,END (local, END exclusive)&weekdays=0,…,6 (0 = Monday)
  app.get('/api/districts/:id/histogram', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const q = req.query as Query
    let binMs: number | undefined
    if (q.days !== undefined) {
      const d = Number(q.days)
      if (!Number.isInteger(d) || d < 1 || d > 3660) throw badRequest('days: a whole number of days, 1 to 3660')
      binMs = d * DAY_MS
    }
    const categories = categoriesParam(q.categories)
    const subtypes = subtypesParam(q.subtypes)
    const hours = intListParam(q.hours, 'hours', 0, 24)
    if (hours && hours.length !== 2) throw badRequest('hours: START,END (local hours 0 to 24)')
    const weekdays = intListParam(q.weekdays, 'weekdays', 0, 6)
    return reads.asUser(req.user!.id, async (c) => (await visibleDistrict(c, districtParam(req), reply))
      ? timeHistogramOf(c, { districtId: districtParam(req), binMs, categories, subtypes, hours: hours as [number, number] | undefined, weekdays })
      : reply)
  })

  // ?layer&from&to&categories
  app.get('/api/districts/:id/monthly', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const q = req.query as Query
    const layer = layerParam(q.layer)
    const from = timeParam(q.from, 'from'), to = timeParam(q.to, 'to')
    const categories = categoriesParam(q.categories)
    return reads.asUser(req.user!.id, async (c) => (await visibleDistrict(c, districtParam(req), reply))
      ? monthlySeriesOf(c, { districtId: districtParam(req), layer, from, to, categories })
      : reply)
  })
}
