/**
 * Suggestions for a camera plan, as the analytics worker serves them: candidate poses (the
 * planner's imported sites, or sites generated along the roads), the network plus the plan's
 * cameras as what is already covered, and the optimiser's choice shaped as plan cameras.
 */
import type { FeatureCollection } from 'geojson'
import { posesAtSites, sitesAlongRoads, type SitePoints } from '../core/candidate-poses'
import type { DoriLevel } from '../core/camera-model'
import { concatCameraColumns, type CameraColumns } from '../core/cameras'
import { unprojectLat, unprojectLon, type LocalProjection } from '../core/local-projection'
import { candidateToPlanCamera, nextPlanCameraId, planCameraColumns, type PlanCamera } from '../core/plan-cameras'
import { suggestCameras } from '../core/suggest-cameras'
import type { Obstacles } from '../core/visibility'
import type { SuggestRequest, SuggestSummary } from './contracts'

export interface SuggestContext {
  incidents: { count: number; lon: Float64Array; lat: Float64Array; time: Float64Array; category: Uint8Array; keep?: Uint8Array }
  network: CameraColumns
  networkKeep: Uint8Array | undefined
  plan: PlanCamera[]
  /** the network coverage's projection: its grid starts at (0, 0) and bounds the district */
  proj: LocalProjection
  /** the district's extent in local metres, for generated sites */
  extent: [number, number]
  obstacles: Obstacles | null
  sites: SitePoints | null
  roads: FeatureCollection | null
}

export function suggestPlanCameras(ctx: SuggestContext, s: SuggestRequest & { level: DoriLevel }): SuggestSummary {
  const t0 = performance.now()
  let sites = ctx.sites
  if (s.candidates === 'imported') {
    if (!sites || sites.count === 0) throw new Error('no candidate sites imported')
  } else {
    if (!ctx.roads) throw new Error('no roads loaded to place candidate sites along')
    const { proj, extent } = ctx
    sites = sitesAlongRoads(ctx.roads, s.siteSpacing, {
      within: [unprojectLon(proj, 0), unprojectLat(proj, 0), unprojectLon(proj, extent[0]), unprojectLat(proj, extent[1])],
    })
  }
  const candidates = posesAtSites(sites, { type: s.type, stepDeg: s.stepDeg })
  const tSites = performance.now() - t0
  // the plan's cameras count as covering, like the network's (online ones only when asked)
  const planCols = planCameraColumns(ctx.plan)
  const cameras = concatCameraColumns(ctx.network, planCols)
  const cameraKeep = ctx.networkKeep ? Uint8Array.from({ length: cameras.count }, (_, i) => (i < ctx.network.count ? ctx.networkKeep![i] : 1)) : undefined
  const r = suggestCameras(
    { incidents: ctx.incidents, cameras, cameraKeep, candidates, proj: ctx.proj, obstacles: ctx.obstacles },
    { n: s.n, level: s.level, minSpacing: s.minSpacing, weights: s.weights, seed: s.seed },
  )
  const taken = new Set(ctx.plan.map((c) => c.id))
  const rows = Array.from(r.chosen, (row, k) => {
    const camera = candidateToPlanCamera(candidates, row, r.gains[k], s.level)
    // candidate ids name the site and the bearing; a plan needs ids of its own
    camera.id = nextPlanCameraId(taken)
    taken.add(camera.id)
    return { camera, gain: r.gains[k], newlyCovered: r.newlyCovered[k] }
  })
  return {
    rows, total: r.total, greedyTotal: r.greedyTotal, upperBound: r.upperBound, ratio: r.ratio, incidentsCovered: r.incidentsCovered,
    sites: sites.count, poses: candidates.count, swaps: r.swaps,
    ms: { sites: tSites, sets: r.ms.sets, greedy: r.ms.greedy, swap: r.ms.swap, bound: r.ms.bound, total: performance.now() - t0 },
  }
}
