/**
 * The briefing's optional crime-analysis pages (issue: crime analysis, point 5): the near-repeat
 * risk zone of the last 14 days and the emerging hot spots, each as a map of its own (the desk's
 * view, the street outlines and that one layer, with its legend), then the Knox table and the
 * pattern tally. Computed by the analytics worker under the desk's filter and the crime panel's
 * settings, whether or not those layers are on the screen.
 */
import type { Layer } from '@deck.gl/core'
import { PATTERN_NAMES } from '../core/emerging-hotspots'
import { latestIncidentTime, nearRepeatPeriod, patternTally, roleCounts } from '../core/crime-summary'
import type { IncidentFilterSpec } from '../core/incident-filter'
import type { KnoxTable } from '../core/near-repeat'
import { formatLocalDate } from '../core/periods'
import type { Translate } from '../i18n'
import { emergingBlock, nearRepeatBlock } from '../map/crime-legend'
import { emergingLayers } from '../map/layers/emerging-layer'
import { nearRepeatLayers } from '../map/layers/near-repeat-layers'
import type { LegendBlock } from '../map/legend-model'
import type { EmergingRequest, EmergingResult } from '../workers/analytics-emerging'
import type { NearRepeatRequest, NearRepeatResult } from '../workers/analytics-near-repeat'
import type { BriefingTable } from './briefing-model'

/** the risk zone of the briefing: the incidents of the last 14 days */
export const BRIEFING_ZONE_DAYS = 14

/** p marks as the panel prints them */
const mark = (p: number) => (p < 0.01 ? '**' : p < 0.05 ? '*' : '')
const band = (edges: readonly number[], i: number) => `${edges[i]}–${edges[i + 1]}`

/** The Knox table as the briefing prints it: one row per distance band, ratio and p mark per time band. */
export function knoxBriefingTable(table: KnoxTable, t: Translate, lang: string, note: string): BriefingTable {
  const nt = table.dayEdges.length - 1
  const fmt = (x: number) => (Number.isFinite(x) ? x.toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '—')
  return {
    title: t('export.crime.knoxTitle'),
    columns: [t('crime.near.corner'), ...Array.from({ length: nt }, (_, j) => band(table.dayEdges, j))],
    numeric: [false, ...Array.from({ length: nt }, () => true)],
    rows: Array.from({ length: table.distanceEdges.length - 1 }, (_, i) => [
      band(table.distanceEdges, i),
      ...Array.from({ length: nt }, (_, j) => {
        const c = i * nt + j
        return `${fmt(table.ratio[c])}${mark(table.p[c])} (${table.observed[c]})`
      }),
    ]),
    note,
  }
}

/** Cells per pattern, the patterns present (no pattern last). */
export function patternBriefingTable(patterns: ArrayLike<number>, t: Translate, lang: string, note: string): BriefingTable {
  const tally = patternTally(patterns)
  const rows: string[][] = []
  for (let code = 1; code < PATTERN_NAMES.length; code++) {
    if (tally[code] > 0) rows.push([t(`crime.patterns.${PATTERN_NAMES[code]}`), tally[code].toLocaleString(lang)])
  }
  rows.push([t('crime.patterns.no_pattern'), tally[0].toLocaleString(lang)])
  return { title: t('export.crime.patternsTitle'), columns: [t('crime.emerging.pattern'), t('crime.emerging.cells')], numeric: [false, true], rows, note }
}

/** The analytics worker's two operations the pages need (the desk passes its worker). */
export interface CrimeRemote {
  nearRepeat(req: NearRepeatRequest): Promise<NearRepeatResult>
  emergingHotspots(req: EmergingRequest): Promise<EmergingResult>
}

export interface CrimePageInput {
  remote: CrimeRemote
  incidents: { count: number; time: Float64Array; lon: Float64Array; lat: Float64Array }
  filter: IncidentFilterSpec
  near: { distanceEdges: number[]; dayEdges: number[]; permutations: number; seed: number }
  emerging: { cell: number; band: number; step: 'week' | 'month' }
  t: Translate
  lang: string
}

export interface CrimePageMap {
  /** the deck.gl layers of this map besides the street outlines */
  layers: Layer[]
  legend: LegendBlock[]
  caption: string
}

/** The two maps and the two tables of the crime-analysis pages. */
export async function crimePages(p: CrimePageInput): Promise<{ maps: CrimePageMap[]; tables: BriefingTable[] }> {
  const { t, lang, filter } = p
  const period = nearRepeatPeriod(filter, latestIncidentTime(p.incidents))
  const [near, em] = await Promise.all([
    p.remote.nearRepeat({ ...p.near, distanceEdges: [...p.near.distanceEdges], dayEdges: [...p.near.dayEdges], filter, period, windowDays: BRIEFING_ZONE_DAYS }),
    p.remote.emergingHotspots({ ...p.emerging, filter }),
  ])
  const inc = p.incidents
  const windowFrom = formatLocalDate(near.window.from + 1), windowTo = formatLocalDate(near.window.to)
  const roles = roleCounts(near.roles)
  const nearMap: CrimePageMap = {
    layers: nearRepeatLayers({
      zone: near.zone, roles: near.roles,
      lon: Float64Array.from(near.rows, (i) => inc.lon[i]), lat: Float64Array.from(near.rows, (i) => inc.lat[i]),
    }),
    legend: [nearRepeatBlock({ zone: { distance: near.roleDistance, windowDays: BRIEFING_ZONE_DAYS }, roles, computing: false }, lang, t)],
    caption: t('export.crime.nearCaption', { days: BRIEFING_ZONE_DAYS, from: windowFrom, to: windowTo, d: near.roleDistance, n: near.rows.length }),
  }
  const emMap: CrimePageMap = {
    layers: emergingLayers(em, { selected: null }),
    legend: [emergingBlock({ tally: patternTally(em.patterns), ...p.emerging, computing: false }, t)],
    caption: t('export.crime.emergingCaption', { cells: em.cells, steps: em.steps, step: t(`crime.emerging.steps.${p.emerging.step}`) }),
  }
  const periodText = period ? t('crime.near.period', { from: formatLocalDate(period.from), to: formatLocalDate(period.to - 1) }) : ''
  const significant = near.fallback
    ? t('crime.near.noneSignificant', { d: near.roleDistance, days: near.roleDays })
    : t('crime.near.significant', { d: near.roleDistance, days: near.roleDays })
  const knoxNote = [t('crime.near.tableNote'), periodText, significant, t('export.crime.permutations', { n: near.table.permutations })].filter((x) => x).join(t('export.sep'))
  return {
    maps: [nearMap, emMap],
    tables: [
      knoxBriefingTable(near.table, t, lang, knoxNote),
      patternBriefingTable(em.patterns, t, lang, t('crime.legend.emergingNote', { cell: p.emerging.cell, band: p.emerging.band, step: t(`crime.emerging.steps.${p.emerging.step}`) })),
    ],
  }
}
