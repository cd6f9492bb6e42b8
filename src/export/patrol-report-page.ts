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
import { OFFLINE_AFTER_MS } from '../core/unit-tracks'
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

/** The page as the briefing's summary layout draws it: response full width, the make-up list, then the units' table. */
export function patrolReportPage(r: PatrolReport, periodText: string, t: Translate, lang: string): NonNullable<BriefingPdfInput['patrol']> {
  const num = new Intl.NumberFormat(lang)
  const one = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const dash = t('presence.report.dash')
  const pct = (x: number) => (Number.isFinite(x) ? `${one.format(100 * x)}%` : dash)
  const dur = (s: number) => (!Number.isFinite(s) ? dash
    : s < 60 ? t('patrolUnits.seconds', { n: Math.round(s) }) : t('patrolUnits.minutes', { m: Math.floor(Math.round(s) / 60), s: Math.round(s) % 60 }))
  const responseRow = (label: string, target: string, g: ResponseGroup) => [
    label, target, num.format(g.alerts), num.format(g.arrived), num.format(g.noArrival), dur(g.medianS), dur(g.p90S), `${pct(g.shareWithin)} (${num.format(g.withinTarget)})`,
  ]
  const dates = r.days.map(formatLocalDate).join(t('export.listSep'))
  const response: BriefingTable = {
    title: t('presence.report.responseTitle', { period: periodText }),
    columns: t('presence.report.responseColumns').split(','),
    numeric: [false, true, true, true, true, true, true, true],
    rows: [
      ...r.response.byPlace.map((g) => responseRow(t(`responsemap.place.${g.key}`), dur(TARGET_SECONDS[g.key as PlaceKind]), g)),
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
  let km = 0, minutes = 0, gaps = 0, jumps = 0
  for (const u of r.units) {
    km += u.km
    minutes += u.minutes
    gaps += u.gaps
    jumps += u.jumps
  }
  const units: BriefingTable = {
    title: t('presence.report.unitsTitle', { period: periodText }),
    columns: t('presence.report.unitsColumns').split(','),
    numeric: [false, false, true, true, true, true],
    rows: [
      ...r.units.map((u) => [u.unitId, t(`patrolUnits.kind.${u.kind}`), one.format(u.km), one.format(u.minutes / 60), num.format(u.gaps), num.format(u.jumps)]),
      [t('presence.report.total'), '', one.format(km), one.format(minutes / 60), num.format(gaps), num.format(jumps)],
    ],
    note: t('presence.report.unitsNote', { km: one.format(km), hours: one.format(minutes / 60), gap: OFFLINE_AFTER_MS / 60_000, speed: MAX_SPEED_KMH }),
  }
  return { title: t('presence.report.title', { period: periodText }), blocks: [response, makeUp], tables: [units] }
}

/** The figures of `period` from the worker, laid out as the page. */
export async function patrolReportPart(remote: PatrolReportRemote, period: Period, plan: PatrolRequest, periodText: string, t: Translate, lang: string) {
  const r = await remote.patrolReport({ period, plan, top: REPORT_MAKE_UP_ROWS })
  return { report: r, page: patrolReportPage(r, periodText, t, lang) }
}
