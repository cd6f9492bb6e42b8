import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import { COMMANDS } from '../../../src/cli/main'
import { commandHelp } from '../../../src/cli/command'
import { realData } from '../../fixtures/real'
import iconv from 'iconv-lite'
import { demoAsPoliceExport } from '../../fixtures/police-export'
import { cli as run, cliSync as cli, csvRows } from './run-cli'

let dir = ''
const path = (f: string) => join(dir, f)



const square = (id: string, name: string, x0: number, population?: number) => ({
  type: 'Feature',
  properties: { id, name, ...(population === undefined ? {} : { population }) },
  geometry: { type: 'Polygon', coordinates: [[[x0, 36], [x0 + 0.01, 36], [x0 + 0.01, 36.01], [x0, 36.01], [x0, 36]]] },
})

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pingan-cli-'))
  // W: 119.00–119.01, E: 119.01–119.02, shared edge at lon 119.01; Z has no incidents and no population
  writeFileSync(path('areas.geojson'), JSON.stringify({
    type: 'FeatureCollection',
    features: [square('W', '西片', 119, 20000), square('E', '东片', 119.01, 10000), square('Z', '空片', 119.05)],
  }))
  writeFileSync(path('incidents.csv'), [
    'id,time,category,subtype,lon,lat',
    'a1,2024-05-03T22:00:00,criminal,盗窃,119.005,36.005',
    'a2,2024-05-10T08:00:00,fire,火灾,119.005,36.005',
    'a3,2024-05-20T23:30:00,problem,井盖,119.015,36.005',
    'a4,2024-05-21T12:00:00,治安,纠纷,119.01,36.005', // on the shared edge: counted once, in E (east of it)
    'a5,2024-04-15T12:00:00,criminal,盗窃,119.005,36.005',
    'a6,2024-05-15T12:00:00,criminal,盗窃,118.5,36.005', // in no area
    'a7,2024-05-15T12:00:00,criminal,盗窃,,36.005', // line 8: no longitude
    'a8,not a time,criminal,盗窃,119.005,36.005', // line 9
  ].join('\n') + '\n')
})

describe('join', () => {
  it('writes id,count and one column per category, every area, zero rows included', () => {
    const r = cli('join', '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'), '--out', path('counts.csv'))
    expect(r.code).toBe(0)
    expect(csvRows(path('counts.csv'))).toEqual([
      ['id', 'count', 'criminal', 'public_order', 'fire', 'problem', 'other'],
      ['W', '3', '2', '0', '1', '0', '0'],
      ['E', '2', '0', '1', '0', '1', '0'],
      ['Z', '0', '0', '0', '0', '0', '0'],
    ])
    expect(r.err).toContain(`${path('incidents.csv')}:8: missing_coordinates`)
    expect(r.err).toContain(`${path('incidents.csv')}:9: bad_time`)
    expect(r.err).toContain('1 of 6 incidents in no area')
  })

  it('counts only the period with --from/--to', () => {
    const r = cli('join', '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'), '--out', path('may.csv'),
      '--from', '2024-05-01', '--to', '2024-06-01')
    expect(r.code).toBe(0)
    expect(csvRows(path('may.csv'))[1]).toEqual(['W', '2', '1', '0', '1', '0', '0'])
  })

  it('--strict fails on rejected rows; the report lists them', () => {
    const r = cli('join', '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'), '--out', path('x.csv'),
      '--strict', '--report', path('report.csv'))
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/incidents\.csv: 2 rows rejected \(--strict\); first: line 8, missing_coordinates/)
    expect(csvRows(path('report.csv')).map((row) => row.slice(0, 2))).toEqual([['line', 'reason'], ['8', 'missing_coordinates'], ['9', 'bad_time']])
  })
})

describe('index', () => {
  it('ranks by weighted alerts per 10,000 residents with 环比 and 同比', () => {
    // May 2024: W 1 case + 1 fire = 2 → 1.0 per 10k; E 1 case + 1 problem = 2 → 2.0; Z no population
    // April 2024 (环比 base): W 1 case → 0.5, so mom = 1.0/0.5 − 1 = 1; E 0 → empty. May 2023: none → empty.
    const r = cli('index', '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'), '--out', path('index.csv'),
      '--from', '2024-05-01', '--to', '2024-06-01')
    expect(r.code).toBe(0)
    expect(csvRows(path('index.csv'))).toEqual([
      ['id', 'name', 'population', 'case', 'fire', 'problem', 'per10k', 'rank', 'mom', 'yoy'],
      ['W', '西片', '20000', '1', '1', '0', '1', '1', '1', ''],
      ['E', '东片', '10000', '1', '0', '1', '2', '2', '', ''],
      ['Z', '空片', '', '0', '0', '0', '', '', '', ''],
    ])
    expect(r.err).toContain('2 areas ranked, 1 without population')
  })

  it('takes weights and defaults to the month of the latest incident', () => {
    const r = cli('index', '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'), '--out', path('index2.csv'),
      '--weights', 'case=2,fire=0,problem=0.5')
    expect(r.code).toBe(0)
    expect(r.err).toContain('period 2024-05-01 – 2024-06-01')
    // W: 2·1 = 2 → 1.0; E: 2·1 + 0.5·1 = 2.5 → 2.5
    expect(csvRows(path('index2.csv')).slice(1, 3).map((row) => [row[0], row[6], row[7]])).toEqual([['W', '1', '1'], ['E', '2.5', '2']])
  })

  it('joins a population CSV by id', () => {
    writeFileSync(path('pop.csv'), 'area_id,population\nW,40000\nE,x\nZ,5000\n')
    const r = cli('index', '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'), '--out', path('index3.csv'),
      '--from', '2024-05-01', '--to', '2024-06-01', '--population', path('pop.csv'))
    expect(r.code).toBe(0)
    expect(r.err).toContain(`${path('pop.csv')}:3: bad_population`)
    const rows = csvRows(path('index3.csv'))
    expect(rows.slice(1).map((row) => [row[0], row[2], row[6], row[7]])).toEqual([
      ['Z', '5000', '0', '1'], ['W', '40000', '0.5', '2'], ['E', '10000', '2', '3'],
    ])
  })

  it('rejects bad weights and dates as command-line errors (exit 2)', () => {
    const base = ['index', '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'), '--out', path('i.csv')]
    expect(cli(...base, '--weights', 'case=-1').code).toBe(2)
    expect(cli(...base, '--weights', 'cases=1').err).toContain('"cases=1" is not case=N')
    expect(cli(...base, '--from', '2024-02-30', '--to', '2024-03-01').err).toContain('--from is not a date')
    expect(cli(...base, '--from', '2024-03-01', '--to', '2024-03-01').code).toBe(2)
  })
})

describe('hotspots', () => {
  it('writes every cell of the grid with id,x,y,lon,lat,count,z,p,class', () => {
    const r = cli('hotspots', '--incidents', path('incidents.csv'), '--cell', '250', '--band', '500', '--out', path('cells.csv'))
    expect(r.code).toBe(0)
    const rows = csvRows(path('cells.csv'))
    expect(rows[0]).toEqual(['id', 'x', 'y', 'lon', 'lat', 'count', 'z', 'p', 'class'])
    // extent 118.5–119.015 E at 36.005 N: 0.515° × 88.2 km/° ≈ 45.4 km → 182 columns, 1 row
    expect(rows.length - 1).toBeGreaterThan(150)
    expect(rows.slice(1).reduce((s, row) => s + Number(row[5]), 0)).toBe(6)
    expect(rows[1].slice(0, 3)).toEqual(['0', '125', '125'])
    expect(rows.slice(1).every((row) => /^(hot|cold)_(99|95|90)$|^not_significant$/.test(row[8]))).toBe(true)
  })

  it('warns when a far-off coordinate stretches the grid, and --areas confines it', () => {
    // a placeholder point 5° south-west, as the Chicago export has (36.6195 N, 91.6866 W)
    writeFileSync(path('far.csv'), readFileSync(path('incidents.csv'), 'utf8') + 'a9,2024-05-15T12:00:00,criminal,x,114.0,31.0\n')
    const wide = cli('hotspots', '--incidents', path('far.csv'), '--cell', '1000', '--out', path('far-cells.csv'))
    expect(wide.code).toBe(0)
    expect(wide.err).toMatch(/incidents span \d+ × \d+ km: some coordinates may be placeholders/)
    const confined = cli('hotspots', '--incidents', path('far.csv'), '--areas', path('areas.geojson'), '--out', path('near-cells.csv'))
    expect(confined.err).not.toContain('placeholders')
    const rows = csvRows(path('near-cells.csv')).slice(1)
    // the areas span 119.00–119.06 E × 36.00–36.01 N: 5.4 km × 1.1 km → 22 × 5 cells of 250 m
    expect(rows.length).toBe(22 * 5)
    // W 3 and E 2 incidents (the point on 119.01 goes east); the far point and the one at 118.5 are out
    expect(rows.reduce((s, r) => s + Number(r[5]), 0)).toBe(5)
  })

  it('refuses a zero band and an unknown category', () => {
    expect(cli('hotspots', '--incidents', path('incidents.csv'), '--band', '0', '--out', path('c.csv')).code).toBe(2)
    const r = cli('hotspots', '--incidents', path('incidents.csv'), '--category', 'theft', '--out', path('c.csv'))
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('unknown category "theft"')])
  })
})

describe('profile', () => {
  it('writes the hour × weekday matrix and a summary with night share', () => {
    const r = cli('profile', '--incidents', path('incidents.csv'), '--out', path('profile.csv'), '--summary', path('summary.csv'))
    expect(r.code).toBe(0)
    const rows = csvRows(path('profile.csv'))
    expect(rows.length).toBe(1 + 7)
    // a1: Friday 2024-05-03 22:00 local
    const fri = rows.find((row) => row[1] === 'fri')!
    expect(fri[2 + 22]).toBe('1')
    expect(rows.slice(1).reduce((s, row) => s + Number(row[26]), 0)).toBe(6)
    // night 18:00–06:00: a1 22:00, a3 23:30 → 2 of the 6 kept rows
    const summary = csvRows(path('summary.csv'))
    expect(summary[0].slice(0, 6)).toEqual(['id', 'total', 'night', 'night_share', 'trend_per_month', 'trend_relative'])
    expect(summary[1].slice(0, 4)).toEqual(['all', '6', '2', String(Math.round((2 / 6) * 1e4) / 1e4)])
  })
})

describe('coverage and gaps', () => {
  // one dome of 30 m range at the point where a1, a2 and a5 happened, in W; nothing sees E
  const cams = () => writeFileSync(path('cameras.csv'), 'id,lon,lat,type,azimuth,fov,range\nK1,119.005,36.005,dome,0,360,30\n')

  it('coverage: covered area and seen incidents per area', () => {
    cams()
    const r = cli('coverage', '--cameras', path('cameras.csv'), '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'),
      '--out', path('coverage.csv'), '--raster', '1', '--cell', '100')
    expect([r.code, r.err]).toEqual([0, expect.stringContaining('incidents in view')])
    const rows = csvRows(path('coverage.csv'))
    expect(rows[0]).toEqual(['id', 'area_m2', 'covered_m2', 'fraction', 'incidents', 'incidents_covered'])
    const [w, e, z] = rows.slice(1)
    // W: a 0.01° square at 36° N, 0.01·111,195 m × 0.01·111,195·cos(36.005°) ≈ 1,111.9 m × 899.5 m ≈ 1.0002 km²
    expect(Number(w[1])).toBeGreaterThan(0.99e6)
    expect(Number(w[1])).toBeLessThan(1.01e6)
    // the dome's disc, π·30² = 2,827 m², lies wholly inside W; on 1 m cells within 1%
    expect(Number(w[2])).toBeGreaterThan(2827 * 0.99)
    expect(Number(w[2])).toBeLessThan(2827 * 1.01)
    // W keeps a1, a2, a5 (all at the camera); E keeps a3 and a4, far from it
    expect([w[4], w[5], e[4], e[5], e[2], z[2]]).toEqual(['3', '3', '2', '0', '0', '0'])
  })

  it('gaps: ranked cells whose scores are the incidents no camera sees', () => {
    cams()
    const r = cli('gaps', '--cameras', path('cameras.csv'), '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'),
      '--out', path('gaps.csv'), '--raster', '1', '--cell', '100', '--band', '100')
    expect(r.code).toBe(0)
    const rows = csvRows(path('gaps.csv'))
    expect(rows[0]).toEqual(['rank', 'id', 'x', 'y', 'lon', 'lat', 'incidents', 'unseen', 'coverage', 'z', 'hotspot', 'score', 'bivariate'])
    // unseen: a3 and a4 in E (a6 and the rest are outside the areas or seen)
    expect(rows.slice(1).reduce((sum, row) => sum + Number(row[11]), 0)).toBe(2)
    expect(rows.slice(1).map((row) => row[0])).toEqual(rows.slice(1).map((_, k) => String(k + 1)))
  })

  it('refuses a grid cell that is not a multiple of the raster cell', () => {
    cams()
    const r = cli('coverage', '--cameras', path('cameras.csv'), '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'),
      '--out', path('c2.csv'), '--raster', '3', '--cell', '100')
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('whole multiple of the raster cell')])
    expect(cli('coverage', '--cameras', path('cameras.csv'), '--areas', path('areas.geojson'), '--incidents', path('incidents.csv'),
      '--out', path('c3.csv'), '--dori', 'zoom').code).toBe(2)
  })
})

describe('bad input and help', () => {
  it('names the file when it is missing or not JSON, the flag when it is unknown', () => {
    const missing = cli('join', '--areas', path('nope.geojson'), '--incidents', path('incidents.csv'), '--out', path('o.csv'))
    expect([missing.code, missing.err]).toEqual([1, expect.stringContaining(`${path('nope.geojson')}: cannot read (ENOENT)`)])
    writeFileSync(path('broken.geojson'), '{"type": "FeatureCollection", "features": [')
    const broken = cli('join', '--areas', path('broken.geojson'), '--incidents', path('incidents.csv'), '--out', path('o.csv'))
    expect([broken.code, broken.err]).toEqual([1, expect.stringContaining(`${path('broken.geojson')}: not valid JSON`)])
    writeFileSync(path('empty.csv'), '')
    const empty = cli('join', '--areas', path('areas.geojson'), '--incidents', path('empty.csv'), '--out', path('o.csv'))
    expect([empty.code, empty.err]).toEqual([1, expect.stringContaining('empty file')])
    const flag = cli('join', '--areas', path('areas.geojson'), '--bogus')
    expect([flag.code, flag.err]).toEqual([2, expect.stringContaining("Unknown option '--bogus'")])
    expect(cli('nope').code).toBe(2)
    expect(cli('join', '--incidents', path('incidents.csv'), '--out', path('o.csv')).err).toContain('--areas is required')
  })

  it('documents every flag of every command in --help', () => {
    for (const c of COMMANDS) {
      const r = cli(c.name, '--help')
      expect(r.code).toBe(0)
      expect(r.out).toBe(commandHelp(c))
      for (const f of c.flags) expect(r.out, `${c.name} --${f.name}`).toMatch(new RegExp(`--${f.name}\\b.*\\S`))
    }
    expect(cli('hotspots', '--help').out).toContain('R = 6,371,008.8 m')
    expect(cli('--help').out).toMatch(/join[\s\S]*index[\s\S]*hotspots[\s\S]*profile/)
  })
})

describe('real data', () => {
  it('joins the Chicago homicides into police districts, as the police department assigned them', () => {
    const r = cli('join', '--areas', realData('chicago/police_districts.geojson'), '--id-field', 'dist_num',
      '--incidents', realData('chicago/homicides.csv'), '--category-map', 'HOMICIDE=criminal', '--out', path('chi.csv'))
    expect(r.code).toBe(0)
    const rows = csvRows(path('chi.csv')).slice(1)
    const joined = new Map(rows.map((row) => [row[0], Number(row[1])]))
    // the department's own District column, per district
    const src = Papa.parse<Record<string, string>>(readFileSync(realData('chicago/homicides.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data
    const byDept = new Map<string, number>()
    for (const row of src) if (row.Latitude) byDept.set(String(Number(row.District)), (byDept.get(String(Number(row.District))) ?? 0) + 1)
    let diff = 0
    for (const [id, n] of byDept) diff += Math.abs((joined.get(id) ?? 0) - n)
    // per-district totals differ by a few % at most (points on boundaries, the split district 31)
    expect(diff / 13171).toBeLessThan(0.05)
    expect(r.err).toContain('duplicate_id')
  })
})

describe('validate', () => {

  it('checks a GBK, GCJ-02 incident export: the report names each bad row, the good rows come out in WGS-84', async () => {
    const rows = [
      ['警情编号', '报警时间', '警情类别', '警情细类', '经度', '纬度'],
      ...demoAsPoliceExport(200).map((r) => [r.id, r.time, r.category, r.subtype, r.lon, r.lat]),
      ['X1', '2025-01-01 08:00', '刑事', '盗窃', '', '36.7'], // line 202
      ['X2', '昨天', '刑事', '盗窃', '119.1', '36.7'], // line 203
    ]
    writeFileSync(path('gbk.csv'), iconv.encode(rows.map((r) => r.join(',')).join('\r\n'), 'gbk'))
    const r = await run('validate', '--kind', 'incidents', path('gbk.csv'), '--report', path('gbk-report.csv'), '--out', path('gbk-out.csv'))
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/coordinate system detected as gcj02 \(inside-areas/)
    expect(r.err).toMatch(/text encoding gb18030 \(detected\)/)
    expect(r.err).toContain('202 read, 200 kept, 2 rejected (missing_coordinates 1, bad_time 1)')
    expect(csvRows(path('gbk-report.csv'))).toEqual([
      ['line', 'reason', 'detail'], ['0', 'encoding', 'gb18030 (detected)'], ['0', 'crs', 'gcj02 converted to wgs84 (detected)'],
      ['202', 'missing_coordinates', 'lon'], ['203', 'bad_time', '昨天'],
    ])
    const out = Papa.parse<Record<string, string>>(readFileSync(path('gbk-out.csv'), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data
    expect(out).toHaveLength(200)
    const demo = readFileSync('geodata/demo/incidents.csv', 'utf8').split('\n')[1].split(',')
    expect(out[0].id).toBe(demo[0])
    expect(out[0].category).toBe(demo[2])
    expect(Math.abs(Number(out[0].lon) - Number(demo[4]))).toBeLessThan(2e-5)
    expect(Math.abs(Number(out[0].lat) - Number(demo[5]))).toBeLessThan(2e-5)
  })

  it('converts the DataV district outline to WGS-84 GeoJSON; exits 1 only when nothing can be read, 2 for a wrong command line', async () => {
    const r = await run('validate', '--kind', 'areas', realData('china-districts/370702.json'), '--out', path('weicheng.geojson'))
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/detected as gcj02 \(bbox-overlap/)
    const fc = JSON.parse(readFileSync(path('weicheng.geojson'), 'utf8'))
    expect(fc.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(['370702'])
    writeFileSync(path('empty.csv'), '')
    const empty = await run('validate', '--kind', 'cameras', path('empty.csv'), '--report', path('empty-report.csv'))
    expect(empty.code).toBe(1)
    expect(empty.err).toContain('empty file')
    expect(readFileSync(path('empty-report.csv'), 'utf8')).toMatch(/^line,reason,detail\r\n0,file_error,/)
    expect((await run('validate', '--kind', 'nonsense', path('empty.csv'))).code).toBe(2)
    expect((await run('validate', '--kind', 'areas', realData('china-districts/370702.json'), '--out', path('x.csv'))).code).toBe(2)
    expect((await run('validate', '--kind', 'cameras')).code).toBe(2)
  })
})

describe('patrol and isochrones (on the demo district when given no inputs)', () => {
  it('patrol writes grid_id,hour_band,priority,level_now,level_suggested for every grid and band, and the schedule', () => {
    const r = cli('patrol', '--grid-size', '3000', '--out', path('patrol.csv'), '--schedule', path('schedule.csv'))
    expect(r.code).toBe(0)
    const rows = csvRows(path('patrol.csv'))
    expect(rows[0]).toEqual(['grid_id', 'hour_band', 'priority', 'level_now', 'level_suggested'])
    const grids = new Set(rows.slice(1).map((x) => x[0]))
    expect(rows.length - 1).toBe(grids.size * 6)
    expect(new Set(rows.slice(1).map((x) => x[1]))).toEqual(new Set(['00-04', '04-08', '08-12', '12-16', '16-20', '20-24']))
    for (const x of rows.slice(1)) {
      expect(Number(x[2])).toBeGreaterThanOrEqual(0)
      expect(Number(x[2])).toBeLessThanOrEqual(100)
      expect(['1', '2', '3', '4']).toContain(x[3])
      expect(['1', '2', '3', '4']).toContain(x[4])
    }
    const schedule = csvRows(path('schedule.csv'))
    expect(schedule[0]).toEqual(['grid_id', 'name', 'hour_band', 'check_at', 'priority', 'level_now', 'level_suggested'])
    expect(schedule[1][3]).toMatch(/^\d\d:30$/)
    expect(r.err).toMatch(/key sites within 1 min: \d+\/38/)
  })

  it('isochrones writes one (Multi)Polygon per station and band with station_id and minutes', () => {
    const r = cli('isochrones', '--minutes', '3,1', '--out', path('iso.geojson'))
    expect(r.code).toBe(0)
    const fc = JSON.parse(readFileSync(path('iso.geojson'), 'utf8'))
    expect(fc.features).toHaveLength(20)
    expect(new Set(fc.features.map((f: { properties: { minutes: number } }) => f.properties.minutes))).toEqual(new Set([1, 3]))
    expect(fc.features.every((f: { geometry: { type: string }; properties: { station_id: string } }) => f.geometry.type === 'MultiPolygon' && /^PS\d\d$/.test(f.properties.station_id))).toBe(true)
    expect(cli('isochrones', '--minutes', '0').code).toBe(2)
  })
})
