/**
 * The safety index of a set of areas for a period, from incident columns already joined to
 * the areas: counts for the period, its 环比 and 同比 bases, then safetyIndex().
 */
import { countByAreaCategory } from './area-counts'
import { CATEGORIES } from './incidents'
import { previousPeriod, sameperiodLastYear, type Period } from './periods'
import { safetyIndex, type SafetyIndexRow, type SafetyWeights } from './safety-index'

export interface AreaSafetyInput {
  /** area per incident (-1 = none), from joinPoints */
  assign: Int32Array
  category: Uint8Array
  time: Float64Array
  count: number
  population: Float64Array
  period: Period
  weights?: SafetyWeights
}

export function areaSafetyIndex(input: AreaSafetyInput): SafetyIndexRow[] {
  const nAreas = input.population.length
  const counts = (p: Period) =>
    countByAreaCategory(input.assign, input.category, input.count, nAreas, CATEGORIES.length, {
      time: input.time, from: p.from, to: p.to,
    })
  return safetyIndex({
    population: input.population,
    current: counts(input.period),
    previous: counts(previousPeriod(input.period)),
    lastYear: counts(sameperiodLastYear(input.period)),
    weights: input.weights,
  })
}

/** The calendar month of the latest finite time (the default period), or null when none. */
export function latestTime(time: Float64Array, count: number): number | null {
  let max = -Infinity
  for (let i = 0; i < count; i++) if (time[i] > max) max = time[i]
  return Number.isFinite(max) ? max : null
}
