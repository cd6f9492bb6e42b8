import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  Z_HOT_90, Z_HOT_99, bivariateClasses, gapAnalysis, type GapInput, type GapRow,
} from '../../../src/core/coverage-gaps'

/*
 * A 3×3 grid, units 0..8 (row 0 = units 0–2):
 *
 * unit  incidents  unseen  coverage  z       hot (z)                 covered        bivariate
 *   0      10        8      0.10     3.0     3.0 > 2.576: 2          < 1/3: 0       6  hot, uncovered
 *   1       4        0      0.90     1.0     < 1.645: 0              >= 2/3: 2      2  (score 0: no row)
 *   2       6        3      0.50     2.0     1.645..2.576: 1         1/3..2/3: 1    4
 *   3       0        0      NaN      0       0                       NaN → 0        0  (no row)
 *   4      12        3      0.70     2.6     2.6 > 2.576: 2          2              8
 *   5       2        2      0.20     NaN     NaN → 0: 0              0              0
 *   6       5        3      1/3      1.645   1.645 >= 1.64485: 1     1/3 → 1        4
 *   7       1        1      2/3      −2.0    0 (cold is not hot)     2/3 → 2        2
 *   8       7        5      0.00     2.57    1                       0              3
 *
 * Rows by score: unit 0 (8), unit 8 (5), then three at 3: unit 4 (hot 2) before units 2 and 6
 * (hot 1, by index), then unit 5 (2), unit 7 (1).
 */
const hand = (): GapInput => ({
  incidents: Float64Array.of(10, 4, 6, 0, 12, 2, 5, 1, 7),
  unseen: Float64Array.of(8, 0, 3, 0, 3, 2, 3, 1, 5),
  coverage: Float64Array.of(0.1, 0.9, 0.5, NaN, 0.7, 0.2, 1 / 3, 2 / 3, 0),
  z: Float64Array.of(3, 1, 2, 0, 2.6, NaN, 1.645, -2, 2.57),
})

const row = (unit: number, incidents: number, unseen: number, coverage: number, z: number, hot: 0 | 1 | 2, covered: 0 | 1 | 2): GapRow =>
  ({ unit, incidents, unseen, coverage, z, score: unseen, hot, covered, bivariate: hot * 3 + covered })

describe('gapAnalysis and bivariateClasses: the 3×3 hand example', () => {
  it('ranks the units with unseen incidents and classes every unit', () => {
    expect(gapAnalysis(hand())).toEqual([
      row(0, 10, 8, 0.1, 3, 2, 0),
      row(8, 7, 5, 0, 2.57, 1, 0),
      row(4, 12, 3, 0.7, 2.6, 2, 2),
      row(2, 6, 3, 0.5, 2, 1, 1),
      row(6, 5, 3, 1 / 3, 1.645, 1, 1),
      row(5, 2, 2, 0.2, 0, 0, 0), // NaN z reported as the 0 it was treated as
      row(7, 1, 1, 2 / 3, -2, 0, 2),
    ])
    expect(Array.from(bivariateClasses(hand()))).toEqual([6, 2, 4, 0, 8, 0, 4, 2, 3])
  })

  it('Float32 coverage gives the same classes (1/3 and 2/3 round up in float32)', () => {
    const input = { ...hand(), coverage: Float32Array.from(hand().coverage) }
    expect(Array.from(bivariateClasses(input))).toEqual([6, 2, 4, 0, 8, 0, 4, 2, 3])
  })

  it('skips units outside the mask', () => {
    const input = { ...hand(), mask: Uint8Array.of(0, 1, 1, 1, 1, 1, 1, 1, 0) }
    expect(gapAnalysis(input).map((r) => r.unit)).toEqual([4, 2, 6, 5, 7])
    expect(Array.from(bivariateClasses(input))).toEqual([-1, 2, 4, 0, 8, 0, 4, 2, -1])
  })

  it('without z, hotness is the tercile of the count among units with incidents', () => {
    /*
     * Units with incidents > 0, ascending: u7:1 u5:2 u1:4 u6:5 u2:6 u8:7 u0:10 u4:12 (m = 8).
     * "below" = units with fewer incidents = 0..7; class 0 while 3·below < 8 (below 0–2:
     * u7 u5 u1), 1 while 3·below < 16 (below 3–5: u6 u2 u8), else 2 (u0 u4). Unit 3 has none: 0.
     */
    const input = { ...hand(), z: undefined }
    expect(Array.from(bivariateClasses(input))).toEqual([6, 2, 4, 0, 8, 0, 4, 2, 3])
    const rows = gapAnalysis(input)
    expect(rows.map((r) => [r.unit, r.hot, r.bivariate])).toEqual([[0, 2, 6], [8, 1, 3], [4, 2, 8], [2, 1, 4], [6, 1, 4], [5, 0, 0], [7, 0, 2]])
    expect(rows.every((r) => Number.isNaN(r.z))).toBe(true)
    // The mask changes the terciles: without units 0 and 4, m = 6, ascending u7:1 u5:2 u1:4
    // u6:5 u2:6 u8:7 with below = 0..5: class 0 while 3·below < 6 (u7 u5), 1 while 3·below < 12
    // (u1 u6), else 2 (u2 u8). So u1 = 1·3 + 2 = 5, u2 = 2·3 + 1 = 7, u6 = 4, u8 = 2·3 + 0 = 6.
    const masked = { ...input, mask: Uint8Array.of(0, 1, 1, 1, 0, 1, 1, 1, 1) }
    expect(Array.from(bivariateClasses(masked))).toEqual([-1, 5, 7, 0, -1, 0, 4, 2, 6])
  })

  it('ties share the lower tercile, so a flood of single incidents is not hot', () => {
    const input = (incidents: number[]): GapInput => ({
      incidents: Float64Array.from(incidents), unseen: Float64Array.from(incidents), coverage: new Float64Array(incidents.length),
    })
    // four 1s (none below them: 0), one 5 (4 of 5 below: 12 >= 10: 2), a 0 (no incidents: 0)
    expect(Array.from(bivariateClasses(input([1, 1, 1, 1, 5, 0])))).toEqual([0, 0, 0, 0, 6, 0])
    expect(Array.from(bivariateClasses(input([3, 3, 3])))).toEqual([0, 0, 0])
    // 1 2 3 | 4 5 6 | 7 8 9, shuffled
    expect(Array.from(bivariateClasses(input([9, 1, 5, 2, 8, 4, 3, 7, 6])))).toEqual([6, 0, 3, 0, 6, 3, 0, 6, 3])
  })

  it('hot thresholds sit at the 90% and 99% two-sided normal quantiles', () => {
    const z = [1.6448, Z_HOT_90, 1.645, 2.5758, Z_HOT_99, 2.576, Infinity, -Infinity]
    const input: GapInput = { incidents: new Float64Array(8), unseen: new Float64Array(8), coverage: new Float64Array(8), z: Float64Array.from(z) }
    expect(Array.from(bivariateClasses(input))).toEqual([0, 3, 3, 3, 3, 6, 6, 0])
  })

  it('treats NaN, negative and infinite counts as none, and checks lengths', () => {
    const input: GapInput = {
      incidents: Float64Array.of(2, 2, 2, 2), unseen: Float64Array.of(NaN, -1, Infinity, 1), coverage: new Float64Array(4),
    }
    expect(gapAnalysis(input).map((r) => r.unit)).toEqual([3])
    expect(() => gapAnalysis({ ...input, coverage: new Float64Array(3) })).toThrow(/coverage has 3 entries for 4 units/)
    expect(() => bivariateClasses({ ...input, mask: new Uint8Array(5) })).toThrow(/mask/)
    expect(gapAnalysis({ incidents: new Float64Array(0), unseen: new Float64Array(0), coverage: new Float64Array(0) })).toEqual([])
  })
})

describe('gapAnalysis properties', () => {
  const unitsArb = fc.integer({ min: 0, max: 40 }).chain((n) => fc.record({
    incidents: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: n, maxLength: n }),
    unseenShare: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    coverage: fc.array(fc.oneof(fc.double({ min: 0, max: 1 }), fc.constant(NaN)), { minLength: n, maxLength: n }),
    z: fc.option(fc.array(fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constant(NaN)), { minLength: n, maxLength: n })),
    mask: fc.option(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n })),
  }))

  it('rows agree with the class map, are ranked, and list exactly the masked-in units with unseen incidents', () => {
    fc.assert(
      fc.property(unitsArb, (u) => {
        const input: GapInput = {
          incidents: Float64Array.from(u.incidents),
          unseen: Float64Array.from(u.incidents, (v, i) => Math.round(v * u.unseenShare[i])),
          coverage: Float64Array.from(u.coverage),
          z: u.z ? Float64Array.from(u.z) : undefined,
          mask: u.mask ? Uint8Array.from(u.mask) : undefined,
        }
        const rows = gapAnalysis(input)
        const classes = bivariateClasses(input)
        const want = u.incidents.map((_, i) => i).filter((i) => (!input.mask || input.mask[i]) && input.unseen[i] > 0)
        expect(rows.map((r) => r.unit).sort((a, b) => a - b)).toEqual(want)
        for (const r of rows) {
          expect(classes[r.unit]).toBe(r.bivariate)
          expect(r.bivariate).toBe(r.hot * 3 + r.covered)
        }
        for (let k = 1; k < rows.length; k++) {
          const a = rows[k - 1], b = rows[k]
          expect(a.score > b.score || (a.score === b.score && (a.hot > b.hot || (a.hot === b.hot && a.unit < b.unit)))).toBe(true)
        }
        for (let i = 0; i < classes.length; i++) expect(classes[i] === -1).toBe(!!input.mask && !input.mask[i])
      }),
      { numRuns: 300 },
    )
  })

  it('terciles without z: monotone in the count, and thirds of distinct counts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 50 }), (incidents) => {
        const n = incidents.length
        const hot = Array.from(bivariateClasses({ incidents: Float64Array.from(incidents), unseen: new Float64Array(n), coverage: new Float64Array(n) }), (c) => c / 3)
        for (let i = 0; i < n; i++) {
          if (incidents[i] === 0) expect(hot[i]).toBe(0)
          for (let j = 0; j < n; j++) if (incidents[i] <= incidents[j]) expect(hot[i]).toBeLessThanOrEqual(hot[j])
        }
        const positive = incidents.filter((v) => v > 0)
        if (new Set(positive).size === positive.length) {
          // distinct: ceil(m/3) in class 0, ceil(2m/3) − ceil(m/3) in class 1, the rest in 2
          const m = positive.length
          const sizes = [0, 1, 2].map((c) => incidents.filter((v, i) => v > 0 && hot[i] === c).length)
          expect(sizes).toEqual([Math.ceil(m / 3), Math.ceil((2 * m) / 3) - Math.ceil(m / 3), m - Math.ceil((2 * m) / 3)])
        }
      }),
      { numRuns: 300 },
    )
  })
})
