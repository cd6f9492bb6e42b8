import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { coveredWeight, exactBest, placeCameras, type PlacementInput, type PlacementResult } from '../../../src/core/camera-placement'
import type { CoverSets } from '../../../src/core/incidents-in-view'

/** CoverSets from one list of element indices per candidate (sorted and deduplicated here). */
function setsOf(lists: number[][]): CoverSets {
  const start = new Uint32Array(lists.length + 1)
  const items: number[] = []
  lists.forEach((l, c) => {
    items.push(...[...new Set(l)].sort((a, b) => a - b))
    start[c + 1] = items.length
  })
  return { count: lists.length, start, items: Uint32Array.from(items) }
}

interface Instance { sets: number[][]; weight: number[]; x: number[]; y: number[] }

const inputOf = (t: Instance): PlacementInput => ({
  sets: setsOf(t.sets), weight: Float64Array.from(t.weight), x: Float64Array.from(t.x), y: Float64Array.from(t.y),
})

/** Random small instances: sets of 1…maxSet elements, weights 0, small integers or reals, positions in a 100 m square. */
const instance = (candidates: [number, number], elements: [number, number], maxSet: number) =>
  fc.record({ nc: fc.integer({ min: candidates[0], max: candidates[1] }), ne: fc.integer({ min: elements[0], max: elements[1] }) })
    .chain(({ nc, ne }) => fc.record({
      sets: fc.array(fc.uniqueArray(fc.nat({ max: ne - 1 }), { minLength: 1, maxLength: Math.min(ne, maxSet) }), { minLength: nc, maxLength: nc }),
      weight: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 }), fc.double({ min: 0, max: 10, noNaN: true })), { minLength: ne, maxLength: ne }),
      x: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: nc, maxLength: nc }),
      y: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: nc, maxLength: nc }),
    }))

/**
 * Plain greedy, the textbook way: every marginal gain recomputed each step, ties to the lowest
 * index, stop at gain 0. Gains are summed over ascending elements like the stored sets, so that
 * two sets that tie in exact arithmetic also tie in floating point.
 */
function plainGreedy(t: Instance, n: number): { chosen: number[]; gains: number[] } {
  const covered = new Set<number>()
  const chosen: number[] = [], gains: number[] = []
  const sorted = t.sets.map((s) => [...new Set(s)].sort((a, b) => a - b))
  while (chosen.length < n) {
    let best = -1, bestGain = 0
    sorted.forEach((s, c) => {
      const g = s.reduce((a, e) => a + (covered.has(e) ? 0 : t.weight[e]), 0)
      if (g > bestGain) { bestGain = g; best = c }
    })
    if (best < 0) break
    chosen.push(best)
    gains.push(bestGain)
    for (const e of t.sets[best]) covered.add(e)
  }
  return { chosen, gains }
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0)
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
const withoutTimes = (r: PlacementResult) => ({ ...r, ms: null })

// Four candidates over six elements of weight 1, budget 2:
//   0: A = {1,2,3,4}   1: B = {0,1,2}   2: C = {3,4,5}   3: D = {2,3}
// Greedy takes A (4), then B and C each add 1 ({0} or {5}), D adds 0: B by the lower index,
// total 5. The optimum is B + C = all six. Swap: dropping A loses {3,4} (only A covers them),
// bringing C in regains them and adds {5}: 1 + 2 − 2 = +1. Dropping B instead loses {0} and
// C would add only {5}: 0, no gain. So one swap, whichever slot the seed visits first.
const TINY: Instance = { sets: [[1, 2, 3, 4], [0, 1, 2], [3, 4, 5], [2, 3]], weight: [1, 1, 1, 1, 1, 1], x: [0, 10, 10.5, 50], y: [0, 0, 0, 0] }

describe('placeCameras on a hand instance', () => {
  it('greedy is suboptimal and one swap fixes it', () => {
    const r = placeCameras(inputOf(TINY), { n: 2 })
    expect(r.greedyTotal).toBe(5)
    expect(Array.from(r.chosen)).toEqual([1, 2]) // B and C each add 3 first: the lower index leads
    expect(Array.from(r.gains)).toEqual([3, 3])
    expect(r.total).toBe(6)
    expect(r.swaps).toBe(1)
    // bounds: at ∅ the two largest gains 4 + 3 = 7; at the greedy set {A, B} (5) C adds 1 and D
    // 0, 5 + 1 = 6; at the final set 6 + 0 = 6
    expect(r.upperBound).toBe(6)
    expect(r.ratio).toBe(1)
    // 4 gains at ∅; after A the two largest keys are refreshed until fresh: B (3 → 1), C (3 → 1),
    // D (2 → 0), and B tops C on the index; after B, C again (1) for the bound at {A, B}
    expect(r.evaluations).toBe(8)
    expect(exactBest(inputOf(TINY), 2)).toEqual({ chosen: [1, 2], total: 6 })
  })

  it('without the swap search the greedy set stays', () => {
    const r = placeCameras(inputOf(TINY), { n: 2, swap: false })
    expect(Array.from(r.chosen)).toEqual([0, 1])
    expect(Array.from(r.gains)).toEqual([4, 1])
    expect([r.total, r.swaps, r.upperBound]).toEqual([5, 0, 6])
    expect(r.ratio).toBeCloseTo(5 / 6, 15)
  })

  it('spacing: B and C stand 0.5 m apart', () => {
    // With 1 m spacing B + C is out; the best pairs left cover 5 (A + B: {0…4}, A + C: {1…5}).
    // The greedy's A + B stays (the only swap worth 1 would bring C in next to B).
    const spaced = placeCameras(inputOf(TINY), { n: 2, minSpacing: 1 })
    expect(Array.from(spaced.chosen)).toEqual([0, 1])
    expect(spaced.total).toBe(5)
    expect(exactBest(inputOf(TINY), 2, 1)).toEqual({ chosen: [0, 1], total: 5 })
    // the bound ignores spacing: still 6
    expect(spaced.upperBound).toBe(6)
    // exactly the spacing apart is allowed
    expect(placeCameras(inputOf(TINY), { n: 2, minSpacing: 0.5 }).total).toBe(6)
    expect(() => placeCameras({ sets: setsOf(TINY.sets), weight: Float64Array.from(TINY.weight) }, { n: 2, minSpacing: 1 })).toThrow(/x and y/)
  })

  it('stops when nothing adds weight: all zero, or fewer useful candidates than n', () => {
    const zero = placeCameras({ sets: setsOf(TINY.sets), weight: new Float64Array(6) }, { n: 3 })
    expect([zero.chosen.length, zero.gains.length, zero.total, zero.upperBound, zero.ratio]).toEqual([0, 0, 0, 0, 1])
    // only element 5 weighs (2.5): C alone is worth taking, however large the budget
    const one = placeCameras({ sets: setsOf(TINY.sets), weight: Float64Array.of(0, 0, 0, 0, 0, 2.5) }, { n: 4 })
    expect(Array.from(one.chosen)).toEqual([2])
    expect(Array.from(one.gains)).toEqual([2.5])
    expect(one.upperBound).toBe(2.5)
    expect(placeCameras(inputOf(TINY), { n: 0 }).chosen.length).toBe(0)
    expect(placeCameras({ sets: setsOf([]), weight: new Float64Array(0) }, { n: 2 }).total).toBe(0)
  })

  it('rejects bad input', () => {
    const input = inputOf(TINY)
    expect(() => placeCameras(input, { n: 1.5 })).toThrow(/n must be/)
    expect(() => placeCameras(input, { n: 2, minSpacing: -1 })).toThrow(/minSpacing/)
    expect(() => placeCameras({ ...input, weight: Float64Array.of(1, 1, -1, 1, 1, 1) }, { n: 2 })).toThrow(/weight\[2\]/)
    expect(() => placeCameras({ ...input, weight: Float64Array.of(1, 1, 1) }, { n: 2 })).toThrow(/item 3 has no weight/)
  })
})

describe('coveredWeight', () => {
  it('counts an element once however many chosen sets hold it', () => {
    const { sets } = inputOf(TINY)
    const w = Float64Array.of(1, 2, 4, 8, 16, 32)
    expect(coveredWeight(sets, w, [0, 3])).toBe(2 + 4 + 8 + 16) // D ⊂ A
    expect(coveredWeight(sets, w, [1, 2])).toBe(63)
    expect(coveredWeight(sets, w, [])).toBe(0)
  })
})

describe('placeCameras against the exact optimum', () => {
  it('never above the optimum, the bound never below it, greedy order and gains consistent', () => {
    // (that the swap search improves on greedy at all is shown on fixed instances above and below:
    // on random small instances greedy is often already optimal, so a count here would be flaky)
    fc.assert(
      fc.property(instance([1, 12], [1, 30], 12), fc.integer({ min: 1, max: 5 }), fc.integer(), (t, n, seed) => {
        const input = inputOf(t)
        const r = placeCameras(input, { n, seed })
        const best = exactBest(input, n)
        expect(r.total).toBeLessThanOrEqual(best.total * (1 + 1e-9))
        expect(r.upperBound).toBeGreaterThanOrEqual(best.total * (1 - 1e-9))
        expect(r.total).toBeGreaterThanOrEqual((1 - 1 / Math.E) * best.total * (1 - 1e-9))
        expect(r.total).toBeGreaterThanOrEqual(r.greedyTotal * (1 - 1e-12))
        expect(r.chosen.length).toBeLessThanOrEqual(n)
        expect(new Set(r.chosen).size).toBe(r.chosen.length)
        expect(close(sum(r.gains), r.total)).toBe(true)
        expect(close(coveredWeight(input.sets, input.weight, r.chosen), r.total)).toBe(true)
        // greedy order on a submodular function: gains positive and non-increasing
        r.gains.forEach((g, j) => {
          expect(g).toBeGreaterThan(0)
          if (j > 0) expect(g).toBeLessThanOrEqual(r.gains[j - 1] * (1 + 1e-12))
        })
        // the lazy greedy picks what plain greedy picks (swap off: the greedy set, in its order)
        const plain = plainGreedy(t, n)
        const lazy = placeCameras(input, { n, swap: false })
        expect(Array.from(lazy.chosen)).toEqual(plain.chosen)
        expect(close(lazy.greedyTotal, sum(plain.gains))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('with a spacing rule: chosen poses at least the spacing apart, never above the spaced optimum', () => {
    fc.assert(
      fc.property(instance([2, 10], [1, 25], 10), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0, max: 60, noNaN: true }), (t, n, spacing) => {
        const input = inputOf(t)
        const r = placeCameras(input, { n, minSpacing: spacing })
        for (const a of r.chosen) for (const b of r.chosen) {
          if (a !== b) expect(Math.hypot(t.x[a] - t.x[b], t.y[a] - t.y[b])).toBeGreaterThanOrEqual(spacing)
        }
        const spaced = exactBest(input, n, spacing)
        for (const a of spaced.chosen) for (const b of spaced.chosen) {
          if (a !== b) expect(Math.hypot(t.x[a] - t.x[b], t.y[a] - t.y[b])).toBeGreaterThanOrEqual(spacing)
        }
        expect(r.total).toBeLessThanOrEqual(spaced.total * (1 + 1e-9))
        expect(r.upperBound).toBeGreaterThanOrEqual(exactBest(input, n).total * (1 - 1e-9))
      }),
      { numRuns: 200 },
    )
  })

  it('quality on 200 seeded random instances: mean ≥ 99% of the optimum, never below 1 − 1/e', () => {
    // seeded, so the figures are the same on every run (10–16 candidates, 20–60 elements, n 2–5)
    const cases = fc.sample(fc.tuple(instance([10, 16], [20, 60], 15), fc.integer({ min: 2, max: 5 })), { seed: 20240607, numRuns: 200 })
    const ratios = cases.map(([t, n]) => {
      const input = inputOf(t)
      const best = exactBest(input, n).total
      return best === 0 ? 1 : placeCameras(input, { n }).total / best
    })
    expect(sum(ratios) / ratios.length).toBeGreaterThanOrEqual(0.99)
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(1 - 1 / Math.E)
  })
})

describe('placeCameras determinism', () => {
  it('the same seed gives the same output, run twice, on an instance where swaps happen', () => {
    // 400 candidates of up to 60 elements over 500 (heavy overlap, where greedy goes wrong),
    // from one seeded sample; spread over a 300 m square (fast-check's doubles pile up on the
    // square's corners, where 5 m spacing would leave few allowed), budget 30
    const [t] = fc.sample(instance([400, 400], [500, 500], 60), { seed: 99, numRuns: 1 })
    const input = inputOf({ ...t, x: t.x.map((_, i) => (i * 37) % 300), y: t.y.map((_, i) => (i * 101) % 300) })
    const a = placeCameras(input, { n: 30, minSpacing: 5, seed: 7 })
    const b = placeCameras(input, { n: 30, minSpacing: 5, seed: 7 })
    expect(withoutTimes(b)).toEqual(withoutTimes(a))
    expect(a.swaps).toBeGreaterThan(0)
    expect(a.chosen.length).toBe(30)
    expect(a.total).toBeGreaterThan(a.greedyTotal)
  })
})
