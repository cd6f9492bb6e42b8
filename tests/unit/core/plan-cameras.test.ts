import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CAMERA_TYPES, RANGE_DEFAULT, RANGE_GIVEN, type CameraColumns } from '../../../src/core/cameras'
import {
  candidateToPlanCamera, newPlanCamera, normaliseAzimuth, planCameraColumns, validatePlanCamera, type PlanCamera,
} from '../../../src/core/plan-cameras'

const cam = (over: Partial<PlanCamera> = {}): PlanCamera => ({
  id: 'P-001', lon: 119.01, lat: 36.7, type: 'bullet', azimuth: 90, fov: 70, range: 60, source: 'hand', ...over,
})

describe('normaliseAzimuth', () => {
  it('folds degrees into [0, 360)', () => {
    expect(normaliseAzimuth(0)).toBe(0)
    expect(normaliseAzimuth(360)).toBe(0)
    expect(normaliseAzimuth(370)).toBe(10)
    expect(normaliseAzimuth(-90)).toBe(270)
    expect(normaliseAzimuth(-720)).toBe(0)
    expect(Object.is(normaliseAzimuth(-0), 0)).toBe(true)
    // -1e-20 + 360 is 360 in doubles: must not escape the interval
    expect(normaliseAzimuth(-1e-20)).toBe(0)
    expect(normaliseAzimuth(NaN)).toBeNaN()
    expect(normaliseAzimuth(Infinity)).toBeNaN()
  })

  it('lands in [0, 360) and differs from the input by whole turns', () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (d) => {
      const a = normaliseAzimuth(d)
      expect(a).toBeGreaterThanOrEqual(0)
      expect(a).toBeLessThan(360)
      const turns = (d - a) / 360
      expect(Math.abs(turns - Math.round(turns))).toBeLessThan(1e-9)
    }))
  })
})

describe('newPlanCamera', () => {
  it('takes the first free P-nnn id and the type defaults', () => {
    const c = newPlanCamera(119, 36.7, 'dome', ['P-001', 'P-003', 'X'])
    // P-001 taken, P-002 free
    expect(c).toEqual({ id: 'P-002', lon: 119, lat: 36.7, type: 'dome', azimuth: 0, fov: 360, range: 30, source: 'hand' })
    expect(newPlanCamera(119, 36.7, 'ptz', [], -45)).toMatchObject({ id: 'P-001', azimuth: 315, fov: 60, range: 150 })
  })

  it('goes past P-999 with a fourth digit', () => {
    const ids = Array.from({ length: 999 }, (_, i) => `P-${String(i + 1).padStart(3, '0')}`)
    expect(newPlanCamera(0, 0, 'bullet', ids).id).toBe('P-1000')
  })
})

describe('planCameraColumns', () => {
  it('one column row per camera: class B, online, range given, no lens', () => {
    const cols = planCameraColumns([cam(), cam({ id: 'S@45', type: 'ptz', azimuth: 45, fov: 60, range: 150, source: 'suggested', gain: 3 })])
    expect(cols.count).toBe(2)
    expect(cols.ids).toEqual(['P-001', 'S@45'])
    expect([...cols.lon]).toEqual([119.01, 119.01])
    expect([...cols.azimuth]).toEqual([90, 45])
    expect([...cols.fov]).toEqual([70, 60])
    expect([...cols.range]).toEqual([60, 150])
    expect([...cols.type]).toEqual([CAMERA_TYPES.indexOf('bullet'), CAMERA_TYPES.indexOf('ptz')])
    expect([...cols.cls]).toEqual([1, 1]) // CAMERA_CLASSES = ['A', 'B']
    expect([...cols.status]).toEqual([0, 0]) // online
    expect([...cols.rangeSource]).toEqual([RANGE_GIVEN, RANGE_GIVEN])
    expect([...cols.focalMm, ...cols.sensorMm, ...cols.hRes].every(Number.isNaN)).toBe(true)
  })

  it('an empty plan gives empty columns', () => {
    const cols = planCameraColumns([])
    expect(cols.count).toBe(0)
    expect(cols.lon.length).toBe(0)
  })
})

describe('candidateToPlanCamera', () => {
  it('keeps the candidate id and pose, marks it suggested with its gain', () => {
    const cols: CameraColumns = {
      ...planCameraColumns([cam({ id: 'R-000001@0' }), cam({ id: 'R-000001@45', type: 'dome', azimuth: 45, fov: 360, range: 30 })]),
    }
    cols.rangeSource[1] = RANGE_DEFAULT
    expect(candidateToPlanCamera(cols, 1, 2.5)).toEqual({
      id: 'R-000001@45', lon: 119.01, lat: 36.7, type: 'dome', azimuth: 45, fov: 360, range: 30, source: 'suggested', gain: 2.5,
    })
    // chosen at the identify level (250 px/m, 4× observe's 62.5): the default range it saw there, 30 / 4 m;
    // a given range (row 0) is the same at every level
    expect(candidateToPlanCamera(cols, 1, 2.5, 'identify').range).toBe(7.5)
    expect(candidateToPlanCamera(cols, 0, 1, 'identify').range).toBe(cols.range[0])
  })

  it('round-trips a plan camera through the columns (float32-exact values)', () => {
    const arb = fc.record({
      id: fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      type: fc.constantFrom(...CAMERA_TYPES),
      azimuth: fc.integer({ min: 0, max: 359 }),
      fov: fc.integer({ min: 1, max: 360 }),
      range: fc.integer({ min: 1, max: 5000 }),
      gain: fc.double({ min: 0, max: 1e6, noNaN: true }),
    })
    fc.assert(fc.property(arb, (r) => {
      const c: PlanCamera = { ...r, source: 'suggested' }
      const back = candidateToPlanCamera(planCameraColumns([c]), 0, r.gain)
      expect(back).toEqual(c)
      expect(validatePlanCamera(back)).toEqual(c)
    }))
  })
})

describe('validatePlanCamera', () => {
  it('accepts a good camera and returns a clean copy with the azimuth normalised', () => {
    const out = validatePlanCamera({ ...cam({ azimuth: -30, gain: 1.5 }), extra: '<b>x</b>' })
    expect(out).toEqual(cam({ azimuth: 330, gain: 1.5 }))
    expect('extra' in out).toBe(false)
  })

  it.each([
    [null, /not an object/],
    [[1], /not an object/],
    [{ ...cam(), id: '' }, /id must be a non-empty string/],
    [{ ...cam(), id: 7 }, /id must be/],
    [{ ...cam(), lon: 181 }, /P-001: lon must be a number from -180 to 180 \(got 181\)/],
    [{ ...cam(), lat: '36.7' }, /lat must be a number from -90 to 90 \(got "36\.7"\)/],
    [{ ...cam(), lat: NaN }, /lat must be/],
    [{ ...cam(), type: 'fisheye' }, /type must be one of bullet, dome, ptz \(got "fisheye"\)/],
    [{ ...cam(), azimuth: Infinity }, /azimuth must be a finite number/],
    [{ ...cam(), fov: 0 }, /fov must be a number from 1 to 360 \(got 0\)/],
    [{ ...cam(), fov: 361 }, /fov must be/],
    [{ ...cam(), range: 5001 }, /range must be a number from 1 to 5000/],
    [{ ...cam(), range: undefined }, /range must be .*\(got nothing\)/],
    [{ ...cam(), source: 'imported' }, /source must be hand or suggested/],
    [{ ...cam(), gain: 'high' }, /gain must be a finite number or absent/],
  ])('rejects %j', (x, message) => {
    expect(() => validatePlanCamera(x)).toThrow(message)
  })
})
