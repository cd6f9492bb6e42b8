/**
 * Safety index (平安指数)
 *
 * per10k(area, period) = (w_case·(criminal + public_order) + w_fire·fire + w_problem·problem) / population × 10,000; rank 1 = lowest per10k; 环比 mom = per10k / per10k(previous period) − 1; 同比 yoy = per10k / per10k(same period last year) − 1. Areas without population (key sites, grid cells without a population figure) get no per10k and no rank and are flagged.
 *
 * 平安指数(每万人) = (案件类警情权重 ×(刑事 + 治安)+ 消防警情权重 × 消防 + 问题隐患权重 × 问题隐患)÷ 实有人口 × 10,000;指数最低者排名第 1;环比 = 本期指数 ÷ 上期指数 − 1;同比 = 本期指数 ÷ 去年同期指数 − 1。无人口数据的区域(重点部位、无人口数的网格)不计算指数、不参与排名,并予以标注。
 *
 * The same population divides every period: population figures are yearly at best, so a
 * change in the index is a change in alerts.
 */

import { CATEGORIES } from './incidents'

const NCAT = CATEGORIES.length

/** Indicator weights. The three indicators of the source material: case alerts (刑事 criminal + 治安 public_order), fire alerts (消防 fire), problem reports (问题隐患 problem). `other` never counts. */
export interface SafetyWeights { case: number; fire: number; problem: number }

/** All 1: by default the index reads as "alerts per 10,000 residents"; users change weights in the UI/CLI. */
export const DEFAULT_WEIGHTS: SafetyWeights = Object.freeze({ case: 1, fire: 1, problem: 1 })

const WEIGHT_KEYS = ['case', 'fire', 'problem'] as const

/** Throws a clear Error for negative, non-finite or all-zero weights; returns a copy. */
export function validateWeights(w: SafetyWeights): SafetyWeights {
  for (const k of WEIGHT_KEYS) {
    const v = w?.[k]
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new Error(`safety index weight "${k}" must be a finite number >= 0 (got ${String(v)})`)
    }
  }
  if (w.case === 0 && w.fire === 0 && w.problem === 0) {
    throw new Error('safety index weights are all zero: at least one indicator must count')
  }
  return { case: w.case, fire: w.fire, problem: w.problem }
}

export interface IndicatorCounts { case: number; fire: number; problem: number }

/** From counts[area*5+category] (5 = CATEGORIES.length). */
export function indicatorCounts(counts: Uint32Array, area: number): IndicatorCounts {
  const b = area * NCAT
  if (!Number.isInteger(area) || area < 0 || b + NCAT > counts.length) {
    throw new RangeError(`area ${area} is outside counts of ${counts.length / NCAT} areas`)
  }
  // category codes: 0 criminal, 1 public_order, 2 fire, 3 problem, 4 other (never counts)
  return { case: counts[b] + counts[b + 1], fire: counts[b + 2], problem: counts[b + 3] }
}

export type SafetyFlag = 'no_population' | 'no_previous' | 'no_last_year'

export interface SafetyIndexRow {
  /** area index */
  area: number
  /** counts in the period */
  case: number; fire: number; problem: number
  /** w.case*case + w.fire*fire + w.problem*problem */
  weighted: number
  /** null when missing/NaN/0/negative → flagged */
  population: number | null
  /** weighted / population * 10000; null when no population */
  per10k: number | null
  /** 1 = safest (lowest per10k); competition ranking for ties (1,2,2,4); null without population */
  rank: number | null
  previousPer10k: number | null; lastYearPer10k: number | null
  /** 环比: (per10k − previousPer10k) / previousPer10k; null when either is null or previousPer10k is 0 */
  mom: number | null
  /** 同比: the same with lastYearPer10k */
  yoy: number | null
  flags: SafetyFlag[]
}

export interface SafetyIndexInput {
  /** per area, NaN = missing */
  population: Float64Array
  /** counts[area*5+cat] for the period, the 环比 base period and the 同比 base period */
  current: Uint32Array; previous: Uint32Array; lastYear: Uint32Array
  weights?: SafetyWeights
}

const weighted = (c: IndicatorCounts, w: SafetyWeights) => w.case * c.case + w.fire * c.fire + w.problem * c.problem

/** Relative tolerance for ties: with weights 0.1/0.2/0.3, one case + one fire alert (0.30000000000000004) must tie with one problem report (0.3). */
const TIE_REL = 1e-9

const change = (cur: number | null, base: number | null) =>
  cur === null || base === null || base === 0 ? null : (cur - base) / base

/**
 * Rows in rank order: ranked areas by rank (ties by area index), then unranked ones in area
 * order. per10k is float64. Ties: sorted values that lie within 1e-9 (relative) of the first
 * value of a tie group share its rank — a tolerance rather than rounding to 1e-9, so two
 * equal-in-exact-arithmetic values on either side of a rounding step are not split.
 */
export function safetyIndex(input: SafetyIndexInput): SafetyIndexRow[] {
  const { population, current, previous, lastYear } = input
  const w = validateWeights(input.weights ?? DEFAULT_WEIGHTS)
  const n = population.length
  for (const [name, c] of [['current', current], ['previous', previous], ['lastYear', lastYear]] as const) {
    if (c.length !== n * NCAT) {
      throw new RangeError(`safetyIndex: ${name} has ${c.length} counts, expected ${n} areas × ${NCAT} categories`)
    }
  }

  const rows: SafetyIndexRow[] = []
  for (let a = 0; a < n; a++) {
    const cur = indicatorCounts(current, a)
    const p = population[a]
    const pop = Number.isFinite(p) && p > 0 ? p : null
    // × 10,000 before ÷: with integer weights the product is exact, so one rounding, not two (6 / 40000 × 10,000 = 1.4999999999999998)
    const per10k = (c: Uint32Array) => (pop === null ? null : (weighted(indicatorCounts(c, a), w) * 10_000) / pop)
    const row: SafetyIndexRow = {
      area: a, ...cur, weighted: weighted(cur, w), population: pop,
      per10k: per10k(current), rank: null,
      previousPer10k: per10k(previous), lastYearPer10k: per10k(lastYear),
      mom: null, yoy: null, flags: [],
    }
    row.mom = change(row.per10k, row.previousPer10k)
    row.yoy = change(row.per10k, row.lastYearPer10k)
    if (pop === null) row.flags.push('no_population')
    if (!row.previousPer10k) row.flags.push('no_previous')
    if (!row.lastYearPer10k) row.flags.push('no_last_year')
    rows.push(row)
  }

  const ranked = rows.filter((r) => r.per10k !== null)
  ranked.sort((x, y) => x.per10k! - y.per10k! || x.area - y.area)
  let groupValue = NaN, groupRank = 0
  ranked.forEach((r, i) => {
    const v = r.per10k!
    if (!(Math.abs(v - groupValue) <= TIE_REL * Math.max(Math.abs(v), Math.abs(groupValue)))) {
      groupValue = v
      groupRank = i + 1
    }
    r.rank = groupRank
  })
  // Members of a tie group may have been sorted by a float-noise difference; list them by area.
  ranked.sort((x, y) => x.rank! - y.rank! || x.area - y.area)
  return ranked.concat(rows.filter((r) => r.per10k === null))
}

/**
 * "First three months in a row" helper: for each area, how many consecutive periods, ending
 * with the last, it was ranked 1..topN (the source practice flags streets at the top three
 * months running). rankings: one array per period (oldest first) of rank per area, null =
 * unranked. With competition ranking a tie at the edge (3,3 for topN 3) counts for both.
 */
export function consecutiveTopRuns(rankings: (number | null)[][], topN: number): Int32Array {
  if (rankings.length === 0) return new Int32Array(0)
  const n = rankings[0].length
  if (rankings.some((r) => r.length !== n)) {
    throw new RangeError('consecutiveTopRuns: every period needs a rank for every area')
  }
  const out = new Int32Array(n)
  for (let a = 0; a < n; a++) {
    let run = 0
    for (let p = rankings.length - 1; p >= 0; p--) {
      const r = rankings[p][a]
      if (r === null || !(r >= 1 && r <= topN)) break
      run++
    }
    out[a] = run
  }
  return out
}
