/**
 * "Suggest N cameras", from columns to a ranked list: the pipeline the CLI and the analytics
 * worker share. What the existing cameras (the network plus accepted plan cameras) already
 * see counts as covered, so every suggestion is scored by the incident weight it newly
 * brings into view; the weighing is placement-weights.ts, the choice camera-placement.ts, and
 * "sees" is incidents-in-view.ts (with walls from visibility.ts when obstacles are given).
 */
import { cameraViews, type CameraViews, type DoriLevel } from './camera-model'
import type { CameraColumns } from './cameras'
import { placeCameras, type PlacementResult } from './camera-placement'
import { projectPoints, viewCounts, viewMembers } from './incidents-in-view'
import { projectionForBbox } from './isochrones'
import type { LocalProjection } from './local-projection'
import { incidentWeights, type PlacementWeights } from './placement-weights'
import { pointsBbox } from './square-grid'
import { visibleRings, type Obstacles } from './visibility'

export interface SuggestInput {
  incidents: { count: number; lon: Float64Array; lat: Float64Array; time: Float64Array; category: Uint8Array; keep?: Uint8Array }
  /** existing network + accepted plan cameras: what they see counts as covered */
  cameras: CameraColumns | null
  cameraKeep?: Uint8Array
  /** one pose per row */
  candidates: CameraColumns
  /** default: centred on the kept incidents' bounding box (on the candidates' when no incident is kept) */
  proj?: LocalProjection
  /** walls block views (visibleRings) */
  obstacles?: Obstacles | null
}

export interface SuggestOptions {
  n: number
  level: DoriLevel
  /** metres between chosen poses (0: several poses at one site allowed) */
  minSpacing: number
  weights: PlacementWeights
  seed?: number
  swap?: boolean
}

export interface SuggestResult extends PlacementResult {
  /** per chosen candidate row (in order of choice): incidents of weight > 0 it newly brings into view given those before (a count, not weight) */
  newlyCovered: Uint32Array
  /** Σ newlyCovered */
  incidentsCovered: number
  /** sets: projection, existing coverage, weights and the candidates' sets; total: the whole call */
  ms: PlacementResult['ms'] & { sets: number; total: number }
}

/**
 * Projects the incidents, counts what the existing cameras see (those incidents weigh 0), weighs
 * the rest with `weights`, builds each candidate pose's set of incidents of weight > 0 and runs
 * placeCameras. `chosen` holds candidate rows.
 */
export function suggestCameras(input: SuggestInput, opts: SuggestOptions): SuggestResult {
  const t0 = performance.now()
  const { incidents: inc, candidates } = input
  const proj = input.proj ?? projectionForBbox(
    pointsBbox(inc.lon, inc.lat, inc.count, inc.keep) ?? pointsBbox(candidates.lon, candidates.lat, candidates.count) ?? [0, 0, 0, 0],
  )
  const { x, y } = projectPoints(proj, inc.lon, inc.lat, inc.count)
  const rings = (v: CameraViews) => (input.obstacles ? visibleRings(input.obstacles, v) : undefined)
  let seenBy: Uint8Array | undefined
  if (input.cameras && input.cameras.count > 0) {
    const existing = cameraViews(input.cameras, proj, opts.level, input.cameraKeep)
    seenBy = viewCounts(existing, x, y, inc.count, { keep: inc.keep, visible: rings(existing) })
  }
  const weight = incidentWeights(inc, opts.weights, { keep: inc.keep, seenBy })
  // incidents that cannot add weight stay out of the sets: smaller sets, same optimum
  const useful = new Uint8Array(inc.count)
  for (let i = 0; i < inc.count; i++) useful[i] = weight[i] > 0 ? 1 : 0
  const poses = cameraViews(candidates, proj, opts.level)
  const sets = viewMembers(poses, x, y, inc.count, { keep: useful, visible: rings(poses) })
  const tSets = performance.now() - t0

  const r = placeCameras({ sets, weight, x: poses.x, y: poses.y }, { n: opts.n, minSpacing: opts.minSpacing, swap: opts.swap, seed: opts.seed })
  const newlyCovered = new Uint32Array(r.chosen.length)
  const seen = new Uint8Array(inc.count)
  r.chosen.forEach((c, j) => {
    for (let k = sets.start[c]; k < sets.start[c + 1]; k++) {
      const e = sets.items[k]
      if (!seen[e]) { seen[e] = 1; newlyCovered[j]++ }
    }
  })
  return {
    ...r, newlyCovered, incidentsCovered: newlyCovered.reduce((s, v) => s + v, 0),
    ms: { ...r.ms, sets: tSets, total: performance.now() - t0 },
  }
}
