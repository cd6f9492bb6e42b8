import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { fromWgs84 } from '../../../src/io/coords'
import { readTracksCsv } from '../../../src/io/tracks-csv'
import { UNIT_KINDS, UNIT_STATUSES, positionsAt } from '../../../src/core/unit-tracks'

// a district of about 2.7 × 3.3 km around (119.015, 36.015)
const district = areasFromGeoJson({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id: 'd' }, geometry: { type: 'Polygon', coordinates: [[[119, 36], [119.03, 36], [119.03, 36.03], [119, 36.03], [119, 36]]] } }],
}).areas
const bytes = (s: string) => new TextEncoder().encode(s)

const CSV = [
  'unit_id,time,lon,lat,speed,heading,status,kind',
  'P01,2026-01-05 10:00:00,119.010,36.010,30,90,巡逻,巡逻车',      // 2
  'P01,2026-01-05 10:00:05,119.0102,36.010,30,90,patrolling,car',  // 3: 18 m in 5 s
  'P01,2026-01-05 10:00:05,119.0103,36.010,,,,',                   // 4: same time again
  'P01,2026-01-05 10:00:10,119.020,36.010,,,,',                    // 5: 880 m in 5 s → 630 km/h
  'P01,,119.0104,36.010,,,,',                                      // 6: no time
  'P02,2026-01-05 10:00:00,119.1,36.010,,,,',                      // 7: ~6.3 km east of the district
  'P02,2026-01-05 10:00:00,119.031,36.010,,,出警,步巡',             // 8: 90 m outside: kept
  ',2026-01-05 10:00:00,119.01,36.01,,,,',                         // 9: no unit
  'P01,2026-01-05 10:00:20,119.0106,36.010,,,,',                   // 10: fine after the wild fix
  'P02,2026-01-05 09:59:00,abc,36.01,,,,',                         // 11: bad lon
  '',
].join('\n')

describe('readTracksCsv', () => {
  it('keeps good fixes per unit in time order and names every bad one by line and reason', () => {
    const { tracks, report } = readTracksCsv(bytes(CSV), { district })
    expect(report.rowsRead).toBe(10)
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, 'duplicate_fix'], [5, 'impossible_jump'], [6, 'bad_time'], [7, 'outside_district'], [9, 'missing_id'], [11, 'missing_coordinates'],
    ])
    expect(report.rowsKept).toBe(4)
    expect(tracks.unitIds).toEqual(['P01', 'P02'])
    expect(Array.from(tracks.unitStart)).toEqual([0, 3, 4])
    expect(Array.from(tracks.line)).toEqual([2, 3, 10, 8])
    expect(UNIT_KINDS[tracks.unitKind[0]]).toBe('car')
    expect(UNIT_KINDS[tracks.unitKind[1]]).toBe('foot')
    expect(UNIT_STATUSES[tracks.status[3]]).toBe('on_alert')
    expect(tracks.speed[0]).toBe(30)
    expect(tracks.speed[2]).toBeNaN()
    expect(tracks.time[0]).toBe(Date.UTC(2026, 0, 5, 2, 0, 0))
  })

  it('positions at a time, offline after 10 silent minutes', () => {
    const { tracks } = readTracksCsv(bytes(CSV), { district })
    const at = positionsAt(tracks, Date.UTC(2026, 0, 5, 2, 0, 7))
    expect(at.map((p) => [tracks.unitIds[p.unit], p.lon])).toEqual([['P01', 119.0102], ['P02', 119.031]])
    const late = positionsAt(tracks, Date.UTC(2026, 0, 5, 2, 20, 0))
    expect(late.map((p) => UNIT_STATUSES[p.status])).toEqual(['offline', 'offline'])
    expect(positionsAt(tracks, Date.UTC(2026, 0, 5, 1, 0, 0))).toEqual([])
  })

  it('GCJ-02 and GBK: converted, and detected against the district', () => {
    const lines = ['单位编号,定位时间,经度,纬度']
    const truth: [number, number][] = []
    for (let k = 0; k < 60; k++) {
      // alternately near the east edge (read as WGS-84, the GCJ-02 point, ~500 m east, falls
      // outside) and the west edge (read as BD-09 it moves ~600 m west, outside)
      const p: [number, number] = [k % 2 ? 119.001 + 0.00005 * k : 119.028 - 0.00005 * k, 36.01 + 0.0002 * k]
      truth.push(p)
      const [x, y] = fromWgs84(p[0], p[1], 'gcj02')
      const min = 2 * k // 2.5 km every 2 minutes: no impossible jump
      lines.push(`巡1,2026-01-05 ${10 + Math.floor(min / 60)}:${String(min % 60).padStart(2, '0')}:00,${x.toFixed(7)},${y.toFixed(7)}`)
    }
    // Node has no GBK encoder: the Chinese characters of this file in GB18030 bytes, by hand
    const gb = (s: string) => {
      const map: Record<string, number[]> = { '单': [0xb5, 0xa5], '位': [0xce, 0xbb], '编': [0xb1, 0xe0], '号': [0xba, 0xc5], '定': [0xb6, 0xa8], '时': [0xca, 0xb1], '间': [0xbc, 0xe4], '经': [0xbe, 0xad], '度': [0xb6, 0xc8], '纬': [0xce, 0xb3], '巡': [0xd1, 0xb2] }
      const out: number[] = []
      for (const ch of s) out.push(...(map[ch] ?? [...new TextEncoder().encode(ch)]))
      return Uint8Array.from(out)
    }
    const { tracks, report } = readTracksCsv(gb(lines.join('\r\n')), { district, crs: 'auto' })
    expect(report.encoding?.name).toBe('gb18030')
    expect(report.crs).toMatchObject({ from: 'gcj02', converted: true, detection: 'detected' })
    expect(tracks.unitIds).toEqual(['巡1'])
    expect(tracks.count).toBe(60)
    for (let k = 0; k < 60; k++) {
      expect(Math.abs(tracks.lon[k] - truth[k][0])).toBeLessThan(1e-5)
      expect(Math.abs(tracks.lat[k] - truth[k][1])).toBeLessThan(1e-5)
    }
  })

  it('a file without the required columns reads nothing and says which', () => {
    const { tracks, report } = readTracksCsv(bytes('unit_id,lon,lat\nP1,119.01,36.01\n'))
    expect(tracks.count).toBe(0)
    expect(report.errors).toEqual(['missing column(s): time'])
  })
})
