/**
 * Worker entry point for the analytics core: joins and indices run here, never on the UI
 * thread. Use it through analytics-client.ts.
 */
import * as Comlink from 'comlink'
import { emergingBuffers } from './analytics-emerging'
import { repeatPlacesBuffers } from './analytics-repeat-places'
import { AnalyticsSession } from './analytics-session'
import { unitTrackBuffers } from './analytics-playback'
import { densityScaleOf } from './analytics-hotspots'

const session = new AnalyticsSession()

const api = {
  setIncidents: session.setIncidents.bind(session),
  setAreas: session.setAreas.bind(session),
  setCameras: session.setCameras.bind(session),
  setFeatures: session.setFeatures.bind(session),
  patrol: session.patrol.bind(session),
  setUnitTracks: session.setUnitTracks.bind(session),
  nearestUnits: session.nearestUnits.bind(session),
  demoUnitTracks: session.demoUnitTracks.bind(session),
  unitsAt: session.unitsAt.bind(session),
  unitFeedAppend: session.unitFeedAppend.bind(session),
  unitFeedReset: session.unitFeedReset.bind(session),
  unitResponse: session.unitResponse.bind(session),
  alertNear: session.alertNear.bind(session),
  unitList: session.unitList.bind(session),
  unitTrack: (...a: Parameters<AnalyticsSession['unitTrack']>) => { const r = session.unitTrack(...a); return Comlink.transfer(r, unitTrackBuffers(r)) },
  unitPresence: (...a: Parameters<AnalyticsSession['unitPresence']>) => { const r = session.unitPresence(...a); return Comlink.transfer(r, [r.minutesPerDay.buffer as ArrayBuffer]) },
  patrolReport: session.patrolReport.bind(session),
  densityScale: session.densityScale.bind(session),
  densityScaleOf,
  setCandidateSites: session.setCandidateSites.bind(session),
  planMetrics: session.planMetrics.bind(session),
  comparePlans: session.comparePlans.bind(session),
  suggest: session.suggest.bind(session),
  safetyIndex: session.safetyIndex.bind(session),
  areaStats: (...a: Parameters<AnalyticsSession['areaStats']>) => { const r = session.areaStats(...a); return Comlink.transfer(r, [r.count, r.per10kResidents, r.perKm2, r.index, r.rank, r.currentCount, r.previousCount, r.lastYearCount, r.mom, r.yoy, r.population, r.km2].map((x) => x.buffer as ArrayBuffer)) },
  histogram: (...a: Parameters<AnalyticsSession['histogram']>) => { const r = session.histogram(...a); return Comlink.transfer(r, [r.counts.buffer as ArrayBuffer]) },
  periodCategoryCounts: (...a: Parameters<AnalyticsSession['periodCategoryCounts']>) => { const r = session.periodCategoryCounts(...a); return Comlink.transfer(r, r.map((x) => x.buffer as ArrayBuffer)) },
  periodDensity: (...a: Parameters<AnalyticsSession['periodDensity']>) => { const r = session.periodDensity(...a); return Comlink.transfer(r, r.densities.map((x) => x.buffer as ArrayBuffer)) },
  wallKpis: session.wallKpis.bind(session),
  inspect: session.inspect.bind(session),
  briefingSummary: session.briefingSummary.bind(session),
  repeatPlaces: (...a: Parameters<AnalyticsSession['repeatPlaces']>) => { const r = session.repeatPlaces(...a); return Comlink.transfer(r, repeatPlacesBuffers(r)) },
  // big typed results are transferred, not copied
  hotspots(...args: Parameters<AnalyticsSession['hotspots']>) {
    const r = session.hotspots(...args)
    return Comlink.transfer(r, [r.mask.buffer, r.counts.buffer, r.z.buffer, r.p.buffer, r.classes.buffer] as ArrayBuffer[])
  },
  emergingHotspots(...args: Parameters<AnalyticsSession['emergingHotspots']>) {
    const r = session.emergingHotspots(...args)
    return Comlink.transfer(r, emergingBuffers(r))
  },
  nearRepeat(...args: Parameters<AnalyticsSession['nearRepeat']>) {
    const r = session.nearRepeat(...args)
    const t = r.table
    return Comlink.transfer(r, [t.observed, t.expected, t.ratio, t.p, r.rows, r.roles].map((x) => x.buffer as ArrayBuffer))
  },
  density(...args: Parameters<AnalyticsSession['density']>) {
    const r = session.density(...args)
    return Comlink.transfer(r, [r.density.buffer as ArrayBuffer])
  },
  coverage(...args: Parameters<AnalyticsSession['coverage']>) {
    const r = session.coverage(...args)
    return Comlink.transfer(r, [r.views.positions.buffer, r.views.starts.buffer, r.cells.positions.buffer] as ArrayBuffer[])
  },
  profile(...args: Parameters<AnalyticsSession['profile']>) {
    const r = session.profile(...args)
    return Comlink.transfer(r, [r.hourWeekday.buffer, r.total.buffer, r.night.buffer, r.monthly.buffer, r.spread.buffer] as ArrayBuffer[])
  },
}

export type AnalyticsWorkerApi = typeof api

Comlink.expose(api)
