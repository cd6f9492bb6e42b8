/**
 * Square analysis grid in the local projection (local-projection.ts).
 *
 * Square cells of `cell` metres; origin (x=0, y=0) at the south-west corner of the extent =
 * (proj.lon0, proj.lat0); latRef = middle latitude of the extent. Cell index
 * i = row · cols + col, row 0 in the south. cols = max(1, ceil(width / cell)), rows likewise,
 * so the grid may reach a little past the east and north edges of the extent; a point exactly
 * on the east/north edge goes into the last cell. Rounding is absorbed on both sides: an
 * extent that is a whole number of cells up to 1e-9 cell gets no extra row or column, and a
 * point up to 1e-6 cell past the east/north edge of the grid still goes into the last cell.
 */
import { localProjection, projectX, projectY, unprojectLat, unprojectLon, type LocalProjection } from './local-projection'

export interface SquareGrid {
  proj: LocalProjection
  /** cell side, metres */
  cell: number
  cols: number
  rows: number
}

export const DEFAULT_MAX_CELLS = 4_000_000

/**
 * Grid covering the bbox [minLon, minLat, maxLon, maxLat]. Throws a clear Error when cell is
 * not a positive number, the bbox is not finite and ordered, or the grid would exceed
 * maxCells (default 4,000,000: 32 MB per Float64Array of cell values).
 */
export function gridOverBbox(
  bbox: readonly [number, number, number, number],
  cell: number,
  maxCells = DEFAULT_MAX_CELLS,
): SquareGrid {
  if (!(cell > 0) || !Number.isFinite(cell)) throw new Error(`grid cell size must be a positive number of metres (got ${cell})`)
  const [minLon, minLat, maxLon, maxLat] = bbox
  if (!bbox.every(Number.isFinite) || maxLon < minLon || maxLat < minLat) {
    throw new Error(`grid extent must be a finite [minLon, minLat, maxLon, maxLat] (got [${bbox.join(', ')}])`)
  }
  const proj = localProjection(minLon, minLat, (minLat + maxLat) / 2)
  const cols = Math.max(1, Math.ceil(projectX(proj, maxLon) / cell - 1e-9))
  const rows = Math.max(1, Math.ceil(projectY(proj, maxLat) / cell - 1e-9))
  if (cols * rows > maxCells) {
    throw new Error(
      `a ${cell} m grid over this extent would have ${cols} × ${rows} = ${cols * rows} cells, more than the limit of ${maxCells}; use larger cells`,
    )
  }
  return { proj, cell, cols, rows }
}

/** bbox [minLon, minLat, maxLon, maxLat] of the points with finite lon and lat (and keep[i] nonzero when given), or null when none. */
export function pointsBbox(lon: Float64Array, lat: Float64Array, count: number, keep?: Uint8Array): [number, number, number, number] | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (let i = 0; i < count; i++) {
    if (keep && !keep[i]) continue
    const x = lon[i], y = lat[i]
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null
}

/** Cell index per point; -1 outside the grid or NaN. */
export function cellOfPoints(
  grid: SquareGrid,
  lon: Float64Array,
  lat: Float64Array,
  count: number,
  out: Int32Array = new Int32Array(count),
): Int32Array {
  const { proj, cell, cols, rows } = grid
  const w = (cols + 1e-6) * cell, h = (rows + 1e-6) * cell
  for (let i = 0; i < count; i++) {
    const x = projectX(proj, lon[i]), y = projectY(proj, lat[i])
    // Written so that NaN fails the test and lands in the else branch.
    if (x >= 0 && x <= w && y >= 0 && y <= h) {
      const c = Math.min(Math.floor(x / cell), cols - 1)
      const r = Math.min(Math.floor(y / cell), rows - 1)
      out[i] = r * cols + c
    } else {
      out[i] = -1
    }
  }
  return out
}

/** Points per cell from cell indices (-1 skipped); rows with keep[i] = 0 skipped when keep is given. */
export function countPerCell(grid: SquareGrid, cells: Int32Array, count: number, keep?: Uint8Array): Float64Array {
  const counts = new Float64Array(grid.cols * grid.rows)
  for (let i = 0; i < count; i++) {
    const c = cells[i]
    if (c >= 0 && (!keep || keep[i])) counts[c]++
  }
  return counts
}

/** x of the cell centre, metres east of the grid origin */
export function cellCentreX(grid: SquareGrid, i: number): number {
  return ((i % grid.cols) + 0.5) * grid.cell
}

/** y of the cell centre, metres north of the grid origin */
export function cellCentreY(grid: SquareGrid, i: number): number {
  return (Math.floor(i / grid.cols) + 0.5) * grid.cell
}

export function cellCentreLonLat(grid: SquareGrid, i: number): [number, number] {
  return [unprojectLon(grid.proj, cellCentreX(grid, i)), unprojectLat(grid.proj, cellCentreY(grid, i))]
}
