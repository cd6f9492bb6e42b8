import fc from 'fast-check'
import '../fast-check-seed'
import { describe, expect, it } from 'vitest'
import {
  classifyPattern, emergingHotspots, emergingOnCube, PATTERN_NAMES, spaceTimeGiStar, type PatternName,
} from '../../../src/core/emerging-hotspots'
import { localProjection } from '../../../src/core/local-projection'
import { twoSidedP } from '../../../src/core/normal'
import { parseLocalDate } from '../../../src/core/periods'
import type { SpaceTimeCube } from '../../../src/core/space-time-cube'
import { cellCentreX, cellCentreY, type SquareGrid } from '../../../src/core/square-grid'

const grid = (cols: number, rows: number, cell = 100): SquareGrid =>
  ({ proj: localProjection(119, 36.7, 36.7), cell, cols, rows })

function cube(g: SquareGrid, cells: number[], steps: number, counts: number[]): SpaceTimeCube {
  return {
    grid: g, step: 'month', cells: Int32Array.from(cells), bounds: new Float64Array(steps + 1), steps,
    counts: Float64Array.from(counts), timeRange: [0, 0], counted: counts.reduce((a, b) => a + b, 0), spread: 0, skipped: 0,
  }
}

describe('spaceTimeGiStar, 3 cells × 3 steps by hand', () => {
  // Three cells in a row (100 m grid, 3 × 1), band 100 m: neighbours 0:{0,1} 1:{0,1,2} 2:{1,2}.
  // counts (cell × step):  cell 0: 1 0 2    cell 1: 3 1 0    cell 2: 0 2 1
  // n = 9, Σx = 10, X̄ = 10/9, Σx² = 1+0+4+9+1+0+0+4+1 = 20
  // S = √(20/9 − 100/81) = √80 / 9
  // denominator = S·√((9W − W²)/8) for W neighbour bins.
  const c = cube(grid(3, 1), [0, 1, 2], 3, [1, 0, 2, 3, 1, 0, 0, 2, 1])
  const at = (cell: number, t: number) => cell * 3 + t

  it('k = 1: the step and the one before', () => {
    const r = spaceTimeGiStar(c, 100, 1)
    expect(r.n).toBe(9)
    expect(r.mean).toBeCloseTo(10 / 9, 12)
    expect(r.s).toBeCloseTo(Math.sqrt(80) / 9, 12)
    // (cell 0, step 0): cells {0,1} × step {0}: W = 2, Σx = 1 + 3 = 4
    //   num = 4 − 20/9 = 16/9; den = (√80/9)·√((18 − 4)/8) → z = 16/√(80·1.75) = 16/√140
    expect(r.z[at(0, 0)]).toBeCloseTo(16 / Math.sqrt(140), 12) // 1.3522468
    // (cell 0, step 1): cells {0,1} × steps {0,1}: W = 4, Σx = 1+0+3+1 = 5
    //   num = 5 − 40/9 = 5/9; den = (√80/9)·√((36 − 16)/8) → z = 5/√200
    expect(r.z[at(0, 1)]).toBeCloseTo(5 / Math.sqrt(200), 12) // 0.3535534
    // (cell 1, step 1): all 3 cells × steps {0,1}: W = 6, Σx = (1+0)+(3+1)+(0+2) = 7
    //   num = 7 − 60/9 = 1/3; den = (√80/9)·√((54 − 36)/8) = (√80/9)·1.5 → z = 2/√80
    expect(r.z[at(1, 1)]).toBeCloseTo(2 / Math.sqrt(80), 12) // 0.2236068
    // (cell 1, step 2): all 3 cells × steps {1,2}: W = 6, Σx = (0+2)+(1+0)+(2+1) = 6
    //   num = 6 − 60/9 = −2/3 → z = −4/√80
    expect(r.z[at(1, 2)]).toBeCloseTo(-4 / Math.sqrt(80), 12) // −0.4472136
    // (cell 2, step 2): cells {1,2} × steps {1,2}: W = 4, Σx = (1+0)+(2+1) = 4
    //   num = 4 − 40/9 = −4/9 → z = −4/√200
    expect(r.z[at(2, 2)]).toBeCloseTo(-4 / Math.sqrt(200), 12) // −0.2828427
    expect(r.p[at(0, 0)]).toBeCloseTo(twoSidedP(16 / Math.sqrt(140)), 14)
  })

  it('k = 0: the step alone', () => {
    // (cell 1, step 0): all 3 cells at step 0: W = 3, Σx = 1+3+0 = 4
    //   num = 4 − 30/9 = 2/3; den = (√80/9)·√((27 − 9)/8) = (√80/9)·1.5 → z = 4/√80
    expect(spaceTimeGiStar(c, 100, 0).z[at(1, 0)]).toBeCloseTo(4 / Math.sqrt(80), 12)
  })

  it('all bins equal: no evidence, z 0 and p 1', () => {
    const flat = spaceTimeGiStar(cube(grid(3, 1), [0, 1, 2], 2, [2, 2, 2, 2, 2, 2]), 100, 1)
    expect([...flat.z]).toEqual([0, 0, 0, 0, 0, 0])
    expect([...flat.p]).toEqual([1, 1, 1, 1, 1, 1])
  })
})

describe('spaceTimeGiStar against a brute-force oracle over all bin pairs', () => {
  it('matches on random cubes, bands and k', () => {
    const arb = fc.record({
      cols: fc.integer({ min: 1, max: 5 }),
      rows: fc.integer({ min: 1, max: 5 }),
      steps: fc.integer({ min: 1, max: 6 }),
      bandCells: fc.constantFrom(0.5, 1, 1.5, Math.SQRT2, 2, 2.3, 3),
      k: fc.integer({ min: 0, max: 3 }),
      seed: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 150, maxLength: 150 }),
      occupied: fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
    })
    fc.assert(fc.property(arb, ({ cols, rows, steps, bandCells, k, seed, occupied }) => {
      const g = grid(cols, rows, 250)
      const cells: number[] = []
      for (let i = 0; i < cols * rows; i++) if (occupied[i]) cells.push(i)
      if (cells.length === 0) cells.push(0)
      const counts = Array.from({ length: cells.length * steps }, (_, i) => seed[i % seed.length])
      const band = bandCells * 250
      const r = spaceTimeGiStar(cube(g, cells, steps, counts), band, k)
      const n = counts.length
      const mean = counts.reduce((a, b) => a + b, 0) / n
      const s = Math.sqrt(counts.reduce((a, x) => a + (x - mean) ** 2, 0) / n)
      for (let a = 0; a < cells.length; a++) {
        for (let t = 0; t < steps; t++) {
          let sum = 0, w = 0
          for (let b = 0; b < cells.length; b++) {
            const dx = cellCentreX(g, cells[a]) - cellCentreX(g, cells[b])
            const dy = cellCentreY(g, cells[a]) - cellCentreY(g, cells[b])
            if (dx * dx + dy * dy > band * band * (1 + 1e-9)) continue
            for (let u = 0; u < steps; u++) if (t - u >= 0 && t - u <= k) { sum += counts[b * steps + u]; w++ }
          }
          const v = (n * w - w * w) / (n - 1)
          const z = s > 0 && v > 0 ? (sum - mean * w) / (s * Math.sqrt(v)) : 0
          expect(r.z[a * steps + t]).toBeCloseTo(z, 9)
        }
      }
    }))
  })
})

describe('classifyPattern: one constructed series per pattern (10 steps; + hot, − cold, 0 neither)', () => {
  const name = (sig: number[], trendZ = 0, trendSig = false): PatternName =>
    PATTERN_NAMES[classifyPattern(sig, trendZ, trendSig)]
  const neg = (sig: number[]) => sig.map((v) => -v)
  const cases: [string, number[], number, boolean][] = [
    // hot in the final step only, never significant before
    ['new', [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 0, false],
    // a final run of 3 hot steps, nothing before, 3/10 < 90 %
    ['consecutive', [0, 0, 0, 0, 0, 0, 0, 1, 1, 1], 0, false],
    // hot 9/10 = 90 % including the final step, trend rising (hot) / falling (cold), significant
    ['intensifying', [0, 1, 1, 1, 1, 1, 1, 1, 1, 1], 2.5, true],
    // hot in every step, no significant trend
    ['persistent', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 2.5, false],
    // 90 % hot including the final step, trend falling (hot) / rising (cold), significant
    ['diminishing', [1, 1, 1, 1, 0, 1, 1, 1, 1, 1], -2.5, true],
    // hot on and off, hot in the final step, 4/10, never cold
    ['sporadic', [1, 0, 1, 0, 0, 1, 0, 0, 0, 1], 0, false],
    // hot in the final step, cold earlier, 2/10
    ['oscillating', [-1, 0, 0, 0, 0, 0, 0, 0, 1, 1], 0, false],
    // 9/10 hot, but not the final step
    ['historical', [1, 1, 1, 1, 1, 1, 1, 1, 1, 0], 0, false],
  ]
  for (const [pattern, sig, trendZ, trendSig] of cases) {
    it(`${pattern} hot spot`, () => expect(name(sig, trendZ, trendSig)).toBe(`${pattern}_hot_spot`))
    // Cold: the same series negated; "intensifying" means z falling, so the trend flips too.
    it(`${pattern} cold spot`, () => expect(name(neg(sig), -trendZ, trendSig)).toBe(`${pattern}_cold_spot`))
  }

  it('no pattern: never significant; hot only long ago; a final step that is neither', () => {
    expect(name([0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe('no_pattern')
    expect(name([1, 1, 0, 0, 0, 0, 0, 0, 0, 0])).toBe('no_pattern')
    expect(name([1, -1, 1, 1, 1, 1, 1, 1, 0, 0])).toBe('no_pattern') // 7/10 hot, final not
  })

  it('the boundaries between the rules', () => {
    // 90 % is counted on all steps: 9/10 hot ending in a run → persistent, not consecutive
    expect(name([0, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBe('persistent_hot_spot')
    // 8/10 hot → below 90 %: a hot step before the final run → sporadic
    expect(name([1, 1, 1, 1, 0, 0, 1, 1, 1, 1])).toBe('sporadic_hot_spot')
    // a run of one after a gap is sporadic, a run of one with nothing before is new
    expect(name([0, 0, 1, 0, 0, 0, 0, 0, 0, 1])).toBe('sporadic_hot_spot')
    // a cold step before a would-be new hot spot makes it oscillating
    expect(name([0, 0, -1, 0, 0, 0, 0, 0, 0, 1])).toBe('oscillating_hot_spot')
    // a significant trend below 90 % does not matter
    expect(name([0, 0, 0, 0, 0, 0, 0, 1, 1, 1], 3, true)).toBe('consecutive_hot_spot')
    // short series: 90 % of 5 steps is all 5
    expect(name([0, 1, 1, 1, 1])).toBe('consecutive_hot_spot')
    expect(name([1, 1, 1, 1, 1])).toBe('persistent_hot_spot')
    // a significant trend but z exactly 0 cannot happen; treated as no trend
    expect(name([1, 1, 1, 1, 1], 0, true)).toBe('persistent_hot_spot')
  })
})

describe('emergingHotspots end to end', () => {
  it('a cluster that appears in the last months is new or consecutive; quiet cells have no pattern', () => {
    // 5 × 5 cells of 200 m, 12 months. Every cell gets one incident in each month (a flat
    // background: Gi* z 0 everywhere). The centre cell gets 12 more in each of the last two
    // months: its neighbourhood (band 200 m = itself and the four rook neighbours, k = 0)
    // is a strong hot spot there and only there.
    const kx = localProjection(119, 36.7, 36.7).kx, ky = localProjection(119, 36.7, 36.7).ky
    const lon: number[] = [], lat: number[] = [], time: number[] = []
    // The grid starts at the points' south-west corner: points near the outer edges of the
    // 1 km square (10 m in from it) make the extent 980 m and the grid 5 × 5 cells of 200 m
    // from (10 m, 10 m); the other points sit mid-cell.
    const pos = (c: number) => c * 200 + (c === 0 ? 10 : c === 4 ? 190 : 100)
    const put = (col: number, row: number, month: number) => {
      lon.push(119 + pos(col) / kx)
      lat.push(36.7 + pos(row) / ky)
      time.push(parseLocalDate(`2025-${String(month).padStart(2, '0')}-10`))
    }
    for (let m = 1; m <= 12; m++) for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) put(c, r, m)
    for (const m of [11, 12]) for (let j = 0; j < 12; j++) put(2, 2, m)
    const f = (a: number[]) => Float64Array.from(a)
    const e = emergingHotspots(f(lon), f(lat), f(time), lon.length, { cell: 200, step: 'month', band: 200, k: 0 })
    expect(e.cube.cells.length).toBe(25)
    expect(e.cube.steps).toBe(12)
    const centre = [...e.cube.cells].indexOf(12)
    expect(PATTERN_NAMES[e.patterns[centre]]).toBe('consecutive_hot_spot')
    // Corner cells are more than 200 m from the centre: never in its neighbourhood.
    const corner = [...e.cube.cells].indexOf(0)
    expect(PATTERN_NAMES[e.patterns[corner]]).toBe('no_pattern')
    expect(e.trendZ[centre]).toBeGreaterThan(0)
    // the bins of the centre in months 11 and 12 are significant hot spots
    expect([...e.binSig.subarray(centre * 12, centre * 12 + 12)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
    // the same cube through emergingOnCube gives the same result
    expect([...emergingOnCube(e.cube, 200, 0, 0.05, false).patterns]).toEqual([...e.patterns])
  })

  it('refuses a bad band, k or alpha with a clear message', () => {
    const one = Float64Array.of(1)
    const base = { cell: 100, step: 'month' as const, band: 100, k: 1 }
    expect(() => emergingHotspots(Float64Array.of(119), Float64Array.of(36), one, 1, { ...base, band: 0 })).toThrow(/band/)
    expect(() => emergingHotspots(Float64Array.of(119), Float64Array.of(36), one, 1, { ...base, k: -1 })).toThrow(/k must be/)
    expect(() => emergingHotspots(Float64Array.of(119), Float64Array.of(36), one, 1, { ...base, alpha: 0.2 as 0.05 })).toThrow(/alpha/)
  })
})

describe('classifyPattern, properties', () => {
  const sigs = fc.array(fc.constantFrom(-1, 0, 1), { minLength: 1, maxLength: 40 })
  const trend = fc.record({ z: fc.double({ min: -5, max: 5, noNaN: true }), significant: fc.boolean() })

  it('cold is the mirror of hot: negating the bins and the trend maps each hot pattern to its cold one', () => {
    fc.assert(fc.property(sigs, trend, (sig, { z, significant }) => {
      const hot = classifyPattern(sig, z, significant)
      const cold = classifyPattern(sig.map((v) => -v), -z, significant)
      expect(cold).toBe(hot === 0 ? 0 : hot <= 8 ? hot + 8 : hot - 8)
    }))
  })

  it('a final hot bin always gives a hot pattern other than historical, a final neither bin only historical or none', () => {
    fc.assert(fc.property(sigs, trend, (sig, { z, significant }) => {
      const code = classifyPattern(sig, z, significant)
      const last = sig[sig.length - 1]
      if (last === 1) expect(code >= 1 && code <= 7).toBe(true)
      if (last === 0) expect([0, 8, 16]).toContain(code)
    }))
  })
})
