/**
 * The weekly patrol report page of the PDF briefing (issue 26 point 4): the response to the
 * period's alerts against target by place, the make-up patrol list (补巡) with 见警率, and each
 * unit's patrol kilometres and hours, from the analytics worker's `patrolReport` over the tracks
 * it holds (the desk's units; the demo's generated when the desk has none yet).
 */
import { formatLocalDate, type Period } from '../core/periods'
import { TARGET_SECONDS, type PlaceKind } from '../core/response-targets'
import { MAX_SPEED_KMH } from '../core/track-checks'
import { BAND_TARGET_MINUTES } from '../core/unit-presence'
import { OFFLINE_AFTER_MS, UNIT_KINDS } from '../core/unit-tracks'
import type { ResponseGroup } from '../core/unit-arrivals'
import type { Translate } from '../i18n'
import type { PatrolReport, PatrolReportRequest } from '../workers/analytics-patrol-report'
import type { PatrolRequest } from '../workers/contracts'
import type { BriefingPdfInput, BriefingTable } from './briefing-model'

/** make-up rows on the page: a week's work for the patrol office, not the whole list */
export const REPORT_MAKE_UP_ROWS = 10

export interface PatrolReportRemote {
  patrolReport(req: PatrolReportRequest): Promise<PatrolReport>
}

/** The page in the briefing's summary layout: response full width, the make-up list beside the km by kind, then each unit's on a page of its own. */
export function patrolReportPage(r: PatrolReport, periodText: string, t: Translate, lang: string): NonNullable<BriefingPdfInput['patrol']> {
  const num = new Intl.NumberFormat(lang)
  const one = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const dash = t('presence.report.dash')
  const pct = (x: number) => (Number.isFinite(x) ? `${one.format(100 * x)}%` : dash)
  const dur = (s: number) => (!Number.isFinite(s) ? dash
    : s < 60 ? t('patrolUnits.seconds', { n: Math.round(s) }) : t('patrolUnits.minutes', { m: Math.floor(Math.round(s) / 60), s: Math.round(s) % 60 }))
  const target = (s: number) => (s % 60 === 0 ? t('presence.report.targetMinutes', { n: s / 60 }) : dur(s))
  const responseRow = (label: string, target: string, g: ResponseGroup) => [
    label, target, num.format(g.alerts), num.format(g.arrived), num.format(g.noArrival), dur(g.medianS), dur(g.p90S), `${pct(g.shareWithin)} (${num.format(g.withinTarget)})`,
  ]
  const dates = r.days.map(formatLocalDate).join(t('export.listSep'))
  const response: BriefingTable = {
    title: t('presence.report.responseTitle', { period: periodText }),
    columns: t('presence.report.responseColumns').split(','),
    numeric: [false, true, true, true, true, true, true, true],
    rows: [
      ...r.response.byPlace.map((g) => responseRow(t(`responsemap.place.${g.key}`), target(TARGET_SECONDS[g.key as PlaceKind]), g)),
      ...(r.response.all ? [responseRow(t('presence.report.all'), dash, r.response.all)] : []),
    ],
    note: r.days.length ? t('presence.report.responseNote', { days: r.days.length, dates }) : t('presence.report.responseNoTracks'),
  }
  const makeUp: BriefingTable = {
    title: t('presence.report.makeUpTitle', { n: num.format(r.makeUp.length), total: num.format(r.makeUpTotal) }),
    columns: t('presence.report.makeUpColumns').split(','),
    numeric: [true, false, false, true, true, true],
    rows: r.makeUp.map((m, k) => [String(k + 1), m.name, m.band, one.format(m.priority), one.format(m.minutesPerDay), one.format(m.gap)]),
    note: t('presence.report.makeUpNote', {
      rate: pct(r.seenRate), present: num.format(r.presentHours), scheduled: num.format(r.scheduledHours), target: BAND_TARGET_MINUTES,
    }),
  }
  const total = { units: 0, km: 0, minutes: 0, gaps: 0, jumps: 0 }
  const byKind = new Map<string, { units: number; km: number; minutes: number }>()
  for (const u of r.units) {
    total.units++
    total.km += u.km
    total.minutes += u.minutes
    total.gaps += u.gaps
    total.jumps += u.jumps
    const k = byKind.get(u.kind) ?? { units: 0, km: 0, minutes: 0 }
    byKind.set(u.kind, { units: k.units + 1, km: k.km + u.km, minutes: k.minutes + u.minutes })
  }
  // the rules under the kinds' block on the first page: the units' table fills a page of its own
  const kinds: BriefingTable = {
    title: t('presence.report.kindsTitle'),
    columns: t('presence.report.kindsColumns').split(','),
    numeric: [false, true, true, true],
    rows: [
      ...UNIT_KINDS.flatMap((kind) => {
        const k = byKind.get(kind)
        return k ? [[t(`patrolUnits.kind.${kind}`), num.format(k.units), one.format(k.km), one.format(k.minutes / 60)]] : []
      }),
      [t('presence.report.total'), num.format(total.units), one.format(total.km), one.format(total.minutes / 60)],
    ],
    note: t('presence.report.unitsNote', { km: one.format(total.km), hours: one.format(total.minutes / 60), gap: OFFLINE_AFTER_MS / 60_000, speed: MAX_SPEED_KMH }),
  }
  const units: BriefingTable = {
    title: t('presence.report.unitsTitle', { period: periodText }),
    columns: t('presence.report.unitsColumns').split(','),
    numeric: [false, false, true, true, true, true],
    rows: [
      ...r.units.map((u) => [u.unitId, t(`patrolUnits.kind.${u.kind}`), one.format(u.km), one.format(u.minutes / 60), num.format(u.gaps), num.format(u.jumps)]),
      [t('presence.report.total'), '', one.format(total.km), one.format(total.minutes / 60), num.format(total.gaps), num.format(total.jumps)],
    ],
  }
  return { title: t('presence.report.title', { period: periodText }), blocks: [response, makeUp, kinds], tables: [units] }
}

/** The figures of `period` from the worker, laid out as the page. */
export async function patrolReportPart(remote: PatrolReportRemote, period: Period, plan: PatrolRequest, periodText: string, t: Translate, lang: string) {
  const r = await remote.patrolReport({ period, plan, top: REPORT_MAKE_UP_ROWS })
  return { report: r, page: patrolReportPage(r, periodText, t, lang) }
}
