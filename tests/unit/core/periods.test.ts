import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  SHANGHAI_OFFSET_MS, formatLocalDate, isWholeMonths, localHour, localMonthKey, localWeekday,
  monthBoundaries, monthOf, monthPeriod, parseLocalDate, previousPeriod, sameperiodLastYear,
} from '../../../src/core/periods'

const H = 3600_000
const D = 24 * H
const p = parseLocalDate

describe('parseLocalDate / formatLocalDate', () => {
  it('reads local midnight as 16:00 UTC the day before', () => {
    expect(p('2024-05-01')).toBe(Date.UTC(2024, 3, 30, 16))
    expect(p('2024-05')).toBe(Date.UTC(2024, 3, 30, 16))
    expect(p('2024-05-01T08:30')).toBe(Date.UTC(2024, 4, 1, 0, 30))
    expect(p('2024-05-01 23:59')).toBe(Date.UTC(2024, 4, 1, 15, 59))
    expect(SHANGHAI_OFFSET_MS).toBe(8 * H)
  })

  it('rejects invalid dates with NaN instead of rolling over', () => {
    for (const s of ['2024-02-30', '2024-13-01', '2024-00-10', '2024-04-31', '2023-02-29', '', 'abc',
      '2024-5-1', '2024-05-01T24:00', '2024-05-01T12:60', '2024-05-01T12']) {
      expect(p(s), s).toBeNaN()
    }
  })

  it('knows leap years (2000 and 2024 yes, 1900 and 2023 no)', () => {
    expect(p('2024-02-29')).toBe(Date.UTC(2024, 1, 28, 16))
    expect(p('2000-02-29')).toBe(Date.UTC(2000, 1, 28, 16))
    expect(p('1900-02-29')).toBeNaN()
    expect(p('2023-02-29')).toBeNaN()
  })

  it('formats the local date, also late in the local evening (UTC still the same day)', () => {
    expect(formatLocalDate(Date.UTC(2024, 3, 30, 16))).toBe('2024-05-01')
    expect(formatLocalDate(Date.UTC(2024, 3, 30, 15, 59))).toBe('2024-04-30')
    expect(formatLocalDate(NaN)).toBe('')
  })

  it('round-trips every day over several years', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 20000 }), (k) => {
      const t = p('1990-01-01') + k * D
      expect(p(formatLocalDate(t))).toBe(t)
    }))
  })
})

describe('months', () => {
  it('monthPeriod and monthOf', () => {
    expect(monthPeriod(2024, 2)).toEqual({ from: p('2024-02-01'), to: p('2024-03-01') })
    expect(monthPeriod(2024, 12)).toEqual({ from: p('2024-12-01'), to: p('2025-01-01') })
    // 2024-05-31 23:30 local is still May although it is 15:30 UTC
    expect(monthOf(p('2024-05-31T23:30'))).toEqual(monthPeriod(2024, 5))
    expect(monthOf(p('2024-06-01'))).toEqual(monthPeriod(2024, 6))
  })

  it('isWholeMonths', () => {
    expect(isWholeMonths({ from: p('2024-03-01'), to: p('2024-06-01') })).toBe(true)
    expect(isWholeMonths({ from: p('2024-03-01'), to: p('2024-03-02') })).toBe(false)
    expect(isWholeMonths({ from: Date.UTC(2024, 2, 1), to: Date.UTC(2024, 3, 1) })).toBe(false) // UTC midnights
  })

  it('monthBoundaries across a year end', () => {
    const b = monthBoundaries(p('2024-11-15'), p('2025-02-10'))
    expect(Array.from(b, formatLocalDate)).toEqual(['2024-11-01', '2024-12-01', '2025-01-01', '2025-02-01', '2025-03-01'])
    expect(Array.from(monthBoundaries(p('2024-12-01'), p('2025-01-01')), formatLocalDate)).toEqual(['2024-12-01', '2025-01-01'])
    expect(() => monthBoundaries(NaN, 0)).toThrow(RangeError)
  })
})

describe('previousPeriod (环比 base)', () => {
  it('March 2024 → February 2024 with its 29 days', () => {
    const prev = previousPeriod(monthPeriod(2024, 3))
    expect(prev).toEqual(monthPeriod(2024, 2))
    expect((prev.to - prev.from) / D).toBe(29)
  })

  it('a quarter → the quarter before, across the year end', () => {
    expect(previousPeriod({ from: p('2025-01-01'), to: p('2025-04-01') })).toEqual({ from: p('2024-10-01'), to: p('2025-01-01') })
  })

  it('a 10-day range → the 10 days before', () => {
    expect(previousPeriod({ from: p('2024-03-05'), to: p('2024-03-15') })).toEqual({ from: p('2024-02-24'), to: p('2024-03-05') })
  })
})

describe('sameperiodLastYear (同比 base)', () => {
  it('whole months shift 12 calendar months', () => {
    expect(sameperiodLastYear(monthPeriod(2024, 2))).toEqual(monthPeriod(2023, 2))
    expect(sameperiodLastYear({ from: p('2024-12-01'), to: p('2025-02-01') })).toEqual({ from: p('2023-12-01'), to: p('2024-02-01') })
  })

  it('Feb 29 becomes Feb 28', () => {
    expect(sameperiodLastYear({ from: p('2024-02-29'), to: p('2024-03-01') })).toEqual({ from: p('2023-02-28'), to: p('2023-03-01') })
    expect(sameperiodLastYear({ from: p('2024-02-20'), to: p('2024-02-29') })).toEqual({ from: p('2023-02-20'), to: p('2023-02-28') })
  })

  it('keeps the local time of day', () => {
    expect(sameperiodLastYear({ from: p('2024-05-01T22:30'), to: p('2024-05-02T04:00') }))
      .toEqual({ from: p('2023-05-01T22:30'), to: p('2023-05-02T04:00') })
  })
})

describe('local hour, weekday, month key', () => {
  it('Monday 2024-05-06 local from 00:00 to 23:59, which is Sunday 16:00 to Monday 15:59 UTC', () => {
    const start = p('2024-05-06')
    expect(start).toBe(Date.UTC(2024, 4, 5, 16))
    expect(new Date(start).getUTCDay()).toBe(0) // Sunday in UTC …
    expect(localWeekday(start)).toBe(0) // … Monday in Shanghai
    expect(localHour(start)).toBe(0)
    const late = p('2024-05-06T23:59')
    expect(late).toBe(Date.UTC(2024, 4, 6, 15, 59))
    expect(localWeekday(late)).toBe(0)
    expect(localHour(late)).toBe(23)
    expect(localWeekday(late + 60_000)).toBe(1) // Tuesday
    expect(localWeekday(p('2024-05-12T12:00'))).toBe(6) // Sunday
  })

  it('works before 1970 (negative epoch ms)', () => {
    const t = p('1969-12-29T03:00') // a Monday
    expect(t).toBeLessThan(0)
    expect(localWeekday(t)).toBe(0)
    expect(localHour(t)).toBe(3)
  })

  it('month key follows the local month', () => {
    expect(localMonthKey(p('2024-12-31T23:59'))).toBe('2024-12')
    expect(localMonthKey(p('2025-01-01'))).toBe('2025-01')
  })

  it('agrees with Date for any instant', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 4e12 }), (t) => {
      const d = new Date(t + SHANGHAI_OFFSET_MS)
      expect(localHour(t)).toBe(d.getUTCHours())
      expect(localWeekday(t)).toBe((d.getUTCDay() + 6) % 7)
    }))
  })
})
