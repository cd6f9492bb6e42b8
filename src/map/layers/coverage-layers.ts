import { PolygonLayer, SolidPolygonLayer } from '@deck.gl/layers'
import type { CameraColumns } from '../../core/cameras'
import type { CoverageSummary } from '../../workers/contracts'
import { CAMERA_CLASS_COLOR, CAMERA_OFFLINE_COLOR, GAP_COLORS, GAP_LINE, gapAlpha, OFFLINE_VIEW_ALPHA, VIEW_ALPHA } from '../palette'

/** Colour of a camera's view: class A / B, offline grey; translucent so overlaps read darker. */
export function viewColor(cameras: CameraColumns, row: number): [number, number, number, number] {
  const rgb = cameras.status[row] === 1 ? CAMERA_OFFLINE_COLOR : CAMERA_CLASS_COLOR[cameras.cls[row]] ?? CAMERA_OFFLINE_COLOR
  return [rgb[0], rgb[1], rgb[2], cameras.status[row] === 1 ? OFFLINE_VIEW_ALPHA : VIEW_ALPHA]
}

/** What each camera sees (sectors, or visibility polygons with occlusion). */
export function coverageLayer(c: CoverageSummary, cameras: CameraColumns, visible: boolean) {
  const { positions, starts, camera } = c.views
  return new SolidPolygonLayer<number>({
    id: 'coverage',
    data: Array.from({ length: starts.length - 1 }, (_, k) => k),
    getPolygon: (k) => positions.subarray(starts[k] * 2, starts[k + 1] * 2),
    positionFormat: 'XY',
    getFillColor: (k) => viewColor(cameras, camera[k]),
    visible,
    pickable: false,
  })
}

/**
 * The 3×3 gap grid: hotspot strength against coverage (palette.ts GAP_COLORS); class 6 is hot
 * and uncovered. Every drawn cell is outlined, so that a district of adjoining gaps (the old
 * town) still reads as cells; the selected gap's cells in white.
 */
export function gapCellsLayer(c: CoverageSummary, visible: boolean, selectedUnit: number | null) {
  const { positions, classes, unit } = c.cells
  return new PolygonLayer<number>({
    id: 'gaps',
    data: Array.from({ length: classes.length }, (_, k) => k),
    getPolygon: (k) => positions.subarray(k * 8, k * 8 + 8),
    positionFormat: 'XY',
    getFillColor: (k) => {
      const cls = classes[k]
      const rgb = GAP_COLORS[cls]
      return [rgb[0], rgb[1], rgb[2], gapAlpha(cls)]
    },
    stroked: true,
    getLineColor: (k) => (unit[k] === selectedUnit ? [255, 255, 255, 255] : gapAlpha(classes[k]) > 0 ? GAP_LINE : [0, 0, 0, 0]),
    getLineWidth: (k) => (unit[k] === selectedUnit ? 3 : 1),
    lineWidthUnits: 'pixels',
    updateTriggers: { getLineColor: selectedUnit, getLineWidth: selectedUnit },
    visible,
    pickable: false,
  })
}
