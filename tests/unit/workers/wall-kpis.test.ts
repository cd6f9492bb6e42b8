import { describe, expect, it } from 'vitest'
import { parseLocalDate } from '../../../src/core/periods'
import { gridHotspots } from '../../../src/core/grid-hotspots'
import { buildAreaIndex } from '../../../src/core/spatial-join'
import { areasFromGeoJson } from '../../../src/core/areas'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const square = (id: string, x0: number) => ({
  type: 'Feature',
  properties: { id, name: `街道${id}`, population: 10000 },
  geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 0.1, 0], [x0 + 0.1, 0.1], [x0, 0.1], [x0, 0]]] },
})
const streets = { type: 'FeatureCollection', features: [square('A', 0), square('B', 0.1), square('C', 0.2)] }
const at = parseLocalDate

/** rows: [lon, lat, local time] */
function session(rows: [number, number, string][], withStreets = true) {
  const s = new AnalyticsSession()
  if (withStreets) s.setAreas('streets', streets)
  s.setIncidents({
    count: rows.length,
    lon: Float64Array.from(rows.map((r) => r[0])),
    lat: Float64Array.from(rows.map((r) => r[1])),
    time: Float64Array.from(rows.map((r) => at(r[2]))),
    category: new Uint8Array(rows.length),
  })
  return s
}

// By hand: the latest incident is 2024-05-02 18:00, so "today" is 2024-05-02: A 1, B 3, C 2 and
// one outside every street = 7; 2023-05-02 has 2; 2024-05-01 has 1 (another day).
const ROWS: [number, number, string][] = [
  [0.05, 0.05, '2024-05-02T01:00'],
  [0.15, 0.05, '2024-05-02T02:00'], [0.15, 0.05, '2024-05-02T03:00'], [0.15, 0.05, '2024-05-02T04:00'],
  [0.25, 0.05, '2024-05-02T05:00'], [0.25, 0.05, '2024-05-02T18:00'],
  [0.5, 0.5, '2024-05-02T06:00'],
  [0.05, 0.05, '2023-05-02T10:00'], [0.15, 0.05, '2023-05-02T23:59'],
  [0.05, 0.05, '2024-05-01T10:00'],
]

describe('AnalyticsSession.wallKpis', () => {
  it('counts the latest local day, its day last year, and names the top three streets', () => {
    const k = session(ROWS).wallKpis({ cell: 2000, band: 4000 })
    expect(k.day).toEqual({ from: at('2024-05-02'), to: at('2024-05-03') })
    expect([k.today, k.lastYear]).toEqual([7, 2])
    expect(k.top.map((r) => [r.id, r.name, r.count])).toEqual([['B', '街道B', 3], ['C', '街道C', 2], ['A', '街道A', 1]])
    expect(k.week).toEqual({ from: at('2024-04-26'), to: at('2024-05-03') })
    expect(k.layer).toBe('streets')
  })

  it('a given day replaces the latest one', () => {
    const k = session(ROWS).wallKpis({ day: at('2024-05-01T23:00'), cell: 2000, band: 4000 })
    expect([k.today, k.lastYear]).toEqual([1, 0])
    expect(k.top.map((r) => r.id)).toEqual(['A'])
  })

  it('active hotspots are the Gi* cells hot at 95 %+ of the 7 days ending that day, within the streets', () => {
    // a cluster of 40 alerts in street B on 2024-04-28 (inside the week) and 40 on 2024-04-20 (outside)
    const cluster = (day: string, lon: number): [number, number, string][] => Array.from({ length: 40 }, () => [lon, 0.05, `${day}T12:00`])
    const rows = [...ROWS, ...cluster('2024-04-28', 0.15), ...cluster('2024-04-20', 0.25)]
    const k = session(rows).wallKpis({ cell: 2000, band: 4000 })
    // the same analysis by hand through the core: only rows inside the week are kept
    const week = { from: at('2024-04-26'), to: at('2024-05-03') }
    const lon = Float64Array.from(rows.map((r) => r[0])), lat = Float64Array.from(rows.map((r) => r[1]))
    const keep = Uint8Array.from(rows.map((r) => (at(r[2]) >= week.from && at(r[2]) < week.to ? 1 : 0)))
    const h = gridHotspots(lon, lat, rows.length, { cell: 2000, band: 4000, keep, areas: buildAreaIndex(areasFromGeoJson(streets).areas) })
    let expected = 0
    for (let i = 0; i < h.classes.length; i++) if (h.mask[i] && h.classes[i] >= 2) expected++
    expect(expected).toBeGreaterThan(0)
    expect(k.hotspots).toBe(expected)
    // move the in-week cluster out of the week: fewer hot cells
    const older = session([...ROWS, ...cluster('2024-04-10', 0.15), ...cluster('2024-04-20', 0.25)]).wallKpis({ cell: 2000, band: 4000 })
    expect(older.hotspots).toBeLessThan(expected)
  })

  it('without streets: counts only, no ranking; without incidents: an error', () => {
    const k = session(ROWS, false).wallKpis({ cell: 2000, band: 4000 })
    expect([k.today, k.lastYear, k.top]).toEqual([7, 2, []])
    expect(() => new AnalyticsSession().wallKpis()).toThrow(/no incidents loaded/)
  })
})
