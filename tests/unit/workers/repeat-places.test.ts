import { describe, expect, it } from 'vitest'
import { EARTH_RADIUS_M } from '../../../src/core/local-projection'
import { NO_FILTER, type IncidentFilterSpec } from '../../../src/core/incident-filter'
import { packStrings } from '../../../src/core/incidents'
import { parseLocalDate } from '../../../src/core/periods'
import { repeatPlacesBuffers } from '../../../src/workers/analytics-repeat-places'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const at = (s: string) => parseLocalDate(s)
const spec = (patch: Partial<IncidentFilterSpec>): IncidentFilterSpec => ({ ...NO_FILTER, ...patch })
const north = (m: number) => 36.7 + m / ((Math.PI * EARTH_RADIUS_M) / 180)

describe('AnalyticsSession.repeatPlaces', () => {
  // P (0 m): criminal 05-02 23:00, criminal 05-03 10:00, fire 05-04 10:00; 10 m north: criminal 05-05 23:30
  // Q (500 m north): criminal 04-01 10:00, problem 05-06 10:00
  const session = (withAddress = true) => {
    const s = new AnalyticsSession()
    s.setIncidents({
      count: 6,
      lon: new Float64Array(6).fill(119),
      lat: Float64Array.from([0, 0, 0, 10, 500, 500], north),
      time: Float64Array.from(['2024-05-02T23:00', '2024-05-03T10:00', '2024-05-04T10:00', '2024-05-05T23:30', '2024-04-01T10:00', '2024-05-06T10:00'].map(at)),
      category: Uint8Array.from([0, 0, 2, 0, 0, 3]),
      ...(withAddress ? { address: packStrings(['月河路1号', '月河路1号', '', '月河路2号', '东关街', '东关街']) } : {}),
    })
    return s
  }

  it('ranks the places of every incident without a filter', () => {
    const r = session().repeatPlaces({})
    expect(r.places).toBe(2)
    expect(r.shown).toBe(2)
    expect([...r.count]).toEqual([4, 2])
    expect(r.label).toEqual(['月河路1号', '东关街'])
    expect([...r.placeOf]).toEqual([0, 0, 0, 0, 1, 1])
    expect(r.concentration.repeatPlaces).toBe(2)
  })

  it('honours categories, the period and the shared filter (hours across midnight)', () => {
    const s = session()
    // criminal only: P has 3 (rows 0, 1, 3), Q 1 (row 4)
    expect([...s.repeatPlaces({ categories: [0] }).count]).toEqual([3, 1])
    // May only: Q loses its April incident
    expect([...s.repeatPlaces({ period: { from: at('2024-05-01'), to: at('2024-06-01') } }).count]).toEqual([4, 1])
    // 22:00–06:00 under the filter, on top of criminal: rows 0 and 3, one place
    const night = s.repeatPlaces({ categories: [0], filter: spec({ hours: [22, 6] }) })
    expect([...night.count]).toEqual([2])
    expect([...night.placeOf]).toEqual([0, -1, -1, 0, -1, -1])
  })

  it('groups by address, trims to the top N and transfers distinct buffers', () => {
    const s = session()
    const r = s.repeatPlaces({ by: 'address', top: 1 })
    // 月河路1号 2, 东关街 2 (made second), 月河路2号 1; row 2 has no address
    expect([r.places, r.shown, r.total]).toEqual([3, 1, 5])
    expect([...r.count]).toEqual([2])
    expect([...r.rows]).toEqual([0, 1])
    expect(r.rowStart.length).toBe(2)
    expect(r.concentration.incidentShare.length).toBe(4)
    expect([...r.unplaced]).toEqual([2])
    const buffers = repeatPlacesBuffers(r)
    expect(new Set(buffers).size).toBe(buffers.length)
  })

  it('says what is missing', () => {
    expect(() => session(false).repeatPlaces({ by: 'address' })).toThrow(/addresses, which were not sent/)
    expect(() => session().repeatPlaces({ top: -1 })).toThrow(/top must be a whole number/)
    expect(() => new AnalyticsSession().repeatPlaces({})).toThrow(/no incidents loaded/)
    // without addresses, places still form, unlabelled
    expect(session(false).repeatPlaces({}).label).toEqual(['', ''])
  })
})

describe('AnalyticsSession.repeatPlaces by victim', () => {
  // the session above's six incidents, naming victims (synthetic placeholder names):
  //   row 0 张三, 1 张三, 2 (fire) 李四, 3 张三, 4 (April) 李四, 5 (problem) none
  const withVictims = () => {
    const s = new AnalyticsSession()
    s.setIncidents({
      count: 6,
      lon: new Float64Array(6).fill(119),
      lat: Float64Array.from([0, 0, 0, 10, 500, 500], north),
      time: Float64Array.from(['2024-05-02T23:00', '2024-05-03T10:00', '2024-05-04T10:00', '2024-05-05T23:30', '2024-04-01T10:00', '2024-05-06T10:00'].map(at)),
      category: Uint8Array.from([0, 0, 2, 0, 0, 3]),
      victim: packStrings(['张三', '张三', '李四', ' 张三', '李四', '']),
    })
    return s
  }

  it('ranks the victims and gives the repeat victimisation share', () => {
    const r = withVictims().repeatPlaces({ by: 'victim' })
    expect(r.by).toBe('victim')
    expect([...r.count]).toEqual([3, 2])
    expect(r.victim).toEqual(['张三', '李四'])
    expect([...r.unplaced]).toEqual([5])
    // every one of the 5 incidents that name a victim is against a repeat victim
    expect(r.concentration.repeatShare).toBe(1)
  })

  it('honours the app\'s filters and top N', () => {
    const s = withVictims()
    // criminal in May: 张三 rows 0, 1, 3; 李四's fire (row 2) and April theft (row 4) are out
    const may = s.repeatPlaces({ by: 'victim', categories: [0], period: { from: at('2024-05-01'), to: at('2024-06-01') } })
    expect([...may.count]).toEqual([3])
    expect(may.concentration.repeatShare).toBe(1)
    // 22:00–06:00 under the shared filter: rows 0 and 3 (张三) only
    expect([...s.repeatPlaces({ by: 'victim', filter: spec({ hours: [22, 6] }) }).rows]).toEqual([0, 3])
    const top = s.repeatPlaces({ by: 'victim', top: 1 })
    expect([top.places, top.shown]).toEqual([2, 1])
    expect(top.victim).toEqual(['张三'])
  })

  it('says when the incidents name no victims', () => {
    const s = new AnalyticsSession()
    s.setIncidents({ count: 1, lon: new Float64Array([119]), lat: new Float64Array([36.7]), time: new Float64Array([0]), category: new Uint8Array(1) })
    expect(() => s.repeatPlaces({ by: 'victim' })).toThrow(/victim column \(受害人\)/)
  })
})
