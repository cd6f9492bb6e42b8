/**
 * Where a density colour scale should end for a dataset, in incidents per km². A fixed end
 * would suit one district and blank another: 2,000 incidents spread over a district never reach
 * the thousands per km² a city centre with a million does. The dense end of a grid about the
 * heatmap kernel's size is what the brightest colour should mean: the 99th percentile of the
 * cells with incidents (so that one extreme cell does not leave every other place dim; above it
 * the colour saturates, and the legend says "≥"), rounded up to 1, 2 or 5 × 10^k so the legend
 * reads in round numbers.
 *
 * It is fitted to what the map shows, not to the whole file: the filter's categories, hours,
 * weekdays and dates (`keep`). Two years of everything reach thousands per km² where one day of
 * night-time crime reaches a few, and a scale fitted to the first leaves the second a haze.
 */
import { cellOfPoints, countPerCell, gridOverBbox, pointsBbox } from './square-grid'

/** Cell side for the estimate: about the default heatmap kernel radius at district zoom (~430 m at zoom 12). */
export const DENSITY_SCALE_CELL_M = 500

/** The smallest of 1, 2, 5 × 10^k that is >= x (x > 0); 1 for x <= 0 or not finite. */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1
  const p = 10 ** Math.floor(Math.log10(x))
  for (const m of [1, 2, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p
  return 10 * p
}

export const DENSITY_SCALE_QUANTILE = 0.99

/**
 * The 99th percentile of the incidents per km² of the `cellM` cells that have any, rounded up by
 * niceCeil; only the rows with keep[i] nonzero when `keep` is given; 1 when there are no points.
 */
export function densityScaleMax(lon: Float64Array, lat: Float64Array, count: number, cellM = DENSITY_SCALE_CELL_M, keep?: Uint8Array): number {
  const bbox = pointsBbox(lon, lat, count, keep)
  if (!bbox) return 1
  // a very large extent (bad coordinates) would make millions of small cells: coarsen instead
  let cell = cellM
  for (;;) {
    try {
      const grid = gridOverBbox(bbox, cell)
      const counts = countPerCell(grid, cellOfPoints(grid, lon, lat, count), count, keep)
      const busy = Float64Array.from(counts.filter((c) => c > 0)).sort()
      const q = busy[Math.min(busy.length - 1, Math.floor(DENSITY_SCALE_QUANTILE * busy.length))]
      return niceCeil(q / ((cell * cell) / 1e6))
    } catch {
      cell *= 4
    }
  }
}

/**
 * Upper edges of n density classes that halve from `top` down: top/2^(n-1), …, top/2, top.
 * Incidents per cell are skewed (a few busy centres, a long quiet tail), so classes of equal
 * width put nearly every cell in the first one; halving classes give the tail its shades while
 * the busiest cells still stand out. The last class is open above (≥ top/2).
 */
export function halvingClassEdges(top: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => top / 2 ** (n - 1 - i))
}

/** The class (0 … n−1) of `density` among halvingClassEdges(top, n): the first edge it does not exceed, the last above top/2. */
export function halvingClassOf(density: number, top: number, n: number): number {
  if (!(density > 0) || !(top > 0)) return 0
  const k = Math.ceil(Math.log2((density * 2 ** (n - 1)) / top) - 1e-9)
  return Math.max(0, Math.min(n - 1, k))
}
