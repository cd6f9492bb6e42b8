/**
 * Camera coverage over a district, from columns to figures: views at a DORI level, optional
 * occlusion by buildings, a coverage raster, covered area per area, the incidents no camera
 * sees, and the gap analysis (hot and uncovered) on a square grid. The CLI and the analytics
 * worker both run this; the pieces live in camera-model, visibility, coverage-raster,
 * incidents-in-view and coverage-gaps.
 *
 * One projection for everything: the hotspot grid's (south-west corner of the district's
 * bounding box), so raster cells nest exactly inside grid cells.
 */
import { areaSetBbox, type AreaSet } from './areas'
import { cameraViews, type CameraViews, type DoriLevel } from './camera-model'
import { camerasWithoutHeading, type CameraColumns } from './cameras'
import { bivariateClasses, gapAnalysis, type GapRow } from './coverage-gaps'
import {
  addRing, addSector, areaCoverage, coverageRaster, coveredCells, gridCellCoverage, rasterAreaErrorBound, sectorBoundary,
  type CoverageRaster,
} from './coverage-raster'
import { gridHotspots, type GridHotspots } from './grid-hotspots'
import { inViewRate, projectPoints, viewCounts } from './incidents-in-view'
import { buildAreaIndex, joinPoints } from './spatial-join'
import { countPerCell, cellOfPoints } from './square-grid'
import { addParts, NO_BOUNDARY, rasterAreaExpectedError, ringParts, sectorParts } from './raster-area-error'
import { obstaclesFromAreas, visibleRings } from './visibility'

export interface CoverageInput {
  cameras: CameraColumns
  /** the district (its extent and cells bound everything) */
  district: AreaSet
  incidents: { lon: Float64Array; lat: Float64Array; count: number; keep?: Uint8Array }
  /** building footprints: with them, a camera sees only what walls leave open */
  buildings?: AreaSet | null
}

export interface CoverageOptions {
  level: DoriLevel
  /** raster cell, metres (the error bound scales with it) */
  rasterCell: number
  /** gap grid cell and Gi* band, metres; gridCell must be a whole multiple of rasterCell */
  gridCell: number
  band: number
  /** cameras to use (e.g. online only); all when absent */
  cameraKeep?: Uint8Array
}

export interface CoverageResult {
  views: CameraViews & { index: Uint32Array }
  /** visibility rings per view (local metres) when buildings were given, else null */
  rings: Float64Array[] | null
  raster: CoverageRaster
  /** covered m² of the whole raster, the error to expect (root mean square, raster-area-error.ts) and the bound on it */
  coveredM2: number
  expectedErrorM2: number
  errorBoundM2: number
  /** cameras seeing each incident (0 = unseen) */
  seenBy: Uint8Array
  inViewRate: number
  hotspots: GridHotspots
  /** per grid cell: covered fraction, unseen incidents */
  cellCoverage: Float32Array
  unseen: Float64Array
  gaps: GapRow[]
  bivariate: Int8Array
  /** cameras whose heading is unknown, by row: not counted in any figure above, listed for the user to complete */
  withoutHeading: number[]
}

export function cameraCoverage(input: CoverageInput, opts: CoverageOptions): CoverageResult {
  const { incidents: inc } = input
  if (!(opts.gridCell > 0 && opts.rasterCell > 0)) throw new Error('cell sizes must be positive numbers of metres')
  const ratio = opts.gridCell / opts.rasterCell
  if (Math.abs(ratio - Math.round(ratio)) > 1e-9) {
    throw new Error(`the grid cell (${opts.gridCell} m) must be a whole multiple of the raster cell (${opts.rasterCell} m)`)
  }
  if (!areaSetBbox(input.district)) throw new Error('the district has no area')
  const district = buildAreaIndex(input.district)
  const hotspots = gridHotspots(inc.lon, inc.lat, inc.count, { cell: opts.gridCell, band: opts.band, keep: inc.keep, areas: district })
  const { grid } = hotspots
  const proj = grid.proj
  const views = cameraViews(input.cameras, proj, opts.level, opts.cameraKeep)
  const rings = input.buildings ? visibleRings(obstaclesFromAreas(input.buildings, proj), views) : null
  const raster = coverageRaster(0, 0, grid.cols * grid.cell, grid.rows * grid.cell, opts.rasterCell)
  // boundary length and pieces (straight edges, arc quarters) for the raster's error bound
  let boundary = 0, pieces = 0, parts = NO_BOUNDARY
  for (let i = 0; i < views.count; i++) {
    if (rings) {
      addRing(raster, rings[i])
      boundary += ringPerimeter(rings[i])
      pieces += rings[i].length / 2
      parts = addParts(parts, ringParts(rings[i]))
    } else {
      addSector(raster, views.x[i], views.y[i], views.azimuth[i], views.fov[i], views.range[i])
      const b = sectorBoundary(views.fov[i], views.range[i])
      boundary += b.length
      pieces += b.pieces
      parts = addParts(parts, sectorParts(views.fov[i], views.range[i]))
    }
  }
  const { x, y } = projectPoints(proj, inc.lon, inc.lat, inc.count)
  const seenBy = viewCounts(views, x, y, inc.count, { visible: rings ?? undefined, keep: inc.keep })
  const unseenKeep = new Uint8Array(inc.count)
  for (let i = 0; i < inc.count; i++) unseenKeep[i] = (!inc.keep || inc.keep[i]) && seenBy[i] === 0 ? 1 : 0
  const cells = cellOfPoints(grid, inc.lon, inc.lat, inc.count)
  const unseen = countPerCell(grid, cells, inc.count, unseenKeep)
  for (let i = 0; i < unseen.length; i++) if (!hotspots.mask[i]) unseen[i] = 0
  const cellCoverage = gridCellCoverage(raster, 0, 0, grid.cell, grid.cols, grid.rows)
  const gapInput = { incidents: hotspots.counts, unseen, coverage: cellCoverage, z: hotspots.z, mask: hotspots.mask }
  return {
    views, rings, raster,
    coveredM2: coveredCells(raster) * opts.rasterCell ** 2,
    expectedErrorM2: rasterAreaExpectedError(parts, opts.rasterCell),
    errorBoundM2: rasterAreaErrorBound(boundary, opts.rasterCell, pieces),
    seenBy, inViewRate: inViewRate(seenBy, inc.keep),
    hotspots, cellCoverage, unseen,
    gaps: gapAnalysis(gapInput),
    bivariate: bivariateClasses(gapInput),
    withoutHeading: camerasWithoutHeading(input.cameras),
  }
}

export interface AreaCoverageRow {
  area: number
  areaM2: number
  coveredM2: number
  fraction: number
  incidents: number
  incidentsCovered: number
}

/**
 * Covered area and seen incidents per area of a layer (streets, compounds, grid cells).
 * `assign`: the incidents' join to these areas when the caller already has it.
 */
export function coverageByArea(
  result: CoverageResult, areas: AreaSet, incidents: { lon: Float64Array; lat: Float64Array; count: number; keep?: Uint8Array },
  assign: Int32Array = joinPoints(buildAreaIndex(areas), incidents.lon, incidents.lat, incidents.count),
): AreaCoverageRow[] {
  const { areaM2, coveredM2 } = areaCoverage(result.raster, areas, result.hotspots.grid.proj)
  const total = new Float64Array(areas.count), seen = new Float64Array(areas.count)
  for (let i = 0; i < incidents.count; i++) {
    const a = assign[i]
    if (a < 0 || (incidents.keep && !incidents.keep[i])) continue
    total[a]++
    if (result.seenBy[i] > 0) seen[a]++
  }
  return Array.from({ length: areas.count }, (_, a) => ({
    area: a,
    areaM2: areaM2[a],
    coveredM2: coveredM2[a],
    fraction: areaM2[a] > 0 ? Math.min(1, coveredM2[a] / areaM2[a]) : NaN,
    incidents: total[a],
    incidentsCovered: seen[a],
  }))
}

function ringPerimeter(ring: Float64Array): number {
  let len = 0
  const n = ring.length / 2
  for (let i = 0, j = n - 1; i < n; j = i++) len += Math.hypot(ring[2 * i] - ring[2 * j], ring[2 * i + 1] - ring[2 * j + 1])
  return len
}
