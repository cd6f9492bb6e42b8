/** Patrol planning: grids, alert-guided priorities and schedule, isochrones and response coverage. */
import { patrolPlan, patrolSignals } from '../core/patrol-plan'
import type { AnalyticsData } from './analytics-data'
import type { PatrolRequest, PatrolSummary } from './contracts'

export function patrol(d: AnalyticsData, req: PatrolRequest): PatrolSummary {
  const t0 = performance.now()
  const inc = d.requireIncidents()
  const district = d.features.get('district') ?? d.features.get('streets')
  if (!district) throw new Error('no district outline or streets loaded')
  const grids = req.source === 'imported' ? d.features.get('grids') ?? null : null
  if (req.source === 'imported' && !grids) throw new Error('no grid cells imported')
  const { hotspots, seenBy } = patrolSignals(inc, district, d.cameras, req.level)
  const plan = patrolPlan({
    district, grids, shape: req.shape, sizeM: req.sizeM, incidents: inc, seenBy, hotspots,
    keySites: d.features.get('keySites') ?? null, roads: d.features.get('roads') ?? null,
    stations: d.features.get('stations') ?? null, minutes: req.minutes,
  })
  return { ...plan, ms: { ...plan.ms, total: performance.now() - t0 } }
}
