/**
 * The analytics state a worker keeps between requests: incidents and area layers as sent
 * by the UI, and each layer's join (an Int32Array per layer, recomputed only when the
 * incidents or that layer change). Plain class, so tests run it in Node without a worker.
 */
import { areaSafetyIndex } from '../core/area-safety'
import { areaKm2, areaStats, type AreaStats } from '../core/area-stats'
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
import { densityScaleMax } from '../core/density-scale'
import { gridOverBbox, pointsBbox, type SquareGrid } from '../core/square-grid'
import { timeProfile, type NightHours, type TimeProfile } from '../core/time-profile'
import { obstaclesFromAreas, type Obstacles } from '../core/visibility'
import { planBase, planMetrics, type PlanBase, type PlanMetrics } from '../core/plan-metrics'
import { planCameraColumns, type PlanCamera } from '../core/plan-cameras'
import type { SitePoints } from '../core/candidate-poses'
import { suggestPlanCameras, type SuggestRequest, type SuggestSummary } from './plan-suggest'
import { autoBinMs, timeHistogram, type TimeHistogram } from '../core/time-histogram'
import { keepMask, type IncidentFilterSpec } from '../core/incident-filter'
import { countByAreaCategory } from '../core/area-counts'
import { CATEGORIES } from '../core/incidents'
import { dayCounts, hotCells95, localDay, type DayCounts } from '../core/wall-kpis'

/** What the analytics need of the incident columns (ids and addresses stay in the UI). */
export interface AnalyticsIncidents {
  count: number
  lon: Float64Array
  lat: Float64Array
  time: Float64Array
  category: Uint8Array
  /** codes into the incidents' subtype dictionary (the filter's subtypes); absent: no subtype filter possible */
  subtype?: Uint16Array
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
  /** the shared incident filter, applied on top of categories and period (what the map shows) */
  filter?: IncidentFilterSpec
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
      cell: req.cell, band: req.band, fdr: req.fdr, keep: bothKept(this.keep(req), req.filter && keepMask(inc, req.filter)), areas,
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

  /** Where the incident colour scale should end for these incidents, incidents per km² (core/density-scale.ts). */
  densityScale(): number {
    const inc = this.requireIncidents()
    return densityScaleMax(inc.lon, inc.lat, inc.count)
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

  /**
   * The wall's KPI tiles: alerts of `day` (an instant in it; null: the local day of the latest
   * incident) and of the same day last year, the top three areas of `layer` by alerts that day,
   * and Gi* cells hot at 95 %+ over the 7 days ending with that day (within the layer's areas).
   */
  wallKpis(req: { layer?: string; day?: number | null; cell?: number; band?: number } = {}): WallKpis {
    const inc = this.requireIncidents()
    const name = req.layer ?? 'streets'
    const l = this.layers.get(name) ?? null
    const latest = req.day ?? this.timeRange?.[1]
    if (latest === undefined) throw new Error('no incident has a time')
    const day = localDay(latest)
    const counts = dayCounts(inc.time, inc.count, l && this.assignOf(l, inc), l?.areas.count ?? 0, day)
    const week = { from: day.to - 7 * 86_400_000, to: day.to }
    let hotspots: number | null = null
    try {
      const h = this.hotspots({ cell: req.cell ?? 250, band: req.band ?? 500, period: week, within: l ? name : undefined })
      hotspots = hotCells95(h.classes, h.mask)
    } catch {
      // no incident with coordinates in the week: the tile says "—" rather than 0
    }
    return {
      ...counts, layer: name, week, hotspots,
      top: counts.top.map((r) => ({ ...r, id: l!.areas.ids[r.area], name: l!.areas.names[r.area] })),
    }
  }

  /**
   * The timeline's bars: incidents per bin over the whole data range, under the spec's
   * categories, subtypes, hours and weekdays. Its dates are ignored: they are what the timeline
   * brushes, and the bars must show what lies outside the brush too. binMs null: a local day per
   * bin, or a week when the data span more than 180 days.
   */
  histogram(spec: IncidentFilterSpec, binMs: number | null = null): TimeHistogram {
    const inc = this.requireIncidents()
    const keep = keepMask(inc, { ...spec, from: null, to: null })
    return timeHistogram(inc.time, inc.count, this.timeRange, binMs ?? autoBinMs(this.timeRange), keep)
  }

  /** Per period, counts per area and category of a layer: out[p][area * CATEGORIES.length + category]. */
  periodCategoryCounts(layer: string, periods: Period[]): Uint32Array[] {
    const l = this.requireLayer(layer)
    const inc = this.requireIncidents()
    const assign = this.assignOf(l, inc)
    return periods.map((p) => countByAreaCategory(assign, inc.category, inc.count, l.areas.count, CATEGORIES.length,
      { time: inc.time, from: p.from, to: p.to }))
  }

  /**
   * Side by side periods: quartic kernel density (incidents per km²) of the spec's incidents in
   * each period, all on one grid over every incident, so the maps share cells and a colour
   * scale; with each period's count under the spec.
   */
  periodDensity(spec: IncidentFilterSpec, periods: Period[], cell: number, bandwidth: number): { grid: SquareGrid; densities: Float32Array[]; totals: number[] } {
    const inc = this.requireIncidents()
    const bbox = pointsBbox(inc.lon, inc.lat, inc.count)
    if (!bbox) throw new Error('no incidents to estimate a density from')
    const grid = gridOverBbox(bbox, cell)
    const totals: number[] = []
    const densities = periods.map((p) => {
      const keep = keepMask(inc, { ...spec, from: p.from, to: p.to })!
      totals.push(keep.reduce((a, k) => a + k, 0))
      return kernelDensity(grid, inc.lon, inc.lat, inc.count, { bandwidth, keep })
    })
    return { grid, densities, totals }
  }

  /**
   * Per area of `layer`, what a choropleth shows under the shared filter: counts and rates in
   * the filter's dates, the safety index and the 环比 / 同比 changes for a period. The period
   * is the filter's date range when it has both ends, else `req.period`, else the calendar
   * month of the latest incident (the ranking's default, so that without a filter the index
   * equals the ranking).
   */
  areaStats(req: AreaStatsRequest): AreaStatsResult {
    const t0 = performance.now()
    const inc = this.requireIncidents()
    const l = this.requireLayer(req.layer)
    const { from, to } = req.filter
    let period = from !== null && to !== null ? { from, to } : req.period ?? null
    if (!period) {
      if (!this.timeRange) throw new Error('no incident has a time')
      period = monthOf(this.timeRange[1])
    }
    let km2 = KM2.get(l.areas)
    if (!km2) KM2.set(l.areas, (km2 = areaKm2(l.areas)))
    const keep = keepMask(inc, { ...req.filter, from: null, to: null })
    const range = from === null && to === null ? null : { from: from ?? -Infinity, to: to ?? Infinity }
    const assign = this.assignOf(l, inc)
    const stats = areaStats({ assign, keep, category: inc.category, time: inc.time, count: inc.count,
      population: l.areas.population, km2, range, period, weights: req.weights })
    let inNone = 0
    for (let i = 0; i < inc.count; i++) if (assign[i] < 0 && (!keep || keep[i])) inNone++
    return {
      ...stats, layer: req.layer, ids: l.areas.ids, names: l.areas.names,
      // copies: the worker transfers what it returns, and these stay with the layer
      population: l.areas.population.slice(), km2: km2.slice(),
      range, period, previous: previousPeriod(period), lastYear: sameperiodLastYear(period),
      unassigned: inNone, ms: performance.now() - t0,
    }
  }
}

export type WallKpis = Omit<DayCounts, 'top'> & {
  layer: string
  top: { area: number; count: number; id: string; name: string }[]
  /** the Gi* window: the 7 local days ending with `day` */
  week: Period
  /** cells hot at 95 %+ (null when the week has no incident to build a grid over) */
  hotspots: number | null
}

/** What the choropleth asks for: a layer's areas under the shared filter. */
export interface AreaStatsRequest {
  layer: string
  filter: IncidentFilterSpec
  /** the index's period when the filter has no bounded date range; null: the latest incident's month */
  period?: Period | null
  weights?: SafetyWeights
}

export interface AreaStatsResult extends AreaStats {
  layer: string
  ids: string[]
  names: string[]
  population: Float64Array
  km2: Float64Array
  /** the counts' dates (the filter's; null = all time) */
  range: Period | null
  /** the index's period and its 环比 / 同比 bases */
  period: Period
  previous: Period
  lastYear: Period
  /** kept incidents in none of the areas */
  unassigned: number
  ms: number
}

/** Area sizes per area set, measured once (an AreaSet is replaced, never changed, when a layer is re-sent). */
const KM2 = new WeakMap<AreaSet, Float64Array>()

/** Rows both masks keep (undefined = keeps all). */
function bothKept(a: Uint8Array | undefined, b: Uint8Array | undefined): Uint8Array | undefined {
  if (!a || !b) return a ?? b
  return a.map((k, i) => k & b[i])
}
