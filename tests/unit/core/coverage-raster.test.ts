import fc from 'fast-check'
import area from '@turf/area'
import intersect from '@turf/intersect'
import union from '@turf/union'
import { featureCollection, polygon } from '@turf/helpers'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { areasFromGeoJson, type AreaSet } from '../../../src/core/areas'
import { localProjection, unprojectLat, unprojectLon, type LocalProjection } from '../../../src/core/local-projection'
import { prng } from '../../bench/make-incidents-csv'
import {
  addRing, addSector, areaCoverage, countSetBits, coverageRaster, coveredCells, gridCellCoverage, isCovered,
  popcount32, rasterAreaErrorBound, sectorBoundary, type CoverageRaster,
} from '../../../src/core/coverage-raster'

type Pos = [number, number]
const f64 = (...v: number[]) => Float64Array.from(v)
const rect = (x0: number, y0: number, x1: number, y1: number) => f64(x0, y0, x1, y0, x1, y1, x0, y1)
const reversed = (ring: Float64Array) => {
  const out = new Float64Array(ring.length)
  for (let i = 0; i < ring.length; i += 2) {
    out[ring.length - 2 - i] = ring[i]
    out[ring.length - 1 - i] = ring[i + 1]
  }
  return out
}

/** Centres of covered cells, as "x,y" strings, for hand-checkable expectations. */
function coveredCentres(r: CoverageRaster): string[] {
  const out: string[] = []
  for (let row = 0; row < r.rows; row++) {
    for (let col = 0; col < r.cols; col++) {
      const i = row * r.cols + col
      if ((r.bits[i >>> 5] >>> (i & 31)) & 1) out.push(`${r.x0 + (col + 0.5) * r.cell},${r.y0 + (row + 0.5) * r.cell}`)
    }
  }
  return out
}


/**
 * The sector as a polygon in local metres: apex, then the arc from azimuth − fov/2 clockwise to
 * azimuth + fov/2 in steps of at most stepDeg, vertices on the circle; a disc has no apex.
 */
function sectorRing(cx: number, cy: number, az: number, fov: number, range: number, stepDeg: number): Float64Array {
  const pts: number[] = []
  const disc = fov >= 360
  const span = disc ? 360 : fov
  const n = Math.max(1, Math.ceil(span / stepDeg))
  if (!disc) pts.push(cx, cy)
  for (let k = 0; k <= (disc ? n - 1 : n); k++) {
    const b = ((az - span / 2 + (span * k) / n) * Math.PI) / 180
    pts.push(cx + range * Math.sin(b), cy + range * Math.cos(b))
  }
  return Float64Array.from(pts)
}

function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - ax - t * dx, py - ay - t * dy)
}

/** Distance from p to the boundary of the exact sector. */
function sectorBoundaryDist(px: number, py: number, cx: number, cy: number, az: number, fov: number, range: number): number {
  const d = Math.hypot(px - cx, py - cy)
  if (fov >= 360) return Math.abs(d - range)
  const a0 = ((az - fov / 2) * Math.PI) / 180, a1 = ((az + fov / 2) * Math.PI) / 180
  const e0x = cx + range * Math.sin(a0), e0y = cy + range * Math.cos(a0)
  const e1x = cx + range * Math.sin(a1), e1y = cy + range * Math.cos(a1)
  let best = Math.min(segDist(px, py, cx, cy, e0x, e0y), segDist(px, py, cx, cy, e1x, e1y))
  // The arc: its nearest point is along the ray through p when that ray is inside the wedge.
  const bearing = (Math.atan2(px - cx, py - cy) * 180) / Math.PI
  const off = ((((bearing - (az - fov / 2)) % 360) + 360) % 360)
  if (off <= fov) best = Math.min(best, Math.abs(d - range))
  return Math.min(best, Math.hypot(px - e0x, py - e0y), Math.hypot(px - e1x, py - e1y))
}

/** Cells where two rasters of the same shape disagree, as centres; net = (only in a) − (only in b). */
function differences(a: CoverageRaster, b: CoverageRaster): Pos[] & { net?: number } {
  const out: Pos[] & { net?: number } = []
  out.net = 0
  for (let w = 0; w < a.bits.length; w++) {
    let x = a.bits[w] ^ b.bits[w]
    while (x !== 0) {
      const bit = 31 - Math.clz32(x & -x)
      x &= x - 1
      const i = w * 32 + bit
      out.net += (a.bits[w] >>> bit) & 1 ? 1 : -1
      const row = Math.floor(i / a.cols), col = i % a.cols
      out.push([a.x0 + (col + 0.5) * a.cell, a.y0 + (row + 0.5) * a.cell])
    }
  }
  return out
}

// Metres are degrees: lets the hand fixtures go through AreaSet (lon/lat) with exact numbers.
const UNIT: LocalProjection = { lon0: 0, lat0: 0, kx: 1, ky: 1 }

function areasOf(polys: Pos[][][]): AreaSet {
  const features = polys.map((rings, i) => ({ type: 'Feature', properties: { id: `a${i}` }, geometry: { type: 'Polygon', coordinates: rings } }))
  const { areas, issues } = areasFromGeoJson({ type: 'FeatureCollection', features })
  expect(issues).toEqual([])
  return areas
}
const sq = (x0: number, y0: number, x1: number, y1: number): Pos[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]

describe('coverageRaster', () => {
  it('sizes the bitset from the extent and refuses bad or oversize rasters clearly', () => {
    const r = coverageRaster(-10, 5, 10, 25.5, 2)
    expect([r.cols, r.rows]).toEqual([10, 11]) // 20 / 2; ceil(20.5 / 2)
    expect(r.bits.length).toBe(4) // ceil(110 / 32)
    expect(coveredCells(r)).toBe(0)
    expect([coverageRaster(0, 0, 0, 0, 1).cols, coverageRaster(0, 0, 0, 0, 1).rows]).toEqual([1, 1])
    expect(() => coverageRaster(0, 0, 10, 10, 0)).toThrow(/positive/)
    expect(() => coverageRaster(0, 0, 10, 10, NaN)).toThrow(/positive/)
    expect(() => coverageRaster(0, 0, -1, 10, 1)).toThrow(/finite/)
    expect(() => coverageRaster(0, 0, Infinity, 10, 1)).toThrow(/finite/)
    expect(() => coverageRaster(0, 0, 100, 100, 1, 9999)).toThrow(/100 × 100 = 10000 cells .*limit of 9999/)
    // 20 × 25 km at 0.5 m: 40,000 × 50,000 = 2e9 cells, past the default 400,000,000 (50 MB).
    expect(() => coverageRaster(0, 0, 20000, 25000, 0.5)).toThrow(/limit of 400000000/)
  })
})

describe('addRing: hand fixtures on 1 m cells', () => {
  it('counts exactly 100 cells for a 10 × 10 m square aligned with the grid', () => {
    const r = coverageRaster(0, 0, 20, 20, 1)
    expect(addRing(r, rect(5, 5, 15, 15))).toBe(100) // centres 5.5 … 14.5 on both axes: 10 × 10
    expect(coveredCells(r)).toBe(100)
    expect(isCovered(r, 5.2, 14.9)).toBe(true)
    expect(isCovered(r, 15.2, 10)).toBe(false)
    expect(isCovered(r, 4.99, 10)).toBe(false)
    expect(isCovered(r, NaN, 10)).toBe(false)
    expect(isCovered(r, -3, 10)).toBe(false)
    // Again: nothing new, and orientation or a closing vertex make no difference.
    expect(addRing(r, rect(5, 5, 15, 15))).toBe(0)
    const r2 = coverageRaster(0, 0, 20, 20, 1)
    expect(addRing(r2, reversed(rect(5, 5, 15, 15)))).toBe(100)
    const r3 = coverageRaster(0, 0, 20, 20, 1)
    expect(addRing(r3, f64(5, 5, 15, 5, 15, 15, 5, 15, 5, 5))).toBe(100)
  })

  it('shifted by half a cell, edges run through centres: west and south rows in, east and north out', () => {
    const r = coverageRaster(0, 0, 20, 20, 1)
    // Square [5.5, 15.5]²: x centres 5.5 (on the west edge, in) … 14.5; 15.5 is on the east edge,
    // out. Same in y. Still 10 × 10.
    expect(addRing(r, rect(5.5, 5.5, 15.5, 15.5))).toBe(100)
    expect(isCovered(r, 5.5, 5.5)).toBe(true)
    expect(isCovered(r, 15.5, 10)).toBe(false)
    expect(isCovered(r, 10, 15.5)).toBe(false)
    // A 10.5 × 10 m rectangle [5.25, 15.75] × [5, 15]: x centres 5.5 … 15.5 → 11 columns × 10 rows.
    const r2 = coverageRaster(0, 0, 20, 20, 1)
    expect(addRing(r2, rect(5.25, 5, 15.75, 15))).toBe(110)
    // 2.4 × 0.4 m [0.3, 2.7] × [0.3, 0.7]: centres x 0.5, 1.5, 2.5 on the one row y 0.5 → 3 (area 0.96).
    const r3 = coverageRaster(0, 0, 20, 20, 1)
    expect(addRing(r3, rect(0.3, 0.3, 2.7, 0.7))).toBe(3)
    // 0.4 × 0.4 m square between centres: no cell, though its area is 0.16 m².
    expect(addRing(r3, rect(1.8, 1.8, 2.2, 2.2))).toBe(0)
  })

  it('subtracts a hole (even-odd), whatever the winding of either ring', () => {
    // One ring array holds one ring, so the hole is reached through a slit of zero width along
    // x = 5 (its two edges cross each row twice at the same x and cancel): outer [0,10]², hole [3,7]²
    // walked the other way round. Areas with real hole rings are in the areaCoverage tests.
    const ring = f64(0, 0, 5, 0, 5, 3, 3, 3, 3, 7, 7, 7, 7, 3, 5, 3, 5, 0, 10, 0, 10, 10, 0, 10)
    const r = coverageRaster(0, 0, 10, 10, 1)
    // 100 − 16: centres 3.5 … 6.5 (4 × 4) are in the hole.
    expect(addRing(r, ring)).toBe(84)
    expect(isCovered(r, 5, 5)).toBe(false)
    expect(isCovered(r, 2.5, 5)).toBe(true)
    const r2 = coverageRaster(0, 0, 10, 10, 1)
    expect(addRing(r2, reversed(ring))).toBe(84)
  })

  it('counts a triangle by hand', () => {
    // (0,0) (7,0) (0,4): centre (x, y) inside iff 4x + 7y < 28.
    // y 0.5: x < 6.125 → x 0.5 … 5.5 → 6;  y 1.5: x < 4.375 → 4;  y 2.5: x < 2.625 → 3;
    // y 3.5: x < 0.875 → 1. Total 14 (the exact area is 14 too; here errors cancel).
    const r = coverageRaster(0, 0, 10, 10, 1)
    expect(addRing(r, f64(0, 0, 7, 0, 0, 4))).toBe(14)
    expect(coveredCentres(r)).toEqual([
      '0.5,0.5', '1.5,0.5', '2.5,0.5', '3.5,0.5', '4.5,0.5', '5.5,0.5',
      '0.5,1.5', '1.5,1.5', '2.5,1.5', '3.5,1.5',
      '0.5,2.5', '1.5,2.5', '2.5,2.5',
      '0.5,3.5',
    ])
  })

  it('applies the half-open rule to centres exactly on edges, straight and slanted', () => {
    // (0,0) (6,0) (0,6) on 1 m cells: centres with x + y < 6, i.e. i + j <= 4: 1+2+3+4+5 = 15.
    // The 6 centres with x + y = 6 lie on the hypotenuse, the triangle's north-east side: out.
    const r = coverageRaster(0, 0, 10, 10, 1)
    expect(addRing(r, f64(0, 0, 6, 0, 0, 6))).toBe(15)
    expect(isCovered(r, 0.5, 5.5)).toBe(false)
    expect(isCovered(r, 0.5, 4.5)).toBe(true)

    // Raster with centres on the integers. Diamond |x| + |y| <= 2: 5 centres strictly inside;
    // of the 8 on the boundary, only the west vertex (−2,0) and the west sides' (−1,±1) are in
    // (p + (ε, ε²) goes inside); the east, north and south vertices and the east sides' are out.
    const d = coverageRaster(-5.5, -5.5, 5.5, 5.5, 1)
    expect(addRing(d, f64(0, -2, 2, 0, 0, 2, -2, 0))).toBe(8)
    expect(coveredCentres(d).sort()).toEqual(['-1,-1', '-1,0', '-1,1', '-2,0', '0,-1', '0,0', '0,1', '1,0'])

    // Two squares sharing the edge x = 5 that runs through centres: each centre once, the shared
    // column to the east square; the row on y = 5 (the north edge) to neither.
    const t = coverageRaster(-0.5, -0.5, 10.5, 10.5, 1)
    expect(addRing(t, rect(0, 0, 5, 5))).toBe(25) // x 0 … 4, y 0 … 4
    expect(isCovered(t, 5, 2)).toBe(false)
    expect(addRing(t, rect(5, 0, 10, 5))).toBe(25) // x 5 … 9: none counted twice
    expect(isCovered(t, 5, 2)).toBe(true)
    expect(isCovered(t, 2, 5)).toBe(false)
    expect(coveredCells(t)).toBe(50)
  })

  it('clips to the raster and ignores degenerate rings; throws on non-finite coordinates', () => {
    const r = coverageRaster(0, 0, 10, 10, 1)
    expect(addRing(r, rect(-100, -100, 2, 100))).toBe(20) // x 0.5, 1.5 × 10 rows
    expect(addRing(r, rect(20, 20, 30, 30))).toBe(0)
    expect(addRing(r, f64(1, 1, 5, 5))).toBe(0)
    expect(addRing(r, f64(1, 1, 5, 5, 9, 9))).toBe(0) // zero area
    expect(() => addRing(r, f64(1, 1, NaN, 5, 9, 9))).toThrow(/not finite/)
  })

  it('agrees with a point-in-polygon test at every centre for random axis-aligned rectangles (fast-check)', () => {
    fc.assert(fc.property(
      fc.double({ min: -5, max: 25, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }),
      fc.double({ min: -5, max: 25, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }),
      fc.constantFrom(1, 0.5, 0.3),
      (x0, w, y0, h, cell) => {
        const r = coverageRaster(0, 0, 20, 20, cell)
        const added = addRing(r, rect(x0, y0, x0 + w, y0 + h))
        let expected = 0, wrong = 0
        for (let row = 0; row < r.rows; row++) {
          const yc = r.y0 + (row + 0.5) * cell
          for (let col = 0; col < r.cols; col++) {
            const xc = r.x0 + (col + 0.5) * cell
            const inside = x0 <= xc && xc < x0 + w && y0 <= yc && yc < y0 + h
            if (inside) expected++
            const i = row * r.cols + col
            if ((((r.bits[i >>> 5] >>> (i & 31)) & 1) === 1) !== inside) wrong++
          }
        }
        expect(wrong).toBe(0)
        expect(added).toBe(expected)
      },
    ), { numRuns: 100 })
  })
})

describe('addSector', () => {
  it('counts a quarter disc by hand, and four quarters tile the disc exactly once', () => {
    // Apex (0,0), azimuth 45°, fov 90° = bearings 0 … 90 (north-east), range 3, centres at
    // half-integers: (x, y) in {0.5, 1.5, 2.5}², x² + y² < 9: all but (2.5, 2.5) (12.5) → 8.
    const r = coverageRaster(-5, -5, 5, 5, 1)
    expect(addSector(r, 0, 0, 45, 90, 3)).toBe(8)

    // Centres on the integers, so the sides x = 0 and y = 0 run through centres.
    // NE (az 45): x >= 0, y >= 0 (west and south sides in), x² + y² < 9: {0,1,2}² → 9;
    //   (3,0) is on the circle's east half and (0,3) its top tangent point: out.
    // SE (az 135): x >= 0, y <= −1: {0,1,2} × {−1,−2} → 6.
    // NW (az 315): x <= −1, y >= 0: {−1,−2} × {0,1,2} → 6, plus (−3, 0) on the circle's west half → 7.
    // SW (az 225): x <= −1, y <= −1: 4. Total 26 = the disc: 25 centres with x² + y² < 9, and (−3,0).
    const q = coverageRaster(-5.5, -5.5, 5.5, 5.5, 1)
    expect(addSector(q, 0, 0, 45, 90, 3)).toBe(9)
    expect(addSector(q, 0, 0, 135, 90, 3)).toBe(6)
    expect(addSector(q, 0, 0, 315, 90, 3)).toBe(7)
    expect(addSector(q, 0, 0, 225, 90, 3)).toBe(4)
    expect(coveredCells(q)).toBe(26)
    const disc = coverageRaster(-5.5, -5.5, 5.5, 5.5, 1)
    expect(addSector(disc, 0, 0, 0, 360, 3)).toBe(26)
    expect(coveredCentres(disc)).toEqual(coveredCentres(q))
    expect(isCovered(disc, -3, 0)).toBe(true)
    expect(isCovered(disc, 3, 0)).toBe(false)
    expect(isCovered(disc, 0, 3)).toBe(false)
    expect(isCovered(disc, 0, -3)).toBe(false)
    // Half discs facing east and west split it too (fov exactly 180°: one half-plane).
    const h = coverageRaster(-5.5, -5.5, 5.5, 5.5, 1)
    expect(addSector(h, 0, 0, 90, 180, 3) + addSector(h, 0, 0, 270, 180, 3)).toBe(26)
    expect(coveredCentres(h)).toEqual(coveredCentres(disc))
  })

  it('decides centres on diagonal sides exactly', () => {
    // Apex (0,0), azimuth 0, fov 270 (bearings 225 … 135 through north), range 0.72, centres at
    // (±0.5, ±0.5), 0.707 from the apex. NE and NW are inside; SE lies on the clockwise side
    // (bearing 135) and p + (ε, ε²) turns it towards 90°: in; SW on the other side (225) turns
    // towards 180°: out.
    const r = coverageRaster(-2, -2, 2, 2, 1)
    expect(addSector(r, 0, 0, 0, 270, 0.72)).toBe(3)
    expect(coveredCentres(r).sort()).toEqual(['-0.5,0.5', '0.5,-0.5', '0.5,0.5'])
    // The quarter facing south (bearings 135 … 225) is the other piece of the same disc.
    expect(addSector(r, 0, 0, 180, 90, 0.72)).toBe(1)
    expect(coveredCells(r)).toBe(4)
  })

  it('covers nothing for range or fov not > 0 or non-finite parameters', () => {
    const r = coverageRaster(-10, -10, 10, 10, 1)
    expect(addSector(r, 0, 0, 0, 90, 0)).toBe(0)
    expect(addSector(r, 0, 0, 0, 0, 5)).toBe(0)
    expect(addSector(r, NaN, 0, 0, 90, 5)).toBe(0)
    expect(addSector(r, 0, 0, NaN, 90, 5)).toBe(0)
    expect(addSector(r, 0, 0, 0, 90, Infinity)).toBe(0)
    expect(coveredCells(r)).toBe(0)
  })

  // The exact sector against its polygon with vertices on the arc every 0.01°: the chords lie
  // within R·(1 − cos 0.005°) ≤ 1.6e-7 m of the arc, so the two may differ only at centres within
  // 1e-6 m of the boundary.
  const STEP = 0.01
  function compare(cell: number, cx: number, cy: number, az: number, fov: number, range: number) {
    const a = coverageRaster(-20, -20, 80, 80, cell)
    const b = coverageRaster(-20, -20, 80, 80, cell)
    const na = addSector(a, cx, cy, az, fov, range)
    const nb = addRing(b, sectorRing(cx, cy, az, fov, range, STEP))
    const diff = differences(a, b)
    for (const [x, y] of diff) expect(sectorBoundaryDist(x, y, cx, cy, az, fov, range)).toBeLessThan(1e-6)
    expect(na - nb).toBe(diff.net)
    return { a, na, diff }
  }

  it('matches its polygon across north, at fov 200° (two spans per row), 360° and 180°', () => {
    // Across north: bearings 320 … 20.
    const north = compare(1, 30.3, 30.7, 350, 60, 25)
    expect(north.na).toBeGreaterThan(250) // π·25²/6 = 327 m²
    expect(isCovered(north.a, 30.3, 50)).toBe(true)
    expect(isCovered(north.a, 30.3, 20)).toBe(false)
    // fov 200° facing north: rows just south of the apex hold two spans, one each side.
    const wide = compare(1, 30.3, 30.7, 0, 200, 25)
    expect(isCovered(wide.a, 30.3 - 20, 30.7 - 2)).toBe(true)
    expect(isCovered(wide.a, 30.3 + 20, 30.7 - 2)).toBe(true)
    expect(isCovered(wide.a, 30.3, 30.7 - 2)).toBe(false)
    expect(isCovered(wide.a, 30.3, 30.7 - 20)).toBe(false)
    const disc = compare(0.5, 30.3, 30.7, 0, 360, 25)
    expect(disc.na * 0.25).toBeCloseTo(Math.PI * 625, -1) // 1963.5 m², within a few m²
    // Centres on the apex and sides: due east and west sides (cos exactly 0) and north/south.
    compare(1, 30.5, 30.5, 0, 180, 20)
    compare(1, 30.5, 30.5, 90, 180, 20)
    compare(1, 30.5, 30.5, 45, 90, 20)
    compare(1, 30.5, 30.5, 135, 270, 20)
    // Apex outside the raster: clipped alike.
    compare(1, -30.2, 10.1, 80, 120, 45)
  })

  it('matches its polygon for random sectors (fast-check)', () => {
    fc.assert(fc.property(
      fc.double({ min: -10, max: 70, noNaN: true }), fc.double({ min: -10, max: 70, noNaN: true }),
      fc.double({ min: -720, max: 720, noNaN: true }),
      fc.oneof(fc.double({ min: 1, max: 359, noNaN: true }), fc.constantFrom(60, 90, 180, 200, 270, 360)),
      fc.double({ min: 0.5, max: 30, noNaN: true }),
      fc.constantFrom(1, 0.7, 2),
      (cx, cy, az, fov, range, cell) => {
        compare(cell, cx, cy, az, fov, range)
      },
    ), { numRuns: 60 })
  })
})

describe('popcount span counting', () => {
  it('counts bits of single words', () => {
    expect(popcount32(0)).toBe(0)
    expect(popcount32(0xffffffff)).toBe(32)
    expect(popcount32(0x80000001)).toBe(2)
    expect(popcount32(0b1011)).toBe(3)
  })

  it('equals a bit-by-bit count on random bitsets and spans (fast-check)', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 12 }),
      fc.nat(), fc.nat(),
      (words, p, q) => {
        const bits = Uint32Array.from(words)
        const n = bits.length * 32
        const from = Math.min(p % (n + 1), q % (n + 1)), to = Math.max(p % (n + 1), q % (n + 1))
        let ref = 0
        for (let i = from; i < to; i++) ref += (bits[i >>> 5] >>> (i & 31)) & 1
        expect(countSetBits(bits, from, to)).toBe(ref)
        expect(countSetBits(bits, to, from)).toBe(0)
      },
    ), { numRuns: 500 })
  })

  it('addRing returns the newly set cells, bit by bit (fast-check)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: -3, max: 40 }), fc.integer({ min: -3, max: 12 }), fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 8 })), { maxLength: 6 }),
      (rects) => {
        // 37 columns: rows straddle words at every offset.
        const r = coverageRaster(0, 0, 37, 9, 1)
        let before = 0
        for (const [x, y, w, h] of rects) {
          const added = addRing(r, rect(x, y, x + w, y + h))
          const now = coveredCentres(r).length
          expect(added).toBe(now - before)
          before = now
        }
        expect(coveredCells(r)).toBe(before)
      },
    ), { numRuns: 100 })
  })
})

describe('areaCoverage: hand fixtures', () => {
  it('counts covered centres per area and takes exact areas with holes and islands, any winding', () => {
    // Covered: x in [0, 10], the west half of a 20 × 20 raster of 1 m cells (200 cells).
    const r = coverageRaster(0, 0, 20, 20, 1)
    expect(addRing(r, rect(0, 0, 10, 20))).toBe(200)
    const hole = sq(2, 2, 8, 18)
    const areas = areasOf([
      [sq(5, 5, 15, 15)], // 100 m²; covered x 5.5 … 9.5 × y 5.5 … 14.5 = 5 × 10 = 50
      [sq(0, 0, 20, 20), hole], // 400 − 96 = 304; covered 200 − 6·16 = 104
      [sq(0, 0, 20, 20), hole.slice().reverse()], // winding does not matter
      [[[0, 0], [20, 0], [20, 20], [0, 20], [0, 0]], [[0, 10], [8, 5], [8, 15], [0, 10]]], // hole touching the outer ring: 400 − 40
      [sq(30, 30, 40, 40)], // outside the raster: area 100, covered 0
    ])
    const { areaM2, coveredM2 } = areaCoverage(r, areas, UNIT)
    expect(Array.from(areaM2)).toEqual([100, 304, 304, 360, 100])
    // Triangle hole (0,10) (8,5) (8,15): centre (x, y) in it iff |y − 10| < 5x/8 (no centre is
    // on its edges: 5(2k+1)/16 is never a half-integer). Per column x: 0.5 → |y−10| < 0.3125: none;
    // 1.5 → < 0.9375: 9.5, 10.5 → 2; 2.5 → < 1.5625: 8.5 … 11.5 → 4; 3.5 → < 2.1875: 4;
    // 4.5 → < 2.8125: 7.5 … 12.5 → 6; 5.5 → < 3.4375: 6; 6.5 → < 4.0625: 6.5 … 13.5 → 8;
    // 7.5 → < 4.6875: 5.5 … 14.5 → 10. Hole: 40 centres, all in the covered half: 200 − 40 = 160.
    expect(Array.from(coveredM2)).toEqual([50, 104, 104, 160, 0])
  })

  it('counts an island inside a hole (MultiPolygon), and splits shared edges without double counting', () => {
    const r = coverageRaster(-0.5, -0.5, 20.5, 20.5, 1) // centres on the integers
    addRing(r, rect(-1, -1, 21, 21)) // everything
    const features = [
      { type: 'Feature', properties: { id: 'w' }, geometry: { type: 'Polygon', coordinates: [sq(0, 0, 10, 20)] } },
      { type: 'Feature', properties: { id: 'e' }, geometry: { type: 'Polygon', coordinates: [sq(10, 0, 20, 20)] } },
      {
        type: 'Feature', properties: { id: 'm' },
        geometry: { type: 'MultiPolygon', coordinates: [[sq(0, 0, 20, 20), sq(2, 2, 18, 18)], [sq(4, 4, 6, 6)]] },
      },
    ]
    const { areas, issues } = areasFromGeoJson({ type: 'FeatureCollection', features })
    expect(issues).toEqual([])
    const { areaM2, coveredM2 } = areaCoverage(r, areas, UNIT)
    // w: centres x 0 … 9 (x = 10 goes east), y 0 … 19 → 200; e: x 10 … 19 → 200. x or y = 20: neither.
    // m: 400 − 256 + 4 = 148 m²; centres: 20² − 16² + 2² = 148.
    expect(Array.from(areaM2)).toEqual([200, 200, 148])
    expect(Array.from(coveredM2)).toEqual([200, 200, 148])
  })
})

describe('gridCellCoverage', () => {
  it('gives the covered fraction of each grid cell, aligned and not, NaN where the raster has no centre', () => {
    const r = coverageRaster(0, 0, 8, 8, 1)
    addRing(r, rect(0, 0, 3, 8)) // raster columns 0, 1, 2
    // 2 m grid cells: column 0 holds raster columns 0–1 (covered), column 1 holds 2 (covered), 3 (not).
    const g = gridCellCoverage(r, 0, 0, 2, 4, 4)
    for (let row = 0; row < 4; row++) expect(Array.from(g.subarray(row * 4, row * 4 + 4))).toEqual([1, 0.5, 0, 0])
    // 3 m cells from (−1, 0): column 0 = [−1, 2) holds centres 0.5, 1.5 (2 covered of 2);
    // column 1 = [2, 5) holds 2.5, 3.5, 4.5 (1 of 3); column 2 = [5, 8): 0 of 3;
    // column 3 = [8, 11): no centre → NaN. Rows: [0,3) 3 centres, [3,6) 3, [6,9) 2 (the raster ends at 8).
    const h = gridCellCoverage(r, -1, 0, 3, 4, 3)
    for (let row = 0; row < 3; row++) {
      const v = Array.from(h.subarray(row * 4, row * 4 + 4))
      expect(v.slice(0, 3)).toEqual([1, Math.fround(1 / 3), 0])
      expect(v[3]).toBeNaN()
    }
    expect(() => gridCellCoverage(r, 0, 0, 0, 1, 1)).toThrow(/positive/)
    expect(() => gridCellCoverage(r, 0, 0, 1, 1.5, 1)).toThrow(/whole/)
  })

  it('adds back up to the covered cells on an aligned grid', () => {
    const r = coverageRaster(0, 0, 100, 60, 0.5)
    addSector(r, 40.2, 30.1, 30, 100, 35)
    addSector(r, 70.4, 20.9, 0, 360, 12)
    const g = gridCellCoverage(r, 0, 0, 5, 20, 12) // 10 × 10 raster cells each
    let sum = 0
    for (const f of g) sum += f * 100
    expect(Math.round(sum)).toBe(coveredCells(r))
  })
})

describe('rasterAreaErrorBound and sectorBoundary', () => {
  it('states the bound', () => {
    expect(rasterAreaErrorBound(100, 2)).toBeCloseTo(200 * Math.SQRT2, 9) // √2 · 100 m · 2 m = 282.84 m²
    expect(rasterAreaErrorBound(100, 2, 4)).toBeCloseTo(200 * Math.SQRT2 + 48, 9) // + 3 · 4 · 2²
    // Disc r 10: 2π·10 = 62.83 m, 4 quarter arcs. 90° sector r 10: 20 + 5π = 35.71 m, 2 radii + ≤ 2 arc pieces.
    expect(sectorBoundary(360, 10).length).toBeCloseTo(20 * Math.PI, 9)
    expect(sectorBoundary(360, 10).pieces).toBe(4)
    expect(sectorBoundary(90, 10).length).toBeCloseTo(20 + 5 * Math.PI, 9)
    expect(sectorBoundary(90, 10).pieces).toBe(4)
    expect(sectorBoundary(200, 10).pieces).toBe(6) // 2 + ceil(200/90) + 1
    expect(sectorBoundary(0, 10)).toEqual({ length: 0, pieces: 0 })
  })

  it('holds for the hand fixtures: triangle and disc', () => {
    // Triangle (0,0) (6,0) (0,6): exact 18, raster 15; L = 12 + 6√2, 3 pieces.
    const r = coverageRaster(0, 0, 10, 10, 1)
    const n = addRing(r, f64(0, 0, 6, 0, 0, 6))
    expect(Math.abs(n - 18)).toBeLessThanOrEqual(rasterAreaErrorBound(12 + 6 * Math.SQRT2, 1, 3))
    // The disc r 3 on integer centres: 26 cells against 9π = 28.27.
    const b = sectorBoundary(360, 3)
    expect(Math.abs(26 - 9 * Math.PI)).toBeLessThanOrEqual(rasterAreaErrorBound(b.length, 1, b.pieces))
  })
})

describe('against turf (lon/lat polygons, spherical areas)', () => {
  // Near the projection's origin, where its own scale error is far below 0.01%.
  const proj = localProjection(117.0, 36.65, 36.65)
  const toLonLat = (ring: Float64Array): Pos[] => {
    const out: Pos[] = []
    for (let i = 0; i < ring.length; i += 2) out.push([unprojectLon(proj, ring[i]), unprojectLat(proj, ring[i + 1])])
    out.push(out[0])
    return out
  }
  const rand = prng(20240611)
  const sectors: { cx: number; cy: number; az: number; fov: number; range: number }[] = []
  for (let k = 0; k < 20; k++) {
    const kind = k % 3
    sectors.push({
      cx: (rand() - 0.5) * 120, cy: (rand() - 0.5) * 120,
      az: rand() * 360,
      fov: kind === 0 ? 60 + rand() * 30 : kind === 1 ? 360 : 180 + rand() * 60,
      range: kind === 0 ? 50 + rand() * 30 : kind === 1 ? 15 + rand() * 20 : 30 + rand() * 30,
    })
  }
  const polys = sectors.map((s) => polygon([toLonLat(sectorRing(s.cx, s.cy, s.az, s.fov, s.range, 0.5))]))
  const merged = union(featureCollection(polys)) as Feature<Polygon | MultiPolygon>
  const exact = area(merged)
  const cell = 0.25
  const r = coverageRaster(-200, -200, 200, 200, cell)
  for (const s of sectors) addSector(r, s.cx, s.cy, s.az, s.fov, s.range)
  let L = 0, P = 0
  for (const s of sectors) {
    const b = sectorBoundary(s.fov, s.range)
    L += b.length
    P += b.pieces
  }

  it('20 overlapping sectors: raster union at 0.25 m within 0.5% of turf union + area, and within the bound', () => {
    const raster = coveredCells(r) * cell * cell
    expect(exact).toBeGreaterThan(10000) // they overlap but cover a good part of the 160 m square
    expect(Math.abs(raster - exact) / exact).toBeLessThan(0.005)
    expect(Math.abs(raster - exact)).toBeLessThanOrEqual(rasterAreaErrorBound(L, cell, P))
  })

  it('areaCoverage for two neighbouring squares: covered within 0.5% of turf intersect, areas within 0.1%', () => {
    const west = sq(-100, -100, 0, 100), east = sq(0, -100, 100, 100)
    const ll = (ring: Pos[]) => ring.map(([x, y]): Pos => [unprojectLon(proj, x), unprojectLat(proj, y)])
    const features = [
      { type: 'Feature', properties: { id: 'w' }, geometry: { type: 'Polygon', coordinates: [ll(west)] } },
      { type: 'Feature', properties: { id: 'e' }, geometry: { type: 'Polygon', coordinates: [ll(east)] } },
    ]
    const { areas, issues } = areasFromGeoJson({ type: 'FeatureCollection', features })
    expect(issues).toEqual([])
    const { areaM2, coveredM2 } = areaCoverage(r, areas, proj)
    for (let a = 0; a < 2; a++) {
      const sqPoly = polygon([ll(a === 0 ? west : east)])
      expect(Math.abs(areaM2[a] - area(sqPoly)) / area(sqPoly)).toBeLessThan(0.001)
      const inter = intersect(featureCollection([merged, sqPoly]))
      const want = inter ? area(inter) : 0
      expect(want).toBeGreaterThan(3000)
      expect(Math.abs(coveredM2[a] - want) / want).toBeLessThan(0.005)
      // Boundaries: the sectors' and the square's (800 m, 4 edges).
      expect(Math.abs(coveredM2[a] - want)).toBeLessThanOrEqual(rasterAreaErrorBound(L + 800, cell, P + 4))
    }
    // Both together: every covered cell in the 200 m square counted once.
    let inSquare = 0
    for (let row = 0; row < r.rows; row++) {
      const y = r.y0 + (row + 0.5) * cell
      if (y < -100 || y >= 100) continue
      const c0 = (-100 - r.x0) / cell, c1 = (100 - r.x0) / cell
      inSquare += countSetBits(r.bits, row * r.cols + c0, row * r.cols + c1)
    }
    expect((coveredM2[0] + coveredM2[1]) / (cell * cell)).toBe(inSquare)
  })
})
