import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { Layer } from '@deck.gl/core'
import { formatLocalDate } from '../../core/periods'
import type { ResponseGroup } from '../../core/unit-arrivals'
import type { LegendBlock, LegendSwatch } from '../legend-model'
import { OKABE_ITO } from '../theme'

export interface ResponseLayerData {
  day: number
  grids: FeatureCollection
  byGrid: readonly ResponseGroup[]
}

/**
 * Classes of the share of a grid's alerts reached within target, worst first. Vermillion,
 * yellow and blue stay apart for colour-blind readers; a grid with no alert is left clear.
 */
export const RESPONSE_CLASSES = [
  { below: 0.5, color: OKABE_ITO.vermillion },
  { below: 0.8, color: OKABE_ITO.yellow },
  { below: Infinity, color: OKABE_ITO.blue },
] as const
export const RESPONSE_ALPHA = 150
/** the outline of a grid where some alert had no arrival in the tracks */
export const NO_ARRIVAL_LINE = [255, 255, 255] as const

export function responseClass(shareWithin: number): number {
  return RESPONSE_CLASSES.findIndex((c) => shareWithin < c.below)
}

interface GridFigures { shareWithin: number; noArrival: number }
const cache = new WeakMap<ResponseLayerData, Feature<Geometry, GridFigures>[]>()

/** Each patrol grid with alerts filled by its class; a white outline where alerts went unanswered. */
export function responseLayers(d: ResponseLayerData): Layer[] {
  let grids = cache.get(d)
  if (!grids) {
    const byKey = new Map(d.byGrid.map((g) => [g.key, g]))
    grids = []
    for (const f of d.grids.features) {
      const g = byKey.get(String(f.properties?.id))
      if (g) grids.push({ ...f, properties: { shareWithin: g.shareWithin, noArrival: g.noArrival } })
    }
    cache.set(d, grids)
  }
  return [new GeoJsonLayer<GridFigures>({
    id: 'response-grids', data: grids, filled: true, stroked: true, pickable: false,
    getFillColor: (f) => [...RESPONSE_CLASSES[responseClass(f.properties.shareWithin)].color, RESPONSE_ALPHA],
    getLineColor: (f) => (f.properties.noArrival > 0 ? [...NO_ARRIVAL_LINE, 255] : [0, 0, 0, 0]),
    lineWidthUnits: 'pixels', getLineWidth: 2,
  })]
}

type Translate = (key: string, named?: Record<string, unknown>) => string

/** The classes, the no-arrival outline and the day the figures are of. */
export function responseLegendBlock(t: Translate, day: number | null): LegendBlock {
  const css = (c: readonly number[]) => `rgb(${c.join(',')})`
  const bounds = ['< 50%', '50–80%', '≥ 80%']
  const items: LegendSwatch[] = RESPONSE_CLASSES.map((c, k) => ({ shape: 'square', color: css(c.color), label: t('responsemap.legendClass', { range: bounds[k] }), opacity: RESPONSE_ALPHA / 255 }))
  items.push({ shape: 'outline', color: css(NO_ARRIVAL_LINE), label: t('responsemap.legendNoArrival') })
  return { id: 'response', title: t('layers.response'), subtitle: t('responsemap.legendSubtitle'), period: day === null ? undefined : [t('responsemap.legendDay', { day: formatLocalDate(day) })], items }
}
