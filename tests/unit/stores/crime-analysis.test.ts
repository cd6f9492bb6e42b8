import { describe, expect, it } from 'vitest'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { latestIncidentTime, nearRepeatPeriod, NEAR_REPEAT_DEFAULT_DAYS } from '../../../src/stores/crime-analysis'

const DAY = 86_400_000

describe('nearRepeatPeriod', () => {
  it('without a date filter: the last 90 days up to and including the latest incident', () => {
    const latest = Date.UTC(2025, 11, 31, 15, 47)
    const p = nearRepeatPeriod({ ...NO_FILTER }, latest)!
    // [from, to) holds the latest incident and reaches back exactly 90 days
    expect(p.to).toBe(latest + 1)
    expect(p.to - p.from).toBe(NEAR_REPEAT_DEFAULT_DAYS * DAY)
    expect(nearRepeatPeriod({ ...NO_FILTER }, latest, 7)!.from).toBe(latest - 7 * DAY + 1)
  })
  it('a date filter decides instead (null: the filter\'s own period applies); no incident time: none', () => {
    expect(nearRepeatPeriod({ ...NO_FILTER, from: 0 }, 1e12)).toBeNull()
    expect(nearRepeatPeriod({ ...NO_FILTER, to: 5 }, 1e12)).toBeNull()
    expect(nearRepeatPeriod({ ...NO_FILTER }, -Infinity)).toBeNull()
  })
})

describe('latestIncidentTime', () => {
  it('the latest time of the dataset, whatever the row order', () => {
    const csv = 'id,time,category,lon,lat\na,2024-03-01T08:00:00,criminal,119,36.7\nb,2024-05-02T09:30:00,criminal,119,36.7\nc,2024-04-01T00:00:00,fire,119,36.7\n'
    const inc = readIncidentsCsv(new TextEncoder().encode(csv)).columns
    // 2024-05-02 09:30 Asia/Shanghai = 01:30 UTC
    expect(latestIncidentTime(inc)).toBe(Date.UTC(2024, 4, 2, 1, 30))
  })
})
