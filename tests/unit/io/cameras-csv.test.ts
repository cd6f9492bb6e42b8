import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CAMERA_CLASSES, CAMERA_STATUSES, CAMERA_TYPES } from '../../../src/core/cameras'
import { readCamerasCsv } from '../../../src/io/cameras-csv'

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/cameras/${name}`, import.meta.url)), 'utf8')
const demo = () => readFileSync(fileURLToPath(new URL('../../../geodata/demo/cameras.csv', import.meta.url)), 'utf8')
const HEADER = 'id,lon,lat,type,azimuth,fov,range,class,status\n'

describe('readCamerasCsv: good rows', () => {
  const { cameras: c, report } = readCamerasCsv(fixture('good.csv'), 'good.csv')

  it('keeps every row with exact columns', () => {
    expect(report.fileName).toBe('good.csv')
    expect(report.kind).toBe('cameras')
    expect(c.count).toBe(5)
    expect(c.ids).toEqual(['G1', 'G2', 'G3', 'G4', 'G5'])
    expect(Array.from(c.lon)).toEqual([119.1, 119.2, 119.3, 119.4, 119.5])
    expect(Array.from(c.lat)).toEqual([36.7, 36.8, 36.9, 36.6, 36.5])
    // bullet=0 dome=1 ptz=2; blank and unknown type → bullet
    expect(Array.from(c.type)).toEqual([0, 1, 2, 0, 0])
    // A=0 B=1; lower-case 'a' → A, blank → B, unknown 'C' → B
    expect(Array.from(c.cls)).toEqual([0, 1, 0, 1, 1])
    // online=0 offline=1, case-insensitive; unknown → online
    expect(Array.from(c.status)).toEqual([0, 1, 1, 0, 0])
    expect(CAMERA_TYPES[c.type[2]]).toBe('ptz')
    expect(CAMERA_CLASSES[c.cls[0]]).toBe('A')
    expect(CAMERA_STATUSES[c.status[1]]).toBe('offline')
  })

  it('takes the per-type defaults when azimuth/fov/range are missing or out of range', () => {
    // G1 given; G2 dome blanks → 0/360/30; G3 ptz 400/0/6000 → 0/60/150; G4 given; G5 edge values 0/360/5000 kept
    expect(Array.from(c.azimuth)).toEqual([90, 0, 0, 10, 0])
    expect(Array.from(c.fov)).toEqual([45, 360, 60, 20, 360])
    expect(Array.from(c.range)).toEqual([80, 30, 150, 30, 5000])
  })

  it('reports every default it took', () => {
    expect(report.rowsRead).toBe(5)
    expect(report.rowsKept).toBe(5)
    expect(report.rejectedCount).toBe(0)
    expect(report.errors).toEqual([])
    expect(report.warnings).toEqual([
      '2 row(s) took the default azimuth',
      '2 row(s) took the default fov',
      '2 row(s) took the default range',
      '2 row(s) took the default type→bullet',
      '1 row(s) took the default class→B',
    ])
  })

  it('uses the bullet defaults 70°/60 m for a bullet with no fov/range', () => {
    const { cameras, report: r } = readCamerasCsv(HEADER + 'X,119,36,bullet,,,\n')
    expect(Array.from(cameras.fov)).toEqual([70])
    expect(Array.from(cameras.range)).toEqual([60])
    expect(r.warnings).toEqual(['1 row(s) took the default azimuth', '1 row(s) took the default fov', '1 row(s) took the default range'])
  })

  it('reads a file with only id,lon,lat', () => {
    const { cameras, report: r } = readCamerasCsv('id,lon,lat\nP1,119,36\n')
    expect(cameras.count).toBe(1)
    expect(Array.from(cameras.type)).toEqual([0])
    expect(Array.from(cameras.fov)).toEqual([70])
    expect(Array.from(cameras.cls)).toEqual([1])
    expect(Array.from(cameras.status)).toEqual([0])
    expect(r.warnings).toContain('1 row(s) took the default type→bullet')
  })
})

describe('readCamerasCsv: rejected rows', () => {
  const { cameras: c, report } = readCamerasCsv(fixture('bad.csv'), 'bad.csv')

  it('names each rejected row by its line in the file (blank line 6 counted)', () => {
    expect(report.rejected).toEqual([
      { line: 3, reason: 'missing_coordinates' },
      { line: 4, reason: 'missing_coordinates' },
      { line: 5, reason: 'coordinates_out_of_range', detail: '200,36.7' },
      { line: 7, reason: 'coordinates_out_of_range', detail: '119.1,-91' },
      { line: 8, reason: 'missing_id' },
      { line: 9, reason: 'duplicate_id', detail: 'B1' },
    ])
    expect(report.rejectedCount).toBe(6)
    expect(report.rejectedByReason).toEqual({ missing_coordinates: 2, coordinates_out_of_range: 2, missing_id: 1, duplicate_id: 1 })
    expect(report.rowsRead).toBe(8)
    expect(report.rowsKept).toBe(2)
  })

  it('keeps the first of two duplicate ids and HTML in ids as plain text', () => {
    expect(c.ids).toEqual(['B1', '<img src=x onerror=alert(1)>'])
    expect(Array.from(c.lon)).toEqual([119.1, 119.3])
    expect(Array.from(c.type)).toEqual([0, 2])
    expect(Array.from(c.status)).toEqual([0, 1])
  })
})

describe('readCamerasCsv: file shape', () => {
  it('strips a BOM and reads upper-case headers, CRLF and upper-case values', () => {
    const { cameras: c, report } = readCamerasCsv(fixture('bom-upper.csv'))
    expect(report.errors).toEqual([])
    expect(c.ids).toEqual(['U1', 'U2'])
    expect(Array.from(c.type)).toEqual([1, 2])
    expect(Array.from(c.fov)).toEqual([360, 30])
    expect(Array.from(c.range)).toEqual([30, 200])
    expect(Array.from(c.azimuth)).toEqual([0, 180])
    expect(Array.from(c.cls)).toEqual([0, 1])
    expect(Array.from(c.status)).toEqual([1, 0])
  })

  it('a missing required column is a file error and yields no rows', () => {
    const { cameras: c, report } = readCamerasCsv(fixture('missing-column.csv'), 'missing-column.csv')
    expect(report.errors).toEqual(['missing column(s): lon'])
    expect(c.count).toBe(0)
    expect(c.ids).toEqual([])
    expect(c.lon.length).toBe(0)
    expect(report.rowsRead).toBe(0)
    expect(report.rowsKept).toBe(0)
  })

  it('an empty file is missing all three columns', () => {
    const { cameras: c, report } = readCamerasCsv('')
    expect(report.errors).toEqual(['missing column(s): id, lon, lat'])
    expect(c.count).toBe(0)
  })
})

describe('readCamerasCsv: geodata/demo/cameras.csv', () => {
  const { cameras: c, report } = readCamerasCsv(demo(), 'cameras.csv')

  it('keeps all 2,400 rows with no errors, rejects or defaults', () => {
    expect(report.errors).toEqual([])
    expect(report.rowsRead).toBe(2400)
    expect(report.rowsKept).toBe(2400)
    expect(report.rejectedCount).toBe(0)
    expect(report.warnings).toEqual([])
    expect(c.count).toBe(2400)
    expect(new Set(c.ids).size).toBe(2400)
    expect(c.ids[0]).toBe('CAM00001')
    expect(c.lon[0]).toBe(119.10574)
    expect(c.lat[0]).toBe(36.725775)
  })

  it('has every type, dome cameras at fov 360, and both classes and statuses', () => {
    const count = (a: Uint8Array, v: number) => a.reduce((n, x) => n + (x === v ? 1 : 0), 0)
    expect([count(c.type, 0), count(c.type, 1), count(c.type, 2)]).toEqual([1404, 748, 248])
    for (let i = 0; i < c.count; i++) if (c.type[i] === 1) expect(c.fov[i]).toBe(360)
    expect([count(c.cls, 0), count(c.cls, 1)]).toEqual([579, 1821])
    expect([count(c.status, 0), count(c.status, 1)]).toEqual([2289, 111])
  })
})
