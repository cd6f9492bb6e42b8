/**
 * The legend as data (see legend-model.ts): `legendBlocks` turns what is shown into
 * blocks, the on-screen legend renders them and the map export draws them, so both say the
 * same. Every figure, label and note is made here; the components only lay them out.
 */
import type { LegendBlock, LegendSwatch } from './legend-model'
import { unitsLegendBlock } from './layers/units-layers'
import { unitPlaybackLegendBlock } from './layers/unit-playback-layer'
import { responseLegendBlock } from './layers/response-layer'
import { presenceLegendBlock, type PresenceLayerData } from './layers/presence-layer'
import type { LayerId } from '../core/layer-ids'
import { classBounds, classCount, labelDecimals, type ClassBreaks } from '../core/area-stats'
import { CATEGORIES } from '../core/incidents'
import { formatLocalDate, isWholeMonths, type Period } from '../core/periods'
import { CAMERA_CLASS_COLOR, CAMERA_OFFLINE_COLOR, COMPOUND_KIND_COLOR, KEY_SITE_KIND_COLOR, NO_HEADING_COLOR } from './layers/colors'
import { classColors, NO_VALUE_LINE } from './layers/choropleth-layer'
import { heatRadiusMetres, metresPerPixel } from './layers/heat-units'
import { HOTSPOT_COLORS } from './layers/hotspot-cells-layer'
import { hexAreaKm2 } from './layers/incident-hex-layer'
import { CATEGORY_COLOR } from './layers/incident-points-layer'
import { HEAT_COLORS } from './layers/incidents-heatmap-layer'
import { ISOCHRONE_COLOR, PATROL_LEVEL_COLOR, priorityColor } from './layers/patrol-layers'
import { GAP_COLORS, gapAlpha, PLAN_ALPHA, PLAN_COLOR, PLAN_LINE, SUGGESTION_ALPHA, SUGGESTION_COLOR, VIEW_ALPHA, OFFLINE_VIEW_ALPHA } from './palette'
import { OKABE_ITO } from './theme'
import { isChange, type ChoroLayer, type ChoroMetric } from '../core/choropleth-metric'
import { densityRange, type IncidentMode } from '../core/incident-display-mode'
import { halvingClassEdges } from '../core/density-scale'
import type { Translate } from '../i18n'
import { emergingBlock, nearRepeatBlock, repeatPlacesBlock, type CrimeLegendState } from './crime-legend'

/** Everything the legend depends on, as plain values (the stores' state, or a hand-made fixture). */
export interface LegendState {
  visible: ReadonlySet<LayerId>
  /** number formats follow the UI language */
  lang: string
  /** the heatmap kernel in metres depends on the zoom and the latitude of the view */
  zoom: number
  latitude: number
  /** grid cells draw nothing, and get no legend, until some are loaded */
  gridsLoaded: boolean
  incidents: {
    mode: IncidentMode
    /** incidents per km² where the colour saturates at intensity 1 */
    densityMax: number
    intensity: number
    /** heatmap kernel radius, CSS pixels */
    radius: number
    /** hexagon radius, metres */
    hexRadius: number
    /** the dates the scale was fitted to ([from, to), either open); null: all the data; absent: not said */
    scaleDates?: { from: number | null; to: number | null } | null
    /** the scale is kept while the shown incidents change (comparing the frames of a playback) */
    scaleLocked?: boolean
  }
  choropleth: {
    layer: ChoroLayer
    metric: ChoroMetric
    breaks: ClassBreaks | null
    /** areas per class, index = class */
    counts: ArrayLike<number> | null
    /** areas without a figure */
    missing: number
    /** the dates of the figures: the filter's (`range`, null = all time) or the index's period and its bases */
    stats: { range: Period | null; period: Period; previous: Period; lastYear: Period } | null
    computing: boolean
  }
  hotspots: {
    /** cells of the study area per Gi* class −3 … 3 (index = class + 3) */
    counts: ArrayLike<number> | null
    cell: number
    band: number
    fdr: boolean
    computing: boolean
  }
  /** the hour band whose patrol priority is drawn ('20-24'); null: the patrol levels are */
  patrolBand: string | null
  /** some cameras have no heading: drawn as circles of their range */
  camerasWithoutHeading?: boolean
  crime: CrimeLegendState
  /** the units' day the response layer shows (local midnight); null until computed */
  responseDay?: number | null
  /** what the presence layer draws and the band it shows; null until computed */
  presence?: { data: PresenceLayerData | null; band: number }
  /** a unit's track played back: the unit, its window and the clock */
  playback?: { unitId: string; from: number; to: number; now: number | null } | null
}

const css = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`

/** Gi* classes in legend order, hottest first (not significant cells follow on their own row). */
export const HOT_ROW_CLASSES = [3, 2, 1, -1, -2, -3] as const
/** Bivariate gap classes in key order: top row hot 99 %, left column uncovered. */
export const BIVARIATE_ORDER = [6, 7, 8, 3, 4, 5, 0, 1, 2] as const
/** Key colour of an empty Gi* / no-figure swatch on a dark panel (its dashed outline). */
const NONE_LINE = '#8fa6c1'
/** Squares of the map's layer keys are drawn a little translucent, like the fills they stand for. */
const SQUARE_OPACITY = 0.85

/** Densities as printed on the incident keys: whole numbers with grouping from 100 on, two digits below. */
function densityText(v: number, lang: string): string {
  return v >= 100 ? Math.round(v).toLocaleString(lang) : v.toPrecision(2)
}

/** The dates of a range, clamped to what a Date holds (an open end runs to ±∞). */
function rangeLine(r: { from: number | null; to: number | null }, t: Translate): string {
  return t('display.period', span({ from: Math.max(r.from ?? -DATE_LIMIT, -DATE_LIMIT), to: Math.min(r.to ?? DATE_LIMIT, DATE_LIMIT) }))
}

/** What the incident scale was fitted to, and whether it is locked there. */
function scaleLines(i: LegendState['incidents'], t: Translate): string[] {
  if (i.scaleDates === undefined) return []
  const lines = [i.scaleDates ? rangeLine(i.scaleDates, t) : t('display.allTime')]
  if (i.scaleLocked) lines.push(t('heat23.locked'))
  return lines
}

function incidentsBlock(s: LegendState, t: Translate): LegendBlock {
  const { mode, densityMax, intensity, radius, hexRadius } = s.incidents
  if (mode === 'points') {
    return {
      id: 'incidents',
      title: t('filters.modes.points'),
      items: CATEGORIES.map((c) => ({ shape: 'dot', color: css(CATEGORY_COLOR[c]), label: t(`category.${c}`) })),
    }
  }
  const [low, top] = densityRange(densityMax, intensity)
  if (mode === 'hexagon') {
    // the layer's classes: halving down from the top, the last open above
    const n = HEAT_COLORS.length
    const breaks = halvingClassEdges(top, n)
    return {
      id: 'incidents',
      title: t('filters.legendHex', { area: hexAreaKm2(hexRadius).toPrecision(2) }),
      period: scaleLines(s.incidents, t),
      items: HEAT_COLORS.map((c, i) => ({
        shape: 'square',
        color: css(c),
        label: i === n - 1 ? `≥ ${densityText(breaks[i - 1], s.lang)}` : `≤ ${densityText(breaks[i], s.lang)}`,
      })),
    }
  }
  // the kernel in metres at this zoom: what the heatmap's densities are averaged over
  const radiusM = heatRadiusMetres(radius, metresPerPixel(s.zoom, s.latitude))
  return {
    id: 'incidents',
    title: t('filters.legendHeat'),
    period: scaleLines(s.incidents, t),
    ramp: { colors: HEAT_COLORS.map(css), low: densityText(low, s.lang), high: `≥ ${densityText(top, s.lang)}` },
    notes: [t('filters.legendKernel', { r: Math.round(radiusM) })],
  }
}

const span = (p: Period) => ({ from: formatLocalDate(p.from), to: formatLocalDate(p.to - 1) })
// an open filter range runs to ±∞: clamp it to the dates a Date can hold, a day inside so the local offset stays inside too
const DATE_LIMIT = 8.64e15 - 86_400_000

/** What the figures count: the filter's dates for counts and rates; the index's period (and its base) otherwise. */
function periodLines(c: LegendState['choropleth'], t: Translate): string[] {
  const r = c.stats
  if (!r) return []
  const m = c.metric
  if (m === 'count' || m === 'perKm2' || m === 'per10k') {
    return [r.range ? rangeLine(r.range, t) : t('display.allTime')]
  }
  const lines = [t('display.period', span(r.period))]
  if (m === 'mom') lines.push(t('display.compare', span(r.previous)))
  if (m === 'yoy') lines.push(t('display.compare', span(r.lastYear)))
  return lines
}

/** Class rows, top class first (the legend reads like the ranking, worst on top): bounds as printed (percent for changes). */
function classRows(c: LegendState['choropleth'], lang: string, t: Translate): LegendSwatch[] {
  const b = c.breaks, counts = c.counts
  if (!b || !counts) return []
  const change = isChange(c.metric)
  const k = classCount(b)
  const scale = change ? 100 : 1
  const d = labelDecimals([b.min, ...b.thresholds, b.max].map((x) => x * scale))
  const fmt = new Intl.NumberFormat(lang, { minimumFractionDigits: d, maximumFractionDigits: d, signDisplay: change ? 'exceptZero' : 'auto' })
  const pct = change ? '%' : ''
  const colors = classColors(b)
  return Array.from({ length: k }, (_, j): LegendSwatch => {
    const i = k - 1 - j
    const [lo, hi] = classBounds(b, i)
    return {
      shape: 'square',
      color: css(colors[i]),
      label: `${fmt.format(lo * scale)}${pct} – ${fmt.format(hi * scale)}${pct}`,
      count: t('display.areas', { n: counts[i] }),
    }
  })
}

function areasBlock(s: LegendState, t: Translate): LegendBlock {
  const c = s.choropleth
  const m = c.metric
  // "较上月" rather than "较上期" when the period is whole calendar months
  const subtitle = isChange(m) && c.stats && isWholeMonths(c.stats.period) ? t(m === 'mom' ? 'display.momMonth' : 'display.yoyMonth') : t(`display.units.${m}`)
  const items = classRows(c, s.lang, t)
  const classes = items.length
  if (c.missing > 0) {
    items.push({ shape: 'outline', color: css(NO_VALUE_LINE), label: t(`display.missing.${m}`), count: t('display.areas', { n: c.missing }) })
  }
  const notes: string[] = []
  if (c.breaks) notes.push(t('display.legendMethod', { method: t(`display.methods.${c.breaks.method}`), n: classes }))
  if (c.computing) notes.push(t('display.computing'))
  return { id: 'areas', title: `${t(`display.metrics.${m}`)} · ${t(`display.layers.${c.layer}`)}`, subtitle, period: periodLines(c, t), items, notes }
}

function hotspotsBlock(s: LegendState, t: Translate): LegendBlock {
  const h = s.hotspots
  const counts = h.counts
  const items: LegendSwatch[] = counts
    ? [
        ...HOT_ROW_CLASSES.map((cls): LegendSwatch => ({
          shape: 'square',
          color: css(HOTSPOT_COLORS[cls + 3]),
          label: t(`display.hotClasses.${cls > 0 ? `h${cls}` : `c${-cls}`}`),
          count: t('display.cells', { n: counts[cls + 3] }),
        })),
        { shape: 'outline', color: NONE_LINE, label: t('display.hotClasses.ns'), count: t('display.cells', { n: counts[3] }) },
      ]
    : []
  const notes = [t('display.hotNote', { cell: h.cell, band: h.band, fdr: h.fdr ? t('display.fdrOn') : '' })]
  if (h.computing) notes.push(t('display.computing'))
  return { id: 'hotspots', title: t('display.hotspots'), items, notes }
}

/** Camera classes and offline cameras: dots for the cameras, translucent squares for their coverage. */
function cameraItems(t: Translate, shape: 'dot' | 'square', noHeading = false): LegendSwatch[] {
  const fill = (opacity: number) => (shape === 'square' ? { opacity } : {})
  return [
    { shape, color: css(CAMERA_CLASS_COLOR[0]), label: t('legend.cameraA'), ...fill(VIEW_ALPHA / 255) },
    { shape, color: css(CAMERA_CLASS_COLOR[1]), label: t('legend.cameraB'), ...fill(VIEW_ALPHA / 255) },
    { shape, color: css(CAMERA_OFFLINE_COLOR), label: t('legend.offline'), ...fill(Math.max(0.3, OFFLINE_VIEW_ALPHA / 255)) },
    ...(noHeading ? [{ shape: 'ring' as const, color: css(NO_HEADING_COLOR), label: t('legend.noHeading') }] : []),
  ]
}

function patrolBlock(s: LegendState, t: Translate): LegendBlock {
  const tail: LegendSwatch[] = [
    { shape: 'outline', color: '#fff', label: t('patrol.changeOutline') },
    { shape: 'ring', color: css(OKABE_ITO.blue), label: t('patrol.radius') },
  ]
  if (s.patrolBand !== null) {
    return {
      id: 'patrol',
      title: t('patrol.bandPriority', { band: s.patrolBand }),
      ramp: { colors: [0, 25, 50, 75, 100].map((p) => css(priorityColor(p))), low: '0', mid: '50', high: '100' },
      items: tail,
    }
  }
  const levels = (Object.entries(PATROL_LEVEL_COLOR) as [string, readonly number[]][]).map(([k, c]): LegendSwatch => (
    { shape: 'square', color: css(c), label: t('patrol.level', { n: Number(k) }), opacity: SQUARE_OPACITY }))
  return { id: 'patrol', title: t('patrol.levelSuggested'), items: [...levels, ...tail] }
}

/** One square per kind of a kind-coloured area layer. */
const kindItems = (table: Record<string, readonly number[]>, t: Translate): LegendSwatch[] =>
  Object.entries(table).map(([k, c]) => ({ shape: 'square', color: css(c), label: t(`kind.${k}`), opacity: SQUARE_OPACITY }))

/**
 * The legend blocks for what is shown, in the screen's order: incidents, areas, hotspots,
 * emerging, cameras, coverage, gaps, grids, patrol, isochrones, compounds, plan, key sites, near repeat, repeat places, sites.
 * Street outlines need no key.
 */
export function legendBlocks(s: LegendState, t: Translate): LegendBlock[] {
  const on = (id: LayerId) => s.visible.has(id)
  const out: LegendBlock[] = []
  if (on('incidents')) out.push(incidentsBlock(s, t))
  if (on('choropleth')) out.push(areasBlock(s, t))
  if (on('hotspots')) out.push(hotspotsBlock(s, t))
  // the circles are drawn once: with the coverage when it is shown, else with the cameras
  const noHeading = s.camerasWithoutHeading === true
  if (on('emerging')) out.push(emergingBlock(s.crime.emerging, t))
  if (on('cameras')) out.push({ id: 'cameras', title: t('layers.cameras'), items: cameraItems(t, 'dot', noHeading && !on('coverage')) })
  if (on('coverage')) out.push({ id: 'coverage', title: t('layers.coverage'), items: cameraItems(t, 'square', noHeading) })
  if (on('gaps')) {
    out.push({
      id: 'gaps',
      title: t('layers.gaps'),
      // the map leaves cells that are not hot clear: so does the key
      bivariate: { colors: BIVARIATE_ORDER.map((k) => (gapAlpha(k) === 0 ? null : css(GAP_COLORS[k]))), rowLabel: t('coverage.legendHot'), colLabel: t('coverage.legendCovered') },
    })
  }
  if (on('grids') && s.gridsLoaded) out.push({ id: 'grids', items: [{ shape: 'outline', color: css(OKABE_ITO.yellow), label: t('layers.grids') }] })
  if (on('patrol')) out.push(patrolBlock(s, t))
  if (on('isochrones')) {
    const bands = Object.entries(ISOCHRONE_COLOR).map(([m, c]): LegendSwatch => ({ shape: 'square', color: css(c), label: t('patrol.minutes', { n: Number(m) }), opacity: SQUARE_OPACITY }))
    out.push({ id: 'isochrones', title: t('layers.isochrones'), items: bands })
  }
  if (on('compounds')) out.push({ id: 'compounds', title: t('layers.compounds'), items: kindItems(COMPOUND_KIND_COLOR, t) })
  if (on('plan')) {
    out.push({
      id: 'plan',
      title: t('layers.plan'),
      items: [
        { shape: 'square', color: css(PLAN_COLOR), label: t('legend.planCamera'), opacity: PLAN_ALPHA / 255, stroke: css(PLAN_LINE) },
        { shape: 'square', color: css(SUGGESTION_COLOR), label: t('legend.planSuggestion'), opacity: SUGGESTION_ALPHA / 255, stroke: css(SUGGESTION_COLOR) },
      ],
    })
  }
  if (on('keySites')) out.push({ id: 'keySites', title: t('layers.keySites'), items: kindItems(KEY_SITE_KIND_COLOR, t) })
  if (on('nearRepeat')) out.push(nearRepeatBlock(s.crime.nearRepeat, s.lang, t))
  if (on('repeatPlaces')) out.push(repeatPlacesBlock(s.crime.repeatPlaces, t))
  if (on('presence')) out.push(presenceLegendBlock(t, s.presence?.data ?? null, s.presence?.band ?? 5, s.lang))
  if (on('response')) out.push(responseLegendBlock(t, s.responseDay ?? null))
  if (on('units')) out.push(unitsLegendBlock(t))
  if (on('units') && s.playback) out.push(unitPlaybackLegendBlock(s.playback, t))
  if (on('stations') || on('checkpoints')) {
    const items: LegendSwatch[] = []
    if (on('stations')) items.push({ shape: 'bigDot', color: css(OKABE_ITO.blue), label: t('legend.station') })
    if (on('checkpoints')) items.push({ shape: 'dot', color: css(OKABE_ITO.orange), label: t('legend.checkpoint') })
    out.push({ id: 'sites', items })
  }
  return out
}
