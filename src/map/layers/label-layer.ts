import { TextLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import { LABEL_FONT } from '../theme'

export interface LabelStyle {
  size: number
  /** pixels right of the point; text then starts there instead of being centred */
  offsetPixels?: number
}

/**
 * One layer's names: where, how big, and how much they matter when two would cross
 * (core/label-placement.ts: the higher priority is drawn).
 */
export interface LabelSet {
  id: string
  points: Feature<Point>[]
  style: LabelStyle
  priority: number
  /** where else a name may go when its place is taken: shifts in ems, preferred first (default: only its place) */
  places?: readonly (readonly [number, number])[]
}

const HOME: readonly (readonly [number, number])[] = [[0, 0]]

/** Symbols drawn whatever the names do (a station's dot): names keep off them. */
export interface SymbolSet {
  points: Feature<Point>[]
  /** to the outer edge of its outline */
  radiusPixels: number
}

/** Longest name drawn on the map: names come from imported files, and a label is a place name, not a text. */
export const LABEL_MAX_CHARS = 24

export function labelText(name: unknown): string {
  const s = String(name ?? '')
  return s.length > LABEL_MAX_CHARS ? `${s.slice(0, LABEL_MAX_CHARS)}…` : s
}

/** The halo around the glyphs and a little air, in ems: boxes that merely touch look crowded. */
const BOX_PAD_EM = 0.2

type Project = (lonLat: [number, number]) => [number, number] | null

/**
 * Each label's screen boxes, one per place (x0, y0, x1, y1; NaN when `project` gives none), as
 * the TextLayer lays it out: centred on the point, or starting `offsetPixels` right of it, middle
 * on the point, shifted by the place. `textWidth(text, size)`: the text's width in pixels in the label font.
 */
export function labelBoxes(set: LabelSet, project: Project, textWidth: (text: string, size: number) => number): Float64Array[] {
  const { size, offsetPixels } = set.style
  const places = set.places ?? HOME
  const pad = BOX_PAD_EM * size
  return set.points.map((f) => {
    const out = new Float64Array(places.length * 4).fill(NaN)
    const p = project(f.geometry.coordinates as [number, number])
    if (!p) return out
    const w = textWidth(labelText(f.properties?.name), size)
    places.forEach(([dx, dy], k) => {
      const x0 = (offsetPixels === undefined ? p[0] - w / 2 : p[0] + offsetPixels) + dx * size
      const y = p[1] + dy * size
      out.set([x0 - pad, y - size / 2 - pad, x0 + w + pad, y + size / 2 + pad], k * 4)
    })
    return out
  })
}

/** Each symbol's screen box (a square around its dot), in the same form. */
export function symbolBoxes(set: SymbolSet, project: Project): Float64Array[] {
  const r = set.radiusPixels
  return set.points.map((f) => {
    const p = project(f.geometry.coordinates as [number, number])
    return p ? Float64Array.of(p[0] - r, p[1] - r, p[0] + r, p[1] + r) : Float64Array.of(NaN, NaN, NaN, NaN)
  })
}

/**
 * Names beside points, in the app's CJK font with a dark halo that reads over any layer.
 * `placed` (per point: the place taken, -1 for none; core/label-placement.ts) moves names off
 * others and leaves out those with no room; they stay in the data so that the glyph atlas is
 * not rebuilt as the map moves.
 */
export function labelLayer(set: LabelSet, visible: boolean, placed: Int8Array | null = null) {
  const offset = set.style.offsetPixels
  const size = set.style.size
  const places = set.places ?? HOME
  const shift = (index: number): [number, number] => {
    const [dx, dy] = places[Math.max(0, placed?.[index] ?? 0)]
    return [(offset ?? 0) + dx * size, dy * size]
  }
  return new TextLayer<Feature<Point>>({
    id: set.id,
    data: set.points,
    visible,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getText: (f) => labelText(f.properties?.name),
    characterSet: 'auto',
    fontFamily: `'${LABEL_FONT}', sans-serif`,
    getSize: placed ? (_f, { index }) => (placed[index] >= 0 ? size : 0) : size,
    getPixelOffset: (_f, { index }) => shift(index),
    updateTriggers: { getSize: [size, placed ? placed.join() : ''], getPixelOffset: [offset, size, placed ? placed.join() : ''] },
    getColor: [255, 255, 255, 255],
    outlineWidth: 5,
    outlineColor: [10, 19, 32, 255],
    fontSettings: { sdf: true },
    ...(offset !== undefined ? { getTextAnchor: 'start' as const, getAlignmentBaseline: 'center' as const } : {}),
  })
}
