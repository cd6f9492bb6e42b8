/**
 * Rankings of the areas of a layer: the safety index ranking, what the choropleth shows under
 * the shared filter (counts, rates, index and changes), and counts per area and category per
 * period (the comparison view).
 */
import { areaSafetyIndex } from '../core/area-safety'
import { areaKm2, areaStats as computeAreaStats } from '../core/area-stats'
import type { AreaSet } from '../core/areas'
import { countByAreaCategory, unassignedCount } from '../core/area-counts'
import { keepMask } from '../core/incident-filter'
import { CATEGORIES } from '../core/incidents'
import { monthOf, previousPeriod, sameperiodLastYear, type Period } from '../core/periods'
import type { SafetyWeights } from '../core/safety-index'
import type { AnalyticsData } from './analytics-data'
import type { AreaStatsRequest, AreaStatsResult, SafetyIndexResult } from './contracts'

/** period null: the calendar month of the latest incident (the monthly ranking's default) */
export function safetyIndex(d: AnalyticsData, layer: string, period: Period | null, weights?: SafetyWeights): SafetyIndexResult {
  const l = d.requireLayer(layer)
  const inc = d.requireIncidents()
  if (!period) period = monthOf(d.requireLatest())
  let t = performance.now()
  const cached = l.assign !== null
  const assign = d.assignOf(l)
  const joinMs = cached ? 0 : performance.now() - t
  t = performance.now()
  const rows = areaSafetyIndex({
    assign, category: inc.category, time: inc.time, count: inc.count,
    population: l.areas.population, period, weights,
  }).map((r) => ({ ...r, id: l.areas.ids[r.area], name: l.areas.names[r.area] }))
  return {
    layer, timeRange: d.timeRange, period, previous: previousPeriod(period), lastYear: sameperiodLastYear(period), rows,
    unassigned: unassignedCount(assign, inc.count), joinMs, indexMs: performance.now() - t,
  }
}

/** Area sizes per area set, measured once (an AreaSet is replaced, never changed, when a layer is re-sent). */
const KM2 = new WeakMap<AreaSet, Float64Array>()

/**
 * Per area of `layer`, what a choropleth shows under the shared filter: counts and rates in
 * the filter's dates, the safety index and the 环比 / 同比 changes for a period. The period
 * is the filter's date range when it has both ends, else `req.period`, else the calendar
 * month of the latest incident (the ranking's default, so that without a filter the index
 * equals the ranking).
 */
export function areaStats(d: AnalyticsData, req: AreaStatsRequest): AreaStatsResult {
  const t0 = performance.now()
  const inc = d.requireIncidents()
  const l = d.requireLayer(req.layer)
  const { from, to } = req.filter
  let period = from !== null && to !== null ? { from, to } : req.period ?? null
  if (!period) period = monthOf(d.requireLatest())
  let km2 = KM2.get(l.areas)
  if (!km2) KM2.set(l.areas, (km2 = areaKm2(l.areas)))
  const keep = keepMask(inc, { ...req.filter, from: null, to: null })
  const range = from === null && to === null ? null : { from: from ?? -Infinity, to: to ?? Infinity }
  const assign = d.assignOf(l)
  const stats = computeAreaStats({ assign, keep, category: inc.category, time: inc.time, count: inc.count,
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

/** Per period, counts per area and category of a layer: out[p][area * CATEGORIES.length + category]. */
export function periodCategoryCounts(d: AnalyticsData, layer: string, periods: Period[]): Uint32Array[] {
  const l = d.requireLayer(layer)
  const inc = d.requireIncidents()
  const assign = d.assignOf(l)
  return periods.map((p) => countByAreaCategory(assign, inc.category, inc.count, l.areas.count, CATEGORIES.length,
    { time: inc.time, from: p.from, to: p.to }))
}
