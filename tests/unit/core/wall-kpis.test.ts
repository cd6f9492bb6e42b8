import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { dayCounts, hotCells95, localDay } from '../../../src/core/wall-kpis'
import { formatLocalDate, localHour, parseLocalDate } from '../../../src/core/periods'

const at = (s: string) => parseLocalDate(s)

describe('localDay', () => {
  it('is the Asia/Shanghai calendar day: local midnight is 16:00 UTC the day before', () => {
    // 2025-03-01 00:00 +08:00 = 2025-02-28T16:00Z
    expect(localDay(Date.UTC(2025, 1, 28, 16))).toEqual({ from: Date.UTC(2025, 1, 28, 16), to: Date.UTC(2025, 2, 1, 16) })
    // one millisecond earlier is still 2025-02-28 locally
    expect(localDay(Date.UTC(2025, 1, 28, 16) - 1)).toEqual({ from: Date.UTC(2025, 1, 27, 16), to: Date.UTC(2025, 1, 28, 16) })
    expect(localDay(at('2024-02-29T23:59'))).toEqual({ from: at('2024-02-29'), to: at('2024-03-01') })
  })

  it('contains t, starts at a local midnight of the same local date and lasts 24 h', () => {
    fc.assert(fc.property(fc.integer({ min: -2e12, max: 4e12 }), (t) => {
      const d = localDay(t)
      expect(d.from <= t && t < d.to).toBe(true)
      expect(d.to - d.from).toBe(86_400_000)
      expect(localHour(d.from)).toBe(0)
      expect(formatLocalDate(d.from)).toBe(formatLocalDate(t))
    }))
  })
})

describe('dayCounts', () => {
  // By hand: 2025-03-01 has rows 0, 1, 2, 4 (row 3 is 2025-03-02 00:00, the next day);
  // 2024-03-01 (same day last year) has rows 5 and 6; row 7 is 2024-02-29, not counted.
  const time = Float64Array.from([
    at('2025-03-01'), at('2025-03-01T12:00'), at('2025-03-01T23:59'), at('2025-03-02'), at('2025-03-01T08:30'),
    at('2024-03-01T01:00'), at('2024-03-01T22:00'), at('2024-02-29T12:00'),
  ])
  const assign = Int32Array.from([2, 0, 2, 2, -1, 1, 1, 0])
  const day = localDay(at('2025-03-01T10:00'))

  it('counts the day and its same day last year, and ranks areas by the day’s alerts', () => {
    const r = dayCounts(time, time.length, assign, 3, day)
    expect(r.today).toBe(4)
    expect(r.lastYear).toBe(2)
    expect(r.lastYearDay).toEqual({ from: at('2024-03-01'), to: at('2024-03-02') })
    // area 2: rows 0 and 2; area 0: row 1; area 1: nothing that day (left out); row 4 in no area
    expect(r.top).toEqual([{ area: 2, count: 2 }, { area: 0, count: 1 }])
  })

  it('breaks ties by area index, keeps topN, and works without an area layer', () => {
    const t = Float64Array.from([at('2025-03-01'), at('2025-03-01'), at('2025-03-01'), at('2025-03-01')])
    expect(dayCounts(t, 4, Int32Array.from([3, 1, 2, 0]), 4, day, 2).top).toEqual([{ area: 0, count: 1 }, { area: 1, count: 1 }])
    expect(dayCounts(t, 4, null, 0, day)).toMatchObject({ today: 4, lastYear: 0, top: [] })
  })

  it('last year of Feb 29 is Feb 28', () => {
    const leap = dayCounts(Float64Array.from([at('2023-02-28T09:00'), at('2023-03-01T09:00')]), 2, null, 0, localDay(at('2024-02-29')))
    expect(leap.lastYear).toBe(1)
  })

  it('today plus last year never exceed the rows, and the top counts sum to at most today', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 800 }), fc.integer({ min: -1, max: 4 })), { maxLength: 200 }), (rows) => {
      // hours from 2024-02-27 00:00 local: a span that covers the leap day and a year later
      const base = at('2024-02-27')
      const t = Float64Array.from(rows.map(([h]) => base + h * 3600_000 * 11))
      const a = Int32Array.from(rows.map(([, k]) => k))
      const r = dayCounts(t, rows.length, a, 5, localDay(at('2025-03-01')), 5)
      expect(r.today + r.lastYear).toBeLessThanOrEqual(rows.length)
      expect(r.top.reduce((s, x) => s + x.count, 0)).toBeLessThanOrEqual(r.today)
      for (let i = 1; i < r.top.length; i++) expect(r.top[i - 1].count).toBeGreaterThanOrEqual(r.top[i].count)
    }))
  })
})

describe('hotCells95', () => {
  it('counts classes 2 and 3 (95 % and 99 % hot) inside the mask only', () => {
    // by hand: cells 0 (3) and 1 (2); cell 6 is hot but masked out; 1 is 90 %, negatives are cold
    expect(hotCells95(Int8Array.from([3, 2, 1, 0, -2, -3, 2]), Uint8Array.from([1, 1, 1, 1, 1, 1, 0]))).toBe(2)
  })
})
