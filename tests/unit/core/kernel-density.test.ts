import { describe, expect, it } from 'vitest'
import { kernelDensity } from '../../../src/core/kernel-density'
import { unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import { cellCentreLonLat, cellCentreX, cellCentreY, gridOverBbox, type SquareGrid } from '../../../src/core/square-grid'
import { localProjection } from '../../../src/core/local-projection'

const grid = (cols: number, rows: number, cell: number): SquareGrid =>
  ({ proj: localProjection(119, 36.7, 36.7), cell, cols, rows })
const pts = (g: SquareGrid, xy: [number, number][]) => ({
  lon: Float64Array.from(xy, ([x]) => unprojectLon(g.proj, x)),
  lat: Float64Array.from(xy, ([, y]) => unprojectLat(g.proj, y)),
})

describe('kernelDensity', () => {
  it('a point at a cell centre gives 3/(π h²) · 1e6 per km² there', () => {
    const g = grid(21, 21, 50)
    const { lon, lat } = pts(g, [[525, 525]]) // centre of cell (10, 10)
    const d = kernelDensity(g, lon, lat, 1, { bandwidth: 300 })
    const peak = (3 / (Math.PI * 300 * 300)) * 1e6 // 10.61 per km²
    expect(d[10 * 21 + 10]).toBeCloseTo(peak, 4)
    // 100 m east: (1 − 100²/300²)² = (8/9)² of the peak
    expect(d[10 * 21 + 12]).toBeCloseTo(peak * (8 / 9) ** 2, 4)
    // 250 m north, 150 m east: d² = 85,000 → (1 − 85000/90000)² = (1/18)²
    expect(d[15 * 21 + 13]).toBeCloseTo(peak / 324, 5)
  })

  it('is zero at and beyond h', () => {
    const g = grid(21, 21, 50)
    const { lon, lat } = pts(g, [[525, 525]])
    const d = kernelDensity(g, lon, lat, 1, { bandwidth: 300 })
    for (let i = 0; i < d.length; i++) {
      const dist = Math.hypot(cellCentreX(g, i) - 525, cellCentreY(g, i) - 525)
      if (dist > 300 + 1e-6) expect(d[i]).toBe(0)
      // exactly h away (e.g. 300 m east), up to the lon/lat round trip of the point
      else if (dist > 300 - 1e-6) expect(d[i]).toBeLessThan(1e-12)
      else expect(d[i]).toBeGreaterThan(0)
    }
  })

  it('conserves mass: Σ density × cell area ≈ n for points away from the edges', () => {
    // 2 km × 2 km of 20 m cells, 200 pseudo-random points in the middle 1 km, h = 250 m.
    const g = grid(100, 100, 20)
    let seed = 12345
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const xy: [number, number][] = Array.from({ length: 200 }, () => [500 + 1000 * rnd(), 500 + 1000 * rnd()])
    const { lon, lat } = pts(g, xy)
    const d = kernelDensity(g, lon, lat, xy.length, { bandwidth: 250 })
    const cellKm2 = (20 * 20) / 1e6
    const mass = d.reduce((a, v) => a + v * cellKm2, 0)
    expect(Math.abs(mass / 200 - 1)).toBeLessThan(0.01)
  })

  it('honours weights and the keep mask, skips NaN, and adds points outside the grid', () => {
    const g = grid(10, 10, 50)
    const { lon, lat } = pts(g, [[225, 225], [225, 225], [NaN, 0], [-60, 225]])
    const one = kernelDensity(g, lon.subarray(0, 1), lat.subarray(0, 1), 1, { bandwidth: 200 })
    const kept = kernelDensity(g, lon, lat, 3, { bandwidth: 200, keep: Uint8Array.of(1, 0, 1) })
    expect(Array.from(kept)).toEqual(Array.from(one))
    const w = kernelDensity(g, lon, lat, 3, { bandwidth: 200, weights: Float64Array.of(2, 0.5, 1) })
    for (let i = 0; i < w.length; i++) expect(w[i]).toBeCloseTo(one[i] * 2.5, 5)
    // 60 m west of the grid: reaches cell 0 of row 4 (centre 85 m away), not cell 3 (235 m)
    const out = kernelDensity(g, lon.subarray(3), lat.subarray(3), 1, { bandwidth: 200 })
    expect(out[40]).toBeCloseTo((3 / (Math.PI * 4e4)) * 1e6 * (1 - 85 ** 2 / 4e4) ** 2, 5)
    expect(out[43]).toBe(0)
  })

  it('works on a grid from gridOverBbox with lon/lat input', () => {
    const g = gridOverBbox([119, 36.7, 119.02, 36.72], 50)
    const [clon, clat] = cellCentreLonLat(g, 7 * g.cols + 9)
    const d = kernelDensity(g, Float64Array.of(clon), Float64Array.of(clat), 1, { bandwidth: 150 })
    expect(d[7 * g.cols + 9]).toBeCloseTo((3 / (Math.PI * 150 * 150)) * 1e6, 4)
  })

  it('refuses a bad bandwidth', () => {
    const g = grid(2, 2, 50)
    expect(() => kernelDensity(g, new Float64Array(0), new Float64Array(0), 0, { bandwidth: 0 })).toThrow(/bandwidth/)
    expect(() => kernelDensity(g, new Float64Array(0), new Float64Array(0), 0, { bandwidth: NaN })).toThrow(/bandwidth/)
  })
})
