import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CAMERA_CLASSES, CAMERA_STATUSES, CAMERA_TYPES, RANGE_DEFAULT, RANGE_GIVEN, RANGE_LENS } from '../../../src/core/cameras'
import { cameraViews, doriRange, lensFov } from '../../../src/core/camera-model'
import { localProjection } from '../../../src/core/local-projection'
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
    expect(Array.from(c.rangeSource)).toEqual([RANGE_GIVEN, RANGE_DEFAULT, RANGE_DEFAULT, RANGE_GIVEN, RANGE_GIVEN])
    // G3's azimuth 400 is no heading: unknown, not north; G2 and G5 see all round and need none
    expect(Array.from(c.headingUnknown ?? [])).toEqual([0, 0, 1, 0, 0])
  })

  it('has NaN lens columns when the file has no lens', () => {
    for (const col of [c.focalMm, c.sensorMm, c.hRes]) {
      expect(col.length).toBe(5)
      expect(col.every(Number.isNaN)).toBe(true)
    }
  })

  it('reports every default it took', () => {
    expect(report.rowsRead).toBe(5)
    expect(report.rowsKept).toBe(5)
    expect(report.rejectedCount).toBe(0)
    expect(report.errors).toEqual([])
    expect(report.warnings).toEqual([
      '2 row(s) took the default fov',
      '2 row(s) took the default range',
      '2 row(s) took the default type→bullet',
      '1 row(s) took the default class→B',
      // G3 (ptz, azimuth 400); the dome G2 needs no heading
      '1 camera(s) without a usable azimuth: heading unknown, drawn as a circle of their range and not counted in coverage',
    ])
  })

  it('uses the bullet defaults 70°/60 m for a bullet with no fov/range', () => {
    const { cameras, report: r } = readCamerasCsv(HEADER + 'X,119,36,bullet,,,\n')
    expect(Array.from(cameras.fov)).toEqual([70])
    expect(Array.from(cameras.range)).toEqual([60])
    expect(r.warnings).toEqual(['1 row(s) took the default fov', '1 row(s) took the default range', '1 camera(s) without a usable azimuth: heading unknown, drawn as a circle of their range and not counted in coverage'])
    expect(Array.from(cameras.headingUnknown ?? [])).toEqual([1])
  })

  it('a list of pole positions (no azimuth column): every camera that needs a heading is heading unknown', () => {
    const { cameras, report: r } = readCamerasCsv('id,lon,lat,type\nP1,119,36,bullet\nP2,119,36,dome\nP3,119,36,ptz\n')
    expect(Array.from(cameras.headingUnknown ?? [])).toEqual([1, 0, 1])
    expect(r.warnings.at(-1)).toBe('2 camera(s) without a usable azimuth: heading unknown, drawn as a circle of their range and not counted in coverage')
    // a file whose every camera has a heading carries no column
    expect(readCamerasCsv(HEADER + 'X,119,36,bullet,10,,\n').cameras.headingUnknown).toBeUndefined()
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

describe('readCamerasCsv: lens columns', () => {
  const { cameras: c, report } = readCamerasCsv(fixture('lens.csv'), 'lens.csv')
  // observe ranges: 2560·4/(62.5·5.37) = 30.5102; 1920·2.8/(62.5·5.27) = 16.3218; 2560·8/(62.5·5.37) = 61.0205
  // lens fovs: 2·atan(5.37/8) = 67.743°; 2·atan(5.37/16) = 37.106°

  it('a complete lens sets RANGE_LENS, the observe range, and the fov when the cell is empty', () => {
    expect(report.rowsKept).toBe(9)
    expect(Array.from(c.rangeSource)).toEqual([
      RANGE_LENS, RANGE_LENS, RANGE_LENS, // L1–L3 complete lenses
      RANGE_GIVEN, RANGE_DEFAULT, // L4 partial lens, range 80 given; L5 partial, no range
      RANGE_DEFAULT, RANGE_GIVEN, // L6 focal 4000 mm, no range; L7 focal "4mm", range 45
      RANGE_LENS, RANGE_GIVEN, // L8 complete lens; L9 no lens, range 45
    ])
    expect(c.range[0]).toBeCloseTo(30.5102, 4)
    expect(c.fov[0]).toBeCloseTo(67.743, 3)
    // L2: a given fov is kept, the given range 99 gives way to the lens
    expect(c.fov[1]).toBe(50)
    expect(c.range[1]).toBeCloseTo(30.5102, 4)
    // L3: dome keeps its 360
    expect(c.fov[2]).toBe(360)
    expect(c.range[2]).toBeCloseTo(16.3218, 4)
    // L8: fov 0 is unusable, the lens's 37.106° replaces it (and is reported)
    expect(c.fov[7]).toBeCloseTo(37.106, 3)
    expect(c.range[7]).toBeCloseTo(61.0205, 4)
    expect(Array.from(c.focalMm.subarray(0, 3))).toEqual([4, 4, Math.fround(2.8)]) // Float32 columns: 2.8 is stored as 2.7999999523
    expect(Array.from(c.sensorMm.subarray(0, 3))).toEqual([Math.fround(5.37), Math.fround(5.37), Math.fround(5.27)])
    expect(Array.from(c.hRes.subarray(0, 3))).toEqual([2560, 2560, 1920])
  })

  it('a partial or implausible lens is ignored for its row (NaN lens, type default or given range)', () => {
    expect(Array.from(c.range.subarray(3, 7))).toEqual([80, 150, 60, 45]) // L4 given, L5 ptz default, L6 bullet default, L7 given
    expect(Array.from(c.fov.subarray(3, 7))).toEqual([70, 60, 70, 70]) // L4 given, L5 ptz default 60, L6/L7 bullet default 70
    for (const i of [3, 4, 5, 6, 8]) {
      expect(Number.isNaN(c.focalMm[i]) && Number.isNaN(c.sensorMm[i]) && Number.isNaN(c.hRes[i]), c.ids[i]).toBe(true)
    }
  })

  it('warns with row counts, rejects nothing', () => {
    expect(report.rejectedCount).toBe(0)
    expect(report.errors).toEqual([])
    expect(report.warnings).toEqual([
      // L5, L6, L7 have no fov: type defaults (L1 takes the lens's fov silently)
      '3 row(s) took the default fov',
      // L5 and L6 have no range and no usable lens
      '2 row(s) took the default range',
      '1 row(s) took the default fov→lens',
      '2 row(s) have an incomplete lens (focal_mm, sensor_mm, resolution_px needs all three): lens ignored',
      '2 row(s) have an implausible lens (focal 1–300 mm, sensor width 1–40 mm, 320–10000 px, observe range 1–5000 m): lens ignored',
    ])
  })

  it('reads the English and Chinese aliases, any case', () => {
    const want = doriRange(4, 5.37, 2560, 'observe')
    for (const header of ['focal,sensor_width_mm,h_res', 'FOCAL_MM,Sensor_MM,Width_PX', '焦距,靶面宽度,水平分辨率', ' focal_mm , sensor_mm , resolution_px ']) {
      const { cameras, report: r } = readCamerasCsv(`id,lon,lat,type,azimuth,fov,range,${header}\nA,119,36,bullet,0,,,4,5.37,2560\n`)
      expect(Array.from(cameras.rangeSource), header).toEqual([RANGE_LENS])
      expect(cameras.range[0], header).toBeCloseTo(want, 4)
      expect(cameras.fov[0], header).toBeCloseTo(lensFov(4, 5.37), 4)
      expect(r.warnings, header).toEqual([])
    }
  })

  it('takes the first filled alias when a file has two names for one value', () => {
    const { cameras } = readCamerasCsv('id,lon,lat,focal_mm,焦距,sensor_mm,resolution_px\nA,119,36,,8,5.37,2560\nB,119,36,6,8,5.37,2560\n')
    expect(Array.from(cameras.focalMm)).toEqual([8, 6])
    expect(Array.from(cameras.rangeSource)).toEqual([RANGE_LENS, RANGE_LENS])
  })

  it('a lens-only file: no range column at all', () => {
    const { cameras, report: r } = readCamerasCsv('id,lon,lat,type,azimuth,focal_mm,sensor_mm,resolution_px\nP,119,36,ptz,10,20,5.37,1920\n')
    // 1920·20/(62.5·5.37) = 114.4134 m; 2·atan(5.37/40) = 15.292°
    expect(cameras.range[0]).toBeCloseTo(114.4134, 4)
    expect(cameras.fov[0]).toBeCloseTo(15.292, 3)
    expect(r.warnings).toEqual([])
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

  it('every camera has a plausible lens, its range being the lens\'s observe range', () => {
    for (let i = 0; i < c.count; i++) {
      expect(c.rangeSource[i], c.ids[i]).toBe(RANGE_LENS)
      expect(c.range[i]).toBeCloseTo(doriRange(c.focalMm[i], c.sensorMm[i], c.hRes[i], 'observe'), 3)
    }
    // CAM00001: bullet 4 mm, 5.37 mm, 2560 px, file range 31 (rounded), stored 30.5102
    expect([c.focalMm[0], c.hRes[0]]).toEqual([4, 2560])
    expect(c.range[0]).toBeCloseTo(30.5102, 4)
    expect(c.fov[0]).toBe(68)
    // at identify a quarter of the observe range: 30.5102 / 4 = 7.6276
    const v = cameraViews(c, localProjection(119.1, 36.7, 36.7), 'identify')
    expect(v.range[0]).toBeCloseTo(7.6276, 4)
  })
})
