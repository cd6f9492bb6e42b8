/**
 * The network coverage's local-metre geometry turned into lon/lat arrays for drawing: each
 * camera's view ring, and the corners of the gap grid's cells.
 */
import type { CoverageResult } from '../core/camera-coverage'
import { sectorRing } from '../core/camera-model'
import { unprojectLat, unprojectLon } from '../core/local-projection'
import type { GapCells, ViewRings } from './contracts'

/** The views as rings (the occluded ones when walls were given, else plain sectors). */
export function viewRings(r: CoverageResult): ViewRings {
  const proj = r.hotspots.grid.proj
  const rings = r.rings ?? Array.from({ length: r.views.count }, (_, i) =>
    sectorRing(r.views.x[i], r.views.y[i], r.views.azimuth[i], r.views.fov[i], r.views.range[i]))
  const starts = new Uint32Array(rings.length + 1)
  rings.forEach((ring, k) => { starts[k + 1] = starts[k] + ring.length / 2 })
  const positions = new Float64Array(starts[rings.length] * 2)
  rings.forEach((ring, k) => {
    for (let v = 0, o = starts[k] * 2; v < ring.length; v += 2, o += 2) {
      positions[o] = unprojectLon(proj, ring[v])
      positions[o + 1] = unprojectLat(proj, ring[v + 1])
    }
  })
  return { positions, starts, camera: r.views.index }
}

/** The grid cells that have a bivariate class (those in the study area), as corner quads. */
export function gapCells(r: CoverageResult): GapCells {
  const { grid } = r.hotspots
  const proj = grid.proj
  const units: number[] = []
  for (let i = 0; i < r.bivariate.length; i++) if (r.bivariate[i] >= 0) units.push(i)
  const positions = new Float64Array(units.length * 8)
  units.forEach((u, k) => {
    const col = u % grid.cols, row = Math.floor(u / grid.cols)
    const x0 = col * grid.cell, y0 = row * grid.cell, x1 = x0 + grid.cell, y1 = y0 + grid.cell
    const corners = [x0, y0, x1, y0, x1, y1, x0, y1]
    for (let c = 0; c < 8; c += 2) {
      positions[k * 8 + c] = unprojectLon(proj, corners[c])
      positions[k * 8 + c + 1] = unprojectLat(proj, corners[c + 1])
    }
  })
  return { positions, classes: Uint8Array.from(units, (u) => r.bivariate[u]), unit: Uint32Array.from(units) }
}
