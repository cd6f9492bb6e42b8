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
    const l = this.layers.get(layer)
    if (!l) throw new Error(`no areas loaded for layer "${layer}"`)
    const inc = this.incidents
    if (!inc) throw new Error('no incidents loaded')
    if (!period) {
      if (!this.timeRange) throw new Error('no incident has a time')
      period = monthOf(this.timeRange[1])
    }
    let t = performance.now()
    let joinMs = 0
    if (!l.assign) {
      l.assign = joinPoints(l.index, inc.lon, inc.lat, inc.count)
      joinMs = performance.now() - t
      t = performance.now()
    }
    const rows = areaSafetyIndex({
      assign: l.assign, category: inc.category, time: inc.time, count: inc.count,
      population: l.areas.population, period, weights,
    }).map((r) => ({ ...r, id: l.areas.ids[r.area], name: l.areas.names[r.area] }))
    return {
      layer, timeRange: this.timeRange, period, previous: previousPeriod(period), lastYear: sameperiodLastYear(period), rows,
      unassigned: unassignedCount(l.assign, inc.count), joinMs, indexMs: performance.now() - t,
    }
  }
}
