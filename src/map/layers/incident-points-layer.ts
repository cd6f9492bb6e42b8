import { ScatterplotLayer } from '@deck.gl/layers'
import { CATEGORIES, type Category } from '../../core/incidents'
import { OKABE_ITO } from '../theme'
import { incidentLayerProps, type IncidentLayerData } from './incident-layer-data'

/** Okabe–Ito: apart for every common colour-vision deficiency, and bright on the dark base map. */
export const CATEGORY_COLOR: Record<Category, readonly [number, number, number]> = {
  criminal: OKABE_ITO.vermillion,
  public_order: OKABE_ITO.orange,
  fire: OKABE_ITO.yellow,
  problem: OKABE_ITO.skyBlue,
  other: OKABE_ITO.grey,
}

/** RGB per row from its category code, built once per set of rows. */
function categoryColors(d: IncidentLayerData): Uint8Array {
  const table = CATEGORIES.map((c) => CATEGORY_COLOR[c])
  const out = new Uint8Array(d.count * 3)
  for (let i = 0; i < d.count; i++) {
    const c = table[d.category[i]] ?? OKABE_ITO.grey
    out[3 * i] = c[0]; out[3 * i + 1] = c[1]; out[3 * i + 2] = c[2]
  }
  return out
}

/** One dot per incident, coloured by category; DataFilterExtension works natively on this primitive layer. */
export function incidentPointsLayer(d: IncidentLayerData, style: { radiusPixels: number }) {
  return new ScatterplotLayer({
    ...incidentLayerProps(d, 'incidents-points', () => ({ getFillColor: { value: categoryColors(d), size: 3 } })),
    radiusUnits: 'pixels',
    getRadius: style.radiusPixels,
    radiusMinPixels: 1,
    opacity: 0.8,
    stroked: false,
  })
}
