import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { monthPeriod } from '../../../src/core/periods'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const square = (id: string, x0: number, population: number) => ({
  type: 'Feature',
  properties: { id, name: `n${id}`, population },
  geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] },
})
const t = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 8 * 3600_000 + 12 * 3600_000

describe('AnalyticsSession', () => {
  it('ranks a layer for the month of the latest incident and re-joins only when data changes', () => {
    const s = new AnalyticsSession()
    expect(s.setAreas('streets', { type: 'FeatureCollection', features: [square('A', 0, 10000), square('B', 1, 10000)] })).toEqual([])
    s.setIncidents({
      count: 4,
      lon: Float64Array.from([0.5, 1.5, 1.5, 5]),
      lat: Float64Array.from([0.5, 0.5, 0.5, 0.5]),
      time: Float64Array.from([t(2024, 5, 2), t(2024, 5, 3), t(2024, 4, 3), t(2024, 5, 9)]),
      category: Uint8Array.from([0, 2, 3, 0]),
    })
    const r = s.safetyIndex('streets', null)
    expect(r.period).toEqual(monthPeriod(2024, 5))
    expect(r.rows.map((x) => [x.id, x.name, x.per10k, x.rank, x.mom])).toEqual([['A', 'nA', 1, 1, null], ['B', 'nB', 1, 1, 0]])
    expect(r.unassigned).toBe(1)
    const again = s.safetyIndex('streets', monthPeriod(2024, 4), { case: 1, fire: 1, problem: 2 })
    expect(again.joinMs).toBe(0)
    expect(again.rows.map((x) => [x.id, x.per10k])).toEqual([['A', 0], ['B', 2]])
    expect(() => s.safetyIndex('compounds', null)).toThrow(/no areas loaded for layer "compounds"/)
  })

  it('ranks the demo streets with 西关 falling year on year', () => {
    const s = new AnalyticsSession()
    s.setAreas('streets', JSON.parse(readFileSync('geodata/demo/streets.geojson', 'utf8')))
    const { columns } = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv'))
    s.setIncidents(columns)
    const r = s.safetyIndex('streets', monthPeriod(2025, 6))
    expect(r.rows).toHaveLength(7)
    expect(r.rows.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 6, 7])
    const xiguan = r.rows.find((x) => x.id === '370702003')!
    expect(xiguan.yoy).toBeLessThan(-0.2)
    for (const x of r.rows.filter((x) => x.id !== '370702003')) expect(Math.abs(x.yoy!)).toBeLessThan(0.3)
  })
})
