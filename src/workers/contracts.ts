/**
 * What crosses the worker boundary: the request and result types of every worker (analytics,
 * import, incident loading, the live feed, plan suggestions). Types only, built from core and
 * io types, so that map/, stores/, components/ and export/ can name a worker's results without
 * importing worker code.
 */
import type { AreaCoverageRow } from '../core/camera-coverage'
import type { AreaStats } from '../core/area-stats'
import type { DoriLevel } from '../core/camera-model'
import type { CameraType } from '../core/cameras'
import type { GapRow } from '../core/coverage-gaps'
import type { GapPlace } from '../core/gap-places'
import type { IncidentColumns, PackedStrings } from '../core/incidents'
import type { IncidentFilterSpec } from '../core/incident-filter'
import type { PatrolPlan } from '../core/patrol-plan'
import type { GridShape } from '../core/patrol-grid'
import type { Period } from '../core/periods'
import type { PlacementWeights } from '../core/placement-weights'
import type { PlanCamera } from '../core/plan-cameras'
import type { SafetyIndexRow, SafetyWeights } from '../core/safety-index'
import type { SquareGrid } from '../core/square-grid'
import type { DayCounts } from '../core/wall-kpis'
import type { BriefingCounts } from '../core/briefing-window'
import type { Crs } from '../io/coords'
import type { Bbox } from '../io/dataset-bbox'
import type { ImportOutcome, ImportProgress } from '../io/dataset-import'
import type { ImportReport } from '../io/import-report'

export type { LiveFeedReport, LiveFeedStart } from '../io/live-connection'

// ---------------------------------------------------------------------------------------------
// analytics (analytics.worker.ts)

/** What the analytics need of the incident columns (ids and addresses stay in the UI). */
export interface AnalyticsIncidents {
  count: number
  lon: Float64Array
  lat: Float64Array
  time: Float64Array
  /** window ends (IncidentColumns.timeTo): time analyses spread such incidents over their window */
  timeTo?: Float64Array
  category: Uint8Array
  /** codes into the incidents' subtype dictionary (the filter's subtypes); absent: no subtype filter possible */
  subtype?: Uint16Array
  /** only where an analysis reads it (repeat places' labels and address grouping) */
  address?: PackedStrings
  /** victims (IncidentColumns.victim), when the file names them: repeat places grouped by victim */
  victim?: PackedStrings
}

/**
 * The incident filter's categories and dates as the older requests name them: the
 * IncidentFilterSpec (core/incident-filter.ts) with only these set, `period` being [from, to).
 */
export interface CategoriesAndPeriod {
  categories?: NonNullable<IncidentFilterSpec['categories']>
  period?: Period | null
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

export interface HotspotRequest extends CategoriesAndPeriod {
  cell: number
  band: number
  fdr?: boolean
  /** restrict the grid to this area layer's extent and cells (e.g. 'streets' = the district) */
  within?: string
  /** the shared incident filter, applied on top of categories and period (what the map shows) */
  filter?: IncidentFilterSpec
}

export interface DensityRequest extends CategoriesAndPeriod {
  cell: number
  bandwidth: number
}

/** The existing network's coverage: what the coverage view shows and what a camera plan adds to. */
export interface NetworkRequest extends CategoriesAndPeriod {
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

/** View rings in lon/lat: ring k is positions[2·starts[k] .. 2·starts[k+1]), seen by camera[k]. */
export interface ViewRings {
  positions: Float64Array
  starts: Uint32Array
  camera: Uint32Array
}

/** Grid cells in lon/lat: 4 corners per cell, with a class and the grid unit of each. */
export interface GapCells {
  positions: Float64Array
  classes: Uint8Array
  unit: Uint32Array
}

export interface CoverageSummary {
  cameras: number
  occluded: boolean
  inViewRate: number
  coveredM2: number
  /** root-mean-square error of coveredM2 (core/raster-area-error.ts) */
  expectedErrorM2: number
  /** worst case of that error */
  errorBoundM2: number
  /** what each camera sees */
  views: ViewRings
  /** gap grid cells in the study area, with their bivariate class */
  cells: GapCells
  /** the ranked gap cells, each with its centre and the street, compound and key site that place it */
  gaps: (GapRow & { lon: number; lat: number; place: GapPlace })[]
  /** grid cells with incidents no camera sees */
  gapCount: number
  /** of those, cells no camera covers at all (blind areas with incidents) */
  blindCells: number
  /** per reported layer, its areas ranked as gaps (no z: hotness by count terciles), with a point to fly to */
  areaGaps: Record<string, (GapRow & { id: string; name: string; lon: number; lat: number })[]>
  areas: Record<string, (AreaCoverageRow & { id: string; name: string })[]>
  /** cameras whose heading is unknown (not counted above), with their range at the level: drawn as circles, listed to complete */
  withoutHeading: { id: string; lon: number; lat: number; range: number }[]
  ms: number
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

export interface WallKpisRequest {
  layer?: string
  /** an instant in the day; null: the local day of the latest incident */
  day?: number | null
  cell?: number
  band?: number
}

/** An area of the day's or the briefing's top list, named for the screen. */
export interface TopAreaRow {
  area: number
  count: number
  id: string
  name: string
}

export type WallKpis = Omit<DayCounts, 'top'> & {
  layer: string
  top: TopAreaRow[]
  /** the Gi* window: the 7 local days ending with `day` */
  week: Period
  /** cells hot at 95 %+ (null when the week has no incident to build a grid over) */
  hotspots: number | null
}

export interface BriefingSummaryRequest {
  /** the briefing's window (core/briefing-window.ts briefingWindow) */
  window: Period
  /** the incidents' subtype dictionary (IncidentColumns.subtypes): the groups read subtype texts */
  subtypes: string[]
  /** the areas to rank and to place hot spots in (default streets) */
  layer?: string
  topN?: number
  cell?: number
  band?: number
}

export type BriefingSummary = Omit<BriefingCounts, 'top'> & {
  layer: string
  top: TopAreaRow[]
  /** the Gi* look-back: the 7 days ending with the window */
  week: Period
  /** cells hot at 95 %+ and 99 % over the week, and per area (most first); null when the week has no incident */
  hot: { cell: number; hot95: number; hot99: number; areas: { area: number; id: string; name: string; hot95: number; hot99: number }[] } | null
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

// ---------------------------------------------------------------------------------------------
// camera plan suggestions (plan-suggest.ts, served by the analytics worker)

export interface SuggestRequest {
  n: number
  /** metres between chosen cameras (0: several poses at one site allowed) */
  minSpacing: number
  weights: PlacementWeights
  /** 'imported': the sites set with setCandidateSites; 'roads': a site every siteSpacing metres along the roads */
  candidates: 'roads' | 'imported'
  siteSpacing: number
  /** degrees between the orientations tried at a site */
  stepDeg: number
  type: CameraType
  seed?: number
}

export interface SuggestSummary {
  /** in order of choice; `gain` is the marginal incident weight newly covered */
  rows: { camera: PlanCamera; gain: number; newlyCovered: number }[]
  total: number
  greedyTotal: number
  upperBound: number
  ratio: number
  incidentsCovered: number
  sites: number
  poses: number
  swaps: number
  ms: { sites: number; sets: number; greedy: number; swap: number; bound: number; total: number }
}

// ---------------------------------------------------------------------------------------------
// incident loading (incidents.worker.ts)

/** A CSV from a URL or a file; or, `columns: true`, a binary columns file (io/incident-columns-file.ts) from a URL. */
export type IncidentSource = { url: string; columns?: boolean } | { blob: Blob }

export interface IncidentLoadOptions {
  crs?: Crs
  fileName?: string
}

export interface IncidentLoadProgress {
  bytesRead: number
  totalBytes: number | null
  rows: number
}

export interface IncidentLoadResult {
  columns: IncidentColumns
  report: ImportReport
}

// ---------------------------------------------------------------------------------------------
// imports (import.worker.ts)

/** Progress of a run; `phase: 'store'` once the rows are read and the record is being written. */
export type RunProgress = ImportProgress & { phase?: 'store' }

export type CrsDetection = NonNullable<ImportReport['crs']['detection']>

/** What the UI needs besides the outcome: whether it was kept, and where to look. */
export interface KeptImport extends ImportOutcome {
  /** false: not stored (the message says why); the data still goes on the map */
  saved: boolean
  storageError: string | null
  /** ISO time of the stored record */
  at: string
  /** the payload's extent, so that the UI need not walk 1,000,000 points to fit the map */
  bbox: Bbox | null
}

/** Side by side periods: one density grid per period on a shared grid, with each period's count. */
export interface PeriodDensities { grid: SquareGrid; densities: Float32Array[]; totals: number[] }
