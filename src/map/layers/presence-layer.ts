import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson'
import type { Layer } from '@deck.gl/core'
import { interpolateViridis } from 'd3-scale-chromatic'
import { color } from 'd3-color'
import { BAND_TARGET_MINUTES } from '../../core/unit-presence'
import type { LegendBlock, LegendSwatch } from '../legend-model'
import { OKABE_ITO } from '../theme'
import { labelLayer } from './label-layer'

type Rgb = readonly [number, number, number]

/** What the presence layer draws (workers/analytics-units.ts UnitPresenceResult, less the rest). */
export interface PresenceLayerData {
  grids: FeatureCollection
  centres: readonly [number, number][]
  minutesPerDay: Float64Array
  scheduled: Uint8Array
  makeUp: readonly { grid: number; band: number }[]
  bands: readonly string[]
}

const viridis = (x: number): Rgb => {
  const c = color(interpolateViridis(x))!.rgb()
  return [c.r, c.g, c.b]
}

/**
 * Classes of patrol minutes per day in a band, the plan's target (BAND_TARGET_MINUTES) the top
 * class's lower bound; a grid with no patrol is left clear. Viridis: ordered and colour-blind safe,
 * and the make-up outline's vermillion is in none of them.
 */
export const PRESENCE_CLASSES = [
  { below: 10, color: viridis(0.3) },
  { below: BAND_TARGET_MINUTES, color: viridis(0.55) },
  { below: Infinity, color: viridis(0.8) },
] as const
/** light enough that the grids with their patrol stay calm and the streets read through them */
export const PRESENCE_ALPHA = 100
/** a make-up grid (high priority, short of the target): what the eye must find first */
export const MAKE_UP_LINE: Rgb = OKABE_ITO.vermillion
/** a high-priority grid that had its patrol */
export const MET_LINE: Rgb = [255, 255, 255]
const PLAIN_LINE = [143, 179, 217, 70] as const

/** The class of `minutes` per day, or -1 for none (clear). */
export function presenceClass(minutes: number): number {
  if (!(minutes > 0)) return -1
  return PRESENCE_CLASSES.findIndex((c) => minutes < c.below)
}

/** 0 plain, 1 high priority and met, 2 make-up */
type Role = 0 | 1 | 2
interface GridProps { minutes: number; role: Role }
const cache = new WeakMap<PresenceLayerData, Map<number, Feature<Geometry, GridProps>[]>>()

function gridsOf(d: PresenceLayerData, band: number): Feature<Geometry, GridProps>[] {
  let byBand = cache.get(d)
  if (!byBand) cache.set(d, (byBand = new Map()))
  let out = byBand.get(band)
  if (!out) {
    const nb = d.bands.length
    const makeUp = new Set(d.makeUp.filter((m) => m.band === band).map((m) => m.grid))
    out = d.grids.features.map((f, g) => ({
      ...f, properties: { minutes: d.minutesPerDay[g * nb + band], role: makeUp.has(g) ? 2 : d.scheduled[g * nb + band] ? 1 : 0 },
    }))
    // make-up outlines last, so that no neighbour's line covers them
    out.sort((a, b) => a.properties.role - b.properties.role)
    byBand.set(band, out)
  }
  return out
}

/**
 * The grids filled by their patrol minutes per day in `band`; the plan's high-priority grids
 * outlined, in vermillion with their rank in the make-up list where the patrol fell short.
 */
export function presenceLayers(d: PresenceLayerData, band: number, visible = true): Layer[] {
  const grids = gridsOf(d, band)
  const ranks: Feature<Point>[] = []
  d.makeUp.forEach((m, k) => {
    if (m.band === band) ranks.push({ type: 'Feature', properties: { name: String(k + 1) }, geometry: { type: 'Point', coordinates: [...d.centres[m.grid]] } })
  })
  return [
    new GeoJsonLayer<GridProps>({
      id: 'presence-grids', data: grids, visible, filled: true, stroked: true, pickable: false,
      getFillColor: (f) => {
        const k = presenceClass(f.properties.minutes)
        return k < 0 ? [0, 0, 0, 0] : [...PRESENCE_CLASSES[k].color, PRESENCE_ALPHA]
      },
      getLineColor: (f) => (f.properties.role === 2 ? [...MAKE_UP_LINE, 255] : f.properties.role === 1 ? [...MET_LINE, 200] : [...PLAIN_LINE]),
      getLineWidth: (f) => (f.properties.role === 2 ? 3 : f.properties.role === 1 ? 1.5 : 1),
      lineWidthUnits: 'pixels',
    }),
    labelLayer({ id: 'presence-ranks', points: ranks, style: { size: 14 }, priority: 0 }, visible),
  ]
}

type Translate = (key: string, named?: Record<string, unknown>) => string

/** Classes with the number of grids in each (the band's), the outlines, and what the numbers are. */
export function presenceLegendBlock(t: Translate, d: PresenceLayerData | null, band: number, lang: string): LegendBlock {
  const css = (c: readonly number[]) => `rgb(${c.join(',')})`
  const num = new Intl.NumberFormat(lang)
  const counts = [0, 0, 0, 0]
  if (d) for (const f of gridsOf(d, band)) counts[presenceClass(f.properties.minutes) + 1]++
  const bounds = ['< 10', `10–${BAND_TARGET_MINUTES}`, `≥ ${BAND_TARGET_MINUTES}`]
  const items: LegendSwatch[] = [
    { shape: 'outline', color: css(PLAIN_LINE.slice(0, 3)), label: t('presence.legendNone'), ...(d ? { count: num.format(counts[0]) } : {}) },
    ...PRESENCE_CLASSES.map((c, k): LegendSwatch => ({
      shape: 'square', color: css(c.color), opacity: PRESENCE_ALPHA / 255, label: t('presence.legendClass', { range: bounds[k] }), ...(d ? { count: num.format(counts[k + 1]) } : {}),
    })),
    { shape: 'outline', color: css(MAKE_UP_LINE), label: t('presence.legendMakeUp'), ...(d ? { count: num.format(d.makeUp.filter((m) => m.band === band).length) } : {}) },
    { shape: 'outline', color: css(MET_LINE), label: t('presence.legendMet') },
  ]
  return {
    // the band in the title: the screen's legend shows no subtitle
    id: 'presence', title: d ? t('presence.legendTitle', { band: d.bands[band] }) : t('layers.presence'), items,
    notes: [t('presence.legendNote', { target: BAND_TARGET_MINUTES })],
  }
}
