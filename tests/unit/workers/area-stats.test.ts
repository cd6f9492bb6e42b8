import { describe, expect, it } from 'vitest'
import { NO_FILTER, type IncidentFilterSpec } from '../../../src/core/incident-filter'
import { monthPeriod, parseLocalDate } from '../../../src/core/periods'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const square = (id: string, x0: number, population: number) => ({
  type: 'Feature',
  properties: { id, name: `n${id}`, population },
  geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] },
})
const at = (s: string) => parseLocalDate(s)
const spec = (patch: Partial<IncidentFilterSpec>): IncidentFilterSpec => ({ ...NO_FILTER, ...patch })

describe('AnalyticsSession.areaStats', () => {
  // A (10,000 residents): criminal 2024-05-02 23:00, problem 2024-04-03 10:00, criminal 2023-05-20 10:00
  // B (20,000 residents): fire 2024-05-03 10:00, other 2024-05-31 23:30; one fire in no area (lon 5)
  const session = () => {
    const s = new AnalyticsSession()
    s.setAreas('streets', { type: 'FeatureCollection', features: [square('A', 0, 10000), square('B', 1, 20000)] })
    s.setIncidents({
      count: 6,
      lon: Float64Array.from([0.5, 0.5, 0.5, 1.5, 1.5, 5]),
      lat: Float64Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
      time: Float64Array.from([at('2024-05-02T23:00'), at('2024-04-03T10:00'), at('2023-05-20T10:00'), at('2024-05-03T10:00'), at('2024-05-31T23:30'), at('2024-05-09T10:00')]),
      category: Uint8Array.from([0, 3, 0, 2, 4, 2]),
    })
    return s
  }

  it('without a filter: every incident counted, the index of the ranking month, changes by hand', () => {
    const s = session()
    const r = s.areaStats({ layer: 'streets', filter: spec({}) })
    expect(r.ids).toEqual(['A', 'B'])
    expect(r.period).toEqual(monthPeriod(2024, 5))
    expect(r.previous).toEqual(monthPeriod(2024, 4))
    expect(r.lastYear).toEqual(monthPeriod(2023, 5))
    expect(r.range).toBeNull()
    expect([...r.count]).toEqual([3, 2])
    // 3 / 10,000 × 10,000 and 2 / 20,000 × 10,000
    expect([...r.per10kResidents]).toEqual([3, 1])
    // 1° × 1° at latitude 0..0.5: (π·6371008.8/180)² · cos 0.5° m² = 12,363.875 km²
    expect(r.km2[0]).toBeCloseTo(12363.875, 2)
    expect(r.perKm2[0]).toBeCloseTo(3 / 12363.875, 10)
    // the ranking's index: A 1 criminal per 10,000; B 1 fire per 20,000 (the "other" alert never counts)
    const ranking = s.safetyIndex('streets', null)
    expect([...r.index]).toEqual(['A', 'B'].map((id) => ranking.rows.find((x) => x.id === id)!.per10k))
    expect([...r.index]).toEqual([1, 0.5])
    expect([...r.rank]).toEqual([2, 1])
    // May against April (A: 1 vs 1) and May 2023 (A: 1 vs 1); B had nothing before
    expect([...r.currentCount]).toEqual([1, 2])
    expect([...r.mom]).toEqual([0, NaN])
    expect([...r.yoy]).toEqual([0, NaN])
    expect(r.unassigned).toBe(1)
  })

  it('honours categories, hours across midnight and a bounded date range', () => {
    const s = session()
    expect([...s.areaStats({ layer: 'streets', filter: spec({ categories: [0] }) }).count]).toEqual([2, 0])
    // 22:00–06:00: the 23:00 criminal in A and the 23:30 other in B
    const night = s.areaStats({ layer: 'streets', filter: spec({ hours: [22, 6] }) })
    expect([...night.count]).toEqual([1, 1])
    expect(night.unassigned).toBe(0)
    // a bounded range is the index's period too: 2024-05-01 .. 05-04 against the 3 days before and a year before
    const from = at('2024-05-01'), to = at('2024-05-04')
    const r = s.areaStats({ layer: 'streets', filter: spec({ from, to }), period: monthPeriod(2020, 1) })
    expect(r.period).toEqual({ from, to })
    expect([...r.count]).toEqual([1, 1])
    expect([...r.currentCount]).toEqual([1, 1])
    expect([...r.previousCount]).toEqual([0, 0])
    // an open-ended range bounds the counts only; the period is then the one asked for
    const open = s.areaStats({ layer: 'streets', filter: spec({ from: at('2024-05-01') }), period: monthPeriod(2024, 4) })
    expect([...open.count]).toEqual([1, 2])
    expect(open.period).toEqual(monthPeriod(2024, 4))
    expect([...open.currentCount]).toEqual([1, 0])
  })

  it('throws for a layer that was never sent', () => {
    expect(() => session().areaStats({ layer: 'compounds', filter: spec({}) })).toThrow(/no areas loaded for layer "compounds"/)
  })
})

describe('AnalyticsSession.hotspots under the shared filter', () => {
  // 400 criminal incidents at one spot at 10:00, 40 fire incidents on a line at 23:00
  const n = 440
  const lon = new Float64Array(n), lat = new Float64Array(n), time = new Float64Array(n), category = new Uint8Array(n)
  for (let i = 0; i < 400; i++) { lon[i] = 119.1; lat[i] = 36.7; time[i] = at('2024-05-10T10:00'); category[i] = 0 }
  for (let i = 400; i < n; i++) { lon[i] = 119.05 + (i - 400) * 0.0025; lat[i] = 36.65; time[i] = at('2024-06-10T23:00'); category[i] = 2 }
  const s = new AnalyticsSession()
  s.setIncidents({ count: n, lon, lat, time, category })
  const total = (c: Float64Array) => c.reduce((a, b) => a + b, 0)

  it('counts only what the filter keeps, and combines it with the older category filter', () => {
    expect(total(s.hotspots({ cell: 250, band: 500 }).counts)).toBe(440)
    expect(total(s.hotspots({ cell: 250, band: 500, filter: spec({ hours: [22, 6] }) }).counts)).toBe(40)
    expect(total(s.hotspots({ cell: 250, band: 500, filter: spec({ categories: [0] }) }).counts)).toBe(400)
    // both: criminal and at night = nothing left to build a grid over
    expect(() => s.hotspots({ cell: 250, band: 500, categories: [0], filter: spec({ hours: [22, 6] }) })).toThrow(/no incidents/)
    // 2024-06-10 is a Monday (weekday 0), 2024-05-10 a Friday (4)
    expect(total(s.hotspots({ cell: 250, band: 500, filter: spec({ weekdays: [0] }) }).counts)).toBe(40)
    // the spot stays a 99 % hotspot under a filter that keeps everything
    const h = s.hotspots({ cell: 250, band: 500, filter: spec({}) })
    expect(h.classes[h.counts.indexOf(400)]).toBe(3)
  })
})
