import { describe, expect, it } from 'vitest'
import { concatCameraColumns } from '../../../src/core/cameras'
import { readCamerasCsv } from '../../../src/io/cameras-csv'

describe('concatCameraColumns', () => {
  it('puts the rows of the second set after the first, every column alike', () => {
    const a = readCamerasCsv('id,lon,lat,type,azimuth,fov,range,class,status\nA1,119.1,36.7,bullet,10,70,60,A,online\nA2,119.2,36.8,dome,,,,B,offline\n').cameras
    const b = readCamerasCsv('id,lon,lat,type,azimuth,fov,range\nB1,119.3,36.9,ptz,90,60,\n').cameras
    const c = concatCameraColumns(a, b)
    expect(c.count).toBe(3)
    expect(c.ids).toEqual(['A1', 'A2', 'B1'])
    expect(Array.from(c.lon)).toEqual([119.1, 119.2, 119.3])
    expect(Array.from(c.azimuth)).toEqual([10, a.azimuth[1], 90])
    expect(Array.from(c.range)).toEqual([60, 30, 150])
    expect(Array.from(c.cls)).toEqual([0, 1, b.cls[0]])
    expect(Array.from(c.status)).toEqual([0, 1, b.status[0]])
    expect(Array.from(c.rangeSource)).toEqual([a.rangeSource[0], a.rangeSource[1], b.rangeSource[0]])
    expect(c.lon).toBeInstanceOf(Float64Array)
    expect(c.fov).toBeInstanceOf(Float32Array)
    expect(c.type).toBeInstanceOf(Uint8Array)
  })
})
