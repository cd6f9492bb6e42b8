import { describe, expect, it } from 'vitest'
import { FEED_KEEP_MS, FEED_RING, UnitFeed, type FeedFix } from '../../../src/core/unit-feed'
import { UNIT_STATUSES, positionsAt } from '../../../src/core/unit-tracks'
import { unitsSnapshot } from '../../../src/core/units-snapshot'
import { takeFixLines } from '../../../src/io/unit-feed-lines'
import { areasFromGeoJson } from '../../../src/core/areas'
import { growth, runUnitsSoak } from '../../bench/units-soak'

const MIN = 60_000
const T0 = Date.UTC(2026, 0, 5, 2) // 10:00 in Shanghai
const fix = (unitId: string, t: number, lon: number, extra: Partial<FeedFix> = {}): FeedFix =>
  ({ unitId, kind: 0, time: t, lon, lat: 36.7, speed: 30, heading: 90, status: 0, ...extra })
// 0.001° of longitude at 36.7° N is 89.2 m

describe('UnitFeed', () => {
  it('keeps each unit\'s fixes in time order and drops resends, stale fixes and impossible jumps', () => {
    const f = new UnitFeed()
    expect(f.push(fix('A', T0, 119))).toBeNull()
    expect(f.push(fix('A', T0 + 5000, 119.001))).toBeNull() // 89 m in 5 s: 64 km/h
    expect(f.push(fix('A', T0 + 5000, 119.001))).toBe('duplicate_fix')
    expect(f.push(fix('A', T0 + 1000, 119.0005))).toBe('stale')
    expect(f.push(fix('A', T0 + 10_000, 119.01))).toBe('impossible_jump') // 803 m in 5 s: 578 km/h
    expect(f.push(fix('B', T0 + 2000, 119.5, { status: 2, kind: 1 }))).toBeNull()
    const t = f.tracks()
    expect(t.unitIds).toEqual(['A', 'B'])
    expect(Array.from(t.unitStart)).toEqual([0, 2, 3])
    expect(Array.from(t.time)).toEqual([T0, T0 + 5000, T0 + 2000])
    expect(t.unitKind[1]).toBe(1)
    expect(f.now).toBe(T0 + 5000)
  })

  it('keeps FEED_KEEP_MS of fixes but always a unit\'s last one; a silent unit goes offline after 10 minutes', () => {
    const f = new UnitFeed()
    // A every minute for 30 minutes; B two fixes at the start, then silent
    f.push(fix('B', T0, 119.5))
    f.push(fix('B', T0 + MIN, 119.501))
    for (let m = 0; m <= 30; m++) f.push(fix('A', T0 + m * MIN, 119 + m * 0.001))
    const t = f.tracks()
    expect(FEED_KEEP_MS).toBe(15 * MIN)
    // B (first seen): its last fix only; A: minutes 15..30 (16 fixes)
    expect(t.unitIds).toEqual(['B', 'A'])
    expect(t.unitStart[1] - t.unitStart[0]).toBe(1)
    expect(t.lon[0]).toBeCloseTo(119.501, 9)
    expect(t.unitStart[2] - t.unitStart[1]).toBe(16)
    expect(t.time[1]).toBe(T0 + 15 * MIN)
    const p = positionsAt(t, f.now)
    expect(p.map((x) => UNIT_STATUSES[x.status])).toEqual(['offline', 'patrolling'])
    // at minute 10 B was 9 minutes silent: not yet offline
    const g = new UnitFeed()
    g.push(fix('B', T0 + MIN, 119.5))
    g.push(fix('A', T0 + 10 * MIN, 119))
    expect(positionsAt(g.tracks(), g.now).map((x) => UNIT_STATUSES[x.status])).toEqual(['patrolling', 'patrolling'])
  })

  it('overwrites the oldest fixes when a unit sends faster than the ring holds', () => {
    const f = new UnitFeed()
    for (let k = 0; k < FEED_RING + 50; k++) f.push(fix('A', T0 + k * 1000, 119 + k * 0.0001))
    expect(f.held).toBe(FEED_RING)
    const t = f.tracks()
    expect(t.count).toBe(FEED_RING)
    expect(t.time[0]).toBe(T0 + 50_000)
    expect(t.time[t.count - 1]).toBe(T0 + (FEED_RING + 49) * 1000)
  })
})

describe('takeFixLines', () => {
  it('reads the contract\'s lines, labels included, and counts what it leaves out', () => {
    const f = new UnitFeed()
    const r = takeFixLines(f, [
      'C01,2026-01-05 10:00:00,119.000,36.7,40,90,巡逻,car',
      'C01,2026-01-05 10:00:05,119.001,36.7,40,90,出警',
      'F01,2026-01-05 10:00:03,119.200,36.7,,,at_station,foot',
      'F01,no time,119.2,36.7',
      'x'.repeat(2000),
      'C01,2026-01-05 10:00:05,119.001,36.7,40,90,on_alert', // duplicate
    ])
    expect(r).toEqual({ taken: 3, rejected: 3 })
    const s = unitsSnapshot(f.tracks(), f.now)
    expect(s.ids).toEqual(['C01', 'F01'])
    expect(Array.from(s.status, (x) => UNIT_STATUSES[x])).toEqual(['on_alert', 'at_station'])
    expect(s.time).toBe(Date.UTC(2026, 0, 5, 2, 0, 5))
    expect(Number.isNaN(s.speed[1])).toBe(true)
    // the next batch is checked against the last kept fix: 10 km in 5 s
    expect(takeFixLines(f, ['C01,2026-01-05 10:00:10,119.111,36.7'])).toEqual({ taken: 0, rejected: 1 })
  })

  it('leaves out fixes more than 5 km outside the district it is given', () => {
    // a district of 119.0–119.2 E, 36.6–36.8 N; 0.1° of longitude at 36.7° N is 8.9 km
    const square = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: { id: 'd' }, geometry: { type: 'Polygon' as const, coordinates: [[[119, 36.6], [119.2, 36.6], [119.2, 36.8], [119, 36.8], [119, 36.6]]] } }] }
    const district = areasFromGeoJson(square).areas
    const lines = ['A,2026-01-05 10:00:00,119.1,36.7', 'B,2026-01-05 10:00:00,119.25,36.7', 'C,2026-01-05 10:00:00,119.3,36.7']
    // B is 4.5 km east of the edge, C 8.9 km
    expect(takeFixLines(new UnitFeed(), lines, district)).toEqual({ taken: 2, rejected: 1 })
    expect(takeFixLines(new UnitFeed(), lines)).toEqual({ taken: 3, rejected: 0 })
  })
})

describe('units feed soak, short', () => {
  it('100 units at one fix per 5 s for an hour of feed: memory flat within 10 % once the rings are full', () => {
    // a batch every 5 feed seconds (npm run test:soak sends one a second, as the desk does, for 8 hours)
    const r = runUnitsSoak(60, 5)
    const g = growth(r.samples)
    console.log(`    units soak: ${r.fixes} fixes in ${(r.ms / 1000).toFixed(1)} s; held ${g.base.toFixed(1)} → max ${g.max.toFixed(1)} MB (×${g.ratio.toFixed(3)})`)
    expect(r.rejected).toBe(0)
    expect(r.fixes).toBe(100 * (60 * 12) + 20)
    expect(r.shown).toBe(100)
    // one fix per 5 s fills a ring (FEED_RING = 360) in 30 minutes; from then on it holds the same
    const full = r.samples.filter((x) => x.feedMin >= 30)
    for (const x of full) expect(x.fixesHeld).toBe(100 * FEED_RING)
    expect(g.ratio).toBeLessThanOrEqual(1.1)
  })
})
