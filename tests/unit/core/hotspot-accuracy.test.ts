import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hotspotAccuracy, topCells } from '../../../src/core/hotspot-accuracy'

describe('topCells', () => {
  it('takes round(share × cells), best first, ties to the lower index', () => {
    const score = [5, 9, 1, 9, 0, 7, 3, 2, 8, 4]
    expect(Array.from(topCells(score, 0.3))).toEqual([1, 3, 8])
    expect(Array.from(topCells(score, 0.05))).toEqual([1]) // at least one
    expect(Array.from(topCells(score, 0))).toEqual([])
    expect(Array.from(topCells(score, 1))).toEqual([1, 3, 8, 5, 0, 9, 6, 7, 2, 4])
    expect(topCells(new Float64Array(40000).fill(1), 0.05).length).toBe(2000)
  })

  it('only cells in the mask count, for the share and the choice', () => {
    const score = Float64Array.of(5, 9, 1, 9, 0, 7, 3, 2, 8, 4)
    const mask = Uint8Array.of(1, 0, 1, 1, 1, 0, 1, 1, 1, 1) // 8 cells
    expect(Array.from(topCells(score, 0.25, mask))).toEqual([3, 8]) // round(2)
    expect(Array.from(topCells(score, 0.25, new Uint8Array(10)))).toEqual([])
  })

  it('matches a plain sort by (score desc, index asc)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(NaN), fc.double({ noNaN: true })), { maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (score, ms, share) => {
          const mask = Uint8Array.from(ms.slice(0, score.length), (b) => (b ? 1 : 0))
          const key = (i: number) => (Number.isNaN(score[i]) ? -Infinity : score[i])
          const all = [...score.keys()].filter((i) => mask[i])
          all.sort((a, b) => (key(a) === key(b) ? a - b : key(b) - key(a)))
          const take = share === 0 || all.length === 0 ? 0 : Math.min(all.length, Math.max(1, Math.round(share * all.length)))
          expect(Array.from(topCells(score, share, mask))).toEqual(all.slice(0, take))
        },
      ),
    )
  })

  it('ranks NaN last and refuses a share outside 0..1', () => {
    expect(Array.from(topCells([NaN, 1, -Infinity, 2], 1))).toEqual([3, 1, 0, 2])
    expect(() => topCells([1], 1.5)).toThrow(/share/)
    expect(() => topCells([1], NaN)).toThrow(/share/)
  })
})

describe('hotspotAccuracy', () => {
  // 10 cells; now: 40 incidents, next: 50.
  const now = Float64Array.of(10, 8, 6, 4, 3, 3, 2, 2, 1, 1)
  const next = Float64Array.of(12, 5, 9, 3, 4, 6, 3, 3, 3, 2)

  it('hand example', () => {
    // Top 20% by now = cells 0 and 1: n_now(sel) = 18, n_next(sel) = 17.
    const sel = topCells(now, 0.2)
    expect(Array.from(sel)).toEqual([0, 1])
    const a = hotspotAccuracy(now, next, sel)
    expect(a.cells).toBe(2)
    expect(a.areaShare).toBe(0.2) // 2 / 10
    expect(a.recaptured).toBe(17)
    expect(a.hitRate).toBeCloseTo(0.34, 12) // 17 / 50
    expect(a.pai).toBeCloseTo(1.7, 12) // 0.34 / 0.2
    expect(a.rri).toBeCloseTo((17 / 18) / (50 / 40), 12) // 0.7556
  })

  it('with a mask: totals and area over the study area only', () => {
    // Cells 8 and 9 outside: N_now = 38, N_next = 45, 8 cells; selection [0, 2, 9] → 9 ignored.
    const mask = Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 0, 0)
    const a = hotspotAccuracy(now, next, Uint32Array.of(0, 2, 9, 2, 99), mask)
    expect(a.cells).toBe(2)
    expect(a.areaShare).toBe(0.25)
    expect(a.recaptured).toBe(21) // 12 + 9
    expect(a.hitRate).toBeCloseTo(21 / 45, 12)
    expect(a.pai).toBeCloseTo(21 / 45 / 0.25, 12) // 1.8667
    expect(a.rri).toBeCloseTo((21 / 16) / (45 / 38), 12)
  })

  it('NaN where a denominator is 0', () => {
    const z = new Float64Array(10)
    const a = hotspotAccuracy(now, z, Uint32Array.of(0))
    expect(a.recaptured).toBe(0)
    expect(a.hitRate).toBeNaN()
    expect(a.pai).toBeNaN()
    expect(a.rri).toBeNaN()
    const b = hotspotAccuracy(z, next, Uint32Array.of(0))
    expect(b.hitRate).toBeCloseTo(12 / 50, 12)
    expect(b.rri).toBeNaN()
    const c = hotspotAccuracy(now, next, new Uint32Array(0))
    expect(c.areaShare).toBe(0)
    expect(c.hitRate).toBe(0)
    expect(c.pai).toBeNaN()
    const d = hotspotAccuracy(now, next, Uint32Array.of(0), new Uint8Array(10))
    expect([d.cells, d.areaShare]).toEqual([0, NaN])
    expect(() => hotspotAccuracy(now, new Float64Array(3), Uint32Array.of(0))).toThrow(/cells/)
  })
})
