import { describe, expect, it } from 'vitest'
import { densityRgba, gridBounds } from '../../../src/map/layers/density-image-layer'
import { gridOverBbox } from '../../../src/core/square-grid'

describe('densityRgba', () => {
  it('puts the north row first and leaves empty cells transparent', () => {
    // 2 × 2 grid, row 0 south: [0, 1] south, [2, 4] north; scale [0, 4]
    const px = densityRgba(Float32Array.from([0, 1, 2, 4]), 2, 2, 4)
    const alpha = [3, 7, 11, 15].map((o) => px[o])
    // image rows: north (2, 4) then south (0, 1): only the south-west cell (0) is transparent
    expect(alpha).toEqual([210, 210, 0, 210])
    // the top of the scale (4, image pixel 1) is inferno's pale yellow end: red and green high, blue lowest
    expect(px[4]).toBeGreaterThan(200)
    expect(px[6]).toBeLessThan(px[5])
    // brighter with density: the cell of 4 is lighter than that of 1 (image pixel 3)
    const lum = (o: number) => px[o] + px[o + 1] + px[o + 2]
    expect(lum(4)).toBeGreaterThan(lum(12))
  })
  it('draws nothing without a positive maximum', () => {
    expect(densityRgba(Float32Array.from([1, 2]), 2, 1, 0).every((v) => v === 0)).toBe(true)
  })
})

describe('gridBounds', () => {
  it('spans the grid from its origin', () => {
    const g = gridOverBbox([119, 36, 119.01, 36.01], 100)
    const [w, s, e, n] = gridBounds(g)
    expect([w, s]).toEqual([119, 36])
    // whole cells: at least the bbox, less than a cell (≈ 0.0009° at 100 m) beyond it
    expect(e).toBeGreaterThanOrEqual(119.01 - 1e-9)
    expect(e - 119.01).toBeLessThan(0.0013)
    expect(n - 36.01).toBeLessThan(0.0009)
  })
})
