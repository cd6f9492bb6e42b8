import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import '../fast-check-seed'
import {
  binOf, countWindows, hourOfWeek, shareWithin, spreadOverBins, spreadOverWeekHours, windowEndOf, windowTouches, WEEK_HOURS,
} from '../../../src/core/aoristic'
import { monthBoundaries } from '../../../src/core/periods'

const HOUR = 3_600_000
/** epoch ms of a Shanghai local wall-clock time (UTC+8 all year) */
const local = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min) - 8 * 3600_000

function weekHours(from: number, to: number, weight = 1): Float64Array {
  const out = new Float64Array(WEEK_HOURS)
  spreadOverWeekHours(from, to, (k, w) => { out[k] += w }, weight)
  return out
}

function bins(from: number, to: number, edges: Float64Array): { out: Float64Array; added: number } {
  const out = new Float64Array(edges.length - 1)
  const added = spreadOverBins(from, to, edges, (k, w) => { out[k] += w })
  return { out, added }
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0)

describe('spreadOverWeekHours', () => {
  it('spreads 22:00–07:00 across midnight over nine hours, 1/9 each', () => {
    // 2024-05-06 was a Monday, so Tue 7 May is weekday 1 and Wed 8 May weekday 2:
    // Tue 22:00 and 23:00 are cells 24+22 = 46, 47; Wed 00:00..06:00 are cells 48..54.
    const w = weekHours(local(2024, 5, 7, 22), local(2024, 5, 8, 7))
    const expected = new Float64Array(WEEK_HOURS)
    for (let k = 46; k <= 54; k++) expected[k] = 1 / 9
    for (let k = 0; k < WEEK_HOURS; k++) expect(w[k]).toBeCloseTo(expected[k], 12)
  })

  it('wraps from Sunday night into Monday morning', () => {
    // Sun 12 May 22:00 (cells 6*24+22 = 166, 167) to Mon 13 May 07:00 (cells 0..6)
    const w = weekHours(local(2024, 5, 12, 22), local(2024, 5, 13, 7))
    for (const k of [166, 167, 0, 1, 2, 3, 4, 5, 6]) expect(w[k]).toBeCloseTo(1 / 9, 12)
    expect(sum(w)).toBeCloseTo(1, 12)
    expect(w[7] + w[165]).toBe(0)
  })

  it('weighs partial hours by their minutes', () => {
    // Mon 22:30 → Tue 01:00 is 150 minutes: 30 in hour 22 (0.2), 60 in 23 (0.4), 60 in Tue 00 (0.4)
    const w = weekHours(local(2024, 5, 6, 22, 30), local(2024, 5, 7, 1))
    expect(w[22]).toBeCloseTo(0.2, 12)
    expect(w[23]).toBeCloseTo(0.4, 12)
    expect(w[24]).toBeCloseTo(0.4, 12)
  })

  it('puts an exact time (no end, or end not after start) wholly in its hour', () => {
    const t = local(2024, 5, 8, 14, 20) // Wed 14:20 → cell 2*24+14 = 62
    for (const end of [NaN, t, t - HOUR]) {
      const w = weekHours(t, end)
      expect(w[62]).toBe(1)
      expect(sum(w)).toBe(1)
    }
    expect(sum(weekHours(NaN, t))).toBe(0)
  })

  it('gives every hour the same share of whole weeks', () => {
    // two weeks and one hour from Mon 00:00: each hour holds 2 of the 337 hours, Mon 00:00 one more
    const from = local(2024, 5, 6)
    const w = weekHours(from, from + (2 * WEEK_HOURS + 1) * HOUR)
    expect(w[0]).toBeCloseTo(3 / 337, 12)
    for (let k = 1; k < WEEK_HOURS; k++) expect(w[k]).toBeCloseTo(2 / 337, 12)
  })

  it('hands out exactly the weight, whatever the window (property)', () => {
    const t0 = local(2020, 1, 1)
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 5 * 365 * 24 * 60 }), fc.integer({ min: 0, max: 30 * 24 * 60 }), fc.double({ min: 0.1, max: 10, noNaN: true }),
      (startMin, lenMin, weight) => {
        const from = t0 + startMin * 60_000
        const w = weekHours(from, from + lenMin * 60_000, weight)
        expect(sum(w)).toBeCloseTo(weight, 9)
        expect(w.every((v) => v >= 0)).toBe(true)
      },
    ))
  })
})

describe('spreadOverBins', () => {
  it('splits Jan 31 20:00 → Feb 1 04:00 half and half between the months', () => {
    const edges = monthBoundaries(local(2024, 1, 1), local(2024, 3, 1)) // Jan, Feb
    const { out, added } = bins(local(2024, 1, 31, 20), local(2024, 2, 1, 4), edges)
    expect(Array.from(out)).toEqual([0.5, 0.5])
    expect(added).toBe(1)
  })

  it('leaves out the share outside the edges', () => {
    // 8 hours from Jan 31 20:00, edges of February only: the 4 hours in February count
    const { out, added } = bins(local(2024, 1, 31, 20), local(2024, 2, 1, 4), monthBoundaries(local(2024, 2, 1), local(2024, 3, 1)))
    expect(Array.from(out)).toEqual([0.5])
    expect(added).toBe(0.5)
  })

  it('puts an exact time in the bin of its start, or nowhere outside', () => {
    const edges = Float64Array.from([0, 10, 20])
    expect(Array.from(bins(10, NaN, edges).out)).toEqual([0, 1])
    expect(bins(20, NaN, edges).added).toBe(0)
    expect(bins(-1, -1, edges).added).toBe(0)
    expect([binOf(0, edges), binOf(9.9, edges), binOf(10, edges), binOf(20, edges), binOf(NaN, edges)]).toEqual([0, 0, 1, -1, -1])
  })

  it('sums to 1 over edges that hold the window, and matches a brute-force overlap (property)', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 12 }),
      fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }),
      (raw, a, b) => {
        const edges = Float64Array.from(raw.sort((x, y) => x - y))
        const [from, to] = [Math.min(a, b), Math.max(a, b)]
        const { out, added } = bins(from, to, edges)
        if (from >= edges[0] && to <= edges[edges.length - 1]) expect(added).toBeCloseTo(1, 9)
        expect(sum(out)).toBeCloseTo(added, 9)
        if (to > from) {
          for (let k = 0; k < out.length; k++) {
            const overlap = Math.max(0, Math.min(to, edges[k + 1]) - Math.max(from, edges[k]))
            expect(out[k]).toBeCloseTo(overlap / (to - from), 9)
          }
        }
      },
    ))
  })
})

describe('windows of rows', () => {
  it('reads a row as a window only with a finite end after its start', () => {
    const time = Float64Array.from([10, 10, 10, 10])
    const timeTo = Float64Array.from([20, NaN, 10, 5])
    expect([0, 1, 2, 3].map((i) => windowEndOf(time, timeTo, i))).toEqual([20, NaN, NaN, NaN])
    expect(windowEndOf(time, undefined, 0)).toBeNaN()
    expect(countWindows(time, timeTo, 4)).toBe(1)
    expect(countWindows(time, undefined, 4)).toBe(0)
  })

  it('counts the share of a window inside a period', () => {
    expect(shareWithin(0, 8, 4, 100)).toBe(0.5)
    expect(shareWithin(5, NaN, 4, 6)).toBe(1)
    expect(shareWithin(6, NaN, 4, 6)).toBe(0)
    expect(shareWithin(0, 4, 4, 6)).toBe(0)
  })

  it('keeps a row whose window touches the selected hours', () => {
    // cells for 02:00–03:00 every day
    const cells = new Uint8Array(WEEK_HOURS)
    for (let d = 0; d < 7; d++) cells[d * 24 + 2] = 1
    expect(windowTouches(local(2024, 5, 7, 22), local(2024, 5, 8, 7), cells)).toBe(true)
    // 22:00 → 02:00 ends as 02:00 starts: [from, to) does not touch it
    expect(windowTouches(local(2024, 5, 7, 22), local(2024, 5, 8, 2), cells)).toBe(false)
    expect(windowTouches(local(2024, 5, 7, 22), local(2024, 5, 8, 2, 1), cells)).toBe(true)
    expect(windowTouches(local(2024, 5, 8, 2, 30), NaN, cells)).toBe(true)
    expect(windowTouches(local(2024, 5, 8, 3), NaN, cells)).toBe(false)
    expect(hourOfWeek(local(2024, 5, 8, 2, 30))).toBe(50)
  })
})
