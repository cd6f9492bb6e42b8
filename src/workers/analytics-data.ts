/**
 * What the analytics worker holds between requests: incidents, area layers and plain GeoJSON
 * layers as the UI sent them, cameras, candidate sites, and each area layer's join (an
 * Int32Array per layer, recomputed only when the incidents or that layer change). The analysis
 * families (analytics-*.ts) read it; analytics-session.ts puts them behind one object.
 */
import type { FeatureCollection } from 'geojson'
import { areasFromGeoJson, type AreaIssue, type AreaSet, type AreaSetOptions } from '../core/areas'
import type { CoverageResult } from '../core/camera-coverage'
import type { CameraColumns } from '../core/cameras'
import type { SitePoints } from '../core/candidate-poses'
import { keepMask, NO_FILTER } from '../core/incident-filter'
import { timeRangeOf } from '../core/incident-window'
import type { PlanBase } from '../core/plan-metrics'
import { buildAreaIndex, joinPoints, type AreaIndex } from '../core/spatial-join'
import type { UnitTracks } from '../core/unit-tracks'
import type { Obstacles } from '../core/visibility'
import type { AnalyticsIncidents, CategoriesAndPeriod } from './contracts'

export interface AreaLayer {
  areas: AreaSet
  index: AreaIndex
  /** the incidents' area in this layer (-1: none); null until first asked for */
  assign: Int32Array | null
}

/** The network's coverage for one request (analytics-coverage.ts), and what plans build on it. */
export interface NetworkCoverage {
  /** the data version and the request it was computed for */
  key: string
  result: CoverageResult
  keep: Uint8Array | undefined
  cameraKeep: Uint8Array | undefined
  obstacles: Obstacles | null
  /** what plan metrics start from (analytics-plans.ts), built on first use */
  base: PlanBase | null
}

export class AnalyticsData {
  incidents: AnalyticsIncidents | null = null
  /** bumped by every data change, so cached results know they are stale */
  version = 0
  cameras: CameraColumns | null = null
  /** candidate sites the planner imported (poles, intersections); null: generate them along the roads */
  candidateSites: SitePoints | null = null
  /** plain GeoJSON layers that patrol planning reads (district, roads, stations, key sites, grids) */
  features = new Map<string, FeatureCollection>()
  timeRange: [number, number] | null = null
  /** patrol units' tracks (issue 26), for nearest units and presence */
  unitTracks: UnitTracks | null = null
  /** the last network coverage computed; its key says whether it still holds */
  network: NetworkCoverage | null = null
  private layers = new Map<string, AreaLayer>()

  setCameras(cameras: CameraColumns): void {
    this.cameras = cameras
    this.version++
  }

  setCandidateSites(sites: SitePoints | null): void {
    this.candidateSites = sites
  }

  setIncidents(inc: AnalyticsIncidents): void {
    this.incidents = inc
    this.timeRange = timeRangeOf(inc.time, inc.count)
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

  requireIncidents(): AnalyticsIncidents {
    if (!this.incidents) throw new Error('no incidents loaded')
    return this.incidents
  }

  requireCameras(): CameraColumns {
    if (!this.cameras) throw new Error('no cameras loaded')
    return this.cameras
  }

  /** The latest incident's time, for analyses whose default period or day follows the data. */
  requireLatest(): number {
    if (!this.timeRange) throw new Error('no incident has a time')
    return this.timeRange[1]
  }

  layer(name: string): AreaLayer | null {
    return this.layers.get(name) ?? null
  }

  requireLayer(name: string): AreaLayer {
    const l = this.layers.get(name)
    if (!l) throw new Error(`no areas loaded for layer "${name}"`)
    return l
  }

  /** The layer's join of the current incidents, computed on first use. */
  assignOf(l: AreaLayer): Int32Array {
    const inc = this.requireIncidents()
    if (!l.assign) l.assign = joinPoints(l.index, inc.lon, inc.lat, inc.count)
    return l.assign
  }

  /** keep mask for categories and a period, or undefined when it keeps everything */
  keep(f: CategoriesAndPeriod): Uint8Array | undefined {
    return keepMask(this.requireIncidents(), {
      ...NO_FILTER, categories: f.categories ?? null, from: f.period?.from ?? null, to: f.period?.to ?? null,
    })
  }
}
