import { describe, expect, it } from 'vitest'
import { emergingHotspots, PATTERN_NAMES } from '../../../src/core/emerging-hotspots'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { localProjection } from '../../../src/core/local-projection'
import { parseLocalDate } from '../../../src/core/periods'
import { emergingBuffers } from '../../../src/workers/analytics-emerging'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

// A 5 × 5 block of 200 m cells over 12 months of 2025: one criminal incident per cell and
// month (flat background), 12 more in the centre cell in November and December, and in every
// cell one fire per month at 03:00 (category 2), which the requests below filter out.
const proj = localProjection(119, 36.7, 36.7)
const pos = (c: number) => c * 200 + (c === 0 ? 10 : c === 4 ? 190 : 100)
const lon: number[] = [], lat: number[] = [], time: number[] = [], category: number[] = []
const put = (col: number, row: number, month: number, cat: number, hour: number) => {
  lon.push(119 + pos(col) / proj.kx)
  lat.push(36.7 + pos(row) / proj.ky)
  time.push(parseLocalDate(`2025-${String(month).padStart(2, '0')}-10 ${String(hour).padStart(2, '0')}:00`))
  category.push(cat)
}
for (let m = 1; m <= 12; m++) for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) { put(c, r, m, 0, 12); put(c, r, m, 2, 3) }
for (const m of [11, 12]) for (let j = 0; j < 12; j++) put(2, 2, m, 0, 12)

function session() {
  const s = new AnalyticsSession()
  s.setIncidents({
    count: lon.length, lon: Float64Array.from(lon), lat: Float64Array.from(lat), time: Float64Array.from(time),
    category: Uint8Array.from(category),
  })
  return s
}

describe('AnalyticsSession.emergingHotspots', () => {
  it('runs under the filter spec and returns per-cell results and per-bin series', () => {
    const byFilter = session().emergingHotspots({ cell: 200, band: 200, step: 'month', k: 0, filter: { ...NO_FILTER, categories: [0] } })
    const byHours = session().emergingHotspots({ cell: 200, band: 200, step: 'month', k: 0, filter: { ...NO_FILTER, hours: [8, 20] } })
    const byCategories = session().emergingHotspots({ cell: 200, band: 200, step: 'month', k: 0, categories: [0] })
    for (const r of [byFilter, byHours, byCategories]) {
      expect(r.counted).toBe(25 * 12 + 24) // the fires are not counted
      expect([r.cells, r.steps]).toEqual([25, 12])
      expect(r.z.length).toBe(25 * 12)
      expect(r.counts.length).toBe(25 * 12)
      expect(r.bounds[0]).toBe(parseLocalDate('2025-01-01'))
      expect(r.bounds[12]).toBe(parseLocalDate('2026-01-01'))
    }
    const r = byFilter
    // the data end on 10 December 12:00: 11..31 December, 21 days, are missing
    expect(r.finalStepDaysMissing).toBe(21)
    const centre = [...r.gridIndex].indexOf(12)
    expect(PATTERN_NAMES[r.patterns[centre]]).toBe('consecutive_hot_spot')
    // the centre's count series: 1 a month, 13 in November and December
    expect([...r.counts.subarray(centre * 12, centre * 12 + 12)]).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 13, 13])
    // the same as the core on the same rows
    const keep = Uint8Array.from(category, (c) => (c === 0 ? 1 : 0))
    const core = emergingHotspots(Float64Array.from(lon), Float64Array.from(lat), Float64Array.from(time), lon.length,
      { cell: 200, band: 200, step: 'month', k: 0, keep })
    expect([...r.patterns]).toEqual([...core.patterns])
    expect([...r.trendZ]).toEqual([...core.trendZ])
    expect([...r.z]).toEqual([...Float32Array.from(core.gi.z)])
    // centres lie inside their cells: the centre cell's centre is 500 m + the 10 m offset from (119, 36.7)
    expect((r.lon[centre] - 119) * proj.kx).toBeCloseTo(510, -1)
  })

  it('counts the fires too without a filter, and transfers distinct buffers', () => {
    const r = session().emergingHotspots({ cell: 200, band: 200, step: 'month' })
    expect(r.counted).toBe(2 * 25 * 12 + 24)
    const buffers = emergingBuffers(r)
    expect(new Set(buffers).size).toBe(buffers.length)
  })

  it('says so when nothing is left to build a cube from', () => {
    expect(() => session().emergingHotspots({ cell: 200, band: 200, step: 'week', categories: [4] })).toThrow(/no incidents/)
  })
})
