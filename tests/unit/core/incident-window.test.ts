import { describe, expect, it } from 'vitest'
import { defaultWindow, monthsEndingWith, rangeReaches, timeRangeOf, wholeMonthsAround, windowCovers } from '../../../src/core/incident-window'
import { monthPeriod, parseLocalDate } from '../../../src/core/periods'

const day = (s: string) => parseLocalDate(s)

describe('the window of incidents a page holds', () => {
  it('n whole local months ending with the month of an instant, across a year end', () => {
    // 2025-12-31 23:30 local is still December in Shanghai (15:30 UTC)
    const t = day('2025-12-31') + 23.5 * 3600_000
    expect(monthsEndingWith(t, 1)).toEqual(monthPeriod(2025, 12))
    expect(monthsEndingWith(t, 13)).toEqual({ from: day('2024-12-01'), to: day('2026-01-01') })
    expect(monthsEndingWith(day('2024-03-15'), 3)).toEqual({ from: day('2024-01-01'), to: day('2024-04-01') })
    expect(() => monthsEndingWith(t, 0)).toThrow(RangeError)
  })

  it('loads everything when the data fits in the default window, else the latest months', () => {
    expect(defaultWindow(null, 13)).toBeNull()
    expect(defaultWindow([day('2025-01-01'), day('2025-12-31')], 13)).toBeNull()
    expect(defaultWindow([day('2024-12-01'), day('2025-12-31')], 13)).toBeNull()
    expect(defaultWindow([day('2024-11-30'), day('2025-12-31')], 13)).toEqual({ from: day('2024-12-01'), to: day('2026-01-01') })
  })

  it('covers a period only when all of it is inside; null covers everything', () => {
    const w = { from: day('2025-01-01'), to: day('2025-04-01') }
    expect(windowCovers(w, monthPeriod(2025, 3))).toBe(true)
    expect(windowCovers(w, { from: day('2024-12-31'), to: day('2025-02-01') })).toBe(false)
    expect(windowCovers(w, monthPeriod(2025, 4))).toBe(false)
    expect(windowCovers(null, monthPeriod(1999, 1))).toBe(true)
  })

  it('the whole months around several periods (a brushed week and its 同比 base)', () => {
    const week = { from: day('2025-03-10'), to: day('2025-03-17') }
    const lastYear = { from: day('2024-03-10'), to: day('2024-03-17') }
    expect(wholeMonthsAround([week])).toEqual(monthPeriod(2025, 3))
    expect(wholeMonthsAround([week, lastYear])).toEqual({ from: day('2024-03-01'), to: day('2025-04-01') })
    expect(wholeMonthsAround([monthPeriod(2025, 3)])).toEqual(monthPeriod(2025, 3))
    expect(wholeMonthsAround([])).toBeNull()
  })
})

describe('what a change of data keeps', () => {
  it('the time range skips times that are not numbers; none for no times', () => {
    expect(timeRangeOf(Float64Array.of(5, NaN, 2, 9), 4)).toEqual([2, 9])
    // only the first 2 are incidents
    expect(timeRangeOf(Float64Array.of(5, 1, 0), 2)).toEqual([1, 5])
    expect(timeRangeOf(Float64Array.of(NaN), 1)).toBeNull()
    expect(timeRangeOf(new Float64Array(0), 0)).toBeNull()
  })
  it('a period is reached by data whose first..last time meets [from, to)', () => {
    const june = monthPeriod(2025, 6)
    // the last incident on 30 June at 23:59 reaches June; one at 1 July 00:00 starts after it
    expect(rangeReaches([day('2025-01-01'), day('2025-07-01') - 60_000], june)).toBe(true)
    expect(rangeReaches([day('2025-07-01'), day('2025-12-31')], june)).toBe(false)
    expect(rangeReaches([day('2025-01-01'), day('2025-05-31')], june)).toBe(false)
    // a single instant on 1 June 00:00
    expect(rangeReaches([june.from, june.from], june)).toBe(true)
    expect(rangeReaches(null, june)).toBe(false)
  })
})
