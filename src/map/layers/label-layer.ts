import { TextLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import { LABEL_FONT } from '../theme'

export interface LabelStyle {
  size: number
  /** pixels right of the point; text then starts there instead of being centred */
  offsetPixels?: number
}

/** Longest name drawn on the map: names come from imported files, and a label is a place name, not a text. */
export const LABEL_MAX_CHARS = 24

export function labelText(name: unknown): string {
  const s = String(name ?? '')
  return s.length > LABEL_MAX_CHARS ? `${s.slice(0, LABEL_MAX_CHARS)}…` : s
}

/** Names beside points, in the app's CJK font with a dark halo that reads over any layer. */
export function labelLayer(id: string, points: Feature<Point>[], visible: boolean, style: LabelStyle) {
  const offset = style.offsetPixels
  return new TextLayer<Feature<Point>>({
    id,
    data: points,
    visible,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getText: (f) => labelText(f.properties?.name),
    characterSet: 'auto',
    fontFamily: `'${LABEL_FONT}', sans-serif`,
    getSize: style.size,
    getColor: [255, 255, 255, 255],
    outlineWidth: 5,
    outlineColor: [10, 19, 32, 255],
    fontSettings: { sdf: true },
    ...(offset !== undefined ? { getPixelOffset: [offset, 0], getTextAnchor: 'start' as const, getAlignmentBaseline: 'center' as const } : {}),
  })
}
