import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import gcoord from 'gcoord'
import turfBbox from '@turf/bbox'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import { describe, expect, it } from 'vitest'
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson'
import { areasFromGeoJson, areaSetBbox, type AreaSet } from '../../../src/core/areas'
import { CRS_LIST, fromWgs84, type Crs } from '../../../src/io/coords'
import {
  AREAS_MIN_MARGIN, POINTS_MIN_MARGIN, bboxIou, detectAreasCrs, detectPointsCrs, type CrsDetection,
} from '../../../src/io/crs-detect'
import { realData } from '../../fixtures/real'

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'))
const score = (d: CrsDetection, crs: Crs) => d.scores.find((s) => s.crs === crs)!.score

/** The first 5,000 demo incidents (WGS-84), optionally moved into another system. */
let demoRows: string[][] | null = null
function demoPoints(into: Crs = 'wgs84'): { lon: Float64Array; lat: Float64Array } {
  const rows = (demoRows ??= Papa.parse<string[]>(readFileSync('geodata/demo/incidents.csv', 'utf8'), { preview: 5001 }).data.slice(1))
  const lon = new Float64Array(rows.length), lat = new Float64Array(rows.length)
  rows.forEach((r, i) => { [lon[i], lat[i]] = fromWgs84(Number(r[4]), Number(r[5]), into) })
  return { lon, lat }
}

/**
 * The share of points inside the areas when read as `crs`, worked out without the detector:
 * gcoord itself for the conversion, turf's point-in-polygon over every area (after a bbox test).
 */
const GCOORD = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const
function shareInside(points: { lon: Float64Array; lat: Float64Array }, areas: FeatureCollection, crs: Crs): number {
  const polys = areas.features.map((f) => ({ f: f as Feature<Polygon | MultiPolygon>, b: turfBbox(f) }))
  let k = 0
  for (let i = 0; i < points.lon.length; i++) {
    const [x, y] = gcoord.transform([points.lon[i], points.lat[i]] as [number, number], GCOORD[crs], gcoord.WGS84)
    if (polys.some(({ f, b }) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3] && booleanPointInPolygon([x, y], f))) k++
  }
  return k / points.lon.length
}
/** A point on an area's edge may fall either way: two points in 5,000 of slack. */
const EDGE_SLACK = 2 / 5000

// ---------------------------------------------------------------------------------------------
// the hand-made fixture: a 1 km square in Weicheng, and points 600 m east of where they belong
// (about what GCJ-02's 526 m E, 62 m N does there)

const LAT0 = 36.7, LON0 = 119.0
const KM_LAT = 1 / 111.195
const KM_LON = KM_LAT / Math.cos((LAT0 * Math.PI) / 180)
const square = (dx = 0): Polygon => ({
  type: 'Polygon',
  coordinates: [[[LON0 + dx, LAT0], [LON0 + dx + KM_LON, LAT0], [LON0 + dx + KM_LON, LAT0 + KM_LAT], [LON0 + dx, LAT0 + KM_LAT], [LON0 + dx, LAT0]]],
})
const fcOf = (...geoms: Geometry[]): FeatureCollection => ({
  type: 'FeatureCollection',
  features: geoms.map((geometry, i): Feature => ({ type: 'Feature', properties: { id: `A${i}` }, geometry })),
})
const squareArea = (): AreaSet => areasFromGeoJson(fcOf(square())).areas

/** 10 × 10 points at x x0..x0+0.35 km, y 0.15–0.95 km in the square's frame (x0 > 1: east of it). */
function grid(x0: number): { lon: Float64Array; lat: Float64Array } {
  const lon = new Float64Array(100), lat = new Float64Array(100)
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 10; j++) {
      lon[i * 10 + j] = LON0 + (x0 + (0.35 * i) / 9) * KM_LON
      lat[i * 10 + j] = LAT0 + (0.15 + (0.8 * j) / 9) * KM_LAT
    }
  }
  return { lon, lat }
}
/** Points belonging at x 0.50–0.85 km in the square, drawn 600 m east: 1.10–1.45 km. */
const shiftedGrid = () => grid(1.1)

describe('bboxIou', () => {
  it('is intersection over union, 0 for disjoint or degenerate boxes', () => {
    expect(bboxIou([0, 0, 2, 2], [1, 1, 3, 3])).toBeCloseTo(1 / 7, 12)
    expect(bboxIou([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1)
    expect(bboxIou([0, 0, 1, 1], [2, 2, 3, 3])).toBe(0)
    expect(bboxIou([0, 0, 0, 1], [0, 0, 0, 1])).toBe(0)
  })
})

describe('detectPointsCrs', () => {
  it('hand-made: points 600 m east of a 1 km square are GCJ-02', () => {
    const { lon, lat } = shiftedGrid()
    const d = detectPointsCrs(lon, lat, 100, squareArea())
    // as given, all 100 lie 100–450 m east of the square; GCJ-02 → WGS-84 moves them ~526 m
    // west and 62 m south, into it; BD-09 moves them ~1.1 km west and ~0.7 km south, which
    // keeps only the three northern rows (0.77, 0.86, 0.95 km up) inside
    expect(d).toMatchObject({ crs: 'gcj02', confident: true, method: 'inside-areas' })
    expect(d.scores).toEqual([{ crs: 'wgs84', score: 0 }, { crs: 'gcj02', score: 1 }, { crs: 'bd09', score: 0.3 }])
  })

  it('hand-made: the same points where they belong are WGS-84; too few points are never confident', () => {
    // at x 0.10–0.45 km: as GCJ-02 they would move 526 m west, out of the square
    const west = grid(0.1)
    const d = detectPointsCrs(west.lon, west.lat, 100, squareArea())
    expect(d).toMatchObject({ crs: 'wgs84', confident: true })
    expect(d.scores).toEqual([{ crs: 'wgs84', score: 1 }, { crs: 'gcj02', score: 0 }, { crs: 'bd09', score: 0 }])
    // in the square's east half (0.50–0.85 km) a 526 m westward move keeps 9 of 10 columns
    // inside: 1.0 against 0.9 is a share apart, but 10 points are fewer than 20
    const { lon, lat } = shiftedGrid()
    const back = lon.map((x) => x - 0.6 * KM_LON)
    const east = detectPointsCrs(back, lat, 100, squareArea())
    expect(east.scores.map((s) => s.score).slice(0, 2)).toEqual([1, 0.9])
    expect(east).toMatchObject({ crs: 'wgs84', confident: false })
    // 10 points: a full share apart, but fewer than 20 points of difference
    const few = detectPointsCrs(lon.subarray(0, 10), lat.subarray(0, 10), 10, squareArea())
    expect(score(few, 'gcj02') - score(few, 'wgs84')).toBeGreaterThan(POINTS_MIN_MARGIN)
    expect(few).toMatchObject({ crs: 'wgs84', confident: false, method: 'inside-areas' })
  })

  it('samples a long column and ignores non-finite and out-of-range points', () => {
    const { lon, lat } = shiftedGrid()
    const n = 50_000
    const bigLon = new Float64Array(n), bigLat = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      bigLon[i] = i % 7 === 0 ? NaN : i % 11 === 0 ? 500 : lon[i % 100]
      bigLat[i] = lat[i % 100]
    }
    const d = detectPointsCrs(bigLon, bigLat, n, squareArea())
    expect(d).toMatchObject({ crs: 'gcj02', confident: true })
    expect(score(d, 'gcj02')).toBe(1)
    // count shorter than the arrays: only the first `count` are read
    expect(detectPointsCrs(bigLon, bigLat, 0, squareArea())).toMatchObject({ crs: 'wgs84', confident: false, method: 'inside-areas' })
    expect(detectPointsCrs([NaN], [NaN], 1, squareArea()).scores.every((s) => s.score === 0)).toBe(true)
  })

  it('demo incidents against the demo compounds: each system is recognised, with the shares worked out independently', () => {
    const compoundsFc = json('geodata/demo/compounds.geojson') as FeatureCollection
    const compounds = areasFromGeoJson(compoundsFc).areas
    const truth = shareInside(demoPoints('wgs84'), compoundsFc, 'wgs84')
    for (const crs of ['wgs84', 'gcj02', 'bd09'] as const) {
      const pts = demoPoints(crs)
      const d = detectPointsCrs(pts.lon, pts.lat, pts.lon.length, compounds)
      expect([crs, d.crs, d.confident, d.method]).toEqual([crs, crs, true, 'inside-areas'])
      for (const h of CRS_LIST) expect(Math.abs(score(d, h) - shareInside(pts, compoundsFc, h)), `${crs} points read as ${h}`).toBeLessThanOrEqual(EDGE_SLACK)
      // read in their own system the points go back where they were drawn (gcoord's inverse is
      // not exact to the centimetre, hence a little more slack)
      expect(Math.abs(score(d, crs) - truth)).toBeLessThanOrEqual(5 * EDGE_SLACK)
    }
  })

  it('demo incidents against the seven streets only: BD-09 stands out, GCJ-02 does not', () => {
    const streetsFc = json('geodata/demo/streets.geojson') as FeatureCollection
    const streets = areasFromGeoJson(streetsFc).areas
    const detect = (crs: Crs) => {
      const pts = demoPoints(crs)
      const d = detectPointsCrs(pts.lon, pts.lat, pts.lon.length, streets)
      for (const h of CRS_LIST) expect(Math.abs(score(d, h) - shareInside(pts, streetsFc, h)), `${crs} points read as ${h}`).toBeLessThanOrEqual(EDGE_SLACK)
      return d
    }
    // The streets tile the district, so nearly every point is inside one under any reading; a
    // ~500 m shift only moves points out near the district's edge: WGS-84 and GCJ-02 cannot be
    // told apart by POINTS_MIN_MARGIN, a ~1 km BD-09 shift can.
    const a = detect('wgs84')
    expect(a).toMatchObject({ crs: 'wgs84', confident: false })
    expect(score(a, 'wgs84') - score(a, 'gcj02')).toBeLessThan(POINTS_MIN_MARGIN)
    const b = detect('gcj02')
    expect(b).toMatchObject({ crs: 'wgs84', confident: false })
    expect(score(b, 'gcj02') - score(b, 'bd09')).toBeLessThan(POINTS_MIN_MARGIN)
    const c = detect('bd09')
    expect(c).toMatchObject({ crs: 'bd09', confident: true })
  })

  it('Chicago homicides are outside China; no reference is not confident', () => {
    const rows = Papa.parse<string[]>(readFileSync(realData('chicago/homicides.csv'), 'utf8'), { skipEmptyLines: true }).data.slice(1)
    const lon = rows.map((r) => (r[20] === '' ? NaN : Number(r[20])))
    const lat = rows.map((r) => (r[19] === '' ? NaN : Number(r[19])))
    const compounds = areasFromGeoJson(json('geodata/demo/compounds.geojson')).areas
    expect(detectPointsCrs(lon, lat, lon.length, compounds)).toMatchObject({ crs: 'wgs84', confident: true, method: 'outside-china' })
    expect(detectPointsCrs(lon, lat, lon.length, null)).toMatchObject({ crs: 'wgs84', confident: true, method: 'outside-china' })
    const { lon: x, lat: y } = demoPoints('gcj02')
    expect(detectPointsCrs(x, y, x.length, null)).toEqual({
      crs: 'wgs84', confident: false, method: 'no-reference', scores: [{ crs: 'wgs84', score: 0 }, { crs: 'gcj02', score: 0 }, { crs: 'bd09', score: 0 }],
    })
  })
})

describe('detectAreasCrs', () => {
  const district = areaSetBbox(areasFromGeoJson(json('geodata/demo/district.geojson')).areas)!

  it('hand-made: a 1 km square drawn 600 m east of the loaded one is GCJ-02', () => {
    const ref = [LON0, LAT0, LON0 + KM_LON, LAT0 + KM_LAT] as const
    const d = detectAreasCrs(fcOf(square(0.6 * KM_LON)), ref)
    expect(d).toMatchObject({ crs: 'gcj02', confident: true, method: 'bbox-overlap' })
    // as given: 0.4 km of 1 km overlap, IoU 0.4 / 1.6
    expect(score(d, 'wgs84')).toBeCloseTo(0.25, 9)
    // GCJ-02 leaves it 74 m east and 62 m south: (0.926 × 0.938) / (2 − 0.926 × 0.938) ≈ 0.77
    expect(score(d, 'gcj02')).toBeCloseTo(0.77, 1)
    // BD-09 moves it ~1.1 km west and ~0.7 km south: 0.51 × 0.29 km overlap, IoU ≈ 0.08
    expect(score(d, 'bd09')).toBeCloseTo(0.08, 1)
  })

  it('the real DataV outline of Weicheng (GCJ-02) against the demo district is GCJ-02, with IoUs of a shifted box', () => {
    const d = detectAreasCrs(fcOf(...(json(realData('china-districts/370702.json')) as Feature[]).map((f) => f.geometry)), district)
    expect(d).toMatchObject({ crs: 'gcj02', confident: true, method: 'bbox-overlap' })
    // The demo district is this outline converted from GCJ-02 with gcoord (geodata/README.md): read
    // as GCJ-02 it lands on itself. Read as WGS-84 it is that box moved by the WGS-84 → GCJ-02
    // offset; read as BD-09, moved by that offset less the WGS-84 → BD-09 one. Two equal W × H
    // boxes dx, dy apart overlap (W − dx)(H − dy) of a union 2WH minus that. The offsets vary by
    // metres across 16 × 26 km, a few thousandths of IoU.
    expect(score(d, 'gcj02')).toBeGreaterThan(0.9999)
    const [w, s, e, n] = district
    const mid: [number, number] = [(w + e) / 2, (s + n) / 2]
    const offset = (crs: 'gcj02' | 'bd09') => {
      const [x, y] = gcoord.transform(mid, gcoord.WGS84, GCOORD[crs])
      return [x - mid[0], y - mid[1]]
    }
    const iou = (dx: number, dy: number) => {
      const W = e - w, H = n - s, overlap = (W - Math.abs(dx)) * (H - Math.abs(dy))
      return overlap / (2 * W * H - overlap)
    }
    const [gx, gy] = offset('gcj02'), [bx, by] = offset('bd09')
    expect(Math.abs(score(d, 'wgs84') - iou(gx, gy))).toBeLessThan(0.003)
    expect(Math.abs(score(d, 'bd09') - iou(gx - bx, gy - by))).toBeLessThan(0.003)
  })

  it('the demo streets against their own bbox are WGS-84', () => {
    const fc = json('geodata/demo/streets.geojson')
    const d = detectAreasCrs(fc, areaSetBbox(areasFromGeoJson(fc).areas)!)
    expect(d).toMatchObject({ crs: 'wgs84', confident: true, method: 'bbox-overlap' })
    expect(score(d, 'wgs84')).toBe(1)
    expect(score(d, 'wgs84') - score(d, 'gcj02')).toBeGreaterThan(3 * AREAS_MIN_MARGIN)
  })

  it('a layer much smaller than the reference (compounds against the district) cannot tell', () => {
    const d = detectAreasCrs(json('geodata/demo/compounds.geojson'), district)
    expect(d).toMatchObject({ crs: 'wgs84', confident: false, method: 'bbox-overlap' })
    expect(Math.max(...d.scores.map((s) => s.score)) - Math.min(...d.scores.map((s) => s.score))).toBeLessThan(AREAS_MIN_MARGIN)
  })

  it('a whole prefecture (Weifang, 150 km) is too wide for a 500 m shift to decide', () => {
    const features = json(realData('china-districts/370700.json')) as Feature[]
    const ref = areaSetBbox(areasFromGeoJson(features, { idField: 'adcode' }).areas)!
    const d = detectAreasCrs(fcOf(...features.map((f) => f.geometry)), ref)
    expect(d).toMatchObject({ crs: 'wgs84', confident: false })
    expect(score(d, 'wgs84') - score(d, 'gcj02')).toBeLessThan(AREAS_MIN_MARGIN)
  })

  it('Chicago police districts are outside China; no reference or no vertices is not confident', () => {
    const chicago = json(realData('chicago/police_districts.geojson'))
    expect(detectAreasCrs(chicago, district)).toMatchObject({ crs: 'wgs84', confident: true, method: 'outside-china' })
    expect(detectAreasCrs(fcOf(square()), null)).toMatchObject({ crs: 'wgs84', confident: false, method: 'no-reference' })
    const empty = detectAreasCrs({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: null }] }, district)
    expect(empty).toMatchObject({ crs: 'wgs84', confident: false, method: 'bbox-overlap' })
  })
})
