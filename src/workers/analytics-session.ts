/**
 * The analytics state a worker keeps between requests: incidents and area layers as sent
 * by the UI, and each layer's join (an Int32Array per layer, recomputed only when the
 * incidents or that layer change). Plain class, so tests run it in Node without a worker.
 */
import { areaSafetyIndex } from '../core/area-safety'
import { areasFromGeoJson, type AreaIssue, type AreaSet, type AreaSetOptions } from '../core/areas'
import { cameraCoverage, coverageByArea, type AreaCoverageRow, type CoverageResult } from '../core/camera-coverage'
import { sectorRing, type DoriLevel } from '../core/camera-model'
import { patrolPlan, patrolSignals, type PatrolPlan } from '../core/patrol-plan'
import type { GridShape } from '../core/patrol-grid'
import type { FeatureCollection } from 'geojson'
import { CAMERA_STATUSES, type CameraColumns } from '../core/cameras'
import { gapAnalysis, type GapRow } from '../core/coverage-gaps'
import { unprojectLat, unprojectLon } from '../core/local-projection'
import { cellCentreLonLat } from '../core/square-grid'
import { unassignedCount } from '../core/area-counts'
import { monthOf, previousPeriod, sameperiodLastYear, type Period } from '../core/periods'
import type { SafetyIndexRow, SafetyWeights } from '../core/safety-index'
import { buildAreaIndex, joinPoints, type AreaIndex } from '../core/spatial-join'
import { gridHotspots, type GridHotspots } from '../core/grid-hotspots'
import { kernelDensity } from '../core/kernel-density'
import { gridOverBbox, pointsBbox, type SquareGrid } from '../core/square-grid'
import { timeProfile, type NightHours, type TimeProfile } from '../core/time-profile'
import { obstaclesFromAreas, type Obstacles } from '../core/visibility'
import { planBase, planMetrics, type PlanBase, type PlanMetrics } from '../core/plan-metrics'
import { planCameraColumns, type PlanCamera } from '../core/plan-cameras'
import type { SitePoints } from '../core/candidate-poses'
import { suggestPlanCameras, type SuggestRequest, type SuggestSummary } from './plan-suggest'

/** What the analytics need of the incident columns (ids and addresses stay in the UI). */
export interface AnalyticsIncidents {
  count: number
  lon: Float64Array
  lat: Float64Array
  time: Float64Array
  category: Uint8Array
}

export interface RankedArea extends SafetyIndexRow {
  id: string
  name: string
}

export interface SafetyIndexResult {
  layer: string
  /** first and last incident time (for the period picker's bounds) */
  timeRange: [number, number] | null
  period: Period
  previous: Period
  lastYear: Period
  rows: RankedArea[]
  /** incidents in none of the layer's areas */
  unassigned: number
  /** ms spent joining (0 when the cached join was used) and computing the index */
  joinMs: number
  indexMs: number
}

/** Which incidents an analysis counts: categories (codes into CATEGORIES) and a period. */
export interface IncidentFilter {
  categories?: number[]
  period?: Period | null
}

export interface HotspotRequest extends IncidentFilter {
  cell: number
  band: number
  fdr?: boolean
  /** restrict the grid to this area layer's extent and cells (e.g. 'streets' = the district) */
  within?: string
}

export interface DensityRequest extends IncidentFilter {
  cell: number
  bandwidth: number
}

/** The existing network's coverage: what the coverage view shows and what a camera plan adds to. */
export interface NetworkRequest extends IncidentFilter {
  level: DoriLevel
  /** walls of the 'buildings' layer block the view */
  occlusion: boolean
  onlineOnly: boolean
  /** the area layer that is the district (its extent bounds the raster and the gap grid) */
  district: string
  rasterCell?: number
  gridCell?: number
  band?: number
}

export interface CoverageRequest extends NetworkRequest {
  /** layers to report coverage for, e.g. ['streets', 'compounds'] */
  report: string[]
  /** ranked gaps returned (all cells still get a bivariate class) */
  topGaps?: number
}

export interface CoverageSummary {
  cameras: number
  occluded: boolean
  inViewRate: number
  coveredM2: number
  errorBoundM2: number
  /** what each camera sees, lon/lat rings: ring k is positions[2·starts[k] .. 2·starts[k+1]) */
  views: { positions: Float64Array; starts: Uint32Array; camera: Uint32Array }
  /** gap grid cells in the study area: corners lon/lat (4 per cell), bivariate class per cell */
  cells: { positions: Float64Array; classes: Uint8Array; unit: Uint32Array }
  gaps: (GapRow & { lon: number; lat: number })[]
  /** grid cells with incidents no camera sees */
  gapCount: number
  /** of those, cells no camera covers at all (blind areas with incidents) */
  blindCells: number
  /** per reported layer, its areas ranked as gaps (no z: hotness by count terciles), with a point to fly to */
  areaGaps: Record<string, (GapRow & { id: string; name: string; lon: number; lat: number })[]>
  areas: Record<string, (AreaCoverageRow & { id: string; name: string })[]>
  ms: number
}

interface Layer {
  areas: AreaSet
  index: AreaIndex
  assign: Int32Array | null
}

export interface PatrolRequest {
  /** 'imported': the grid cells loaded as the 'grids' features; else generated */
  source: 'generated' | 'imported'
  shape: GridShape
  sizeM: number
  minutes?: number[]
  /** the DORI level of the cameras whose views count as seeing an incident */
  level?: DoriLevel
}

export type PatrolSummary = PatrolPlan & { ms: PatrolPlan['ms'] & { total: number } }

/** The network's coverage for one request, kept while the data and the request stay the same (each plan edit reuses it). */
interface NetworkCoverage {
  key: string
  result: CoverageResult
  keep: Uint8Array | undefined
  cameraKeep: Uint8Array | undefined
  obstacles: Obstacles | null
  base: PlanBase | null
}

/** Areas a planner can pick to see its covered share. */
export const PLAN_AREA_LAYERS = ['streets', 'compounds'] as const

export class AnalyticsSession {
  private incidents: AnalyticsIncidents | null = null
  /** bumped by every data change, so cached results know they are stale */
  private version = 0
  private network: NetworkCoverage | null = null
  private candidateSites: SitePoints | null = null
  private layers = new Map<string, Layer>()
  /** plain GeoJSON layers that patrol planning reads (district, roads, stations, key sites, grids) */
  private features = new Map<string, FeatureCollection>()
  private timeRange: [number, number] | null = null

  private cameras: CameraColumns | null = null

  setCameras(cameras: CameraColumns): void {
    this.cameras = cameras
    this.version++
  }

  /** Candidate sites the planner imported (poles, intersections); null: generate them along the roads. */
  setCandidateSites(sites: SitePoints | null): void {
    this.candidateSites = sites
  }

  setIncidents(inc: AnalyticsIncidents): void {
    this.incidents = inc
    let min = Infinity, max = -Infinity
    for (let i = 0; i < inc.count; i++) {
      const t = inc.time[i]
      if (t < min) min = t
      if (t > max) max = t
    }
    this.timeRange = min <= max ? [min, max] : null
    for (const l of this.layers.values()) l.assign = null
    this.version++
  }

  /** Returns the features that could not be used (the good ones are kept). */
  setAreas(layer: string, geojson: unknown, opts?: AreaSetOptions): AreaIssue[] {
    const { areas, issues } = areasFromGeoJson(geojson, opts)
    this.layers.set(layer, { areas, index: buildAreaIndex(areas), assign: null })
    this.version++
    return issues
  }

  setFeatures(name: string, fc: FeatureCollection | null): void {
    if (fc) this.features.set(name, fc)
    else this.features.delete(name)
  }

  /** Patrol grids, alert-guided priorities and schedule, isochrones and response coverage. */
  patrol(req: PatrolRequest): PatrolSummary {
    const t0 = performance.now()
    const inc = this.requireIncidents()
    const district = this.features.get('district') ?? this.features.get('streets')
    if (!district) throw new Error('no district outline or streets loaded')
    const grids = req.source === 'imported' ? this.features.get('grids') ?? null : null
    if (req.source === 'imported' && !grids) throw new Error('no grid cells imported')
    const { hotspots, seenBy } = patrolSignals(inc, district, this.cameras, req.level)
    const plan = patrolPlan({
      district, grids, shape: req.shape, sizeM: req.sizeM, incidents: inc, seenBy, hotspots,
      keySites: this.features.get('keySites') ?? null, roads: this.features.get('roads') ?? null,
      stations: this.features.get('stations') ?? null, minutes: req.minutes,
    })
    return { ...plan, ms: { ...plan.ms, total: performance.now() - t0 } }
  }

  /** period null: the calendar month of the latest incident (the monthly ranking's default) */
  safetyIndex(layer: string, period: Period | null, weights?: SafetyWeights): SafetyIndexResult {
    const l = this.requireLayer(layer)
    const inc = this.requireIncidents()
    if (!period) {
      if (!this.timeRange) throw new Error('no incident has a time')
      period = monthOf(this.timeRange[1])
    }
    let t = performance.now()
    const cached = l.assign !== null
    const assign = this.assignOf(l, inc)
    const joinMs = cached ? 0 : performance.now() - t
    t = performance.now()
    const rows = areaSafetyIndex({
      assign, category: inc.category, time: inc.time, count: inc.count,
      population: l.areas.population, period, weights,
    }).map((r) => ({ ...r, id: l.areas.ids[r.area], name: l.areas.names[r.area] }))
    return {
      layer, timeRange: this.timeRange, period, previous: previousPeriod(period), lastYear: sameperiodLastYear(period), rows,
      unassigned: unassignedCount(assign, inc.count), joinMs, indexMs: performance.now() - t,
    }
  }

  /** Gi* hotspots on a square grid over the kept incidents (or the `within` layer). */
  hotspots(req: HotspotRequest): GridHotspots {
    const inc = this.requireIncidents()
    const areas = req.within ? this.requireLayer(req.within).index : undefined
    return gridHotspots(inc.lon, inc.lat, inc.count, {
      cell: req.cell, band: req.band, fdr: req.fdr, keep: this.keep(req), areas,
    })
  }

  /** Quartic kernel density (incidents per km²) on a grid over the kept incidents. */
  density(req: DensityRequest): { grid: SquareGrid; density: Float32Array } {
    const inc = this.requireIncidents()
    const keep = this.keep(req)
    const bbox = pointsBbox(inc.lon, inc.lat, inc.count, keep)
    if (!bbox) throw new Error('no incidents to estimate a density from')
    const grid = gridOverBbox(bbox, req.cell)
    return { grid, density: kernelDensity(grid, inc.lon, inc.lat, inc.count, { bandwidth: req.bandwidth, keep }) }
  }

  /** Hour × weekday, night share and monthly counts per area of a layer (null: the whole set as one area). */
  profile(layer: string | null, req: IncidentFilter & { night?: NightHours } = {}): TimeProfile {
    const inc = this.requireIncidents()
    let assign: Int32Array
    let nAreas = 1
    if (layer === null) assign = new Int32Array(inc.count)
    else {
      const l = this.requireLayer(layer)
      assign = this.assignOf(l, inc)
      nAreas = l.areas.count
    }
    const keep = req.categories ? this.keep({ categories: req.categories }) : undefined
    return timeProfile(assign, inc.time, inc.count, nAreas, { keep, from: req.period?.from, to: req.period?.to, night: req.night })
  }

  private requireIncidents(): AnalyticsIncidents {
    if (!this.incidents) throw new Error('no incidents loaded')
    return this.incidents
  }

  private requireLayer(layer: string): Layer {
    const l = this.layers.get(layer)
    if (!l) throw new Error(`no areas loaded for layer "${layer}"`)
    return l
  }

  private assignOf(l: Layer, inc: AnalyticsIncidents): Int32Array {
    if (!l.assign) l.assign = joinPoints(l.index, inc.lon, inc.lat, inc.count)
    return l.assign
  }

  /** keep mask for a filter, or undefined when it keeps everything */
  private keep(f: IncidentFilter): Uint8Array | undefined {
    const inc = this.requireIncidents()
    if (!f.categories && !f.period) return undefined
    const cats = new Uint8Array(256)
    for (const c of f.categories ?? [0, 1, 2, 3, 4]) cats[c] = 1
    const from = f.period?.from ?? -Infinity, to = f.period?.to ?? Infinity
    const keep = new Uint8Array(inc.count)
    for (let i = 0; i < inc.count; i++) {
      const t = inc.time[i]
      keep[i] = cats[inc.category[i]] && t >= from && t < to ? 1 : 0
    }
    return keep
  }

  /** The existing network's coverage for `req`, computed once per data version and request. */
  private networkCoverage(req: NetworkRequest): NetworkCoverage {
    const key = JSON.stringify([this.version, req.level, req.occlusion, req.onlineOnly, req.district, req.rasterCell, req.gridCell, req.band,
      req.categories ?? null, req.period ?? null])
    if (this.network?.key === key) return this.network
    const inc = this.requireIncidents()
    if (!this.cameras) throw new Error('no cameras loaded')
    const cameras = this.cameras
    const district = this.requireLayer(req.district).areas
    const buildings = req.occlusion ? this.requireLayer('buildings').areas : null
    const online = CAMERA_STATUSES.indexOf('online')
    const keep = this.keep(req)
    const cameraKeep = req.onlineOnly ? Uint8Array.from(cameras.status, (s) => (s === online ? 1 : 0)) : undefined
    const result = cameraCoverage(
      { cameras, district, buildings, incidents: { lon: inc.lon, lat: inc.lat, count: inc.count, keep } },
      { level: req.level, rasterCell: req.rasterCell ?? 2, gridCell: req.gridCell ?? 250, band: req.band ?? 500, cameraKeep },
    )
    const obstacles = buildings ? obstaclesFromAreas(buildings, result.hotspots.grid.proj) : null
    this.network = { key, result, keep, cameraKeep, obstacles, base: null }
    return this.network
  }

  /** Camera coverage, incidents in view and the gap grid, shaped for drawing. */
  coverage(req: CoverageRequest): CoverageSummary {
    const t0 = performance.now()
    const inc = this.requireIncidents()
    const { result: r, keep } = this.networkCoverage(req)
    const { grid } = r.hotspots
    const proj = grid.proj
    // view rings back to lon/lat for drawing
    const rings = r.rings ?? Array.from({ length: r.views.count }, (_, i) =>
      sectorRing(r.views.x[i], r.views.y[i], r.views.azimuth[i], r.views.fov[i], r.views.range[i]))
    const starts = new Uint32Array(rings.length + 1)
    rings.forEach((ring, k) => { starts[k + 1] = starts[k] + ring.length / 2 })
    const positions = new Float64Array(starts[rings.length] * 2)
    rings.forEach((ring, k) => {
      for (let v = 0, o = starts[k] * 2; v < ring.length; v += 2, o += 2) {
        positions[o] = unprojectLon(proj, ring[v])
        positions[o + 1] = unprojectLat(proj, ring[v + 1])
      }
    })
    const units: number[] = []
    for (let i = 0; i < r.bivariate.length; i++) if (r.bivariate[i] >= 0) units.push(i)
    const cellPos = new Float64Array(units.length * 8)
    units.forEach((u, k) => {
      const col = u % grid.cols, row = Math.floor(u / grid.cols)
      const x0 = col * grid.cell, y0 = row * grid.cell, x1 = x0 + grid.cell, y1 = y0 + grid.cell
      const corners = [x0, y0, x1, y0, x1, y1, x0, y1]
      for (let c = 0; c < 8; c += 2) {
        cellPos[k * 8 + c] = unprojectLon(proj, corners[c])
        cellPos[k * 8 + c + 1] = unprojectLat(proj, corners[c + 1])
      }
    })
    const areas: CoverageSummary['areas'] = {}
    const areaGaps: CoverageSummary['areaGaps'] = {}
    for (const name of req.report) {
      const layer = this.requireLayer(name)
      const l = layer.areas
      // the layer's cached join, shared with the safety index
      const rows = coverageByArea(r, l, { lon: inc.lon, lat: inc.lat, count: inc.count, keep }, this.assignOf(layer, inc))
      areas[name] = rows.map((row) => ({ ...row, id: l.ids[row.area], name: l.names[row.area] }))
      areaGaps[name] = gapAnalysis({
        incidents: Float64Array.from(rows, (x) => x.incidents),
        unseen: Float64Array.from(rows, (x) => x.incidents - x.incidentsCovered),
        coverage: Float64Array.from(rows, (x) => x.fraction),
      }).slice(0, req.topGaps ?? 20).map((g) => ({
        ...g, id: l.ids[g.unit], name: l.names[g.unit],
        // the bbox centre: enough to fly to an area
        lon: (l.bbox[4 * g.unit] + l.bbox[4 * g.unit + 2]) / 2, lat: (l.bbox[4 * g.unit + 1] + l.bbox[4 * g.unit + 3]) / 2,
      }))
    }
    return {
      cameras: r.views.count,
      occluded: r.rings !== null,
      inViewRate: r.inViewRate,
      coveredM2: r.coveredM2,
      errorBoundM2: r.errorBoundM2,
      views: { positions, starts, camera: r.views.index },
      cells: { positions: cellPos, classes: Uint8Array.from(units, (u) => r.bivariate[u]), unit: Uint32Array.from(units) },
      gaps: r.gaps.slice(0, req.topGaps ?? 20).map((g) => {
        const [lon, lat] = cellCentreLonLat(grid, g.unit)
        return { ...g, lon, lat }
      }),
      gapCount: r.gaps.length,
      blindCells: r.gaps.filter((g) => g.coverage === 0).length,
      areaGaps,
      areas,
      ms: performance.now() - t0,
    }
  }

  // -------------------------------------------------------------------------------------------
  // camera plans: the figures after each edit, comparisons, suggestions

  private planContext(req: NetworkRequest): NetworkCoverage & { base: PlanBase } {
    const net = this.networkCoverage(req)
    if (!net.base) {
      const inc = this.requireIncidents()
      const areas: Record<string, AreaSet> = {}
      for (const name of PLAN_AREA_LAYERS) {
        const l = this.layers.get(name)
        if (l) areas[name] = l.areas
      }
      net.base = planBase({ coverage: net.result, incidents: { lon: inc.lon, lat: inc.lat, count: inc.count, keep: net.keep }, obstacles: net.obstacles, areas })
    }
    return net as NetworkCoverage & { base: PlanBase }
  }

  /** What a plan adds to the network: incidents newly covered, in-view rate, blind hot cells, the selected area's coverage. */
  planMetrics(req: NetworkRequest, cameras: PlanCamera[], selected: { layer: string; index: number } | null = null): PlanMetrics {
    const { base } = this.planContext(req)
    return planMetrics(base, planCameraColumns(cameras), req.level, selected)
  }

  /** The same figures for several plans at once (the comparison table). */
  comparePlans(req: NetworkRequest, plans: { id: string; cameras: PlanCamera[] }[]): { id: string; metrics: PlanMetrics }[] {
    const { base } = this.planContext(req)
    return plans.map((p) => ({ id: p.id, metrics: planMetrics(base, planCameraColumns(p.cameras), req.level, null) }))
  }

  /** The next `n` cameras for the network plus `plan`, from imported candidate sites or sites along the roads. */
  suggest(req: NetworkRequest, plan: PlanCamera[], s: SuggestRequest): SuggestSummary {
    const net = this.planContext(req)
    const inc = this.requireIncidents()
    if (!this.cameras) throw new Error('no cameras loaded')
    const { grid } = net.result.hotspots
    return suggestPlanCameras({
      incidents: { ...inc, keep: net.keep }, network: this.cameras, networkKeep: net.cameraKeep, plan,
      proj: grid.proj, extent: [grid.cols * grid.cell, grid.rows * grid.cell], obstacles: net.obstacles,
      sites: s.candidates === 'imported' ? this.candidateSites : null, roads: this.features.get('roads') ?? null,
    }, { ...s, level: req.level })
  }
}
