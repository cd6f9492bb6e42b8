/**
 * The 8:00 briefing's own parts (issue 23, point 3): its window, the summary page (counts of
 * the window and of the same window a year earlier, the category groups, the streets with the
 * most alerts, the active hot spots of the last 7 days), the notable alerts, and the map of the
 * window in print colours. The counting is core/briefing-window.ts, run by the analytics worker.
 */
import type { Layer } from '@deck.gl/core'
import { BRIEFING_GROUPS, briefingWindow, type BriefingKind } from '../core/briefing-window'
import { CATEGORIES, packedString } from '../core/incidents'
import type { Period } from '../core/periods'
import type { Translate } from '../i18n'
import { subtypeName } from '../i18n/subtype-names'
import { CATEGORY_COLOR } from '../map/layers/incident-points-layer'
import { printPointsLayer, printStreetsLayers, type PrintPlacement } from '../map/layers/print-layers'
import type { LegendBlock } from '../map/legend-model'
import { useAnalyticsStore } from '../stores/analytics'
import { useDataStore } from '../stores/data'
import type { BriefingPdfInput, BriefingTable } from './briefing-model'
import { signedPercent } from './briefing-data'
import { localMinute } from './snapshot-text'
import { yoyChange } from '../core/briefing-window'

export interface BriefRequest {
  kind: BriefingKind
  /** the local date D, 'YYYY-MM-DD' */
  date: string
}

export interface BriefContent {
  window: Period
  /** e.g. 2025-12-30 08:00 至 2025-12-31 08:00 */
  windowText: string
  summary: NonNullable<BriefingPdfInput['summary']>
  /** `layers`: made once the printed map's camera is known, so that the names can be placed on it */
  map: { layers: (place: PrintPlacement) => Layer[]; legend: LegendBlock[]; caption: string }
  /** the window's alerts, as the summary counts them */
  total: number
}

const TOP_STREETS = 5
const TOP_HOT = 5

export async function briefContent(req: BriefRequest, t: Translate, lang: string): Promise<BriefContent> {
  const data = useDataStore()
  const inc = data.incidents
  if (!inc) throw new Error(t('crime.noData'))
  const window = briefingWindow(req.kind, req.date)
  const span = (p: Period) => t('brief.window', { from: localMinute(p.from), to: localMinute(p.to) })
  const windowText = span(window)
  const remote = await useAnalyticsStore().incidentsRemote(data.streets ? [['streets', data.streets]] : [])
  if (!remote) throw new Error(t('crime.noData'))
  const s = await remote.briefingSummary({ window, subtypes: inc.subtypes, layer: 'streets', topN: TOP_STREETS })
  const num = new Intl.NumberFormat(lang)

  const figureRow = (label: string, now: number, last: number) => [label, num.format(now), num.format(last), signedPercent(yoyChange(now, last), lang)]
  const figures: BriefingTable = {
    title: t('brief.figuresTitle'),
    columns: t('brief.figuresColumns').split(','),
    numeric: [false, true, true, true],
    rows: [
      figureRow(t('brief.total'), s.now.total, s.lastYear.total),
      ...BRIEFING_GROUPS.map((g, i) => figureRow(t(`brief.groups.${g}`), s.now.groups[i], s.lastYear.groups[i])),
    ],
    note: t('brief.figuresNote', { from: localMinute(s.lastYearWindow.from), to: localMinute(s.lastYearWindow.to) }),
  }
  const top: BriefingTable = {
    title: t('brief.topTitle'),
    columns: t('brief.topColumns').split(','),
    numeric: [true, false, true],
    rows: s.top.map((r, i) => [String(i + 1), r.name || r.id, num.format(r.count)]),
  }
  const hot: BriefingTable = {
    title: t('brief.hotTitle', { from: localMinute(s.week.from), to: localMinute(s.week.to) }),
    columns: t('brief.hotColumns').split(','),
    numeric: [false, true, true],
    rows: (s.hot?.areas ?? []).slice(0, TOP_HOT).map((a) => [a.name || a.id, num.format(a.hot95), num.format(a.hot99)]),
    note: s.hot ? t('brief.hotNote', { cell: s.hot.cell, hot95: num.format(s.hot.hot95), hot99: num.format(s.hot.hot99) }) : t('brief.hotNone'),
  }
  const notable: BriefingTable = {
    title: t('brief.notableTitle', { window: windowText }),
    columns: t('brief.notableColumns').split(','),
    numeric: [true, false, false, false, false, false],
    rows: s.notable.map((i, n) => [
      String(n + 1), localMinute(inc.time[i]), t(`category.${CATEGORIES[inc.category[i]] ?? 'other'}`),
      subtypeName(inc.subtypes[inc.subtype[i]] ?? '', lang), packedString(inc.address, i), packedString(inc.id, i),
    ]),
    note: t('brief.notableNote', { n: num.format(s.notable.length) }),
  }

  const perCategory = CATEGORIES.map(() => 0)
  for (const i of s.rows) perCategory[inc.category[i]]++
  const legend: LegendBlock = {
    id: 'incidents',
    title: t('brief.mapLegend'),
    period: [windowText],
    items: CATEGORIES.flatMap((c, k) => (perCategory[k] > 0
      ? [{ shape: 'dot' as const, color: `rgb(${CATEGORY_COLOR[c].join(',')})`, label: t(`category.${c}`), count: num.format(perCategory[k]) }]
      : [])),
  }
  return {
    window,
    windowText,
    total: s.now.total,
    summary: { title: t('brief.summaryTitle', { window: windowText }), blocks: [figures, top, hot], tables: [notable] },
    map: {
      // the street names over the dots: the dense centre would hide them
      layers: (place) => (([outline, names], dots) => [outline, dots, names].filter((l): l is Layer => l !== undefined))(
        data.streets ? printStreetsLayers(data.streets, place) : [], printPointsLayer(s.rows, inc.lon, inc.lat, inc.category)),
      legend: [legend],
      caption: t('brief.mapCaption', { window: windowText, n: num.format(s.now.total) }),
    },
  }
}
