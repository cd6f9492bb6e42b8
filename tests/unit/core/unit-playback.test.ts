import { describe, expect, it } from 'vitest'
import { patrolFigures, playbackWindow, positionAt, trackPieces, trackSlice } from '../../../src/core/unit-playback'
import { STATUS_AT_STATION, STATUS_OFFLINE, STATUS_PATROLLING, tracksFromFixes } from '../../../src/core/unit-tracks'

const MIN = 60_000
/** local (UTC+8) time → epoch ms */
const local = (d: number, h: number, m: number, s = 0) => Date.UTC(2026, 0, d, h - 8, m, s)
const T0 = local(5, 10, 0)
const ON_ALERT = 1

// Unit A drives east along the parallel 36° N: 0.01° of longitude every minute for 3 minutes,
// then is silent for 20 minutes (past the 10-minute offline limit), then reappears further east.
// Unit B has one fix, in the middle of A's drive.
const A: [number, number, number][] = [
  [T0, 119.00, STATUS_PATROLLING],
  [T0 + MIN, 119.01, STATUS_PATROLLING],
  [T0 + 2 * MIN, 119.02, ON_ALERT],
  [T0 + 3 * MIN, 119.03, STATUS_AT_STATION],
  [T0 + 23 * MIN, 119.20, STATUS_PATROLLING],
  [T0 + 24 * MIN, 119.21, STATUS_PATROLLING],
]
const tracks = tracksFromFixes({
  unitIds: ['A', 'B'], unitKind: [0, 1],
  // B's fix first and A's out of order: the columns sort them
  unit: [1, ...A.map(() => 0)].reverse(), time: [T0 + 90_000, ...A.map((f) => f[0])].reverse(),
  lon: [118.5, ...A.map((f) => f[1])].reverse(), lat: [36.5, ...A.map(() => 36)].reverse(),
  status: [0, ...A.map((f) => f[2])].reverse(),
})
const whole = trackSlice(tracks, 0, T0 - 60 * MIN, T0 + 60 * MIN)

describe('trackSlice', () => {
  it('keeps the unit\'s own fixes inside the window, ends included, in time order', () => {
    expect(Array.from(whole.time)).toEqual(A.map((f) => f[0]))
    expect(Array.from(whole.lon)).toEqual(A.map((f) => f[1]))
    const mid = trackSlice(tracks, 0, T0 + MIN, T0 + 3 * MIN)
    expect(Array.from(mid.time)).toEqual([T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN])
    expect(mid.unitId).toBe('A')
    const b = trackSlice(tracks, 1, T0, T0 + 24 * MIN)
    expect(Array.from(b.lon)).toEqual([118.5])
    expect(b.kind).toBe(1)
  })
  it('is empty for a window without fixes', () => {
    expect(trackSlice(tracks, 0, T0 + 5 * MIN, T0 + 20 * MIN).time.length).toBe(0)
    expect(trackSlice(tracks, 0, T0 + 30 * MIN, T0 + 40 * MIN).time.length).toBe(0)
  })
})

describe('positionAt', () => {
  it('is nothing before the first fix', () => {
    expect(positionAt(whole, T0 - 1)).toBeNull()
  })
  it('is the fix itself at a fix\'s time', () => {
    expect(positionAt(whole, T0 + MIN)).toMatchObject({ lon: 119.01, lat: 36, fix: 1, between: false, status: STATUS_PATROLLING })
  })
  it('lies on the straight line between two fixes, in proportion to the time', () => {
    // 15 s into the minute from 119.01 to 119.02: a quarter of the way
    const p = positionAt(whole, T0 + MIN + 15_000)!
    expect(p.lon).toBeCloseTo(119.0125, 10)
    expect(p.lat).toBe(36)
    expect(p.between).toBe(true)
    expect(p.fix).toBe(1)
    // the status is the last fix's until the next fix
    expect(positionAt(whole, T0 + 2 * MIN + 30_000)!.status).toBe(ON_ALERT)
  })
  it('does not bridge a silence longer than the offline limit: the unit stays put, then turns offline', () => {
    // 5 min after its fix at 119.03 (of a 20-minute silence): still there, still at the station
    const p = positionAt(whole, T0 + 8 * MIN)!
    expect(p).toMatchObject({ lon: 119.03, between: false, status: STATUS_AT_STATION })
    // 15 min after: still there, now offline
    expect(positionAt(whole, T0 + 18 * MIN)).toMatchObject({ lon: 119.03, status: STATUS_OFFLINE })
    // heard again: on its new fix
    expect(positionAt(whole, T0 + 23 * MIN)).toMatchObject({ lon: 119.2, status: STATUS_PATROLLING })
  })
  it('holds the last fix after the end, offline once silent past the limit', () => {
    expect(positionAt(whole, T0 + 30 * MIN)).toMatchObject({ lon: 119.21, status: STATUS_PATROLLING })
    expect(positionAt(whole, T0 + 35 * MIN)).toMatchObject({ lon: 119.21, status: STATUS_OFFLINE })
  })
  it('bridges a gap of exactly the limit, and a shorter limit breaks it', () => {
    const s = trackSlice(tracks, 0, T0, T0 + MIN)
    expect(positionAt(s, T0 + 30_000)!.lon).toBeCloseTo(119.005, 10)
    expect(positionAt(s, T0 + 30_000, MIN)!.between).toBe(true)
    expect(positionAt(s, T0 + 30_000, MIN - 1)).toMatchObject({ lon: 119, between: false })
  })
})

describe('trackPieces', () => {
  it('starts a new piece of line after the silence', () => {
    expect(trackPieces(whole)).toEqual([0, 4])
    expect(trackPieces(trackSlice(tracks, 0, T0 + 30 * MIN, T0 + 40 * MIN))).toEqual([])
  })
})

describe('patrolFigures', () => {
  it('counts the stretches on patrol or on an alert, not at the station nor across the silence', () => {
    // counted: 119.00→.01, .01→.02 (patrolling), .02→.03 (on alert), .20→.21: four minutes of
    // 0.01° along 36° N; the stretch from the station fix (3 → 23 min) is neither at-station time
    // nor a gap shorter than 5 minutes
    const f = patrolFigures(whole)
    expect(f.minutes).toBeCloseTo(4, 10)
    // 0.01° of longitude at 36° N on a sphere of 6,371,008.8 m: 2πR/360 × cos 36° × 0.01 ≈ 899.6 m
    const legM = ((2 * Math.PI * 6371008.8) / 360) * Math.cos((36 * Math.PI) / 180) * 0.01
    expect(f.km).toBeCloseTo((4 * legM) / 1000, 4)
  })
  it('is zero without two fixes', () => {
    expect(patrolFigures(trackSlice(tracks, 1, T0, T0 + 60 * MIN))).toEqual({ km: 0, minutes: 0 })
  })
})

describe('playbackWindow', () => {
  const span: [number, number] = [local(5, 0, 0), local(5, 23, 59, 55)]
  const none = { from: null, to: null, hours: null }
  it('is the tracks\' span without dates', () => {
    expect(playbackWindow(span, none)).toEqual(span)
  })
  it('is the dates within the span, the end excluded', () => {
    expect(playbackWindow(span, { ...none, from: local(4, 0, 0), to: local(5, 12, 0) })).toEqual([span[0], local(5, 12, 0) - 1])
    expect(playbackWindow(span, { ...none, from: local(6, 0, 0), to: local(7, 0, 0) })).toBeNull()
  })
  it('is the hours of the last day, from the day before across midnight', () => {
    expect(playbackWindow(span, { ...none, hours: [8, 11] })).toEqual([local(5, 8, 0), local(5, 11, 0) - 1])
    // 22:00 to 02:00 ending on the 5th: from the 4th's 22:00 (before the tracks) to 02:00
    expect(playbackWindow(span, { ...none, hours: [22, 2] })).toEqual([span[0], local(5, 2, 0) - 1])
    expect(playbackWindow(span, { ...none, hours: [20, 24] })).toEqual([local(5, 20, 0), span[1]])
  })
})
