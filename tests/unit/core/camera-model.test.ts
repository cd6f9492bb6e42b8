import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import turfArea from '@turf/area'
import { polygon } from '@turf/helpers'
import {
  CAMERA_TYPES, RANGE_DEFAULT, RANGE_GIVEN, RANGE_LENS, type CameraColumns,
} from '../../../src/core/cameras'
import {
  DEFAULT_DORI_LEVEL, DORI_LEVELS, DORI_PX_PER_M, cameraViews, doriRange, inSector, lensFov, lensPlausible,
  sectorArea, sectorRing,
} from '../../../src/core/camera-model'
import { localProjection, unprojectLat, unprojectLon } from '../../../src/core/local-projection'

const DEG = Math.PI / 180

/** signed shoelace area of an open ring of x,y pairs: positive when counter-clockwise */
function shoelace(ring: Float64Array): number {
  let s = 0
  const n = ring.length / 2
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n
    s += ring[2 * i] * ring[2 * j + 1] - ring[2 * j] * ring[2 * i + 1]
  }
  return s / 2
}

describe('DORI levels and the lens model', () => {
  it('has the EN 62676-4 densities, coarsest first, observe by default', () => {
    expect(DORI_LEVELS).toEqual(['detect', 'observe', 'recognise', 'identify'])
    expect(DORI_PX_PER_M).toEqual({ detect: 25, observe: 62.5, recognise: 125, identify: 250 })
    expect(DEFAULT_DORI_LEVEL).toBe('observe')
  })

  it('lensFov: 4 mm on a 1/2.8" sensor (5.37 mm wide)', () => {
    // 5.37 / (2·4) = 0.67125; atan(0.67125) = 33.8715°; × 2 = 67.743°
    expect(lensFov(4, 5.37)).toBeCloseTo(67.743, 3)
    // 2.8 mm on 1/2.7" (5.27 mm): 5.27 / 5.6 = 0.94107; atan = 43.261°; × 2 = 86.522°
    expect(lensFov(2.8, 5.27)).toBeCloseTo(86.522, 3)
    // focal = half the sensor width: atan(1) = 45°, fov 90°
    expect(lensFov(2, 4)).toBeCloseTo(90, 12)
  })

  it('doriRange: 4 mm, 5.37 mm, 2560 px at every level', () => {
    // hRes · f = 2560 · 4 = 10240
    // observe:   10240 / (62.5 · 5.37 = 335.625) = 30.5102 m
    // identify:  10240 / (250 · 5.37 = 1342.5)   = 7.6276 m
    // detect:    10240 / (25 · 5.37 = 134.25)    = 76.2756 m
    // recognise: 10240 / (125 · 5.37 = 671.25)   = 15.2551 m
    expect(doriRange(4, 5.37, 2560, 'observe')).toBeCloseTo(30.5102, 4)
    expect(doriRange(4, 5.37, 2560, 'identify')).toBeCloseTo(7.6276, 4)
    expect(doriRange(4, 5.37, 2560, 'detect')).toBeCloseTo(76.2756, 4)
    expect(doriRange(4, 5.37, 2560, 'recognise')).toBeCloseTo(15.2551, 4)
  })

  it('doriRange: the scene width at the range holds hRes / density metres', () => {
    fc.assert(fc.property(
      fc.double({ min: 1, max: 300, noNaN: true }), fc.double({ min: 1, max: 40, noNaN: true }),
      fc.integer({ min: 320, max: 10000 }), fc.constantFrom(...DORI_LEVELS),
      (f, w, h, level) => {
        const d = doriRange(f, w, h, level)
        // pinhole: the scene at distance d is d·w/f wide and spread over h pixels
        const width = (d * w) / f
        expect(h / width).toBeCloseTo(DORI_PX_PER_M[level], 9)
        // also the fov's chord: 2·d·tan(fov/2) is the same width
        expect(2 * d * Math.tan((lensFov(f, w) / 2) * DEG)).toBeCloseTo(width, 6)
      },
    ))
  })

  it('lensPlausible: limits inclusive, NaN and unit mix-ups refused', () => {
    expect(lensPlausible(4, 5.37, 2560)).toBe(true)
    expect(lensPlausible(1, 1, 320)).toBe(true) // observe range 320·1/(62.5·1) = 5.12 m
    expect(lensPlausible(300, 40, 10000)).toBe(true) // 10000·300/(62.5·40) = 1200 m
    expect(lensPlausible(0.9, 5.37, 2560)).toBe(false)
    expect(lensPlausible(400, 5.37, 2560)).toBe(false) // focal in 1/10 mm
    expect(lensPlausible(4, 41, 2560)).toBe(false)
    expect(lensPlausible(4, 5.37, 4)).toBe(false) // megapixels, not pixels
    expect(lensPlausible(4, 5.37, 12000)).toBe(false)
    expect(lensPlausible(NaN, 5.37, 2560)).toBe(false)
    // each value in range but the observe range is 10000·300/(62.5·1) = 48 km, past 5000 m
    expect(lensPlausible(300, 1, 10000)).toBe(false)
    // and 320·1/(62.5·40) = 0.128 m, under 1 m
    expect(lensPlausible(1, 40, 320)).toBe(false)
  })
})

describe('sectorRing', () => {
  it('az 0, fov 90, r 10, step 45: apex then the arc from bearing 45 back to −45 (counter-clockwise)', () => {
    const r = sectorRing(0, 0, 0, 90, 10, 45)
    const s = Math.SQRT1_2 * 10 // 7.0711
    const want = [0, 0, s, s, 0, 10, -s, s]
    expect(r.length).toBe(8)
    for (let i = 0; i < 8; i++) expect(r[i]).toBeCloseTo(want[i], 12)
    // two triangles ½·10·10·sin 45° = 35.355 each
    expect(shoelace(r)).toBeCloseTo(70.711, 3)
  })

  it('is offset to the camera and turned by the azimuth', () => {
    // az 90 (east), fov 60, r 2 from (100, 50): arc from bearing 120 to 60, one step of 60° at stepDeg 60
    const r = sectorRing(100, 50, 90, 60, 2, 60)
    // bearing 120: (2 sin 120°, 2 cos 120°) = (1.7321, −1); bearing 60: (1.7321, 1)
    const want = [100, 50, 101.7321, 49, 101.7321, 51]
    expect(r.length).toBe(6)
    for (let i = 0; i < 6; i++) expect(r[i]).toBeCloseTo(want[i], 4)
    expect(shoelace(r)).toBeGreaterThan(0)
  })

  it('takes steps of at most stepDeg: ceil(fov/step) arc segments', () => {
    // 70° in steps of at most 5°: 14 segments, 15 arc vertices + apex = 16 vertices
    expect(sectorRing(0, 0, 30, 70, 50).length).toBe(32)
    // 70° in steps of at most 20°: ceil(3.5) = 4 segments of 17.5°, 5 arc vertices + apex
    expect(sectorRing(0, 0, 30, 70, 50, 20).length).toBe(12)
  })

  it('fov 360: a full circle, no apex, 360/step vertices starting on the azimuth', () => {
    const r = sectorRing(1, 2, 0, 360, 10, 90)
    // bearings 0, −90, −180, −270: north, west, south, east (counter-clockwise)
    const want = [1, 12, -9, 2, 1, -8, 11, 2]
    expect(r.length).toBe(8)
    for (let i = 0; i < 8; i++) expect(r[i]).toBeCloseTo(want[i], 12)
    expect(shoelace(r)).toBeCloseTo(200, 9) // a square of diagonal 20
    expect(sectorRing(0, 0, 0, 360, 10).length).toBe(2 * 72)
    expect(sectorRing(0, 0, 0, 400, 10, 1).length).toBe(2 * 360)
  })

  it('refuses a step that is not a positive number', () => {
    expect(() => sectorRing(0, 0, 0, 90, 10, 0)).toThrow(/stepDeg/)
    expect(() => sectorRing(0, 0, 0, 90, 10, NaN)).toThrow(/stepDeg/)
    expect(() => sectorRing(0, 0, 0, 90, 10, -5)).toThrow(/stepDeg/)
  })

  it('is counter-clockwise and within 0.5% of sectorArea at stepDeg 1 (shoelace)', () => {
    // the inscribed polygon loses 1 − sin(h)/h ≈ h²/6 of the area: 5e-5 at h = 1°
    fc.assert(fc.property(
      fc.double({ min: -720, max: 720, noNaN: true }), fc.double({ min: 1, max: 360, noNaN: true }),
      fc.double({ min: 1, max: 2000, noNaN: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      (az, fov, range, c) => {
        const a = shoelace(sectorRing(c, -c, az, fov, range, 1))
        const exact = sectorArea(range, fov)
        expect(a).toBeGreaterThan(0)
        expect(Math.abs(a - exact) / exact).toBeLessThan(0.005)
      },
    ))
  })

  it('agrees with @turf/area of the same sector unprojected to lon/lat, within 0.5%', () => {
    // Weifang. turf measures on a sphere of radius 6,378,137 m, the local projection on one of
    // 6,371,008.8 m: (6378137 / 6371008.8)² = 1.00224, so turf reads about 0.22% more.
    const proj = localProjection(119.1, 36.7, 36.7)
    for (const [cx, cy, az, fov, range] of [[0, 0, 30, 70, 60], [500, -300, 350, 40, 150], [-800, 900, 0, 360, 30], [0, 0, 200, 15.3, 114]]) {
      const ring = sectorRing(cx, cy, az, fov, range, 1)
      const coords: number[][] = []
      for (let i = 0; i < ring.length; i += 2) coords.push([unprojectLon(proj, ring[i]), unprojectLat(proj, ring[i + 1])])
      coords.push(coords[0])
      const a = turfArea(polygon([coords]))
      expect(Math.abs(a - sectorArea(range, fov)) / sectorArea(range, fov)).toBeLessThan(0.005)
    }
  })

  it('every vertex counts as in the sector, and points just beyond the arc do not', () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 360, noNaN: true }), fc.double({ min: 1, max: 359, noNaN: true }),
      fc.double({ min: 1, max: 2000, noNaN: true }),
      (az, fov, range) => {
        const r = sectorRing(10, 20, az, fov, range, 3)
        for (let i = 0; i < r.length; i += 2) expect(inSector(10, 20, az, fov, range, r[i], r[i + 1])).toBe(true)
        // the arc's vertices pushed out by a millionth of the range
        for (let i = 2; i < r.length; i += 2) {
          const k = 1 + 1e-6
          expect(inSector(10, 20, az, fov, range, 10 + (r[i] - 10) * k, 20 + (r[i + 1] - 20) * k)).toBe(false)
        }
      },
    ))
  })
})

describe('inSector', () => {
  it('az 0, fov 90, r 5: boundaries inclusive', () => {
    const inS = (x: number, y: number) => inSector(0, 0, 0, 90, 5, x, y)
    expect(inS(3, 4)).toBe(true) // 3² + 4² = 25: on the arc, bearing atan2(3, 4) = 36.87°
    expect(inS(0, 5)).toBe(true) // straight ahead, on the arc
    expect(inS(0, 5.0001)).toBe(false)
    expect(inS(3, 3)).toBe(true) // bearing 45°: on the right edge
    expect(inS(-3, 3)).toBe(true) // bearing −45°: on the left edge
    expect(inS(3, 2.99)).toBe(false) // bearing 45.1°: just outside
    expect(inS(0, 0)).toBe(true) // the camera's own position
  })

  it('behind and beside the camera is outside', () => {
    expect(inSector(0, 0, 0, 90, 50, 0, -1)).toBe(false)
    expect(inSector(0, 0, 0, 90, 50, 1, 0)).toBe(false)
    expect(inSector(0, 0, 0, 90, 50, -1, -1)).toBe(false)
    // a 180° sector facing east holds north and south (the edges) but nothing west
    expect(inSector(0, 0, 90, 180, 5, 0, 5)).toBe(true) // bearing 0: |0 − 90| = 90 = fov/2
    expect(inSector(0, 0, 90, 180, 5, 0, -5)).toBe(true) // bearing 180
    expect(inSector(0, 0, 90, 180, 5, -0.01, 4)).toBe(false)
  })

  it('across north: azimuth 350, fov 40 spans bearings 330..10', () => {
    const at = (b: number, d = 10): [number, number] => [d * Math.sin(b * DEG), d * Math.cos(b * DEG)]
    const inS = (b: number) => inSector(0, 0, 350, 40, 20, ...at(b))
    expect(inS(5)).toBe(true)
    expect(inS(0)).toBe(true)
    expect(inS(335)).toBe(true)
    expect(inS(-25)).toBe(true) // bearing 335 again
    expect(inS(15)).toBe(false)
    expect(inS(325)).toBe(false)
    expect(inS(170)).toBe(false) // straight behind
    // the same with the azimuth written as −10 or 710
    expect(inSector(0, 0, -10, 40, 20, ...at(5))).toBe(true)
    expect(inSector(0, 0, 710, 40, 20, ...at(5))).toBe(true)
    expect(inSector(0, 0, 710, 40, 20, ...at(15))).toBe(false)
  })

  it('fov 360 is a disc', () => {
    expect(inSector(5, 5, 123, 360, 10, 5, -5)).toBe(true) // 10 m south: on the circle
    expect(inSector(5, 5, 123, 360, 10, 5, -5.01)).toBe(false)
    expect(inSector(5, 5, 123, 400, 10, -1, 0)).toBe(true)
  })

  it('a negative or NaN range holds nothing, not even the camera', () => {
    expect(inSector(0, 0, 0, 90, -1, 0, 0)).toBe(false)
    expect(inSector(0, 0, 0, 90, NaN, 0, 0)).toBe(false)
  })

  it('agrees with a dot-product test away from the boundary', () => {
    fc.assert(fc.property(
      fc.double({ min: -360, max: 720, noNaN: true }), fc.double({ min: 1, max: 359, noNaN: true }),
      fc.double({ min: 1, max: 500, noNaN: true }),
      fc.double({ min: -600, max: 600, noNaN: true }), fc.double({ min: -600, max: 600, noNaN: true }),
      (az, fov, range, px, py) => {
        const d = Math.hypot(px, py)
        if (d < 1e-9) return // the oracle itself is unreliable at subnormal offsets
        // cosine of the angle between the point and the view direction
        const cos = (px * Math.sin(az * DEG) + py * Math.cos(az * DEG)) / d
        const half = Math.cos((fov / 2) * DEG)
        // skip points within 1e-6 of an edge or the arc, where rounding may decide
        if (Math.abs(cos - half) < 1e-6 || Math.abs(d - range) < 1e-6 * range) return
        expect(inSector(0, 0, az, fov, range, px, py)).toBe(d <= range && cos >= half)
      },
    ))
  })
})

describe('sectorArea', () => {
  it('π r² · fov/360', () => {
    expect(sectorArea(10, 360)).toBeCloseTo(314.159, 3) // π · 100
    expect(sectorArea(10, 90)).toBeCloseTo(78.540, 3) // π · 100 / 4
    expect(sectorArea(30.51, 67.74)).toBeCloseTo(550.28, 1) // π · 930.86 · 0.18817
    expect(sectorArea(10, 720)).toBeCloseTo(314.159, 3) // clamped to a disc
    expect(sectorArea(10, 0)).toBe(0)
  })
})

describe('cameraViews', () => {
  // Four cameras at Weifang. 0: lens 4 mm / 5.37 mm / 2560 px (observe range 30.51 m stored);
  // 1: bullet with the default 60 m; 2: a surveyed 80 m; 3: dome with the default 30 m.
  const proj = localProjection(119, 36.7, 36.7)
  const cams: CameraColumns = {
    count: 4,
    ids: ['L', 'D', 'G', 'M'],
    lon: Float64Array.from([119.001, 119, 118.999, 119.002]),
    lat: Float64Array.from([36.701, 36.7, 36.699, 36.7]),
    azimuth: Float32Array.from([90, 0, 180, 0]),
    fov: Float32Array.from([67.74, 70, 45, 360]),
    range: Float32Array.from([30.51, 60, 80, 30]),
    type: Uint8Array.from([0, 0, 0, 1]),
    cls: Uint8Array.from([0, 1, 1, 1]),
    status: Uint8Array.from([0, 0, 1, 0]),
    focalMm: Float32Array.from([4, NaN, NaN, NaN]),
    sensorMm: Float32Array.from([5.37, NaN, NaN, NaN]),
    hRes: Float32Array.from([2560, NaN, NaN, NaN]),
    rangeSource: Uint8Array.from([RANGE_LENS, RANGE_DEFAULT, RANGE_GIVEN, RANGE_DEFAULT]),
  }

  it('places cameras in local metres and copies azimuth and fov', () => {
    const v = cameraViews(cams, proj, 'observe')
    expect(v.count).toBe(4)
    expect(Array.from(v.index)).toEqual([0, 1, 2, 3])
    // ky = π · 6371008.8 / 180 = 111195.08 m/°; kx = ky · cos 36.7° = 89153.51 m/°
    expect(v.x[0]).toBeCloseTo(89.1535, 3)
    expect(v.y[0]).toBeCloseTo(111.1951, 3)
    expect([v.x[1], v.y[1]]).toEqual([0, 0])
    expect(v.x[2]).toBeCloseTo(-89.1535, 3)
    expect(v.x[3]).toBeCloseTo(178.3070, 3)
    expect(Array.from(v.azimuth)).toEqual([90, 0, 180, 0])
    expect(v.fov[0]).toBeCloseTo(67.74, 4)
    expect(Array.from(v.fov.subarray(1))).toEqual([70, 45, 360])
  })

  it('observe: the lens range, the defaults and the given range as stored', () => {
    const v = cameraViews(cams, proj, 'observe')
    expect(v.range[0]).toBeCloseTo(30.5102, 4) // 2560 · 4 / (62.5 · 5.37)
    expect(Array.from(v.range.subarray(1))).toEqual([60, 80, 30])
  })

  it('identify: lens by doriRange, defaults scaled by 62.5/250, the surveyed range kept', () => {
    const v = cameraViews(cams, proj, 'identify')
    expect(v.range[0]).toBeCloseTo(7.6276, 4) // 10240 / (250 · 5.37)
    expect(v.range[1]).toBe(15) // 60 · 62.5 / 250
    expect(v.range[2]).toBe(80)
    expect(v.range[3]).toBe(7.5) // 30 · 0.25
  })

  it('detect: defaults scaled by 62.5/25 = 2.5', () => {
    const v = cameraViews(cams, proj, 'detect')
    expect(v.range[0]).toBeCloseTo(76.2756, 4)
    expect(Array.from(v.range.subarray(1))).toEqual([150, 80, 75])
  })

  it('keep: only the kept cameras, in order, with their rows', () => {
    const v = cameraViews(cams, proj, 'recognise', Uint8Array.from([1, 0, 1, 5]))
    expect(v.count).toBe(3)
    expect(Array.from(v.index)).toEqual([0, 2, 3])
    expect(v.range[0]).toBeCloseTo(15.2551, 4)
    expect(Array.from(v.range.subarray(1))).toEqual([80, 15]) // given kept; 30 · 62.5/125
    expect(Array.from(v.azimuth)).toEqual([90, 180, 0])
    expect(v.x[1]).toBeCloseTo(-89.1535, 3)
    expect(cameraViews(cams, proj, 'observe', new Uint8Array(4)).count).toBe(0)
    expect(() => cameraViews(cams, proj, 'observe', new Uint8Array(3))).toThrow(/keep/)
  })

  it('a default-range camera takes its type default even if the stored range differs', () => {
    const c = { ...cams, range: Float32Array.from([30.51, 999, 80, 999]) }
    expect(Array.from(cameraViews(c, proj, 'observe').range.subarray(1))).toEqual([60, 80, 30])
    expect(CAMERA_TYPES[c.type[3]]).toBe('dome')
  })

  it('lens ranges shrink as the level gets finer; given ranges never move', () => {
    const r = DORI_LEVELS.map((l) => cameraViews(cams, proj, l).range)
    for (let k = 1; k < r.length; k++) {
      expect(r[k][0]).toBeLessThan(r[k - 1][0])
      expect(r[k][1]).toBeLessThan(r[k - 1][1])
      expect(r[k][2]).toBe(80)
    }
  })
})
