/**
 * The daily briefing's schedule in Asia/Shanghai (UTC+8 all year), whatever zone the host is
 * in: the expected instants are written as UTC ISO times by hand (08:00 local = 00:00Z).
 */
import { describe, expect, it } from 'vitest'
import { dueDay, nextRunAfter, readSchedule, runTimeOfDay, ScheduleError } from '../../../src/server/briefing-schedule'

const at = (iso: string) => Date.parse(iso)
const EIGHT = 8 * 60

describe('next briefing time', () => {
  it('07:59 local is followed by 08:00 the same day', () => {
    // 2026-03-10 07:59 Shanghai = 2026-03-09 23:59Z
    expect(nextRunAfter(EIGHT, at('2026-03-09T23:59:00Z'))).toBe(at('2026-03-10T00:00:00Z'))
  })

  it('08:00 exactly and 08:00:01 are followed by 08:00 the next day', () => {
    expect(nextRunAfter(EIGHT, at('2026-03-10T00:00:00Z'))).toBe(at('2026-03-11T00:00:00Z'))
    expect(nextRunAfter(EIGHT, at('2026-03-10T00:00:01Z'))).toBe(at('2026-03-11T00:00:00Z'))
  })

  it('crosses a month end and a year end', () => {
    // 2026-01-31 09:00 local → 2026-02-01 08:00 local
    expect(nextRunAfter(EIGHT, at('2026-01-31T01:00:00Z'))).toBe(at('2026-02-01T00:00:00Z'))
    // 2024-02-29 (leap day) 20:00 local → 2024-03-01 08:00 local
    expect(nextRunAfter(EIGHT, at('2024-02-29T12:00:00Z'))).toBe(at('2024-03-01T00:00:00Z'))
    // 2026-12-31 23:30 local (15:30Z) → 2027-01-01 08:00 local
    expect(nextRunAfter(EIGHT, at('2026-12-31T15:30:00Z'))).toBe(at('2027-01-01T00:00:00Z'))
  })

  it('counts the local day, not the UTC day: 01:00 local is still the UTC day before', () => {
    // 2026-03-10 01:00 Shanghai = 2026-03-09 17:00Z; the next 08:00 is 2026-03-10 local
    expect(nextRunAfter(EIGHT, at('2026-03-09T17:00:00Z'))).toBe(at('2026-03-10T00:00:00Z'))
    // 23:30 local at another minute of day: 23:45 the same evening
    expect(nextRunAfter(23 * 60 + 45, at('2026-03-09T15:30:00Z'))).toBe(at('2026-03-09T15:45:00Z'))
  })
})

describe('the day due at start', () => {
  it('before today\'s time nothing is due; from it on, today (local) is', () => {
    expect(dueDay(EIGHT, at('2026-03-09T23:59:59Z'))).toBeNull()
    expect(dueDay(EIGHT, at('2026-03-10T00:00:00Z'))).toBe('2026-03-10')
    // 23:00 local on the 10th is 15:00Z: still the 10th's briefing
    expect(dueDay(EIGHT, at('2026-03-10T15:00:00Z'))).toBe('2026-03-10')
    expect(runTimeOfDay(EIGHT, at('2026-03-10T15:00:00Z'))).toBe(at('2026-03-10T00:00:00Z'))
  })
})

describe('configuration', () => {
  it('off when unset, empty or off; HH:MM with the formats, pdf and png by default', () => {
    expect(readSchedule({})).toBeNull()
    expect(readSchedule({ PINGAN_BRIEFING_AT: '' })).toBeNull()
    expect(readSchedule({ PINGAN_BRIEFING_AT: 'OFF' })).toBeNull()
    expect(readSchedule({ PINGAN_BRIEFING_AT: '08:00' })).toEqual({ minuteOfDay: 480, formats: ['pdf', 'png'] })
    expect(readSchedule({ PINGAN_BRIEFING_AT: '7:05', PINGAN_BRIEFING_FORMATS: ' PNG ' })).toEqual({ minuteOfDay: 425, formats: ['png'] })
  })

  it('a wrong time or format is an error that names the variable', () => {
    for (const v of ['24:00', '08:60', '8', '08:00:00', 'eight']) {
      expect(() => readSchedule({ PINGAN_BRIEFING_AT: v })).toThrow(ScheduleError)
      expect(() => readSchedule({ PINGAN_BRIEFING_AT: v })).toThrow(/PINGAN_BRIEFING_AT/)
    }
    expect(() => readSchedule({ PINGAN_BRIEFING_AT: '08:00', PINGAN_BRIEFING_FORMATS: 'pdf,jpg' })).toThrow(/PINGAN_BRIEFING_FORMATS/)
  })
})
