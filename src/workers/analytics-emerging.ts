/**
 * Emerging hot spot analysis for the app (core/emerging-hotspots.ts), under the app's
 * filters: what the map draws per cell (centre, pattern, trend) and the per-cell series the
 * sparklines draw, as flat typed arrays that cross the worker boundary by transfer.
 */
import { emergingHotspots, type Alpha } from '../core/emerging-hotspots'
import { keepMask, type IncidentFilterSpec } from '../core/incident-filter'
import { finalStepDaysMissing, type CubeStep } from '../core/space-time-cube'
import { cellCentreLonLat, type SquareGrid } from '../core/square-grid'
import type { AnalyticsData } from './analytics-data'
import { bothKept } from './analytics-hotspots'
import type { CategoriesAndPeriod } from './contracts'

export interface EmergingRequest extends CategoriesAndPeriod {
  /** cell side, metres */
  cell: number
  /** neighbourhood distance, metres */
  band: number
  step: CubeStep
  /** previous steps in the neighbourhood (default 1) */
  k?: number
  /** significance of bins and trend (default 0.05) */
  alpha?: Alpha
  fdr?: boolean
  /** the shared incident filter, applied on top of categories and period (what the map shows) */
  filter?: IncidentFilterSpec
}

export interface EmergingResult {
  grid: SquareGrid
  /** cube cells (cells with at least one kept incident) */
  cells: number
  steps: number
  /** step boundaries, epoch ms, length steps + 1 */
  bounds: Float64Array
  /** per cell: grid index, centre, pattern code (PATTERN_NAMES), Mann–Kendall z and p */
  gridIndex: Int32Array
  lon: Float64Array
  lat: Float64Array
  patterns: Uint8Array
  trendZ: Float64Array
  trendP: Float64Array
  /** per bin, cell-major (cell · steps + step): Gi* z and incident count, for sparklines */
  z: Float32Array
  counts: Float32Array
  /** first and last counted incident, epoch ms */
  timeRange: [number, number]
  /** whole days of the final step after the last counted incident (space-time-cube.ts finalStepDaysMissing) */
  finalStepDaysMissing: number
  /** incidents counted (of them `spread` over their time window); kept incidents without coordinates or time */
  counted: number
  spread: number
  skipped: number
}

export function emerging(d: AnalyticsData, req: EmergingRequest): EmergingResult {
  const inc = d.requireIncidents()
  const keep = bothKept(d.keep(req), req.filter && keepMask(inc, req.filter))
  const e = emergingHotspots(inc.lon, inc.lat, inc.time, inc.count, {
    cell: req.cell, band: req.band, step: req.step, k: req.k ?? 1, alpha: req.alpha, fdr: req.fdr, keep, timeTo: inc.timeTo,
  })
  const { cube } = e
  const n = cube.cells.length
  const lon = new Float64Array(n), lat = new Float64Array(n)
  for (let c = 0; c < n; c++) [lon[c], lat[c]] = cellCentreLonLat(cube.grid, cube.cells[c])
  return {
    grid: cube.grid, cells: n, steps: cube.steps, bounds: cube.bounds, gridIndex: cube.cells, lon, lat,
    patterns: e.patterns, trendZ: e.trendZ, trendP: e.trendP,
    // Float32 halves what crosses to the UI; a sparkline needs no more digits.
    z: Float32Array.from(e.gi.z), counts: Float32Array.from(cube.counts),
    timeRange: cube.timeRange, finalStepDaysMissing: finalStepDaysMissing(cube), counted: cube.counted, spread: cube.spread, skipped: cube.skipped,
  }
}

/** The buffers to transfer. */
export function emergingBuffers(r: EmergingResult): ArrayBuffer[] {
  return [r.bounds, r.gridIndex, r.lon, r.lat, r.patterns, r.trendZ, r.trendP, r.z, r.counts].map((a) => a.buffer as ArrayBuffer)
}
