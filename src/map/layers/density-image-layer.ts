import { BitmapLayer } from '@deck.gl/layers'
import { interpolateInferno } from 'd3-scale-chromatic'
import { unprojectLat, unprojectLon } from '../../core/local-projection'
import type { SquareGrid } from '../../core/square-grid'

/** Inferno from 0.25 (its black end disappears on the dark map) to 1: perceptually uniform, colour-blind safe. */
export const DENSITY_RAMP_FROM = 0.25
const LUT = Array.from({ length: 256 }, (_, i) => {
  const hex = interpolateInferno(DENSITY_RAMP_FROM + (1 - DENSITY_RAMP_FROM) * (i / 255))
  return [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16))
})
/** CSS gradient of the same ramp, for the legend */
export const DENSITY_GRADIENT = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((f) => interpolateInferno(DENSITY_RAMP_FROM + (1 - DENSITY_RAMP_FROM) * f)).join(', ')})`

/**
 * RGBA pixels of a density grid on a colour scale [0, max] shared by the maps that are compared:
 * one pixel per cell, north up (grid row 0 is the south edge). Cells below `floor` × max stay
 * transparent so the base map shows where (almost) nothing happened.
 */
export function densityRgba(density: Float32Array, cols: number, rows: number, max: number, floor = 0.03): Uint8ClampedArray {
  const out = new Uint8ClampedArray(cols * rows * 4)
  if (!(max > 0)) return out
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const f = density[(rows - 1 - r) * cols + c] / max
      if (!(f >= floor)) continue
      const [R, G, B] = LUT[Math.min(255, Math.round(f * 255))]
      const o = (r * cols + c) * 4
      out[o] = R
      out[o + 1] = G
      out[o + 2] = B
      out[o + 3] = 210
    }
  }
  return out
}

/** [west, south, east, north] of a grid: its projection is equirectangular, so the grid is a lon/lat rectangle. */
export function gridBounds(grid: SquareGrid): [number, number, number, number] {
  const { proj, cols, rows, cell } = grid
  return [proj.lon0, proj.lat0, unprojectLon(proj, cols * cell), unprojectLat(proj, rows * cell)]
}

/** A density surface drawn as one image over its grid, on the colour scale [0, max]. */
export function densityImageLayer(id: string, grid: SquareGrid, density: Float32Array, max: number) {
  return new BitmapLayer({
    id,
    image: new ImageData(densityRgba(density, grid.cols, grid.rows, max) as Uint8ClampedArray<ArrayBuffer>, grid.cols, grid.rows),
    bounds: gridBounds(grid),
    // cells stay crisp squares rather than a blur that would hide the grid's resolution
    textureParameters: { minFilter: 'nearest', magFilter: 'nearest' },
  })
}
