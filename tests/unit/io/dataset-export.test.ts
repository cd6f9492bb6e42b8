import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import fastCheck from 'fast-check'
import type { FeatureCollection, Point } from 'geojson'
import { CATEGORIES, packedString, type IncidentColumns, type PackedStrings } from '../../../src/core/incidents'
import { RANGE_DEFAULT, RANGE_GIVEN, RANGE_LENS, type CameraColumns } from '../../../src/core/cameras'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { readCamerasCsv } from '../../../src/io/cameras-csv'
import { readPopulationCsv } from '../../../src/io/population-csv'
import {
  camerasToCsv, camerasToGeoJson, featuresToGeoJson, float32Text, incidentsToCsv, incidentsToGeoJson, isoShanghai,
  pointFeaturesToCsv, populationToCsv,
} from '../../../src/io/dataset-export'

const demoPath = (name: string) => fileURLToPath(new URL(`../../../geodata/demo/${name}`, import.meta.url))
const enc = new TextEncoder()
const text = (chunks: string[]) => chunks.join('')
const bytes = (chunks: string[]) => enc.encode(text(chunks))
const ids = (c: IncidentColumns) => Array.from({ length: c.count }, (_, i) => packedString(c.id, i))
const addresses = (c: IncidentColumns) => Array.from({ length: c.count }, (_, i) => packedString(c.address, i))

/** first index where two array-likes differ, -1 if none (Object.is: NaN equals NaN) */
function firstDiff(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length)
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i
  return -1
}

function expectSameIncidents(a: IncidentColumns, b: IncidentColumns) {
  expect(b.count).toBe(a.count)
  for (const k of ['lon', 'lat', 'time', 'category', 'subtype'] as const) expect([k, firstDiff(a[k], b[k])]).toEqual([k, -1])
  expect(b.subtypes).toEqual(a.subtypes)
  for (const k of ['id', 'address'] as const) {
    expect([k, firstDiff(a[k].offsets, b[k].offsets)]).toEqual([k, -1])
    expect([k, firstDiff(a[k].bytes, b[k].bytes)]).toEqual([k, -1])
  }
}

const CAMERA_COLUMNS = ['lon', 'lat', 'azimuth', 'fov', 'range', 'type', 'cls', 'status', 'focalMm', 'sensorMm', 'hRes', 'rangeSource'] as const

function expectSameCameras(a: CameraColumns, b: CameraColumns) {
  expect(b.count).toBe(a.count)
  expect(b.ids).toEqual(a.ids)
  for (const k of CAMERA_COLUMNS) expect([k, firstDiff(a[k], b[k])]).toEqual([k, -1])
}

// A hand-made incident file with every awkward value. Line 2 is the time the brief names.
const TRICKY_CSV = [
  'id,time,category,subtype,lon,lat,address',
  'E1,2025-01-01T00:30:00+08:00,criminal,theft,119.1,36.7,"北关街道, 3号"',
  'E2,2024-12-31T16:30:00Z,fire,"say ""hi""",119.123456,36.654321,"line one',
  'line two"',
  'E3,2025-01-01 00:30:00.250,public_order,fight,-0.5,-1,=HYPERLINK("http://x")',
  'E4,2025-06-30T23:59:59,问题隐患,hazard,119.2,36.8," padded "',
  'E5,2025-02-01T08:00:00,mystery,x,119.2,36.8,emoji 🚓 ok',
  '"a,""b""",2025-02-01T08:00:00,criminal,,119.2,36.8,',
].join('\n') + '\n'

describe('isoShanghai and float32Text', () => {
  it('writes local time in Asia/Shanghai with +08:00, milliseconds only when present', () => {
    expect(isoShanghai(Date.UTC(2024, 11, 31, 16, 30))).toBe('2025-01-01T00:30:00+08:00')
    expect(isoShanghai(Date.UTC(2024, 11, 31, 16, 30, 0, 250))).toBe('2025-01-01T00:30:00.250+08:00')
    expect(isoShanghai(Date.UTC(2024, 1, 29, 15, 59, 59))).toBe('2024-02-29T23:59:59+08:00')
    expect(isoShanghai(Date.UTC(1969, 11, 31, 15, 59, 59, 1))).toBe('1969-12-31T23:59:59.001+08:00')
    expect(isoShanghai(NaN)).toBe('')
    expect(isoShanghai(Infinity)).toBe('')
  })
  it('reads back as the same instant (Date.parse), 1900–2100', () => {
    fastCheck.assert(fastCheck.property(fastCheck.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
      expect(Date.parse(isoShanghai(t))).toBe(t)
    }))
  })
  it('writes the shortest decimal that reads back as the same float32', () => {
    expect(float32Text(Math.fround(5.37))).toBe('5.37')
    expect(float32Text(Math.fround(0.1))).toBe('0.1')
    expect(float32Text(2560)).toBe('2560')
    expect(float32Text(NaN)).toBe('')
    for (const x of [1 / 3, 123.456, 1e-7, 3.4e38, 16777217]) {
      const f = Math.fround(x)
      expect(Math.fround(Number(float32Text(f)))).toBe(f)
    }
  })
})

describe('incidentsToCsv', () => {
  const { columns: c, report } = readIncidentsCsv(enc.encode(TRICKY_CSV))
  const out = incidentsToCsv(c)
  const csv = text(out)

  it('reads the fixture as intended', () => {
    expect(report.rejectedCount).toBe(0)
    expect(c.count).toBe(6)
  })

  it('writes the contract header, a BOM, CRLF lines, times in +08:00 and 6 decimals', () => {
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('\uFEFFid,time,category,subtype,lon,lat,address')
    // an incident at 00:30 local on New Year's day stays on that day, written either way in
    expect(lines[1]).toBe('E1,2025-01-01T00:30:00+08:00,criminal,theft,119.100000,36.700000,"北关街道, 3号"')
    expect(lines[2]).toBe('E2,2025-01-01T00:30:00+08:00,fire,"say ""hi""",119.123456,36.654321,"line one\nline two"')
    // a formula is guarded with an apostrophe; a time without offset was Shanghai and says so now
    expect(lines[3]).toBe(`E3,2025-01-01T00:30:00.250+08:00,public_order,fight,-0.500000,-1.000000,"'=HYPERLINK(""http://x"")"`)
    expect(lines[4]).toBe('E4,2025-06-30T23:59:59+08:00,problem,hazard,119.200000,36.800000," padded "')
    // an unknown category was kept as other, and is written as other
    expect(lines[5]).toBe('E5,2025-02-01T08:00:00+08:00,other,x,119.200000,36.800000,emoji 🚓 ok')
    expect(lines[6]).toBe('"a,""b""",2025-02-01T08:00:00+08:00,criminal,,119.200000,36.800000,')
    expect(lines[7]).toBe('')
    expect(lines).toHaveLength(8)
  })

  it('reads back to the same columns; the guarded formula keeps its apostrophe', () => {
    const back = readIncidentsCsv(bytes(out))
    expect(back.report.rejectedCount).toBe(0)
    expect(back.report.errors).toEqual([])
    expect(ids(back.columns)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'a,"b"'])
    expect(addresses(back.columns)).toEqual(['北关街道, 3号', 'line one\nline two', `'=HYPERLINK("http://x")`, ' padded ', 'emoji 🚓 ok', ''])
    expect(back.columns.subtypes).toEqual(c.subtypes)
    expect(Array.from(back.columns.time)).toEqual(Array.from(c.time))
    expect(Array.from(back.columns.category)).toEqual([0, 2, 1, 3, 4, 0])
    expect(Array.from(back.columns.lon)).toEqual([119.1, 119.123456, -0.5, 119.2, 119.2, 119.2])
  })

  it('round-trips the demo incidents exactly, in chunks of a few thousand rows', () => {
    const demo = readIncidentsCsv(new Uint8Array(readFileSync(demoPath('incidents.csv'))))
    expect(demo.report.rejectedCount).toBe(0)
    const chunks = incidentsToCsv(demo.columns)
    expect(chunks.length).toBe(Math.ceil(demo.columns.count / 5000))
    expect(Math.max(...chunks.map((s) => s.length))).toBeLessThan(1_000_000)
    const back = readIncidentsCsv(bytes(chunks))
    expect(back.report.rejectedCount).toBe(0)
    expect(back.report.warnings).toEqual([])
    expectSameIncidents(demo.columns, back.columns)
  })
})

/** Columns built by hand, to reach bytes the readers would not produce. */
function packed(rows: number[][]): PackedStrings {
  const offsets = new Uint32Array(rows.length + 1)
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i] + r.length))
  return { bytes: Uint8Array.from(rows.flat()), offsets }
}

describe('incidents with non-UTF-8 bytes in a column', () => {
  it('writes what packedString reads, row by row, when a character is split across rows', () => {
    // E4 B8 | AD: each row alone is invalid UTF-8, the two together spell 中
    const id = packed([[0x41], [0xe4, 0xb8], [0xad], [0xe4, 0xb8, 0xad]])
    const n = 4
    const c: IncidentColumns = {
      count: n, lon: new Float64Array(n).fill(119), lat: new Float64Array(n).fill(36), time: new Float64Array(n),
      category: new Uint8Array(n), subtype: new Uint16Array(n), subtypes: [''], id, address: packed([[], [], [], []]),
    }
    const rows = Papa.parse<string[]>(text(incidentsToCsv(c)).slice(1), { skipEmptyLines: true }).data.slice(1)
    expect(rows.map((r) => r[0])).toEqual([0, 1, 2, 3].map((i) => packedString(id, i)))
    expect(rows.map((r) => r[0])).toEqual(['A', '\uFFFD', '\uFFFD', '中'])
    expect(rows[0][1]).toBe('1970-01-01T08:00:00+08:00')
  })
})

describe('incidentsToGeoJson', () => {
  it('writes a FeatureCollection of Points with the same properties', () => {
    const { columns: c } = readIncidentsCsv(enc.encode(TRICKY_CSV))
    const fc = JSON.parse(text(incidentsToGeoJson(c))) as FeatureCollection<Point>
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(6)
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [119.1, 36.7] },
      properties: { id: 'E1', time: '2025-01-01T00:30:00+08:00', category: 'criminal', subtype: 'theft', address: '北关街道, 3号' },
    })
    // JSON needs no formula guard: the text is as it was
    expect(fc.features[2].properties).toMatchObject({ address: '=HYPERLINK("http://x")', time: '2025-01-01T00:30:00.250+08:00' })
    expect(fc.features[1].properties!.subtype).toBe('say "hi"')
    expect(fc.features[4].properties!.category).toBe('other')
  })

  it('writes the demo incidents as valid JSON in chunks', () => {
    const { columns: c } = readIncidentsCsv(new Uint8Array(readFileSync(demoPath('incidents.csv'))))
    const chunks = incidentsToGeoJson(c)
    expect(chunks.length).toBe(Math.ceil(c.count / 5000) + 1)
    const fc = JSON.parse(text(chunks)) as FeatureCollection<Point>
    expect(fc.features).toHaveLength(c.count)
    const i = 12345
    expect(fc.features[i].properties!.id).toBe(packedString(c.id, i))
    expect(fc.features[i].properties!.category).toBe(CATEGORIES[c.category[i]])
    expect(Date.parse(fc.features[i].properties!.time)).toBe(c.time[i])
    expect(fc.features[i].geometry.coordinates).toEqual([c.lon[i], c.lat[i]])
  })

  it('writes an empty collection for no incidents', () => {
    const { columns: c } = readIncidentsCsv(enc.encode('id,time,category,subtype,lon,lat\n'))
    expect(JSON.parse(text(incidentsToGeoJson(c)))).toEqual({ type: 'FeatureCollection', features: [] })
    expect(text(incidentsToCsv(c))).toBe('\uFEFFid,time,category,subtype,lon,lat,address\r\n')
  })
})

const CAMERAS_CSV = [
  'id,lon,lat,type,azimuth,fov,range,class,status,focal_mm,sensor_mm,resolution_px',
  'C1,119.1234567,36.7654321,bullet,90,45,80,A,online,,,',
  'C2,119.2,36.8,dome,,,,B,offline,,,',
  '"=cmd|\' /C calc\'!A0",119.3,36.9,ptz,10.5,,,,,,,',
  '"C,4",119.4,36.6,bullet,270,,,a,online,4,5.37,2560',
].join('\n')

describe('camerasToCsv', () => {
  const { cameras: c, report } = readCamerasCsv(CAMERAS_CSV)

  it('writes the contract columns; a default range is left empty, lens cells empty without a lens', () => {
    expect(report.rejectedCount).toBe(0)
    expect(Array.from(c.rangeSource)).toEqual([RANGE_GIVEN, RANGE_DEFAULT, RANGE_DEFAULT, RANGE_LENS])
    const lines = text(camerasToCsv(c)).split('\r\n')
    expect(lines[0]).toBe('\uFEFFid,lon,lat,type,azimuth,fov,range,class,status,focal_mm,sensor_mm,resolution_px')
    expect(lines[1]).toBe('C1,119.1234567,36.7654321,bullet,90,45,80,A,online,,,')
    expect(lines[2]).toBe('C2,119.2,36.8,dome,0,360,,B,offline,,,')
    expect(lines[3]).toBe(`'=cmd|' /C calc'!A0,119.3,36.9,ptz,10.5,60,,B,online,,,`)
    expect(lines[4]).toMatch(/^"C,4",119\.4,36\.6,bullet,270,[\d.]+,[\d.]+,A,online,4,5\.37,2560$/)
    expect(lines).toHaveLength(6)
  })

  it('reads back to the same columns (the formula-guarded id keeps its apostrophe)', () => {
    const back = readCamerasCsv(text(camerasToCsv(c)))
    expect(back.report.rejectedCount).toBe(0)
    expect(back.cameras.ids).toEqual(['C1', 'C2', `'=cmd|' /C calc'!A0`, 'C,4'])
    expectSameCameras({ ...c, ids: back.cameras.ids }, back.cameras)
  })

  it('keeps an unknown heading unknown: the azimuth cell is left empty and reads back the same', () => {
    const poles = readCamerasCsv('id,lon,lat,type,azimuth\nP1,119,36,bullet,\nP2,119,36,bullet,45\n').cameras
    const lines = text(camerasToCsv(poles)).split('\r\n')
    expect(lines[1]).toBe('P1,119,36,bullet,,70,,B,online,,,')
    expect(lines[2]).toBe('P2,119,36,bullet,45,70,,B,online,,,')
    expect(Array.from(readCamerasCsv(text(camerasToCsv(poles))).cameras.headingUnknown ?? [])).toEqual([1, 0])
  })

  it('round-trips the demo cameras exactly', () => {
    const demo = readCamerasCsv(readFileSync(demoPath('cameras.csv'), 'utf8'))
    expect(demo.report.rejectedCount).toBe(0)
    const back = readCamerasCsv(text(camerasToCsv(demo.cameras)))
    expect(back.report.rejectedCount).toBe(0)
    expect(back.report.warnings).toEqual(demo.report.warnings)
    expectSameCameras(demo.cameras, back.cameras)
  })
})

describe('camerasToGeoJson', () => {
  it('writes Points with numeric properties, leaving out an empty lens and a default range', () => {
    const { cameras: c } = readCamerasCsv(CAMERAS_CSV)
    const fc = JSON.parse(text(camerasToGeoJson(c))) as FeatureCollection<Point>
    expect(fc.features).toHaveLength(4)
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [119.1234567, 36.7654321] },
      properties: { id: 'C1', type: 'bullet', azimuth: 90, fov: 45, range: 80, class: 'A', status: 'online' },
    })
    expect(fc.features[1].properties).toEqual({ id: 'C2', type: 'dome', azimuth: 0, fov: 360, class: 'B', status: 'offline' })
    // JSON needs no guard
    expect(fc.features[2].properties!.id).toBe(`=cmd|' /C calc'!A0`)
    expect(fc.features[3].properties).toMatchObject({ id: 'C,4', focal_mm: 4, sensor_mm: 5.37, resolution_px: 2560 })
  })

  it('writes all demo cameras', () => {
    const { cameras: c } = readCamerasCsv(readFileSync(demoPath('cameras.csv'), 'utf8'))
    const fc = JSON.parse(text(camerasToGeoJson(c))) as FeatureCollection<Point>
    expect(fc.features).toHaveLength(2400)
    expect(fc.features.map((f) => f.properties!.id)).toEqual(c.ids)
    expect(fc.features[7].geometry.coordinates).toEqual([c.lon[7], c.lat[7]])
  })
})

describe('featuresToGeoJson', () => {
  for (const name of ['roads', 'buildings', 'stations']) {
    it(`writes the demo ${name} back to the same FeatureCollection`, () => {
      const input = JSON.parse(readFileSync(demoPath(`${name}.geojson`), 'utf8')) as FeatureCollection
      const chunks = featuresToGeoJson(input)
      expect(chunks.length).toBe(Math.ceil(input.features.length / 5000) + 1)
      expect(JSON.parse(text(chunks))).toEqual({ type: 'FeatureCollection', features: input.features })
    })
  }
})

describe('pointFeaturesToCsv', () => {
  it('writes id,name,lon,lat then the other scalar properties, first met first', () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [119.1234567, 36.7] }, properties: { id: 'P1', name: '北关, "东"\n门', road: '=1+1', nested: { a: 1 } } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [119.2, 36.8] }, properties: { id: 'P2', name: '', level: 2, open: true, nested: [1] } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[119, 36], [119.1, 36.1]] }, properties: { id: 'P3', name: 'not a point', road: null } },
      ],
    }
    const lines = text(pointFeaturesToCsv(fc)).split('\r\n')
    expect(lines).toEqual([
      '\uFEFFid,name,lon,lat,road,level,open',
      `P1,"北关, ""东""\n门",119.1234567,36.7,'=1+1,,`,
      'P2,,119.2,36.8,,2,true',
      'P3,not a point,,,,,',
      '',
    ])
  })

  it('writes the demo stations so that papaparse reads every one back', () => {
    const input = JSON.parse(readFileSync(demoPath('stations.geojson'), 'utf8')) as FeatureCollection<Point>
    const parsed = Papa.parse<Record<string, string>>(text(pointFeaturesToCsv(input)).slice(1), { header: true, skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    expect(parsed.meta.fields).toEqual(['id', 'name', 'lon', 'lat', 'parent_id'])
    expect(parsed.data).toHaveLength(input.features.length)
    parsed.data.forEach((row, i) => {
      const f = input.features[i]
      expect(row).toEqual({
        id: f.properties!.id, name: f.properties!.name, parent_id: f.properties!.parent_id,
        lon: String(f.geometry.coordinates[0]), lat: String(f.geometry.coordinates[1]),
      })
    })
  })
})

describe('populationToCsv', () => {
  it('writes area_id,population that readPopulationCsv reads back', () => {
    const pop = new Map([['370702001', 67778], ['a,b', 0], ['C7', 1234.5]])
    const csv = text(populationToCsv(pop))
    expect(csv).toBe('\uFEFFarea_id,population\r\n370702001,67778\r\n"a,b",0\r\nC7,1234.5\r\n')
    const back = readPopulationCsv(csv)
    expect(back.report.rejectedCount).toBe(0)
    expect(back.byId).toEqual(pop)
  })
})
