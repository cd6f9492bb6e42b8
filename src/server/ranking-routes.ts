/**
 * Rankings of every area of a layer for a month with 环比 and 同比 (rankings.ts): of one
 * district, or of the city (every district the user may see, row security deciding which).
 * Read routes: they go to a replica when there is one.
 */
import type { FastifyInstance } from 'fastify'
import { layerParam } from './analytics-routes'
import { rankingOf, parseMonth, type RankingQuery } from './rankings'
import type { ReadPools } from './replicas'
import { badRequest, categoriesParam, districtParam, ID_PARAMS, visibleDistrict } from './route-params'

type Query = Record<string, string | undefined>

/** ?layer&month=YYYY-MM&categories&source=rollups|raw (raw: counted from the incidents, to compare) */
function rankingParams(q: Query): Omit<RankingQuery, 'districtId'> {
  const layer = layerParam(q.layer)
  if (!parseMonth(q.month)) throw badRequest('month: YYYY-MM')
  if (q.source !== undefined && q.source !== 'rollups' && q.source !== 'raw') throw badRequest('source: rollups or raw')
  return { layer, month: q.month!, categories: categoriesParam(q.categories), source: q.source }
}

export function registerRankingRoutes(app: FastifyInstance, reads: ReadPools): void {
  app.get('/api/districts/:id/ranking', { config: { minRole: 'viewer' }, schema: { params: ID_PARAMS } }, async (req, reply) => {
    const params = rankingParams(req.query as Query)
    return reads.asUser(req.user!.id, async (c) => (await visibleDistrict(c, districtParam(req), reply))
      ? rankingOf(c, { ...params, districtId: districtParam(req) })
      : reply)
  })

  app.get('/api/city/ranking', { config: { minRole: 'viewer' } }, async (req) => {
    const params = rankingParams(req.query as Query)
    return reads.asUser(req.user!.id, (c) => rankingOf(c, params))
  })
}
