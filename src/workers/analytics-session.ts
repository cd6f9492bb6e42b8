/**
 * The analytics state a worker keeps between requests: incidents and area layers as sent
 * by the UI, and each layer's join (an Int32Array per layer, recomputed only when the
 * incidents or that layer change). Plain class, so tests run it in Node without a worker.
 */
import { areaSafetyIndex } from '../core/area-safety'
import { areasFromGeoJson, type AreaIssue, type AreaSet } from '../core/areas'
import { unassignedCount } from '../core/area-counts'
import { monthOf, previousPeriod, sameperiodLastYear, type Period } from '../core/periods'
import type { SafetyIndexRow, SafetyWeights } from '../core/safety-index'
import { buildAreaIndex, joinPoints, type AreaIndex } from '../core/spatial-join'
import { gridHotspots, type GridHotspots } from '../core/grid-hotspots'
import { kernelDensity } from '../core/kernel-density'
import { gridOverBbox, pointsBbox, type SquareGrid } from '../core/square-grid'
import { timeProfile, type NightHours, type TimeProfile } from '../core/time-profile'

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

interface Layer {
  areas: AreaSet
  index: AreaIndex
  assign: Int32Array | null
}

export class AnalyticsSession {
  private incidents: AnalyticsIncidents | null = null
  private layers = new Map<string, Layer>()
  private timeRange: [number, number] | null = null

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
  }

  /** Returns the features that could not be used (the good ones are kept). */
  setAreas(layer: string, geojson: unknown): AreaIssue[] {
    const { areas, issues } = areasFromGeoJson(geojson)
    this.layers.set(layer, { areas, index: buildAreaIndex(areas), assign: null })
    return issues
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
}
