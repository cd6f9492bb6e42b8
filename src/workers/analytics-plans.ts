/** Camera plans on top of the network's coverage: the figures after each edit, comparisons, suggestions. */
import type { AreaSet } from '../core/areas'
import { planBase, planMetrics as computePlanMetrics, type PlanBase, type PlanMetrics } from '../core/plan-metrics'
import { planCameraColumns, type PlanCamera } from '../core/plan-cameras'
import type { AnalyticsData, NetworkCoverage } from './analytics-data'
import { networkCoverage } from './analytics-coverage'
import type { NetworkRequest, SuggestRequest, SuggestSummary } from './contracts'
import { suggestPlanCameras } from './plan-suggest'

/** Areas a planner can pick to see its covered share. */
export const PLAN_AREA_LAYERS = ['streets', 'compounds'] as const

function planContext(d: AnalyticsData, req: NetworkRequest): NetworkCoverage & { base: PlanBase } {
  const net = networkCoverage(d, req)
  if (!net.base) {
    const inc = d.requireIncidents()
    const areas: Record<string, AreaSet> = {}
    for (const name of PLAN_AREA_LAYERS) {
      const l = d.layer(name)
      if (l) areas[name] = l.areas
    }
    net.base = planBase({ coverage: net.result, incidents: { lon: inc.lon, lat: inc.lat, count: inc.count, keep: net.keep }, obstacles: net.obstacles, areas })
  }
  return net as NetworkCoverage & { base: PlanBase }
}

/** What a plan adds to the network: incidents newly covered, in-view rate, blind hot cells, the selected area's coverage. */
export function planMetrics(d: AnalyticsData, req: NetworkRequest, cameras: PlanCamera[], selected: { layer: string; index: number } | null = null): PlanMetrics {
  const { base } = planContext(d, req)
  return computePlanMetrics(base, planCameraColumns(cameras), req.level, selected)
}

/** The same figures for several plans at once (the comparison table). */
export function comparePlans(d: AnalyticsData, req: NetworkRequest, plans: { id: string; cameras: PlanCamera[] }[]): { id: string; metrics: PlanMetrics }[] {
  const { base } = planContext(d, req)
  return plans.map((p) => ({ id: p.id, metrics: computePlanMetrics(base, planCameraColumns(p.cameras), req.level, null) }))
}

/** The next `n` cameras for the network plus `plan`, from imported candidate sites or sites along the roads. */
export function suggest(d: AnalyticsData, req: NetworkRequest, plan: PlanCamera[], s: SuggestRequest): SuggestSummary {
  const net = planContext(d, req)
  const inc = d.requireIncidents()
  const cameras = d.requireCameras()
  const { grid } = net.result.hotspots
  return suggestPlanCameras({
    incidents: { ...inc, keep: net.keep }, network: cameras, networkKeep: net.cameraKeep, plan,
    proj: grid.proj, extent: [grid.cols * grid.cell, grid.rows * grid.cell], obstacles: net.obstacles,
    sites: s.candidates === 'imported' ? d.candidateSites : null, roads: d.features.get('roads') ?? null,
  }, { ...s, level: req.level })
}
