import { readFileSync } from 'node:fs'
import type { FeatureCollection } from 'geojson'
import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { currentLevels, patrolGrid, responsibleStations } from '../../../src/core/patrol-grid'
import { HOUR_BANDS, localHours, patrolPriority, type PatrolInputs } from '../../../src/core/patrol-priority'
import { buildAreaIndex, joinPoints } from '../../../src/core/spatial-join'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'

/** Inputs from [grid, hour] pairs over `grids` grids. */
function inputs(rows: [number, number][], grids: number, extra: Partial<PatrolInputs> = {}): PatrolInputs {
  return {
    incidentGrid: Int32Array.from(rows, (r) => r[0]),
    incidentHour: Uint8Array.from(rows, (r) => r[1]),
    count: rows.length,
    gridCount: grids,
    hotShare: new Float64Array(grids),
    gapShare: new Float64Array(grids),
    levelNow: new Uint8Array(grids).fill(4),
    ...extra,
  }
}
const rep = (n: number, row: [number, number]): [number, number][] => Array.from({ length: n }, () => row)

// grid 0: 3 at 22:xx, 1 at 21:xx, 1 at 09:xx; grid 1: 2 at 10:xx; grid 2: none; one outside (-1)
const FIXTURE: [number, number][] = [...rep(3, [0, 22]), [0, 21], [0, 9], ...rep(2, [1, 10]), [-1, 22]]

describe('HOUR_BANDS and localHours', () => {
  it('six 4-hour bands labelled 00-04 … 20-24', () => {
    expect(HOUR_BANDS.map((b) => b.label)).toEqual(['00-04', '04-08', '08-12', '12-16', '16-20', '20-24'])
    expect(HOUR_BANDS[5]).toEqual({ from: 20, to: 24, label: '20-24' })
  })
  it('local hour in Asia/Shanghai; a non-finite time → 255 (skipped by patrolPriority)', () => {
    const t = Float64Array.from([Date.parse('2024-01-01T22:30:00+08:00'), Date.parse('2024-01-01T23:59:59Z'), NaN])
    expect(Array.from(localHours(t, 3))).toEqual([22, 7, 255])
  })
})

describe('patrolPriority on a hand-made fixture', () => {
  const r = patrolPriority(inputs(FIXTURE, 3))

  it('counts per grid and band, peak hours', () => {
    expect(Array.from(r.counts)).toEqual([0, 0, 1, 0, 0, 4, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(r.peakHour[0 * 6 + 5]).toBe(22)
    expect(r.peakHour[0 * 6 + 2]).toBe(9)
    expect(r.peakHour[1 * 6 + 2]).toBe(10)
    expect(r.peakHour[2 * 6 + 5]).toBe(22) // no incidents: the band's third hour
    expect(r.peakHour[2 * 6 + 0]).toBe(2)
  })

  it('the grid with night incidents gets its 20–24 band first, checked at 22:30', () => {
    // A = 4/4 → 100·0.5·1/1.0 = 50; grid 1 band 08-12: 100·0.5·(2/4) = 25; grid 0 band 08-12: 12.5
    expect(r.priority[5]).toBeCloseTo(50, 12)
    expect(r.priority[8]).toBeCloseTo(25, 12)
    expect(r.priority[2]).toBeCloseTo(12.5, 12)
    expect(r.schedule[0]).toEqual({ grid: 0, band: 5, priority: 50, checkAt: '22:30' })
  })

  it('default threshold: the 80th percentile of non-zero priorities (12.5, 25, 50 → 40): one row', () => {
    expect(r.schedule).toHaveLength(1)
    const all = patrolPriority(inputs(FIXTURE, 3), { threshold: 10 })
    expect(all.schedule.map((s) => [s.grid, s.band, s.checkAt])).toEqual([[0, 5, '22:30'], [1, 2, '10:30'], [0, 2, '09:30']])
    // zero-priority pairs are never scheduled, even at threshold 0
    expect(patrolPriority(inputs(FIXTURE, 3), { threshold: 0 }).schedule).toHaveLength(3)
  })

  it('levels: grids ranked by their best band (50, 25) → 1 and 3 of 2 ranked grids; no incident → 4', () => {
    expect(Array.from(r.levelSuggested)).toEqual([1, 3, 4])
  })
})

describe('weights', () => {
  it('hotspot only: a hot grid scores 100·hotShare in every band, alerts do not matter', () => {
    const r = patrolPriority(inputs(FIXTURE, 3, { hotShare: Float64Array.from([0, 1, 0.5]), weights: { alerts: 0, hotspot: 1, gaps: 0 } }))
    expect(Array.from(r.priority.slice(0, 6))).toEqual([0, 0, 0, 0, 0, 0])
    expect(Array.from(r.priority.slice(6, 12))).toEqual([100, 100, 100, 100, 100, 100])
    expect(Array.from(r.priority.slice(12, 18))).toEqual([50, 50, 50, 50, 50, 50])
  })

  it('gaps only: scaled by the grid total (5 vs 2 incidents); a gap without alerts scores 0; NaN → 0', () => {
    const r = patrolPriority(inputs(FIXTURE, 3, { gapShare: Float64Array.from([1, 1, 1]), weights: { alerts: 0, hotspot: 0, gaps: 2 } }))
    expect(r.priority[0]).toBeCloseTo(100, 12)
    expect(r.priority[6]).toBeCloseTo(40, 12)
    expect(r.priority[12]).toBe(0)
    const n = patrolPriority(inputs(FIXTURE, 3, { gapShare: Float64Array.from([NaN, 1, 1]), weights: { alerts: 0, hotspot: 0, gaps: 1 } }))
    expect(n.priority[0]).toBe(0)
    expect(n.priority[6]).toBeCloseTo(40, 12) // A′ still relative to grid 0's 5 incidents
  })

  it('default weights combine as documented: 100·(0.5·A + 0.3·H + 0.2·G·A′)', () => {
    const r = patrolPriority(inputs(FIXTURE, 3, { hotShare: Float64Array.from([0.5, 0, 0]), gapShare: Float64Array.from([0, 0.5, 0]) }))
    expect(r.priority[5]).toBeCloseTo(100 * (0.5 * 1 + 0.3 * 0.5), 12)
    expect(r.priority[0]).toBeCloseTo(100 * 0.3 * 0.5, 12)
    expect(r.priority[8]).toBeCloseTo(100 * (0.5 * 0.5 + 0.2 * 0.5 * (2 / 5)), 12)
    // a hot band can overtake: grid 1 gets a high hot share and now leads every band but grid 0's night
    const h = patrolPriority(inputs(FIXTURE, 3, { hotShare: Float64Array.from([0, 1, 0]) }))
    expect(h.schedule[0]).toMatchObject({ grid: 1, band: 2, checkAt: '10:30' })
    expect(h.priority[8]).toBeCloseTo(55, 12)
  })

  it('rejects negative, non-finite or all-zero weights', () => {
    expect(() => patrolPriority(inputs(FIXTURE, 3, { weights: { alerts: 0, hotspot: 0, gaps: 0 } }))).toThrow(/weights/)
    expect(() => patrolPriority(inputs(FIXTURE, 3, { weights: { alerts: -1, hotspot: 1, gaps: 1 } }))).toThrow(/weights/)
    expect(() => patrolPriority(inputs(FIXTURE, 3, { weights: { alerts: NaN, hotspot: 1, gaps: 1 } }))).toThrow(/weights/)
  })
})

describe('suggested levels by quartiles', () => {
  it('8 grids with 1..8 incidents → 4,4,3,3,2,2,1,1; a 9th empty grid → 4', () => {
    const rows: [number, number][] = []
    for (let g = 0; g < 8; g++) rows.push(...rep(g + 1, [g, 13]))
    const r = patrolPriority(inputs(rows, 9))
    expect(Array.from(r.levelSuggested)).toEqual([4, 4, 3, 3, 2, 2, 1, 1, 4])
  })
  it('ties share the better level', () => {
    const rows: [number, number][] = [...rep(3, [0, 1]), ...rep(3, [1, 1]), ...rep(1, [2, 1]), ...rep(1, [3, 1])]
    // two grids tie at the top: both 1; the two below have 2 grids ahead of them of 4 → level 3
    expect(Array.from(patrolPriority(inputs(rows, 4)).levelSuggested)).toEqual([1, 1, 3, 3])
  })
})

describe('determinism', () => {
  it('same inputs, same output; incident order does not matter', () => {
    const a = patrolPriority(inputs(FIXTURE, 3))
    const b = patrolPriority(inputs([...FIXTURE].reverse(), 3))
    expect(b).toEqual(a)
    expect(patrolPriority(inputs(FIXTURE, 3))).toEqual(a)
  })
})

describe('demo district (geodata/demo)', () => {
  it('1500 m square grid, demo incidents: priorities and the top of the schedule', () => {
    const read = (f: string) => JSON.parse(readFileSync(`geodata/demo/${f}`, 'utf8')) as FeatureCollection
    const grid = patrolGrid(read('district.geojson'), 'square', 1500)
    const levelNow = currentLevels(grid, read('key_sites.geojson'), read('roads.geojson'))
    const stations = responsibleStations(grid, read('stations.geojson'))
    const { columns } = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv'))
    const { areas } = areasFromGeoJson(grid)
    const incidentGrid = joinPoints(buildAreaIndex(areas), columns.lon, columns.lat, columns.count)
    const incidentHour = localHours(columns.time, columns.count)
    const n = grid.features.length
    const r = patrolPriority({ incidentGrid, incidentHour, count: columns.count, gridCount: n, hotShare: new Float64Array(n), gapShare: new Float64Array(n), levelNow })
    const inside = incidentGrid.reduce((s, g) => s + (g >= 0 ? 1 : 0), 0)
    const top = r.schedule.slice(0, 5).map((s) => `${grid.features[s.grid].properties.id} ${HOUR_BANDS[s.band].label} ${s.priority.toFixed(1)} ${s.checkAt} (${r.counts[s.grid * 6 + s.band]} incidents, level now ${levelNow[s.grid]} → ${r.levelSuggested[s.grid]}, ${stations[s.grid]})`)
    const hist = [0, 0, 0, 0]
    for (const l of r.levelSuggested) hist[l - 1]++
    console.log(`demo patrol priority: ${columns.count} incidents, ${inside} in ${n} grids, ${r.schedule.length} schedule rows, suggested levels 1–4: ${hist.join(' / ')}\n  ${top.join('\n  ')}`)

    expect(columns.count).toBe(200_000)
    expect(inside / columns.count).toBeGreaterThan(0.99)
    expect(r.counts.reduce((s, c) => s + c, 0)).toBe(inside)
    // the busiest (grid, band) scores exactly 50 with hot/gap shares at zero
    expect(r.schedule[0].priority).toBeCloseTo(50, 9)
    for (let i = 1; i < r.schedule.length; i++) expect(r.schedule[i].priority).toBeLessThanOrEqual(r.schedule[i - 1].priority)
    for (const s of r.schedule) {
      expect(s.checkAt).toMatch(/^\d\d:30$/)
      const h = Number(s.checkAt.slice(0, 2))
      expect(h).toBeGreaterThanOrEqual(HOUR_BANDS[s.band].from)
      expect(h).toBeLessThan(HOUR_BANDS[s.band].to)
    }
    // about the top fifth of non-zero pairs
    const nonZero = r.priority.filter((p) => p > 0).length
    expect(r.schedule.length / nonZero).toBeGreaterThan(0.15)
    expect(r.schedule.length / nonZero).toBeLessThan(0.25)
    expect(hist[0]).toBeGreaterThan(0)
    expect(hist[0]).toBeLessThanOrEqual(Math.ceil(n / 4))
  })
})
