import { GeoJsonLayer } from '@deck.gl/layers'
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic'
import { color } from 'd3-color'
import type { Feature, FeatureCollection } from 'geojson'
import { classCount, classOf, type ClassBreaks } from '../../core/area-stats'

type RGB = [number, number, number]
type RGBA = [number, number, number, number]

const rgb = (css: string): RGB => {
  const c = color(css)!.rgb()
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b)]
}

/**
 * One colour per class. Counts and rates: viridis (perceptually uniform, colour-blind safe),
 * from 0.15 so that the lowest class still stands off the dark base map. Changes: RdBu
 * reversed (ColorBrewer, colour-blind safe), blue = fewer, red = more, the two classes next
 * to 0 the palest.
 */
export function classColors(b: ClassBreaks): RGB[] {
  const k = classCount(b)
  if (b.method === 'diverging') return Array.from({ length: k }, (_, i) => rgb(interpolateRdBu(1 - (i + 0.5) / k)))
  return Array.from({ length: k }, (_, i) => rgb(interpolateViridis(k === 1 ? 0.6 : 0.15 + (0.85 * i) / (k - 1))))
}

/** Areas without a figure: no fill, a grey outline (the legend names them). */
export const NO_VALUE_LINE: RGBA = [140, 140, 140, 200]
export const FILL_ALPHA = 190

export interface ChoroplethStyle {
  /** value per area id */
  values: Map<string, number>
  breaks: ClassBreaks
  /** changes whenever values or breaks do (deck.gl recolours on it) */
  key: string
  idField?: string
}

/** The areas filled by class. */
export function choroplethLayer(data: FeatureCollection, style: ChoroplethStyle) {
  const colors = classColors(style.breaks)
  const idField = style.idField ?? 'id'
  const valueOf = (f: Feature) => style.values.get(String(f.properties?.[idField])) ?? NaN
  return new GeoJsonLayer({
    id: 'choropleth',
    data,
    pickable: false,
    filled: true,
    stroked: true,
    getFillColor: (f: Feature): RGBA => {
      const c = classOf(style.breaks, valueOf(f))
      return c < 0 ? [0, 0, 0, 0] : [...colors[c], FILL_ALPHA]
    },
    getLineColor: (f: Feature): RGBA => (classOf(style.breaks, valueOf(f)) < 0 ? NO_VALUE_LINE : [10, 19, 32, 160]),
    getLineWidth: 1,
    lineWidthUnits: 'pixels',
    updateTriggers: { getFillColor: style.key, getLineColor: style.key },
  })
}
