import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import '../fast-check-seed'
import { autoBinMs, binOrigin, localMidnight, timeHistogram } from '../../../src/core/time-histogram'
import { localWeekday } from '../../../src/core/periods'

const DAY = 86_400_000
/** epoch ms of a Shanghai local wall-clock time (UTC+8 all year) */
const local = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min) - 8 * 3600_000

describe('localMidnight and binOrigin', () => {
  it('finds the local day start, not the UTC one', () => {
    // 2024-05-02 07:30 local is 2024-05-01 23:30 UTC: its local day is May 2nd
    expect(localMidnight(local(2024, 5, 2, 7, 30))).toBe(local(2024, 5, 2))
    expect(localMidnight(local(2024, 5, 2))).toBe(local(2024, 5, 2))
    expect(localMidnight(local(1969, 12, 31, 23, 59))).toBe(local(1969, 12, 31))
  })
  it('starts weekly bins on the Monday', () => {
    // 2024-05-02 was a Thursday; the Monday of its week is 2024-04-29
    expect(binOrigin(local(2024, 5, 2, 15), 7 * DAY)).toBe(local(2024, 4, 29))
    expect(binOrigin(local(2024, 5, 2, 15), DAY)).toBe(local(2024, 5, 2))
  })
})

describe('autoBinMs', () => {
  it('uses days up to 180 days and weeks beyond', () => {
    expect(autoBinMs([0, 180 * DAY])).toBe(DAY)
    expect(autoBinMs([0, 180 * DAY + 1])).toBe(7 * DAY)
    expect(autoBinMs(null)).toBe(DAY)
  })
})

describe('timeHistogram', () => {
  it('counts a hand fixture per local day and per week', () => {
    // Thu 2 May 00:30, Thu 2 May 23:59, Fri 3 May 08:00, Mon 6 May 00:00, Tue 7 May 12:00 (all local)
    const time = Float64Array.from([local(2024, 5, 2, 0, 30), local(2024, 5, 2, 23, 59), local(2024, 5, 3, 8), local(2024, 5, 6), local(2024, 5, 7, 12)])
    const range: [number, number] = [time[0], time[4]]
    const days = timeHistogram(time, 5, range, DAY)
    expect(days.from).toBe(local(2024, 5, 2))
    // 2, 3, 4, 5, 6, 7 May: two on the 2nd, one on the 3rd, none at the weekend, one each on 6th and 7th
    expect([...days.counts]).toEqual([2, 1, 0, 0, 1, 1])
    // weeks from Mon 29 Apr: the three on 2–3 May, then the two on Mon 6 and Tue 7 May
    const weeks = timeHistogram(time, 5, range, 7 * DAY)
    expect(weeks.from).toBe(local(2024, 4, 29))
    expect([...weeks.counts]).toEqual([3, 2])
    // the keep mask drops 2 May 23:59 and 7 May 12:00
    expect([...timeHistogram(time, 5, range, DAY, Uint8Array.from([1, 0, 1, 1, 0])).counts]).toEqual([1, 1, 0, 0, 1, 0])
  })

  it('skips times outside the range and NaN, and has no bins without a range', () => {
    const time = Float64Array.from([local(2024, 1, 1, 12), NaN, local(2023, 1, 1)])
    expect([...timeHistogram(time, 3, [local(2024, 1, 1), local(2024, 1, 1, 13)], DAY).counts]).toEqual([1])
    expect(timeHistogram(time, 3, null, DAY).counts.length).toBe(0)
    expect(() => timeHistogram(time, 3, null, 0)).toThrow(RangeError)
  })

  it('puts every kept in-range incident in exactly one bin, and each bin holds only its own times', () => {
    const start = local(2024, 1, 1)
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 90 * DAY }), { minLength: 1, maxLength: 60 }),
      fc.constantFrom(DAY, 7 * DAY, 3 * 3600_000),
      (offsets, binMs) => {
        const time = Float64Array.from(offsets, (o) => start + o)
        const range: [number, number] = [Math.min(...time), Math.max(...time)]
        const h = timeHistogram(time, time.length, range, binMs)
        expect(h.counts.reduce((a, b) => a + b, 0)).toBe(time.length)
        expect(h.from).toBeLessThanOrEqual(range[0])
        if (binMs % (7 * DAY) === 0) expect(localWeekday(h.from)).toBe(0)
        h.counts.forEach((c, k) => {
          const lo = h.from + k * binMs
          expect(c).toBe(offsets.filter((o) => start + o >= lo && start + o < lo + binMs).length)
        })
      },
    ))
  })
})

describe('timeHistogram with time windows', () => {
  it('spreads a window over the daily bins it overlaps', () => {
    // Thu 2 May 22:00 → Fri 3 May 07:00: 2 of 9 hours on Thursday, 7 on Friday; an exact time
    // on Sat 4 May 10:00 sets the range's end
    const time = Float64Array.from([local(2024, 5, 2, 22), local(2024, 5, 4, 10)])
    const timeTo = Float64Array.from([local(2024, 5, 3, 7), NaN])
    const range: [number, number] = [time[0], time[1]]
    const h = timeHistogram(time, 2, range, DAY, undefined, timeTo)
    expect(h.counts[0]).toBeCloseTo(2 / 9, 12)
    expect(h.counts[1]).toBeCloseTo(7 / 9, 12)
    expect(h.counts[2]).toBe(1)
    // one weekly bin holds it all
    expect(Array.from(timeHistogram(time, 2, range, 7 * DAY, undefined, timeTo).counts)).toEqual([2])
    // without the ends, as before
    expect(Array.from(timeHistogram(time, 2, range, DAY).counts)).toEqual([1, 0, 1])
  })
  it('leaves out the part of a window past the last bin', () => {
    // a 48-hour window from the last start (Sat 4 May 18:00 → Mon 6 May 18:00): the range is
    // that one day, whose bar holds the 6 hours of Saturday, 6/48 = 1/8
    const time = Float64Array.from([local(2024, 5, 4, 18)])
    const h = timeHistogram(time, 1, [time[0], time[0]], DAY, undefined, Float64Array.from([local(2024, 5, 6, 18)]))
    expect(Array.from(h.counts)).toEqual([0.125])
  })
})
