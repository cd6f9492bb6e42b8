import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { buildAreaIndex } from '../../../src/core/spatial-join'
import { bandMinutesPerDay, checkPlan, patrolPresence } from '../../../src/core/unit-presence'
import { tracksFromFixes } from '../../../src/core/unit-tracks'
import type { PatrolPriority } from '../../../src/core/patrol-priority'

// two grids side by side: g0 = [0,1]×[0,1] degrees-ish small squares, g1 east of it
const sq = (id: string, x0: number) => ({
  type: 'Feature', properties: { id },
  geometry: { type: 'Polygon', coordinates: [[[x0, 36], [x0 + 0.01, 36], [x0 + 0.01, 36.01], [x0, 36.01], [x0, 36]]] },
})
const grids = areasFromGeoJson({ type: 'FeatureCollection', features: [sq('g0', 119), sq('g1', 119.01)] }).areas
const index = buildAreaIndex(grids)
const IN0 = 119.005, IN1 = 119.015, LAT = 36.005
/** local (UTC+8) time → epoch ms */
const local = (d: number, h: number, m: number) => Date.UTC(2026, 0, d, h - 8, m)

function tracks(fixes: [unit: number, t: number, lon: number, status?: number][]) {
  return tracksFromFixes({
    unitIds: ['A', 'B'], unitKind: [0, 0], unit: fixes.map((f) => f[0]), time: fixes.map((f) => f[1]),
    lon: fixes.map((f) => f[2]), lat: fixes.map(() => LAT), status: fixes.map((f) => f[3] ?? 0),
  })
}
const everyMinute = (unit: number, from: number, to: number, lon: number, status = 0) => {
  const out: [number, number, number, number][] = []
  for (let t = from; t <= to; t += 60_000) out.push([unit, t, lon, status])
  return out
}

describe('patrolPresence', () => {
  it('splits minutes across midnight into 23:00 of one day and 00:00 of the next', () => {
    const p = patrolPresence(tracks(everyMinute(0, local(5, 23, 30), local(6, 0, 30), IN0)), index, 2)
    expect(p.days).toBe(2)
    expect(p.minutes[0 * 24 + 23]).toBeCloseTo(30, 9)
    expect(p.minutes[0 * 24 + 0]).toBeCloseTo(30, 9)
    expect(p.minutes.reduce((s, v) => s + v, 0)).toBeCloseTo(60, 9)
    expect(p.daysPresent[23]).toBe(1)
    expect(p.daysPresent[0]).toBe(1)
    // per day: 60 min over two days, bands 20-24 and 00-04 get 15 each
    const band = bandMinutesPerDay(p)
    expect(band[5]).toBeCloseTo(15, 9)
    expect(band[0]).toBeCloseTo(15, 9)
  })

  it('counts the gap before a move for the grid of its first fix; silences, station time and outside fixes count nothing', () => {
    const fixes = [
      ...everyMinute(0, local(5, 10, 0), local(5, 10, 10), IN0),       // 10 min in g0 …
      [0, local(5, 10, 12), IN1, 0] as [number, number, number, number], // … + 2 min to this fix, for g0
      [0, local(5, 10, 30), IN1, 0] as [number, number, number, number], // 18 min silence: nothing
      ...everyMinute(1, local(5, 14, 0), local(5, 14, 20), IN1, 2),    // B at the station: nothing
      ...everyMinute(1, local(5, 15, 0), local(5, 15, 5), 120),         // outside every grid
    ]
    const p = patrolPresence(tracks(fixes), index, 2)
    expect(p.minutes[0 * 24 + 10]).toBeCloseTo(12, 9)
    expect(p.minutes[1 * 24 + 10]).toBe(0)
    expect(p.minutes[1 * 24 + 14]).toBe(0)
    expect(p.minutes.reduce((s, v) => s + v, 0)).toBeCloseTo(12, 9)
  })

  it('make-up list and 见警率 against a schedule', () => {
    // schedule: g0 band 08-12 (priority 90), g1 band 08-12 (priority 80); g0 has 12 min, g1 none
    const fixes = [...everyMinute(0, local(5, 10, 0), local(5, 10, 12), IN0), ...everyMinute(1, local(5, 9, 0), local(5, 9, 40), IN0)]
    const p = patrolPresence(tracks(fixes), index, 2)
    const priority = { schedule: [{ grid: 0, band: 2, priority: 90, checkAt: '10:30' }, { grid: 1, band: 2, priority: 80, checkAt: '10:30' }] } as unknown as PatrolPriority
    const c = checkPlan(priority, p)
    // g0 08-12: 12 + 40 = 52 min ≥ 30: not on the list; g1: 0 min, gap 80
    expect(c.makeUp).toEqual([{ grid: 1, band: 2, priority: 80, minutesPerDay: 0, gap: 80 }])
    // grid-hours 08..11 of g0 and g1 on one day: g0 present at 09 and 10 → 2 of 8
    expect(c.scheduledHours).toBe(8)
    expect(c.presentHours).toBe(2)
    expect(c.seenRate).toBeCloseTo(0.25, 12)
  })
})
