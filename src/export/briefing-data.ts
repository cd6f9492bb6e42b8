/**
 * The figures of the PDF briefing, gathered from what the desk has computed or asks the
 * analytics worker for: the safety-index ranking as the panel shows it, incidents per month
 * by category over the last 12 months, and the compounds where blind spots meet hotspots.
 */
import { toRaw } from 'vue'
import { CATEGORIES } from '../core/incidents'
import { formatLocalDate, localMonthKey } from '../core/periods'
import { CATEGORY_COLOR } from '../map/layers/incident-points-layer'
import { useAnalyticsStore } from '../stores/analytics'
import type { BriefingChart, BriefingTable } from './briefing-model'
import type { Translate } from '../i18n'

const TREND_MONTHS = 12
const TOP_GAPS = 15

export interface BriefingFigures { ranking: BriefingTable; trend: BriefingChart; gaps?: BriefingTable }

/** `gaps` false: without the blind spots (the 8:00 briefing has none, and spares the coverage run). */
export async function briefingFigures(t: Translate, lang: string, gaps = true): Promise<BriefingFigures> {
  const [trend, gapTable] = await Promise.all([trendChart(t), gaps ? gapsTable(t, lang) : undefined])
  return { ranking: rankingTable(t, lang), trend, ...(gapTable ? { gaps: gapTable } : {}) }
}

function rankingTable(t: Translate, lang: string): BriefingTable {
  const analytics = useAnalyticsStore()
  const r = analytics.result
  const num = new Intl.NumberFormat(lang)
  const dec = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  const pct = (v: number | null) => signedPercent(v, lang)
  const columns = ['rank', 'name', 'population', 'case', 'fire', 'problem', 'per10k', 'mom', 'yoy'].map((k) => t(`safety.${k}`))
  const layerName = t(`export.layerNames.${analytics.layer}`)
  if (!r) return { title: t('export.ranking', { layer: layerName, month: '—' }), columns, rows: [] }
  const w = analytics.weights
  return {
    title: t('export.ranking', { layer: layerName, month: localMonthKey(r.period.from) }),
    columns,
    numeric: [true, false, true, true, true, true, true, true, true],
    rows: r.rows.map((row) => [
      row.rank === null ? '—' : String(row.rank), row.name || row.id, row.population === null ? '—' : num.format(row.population),
      num.format(row.case), num.format(row.fire), num.format(row.problem), row.per10k === null ? '—' : dec.format(row.per10k), pct(row.mom), pct(row.yoy),
    ]),
    note: [
      t('safety.period', { from: formatLocalDate(r.period.from), to: formatLocalDate(r.period.to - 1), prevFrom: formatLocalDate(r.previous.from), yoyFrom: formatLocalDate(r.lastYear.from) }),
      t('safety.formula', { case: w.case, fire: w.fire, problem: w.problem }),
    ].join('\n'),
  }
}

/** A change as the tables print it: +12.5%, −3.0%, 0.0%, or — when there is none. */
export function signedPercent(v: number | null, lang: string): string {
  if (v === null) return '—'
  const s = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(v) * 100)
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${s}%`
}

const css = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`

async function trendChart(t: Translate): Promise<BriefingChart> {
  const empty: BriefingChart = { title: t('export.trend', { n: TREND_MONTHS }), xLabels: [], yLabel: t('export.trendY'), series: [] }
  const remote = await useAnalyticsStore().incidentsRemote()
  if (!remote) return empty
  const total = await remote.profile(null)
  const months = total.months.slice(-TREND_MONTHS)
  if (!months.length) return empty
  const tail = (monthly: Float64Array, keys: string[]) => months.map((m) => {
    const i = keys.indexOf(m)
    return i < 0 ? 0 : monthly[i]
  })
  // one profile per category over the same months: the worker counts them in a few ms each
  const byCategory = await Promise.all(CATEGORIES.map((_, c) => remote.profile(null, { categories: [c] })))
  return {
    ...empty,
    // the trend's own months in its title: the briefing's parts cover different periods
    title: t('brief.trendTitle', { title: empty.title, from: months[0], to: months[months.length - 1] }),
    xLabels: months,
    series: [
      { name: t('export.total'), color: '#1a2433', values: tail(total.monthly, total.months) },
      ...CATEGORIES.map((c, i) => ({ name: t(`category.${c}`), color: css(CATEGORY_COLOR[c]), values: tail(byCategory[i].monthly, byCategory[i].months) })),
    ],
  }
}

async function gapsTable(t: Translate, lang: string): Promise<BriefingTable> {
  const analytics = useAnalyticsStore()
  const columns = t('export.gapsColumns').split(',')
  const base: BriefingTable = { title: t('export.gaps', { n: TOP_GAPS }), columns, numeric: [true, false, true, true, true, false], rows: [] }
  const req = toRaw(analytics.networkRequest())
  const remote = await analytics.coverageRemote(req.occlusion)
  if (!remote) return { ...base, note: t('export.noCoverage') }
  const summary = await remote.coverage({ ...req, report: ['compounds'], topGaps: TOP_GAPS })
  const num = new Intl.NumberFormat(lang)
  const share = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const hot = t('export.hotLevels').split(',')
  const rows = summary.areaGaps.compounds ?? []
  return {
    ...base,
    rows: rows.map((g, i) => [String(i + 1), g.name || g.id, num.format(g.incidents), num.format(g.unseen), share.format(g.coverage), hot[g.hot] ?? String(g.hot)]),
    note: t('export.gapsNote', { cameras: num.format(summary.cameras), rate: share.format(summary.inViewRate) }),
  }
}
