import { describe, expect, it } from 'vitest'
import { tracksFromFixes } from '../../../src/core/unit-tracks'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const T0 = Date.UTC(2026, 0, 5, 2, 0)
const MIN = 60_000

describe('unit playback in the worker', () => {
  it('lists the units and slices one unit\'s window with its figures', () => {
    const s = new AnalyticsSession()
    expect(s.unitList()).toEqual({ ids: [], kinds: [] })
    // P1 (a car) heads north 0.01° a minute for four minutes; F2 (on foot) stands still
    s.setUnitTracks(tracksFromFixes({
      unitIds: ['P1', 'F2'], unitKind: [0, 1], unit: [0, 0, 0, 0, 0, 1, 1], time: [0, 1, 2, 3, 4, 0, 4].map((m) => T0 + m * MIN),
      lon: [119, 119, 119, 119, 119, 119.5, 119.5], lat: [36, 36.01, 36.02, 36.03, 36.04, 36, 36],
    }))
    expect(s.unitList()).toEqual({ ids: ['P1', 'F2'], kinds: ['car', 'foot'] })
    const r = s.unitTrack({ unitId: 'P1', from: T0 + MIN, to: T0 + 3 * MIN })!
    expect(Array.from(r.slice.lat)).toEqual([36.01, 36.02, 36.03])
    expect([r.slice.unitId, r.slice.from, r.slice.to]).toEqual(['P1', T0 + MIN, T0 + 3 * MIN])
    // two minutes north by 0.02°: 2πR/360 × 0.02 on a sphere of 6,371,008.8 m
    expect(r.figures.minutes).toBeCloseTo(2, 10)
    expect(r.figures.km).toBeCloseTo((((2 * Math.PI * 6371008.8) / 360) * 0.02) / 1000, 6)
    expect(s.unitTrack({ unitId: 'nobody', from: T0, to: T0 + 4 * MIN })).toBeNull()
  })
})
