import { describe, expect, it } from 'vitest'
import {
  DEFAULT_WEIGHTS, consecutiveTopRuns, indicatorCounts, safetyIndex, validateWeights, type SafetyIndexRow,
} from '../../../src/core/safety-index'

// counts[area * 5 + category], categories: criminal, public_order, fire, problem, other
const counts = (rows: number[][]) => Uint32Array.from(rows.flat())

/*
 * area  pop    current          weighted  per10k | previous → per10k   mom | last year → per10k  yoy
 *  0    10000  3,2,1,4,other 9  5+1+4=10  10     | 2,2,1,0 → 5         1   | other 7 only → 0    null
 *  1    20000  2,2,0,1          4+0+1=5   2.5    | 4,0,0,1 → 2.5       0   | 1,0,0,0 → 0.5       4
 *  2    40000  0,0,6,4          0+6+4=10  2.5    | all 0 → 0         null  | 0,0,5,0 → 1.25      1
 *  3    30000  3,0,0,0          3         1      | 0,1,0,0 → 1/3       2   | 0,0,0,6 → 2        -0.5
 *  4    NaN    5,0,0,0          5         –      |
 *  5    0      0,0,1,0          1         –      |
 *  6    -5     0,0,0,0          0         –      |
 * rank: 3 → 1; 1 and 2 tie → 2, 2; 0 → 4; then 4, 5, 6 unranked
 */
const input = {
  population: Float64Array.from([10000, 20000, 40000, 30000, NaN, 0, -5]),
  current: counts([[3, 2, 1, 4, 9], [2, 2, 0, 1, 0], [0, 0, 6, 4, 0], [3, 0, 0, 0, 0], [5, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 0]]),
  previous: counts([[2, 2, 1, 0, 0], [4, 0, 0, 1, 0], [0, 0, 0, 0, 0], [0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]),
  lastYear: counts([[0, 0, 0, 0, 7], [1, 0, 0, 0, 0], [0, 0, 5, 0, 0], [0, 0, 0, 6, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]),
}
const byArea = (rows: SafetyIndexRow[]) => Object.fromEntries(rows.map((r) => [r.area, r]))

describe('indicatorCounts', () => {
  it('sums criminal + public_order into case alerts and ignores other', () => {
    expect(indicatorCounts(input.current, 0)).toEqual({ case: 5, fire: 1, problem: 4 })
    expect(indicatorCounts(input.current, 2)).toEqual({ case: 0, fire: 6, problem: 4 })
    expect(() => indicatorCounts(input.current, 7)).toThrow(RangeError)
  })
})

describe('validateWeights', () => {
  it('accepts defaults and zero for some indicators', () => {
    expect(validateWeights(DEFAULT_WEIGHTS)).toEqual({ case: 1, fire: 1, problem: 1 })
    expect(validateWeights({ case: 2, fire: 0, problem: 0.5 })).toEqual({ case: 2, fire: 0, problem: 0.5 })
  })

  it('rejects negative, non-finite, missing and all-zero weights with a clear message', () => {
    expect(() => validateWeights({ case: -1, fire: 1, problem: 1 })).toThrow(/"case".*-1/)
    expect(() => validateWeights({ case: 1, fire: NaN, problem: 1 })).toThrow(/"fire".*NaN/)
    expect(() => validateWeights({ case: 1, fire: 1, problem: Infinity })).toThrow(/"problem"/)
    expect(() => validateWeights({ case: 1, fire: 1 } as never)).toThrow(/"problem".*undefined/)
    expect(() => validateWeights({ case: 0, fire: 0, problem: 0 })).toThrow(/all zero/)
    expect(() => safetyIndex({ ...input, weights: { case: 0, fire: 0, problem: 0 } })).toThrow(/all zero/)
  })
})

describe('safetyIndex', () => {
  const rows = safetyIndex(input)
  const r = byArea(rows)

  it('lists ranked areas by rank, ties by area, then unranked areas in area order', () => {
    expect(rows.map((x) => x.area)).toEqual([3, 1, 2, 0, 4, 5, 6])
    expect(rows.map((x) => x.rank)).toEqual([1, 2, 2, 4, null, null, null])
  })

  it('computes counts, weighted sum and per 10,000 residents', () => {
    expect(r[0]).toMatchObject({ case: 5, fire: 1, problem: 4, weighted: 10, population: 10000, per10k: 10 })
    expect(r[1].per10k).toBe(2.5)
    expect(r[2].per10k).toBe(2.5)
    expect(r[3].per10k).toBe(1)
  })

  it('computes 环比 and 同比 as relative changes', () => {
    expect(r[0].mom).toBe(1)
    expect(r[1].mom).toBe(0)
    expect(r[3].mom).toBeCloseTo(2, 12)
    expect(r[1].yoy).toBe(4)
    expect(r[2].yoy).toBe(1)
    expect(r[3].yoy).toBeCloseTo(-0.5, 12)
    expect(r[0].flags).toEqual(['no_last_year'])
    expect(r[1].flags).toEqual([])
  })

  it('a base period with zero alerts gives null and a flag, never Infinity', () => {
    expect(r[2].previousPer10k).toBe(0)
    expect(r[2].mom).toBeNull()
    expect(r[2].flags).toEqual(['no_previous'])
    expect(r[0].lastYearPer10k).toBe(0)
    expect(r[0].yoy).toBeNull()
  })

  it('areas with missing, zero or negative population get no per10k and no rank', () => {
    for (const a of [4, 5, 6]) {
      expect(r[a]).toMatchObject({ population: null, per10k: null, rank: null, previousPer10k: null, lastYearPer10k: null, mom: null, yoy: null })
      expect(r[a].flags).toEqual(['no_population', 'no_previous', 'no_last_year'])
    }
    expect(r[4].weighted).toBe(5) // the counts are still reported
  })

  it('changed weights change the order', () => {
    // fire only: 0 → 1, 1 → 0, 2 → 6/40000 = 1.5, 3 → 0
    const fire = safetyIndex({ ...input, weights: { case: 0, fire: 1, problem: 0 } })
    expect(fire.slice(0, 4).map((x) => [x.area, x.rank])).toEqual([[1, 1], [3, 1], [0, 3], [2, 4]])
    expect(byArea(fire)[2].per10k).toBe(1.5)
    // case alerts count double: 0 → 14, 1 → 4.5, 2 → 2.5, 3 → 2
    const cases = safetyIndex({ ...input, weights: { case: 2, fire: 1, problem: 1 } })
    expect(cases.slice(0, 4).map((x) => x.area)).toEqual([3, 2, 1, 0])
    expect(byArea(cases)[1].weighted).toBe(9)
  })

  it('float noise does not split a tie (0.1 + 0.2 vs 0.3)', () => {
    const rows2 = safetyIndex({
      population: Float64Array.from([10000, 10000, 10000]),
      current: counts([[0, 0, 0, 2, 0], [1, 0, 1, 0, 0], [0, 0, 0, 1, 0]]),
      previous: new Uint32Array(15), lastYear: new Uint32Array(15),
      weights: { case: 0.1, fire: 0.2, problem: 0.3 },
    })
    const v = byArea(rows2)
    expect(v[1].weighted).not.toBe(v[2].weighted) // 0.30000000000000004 vs 0.3
    expect(rows2.map((x) => [x.area, x.rank])).toEqual([[1, 1], [2, 1], [0, 3]])
  })

  it('rejects count arrays of the wrong size', () => {
    expect(() => safetyIndex({ ...input, previous: new Uint32Array(5) })).toThrow(/previous/)
  })
})

describe('consecutiveTopRuns', () => {
  it('counts the run of top-N periods ending with the last one', () => {
    // four periods (oldest first), five areas
    const rankings = [
      [1, 2, 3, 4, null],
      [1, 4, 2, 3, 1],
      [2, 1, 3, 3, 1],
      [1, 3, 3, 5, null],
    ]
    // area 0: all four; 1: last two (4 breaks); 2: all four (tie at 3 counts); 3: 5 breaks at the end; 4: null breaks
    expect(Array.from(consecutiveTopRuns(rankings, 3))).toEqual([4, 2, 4, 0, 0])
    expect(Array.from(consecutiveTopRuns(rankings, 1))).toEqual([1, 0, 0, 0, 0])
    expect(consecutiveTopRuns([], 3)).toHaveLength(0)
    expect(() => consecutiveTopRuns([[1, 2], [1]], 3)).toThrow(RangeError)
  })

  it('works on ranks from safetyIndex', () => {
    const ranks = (rows: SafetyIndexRow[]) => {
      const out: (number | null)[] = new Array(rows.length).fill(null)
      for (const x of rows) out[x.area] = x.rank
      return out
    }
    const a = ranks(safetyIndex(input))
    expect(Array.from(consecutiveTopRuns([a, a, a], 3))).toEqual([0, 3, 3, 3, 0, 0, 0])
  })
})
