import { SolidPolygonLayer, PathLayer } from '@deck.gl/layers'
import type { SquareGrid } from '../../core/square-grid'
import { cellCorners } from './hotspot-cells-layer'

type RGB = readonly [number, number, number]
const hex = (h: string): RGB => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]

/**
 * Colour per pattern code (core/emerging-hotspots.ts PATTERN_NAMES): hot patterns in ColorBrewer
 * YlOrRd, cold ones in Blues, each ranked by how hot (cold) the cell is now: intensifying
 * darkest, then persistent, consecutive, new, oscillating, sporadic, diminishing, historical
 * palest. Hue tells hot from cold for every reader (red–blue is colour-blind safe); lightness
 * orders the patterns. Code 0 (no pattern) is not drawn.
 */
const HOT = { intensifying: '#800026', persistent: '#bd0026', consecutive: '#e31a1c', new: '#fc4e2a', oscillating: '#fd8d3c', sporadic: '#feb24c', diminishing: '#fed976', historical: '#ffeda0' }
const COLD = { intensifying: '#08306b', persistent: '#08519c', consecutive: '#2171b5', new: '#4292c6', oscillating: '#6baed6', sporadic: '#9ecae1', diminishing: '#c6dbef', historical: '#deebf7' }
const ORDER = ['new', 'consecutive', 'intensifying', 'persistent', 'diminishing', 'sporadic', 'oscillating', 'historical'] as const
export const PATTERN_COLORS: RGB[] = [[0, 0, 0], ...ORDER.map((k) => hex(HOT[k])), ...ORDER.map((k) => hex(COLD[k]))]
export const PATTERN_ALPHA = 190

/** The cube's cells the layer draws: grid index and pattern code per cube cell. */
export interface EmergingLayerData {
  grid: SquareGrid
  gridIndex: Int32Array
  patterns: Uint8Array
}

export interface EmergingStyle {
  /** cube cell whose outline is drawn (the sparkline's), or null */
  selected: number | null
}

/** The id of the cells' layer: a click on the map picks in it (pickEmergingCell). */
export const EMERGING_CELLS_ID = 'emerging-cells'

/** The cube cells with a pattern (their cube index) and their corners. */
export function patternCells(d: EmergingLayerData): { cells: Int32Array; positions: Float64Array } {
  const cells: number[] = []
  for (let c = 0; c < d.patterns.length; c++) if (d.patterns[c] !== 0) cells.push(c)
  return { cells: Int32Array.from(cells), positions: cellCorners(d.grid, cells.map((c) => d.gridIndex[c])) }
}

const cache = new WeakMap<EmergingLayerData, ReturnType<typeof patternCells>>()

/**
 * Cells coloured by emerging pattern, the selected cell outlined in white. Each drawn object is
 * its cube cell index, so a pick says which cell (the streets drawn above take the layer's own
 * clicks: MapView picks in this layer alone, pickEmergingCell).
 */
export function emergingLayers(d: EmergingLayerData, style: EmergingStyle) {
  let drawn = cache.get(d)
  if (!drawn) cache.set(d, (drawn = patternCells(d)))
  const { cells, positions } = drawn
  const fill = new SolidPolygonLayer<number>({
    id: EMERGING_CELLS_ID,
    data: Array.from(cells),
    getPolygon: (_, { index }) => positions.subarray(index * 8, index * 8 + 8),
    positionFormat: 'XY',
    getFillColor: (c) => [...PATTERN_COLORS[d.patterns[c]], PATTERN_ALPHA] as [number, number, number, number],
    pickable: true,
  })
  const sel = style.selected
  if (sel === null || sel < 0 || sel >= d.gridIndex.length) return [fill]
  const ring = cellCorners(d.grid, [d.gridIndex[sel]])
  const path = [[ring[0], ring[1]], [ring[2], ring[3]], [ring[4], ring[5]], [ring[6], ring[7]], [ring[0], ring[1]]] as [number, number][]
  return [fill, new PathLayer<[number, number][]>({
    id: 'emerging-selected', data: [path], getPath: (p) => p, getColor: [255, 255, 255, 255], getWidth: 2, widthUnits: 'pixels', pickable: false,
  })]
}

/** The cube cell of the emerging layer at a point of the map, or null (what a click selects). */
export function pickEmergingCell(overlay: { pickObject(o: { x: number; y: number; radius: number; layerIds: string[] }): { object?: unknown } | null }, x: number, y: number): number | null {
  const hit = overlay.pickObject({ x, y, radius: 2, layerIds: [EMERGING_CELLS_ID] })
  return typeof hit?.object === 'number' ? hit.object : null
}
