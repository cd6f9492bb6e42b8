import { describe, expect, it } from 'vitest'
import { localProjection, projectX, projectY, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import {
  cellCentreLonLat, cellCentreX, cellCentreY, cellOfPoints, countPerCell, gridOverBbox, pointsBbox,
} from '../../../src/core/square-grid'

const f64 = (...v: number[]) => Float64Array.from(v)

describe('gridOverBbox', () => {
  // 0.01° × 0.009° at 36.7° N: 891.5 m wide, 1000.8 m tall.
  const bbox = [119, 36.7, 119.01, 36.709] as const
  const g = gridOverBbox(bbox, 100)

  it('puts the origin at the south-west corner and the reference latitude in the middle', () => {
    expect(g.proj.lon0).toBe(119)
    expect(g.proj.lat0).toBe(36.7)
    expect(g.proj.kx).toBeCloseTo(g.proj.ky * Math.cos(36.7045 * Math.PI / 180), 9)
    expect(projectX(g.proj, 119.01)).toBeCloseTo(891.48, 2)
    expect(projectY(g.proj, 36.709)).toBeCloseTo(1000.76, 2)
    expect(g.cols).toBe(9) // ceil(8.915)
    expect(g.rows).toBe(11) // ceil(10.008)
    expect(g.cell).toBe(100)
  })

  it('has at least one cell for a single point', () => {
    const one = gridOverBbox([119, 36.7, 119, 36.7], 50)
    expect([one.cols, one.rows]).toEqual([1, 1])
  })

  it('refuses bad cells, bad extents and oversize grids with a clear message', () => {
    expect(() => gridOverBbox(bbox, 0)).toThrow(/positive/)
    expect(() => gridOverBbox(bbox, -5)).toThrow(/positive/)
    expect(() => gridOverBbox(bbox, NaN)).toThrow(/positive/)
    expect(() => gridOverBbox([119, 36.7, NaN, 36.8], 100)).toThrow(/finite/)
    expect(() => gridOverBbox([119.1, 36.7, 119, 36.8], 100)).toThrow(/finite/)
    expect(() => gridOverBbox(bbox, 1, 1000)).toThrow(/892 × 1001 = 892892 cells, more than the limit of 1000/)
    expect(() => gridOverBbox([118, 36, 120, 38], 1)).toThrow(/limit of 4000000/)
    expect(gridOverBbox(bbox, 10, 9090).cols).toBe(90)
  })
})

describe('cells', () => {
  // Choose the bbox so the grid is exactly 3 × 2 cells of 100 m: y does not depend on the
  // reference latitude, x uses the one the grid will pick (middle of 36.7 and 200 m north).
  const ky = (Math.PI * 6371008.8) / 180
  const p = localProjection(119, 36.7, 36.7 + 100 / ky)
  const lon = (x: number) => unprojectLon(p, x)
  const lat = (y: number) => unprojectLat(p, y)
  const g = gridOverBbox([119, 36.7, lon(300), lat(200)], 100)

  it('indexes row-major from the south-west, edges into the last cell, NaN and outside to -1', () => {
    expect([g.cols, g.rows]).toEqual([3, 2])
    const xs = [0, 50, 150, 299.9, 300, 300, 50, 250, NaN, 50, -0.01, 300.01, 50]
    const ys = [0, 50, 50, 150, 200, 0, 100.5, 199, 50, NaN, 50, 50, 200.01]
    const cells = cellOfPoints(g, f64(...xs.map(lon)), f64(...ys.map(lat)), xs.length)
    //            sw  sw  mid-s ne  ne-corner se  row-1-start, ne  NaN NaN west east north
    expect(Array.from(cells)).toEqual([0, 0, 1, 5, 5, 2, 3, 5, -1, -1, -1, -1, -1])
    const out = new Int32Array(20).fill(7)
    expect(cellOfPoints(g, f64(lon(150)), f64(lat(150)), 1, out)).toBe(out)
    expect(out[0]).toBe(4)
    expect(out[1]).toBe(7)
  })

  it('counts per cell, skipping -1 and rows not kept', () => {
    const cells = Int32Array.of(0, 0, 1, 5, -1, 5, 2)
    expect(Array.from(countPerCell(g, cells, 7))).toEqual([2, 1, 1, 0, 0, 2])
    expect(Array.from(countPerCell(g, cells, 7, Uint8Array.of(1, 0, 1, 1, 1, 0, 1)))).toEqual([1, 1, 1, 0, 0, 1])
    expect(Array.from(countPerCell(g, cells, 3))).toEqual([2, 1, 0, 0, 0, 0])
  })

  it('gives cell centres in metres and lon/lat', () => {
    expect([cellCentreX(g, 0), cellCentreY(g, 0)]).toEqual([50, 50])
    expect([cellCentreX(g, 5), cellCentreY(g, 5)]).toEqual([250, 150])
    expect([cellCentreX(g, 3), cellCentreY(g, 3)]).toEqual([50, 150])
    const [clon, clat] = cellCentreLonLat(g, 5)
    expect(clon).toBeCloseTo(lon(250), 12)
    expect(clat).toBeCloseTo(lat(150), 12)
    // Every centre falls back into its own cell.
    const n = g.cols * g.rows
    const lons = new Float64Array(n), lats = new Float64Array(n)
    for (let i = 0; i < n; i++) [lons[i], lats[i]] = cellCentreLonLat(g, i)
    expect(Array.from(cellOfPoints(g, lons, lats, n))).toEqual([0, 1, 2, 3, 4, 5])
  })
})

describe('pointsBbox', () => {
  it('covers finite points only', () => {
    expect(pointsBbox(f64(119.2, NaN, 119.1, 119.3, Infinity), f64(36.7, 36.0, NaN, 36.6, 36.9), 5))
      .toEqual([119.2, 36.6, 119.3, 36.7])
    expect(pointsBbox(f64(119.2, 119.5), f64(36.7, 36.8), 1)).toEqual([119.2, 36.7, 119.2, 36.7])
    expect(pointsBbox(f64(NaN), f64(1), 1)).toBeNull()
    expect(pointsBbox(f64(), f64(), 0)).toBeNull()
  })
  it('covers only kept points when given a mask', () => {
    const lon = f64(119.2, 119.5, 119.1), lat = f64(36.7, 36.8, 36.6)
    expect(pointsBbox(lon, lat, 3, Uint8Array.from([1, 0, 1]))).toEqual([119.1, 36.6, 119.2, 36.7])
    expect(pointsBbox(lon, lat, 3, Uint8Array.from([0, 0, 0]))).toBeNull()
  })
})
