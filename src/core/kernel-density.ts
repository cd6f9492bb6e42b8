/**
 * Kernel density on a square grid: incidents per km² at each cell centre.
 *
 * Quartic (biweight) kernel, as in ArcGIS Kernel Density and Silverman (1986) eq. 4.5:
 *   K(d) = 3 / (π h²) · (1 − d²/h²)²  for d < h, else 0
 * whose integral over the plane is 1, so the densities times the cell area sum to the number
 * (or total weight) of points, less what spills over the grid edge.
 */
import { projectX, projectY } from './local-projection'
import type { SquareGrid } from './square-grid'

export interface KdeOptions {
  /** search radius h, metres */
  bandwidth: number
  /** rows with keep[i] = 0 are left out */
  keep?: Uint8Array
  /** weight per point (default 1); rows with a non-finite weight are left out */
  weights?: ArrayLike<number>
}

/**
 * Takes lon/lat (WGS-84) and projects them inside with the grid's projection, so callers
 * never mix projections. Exact per point, no binning: each point adds to every cell centre
 * within h of it. Points with NaN coordinates are skipped; points outside the grid still
 * add to the cells within h of them.
 */
export function kernelDensity(
  grid: SquareGrid,
  lon: Float64Array,
  lat: Float64Array,
  count: number,
  opts: KdeOptions,
): Float32Array {
  const { bandwidth: h, keep, weights } = opts
  if (!(h > 0) || !Number.isFinite(h)) throw new Error(`kernel density bandwidth must be a positive number of metres (got ${h})`)
  const { proj, cell, cols, rows } = grid
  // Sum of w · (1 − d²/h²)² per cell in float64 (a busy cell takes thousands of terms),
  // scaled once at the end: 3/(π h²) per m² → × 1e6 per km².
  const acc = new Float64Array(cols * rows)
  const h2 = h * h
  for (let i = 0; i < count; i++) {
    if (keep && !keep[i]) continue
    const w = weights ? weights[i] : 1
    if (!Number.isFinite(w)) continue
    // Cell units: the centre of (col, row) sits at (col + 0.5, row + 0.5) · cell.
    const x = projectX(proj, lon[i]) / cell - 0.5
    const y = projectY(proj, lat[i]) / cell - 0.5
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue
    const rc = h / cell
    const r0 = Math.max(0, Math.ceil(y - rc)), r1 = Math.min(rows - 1, Math.floor(y + rc))
    for (let r = r0; r <= r1; r++) {
      const dy = (r - y) * cell
      const rest = h2 - dy * dy
      if (rest <= 0) continue
      // Only the columns inside the disk on this row.
      const half = Math.sqrt(rest) / cell
      const c0 = Math.max(0, Math.ceil(x - half)), c1 = Math.min(cols - 1, Math.floor(x + half))
      const base = r * cols
      for (let c = c0; c <= c1; c++) {
        const dx = (c - x) * cell
        const u = 1 - (dx * dx + dy * dy) / h2
        if (u > 0) acc[base + c] += w * u * u
      }
    }
  }
  const k = (3 / (Math.PI * h2)) * 1e6
  const out = new Float32Array(acc.length)
  for (let i = 0; i < acc.length; i++) out[i] = acc[i] * k
  return out
}
