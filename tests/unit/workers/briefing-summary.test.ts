import { describe, expect, it } from 'vitest'
import { briefingWindow } from '../../../src/core/briefing-window'
import { parseLocalDate } from '../../../src/core/periods'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const square = (id: string, x0: number) => ({
  type: 'Feature',
  properties: { id, name: `街道${id}` },
  geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 0.1, 0], [x0 + 0.1, 0.1], [x0, 0.1], [x0, 0]]] },
})
const streets = { type: 'FeatureCollection', features: [square('A', 0), square('B', 0.1)] }
const SUBTYPES = ['theft', 'fight', 'robbery']

/** rows: [lon, lat, local time, category, subtype] */
function session(rows: [number, number, string, number, number][]) {
  const s = new AnalyticsSession()
  s.setAreas('streets', streets)
  s.setIncidents({
    count: rows.length,
    lon: Float64Array.from(rows, (r) => r[0]),
    lat: Float64Array.from(rows, (r) => r[1]),
    time: Float64Array.from(rows, (r) => parseLocalDate(r[2])),
    category: Uint8Array.from(rows, (r) => r[3]),
    subtype: Uint16Array.from(rows, (r) => r[4]),
  })
  return s
}

// By hand, the daily window of 2025-12-31 (2025-12-30 08:00 → 2025-12-31 08:00): A has 1, B has
// 2 (one a robbery); 2025-12-31 08:00 is the next window; a year earlier B has 1 theft.
const ROWS: [number, number, string, number, number][] = [
  [0.05, 0.05, '2025-12-30T09:00', 1, 1],
  [0.15, 0.05, '2025-12-30T20:00', 0, 2],
  [0.15, 0.05, '2025-12-31T07:59', 0, 0],
  [0.15, 0.05, '2025-12-31T08:00', 0, 2],
  [0.15, 0.05, '2024-12-30T12:00', 0, 0],
]

describe('AnalyticsSession.briefingSummary', () => {
  it('counts the window and its year-earlier window, names the streets and lists the notable alerts', () => {
    const s = session(ROWS).briefingSummary({ window: briefingWindow('daily', '2025-12-31'), subtypes: SUBTYPES, cell: 2000, band: 4000 })
    expect([s.now.total, s.lastYear.total]).toEqual([3, 1])
    // 刑事, 治安, 两抢一盗, e-bike theft
    expect(s.now.groups).toEqual([2, 1, 2, 0])
    expect(s.lastYear.groups).toEqual([1, 0, 1, 0])
    expect(s.top.map((r) => [r.id, r.name, r.count])).toEqual([['B', '街道B', 2], ['A', '街道A', 1]])
    expect(s.notable).toEqual([1])
    expect(s.rows).toEqual([0, 1, 2])
    expect(s.week).toEqual({ from: parseLocalDate('2025-12-24T08:00'), to: parseLocalDate('2025-12-31T08:00') })
    expect(s.layer).toBe('streets')
  })

  it('hot spots are tallied by the street their cell lies in', () => {
    // 40 alerts in street B during the week: B's cells are the hot ones
    const cluster = Array.from({ length: 40 }, (): [number, number, string, number, number] => [0.15, 0.05, '2025-12-28T12:00', 0, 0])
    const s = session([...ROWS, ...cluster]).briefingSummary({ window: briefingWindow('daily', '2025-12-31'), subtypes: SUBTYPES, cell: 2000, band: 4000 })
    expect(s.hot).not.toBeNull()
    expect(s.hot!.hot95).toBeGreaterThan(0)
    expect(s.hot!.areas[0].id).toBe('B')
    expect(s.hot!.areas.reduce((a, r) => a + r.hot95, 0)).toBeLessThanOrEqual(s.hot!.hot95)
  })
})
