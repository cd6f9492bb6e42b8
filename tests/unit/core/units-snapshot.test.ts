import { describe, expect, it } from 'vitest'
import { TRAIL_MS, unitsClock, unitsSnapshot } from '../../../src/core/units-snapshot'
import { UNIT_KINDS, UNIT_STATUSES, tracksFromFixes } from '../../../src/core/unit-tracks'

const MIN = 60_000
const T0 = Date.UTC(2025, 11, 31, 2) // 10:00 in Shanghai
// unit A: a fix every minute from T0 to T0+30 min; unit B: two fixes, then silent; unit C starts at T0+20 min
const fixes = { unitIds: ['A', 'B', 'C'], unitKind: [0, 1, 2], unit: [] as number[], time: [] as number[], lon: [] as number[], lat: [] as number[], status: [] as number[] }
const add = (u: number, t: number, lon: number, status = 0) => { fixes.unit.push(u); fixes.time.push(t); fixes.lon.push(lon); fixes.lat.push(36.7); fixes.status.push(status) }
for (let m = 30; m >= 0; m--) add(0, T0 + m * MIN, 119 + m * 0.001, m >= 25 ? 1 : 0)
add(1, T0, 119.5); add(1, T0 + 2 * MIN, 119.51)
add(2, T0 + 20 * MIN, 119.9, 2)
const tracks = tracksFromFixes(fixes)

describe('unitsSnapshot', () => {
  it('positions, statuses and trails at 10:15', () => {
    const s = unitsSnapshot(tracks, T0 + 15 * MIN)
    expect(s.ids).toEqual(['A', 'B']) // C has no fix yet
    expect(s.lon[0]).toBeCloseTo(119.015, 9)
    expect(UNIT_STATUSES[s.status[0]]).toBe('patrolling')
    // B's last fix is 13 minutes old: offline
    expect(UNIT_STATUSES[s.status[1]]).toBe('offline')
    expect(s.fixTime[1]).toBe(T0 + 2 * MIN)
    expect(UNIT_KINDS[s.kind[1]]).toBe(UNIT_KINDS[1])
    // A's trail: the fixes after 10:05 up to 10:15, oldest first; B has none inside the 10 minutes
    expect(TRAIL_MS).toBe(10 * MIN)
    expect(s.trailStart[1] - s.trailStart[0]).toBe(10)
    expect(s.trailLon[0]).toBeCloseTo(119.006, 9)
    expect(s.trailAge[0]).toBe(9 * MIN)
    expect(s.trailAge[9]).toBe(0)
    expect(s.trailStart[2] - s.trailStart[1]).toBe(0)
  })

  it('the status reported by the unit, between fixes', () => {
    const s = unitsSnapshot(tracks, T0 + 26.5 * MIN)
    expect(s.ids).toEqual(['A', 'B', 'C'])
    expect(UNIT_STATUSES[s.status[0]]).toBe('on_alert')
    expect(UNIT_STATUSES[s.status[2]]).toBe('at_station')
    expect(s.lon[0]).toBeCloseTo(119.026, 9)
  })
})

describe('unitsClock', () => {
  const span: [number, number] = [T0, T0 + 30 * MIN]
  it('the latest fix without a window, the window\'s end within the span', () => {
    expect(unitsClock(span, { from: null, to: null, hours: null })).toBe(span[1])
    expect(unitsClock(span, { from: null, to: T0 + 10 * MIN, hours: null })).toBe(T0 + 10 * MIN - 1)
    expect(unitsClock(span, { from: T0 - 86_400_000, to: T0 - 3_600_000, hours: null })).toBe(T0)
    expect(unitsClock(span, { from: T0, to: T0 + 86_400_000 * 3, hours: null })).toBe(span[1])
  })
  it('playing by hour: the end of the hour on the window\'s last day', () => {
    // the day 2025-12-31 (Shanghai), hours 10–11: 11:00 local = 03:00 UTC, past the span's end 10:30
    const day = Date.UTC(2025, 11, 30, 16)
    expect(unitsClock(span, { from: day, to: day + 86_400_000, hours: [10, 11] })).toBe(span[1])
    expect(unitsClock([day, day + 86_400_000], { from: day, to: day + 86_400_000, hours: [10, 11] })).toBe(day + 11 * 3_600_000 - 1)
  })
})
