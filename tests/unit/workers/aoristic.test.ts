import { describe, expect, it } from 'vitest'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

/** epoch ms of a Shanghai local wall-clock time (UTC+8 all year) */
const local = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) - 8 * 3600_000
const square = (id: string, x0: number) => ({
  type: 'Feature', properties: { id, name: `n${id}`, population: 10000 },
  geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] },
})

/**
 * Area A (x 0..1): row 0, Tue 7 May 22:00 → Wed 8 May 07:00 (nine hours); row 1, Wed 8 May
 * 12:00, no end. Area B (x 1..2): row 2, Fri 31 May 20:00 → Sat 1 Jun 04:00 (across a month end).
 * 2024-05-06 was a Monday: Tue is weekday 1, Wed 2, Fri 4, Sat 5.
 */
function session() {
  const s = new AnalyticsSession()
  s.setAreas('streets', { type: 'FeatureCollection', features: [square('A', 0), square('B', 1)] })
  s.setIncidents({
    count: 3,
    lon: Float64Array.from([0.5, 0.5, 1.5]),
    lat: Float64Array.from([0.5, 0.5, 0.5]),
    time: Float64Array.from([local(2024, 5, 7, 22), local(2024, 5, 8, 12), local(2024, 5, 31, 20)]),
    timeTo: Float64Array.from([local(2024, 5, 8, 7), NaN, local(2024, 6, 1, 4)]),
    category: Uint8Array.from([1, 0, 1]),
  })
  return s
}

describe('AnalyticsSession with time windows', () => {
  it('profiles each area with the windows spread over hours and months', () => {
    const p = session().profile('streets')
    const a = Array.from(p.hourWeekday.subarray(0, 168))
    // A: 1/9 in Tue 22, 23 (cells 46, 47) and Wed 0..6 (48..54); 1 in Wed 12 (cell 60)
    for (let k = 46; k <= 54; k++) expect(a[k]).toBeCloseTo(1 / 9, 12)
    expect(a[60]).toBe(1)
    expect([p.total[0], p.spread[0]]).toEqual([2, 1])
    // B: half in May, half in June; 4 hours on Friday 20..23 (cells 116..119), 4 on Saturday 0..3 (120..123)
    expect(p.months).toEqual(['2024-05', '2024-06'])
    expect(Array.from(p.monthly.subarray(2, 4))).toEqual([0.5, 0.5])
    const b = Array.from(p.hourWeekday.subarray(168, 336))
    for (const k of [116, 117, 118, 119, 120, 121, 122, 123]) expect(b[k]).toBe(1 / 8)
    expect([p.total[1], p.spread[1], p.night[1]]).toEqual([1, 1, 1])
  })

  it('draws the timeline with windows spread, and an hour filter keeping the windows that touch it', () => {
    const h = session().histogram({ ...NO_FILTER, hours: [2, 4] })
    // day bins from Tue 7 May (the first start) to Fri 31 May (the last): row 1 (12:00) is filtered
    // out; row 0 gives 2/9 to 7 May and 7/9 to 8 May; row 2 gives its 4 hours in May (0.5) to 31 May
    // and its June half lies past the last bar
    expect(h.counts.length).toBe(25)
    expect(h.counts[0]).toBeCloseTo(2 / 9, 12)
    expect(h.counts[1]).toBeCloseTo(7 / 9, 12)
    expect(h.counts[24]).toBe(0.5)
    expect(h.counts.reduce((s, v) => s + v, 0)).toBeCloseTo(1.5, 12)
  })
})
