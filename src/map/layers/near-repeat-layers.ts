import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers'
import { interpolateRdBu } from 'd3-scale-chromatic'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { OKABE_ITO } from '../theme'

/** Role colours, by core ROLE_NAMES code: isolated grey, originator vermillion, near repeat yellow (Okabe–Ito). */
export const ROLE_COLORS = [OKABE_ITO.grey, OKABE_ITO.vermillion, OKABE_ITO.yellow] as const
/** The risk zone: a sky-blue outline over a faint fill, so the incidents inside stay readable. */
export const ZONE_COLOR = OKABE_ITO.skyBlue
export const ZONE_FILL_ALPHA = 45

/** The recent window's incidents (positions and role codes) and the zone around them. */
export interface NearRepeatLayerData {
  zone: Feature<Polygon | MultiPolygon> | null
  lon: Float64Array
  lat: Float64Array
  roles: Uint8Array
}

/** The risk zone (outlined, translucent) under the window's incidents coloured by role; near repeats drawn last, on top. */
export function nearRepeatLayers(d: NearRepeatLayerData) {
  const order = Array.from(d.roles.keys()).sort((a, b) => d.roles[a] - d.roles[b])
  const out = []
  if (d.zone) {
    out.push(new GeoJsonLayer({
      id: 'near-repeat-zone',
      data: d.zone,
      filled: true,
      stroked: true,
      getFillColor: [...ZONE_COLOR, ZONE_FILL_ALPHA],
      getLineColor: [...ZONE_COLOR, 230],
      getLineWidth: 2,
      lineWidthUnits: 'pixels',
      pickable: false,
    }))
  }
  out.push(new ScatterplotLayer<number>({
    id: 'near-repeat-incidents',
    data: order,
    getPosition: (i) => [d.lon[i], d.lat[i]],
    getFillColor: (i) => [...ROLE_COLORS[d.roles[i]], 235],
    getRadius: 4,
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: [10, 19, 32, 255],
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
    pickable: false,
  }))
  return out
}

/**
 * Background of a Knox table cell: ColorBrewer RdBu on log2(ratio), clamped to ½ … 2, so more
 * pairs than expected read red and fewer blue, symmetric around "as expected" (white). NaN
 * (no expectation): transparent.
 */
export function knoxRatioColor(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return 'transparent'
  const l = Math.max(-1, Math.min(1, Math.log2(ratio)))
  return interpolateRdBu(0.5 - l / 2)
}

/** Text colour that stays readable on knoxRatioColor: dark on the pale middle, white on the strong ends. */
export function knoxTextColor(ratio: number): string {
  return Number.isFinite(ratio) && ratio > 0 && Math.abs(Math.log2(ratio)) > 0.6 ? '#fff' : '#0a1320'
}
