import { SolidPolygonLayer } from '@deck.gl/layers'
import type { GridHotspots } from '../../core/grid-hotspots'
import { unprojectLat, unprojectLon } from '../../core/local-projection'
import type { SquareGrid } from '../../core/square-grid'
import { HOTSPOT_ALPHA, HOTSPOT_COLORS } from '../palette'

export { HOTSPOT_ALPHA, HOTSPOT_COLORS }

/** Corners (lon/lat, 4 per cell) of the significant cells of the study area, and their class. */
export function significantCells(h: GridHotspots): { positions: Float64Array; classes: Int8Array } {
  const { grid, classes, mask } = h
  const cells: number[] = []
  for (let i = 0; i < classes.length; i++) if (classes[i] !== 0 && mask[i]) cells.push(i)
  return { positions: cellCorners(grid, cells), classes: Int8Array.from(cells, (u) => classes[u]) }
}

/** Corners (lon/lat, 4 per cell: SW, SE, NE, NW) of grid cells, for SolidPolygonLayer's flat XY polygons. */
export function cellCorners(grid: SquareGrid, cells: ArrayLike<number>): Float64Array {
  const positions = new Float64Array(cells.length * 8)
  for (let k = 0; k < cells.length; k++) {
    const u = cells[k]
    const x0 = (u % grid.cols) * grid.cell, y0 = Math.floor(u / grid.cols) * grid.cell
    const lon0 = unprojectLon(grid.proj, x0), lon1 = unprojectLon(grid.proj, x0 + grid.cell)
    const lat0 = unprojectLat(grid.proj, y0), lat1 = unprojectLat(grid.proj, y0 + grid.cell)
    positions.set([lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1], k * 8)
  }
  return positions
}

const cache = new WeakMap<GridHotspots, ReturnType<typeof significantCells>>()

/** Hot and cold cells by confidence class; not significant cells (class 0) are not drawn. */
export function hotspotCellsLayer(h: GridHotspots) {
  let cells = cache.get(h)
  if (!cells) cache.set(h, (cells = significantCells(h)))
  const { positions, classes } = cells
  return new SolidPolygonLayer<number>({
    id: 'hotspot-cells',
    data: Array.from({ length: classes.length }, (_, k) => k),
    getPolygon: (k) => positions.subarray(k * 8, k * 8 + 8),
    positionFormat: 'XY',
    getFillColor: (k) => [...HOTSPOT_COLORS[classes[k] + 3], HOTSPOT_ALPHA] as [number, number, number, number],
    pickable: false,
  })
}
