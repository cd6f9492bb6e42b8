import fc from 'fast-check'
import '../fast-check-seed'
import { describe, expect, it } from 'vitest'
import { buildCube, finalStepDaysMissing, stepLabel } from '../../../src/core/space-time-cube'
import { parseLocalDate } from '../../../src/core/periods'
import { localProjection } from '../../../src/core/local-projection'

const f64 = (...v: number[]) => Float64Array.from(v)
const at = (s: string) => {
  const t = parseLocalDate(s)
  if (!Number.isFinite(t)) throw new Error(s)
  return t
}
// Longitude of a point x metres east of lon 119 at lat 36.7 (the grid's projection: its
// origin is the south-west corner of the points, its reference latitude their middle).
const kx = localProjection(119, 36.7, 36.7).kx
const east = (x: number) => 119 + x / kx

describe('buildCube extent', () => {
  it('keeps cells with incidents only, and every month from the first to the last, empty ones included', () => {
    // Two points 250 m apart on a 100 m grid: columns 0 and 2 (x = 0 and x = 250 → floor 2.5).
    // Column 1 has no incident: not in the cube. Months: January and March; February is empty
    // but lies between them: 3 steps.
    const lon = f64(119, east(250), east(250))
    const lat = f64(36.7, 36.7, 36.7)
    const time = f64(at('2024-01-15 10:00'), at('2024-03-31 23:30'), at('2024-03-01'))
    const cube = buildCube(lon, lat, time, 3, { cell: 100, step: 'month' })
    expect([cube.grid.cols, cube.grid.rows]).toEqual([3, 1])
    expect([...cube.cells]).toEqual([0, 2])
    expect(cube.steps).toBe(3)
    expect([0, 1, 2].map((t) => stepLabel(cube, t))).toEqual(['2024-01', '2024-02', '2024-03'])
    expect(cube.bounds[3]).toBe(at('2024-04-01'))
    // cell-major: cell 0 = Jan 1, Feb 0, Mar 0; cell 2 = 0, 0, 2
    expect([...cube.counts]).toEqual([1, 0, 0, 0, 0, 2])
    expect(cube.counted).toBe(3)
    // the last incident is on 31 March 23:30 local: March is covered to its last day
    expect(finalStepDaysMissing(cube)).toBe(0)
  })

  it('spreads an uncertain time over the months its window overlaps; the steps run to the window\'s end', () => {
    // One point. A: exact, 15 Jan. B: 31 Jan 20:00 → 1 Feb 04:00 local, 8 h: 4 h in January, 4 h
    // in February → ½ and ½. C: 30 Mar 00:00 → 2 Apr 00:00, 3 days: 2 in March, 1 in April → ⅔, ⅓,
    // and April becomes a step though no incident starts in it.
    const lon = f64(119, 119, 119)
    const lat = f64(36.7, 36.7, 36.7)
    const time = f64(at('2024-01-15 10:00'), at('2024-01-31 20:00'), at('2024-03-30'))
    const timeTo = f64(NaN, at('2024-02-01 04:00'), at('2024-04-02'))
    const cube = buildCube(lon, lat, time, 3, { cell: 100, step: 'month', timeTo })
    expect([0, 1, 2, 3].map((t) => stepLabel(cube, t))).toEqual(['2024-01', '2024-02', '2024-03', '2024-04'])
    const got = [...cube.counts]
    ;[1.5, 0.5, 2 / 3, 1 / 3].forEach((v, k) => expect(got[k]).toBeCloseTo(v, 12))
    expect([cube.counted, cube.spread]).toEqual([3, 2])
    // without the ends each incident sits in the month it starts
    expect([...buildCube(lon, lat, time, 3, { cell: 100, step: 'month' }).counts]).toEqual([2, 0, 1])
  })

  it('months are Asia/Shanghai months: 31 Jan 17:00 UTC is 1 Feb 01:00 local', () => {
    const time = f64(Date.UTC(2024, 0, 31, 17), Date.UTC(2024, 0, 31, 15, 59))
    const cube = buildCube(f64(119, 119), f64(36.7, 36.7), time, 2, { cell: 100, step: 'month' })
    expect(cube.steps).toBe(2)
    expect([...cube.counts]).toEqual([1, 1]) // Jan (15:59 UTC = 23:59 local) and Feb
  })

  it('weeks start on Monday 00:00 local; an empty week between two is kept', () => {
    // 2026-12-06 is a Sunday, 2026-12-07 a Monday, 2026-12-21 a Monday.
    const time = f64(at('2026-12-06 23:59'), at('2026-12-07 00:00'), at('2026-12-21 10:00'))
    const cube = buildCube(f64(119, 119, 119), f64(36.7, 36.7, 36.7), time, 3, { cell: 100, step: 'week' })
    expect(cube.steps).toBe(4)
    expect([0, 1, 2, 3].map((t) => stepLabel(cube, t))).toEqual(['2026-11-30', '2026-12-07', '2026-12-14', '2026-12-21'])
    expect(cube.bounds[0]).toBe(at('2026-11-30'))
    expect(cube.bounds[4]).toBe(at('2026-12-28'))
    expect([...cube.counts]).toEqual([1, 1, 0, 1])
    // the data end on Monday 21 December: Tuesday 22 to Sunday 27 December (6 days) are missing
    expect(cube.timeRange).toEqual([at('2026-12-06 23:59'), at('2026-12-21 10:00')])
    expect(finalStepDaysMissing(cube)).toBe(6)
  })

  it('counts kept rows only, skips rows without coordinates or time, and says so', () => {
    const lon = f64(119, 119, NaN, 119.001)
    const lat = f64(36.7, 36.7, 36.7, 36.7)
    const time = f64(at('2024-05-02'), NaN, at('2024-05-03'), at('2024-07-01'))
    const keep = Uint8Array.of(1, 1, 1, 0)
    const cube = buildCube(lon, lat, time, 4, { cell: 100, step: 'month', keep })
    expect(cube.skipped).toBe(2)
    expect(cube.counted).toBe(1)
    expect(cube.steps).toBe(1) // row 3 (July) is not kept, so the cube ends in May
    expect([...cube.counts]).toEqual([1])
  })

  it('refuses a cube with nothing to count', () => {
    expect(() => buildCube(f64(NaN), f64(36), f64(0), 1, { cell: 100, step: 'week' })).toThrow(/no incidents with coordinates and a time/)
  })
})

describe('buildCube, properties', () => {
  it('counts every usable kept incident once, in a cell that has one, within the step bounds', () => {
    const point = fc.record({
      dx: fc.integer({ min: 0, max: 2000 }), dy: fc.integer({ min: 0, max: 2000 }),
      day: fc.integer({ min: 0, max: 400 }), kept: fc.boolean(),
    })
    fc.assert(fc.property(fc.array(point, { minLength: 1, maxLength: 60 }), fc.constantFrom('week' as const, 'month' as const), (pts, step) => {
      if (!pts.some((p) => p.kept)) return
      const lon = Float64Array.from(pts, (p) => east(p.dx))
      const lat = Float64Array.from(pts, (p) => 36.7 + p.dy / 111_195)
      const time = Float64Array.from(pts, (p) => at('2024-01-01') + p.day * 86_400_000 + 3_600_000)
      const keep = Uint8Array.from(pts, (p) => (p.kept ? 1 : 0))
      const cube = buildCube(lon, lat, time, pts.length, { cell: 300, step, keep })
      const kept = pts.filter((p) => p.kept)
      expect(cube.counted).toBe(kept.length)
      expect(cube.counts.reduce((a, b) => a + b, 0)).toBe(kept.length)
      for (let c = 0; c < cube.cells.length; c++) {
        let total = 0
        for (let t = 0; t < cube.steps; t++) total += cube.counts[c * cube.steps + t]
        expect(total).toBeGreaterThan(0)
        if (c > 0) expect(cube.cells[c]).toBeGreaterThan(cube.cells[c - 1])
      }
      // the first and last steps hold the first and last kept incidents
      const times = kept.map((p) => at('2024-01-01') + p.day * 86_400_000 + 3_600_000)
      expect(cube.bounds[0]).toBeLessThanOrEqual(Math.min(...times))
      expect(cube.bounds[1]).toBeGreaterThan(Math.min(...times))
      expect(cube.bounds[cube.steps - 1]).toBeLessThanOrEqual(Math.max(...times))
      expect(cube.bounds[cube.steps]).toBeGreaterThan(Math.max(...times))
    }))
  })
})
