import { describe, expect, it } from 'vitest'
import {
  BRIEFING_GROUPS, briefingCounts, briefingWindow, hotspotWeek, isEbikeTheft, isNotable, isRobberyTheft, sameWindowLastYear, yoyChange,
} from '../../../src/core/briefing-window'
import { parseLocalDate } from '../../../src/core/periods'

const at = (s: string) => parseLocalDate(s)
const SECOND = 1000

describe('briefingWindow', () => {
  it('daily: D−1 08:00 → D 08:00 Asia/Shanghai (00:00 UTC on D)', () => {
    const w = briefingWindow('daily', '2025-12-31')
    expect(w).toEqual({ from: at('2025-12-30T08:00'), to: at('2025-12-31T08:00') })
    // 08:00 +08:00 is 00:00 UTC
    expect(new Date(w.to).toISOString()).toBe('2025-12-31T00:00:00.000Z')
  })

  it('weekly: Monday 08:00 → Monday 08:00, the week ending on the Monday on or before D', () => {
    // 2025-12-31 is a Wednesday, 2025-12-29 a Monday, 2025-12-28 a Sunday
    const week = { from: at('2025-12-22T08:00'), to: at('2025-12-29T08:00') }
    expect(briefingWindow('weekly', '2025-12-31')).toEqual(week)
    expect(briefingWindow('weekly', '2025-12-29')).toEqual(week)
    expect(briefingWindow('weekly', '2026-01-04')).toEqual(week)
    expect(briefingWindow('weekly', '2025-12-28')).toEqual({ from: at('2025-12-15T08:00'), to: at('2025-12-22T08:00') })
  })

  it('refuses what is not a calendar date', () => {
    expect(() => briefingWindow('daily', '2025-02-29')).toThrow(/not a calendar date/)
    expect(() => briefingWindow('daily', '2025-12')).toThrow(/YYYY-MM-DD/)
    expect(() => briefingWindow('daily', 'yesterday')).toThrow(/YYYY-MM-DD/)
  })

  it('the year-earlier window keeps the wall-clock hours; Feb 29 → Feb 28', () => {
    expect(sameWindowLastYear(briefingWindow('daily', '2025-12-31'))).toEqual({ from: at('2024-12-30T08:00'), to: at('2024-12-31T08:00') })
    expect(sameWindowLastYear(briefingWindow('daily', '2024-03-01'))).toEqual({ from: at('2023-02-28T08:00'), to: at('2023-03-01T08:00') })
  })

  it('the Gi* week is the 7 days ending with the window', () => {
    expect(hotspotWeek(briefingWindow('daily', '2025-12-31'))).toEqual({ from: at('2025-12-24T08:00'), to: at('2025-12-31T08:00') })
  })
})

describe('category groups', () => {
  it('两抢一盗: robbery, snatching and the theft family, by code or by the words of an imported subtype', () => {
    for (const s of ['robbery', 'snatching', 'theft', 'burglary', 'ebike_theft', 'Theft ', '抢劫', '抢夺', '入室盗窃', '扒窃', '电动车被盗']) expect(isRobberyTheft(s), s).toBe(true)
    for (const s of ['fraud', 'fight', 'dispute', '诈骗', '打架斗殴', '']) expect(isRobberyTheft(s), s).toBe(false)
  })
  it('e-bike theft: the code, or an e-bike word with a theft word', () => {
    for (const s of ['ebike_theft', '电动车被盗', '盗窃电瓶车']) expect(isEbikeTheft(s), s).toBe(true)
    for (const s of ['theft', '电动车违停', '盗窃']) expect(isEbikeTheft(s), s).toBe(false)
  })
  it('notable: robbery, snatching, burglary', () => {
    for (const s of ['robbery', 'snatching', 'burglary', '入室盗窃', '抢劫']) expect(isNotable(s), s).toBe(true)
    for (const s of ['theft', 'ebike_theft', 'fire', '盗窃']) expect(isNotable(s), s).toBe(false)
  })
})

describe('briefingCounts', () => {
  // hand-made: subtypes 0 theft, 1 fight, 2 robbery, 3 ebike_theft, 4 fire, 5 盗窃 (治安, imported text)
  const subtypes = ['theft', 'fight', 'robbery', 'ebike_theft', 'fire', '盗窃']
  const rows: [string, number, number, number, number][] = [
    // time, second offset, category, subtype, street
    ['2025-12-30T08:00', -1, 0, 0, 0], // 07:59:59 on D−1: the day before the window
    ['2025-12-30T08:00', 0, 0, 2, 1], // 08:00:00 on D−1: first second of the window; robbery (notable)
    ['2025-12-30T23:00', 0, 1, 1, 1], // fight
    ['2025-12-31T03:00', 0, 0, 3, 0], // e-bike theft
    ['2025-12-31T08:00', -1, 1, 5, 1], // 07:59:59 on D: last second of the window; 盗窃 filed as 治安
    ['2025-12-31T08:00', 0, 0, 2, 2], // 08:00:00 on D: the next window (not notable here)
    ['2025-12-30T12:00', 0, 2, 4, -1], // fire, in no street
    ['2024-12-30T08:00', -1, 0, 0, 0], // a year earlier, one second before that window
    ['2024-12-30T08:00', 0, 0, 0, 0], // a year earlier, in: theft
    ['2024-12-31T07:00', 0, 1, 1, 1], // a year earlier, in: fight
    ['2024-12-31T08:00', 0, 0, 2, 1], // a year earlier, out
  ]
  const inc = {
    count: rows.length,
    time: Float64Array.from(rows, (r) => at(r[0]) + r[1] * SECOND),
    category: Uint8Array.from(rows, (r) => r[2]),
    subtype: Uint16Array.from(rows, (r) => r[3]),
    subtypes,
  }
  const assign = Int32Array.from(rows, (r) => r[4])
  const c = briefingCounts(inc, briefingWindow('daily', '2025-12-31'), assign, 3)

  it('counts the window from 08:00:00 on D−1 to 07:59:59 on D, and the year-earlier window alike', () => {
    // by hand: rows 1, 2, 3, 4, 6 in the window; rows 8, 9 a year earlier
    expect(c.now.total).toBe(5)
    expect(c.lastYear.total).toBe(2)
    expect(BRIEFING_GROUPS).toEqual(['criminal', 'public_order', 'robbery_theft', 'ebike_theft'])
    // 刑事: rows 1, 3; 治安: rows 2, 4; 两抢一盗: rows 1 (robbery), 3 (e-bike), 4 (盗窃); e-bike: row 3
    expect(c.now.groups).toEqual([2, 2, 3, 1])
    // a year earlier: row 8 theft (刑事, 两抢一盗), row 9 fight (治安)
    expect(c.lastYear.groups).toEqual([1, 1, 1, 0])
  })

  it('ranks streets by the window\'s alerts and lists the notable alerts in time order', () => {
    // street 1: rows 1, 2, 4; street 0: row 3; street 2: none in the window
    expect(c.top).toEqual([{ area: 1, count: 3 }, { area: 0, count: 1 }])
    expect(c.notable).toEqual([1])
    expect(c.rows).toEqual([1, 2, 3, 4, 6])
  })

  it('without an area layer nothing is ranked but everything is counted', () => {
    const d = briefingCounts(inc, briefingWindow('daily', '2025-12-31'), null, 0)
    expect(d.top).toEqual([])
    expect(d.now.total).toBe(5)
  })

  it('同比 is a fraction of the base, none for a base of 0', () => {
    expect(yoyChange(5, 2)).toBe(1.5)
    expect(yoyChange(1, 4)).toBe(-0.75)
    expect(yoyChange(3, 0)).toBeNull()
  })
})
