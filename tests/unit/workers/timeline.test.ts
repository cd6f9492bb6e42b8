import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { kernelDensity } from '../../../src/core/kernel-density'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { monthPeriod } from '../../../src/core/periods'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const DAY = 86_400_000
/** epoch ms of a Shanghai local wall-clock time (UTC+8 all year) */
const local = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) - 8 * 3600_000
const square = (id: string, x0: number) => ({
  type: 'Feature', properties: { id, name: `n${id}`, population: 10000 },
  geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] },
})

/** Area A (x 0..1) and B (x 1..2); five incidents, one outside both. */
function session() {
  const s = new AnalyticsSession()
  s.setAreas('streets', { type: 'FeatureCollection', features: [square('A', 0), square('B', 1)] })
  s.setIncidents({
    count: 5,
    lon: Float64Array.from([0.5, 0.5, 1.5, 1.5, 5]),
    lat: Float64Array.from([0.5, 0.5, 0.5, 0.5, 0.5]),
    // Wed 1 May 23:00, Thu 2 May 02:00, Thu 2 May 12:00, Sat 1 Jun 12:00, Sun 5 May 12:00 (2024, local)
    time: Float64Array.from([local(2024, 5, 1, 23), local(2024, 5, 2, 2), local(2024, 5, 2, 12), local(2024, 6, 1, 12), local(2024, 5, 5, 12)]),
    // criminal, fire, fire, problem, criminal
    category: Uint8Array.from([0, 2, 2, 3, 0]),
  })
  return s
}

describe('AnalyticsSession.histogram', () => {
  it('counts per local day over the whole range, ignoring the filter dates but not its other fields', () => {
    const s = session()
    const all = s.histogram({ ...NO_FILTER })
    // 1 May .. 1 Jun is 32 local days (31 days in May + 1 June day); a day per bin under 180 days
    expect(all.from).toBe(local(2024, 5, 1))
    expect(all.binMs).toBe(DAY)
    expect(all.counts.length).toBe(32)
    // 1 May: one, 2 May: two, 5 May: one, 1 Jun: one
    expect([0, 1, 4, 31].map((k) => all.counts[k])).toEqual([1, 2, 1, 1])
    expect(all.counts.reduce((a, b) => a + b, 0)).toBe(5)
    // the dates are ignored: same bars
    expect([...s.histogram({ ...NO_FILTER, from: local(2024, 5, 2), to: local(2024, 5, 3) }).counts]).toEqual([...all.counts])
    // fire only: the two on 2 May
    const fire = s.histogram({ ...NO_FILTER, categories: [2] })
    expect(fire.counts[1]).toBe(2)
    expect(fire.counts.reduce((a, b) => a + b, 0)).toBe(2)
    // 22:00–06:00 across midnight: 1 May 23:00 and 2 May 02:00
    const night = s.histogram({ ...NO_FILTER, hours: [22, 6] })
    expect([night.counts[0], night.counts[1]]).toEqual([1, 1])
    expect(night.counts.reduce((a, b) => a + b, 0)).toBe(2)
    // weekly bins on request, from Monday 29 April: weeks of 29 Apr (4: 1, 2, 2 May and Sun 5 May), 27 May (1 Jun)
    const weeks = s.histogram({ ...NO_FILTER }, 7 * DAY)
    expect(weeks.from).toBe(local(2024, 4, 29))
    expect([...weeks.counts]).toEqual([4, 0, 0, 0, 1])
  })

  it('uses weeks over the two years of the demo, and the bars add up to the filtered incidents', () => {
    const s = new AnalyticsSession()
    const { columns } = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv'))
    s.setIncidents(columns)
    const h = s.histogram({ ...NO_FILTER, categories: [0, 1], weekdays: [5, 6] })
    expect(h.binMs).toBe(7 * DAY)
    let expected = 0
    for (let i = 0; i < columns.count; i++) {
      const wd = new Date(columns.time[i] + 8 * 3600_000).getUTCDay() // 0 = Sunday, 6 = Saturday
      if (columns.category[i] <= 1 && (wd === 0 || wd === 6)) expected++
    }
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(expected)
  })

  it('throws without incidents', () => {
    expect(() => new AnalyticsSession().histogram({ ...NO_FILTER })).toThrow(/no incidents/)
  })
})

describe('AnalyticsSession.periodCategoryCounts', () => {
  it('counts per area and category for each period', () => {
    const [may, june] = session().periodCategoryCounts('streets', [monthPeriod(2024, 5), monthPeriod(2024, 6)])
    // May: A has criminal (1 May) and fire (2 May); B has fire (2 May); the 5 May incident is in no area
    expect([...may]).toEqual([1, 0, 1, 0, 0, 0, 0, 1, 0, 0])
    // June: B has the problem on 1 June
    expect([...june]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0])
  })
})

describe('AnalyticsSession.periodDensity', () => {
  it('puts both periods on one grid, with their filtered totals and equal density for equal points', () => {
    const s = session()
    // May (four incidents, one of them criminal outside the areas) against June (one, a problem)
    const r = s.periodDensity({ ...NO_FILTER }, [monthPeriod(2024, 5), monthPeriod(2024, 6)], 10_000, 50_000)
    expect(r.totals).toEqual([4, 1])
    expect(r.densities.length).toBe(2)
    expect(r.densities[0].length).toBe(r.grid.cols * r.grid.rows)
    // June's surface is the kernel of its one incident (the 4th) alone, on the shared grid
    const june = kernelDensity(r.grid, Float64Array.from([0.5, 0.5, 1.5, 1.5, 5]), Float64Array.from([0.5, 0.5, 0.5, 0.5, 0.5]), 5,
      { bandwidth: 50_000, keep: Uint8Array.from([0, 0, 0, 1, 0]) })
    expect([...r.densities[1]]).toEqual([...june])
    expect(Math.max(...r.densities[1])).toBeGreaterThan(0)
    const sum = (d: Float32Array) => d.reduce((a, v) => a + v, 0)
    // the spec's other fields apply: fire only leaves May's two and nothing in June
    const fire = s.periodDensity({ ...NO_FILTER, categories: [2] }, [monthPeriod(2024, 5), monthPeriod(2024, 6)], 10_000, 50_000)
    expect(fire.totals).toEqual([2, 0])
    expect(sum(fire.densities[1])).toBe(0)
  })
})
