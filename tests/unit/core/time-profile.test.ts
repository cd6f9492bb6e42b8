import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import '../fast-check-seed'
import { parseLocalDate as p } from '../../../src/core/periods'
import { DEFAULT_NIGHT, isNight, monthlyTrend, nightShare, timeProfile, type TimeProfile } from '../../../src/core/time-profile'

const cell = (weekday: number, hour: number) => weekday * 24 + hour
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0)
/** the non-zero hour×weekday cells of one area as { cell: count } */
function cells(prof: TimeProfile, area: number): Record<number, number> {
  const out: Record<number, number> = {}
  prof.hourWeekday.subarray(area * 168, area * 168 + 168).forEach((v, i) => { if (v) out[i] = v })
  return out
}

// Monday 2024-05-06 local; the boundaries of the default night 18:00–06:00
const incidents: [number, string][] = [
  [0, '2024-05-05T23:59'], // Sunday 23h, night (15:59 UTC Sunday)
  [0, '2024-05-06T00:00'], // Monday 0h, night (16:00 UTC Sunday!)
  [0, '2024-05-06T05:59'], // Monday 5h, night
  [0, '2024-05-06T06:00'], // Monday 6h, day
  [0, '2024-05-06T17:59'], // Monday 17h, day
  [0, '2024-05-06T18:00'], // Monday 18h, night
  [1, '2024-05-31T23:30'], // Friday 23h, still May locally (15:30 UTC)
  [1, '2024-06-01T00:10'], // Saturday 0h, June
  [-1, '2024-05-07T12:00'], // outside every area
  [1, ''], // NaN time
  [0, '2024-05-08T12:00'], // dropped by the keep mask
]
const assign = Int32Array.from(incidents.map((x) => x[0]))
const time = Float64Array.from(incidents.map((x) => p(x[1])))
const keep = Uint8Array.from(incidents.map((_, i) => (i === 10 ? 0 : 1)))
const n = incidents.length

describe('isNight', () => {
  it('default 18:00–06:00: 18 and 5 are night, 17 and 6 are not', () => {
    expect(DEFAULT_NIGHT).toEqual({ start: 18, end: 6 })
    expect([0, 5, 6, 17, 18, 23].map((h) => isNight(h))).toEqual([true, true, false, false, true, true])
  })

  it('wrapping and non-wrapping custom windows', () => {
    expect([21, 22, 23, 0, 3, 4, 12].map((h) => isNight(h, { start: 22, end: 4 }))).toEqual([false, true, true, true, true, false, false])
    expect([0, 5, 6, 23].map((h) => isNight(h, { start: 0, end: 6 }))).toEqual([true, true, false, false])
    expect(isNight(3, { start: 5, end: 5 })).toBe(false)
  })
})

describe('timeProfile', () => {
  const prof = timeProfile(assign, time, n, 2, { keep })

  it('puts incidents in the local hour × weekday cell', () => {
    expect(cells(prof, 0)).toEqual({
      [cell(6, 23)]: 1, [cell(0, 0)]: 1, [cell(0, 5)]: 1, [cell(0, 6)]: 1, [cell(0, 17)]: 1, [cell(0, 18)]: 1,
    })
    expect(cells(prof, 1)).toEqual({ [cell(4, 23)]: 1, [cell(5, 0)]: 1 })
  })

  it('totals, night counts and night share', () => {
    expect(Array.from(prof.total)).toEqual([6, 2])
    expect(Array.from(prof.night)).toEqual([4, 2])
    expect(nightShare(prof, 0)).toBeCloseTo(2 / 3, 15)
    expect(nightShare(prof, 1)).toBe(1)
  })

  it('months run over the data when no range is given; local month decides', () => {
    expect(prof.months).toEqual(['2024-05', '2024-06'])
    expect(Array.from(prof.monthly)).toEqual([6, 0, 1, 1])
  })

  it('a range [from, to) filters and fixes the months', () => {
    const r = timeProfile(assign, time, n, 2, { keep, from: p('2024-05-06'), to: p('2024-06-01') })
    expect(Array.from(r.total)).toEqual([5, 1]) // Sunday 23:59 and June 1st 00:10 are out
    expect(r.months).toEqual(['2024-05'])
    const wide = timeProfile(assign, time, n, 2, { keep, from: p('2024-03-15'), to: p('2024-07-02') })
    expect(wide.months).toEqual(['2024-03', '2024-04', '2024-05', '2024-06', '2024-07'])
    expect(Array.from(wide.monthly)).toEqual([0, 0, 6, 0, 0, 0, 0, 1, 1, 0])
  })

  it('without the keep mask the filtered incident counts', () => {
    expect(Array.from(timeProfile(assign, time, n, 2).total)).toEqual([7, 2])
  })

  it('custom night hours', () => {
    const r = timeProfile(assign, time, n, 2, { keep, night: { start: 22, end: 5 } })
    expect(Array.from(r.night)).toEqual([2, 2]) // 23h and 0h; 5h is day now
  })

  it('district-wide with an all-zero assign and nAreas 1', () => {
    const all = timeProfile(new Int32Array(n), time, n, 1, { keep })
    expect(Array.from(all.total)).toEqual([9])
    expect(all.hourWeekday).toHaveLength(168)
  })

  it('empty input gives no months and NaN share', () => {
    const e = timeProfile(new Int32Array(0), new Float64Array(0), 0, 3)
    expect(e.months).toEqual([])
    expect(Array.from(e.total)).toEqual([0, 0, 0])
    expect(nightShare(e, 0)).toBeNaN()
  })

  it('rejects an area index beyond nAreas and a count beyond the columns', () => {
    expect(() => timeProfile(assign, time, n, 1)).toThrow(RangeError)
    expect(() => timeProfile(assign, time, n + 1, 2)).toThrow(RangeError)
  })
})

describe('monthlyTrend', () => {
  /** one area, counts per month from January 2024 */
  function series(perMonth: number[]): TimeProfile {
    const t: number[] = []
    perMonth.forEach((c, m) => { for (let k = 0; k < c; k++) t.push(p(`2024-${String(m + 1).padStart(2, '0')}-10`)) })
    return timeProfile(new Int32Array(t.length), Float64Array.from(t), t.length, 1,
      { from: p('2024-01-01'), to: p(`2024-${String(perMonth.length + 1).padStart(2, '0')}-01`) })
  }

  it('1, 2, 3, 4 → slope 1 per month, relative 1 / 2.5', () => {
    const s = series([1, 2, 3, 4])
    expect(Array.from(s.monthly)).toEqual([1, 2, 3, 4])
    expect(monthlyTrend(s, 0)).toEqual({ slope: 1, relative: 0.4 })
  })

  it('4, 0, 4 → slope 0; 6, 4, 2 → slope −2', () => {
    expect(monthlyTrend(series([4, 0, 4]), 0).slope).toBe(0)
    expect(monthlyTrend(series([6, 4, 2]), 0)).toEqual({ slope: -2, relative: -0.5 })
  })

  it('NaN with fewer than 2 months; relative NaN with mean 0', () => {
    expect(monthlyTrend(series([5]), 0)).toEqual({ slope: NaN, relative: NaN })
    const zero = series([0, 0, 0])
    expect(zero.months).toHaveLength(3)
    expect(monthlyTrend(zero, 0).slope).toBe(0)
    expect(monthlyTrend(zero, 0).relative).toBeNaN()
  })
})

describe('property: every counted incident is in exactly one cell and one month', () => {
  const t0 = p('2023-11-20'), t1 = p('2024-03-10')
  it('Σ hourWeekday == total == Σ monthly per area, and total counts the qualifying incidents', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.record({
        area: fc.integer({ min: -1, max: 3 }),
        t: fc.oneof(fc.integer({ min: t0, max: t1 }), fc.constant(NaN)),
        keep: fc.boolean(),
      }), { maxLength: 60 }),
      fc.option(fc.tuple(fc.integer({ min: t0, max: t1 }), fc.integer({ min: t0, max: t1 }))),
      (nAreas, rows, range) => {
        const a = Int32Array.from(rows, (r) => (r.area < nAreas ? r.area : -1))
        const t = Float64Array.from(rows, (r) => r.t)
        const k = Uint8Array.from(rows, (r) => (r.keep ? 1 : 0))
        const opts = range ? { keep: k, from: Math.min(...range), to: Math.max(...range) } : { keep: k }
        const prof = timeProfile(a, t, rows.length, nAreas, opts)
        const m = prof.months.length
        for (let area = 0; area < nAreas; area++) {
          const expected = rows.filter((r, i) => a[i] === area && r.keep && Number.isFinite(r.t) &&
            (!range || (r.t >= opts.from! && r.t < opts.to!))).length
          expect(prof.total[area]).toBe(expected)
          expect(sum(prof.hourWeekday.subarray(area * 168, area * 168 + 168))).toBe(expected)
          expect(sum(prof.monthly.subarray(area * m, area * m + m))).toBe(expected)
          expect(prof.night[area]).toBeLessThanOrEqual(expected)
        }
      },
    ))
  })
})

describe('timeProfile with time windows (aoristic)', () => {
  // 2024-01-01 was a Monday, so Wed 31 Jan is weekday 2 and Thu 1 Feb weekday 3.
  // Row 0: Jan 31 20:00 → Feb 1 04:00, 8 hours, all night (18:00–06:00): 1/8 in each of
  //        Wed 20..23 and Thu 0..3, half in January and half in February.
  // Row 1: Mon 15 Jan 12:00, no end: 1 in Monday 12h, day, January.
  // Row 2: Mon 15 Jan 12:00 with an end equal to its start: the same as row 1.
  const time = Float64Array.from([p('2024-01-31T20:00'), p('2024-01-15T12:00'), p('2024-01-15T12:00')])
  const timeTo = Float64Array.from([p('2024-02-01T04:00'), NaN, p('2024-01-15T12:00')])
  const assign = new Int32Array(3)

  it('spreads a window across midnight and a month end over its hours and months', () => {
    const prof = timeProfile(assign, time, 3, 1, { timeTo })
    const expected: Record<number, number> = { [cell(0, 12)]: 2 }
    for (const h of [20, 21, 22, 23]) expected[cell(2, h)] = 1 / 8
    for (const h of [0, 1, 2, 3]) expected[cell(3, h)] = 1 / 8
    expect(cells(prof, 0)).toEqual(expected)
    expect(prof.months).toEqual(['2024-01', '2024-02'])
    expect(Array.from(prof.monthly)).toEqual([2.5, 0.5])
    expect(prof.total[0]).toBe(3)
    expect(nightShare(prof, 0)).toBeCloseTo(1 / 3, 12)
    expect(prof.spread[0]).toBe(1)
  })

  it('counts the share of a window inside the range', () => {
    const prof = timeProfile(assign, time, 3, 1, { timeTo, from: p('2024-02-01T00:00'), to: p('2024-03-01T00:00') })
    expect(prof.months).toEqual(['2024-02'])
    expect(Array.from(prof.monthly)).toEqual([0.5])
    expect(prof.total[0]).toBe(0.5)
    expect(cells(prof, 0)).toEqual({ [cell(3, 0)]: 1 / 8, [cell(3, 1)]: 1 / 8, [cell(3, 2)]: 1 / 8, [cell(3, 3)]: 1 / 8 })
    expect(prof.night[0]).toBe(0.5)
    expect(prof.spread[0]).toBe(1)
  })

  it('counts as before without window ends', () => {
    const prof = timeProfile(assign, time, 3, 1)
    expect(cells(prof, 0)).toEqual({ [cell(2, 20)]: 1, [cell(0, 12)]: 2 })
    expect(Array.from(prof.monthly)).toEqual([3])
    expect(prof.spread[0]).toBe(0)
  })

  it('keeps hours, months and total in agreement for random windows (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 400 * 24 }), fc.integer({ min: -2, max: 24 * 40 })), { minLength: 1, maxLength: 30 }),
      (rows) => {
        const t0 = p('2024-01-01T00:00'), H = 3_600_000
        const tt = Float64Array.from(rows.map(([s]) => t0 + s * H))
        const te = Float64Array.from(rows.map(([s, len]) => (len < 0 ? NaN : t0 + (s + len) * H)))
        const from = p('2024-03-01T00:00'), to = p('2024-09-01T00:00')
        const prof = timeProfile(new Int32Array(rows.length), tt, rows.length, 1, { timeTo: te, from, to })
        expect(sum(prof.hourWeekday)).toBeCloseTo(prof.total[0], 9)
        expect(sum(prof.monthly)).toBeCloseTo(prof.total[0], 9)
        // brute force: each row's share inside [from, to)
        const share = rows.reduce((s, _, i) => {
          const a = tt[i], b = te[i]
          if (!(b > a)) return s + (a >= from && a < to ? 1 : 0)
          return s + Math.max(0, Math.min(b, to) - Math.max(a, from)) / (b - a)
        }, 0)
        expect(prof.total[0]).toBeCloseTo(share, 9)
      },
    ))
  })
})
