import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import '../fast-check-seed'
import { cellSeries, latestIncidentTime, nearRepeatPeriod, NEAR_REPEAT_DEFAULT_DAYS, parseEdges, patternTally, roleCounts, sparkline, strongestCell } from '../../../src/core/crime-summary'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { PATTERN_NAMES } from '../../../src/core/emerging-hotspots'

describe('patternTally', () => {
  it('counts cells per pattern code (by hand)', () => {
    // codes 0 0 4 4 4 9: no pattern 2, persistent hot 3, new cold 1
    const t = patternTally(Uint8Array.from([0, 4, 0, 4, 9, 4]))
    expect(t.length).toBe(PATTERN_NAMES.length)
    expect([t[0], t[4], t[9]]).toEqual([2, 3, 1])
    expect(t.reduce((a, b) => a + b, 0)).toBe(6)
  })
})

describe('strongestCell', () => {
  it('takes the largest |trend z| among cells with a pattern, even when a patternless cell trends harder', () => {
    // cell 0 no pattern with |z| 5; cells 1, 2 patterned with |z| 2 and 3 → 2
    expect(strongestCell([5, -2, -3], [0, 4, 5])).toBe(2)
  })
  it('falls back to all cells, skips NaN, and ties go to the lower index', () => {
    expect(strongestCell([NaN, 1, -1], [0, 0, 0])).toBe(1)
    expect(strongestCell([], [])).toBe(-1)
    expect(strongestCell([NaN], [0])).toBe(-1)
  })
})

describe('cellSeries', () => {
  it('reads one cell of a cell-major cube', () => {
    // 2 cells × 3 steps: cell 1 is values 3..5
    expect([...cellSeries(Float32Array.from([0, 1, 2, 3, 4, 5]), 3, 1)]).toEqual([3, 4, 5])
  })
})

describe('sparkline', () => {
  it('spans the series and zero (by hand)', () => {
    // values 1, 3, 2 in 100 × 30: range [0, 3] (zero included), x 0 50 100, y = 30 − v·10
    const s = sparkline([1, 3, 2], 100, 30)
    expect(s.path).toBe('M0,20L50,0L100,10')
    expect(s.zeroY).toBe(30)
    expect([s.min, s.max]).toEqual([0, 3])
  })
  it('negative values put the zero line inside; NaN breaks the line', () => {
    // range [−2, 2] in 10 × 4: y = 2 − v
    const s = sparkline([-2, NaN, 2], 10, 4)
    expect(s.path).toBe('M0,4M10,0')
    expect(s.zeroY).toBe(2)
  })
  it('a single point is a flat line across the box', () => {
    expect(sparkline([2], 10, 4).path).toBe('M0,0L10,0')
  })
  it('every point lies inside the box', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 2, maxLength: 40 }), (v) => {
      const s = sparkline(v, 120, 40)
      const nums = s.path.split(/[ML,]/).filter((x) => x !== '').map(Number)
      expect(nums.length).toBe(v.length * 2)
      for (let i = 0; i < nums.length; i += 2) {
        expect(nums[i]).toBeGreaterThanOrEqual(0)
        expect(nums[i]).toBeLessThanOrEqual(120)
        expect(nums[i + 1]).toBeGreaterThanOrEqual(0)
        expect(nums[i + 1]).toBeLessThanOrEqual(40)
      }
    }))
  })
})

describe('roleCounts', () => {
  it('counts isolated, originators and near repeats; ignores rows not analysed', () => {
    expect(roleCounts(Int8Array.from([2, 1, 2, 0, -1, 2]))).toEqual([1, 1, 3])
  })
})

describe('parseEdges', () => {
  it('reads increasing non-negative edges, commas (also full-width) or spaces', () => {
    expect(parseEdges('0,100, 200 300')).toEqual([0, 100, 200, 300])
    expect(parseEdges('0，7，14')).toEqual([0, 7, 14])
  })
  it('refuses fewer than two, a decrease, a repeat, a negative or a word', () => {
    for (const bad of ['', '5', '0,200,100', '0,7,7', '-1,5', '0,x']) expect(parseEdges(bad)).toBeNull()
  })
})

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
