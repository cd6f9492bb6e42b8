/**
 * Where incidents gather: Gi* hotspots on a square grid, kernel density (one map, or one per
 * period on a shared grid), and where the incident colour scale should end.
 */
import type { PeriodDensities } from './contracts'
import { DENSITY_SCALE_CELL_M, densityScaleMax } from '../core/density-scale'
import { gridHotspots, type GridHotspots } from '../core/grid-hotspots'
import { keepMask, type FilterableIncidents, type IncidentFilterSpec } from '../core/incident-filter'
import { kernelDensity } from '../core/kernel-density'
import type { Period } from '../core/periods'
import { gridOverBbox, pointsBbox, type SquareGrid } from '../core/square-grid'
import type { AnalyticsData } from './analytics-data'
import type { DensityRequest, HotspotRequest } from './contracts'

/** Gi* hotspots on a square grid over the kept incidents (or the `within` layer). */
export function hotspots(d: AnalyticsData, req: HotspotRequest): GridHotspots {
  const inc = d.requireIncidents()
  const areas = req.within ? d.requireLayer(req.within).index : undefined
  return gridHotspots(inc.lon, inc.lat, inc.count, {
    cell: req.cell, band: req.band, fdr: req.fdr, keep: bothKept(d.keep(req), req.filter && keepMask(inc, req.filter)), areas,
  })
}

/** Quartic kernel density (incidents per km²) on a grid over the kept incidents. */
export function density(d: AnalyticsData, req: DensityRequest): { grid: SquareGrid; density: Float32Array } {
  const inc = d.requireIncidents()
  const keep = d.keep(req)
  const bbox = pointsBbox(inc.lon, inc.lat, inc.count, keep)
  if (!bbox) throw new Error('no incidents to estimate a density from')
  const grid = gridOverBbox(bbox, req.cell)
  return { grid, density: kernelDensity(grid, inc.lon, inc.lat, inc.count, { bandwidth: req.bandwidth, keep }) }
}

/**
 * Where the incident colour scale should end for the incidents the map shows (the filter), on
 * cells of `cell` metres (the heatmap's kernel, or the hexagons' area), incidents per km²
 * (core/density-scale.ts).
 */
export function densityScale(d: AnalyticsData, filter: IncidentFilterSpec | null = null, cell = DENSITY_SCALE_CELL_M): number {
  const inc = d.requireIncidents()
  return densityScaleMax(inc.lon, inc.lat, inc.count, cell, (filter && keepMask(inc, filter)) ?? undefined)
}

/**
 * The same scale for incidents the worker does not hold (the city view's windows at street
 * zoom): the points drawn there, not the desk's district, set where the colours end.
 */
export function densityScaleOf(inc: FilterableIncidents & { lon: Float64Array; lat: Float64Array }, filter: IncidentFilterSpec | null = null, cell = DENSITY_SCALE_CELL_M): number {
  return densityScaleMax(inc.lon, inc.lat, inc.count, cell, (filter && keepMask(inc, filter)) ?? undefined)
}

/**
 * Side by side periods: quartic kernel density (incidents per km²) of the spec's incidents in
 * each period, all on one grid over every incident, so the maps share cells and a colour
 * scale; with each period's count under the spec.
 */
export function periodDensity(
  d: AnalyticsData, spec: IncidentFilterSpec, periods: Period[], cell: number, bandwidth: number,
): PeriodDensities {
  const inc = d.requireIncidents()
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

/** Rows both masks keep (undefined = keeps all). */
export function bothKept(a: Uint8Array | undefined, b: Uint8Array | undefined): Uint8Array | undefined {
  if (!a || !b) return a ?? b
  return a.map((k, i) => k & b[i])
}
