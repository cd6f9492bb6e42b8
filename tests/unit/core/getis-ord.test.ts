import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classifyHotspots, giStar, HOTSPOT_CLASS_NAMES, type HotspotClass } from '../../../src/core/getis-ord'
import { twoSidedP } from '../../../src/core/normal'
import type { SquareGrid } from '../../../src/core/square-grid'
import { localProjection } from '../../../src/core/local-projection'

const grid = (cols: number, rows: number, cell = 100): SquareGrid =>
  ({ proj: localProjection(119, 36.7, 36.7), cell, cols, rows })

// 3 × 3 counts, row 0 in the south (index = row · 3 + col):
//   row 2:  0 1 0      cells 6 7 8
//   row 1:  2 5 1      cells 3 4 5
//   row 0:  1 3 0      cells 0 1 2
const V3 = Float64Array.of(1, 3, 0, 2, 5, 1, 0, 1, 0)
// n = 9, Σx = 13, X̄ = 13/9 = 1.4444…, Σx² = 1+9+0+4+25+1+0+1+0 = 41
// S = √(41/9 − (13/9)²) = √((369 − 169)/81) = √200 / 9 = 1.5713484…

describe('giStar, 3 × 3, hand computed', () => {
  it('band 100 m on 100 m cells = rook neighbours + self', () => {
    const r = giStar(grid(3, 3), V3, { band: 100 })
    expect(r.n).toBe(9)
    expect(r.mean).toBeCloseTo(13 / 9, 12)
    expect(r.s).toBeCloseTo(Math.sqrt(200) / 9, 12)
    // Corner cell 0: self (1), east cell 1 (3), north cell 3 (2).
    //   Σwx = 6, Σw = Σw² = 3
    //   numerator   = 6 − (13/9)·3 = 5/3
    //   denominator = S·√((9·3 − 3²)/8) = (√200/9)·√(18/8) = (√200/9)·1.5
    //   z = (5/3)·9 / (1.5·√200) = 10/√200 = 1/√2 = 0.7071067812
    expect(r.z[0]).toBeCloseTo(1 / Math.SQRT2, 9)
    expect(r.z[0]).toBeCloseTo(0.7071067811865476, 9)
    // Centre cell 4: self (5), south 1 (3), west 3 (2), east 5 (1), north 7 (1).
    //   Σwx = 12, Σw = Σw² = 5
    //   numerator   = 12 − (13/9)·5 = 43/9
    //   denominator = (√200/9)·√((9·5 − 25)/8) = (√200/9)·√2.5
    //   z = 43 / (√200·√2.5) = 43/√500 = 1.9230184606
    expect(r.z[4]).toBeCloseTo(43 / Math.sqrt(500), 9)
    expect(r.z[4]).toBeCloseTo(1.923018460649819, 9)
    expect(r.p[4]).toBeCloseTo(twoSidedP(1.923018460649819), 12)
    // Remaining cells (brute force over all pairs, Python, same formula):
    const rest = [0.7071067811865476, 1.296919426949878, -0.14142135623730936, 0.8944271909999159,
      1.923018460649819, 0.08944271909999163, -0.5656854249492379, 0.08944271909999163, -0.9899494936611664]
    rest.forEach((z, i) => expect(r.z[i]).toBeCloseTo(z, 9))
  })

  it('band 150 m = queen neighbours + self; the centre covers all n cells → z 0, p 1', () => {
    const r = giStar(grid(3, 3), V3, { band: 150 })
    // Corner cell 0: cells 0, 1, 3, 4 → Σwx = 1+3+2+5 = 11, Σw = Σw² = 4
    //   numerator   = 11 − (13/9)·4 = 47/9
    //   denominator = (√200/9)·√((9·4 − 16)/8) = (√200/9)·√2.5
    //   z = 47/√500 = 2.1019038988
    expect(r.z[0]).toBeCloseTo(47 / Math.sqrt(500), 9)
    // Centre cell 4: all 9 cells, Σw = 9 = n → n·Σw² − (Σw)² = 81 − 81 = 0 → z 0, p 1.
    expect(r.z[4]).toBe(0)
    expect(r.p[4]).toBe(1)
    expect(r.z[1]).toBeCloseTo(Math.SQRT2, 9) // cells 0..5: Σwx 12, Σw 6: (12 − 26/3)/((√200/9)·√3.375)
  })
})

// 4 × 4 counts (index = row · 4 + col):
//   row 3:  0 0 1 0
//   row 2:  1 2 4 1
//   row 1:  0 3 6 2
//   row 0:  1 0 2 0
const V4 = Float64Array.of(1, 0, 2, 0, 0, 3, 6, 2, 1, 2, 4, 1, 0, 0, 1, 0)
// n = 16, Σx = 23, X̄ = 23/16 = 1.4375, Σx² = 77
// S = √(77/16 − (23/16)²) = √((1232 − 529)/256) = √703 / 16 = 1.6571341979

describe('giStar, 4 × 4 queen (band 150), hand computed', () => {
  const r = giStar(grid(4, 4), V4, { band: 150 })
  it('corner and interior cells', () => {
    expect(r.s).toBeCloseTo(Math.sqrt(703) / 16, 12)
    // Corner cell 0: cells 0, 1, 4, 5 → Σwx = 1+0+0+3 = 4, Σw = Σw² = 4
    //   numerator   = 4 − (23/16)·4 = −7/4
    //   denominator = (√703/16)·√((16·4 − 16)/15) = (√703/16)·√3.2 = (√703/16)·4/√5
    //   z = −7√5/√703 = −0.5903443073
    expect(r.z[0]).toBeCloseTo(-7 * Math.sqrt(5 / 703), 9)
    expect(r.z[0]).toBeCloseTo(-0.5903443072800653, 9)
    // Interior cell 6 (col 2, row 1, value 6): cols 1..3 × rows 0..2
    //   Σwx = (0+2+0) + (3+6+2) + (2+4+1) = 20, Σw = Σw² = 9
    //   numerator   = 20 − (23/16)·9 = 113/16
    //   denominator = (√703/16)·√((16·9 − 81)/15) = (√703/16)·√4.2
    //   z = 113/√(703·4.2) = 2.0795824121
    expect(r.z[6]).toBeCloseTo(113 / Math.sqrt(703 * 4.2), 9)
    expect(r.z[6]).toBeCloseTo(2.0795824121379596, 9)
    // Edge cell 3 (col 3, row 0): cells 2, 3, 6, 7 → Σwx = 10, Σw = 4: (10 − 5.75)/((√703/16)·√3.2)
    expect(r.z[3]).toBeCloseTo(1.4336933176801585, 9)
  })
})

describe('giStar with a mask', () => {
  it('leaves masked cells out of n, X̄, S and every neighbourhood', () => {
    // V3 with cell 2 (south-east, value 0) outside the study area; rook + self.
    // n = 8, Σx = 13, X̄ = 13/8, Σx² = 41, S = √(41/8 − 169/64) = √159 / 8 = 1.5761900266
    const mask = Uint8Array.of(1, 1, 0, 1, 1, 1, 1, 1, 1)
    const r = giStar(grid(3, 3), V3, { band: 100, mask })
    expect(r.n).toBe(8)
    expect(r.mean).toBe(13 / 8)
    expect(r.s).toBeCloseTo(Math.sqrt(159) / 8, 12)
    expect(r.z[2]).toBeNaN()
    expect(r.p[2]).toBeNaN()
    // Cell 0: cells 0, 1, 3 → Σwx = 6, Σw = 3; numerator 6 − 39/8 = 9/8
    //   denominator = (√159/8)·√((8·3 − 9)/7) = (√159/8)·√(15/7)
    //   z = 9/√(159·15/7) = 0.4875816332
    expect(r.z[0]).toBeCloseTo(9 / Math.sqrt((159 * 15) / 7), 9)
    // Cell 1: self 3, west 1, north 5, east cell 2 masked → Σwx = 9, Σw = 3; z = 33/√(159·15/7)
    expect(r.z[1]).toBeCloseTo(33 / Math.sqrt((159 * 15) / 7), 9)
    expect(r.z[1]).toBeCloseTo(1.7877993218184023, 9)
    // Centre 4: 5+3+2+1+1 = 12, Σw = 5; numerator 12 − 65/8 = 31/8;
    //   denominator (√159/8)·√((40 − 25)/7) → z = 31/√(159·15/7) = 1.6794478478
    expect(r.z[4]).toBeCloseTo(1.6794478477688022, 9)
  })

  it('treats a non-finite value like a masked cell', () => {
    const v = V3.slice()
    v[2] = NaN
    const a = giStar(grid(3, 3), v, { band: 100 })
    const b = giStar(grid(3, 3), V3, { band: 100, mask: Uint8Array.of(1, 1, 0, 1, 1, 1, 1, 1, 1) })
    expect(Array.from(a.z)).toEqual(Array.from(b.z))
  })
})

describe('giStar edge cases', () => {
  it('all-equal values (S = 0) give z 0 and p 1 everywhere in the study area', () => {
    const r = giStar(grid(3, 3), new Float64Array(9).fill(4), { band: 150, mask: Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 0) })
    expect(r.s).toBe(0)
    expect(Array.from(r.z.subarray(0, 8))).toEqual(new Array(8).fill(0))
    expect(Array.from(r.p.subarray(0, 8))).toEqual(new Array(8).fill(1))
    expect(r.z[8]).toBeNaN()
  })

  it('band below one cell: only the cell itself', () => {
    // z_i = (x_i − X̄) / (S·√((n − 1)/(n − 1))) = (x_i − X̄)/S
    const r = giStar(grid(3, 3), V3, { band: 10 })
    for (let i = 0; i < 9; i++) expect(r.z[i]).toBeCloseTo((V3[i] - 13 / 9) / (Math.sqrt(200) / 9), 12)
  })

  it('a band covering the whole grid gives z 0', () => {
    const r = giStar(grid(3, 3), V3, { band: Infinity })
    expect(Array.from(r.z)).toEqual(new Array(9).fill(0))
  })

  it('empty study area and bad input', () => {
    const r = giStar(grid(2, 1), Float64Array.of(1, 2), { band: 100, mask: new Uint8Array(2) })
    expect(r.n).toBe(0)
    expect(r.z[0]).toBeNaN()
    expect(() => giStar(grid(3, 3), new Float64Array(8), { band: 100 })).toThrow(/8 values/)
    expect(() => giStar(grid(3, 3), V3, { band: -1 })).toThrow(/band/)
    expect(() => giStar(grid(3, 3), V3, { band: 100, mask: new Uint8Array(4) })).toThrow(/mask/)
  })

  it('matches a brute-force O(n²) computation on random grids with masks and bands', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 81, maxLength: 81 }),
        fc.array(fc.boolean(), { minLength: 81, maxLength: 81 }),
        (cols, rows, band, xs, ms) => {
          const g = grid(cols, rows, 50)
          const size = cols * rows
          const v = Float64Array.from(xs.slice(0, size)), mask = Uint8Array.from(ms.slice(0, size), (b) => (b ? 1 : 0))
          const r = giStar(g, v, { band, mask })
          const idx = [...Array(size).keys()].filter((i) => mask[i])
          const n = idx.length, mean = idx.reduce((a, i) => a + v[i], 0) / n
          const s = Math.sqrt(idx.reduce((a, i) => a + v[i] ** 2, 0) / n - mean ** 2)
          for (const i of idx) {
            let sw = 0, swx = 0
            for (const j of idx) {
              const d = 50 * Math.hypot((i % cols) - (j % cols), Math.floor(i / cols) - Math.floor(j / cols))
              if (d <= band * (1 + 1e-12)) { sw++; swx += v[j] }
            }
            const den = s * Math.sqrt((n * sw - sw * sw) / (n - 1))
            const want = den > 1e-9 && s > 1e-9 ? (swx - mean * sw) / den : 0
            expect(r.z[i]).toBeCloseTo(want, 8)
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('z is unchanged by adding a constant or scaling by a positive factor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 25, maxLength: 25 }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        fc.constantFrom(40, 100, 150, 250),
        (xs, c, k, band) => {
          const g = grid(5, 5)
          const v = Float64Array.from(xs)
          const base = giStar(g, v, { band }).z
          const shifted = giStar(g, v.map((x) => x + c), { band }).z
          const scaled = giStar(g, v.map((x) => x * k), { band }).z
          for (let i = 0; i < 25; i++) {
            expect(Math.abs(shifted[i] - base[i])).toBeLessThan(1e-9)
            expect(Math.abs(scaled[i] - base[i])).toBeLessThan(1e-9)
          }
        },
      ),
    )
  })

  it('negating the values negates z (hot ↔ cold)', () => {
    const a = giStar(grid(4, 4), V4, { band: 150 }).z
    const b = giStar(grid(4, 4), V4.map((x) => -x), { band: 150 }).z
    for (let i = 0; i < 16; i++) expect(b[i]).toBeCloseTo(-a[i], 12)
  })
})

describe('classifyHotspots', () => {
  // Ten p-values (m = 10) with signs, plus two NaN cells that do not count in m.
  const p = Float64Array.of(0.001, 0.008, 0.039, 0.041, 0.042, 0.058, 0.074, 0.205, 0.212, 0.216, NaN, NaN)
  const z = Float64Array.of(3.3, -2.65, 2.06, -2.04, 2.03, 1.9, -1.79, 1.27, 1.25, -1.24, NaN, 2)

  it('plain thresholds 0.01 / 0.05 / 0.10 with the sign of z', () => {
    expect(Array.from(classifyHotspots(z, p, false))).toEqual([3, -3, 2, -2, 2, 1, -1, 0, 0, 0, 0, 0])
  })

  it('Benjamini–Hochberg: largest p_(k) <= k/m · alpha per level', () => {
    // m = 10; k/m · alpha:
    //   k       1      2      3      4      5      6      7      8
    //   p_(k)  .001   .008   .039   .041   .042   .058   .074   .205
    //   99%    .001   .002   .003 …                                  → only k = 1: critical p .001
    //   95%    .005   .010   .015   .020   .025   .030   .035   .040  → k = 2: critical p .008
    //   90%    .010   .020   .030   .040   .050   .060   .070   .080  → k = 6 (.058 <= .060): critical .058
    // (at 90% k = 3 and 4 fail on their own, but the step-up takes every p up to the largest k).
    expect(Array.from(classifyHotspots(z, p, true))).toEqual([3, -2, 1, -1, 1, 1, 0, 0, 0, 0, 0, 0])
  })

  it('no cell passes BH when no p_(k) qualifies, and z = 0 is never a class', () => {
    // m = 3, 90%: .04 > 1/3 · .1, .07 > 2/3 · .1, 1 > .1
    const zs = Float64Array.of(2, -1.8, 0), ps = Float64Array.of(0.04, 0.07, 1)
    expect(Array.from(classifyHotspots(zs, ps, true))).toEqual([0, 0, 0])
    expect(Array.from(classifyHotspots(zs, ps, false))).toEqual([2, -1, 0])
    expect(Array.from(classifyHotspots(Float64Array.of(0), Float64Array.of(0.001), false))).toEqual([0])
    expect(classifyHotspots(new Float64Array(0), new Float64Array(0), true).length).toBe(0)
  })

  it('names the classes as the CSV writes them', () => {
    expect([3, 2, 1, 0, -1, -2, -3].map((c) => HOTSPOT_CLASS_NAMES[c as HotspotClass])).toEqual(
      ['hot_99', 'hot_95', 'hot_90', 'not_significant', 'cold_90', 'cold_95', 'cold_99'],
    )
  })
})
