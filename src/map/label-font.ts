import type { FeatureCollection } from 'geojson'
import { LABEL_FONT } from './theme'
import { labelText } from './layers/label-layer'

/**
 * The label font is served by the app as unicode-range subsets, so the browser only fetches
 * the subsets for characters it is asked for. MapLibre (TinySDF) and deck.gl rasterise
 * glyphs on a canvas, which does not wait for a font: load the subsets for every label
 * first, or the labels come out in a fallback font (boxes on machines without CJK fonts).
 */
export async function loadLabelFont(texts: Iterable<string>): Promise<void> {
  const chars = new Set<string>()
  for (const t of texts) for (const ch of t) chars.add(ch)
  const sample = [...chars].join('')
  if (!sample || typeof document === 'undefined' || !document.fonts) return
  await document.fonts.load(`16px "${LABEL_FONT}"`, sample)
}

export function namesOf(fc: FeatureCollection | null): string[] {
  return fc ? fc.features.map((f) => labelText(f.properties?.name)) : []
}
