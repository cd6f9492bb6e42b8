/**
 * The analytics a worker serves, as one object: the data it holds between requests
 * (analytics-data.ts) and every analysis family over it (analytics-*.ts). Plain class, so
 * tests run it in Node without a worker; analytics.worker.ts exposes its methods.
 */
import type { PeriodDensities } from './contracts'
import type { FeatureCollection } from 'geojson'
import type { AreaIssue, AreaSetOptions } from '../core/areas'
import type { CameraColumns } from '../core/cameras'
import type { SitePoints } from '../core/candidate-poses'
import type { GridHotspots } from '../core/grid-hotspots'
import { keepMask, type IncidentFilterSpec } from '../core/incident-filter'
import { inspectRows, type InspectRows, type InspectWhere } from '../core/incident-inspect'
import type { Period } from '../core/periods'
import type { PlanCamera } from '../core/plan-cameras'
import type { PlanMetrics } from '../core/plan-metrics'
import type { SafetyWeights } from '../core/safety-index'
import type { SquareGrid } from '../core/square-grid'
import type { TimeHistogram } from '../core/time-histogram'
import type { UnitTracks } from '../core/unit-tracks'
import type { NightHours, TimeProfile } from '../core/time-profile'
import { coverage } from './analytics-coverage'
import { AnalyticsData } from './analytics-data'
import { density, densityScale, hotspots, periodDensity } from './analytics-hotspots'
import { emerging, type EmergingRequest, type EmergingResult } from './analytics-emerging'
import { nearRepeat, type NearRepeatRequest, type NearRepeatResult } from './analytics-near-repeat'
import { patrol } from './analytics-patrol'
import { comparePlans, planMetrics, suggest } from './analytics-plans'
import { areaStats, periodCategoryCounts, safetyIndex } from './analytics-rankings'
import { repeatPlaces, type RepeatPlacesRequest, type RepeatPlacesResult } from './analytics-repeat-places'
import { histogram, profile } from './analytics-time'
import { alertNear, demoUnitTracks, importedUnitTracks, nearestUnits, unitPresence, unitsAt, type DemoUnitTracksResult, type NearestUnitsRequest, type NearestUnitsResult, type UnitPresenceResult } from './analytics-units'
import type { UnitsSnapshot } from '../core/units-snapshot'
import { unitFeedAppend, unitFeedReset, type UnitFeedResult } from './analytics-unit-feed'
import { wallKpis } from './analytics-wall'
import { unitResponse, type UnitResponseResult } from './analytics-response'
import { briefingSummary } from './analytics-briefing'
import { patrolReport, type PatrolReport, type PatrolReportRequest } from './analytics-patrol-report'
import { unitList, unitTrack, type UnitListResult, type UnitTrackRequest, type UnitTrackResult } from './analytics-playback'
import type {
  AnalyticsIncidents, AreaStatsRequest, BriefingSummary, BriefingSummaryRequest, AreaStatsResult, CategoriesAndPeriod, CoverageRequest, CoverageSummary, DensityRequest,
  HotspotRequest, NetworkRequest, PatrolRequest, PatrolSummary, SafetyIndexResult, SuggestRequest, SuggestSummary, WallKpis,
  WallKpisRequest,
} from './contracts'

export class AnalyticsSession {
  private readonly data = new AnalyticsData()

  setCameras(cameras: CameraColumns): void {
    this.data.setCameras(cameras)
  }

  /** Candidate sites the planner imported (poles, intersections); null: generate them along the roads. */
  setCandidateSites(sites: SitePoints | null): void {
    this.data.setCandidateSites(sites)
  }

  setIncidents(inc: AnalyticsIncidents): void {
    this.data.setIncidents(inc)
  }

  /** Returns the features that could not be used (the good ones are kept). */
  setAreas(layer: string, geojson: unknown, opts?: AreaSetOptions): AreaIssue[] {
    return this.data.setAreas(layer, geojson, opts)
  }

  setFeatures(name: string, fc: FeatureCollection | null): void {
    this.data.setFeatures(name, fc)
  }

  /** Patrol grids, alert-guided priorities and schedule, isochrones and response coverage. */
  patrol(req: PatrolRequest): PatrolSummary {
    return patrol(this.data, req)
  }

  /** Patrol units' tracks (core/unit-tracks.ts columns), summed up as the demo's are; null forgets them. */
  setUnitTracks(tracks: UnitTracks | null): DemoUnitTracksResult | null {
    if (!tracks) {
      this.data.unitTracks = null
      return null
    }
    return importedUnitTracks(this.data, tracks)
  }

  /** Units ranked by travel time to a place, against its response target (analytics-units.ts). */
  nearestUnits(req: NearestUnitsRequest): NearestUnitsResult {
    return nearestUnits(this.data, req)
  }

  /** The demo's units for the latest incident's day, generated here and kept as the tracks. */
  demoUnitTracks(): DemoUnitTracksResult {
    return demoUnitTracks(this.data)
  }

  /** The response to the units' day's alerts the filters keep, by grid and place (analytics-response.ts). */
  unitResponse(spec: IncidentFilterSpec): UnitResponseResult {
    return unitResponse(this.data, spec)
  }

  /** Live unit fix lines into the feed's rings; the feed becomes the units' tracks (analytics-unit-feed.ts). */
  unitFeedAppend(lines: string[]): UnitFeedResult {
    return unitFeedAppend(this.data, lines)
  }

  unitFeedReset(): void {
    unitFeedReset(this.data)
  }

  /** The units as drawn at a time, with their trails. */
  unitsAt(time: number): UnitsSnapshot {
    return unitsAt(this.data, time)
  }

  /** The units of the loaded tracks, and one unit's track for a window (analytics-playback.ts). */
  unitList(): UnitListResult {
    return unitList(this.data)
  }

  unitTrack(req: UnitTrackRequest): UnitTrackResult | null {
    return unitTrack(this.data, req)
  }

  /** The kept incident nearest a click within a radius (row, or -1). */
  alertNear(req: { lon: number; lat: number; radiusM: number; spec: IncidentFilterSpec }): number {
    return alertNear(this.data, req)
  }

  /** Patrol minutes per grid and band against the plan of `req`, the make-up list and 见警率. */
  unitPresence(req: PatrolRequest): UnitPresenceResult {
    return unitPresence(this.data, req)
  }

  /** The weekly patrol report's figures for a period: response by place, make-up list, km per unit. */
  patrolReport(req: PatrolReportRequest): PatrolReport {
    return patrolReport(this.data, req)
  }

  /** period null: the calendar month of the latest incident (the monthly ranking's default) */
  safetyIndex(layer: string, period: Period | null, weights?: SafetyWeights): SafetyIndexResult {
    return safetyIndex(this.data, layer, period, weights)
  }

  /** Gi* hotspots on a square grid over the kept incidents (or the `within` layer). */
  hotspots(req: HotspotRequest): GridHotspots {
    return hotspots(this.data, req)
  }

  /** Emerging hot spot analysis on a cube of cells × weeks or months (analytics-emerging.ts). */
  emergingHotspots(req: EmergingRequest): EmergingResult {
    return emerging(this.data, req)
  }

  /** Near-repeat Knox table, roles of the recent window and the risk zone (analytics-near-repeat.ts). */
  nearRepeat(req: NearRepeatRequest): NearRepeatResult {
    return nearRepeat(this.data, req)
  }

  /** Quartic kernel density (incidents per km²) on a grid over the kept incidents. */
  density(req: DensityRequest): { grid: SquareGrid; density: Float32Array } {
    return density(this.data, req)
  }

  /** Where the incident colour scale should end for the incidents the filter keeps, on `cell` m cells, incidents per km². */
  densityScale(filter: IncidentFilterSpec | null = null, cell?: number): number {
    return densityScale(this.data, filter, cell)
  }

  /** Hour × weekday, night share and monthly counts per area of a layer (null: the whole set as one area). */
  profile(layer: string | null, req: CategoriesAndPeriod & { night?: NightHours } = {}): TimeProfile {
    return profile(this.data, layer, req)
  }

  /** Camera coverage, incidents in view and the gap grid, shaped for drawing. */
  coverage(req: CoverageRequest): CoverageSummary {
    return coverage(this.data, req)
  }

  /** What a plan adds to the network: incidents newly covered, in-view rate, blind hot cells, the selected area's coverage. */
  planMetrics(req: NetworkRequest, cameras: PlanCamera[], selected: { layer: string; index: number } | null = null): PlanMetrics {
    return planMetrics(this.data, req, cameras, selected)
  }

  /** The same figures for several plans at once (the comparison table). */
  comparePlans(req: NetworkRequest, plans: { id: string; cameras: PlanCamera[] }[]): { id: string; metrics: PlanMetrics }[] {
    return comparePlans(this.data, req, plans)
  }

  /** The next `n` cameras for the network plus `plan`, from imported candidate sites or sites along the roads. */
  suggest(req: NetworkRequest, plan: PlanCamera[], s: SuggestRequest): SuggestSummary {
    return suggest(this.data, req, plan, s)
  }

  /** The wall's KPI tiles (analytics-wall.ts). */
  wallKpis(req: WallKpisRequest = {}): WallKpis {
    return wallKpis(this.data, req)
  }

  /** The 8:00 briefing's summary of a window (analytics-briefing.ts). */
  briefingSummary(req: BriefingSummaryRequest): BriefingSummary {
    return briefingSummary(this.data, req)
  }

  /** The timeline's bars under the spec, its dates ignored (analytics-time.ts). */
  histogram(spec: IncidentFilterSpec, binMs: number | null = null): TimeHistogram {
    return histogram(this.data, spec, binMs)
  }

  /** Per period, counts per area and category of a layer: out[p][area * CATEGORIES.length + category]. */
  periodCategoryCounts(layer: string, periods: Period[]): Uint32Array[] {
    return periodCategoryCounts(this.data, layer, periods)
  }

  /** Kernel density of the spec's incidents per period, on one shared grid (analytics-hotspots.ts). */
  periodDensity(spec: IncidentFilterSpec, periods: Period[], cell: number, bandwidth: number): PeriodDensities {
    return periodDensity(this.data, spec, periods, cell, bandwidth)
  }

  /** The places or addresses with the most incidents under the filter, and the concentration curve (analytics-repeat-places.ts). */
  repeatPlaces(req: RepeatPlacesRequest): RepeatPlacesResult {
    return repeatPlaces(this.data, req)
  }

  /** The incidents under the filter at a clicked place (a dot, a hexagon, a Gi* cell): their count and the first `cap` rows. */
  inspect(where: InspectWhere, spec: IncidentFilterSpec, cap?: number): InspectRows {
    const inc = this.data.requireIncidents()
    return inspectRows(inc, where, keepMask(inc, spec), cap)
  }

  /** Per area of a layer, what a choropleth shows under the shared filter (analytics-rankings.ts). */
  areaStats(req: AreaStatsRequest): AreaStatsResult {
    return areaStats(this.data, req)
  }
}
