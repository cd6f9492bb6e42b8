import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { localProjection, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import { cliSync as cli, csvRows as csvArrays } from './run-cli'

// The plus of tests/unit/core/unit-dispatch.test.ts: main road A (−500,0)–(500,0) at 40 km/h,
// secondary road B (0,−500)–(0,500) at 30 km/h; a school (key site, 60 s target) around (0,400).
const P = localProjection(119, 36.7, 36.7)
const ll = (x: number, y: number) => [Number(unprojectLon(P, x).toFixed(8)), Number(unprojectLat(P, y).toFixed(8))]
const fc = (features: object[]) => JSON.stringify({ type: 'FeatureCollection', features })
const poly = (props: object, x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [[ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)]] },
})
const line = (cls: string, a: [number, number], b: [number, number]) => ({ type: 'Feature', properties: { class: cls }, geometry: { type: 'LineString', coordinates: [ll(...a), ll(...b)] } })
const A = 40 / 3.6, B = 30 / 3.6

/** rows as objects by the header's names */
const csvRows = (f: string) => {
  const [head, ...rows] = csvArrays(f)
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])))
}

let dir = ''
const path = (f: string) => join(dir, f)
const fix = (u: string, t: string, x: number, y: number, extra = ',,') => `${u},2026-01-05 ${t},${ll(x, y).join(',')}${extra}`

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pingan-units-'))
  writeFileSync(path('roads.geojson'), fc([line('main', [-500, 0], [500, 0]), line('secondary', [0, -500], [0, 500])]))
  writeFileSync(path('district.geojson'), fc([poly({ id: 'd' }, -1000, -1000, 1000, 1000)]))
  writeFileSync(path('sites.geojson'), fc([poly({ id: 'K1', name: '小学', kind: 'school' }, -30, 370, 30, 430)]))
  writeFileSync(path('units.csv'), ['unit_id,time,lon,lat,status,kind',
    fix('A1', '10:00:00', -300, 0, ',patrolling,car'),   // 2: 300 m on A + 400 m on B = 75 s
    fix('B1', '10:00:00', 0, -200, ',patrolling,car'),   // 3: 600 m on B = 72 s
    fix('F1', '10:00:00', 500, 0, ',patrolling,foot'),   // 4: 900 m at 5 km/h = 648 s
    fix('A1', '10:00:01', 900, 0),                       // 5: 1.2 km in a second: left out
    fix('X9', '10:00:00', 9000, 0),                      // 6: 8 km outside the district: left out
    // A1 drives to the school and stays there from 10:02 to 10:08
    ...Array.from({ length: 7 }, (_, k) => fix('A1', `10:0${2 + k}:00`, 0, 405)),
  ].join('\n'))
  writeFileSync(path('alerts.csv'), ['id,time,category,subtype,lon,lat', `a1,2026-01-05T10:01:00,criminal,theft,${ll(0, 400).join(',')}`,
    `a2,2026-01-05T10:01:00,fire,x,${ll(-400, 0).join(',')}`].join('\n'))
})

const places = () => ['--district', path('district.geojson'), '--key-sites', path('sites.geojson')]

describe('dispatch', () => {
  it('ranks the units by hand-computed travel times, with the key site target', () => {
    const { code, err } = cli('dispatch', '--units', path('units.csv'), '--at', ll(0, 400).join(','), '--time', '2026-01-05 10:00:30',
      '--top', '3', '--out', path('ranked.csv'), '--roads', path('roads.geojson'), ...places())
    expect(code, err).toBe(0)
    expect(err).toMatch(/units\.csv:5: impossible_jump/)
    expect(err).toMatch(/units\.csv:6: outside_district/)
    const rows = csvRows(path('ranked.csv'))
    expect(rows.map((r) => r.unit_id)).toEqual(['B1', 'A1', 'F1'])
    expect(Number(rows[0].eta_s)).toBeCloseTo(600 / B, 1)
    expect(Number(rows[1].eta_s)).toBeCloseTo(300 / A + 400 / B, 1)
    expect(Number(rows[2].eta_s)).toBeCloseTo(900 / (5 / 3.6), 1)
    expect(rows.map((r) => Number(r.distance_m))).toEqual([600, 700, 900])
    expect(rows.map((r) => [r.kind, r.status, r.target_s, r.meets_target])).toEqual([
      ['car', 'patrolling', '60', '0'], ['car', 'patrolling', '60', '0'], ['foot', 'patrolling', '60', '0']])
  })
})

describe('response', () => {
  it('finds the arrival at the school and counts the alert nobody reached', () => {
    const { code, err } = cli('response', '--incidents', path('alerts.csv'), '--units', path('units.csv'), '--out', path('resp.csv'),
      '--summary', path('sum.csv'), '--grid-size', '1000', '--stations', path('sites.geojson'), ...places())
    expect(code, err).toBe(0)
    const rows = csvRows(path('resp.csv'))
    expect(rows.map((r) => [r.id, r.place, r.target_s, r.unit_id, r.response_s, r.within_target])).toEqual([
      ['a1', 'key_site', '60', 'A1', '60', '1'], ['a2', 'elsewhere', '600', '', '', '0']])
    const all = csvRows(path('sum.csv')).find((r) => r.group === 'all')!
    expect([all.alerts, all.arrived, all.no_arrival, all.within_target, all.share_within]).toEqual(['2', '1', '1', '1', '0.5'])
  })
})
