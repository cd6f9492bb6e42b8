/**
 * Gi* hotspots on a square grid over the incidents (or the district), from columns to one
 * result the CLI writes and the app draws. Composition only: the statistics live in
 * getis-ord.ts, the grid in square-grid.ts.
 */
import { areaSetBbox } from './areas'
import { giStar, classifyHotspots } from './getis-ord'
import { locatePoint, type AreaIndex } from './spatial-join'
import {
  cellCentreLonLat, cellOfPoints, countPerCell, gridOverBbox, pointsBbox, type SquareGrid,
} from './square-grid'

export interface GridHotspotOptions {
  /** cell side, metres */
  cell: number
  /** fixed distance band, metres */
  band: number
  fdr?: boolean
  /** rows to count (category / time filter); all when absent */
  keep?: Uint8Array
  /** restrict the grid to cells whose centre lies in one of these areas (the district) */
  areas?: AreaIndex
}

export interface GridHotspots {
  grid: SquareGrid
  /** 1 for cells in the study area */
  mask: Uint8Array
  /** cells in the study area */
  n: number
  counts: Float64Array
  z: Float64Array
  p: Float64Array
  classes: Int8Array
}

/** Study-area mask: cells whose centre is inside one of the areas. */
export function areaMask(grid: SquareGrid, areas: AreaIndex): Uint8Array {
  const mask = new Uint8Array(grid.cols * grid.rows)
  for (let i = 0; i < mask.length; i++) {
    const [lon, lat] = cellCentreLonLat(grid, i)
    mask[i] = locatePoint(areas, lon, lat) >= 0 ? 1 : 0
  }
  return mask
}

/**
 * The grid covers the areas' extent when areas are given (so empty corners of the district
 * count as zero cells), else the kept incidents' extent. Incidents outside the grid are not
 * counted; with areas, incidents in masked-out cells are not either.
 */
export function gridHotspots(lon: Float64Array, lat: Float64Array, count: number, opts: GridHotspotOptions): GridHotspots {
  if (!(opts.band > 0)) throw new Error(`band must be a positive number of metres (got ${opts.band})`)
  let bbox = opts.areas ? areaSetBbox(opts.areas.areas) : null
  if (!bbox) bbox = pointsBbox(lon, lat, count, opts.keep)
  if (!bbox) throw new Error('no incidents with coordinates to build a grid over')
  const grid = gridOverBbox(bbox, opts.cell)
  const cells = cellOfPoints(grid, lon, lat, count)
  const counts = countPerCell(grid, cells, count, opts.keep)
  const mask = opts.areas ? areaMask(grid, opts.areas) : new Uint8Array(counts.length).fill(1)
  if (opts.areas) for (let i = 0; i < counts.length; i++) if (!mask[i]) counts[i] = 0
  const { z, p, n } = giStar(grid, counts, { band: opts.band, mask })
  return { grid, mask, n, counts, z, p, classes: classifyHotspots(z, p, opts.fdr ?? false) }
}
