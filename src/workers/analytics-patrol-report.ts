/**
 * The weekly patrol report's figures (issue 26 point 4, the PDF briefing's patrol page): over
 * the tracks the worker holds, for a period, the response to its alerts against target by
 * place, the make-up list and 见警率 of the plan, and each unit's patrol kilometres and minutes.
 * Alerts count only on the local days the tracks cover: an alert of a day without tracks has
 * no arrival to find, and counting it as missed would blame the units for missing data.
 */
import { areasFromGeoJson } from '../core/areas'
import { patrolKilometres, trackDays, tracksWithin } from '../core/patrol-kilometres'
import type { Period } from '../core/periods'
import { localMidnight } from '../core/time-histogram'
import { TARGET_SECONDS, type PlaceKind } from '../core/response-targets'
import { buildAreaIndex } from '../core/spatial-join'
import { detectArrivals, responseGroups, type ResponseGroup } from '../core/unit-arrivals'
import { checkPlan, patrolPresence } from '../core/unit-presence'
import { UNIT_KINDS, type UnitKind } from '../core/unit-tracks'
import type { AnalyticsData } from './analytics-data'
import { patrol } from './analytics-patrol'
import { placesOf } from './analytics-units'
import type { PatrolRequest } from './contracts'

export interface PatrolReportRequest {
  period: Period
  plan: PatrolRequest
  /** rows of the make-up list (default 10) */
  top?: number
}

export interface PatrolReport {
  period: Period
  /** local midnights of the days the tracks cover in the period */
  days: number[]
  response: { all: ResponseGroup | null; byPlace: ResponseGroup[] }
  makeUp: { gridId: string; name: string; band: string; priority: number; minutesPerDay: number; gap: number }[]
  makeUpTotal: number
  seenRate: number
  presentHours: number
  scheduledHours: number
  units: { unitId: string; kind: UnitKind; km: number; minutes: number; gaps: number; jumps: number }[]
  ms: number
}

export function patrolReport(d: AnalyticsData, req: PatrolReportRequest): PatrolReport {
  const t0 = performance.now()
  const tracks = d.unitTracks
  if (!tracks || tracks.count === 0) throw new Error('no unit tracks loaded')
  const { from, to } = req.period
  const days = trackDays(tracks, from, to)
  const inc = d.requireIncidents()
  const covered = new Set(days)
  const rows: number[] = []
  for (let i = 0; i < inc.count; i++) {
    const t = inc.time[i]
    if (t >= from && t < to && covered.has(localMidnight(t))) rows.push(i)
  }
  const n = rows.length
  const alerts = { count: n, lon: Float64Array.from(rows, (i) => inc.lon[i]), lat: Float64Array.from(rows, (i) => inc.lat[i]), time: Float64Array.from(rows, (i) => inc.time[i]) }
  // the whole tracks: a unit may arrive after the period ends
  const arrivals = detectArrivals(tracks, alerts)
  const places = placesOf(d)
  const place: PlaceKind[] = Array.from({ length: n }, (_, a) => places.placeAt(alerts.lon[a], alerts.lat[a]))
  const target = place.map((p) => TARGET_SECONDS[p])

  const plan = patrol(d, req.plan)
  const areas = areasFromGeoJson(plan.grids, { idOptional: true }).areas
  const check = checkPlan(plan.priority, patrolPresence(tracksWithin(tracks, from, to), buildAreaIndex(areas), areas.count))
  const km = patrolKilometres(tracks, { from, to })
  return {
    period: req.period, days,
    response: { all: responseGroups(arrivals, target, n, () => 'all')[0] ?? null, byPlace: responseGroups(arrivals, target, n, (a) => place[a]) },
    makeUp: check.makeUp.slice(0, req.top ?? 10).map((m) => ({
      gridId: areas.ids[m.grid], name: areas.names[m.grid] || areas.ids[m.grid], band: plan.bands[m.band], priority: m.priority, minutesPerDay: m.minutesPerDay, gap: m.gap,
    })),
    makeUpTotal: check.makeUp.length, seenRate: check.seenRate, presentHours: check.presentHours, scheduledHours: check.scheduledHours,
    units: tracks.unitIds.map((unitId, u) => ({ unitId, kind: UNIT_KINDS[tracks.unitKind[u]], km: km.km[u], minutes: km.minutes[u], gaps: km.gaps[u], jumps: km.jumps[u] })),
    ms: performance.now() - t0,
  }
}
