import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CAMERA_TYPES, RANGE_GIVEN } from '../../../src/core/cameras'
import { SITE_TYPE_UNSET, posesAtSites } from '../../../src/core/candidate-poses'
import { planCameraColumns, type PlanCamera } from '../../../src/core/plan-cameras'
import { readCamerasCsv } from '../../../src/io/cameras-csv'
import { planToCsv, planToGeoJson, readCandidatesCsv, readPlanFile } from '../../../src/io/plan-file'

const PLAN: PlanCamera[] = [
  { id: 'P-001', lon: 119.0123456789, lat: 36.7, type: 'bullet', azimuth: 37.3, fov: 70, range: 60, source: 'hand' },
  { id: '东门<b>1</b>', lon: 119.02, lat: 36.71, type: 'dome', azimuth: 0, fov: 360, range: 30, source: 'suggested', gain: 12.5 },
  { id: 'R-000003@90', lon: 119.03, lat: 36.72, type: 'ptz', azimuth: 90, fov: 60, range: 150, source: 'suggested', gain: 0.1 + 0.2 },
]

describe('planToCsv', () => {
  it('writes the header and one row per camera, with a BOM, CRLF and 7-decimal lon/lat', () => {
    const csv = planToCsv(PLAN)
    expect(csv.startsWith('\uFEFFid,lon,lat,type,azimuth,fov,range,status,source,gain\r\n')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    // 119.0123456789 to 7 decimals is 119.0123457 (the 8th decimal, 7, rounds up)
    expect(lines[1]).toBe('P-001,119.0123457,36.7000000,bullet,37.3,70,60,online,hand,')
    expect(lines[2]).toBe('东门<b>1</b>,119.0200000,36.7100000,dome,0,360,30,online,suggested,12.5')
    expect(lines[3]).toBe('R-000003@90,119.0300000,36.7200000,ptz,90,60,150,online,suggested,0.30000000000000004')
    expect(lines[4]).toBe('')
    expect(planToCsv([])).toBe('\uFEFFid,lon,lat,type,azimuth,fov,range,status,source,gain\r\n')
  })

  it('reads back through readCamerasCsv as the plan\'s camera columns: a plan hands over as cameras', () => {
    const { cameras, report } = readCamerasCsv(planToCsv(PLAN), 'plan.csv')
    expect(report.rejectedCount).toBe(0)
    expect(report.warnings).toEqual([])
    const want = planCameraColumns(PLAN)
    expect(cameras.ids).toEqual(want.ids)
    expect([...cameras.lon]).toEqual([119.0123457, 119.02, 119.03])
    for (const k of ['azimuth', 'fov', 'range', 'type', 'cls', 'status', 'rangeSource', 'focalMm'] as const) {
      expect([...cameras[k]]).toEqual([...want[k]])
    }
    expect([...cameras.rangeSource]).toEqual([RANGE_GIVEN, RANGE_GIVEN, RANGE_GIVEN])
  })

  it('guards an id a spreadsheet would run as a formula', () => {
    const csv = planToCsv([{ ...PLAN[0], id: '=HYPERLINK("x")' }])
    expect(csv.split('\r\n')[1].startsWith(`"'=HYPERLINK(""x"")",`)).toBe(true)
  })
})

const cameraArb = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9一-龥 _<>&"',.-]{1,12}$/).map((s) => s.trim()).filter((s) => s !== '' && !/^[=+\-@]/.test(s)),
  lon: fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }).map((v) => v / 1e7),
  lat: fc.integer({ min: -900_000_000, max: 900_000_000 }).map((v) => v / 1e7),
  type: fc.constantFrom(...CAMERA_TYPES),
  azimuth: fc.integer({ min: 0, max: 3599 }).map((v) => v / 10),
  fov: fc.integer({ min: 1, max: 360 }),
  range: fc.integer({ min: 10, max: 50000 }).map((v) => v / 10),
  source: fc.constantFrom('hand' as const, 'suggested' as const),
  gain: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
}).map((c) => {
  const { gain, ...rest } = c
  return (gain === undefined ? rest : { ...rest, gain }) as PlanCamera
})
const plans = fc.uniqueArray(cameraArb, { selector: (c) => c.id, maxLength: 8 })

describe('readPlanFile', () => {
  it('CSV: reads back every camera with source and gain', () => {
    const r = readPlanFile(planToCsv(PLAN), 'plan.csv')
    expect(r.name).toBeNull()
    expect(r.report.rowsKept).toBe(3)
    // lon rounds to 7 decimals; azimuth 37.3 comes back as 37.3, not its float32 37.29999923706055
    expect(r.cameras).toEqual([{ ...PLAN[0], lon: 119.0123457 }, PLAN[1], PLAN[2]])
  })

  it('GeoJSON: the name and every camera come back', () => {
    const text = planToGeoJson('东区 2025 方案', PLAN)
    const json = JSON.parse(text)
    expect(json.name).toBe('东区 2025 方案')
    expect(json.features[1]).toEqual({
      type: 'Feature',
      properties: { id: '东门<b>1</b>', type: 'dome', azimuth: 0, fov: 360, range: 30, source: 'suggested', gain: 12.5 },
      geometry: { type: 'Point', coordinates: [119.02, 36.71] },
    })
    expect('gain' in json.features[0].properties).toBe(false)
    const r = readPlanFile(text, 'plan.geojson')
    expect(r.name).toBe('东区 2025 方案')
    expect(r.cameras).toEqual([{ ...PLAN[0], lon: 119.0123457 }, PLAN[1], PLAN[2]])
  })

  it('property: CSV and GeoJSON round trips give the plan back (plans drawn on the 7-decimal grid)', () => {
    fc.assert(fc.property(plans, (plan) => {
      expect(readPlanFile(planToCsv(plan), 'p.csv').cameras).toEqual(plan)
      expect(readPlanFile(planToGeoJson('p', plan), 'p.geojson').cameras).toEqual(plan)
    }))
  })

  it('CSV: bad rows reported with their line, good rows kept; missing source is hand; bad source and gain warned', () => {
    const text = [
      'id,lon,lat,type,azimuth,fov,range,source,gain',
      'A,119,36.7,bullet,10,70,60,suggested,3', // line 2
      'B,,36.7,bullet,10,70,60,hand,', // line 3: no lon
      'A,119.1,36.7,bullet,10,70,60,hand,', // line 4: duplicate id
      'C,119.2,36.7,dome,,,,imported,lots', // line 5
      '',
      'D,119.3,95,bullet,0,70,60,hand,', // line 7: lat out of range
      'B,119.4,36.7,ptz,20,60,150,,', // line 8: B's first good row
    ].join('\n')
    const r = readPlanFile(text, 'p.csv')
    expect(r.report.rejected.map((x) => [x.line, x.reason])).toEqual([
      [3, 'missing_coordinates'], [4, 'duplicate_id'], [7, 'coordinates_out_of_range'],
    ])
    expect(r.cameras.map((c) => [c.id, c.source, c.gain])).toEqual([['A', 'suggested', 3], ['C', 'hand', undefined], ['B', 'hand', undefined]])
    expect(r.cameras[2]).toMatchObject({ lon: 119.4, type: 'ptz', azimuth: 20 })
    expect(r.report.warnings).toContain('1 row(s) have a source other than hand or suggested: read as hand')
    expect(r.report.warnings).toContain('1 row(s) have a gain that is not a number: left out')
  })

  it('a camera network CSV (no source, no gain) reads as hand-placed cameras', () => {
    const r = readPlanFile('id,lon,lat,type,azimuth,fov,range,class,status\nK1,119,36.7,ptz,45,,,A,online\n', 'cams.csv')
    expect(r.cameras).toEqual([{ id: 'K1', lon: 119, lat: 36.7, type: 'ptz', azimuth: 45, fov: 60, range: 150, source: 'hand' }])
  })

  it('GeoJSON: a bad feature is reported by its feature number', () => {
    const fcText = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'G1', type: 'bullet', azimuth: 0, fov: 70, range: 60, source: 'hand' }, geometry: { type: 'Point', coordinates: [119, 36.7] } },
        { type: 'Feature', properties: { id: 'G2' }, geometry: null },
        { type: 'Feature', properties: { id: 'G3', type: 'dome', source: 'suggested', gain: 2 }, geometry: { type: 'Point', coordinates: [119.1, 36.7] } },
      ],
    })
    const r = readPlanFile(fcText, 'p.geojson')
    expect(r.name).toBeNull()
    expect(r.report.rejected).toEqual([{ line: 2, reason: 'missing_coordinates' }])
    expect(r.cameras.map((c) => [c.id, c.source, c.gain, c.fov])).toEqual([['G1', 'hand', undefined, 70], ['G3', 'suggested', 2, 360]])
  })

  it('throws a clear error for a file that is neither', () => {
    expect(() => readPlanFile('', 'x.csv')).toThrow('x.csv: empty file')
    expect(() => readPlanFile('hello world\nthis is a note\n', 'notes.txt')).toThrow('notes.txt is neither a plan CSV (a header with id, lon, lat, …) nor GeoJSON')
    expect(() => readPlanFile('{"type": "Feature', 'p.json')).toThrow(/p\.json: not valid JSON/)
    expect(() => readPlanFile('{"type": "Topology"}', 'p.json')).toThrow(/TopoJSON/)
    expect(() => readPlanFile('{"a": 1}', 'p.json')).toThrow(/not GeoJSON/)
  })
})

describe('readCandidatesCsv', () => {
  const text = [
    'id,lon,lat,azimuth,fov,range,type',
    'pole-1,119,36.7,45,90,80,', // line 2: a full pose, type from the command
    'pole-2,119.001,36.7,,,,', // line 3: all open
    'pole-3,119.002,36.7,north,400,,ptz', // line 4: unusable azimuth and fov are open too
    'pole-4,,36.7,0,70,60,', // line 5: no lon
    'pole-5,200,36.7,0,70,60,', // line 6: lon out of range
    'pole-6,119.003,36.7,360,360,5000,dome', // line 7: the edges are usable
    'pole-7,119.004,36.7,0,70,60,fisheye', // line 8: an unknown type reads as bullet
  ].join('\n')
  const { sites, report } = readCandidatesCsv(text, 'cand.csv')

  it('keeps the good rows and rejects bad coordinates with their line', () => {
    expect(sites.ids).toEqual(['pole-1', 'pole-2', 'pole-3', 'pole-6', 'pole-7'])
    expect(report.kind).toBe('candidates')
    expect(report.fileName).toBe('cand.csv')
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([[5, 'missing_coordinates'], [6, 'coordinates_out_of_range']])
    expect([...sites.lon]).toEqual([119, 119.001, 119.002, 119.003, 119.004])
  })

  it('leaves empty or unusable azimuth, fov and range open (NaN) and an empty type unset', () => {
    expect([...sites.azimuth!]).toEqual([45, NaN, NaN, 360, 0])
    expect([...sites.fov!]).toEqual([90, NaN, NaN, 360, 70])
    expect([...sites.range!]).toEqual([80, NaN, NaN, 5000, 60])
    const [ptz, dome, bullet] = ['ptz', 'dome', 'bullet'].map((t) => CAMERA_TYPES.indexOf(t as 'ptz'))
    expect([...sites.type!]).toEqual([SITE_TYPE_UNSET, SITE_TYPE_UNSET, ptz, dome, bullet])
  })

  it('says what stays open instead of the camera reader\'s "took the default"', () => {
    expect(report.warnings.some((w) => /took the default/.test(w))).toBe(false)
    expect(report.warnings).toEqual([
      '1 row(s) have an unknown type: read as bullet',
      '2 row(s) without a usable azimuth: every orientation is tried',
      '2 row(s) without a usable fov: the type\'s or the command\'s',
      '2 row(s) without a usable range: the type\'s or the command\'s',
    ])
  })

  it('feeds posesAtSites: one pose for a given azimuth, every orientation for an open one', () => {
    const p = posesAtSites({ ...sites, count: 4 }, { type: 'bullet', stepDeg: 90 })
    // pole-1 (own 45°), pole-2 bullet 4 × 90°, pole-3 ptz 4 × 90°, pole-6 dome with its own azimuth 360
    expect(p.ids).toEqual(['pole-1', 'pole-2@0', 'pole-2@90', 'pole-2@180', 'pole-2@270', 'pole-3@0', 'pole-3@90', 'pole-3@180', 'pole-3@270', 'pole-6'])
    expect([...p.fov]).toEqual([90, 70, 70, 70, 70, 60, 60, 60, 60, 360])
    expect([...p.range]).toEqual([80, 60, 60, 60, 60, 150, 150, 150, 150, 5000])
  })

  it('a file without lon/lat columns: a report error, no sites', () => {
    const r = readCandidatesCsv('name,x\na,1\n', 'bad.csv')
    expect(r.sites.count).toBe(0)
    expect(r.report.errors).toEqual(['missing column(s): id, lon, lat'])
  })
})
