/**
 * Patrol units (issue 26): who is nearest to an alert, and patrol presence against the
 * alert-guided plan, over the tracks the UI sent and the roads / key sites already loaded for
 * patrol planning. The same core functions as the `dispatch` and `presence` commands, so the
 * desk and the command line give the same figures for the same snapshot.
 */
import type { FeatureCollection } from 'geojson'
import { areasFromGeoJson } from '../core/areas'
import { buildRoadNetwork, type RoadNetwork } from '../core/road-network'
import { TARGET_SECONDS, placeTargets, type PlaceKind, type PlaceTargets } from '../core/response-targets'
import { buildAreaIndex } from '../core/spatial-join'
import { rankUnits } from '../core/unit-dispatch'
import { unitRoute } from '../core/unit-route'
import { demoUnits } from '../core/demo-units'
import { roundAsCsv } from '../io/tracks-csv'
import { patrolGrid } from '../core/patrol-grid'
import { localMidnight } from '../core/time-histogram'
import { keepMask, type IncidentFilterSpec } from '../core/incident-filter'
import { localProjection, projectX, projectY } from '../core/local-projection'
import { unitsSnapshot, type UnitsSnapshot } from '../core/units-snapshot'
import { checkPlan, bandMinutesPerDay, patrolPresence, type MakeUpRow } from '../core/unit-presence'
import { UNIT_KINDS, UNIT_STATUSES, lastFixTime, positionsAt, tracksFromFixes, type UnitKind, type UnitStatus, type UnitTracks } from '../core/unit-tracks'
import type { AnalyticsData } from './analytics-data'
import { patrol } from './analytics-patrol'
import type { PatrolRequest } from './contracts'

export interface NearestUnitsRequest {
  lon: number
  lat: number
  /** the units' positions at this time (epoch ms); default the latest fix */
  time?: number
  /** default 5 */
  top?: number
  offline?: boolean
}

export interface NearestUnit {
  unitId: string
  kind: UnitKind
  status: UnitStatus
  lon: number
  lat: number
  /** seconds; Infinity when the roads do not connect */
  etaS: number
  distanceM: number
  meetsTarget: boolean
}

export interface NearestUnitsResult {
  place: PlaceKind
  targetS: number
  time: number
  units: NearestUnit[]
  /** the fastest unit's route to the alert, lon/lat from the unit; null without a reachable unit */
  route: [number, number][] | null
  ms: number
}

export interface UnitPresenceResult {
  gridIds: string[]
  /** the plan's grids (properties.id = gridIds[g]), to draw the presence on */
  grids: FeatureCollection
  /** per grid, its bbox centre, to fly to and to label */
  centres: [number, number][]
  /** hour band labels, '00-04' … */
  bands: readonly string[]
  /** patrol minutes per day, [grid * 6 + band] */
  minutesPerDay: Float64Array
  /** the plan's priority 0–100, [grid * 6 + band] */
  priority: Float64Array
  /** 1 where the plan's schedule checks the grid in the band (the high-priority grid-bands) */
  scheduled: Uint8Array
  makeUp: (MakeUpRow & { gridId: string; name: string })[]
  seenRate: number
  scheduledHours: number
  presentHours: number
  days: number
  ms: number
}

// Built once per loaded layer: the FeatureCollection objects change only when the UI sends new ones.
const networks = new WeakMap<FeatureCollection, RoadNetwork>()
const targets = new WeakMap<FeatureCollection, PlaceTargets>()
const NO_SITES = placeTargets(null)

function roadNetwork(d: AnalyticsData): RoadNetwork {
  const roads = d.features.get('roads')
  if (!roads || roads.features.length === 0) throw new Error('no roads loaded')
  let net = networks.get(roads)
  if (!net) networks.set(roads, (net = buildRoadNetwork(roads)))
  return net
}

/** The targets of the places the loaded key sites mark (built once per key-site layer). */
export function placesOf(d: AnalyticsData): PlaceTargets {
  const sites = d.features.get('keySites')
  if (!sites) return NO_SITES
  let t = targets.get(sites)
  if (!t) targets.set(sites, (t = placeTargets(sites)))
  return t
}

function requireTracks(d: AnalyticsData): UnitTracks {
  if (!d.unitTracks || d.unitTracks.count === 0) throw new Error('no unit tracks loaded')
  return d.unitTracks
}

export function nearestUnits(d: AnalyticsData, req: NearestUnitsRequest): NearestUnitsResult {
  const t0 = performance.now()
  const tracks = requireTracks(d)
  const net = roadNetwork(d)
  const time = req.time ?? lastFixTime(tracks)
  const place = placesOf(d).placeAt(req.lon, req.lat)
  const targetS = TARGET_SECONDS[place]
  const positions = positionsAt(tracks, time)
  const byUnit = new Map(positions.map((p) => [p.unit, p]))
  const ranked = rankUnits(net, positions, tracks.unitKind, req.lon, req.lat, { top: req.top ?? 5, offline: req.offline })
  const first = ranked[0] && Number.isFinite(ranked[0].seconds) ? byUnit.get(ranked[0].unit)! : null
  const route = first ? unitRoute(net, req.lon, req.lat, first.lon, first.lat)?.path ?? null : null
  return {
    place, targetS, time, route, ms: performance.now() - t0,
    units: ranked.map((r) => {
      const p = byUnit.get(r.unit)!
      return {
        unitId: tracks.unitIds[r.unit], kind: UNIT_KINDS[tracks.unitKind[r.unit]], status: UNIT_STATUSES[p.status],
        lon: p.lon, lat: p.lat, etaS: r.seconds, distanceM: r.metres, meetsTarget: r.seconds <= targetS,
      }
    }),
  }
}

/** Presence per grid and band against the plan of `req` (the patrol panel's grids and priorities). */
export function unitPresence(d: AnalyticsData, req: PatrolRequest): UnitPresenceResult {
  const t0 = performance.now()
  const tracks = requireTracks(d)
  const plan = patrol(d, req)
  const areas = areasFromGeoJson(plan.grids, { idOptional: true }).areas
  const presence = patrolPresence(tracks, buildAreaIndex(areas), areas.count)
  const check = checkPlan(plan.priority, presence)
  const nb = plan.bands.length
  const scheduled = new Uint8Array(areas.count * nb)
  for (const s of plan.priority.schedule) scheduled[s.grid * nb + s.band] = 1
  const b = areas.bbox
  return {
    gridIds: areas.ids, grids: plan.grids, bands: plan.bands, priority: plan.priority.priority, scheduled,
    centres: areas.ids.map((_, k) => [(b[4 * k] + b[4 * k + 2]) / 2, (b[4 * k + 1] + b[4 * k + 3]) / 2]),
    minutesPerDay: bandMinutesPerDay(presence), days: presence.days, seenRate: check.seenRate,
    scheduledHours: check.scheduledHours, presentHours: check.presentHours,
    makeUp: check.makeUp.map((m) => ({ ...m, gridId: areas.ids[m.grid], name: areas.names[m.grid] || areas.ids[m.grid] })), ms: performance.now() - t0,
  }
}

export interface DemoUnitTracksResult {
  /** the demo's simulated day, or the tracks file the user imported */
  source: 'demo' | 'imported' | 'feed'
  units: number
  fixes: number
  /** first and last fix, epoch ms */
  span: [number, number]
  /** alerts the simulated units answered (the day's incidents); imported: the incidents within the span */
  alerts: number
  ms: number
}

/**
 * The demo's units (core/demo-units.ts) for the local day of the latest incident, answering
 * that day's incidents: what `npm run cli -- demo-units` writes for the demo, generated here
 * rather than shipped (a day of fixes is some 20 MB of CSV, the simulation about a second), with
 * the positions rounded as that file writes them so that the desk and `dispatch` on the file
 * rank the same snapshot alike. Needs the district, roads and incidents.
 */
export function demoUnitTracks(d: AnalyticsData): DemoUnitTracksResult {
  const t0 = performance.now()
  const district = d.features.get('district')
  if (!district) throw new Error('no district loaded')
  const inc = d.requireIncidents()
  const dayStart = localMidnight(d.requireLatest())
  const alerts: { lon: number; lat: number; time: number }[] = []
  for (let i = 0; i < inc.count; i++) {
    if (inc.time[i] >= dayStart && inc.time[i] < dayStart + 86_400_000) alerts.push({ lon: inc.lon[i], lat: inc.lat[i], time: inc.time[i] })
  }
  const grids = areasFromGeoJson(patrolGrid(district, 'square', 1500), { idOptional: true }).areas
  const fixes = roundAsCsv(demoUnits(roadNetwork(d), buildAreaIndex(grids), grids.count, { dayStart, alerts }))
  const tracks = tracksFromFixes(fixes)
  d.unitTracks = tracks
  return { source: 'demo', units: tracks.unitIds.length, fixes: tracks.count, span: [tracks.time[0] ?? NaN, lastFixTime(tracks)], alerts: alerts.length, ms: performance.now() - t0 }
}

/** Imported tracks as the units (the data dialog's `tracks` kind), summed up as the demo's are. */
export function importedUnitTracks(d: AnalyticsData, tracks: UnitTracks): DemoUnitTracksResult {
  const t0 = performance.now()
  d.unitTracks = tracks
  let first = Infinity
  // grouped by unit, so the first fix of all is the least of each unit's first
  for (let u = 0; u < tracks.unitIds.length; u++) if (tracks.unitStart[u] < tracks.unitStart[u + 1]) first = Math.min(first, tracks.time[tracks.unitStart[u]])
  const last = lastFixTime(tracks)
  let alerts = 0
  const inc = d.incidents
  if (inc) for (let i = 0; i < inc.count; i++) if (inc.time[i] >= first && inc.time[i] <= last) alerts++
  return { source: 'imported', units: tracks.unitIds.length, fixes: tracks.count, span: [first, last], alerts, ms: performance.now() - t0 }
}

/** The units as drawn at `time`: positions, statuses and 10-minute trails (core/units-snapshot.ts). */
export function unitsAt(d: AnalyticsData, time: number): UnitsSnapshot {
  return unitsSnapshot(requireTracks(d), time)
}

/**
 * The alert a click picks: the incident the filter keeps nearest to (lon, lat) within radiusM,
 * or -1. A scan of the columns: one click, a few milliseconds for a million incidents.
 */
export function alertNear(d: AnalyticsData, req: { lon: number; lat: number; radiusM: number; spec: IncidentFilterSpec }): number {
  const inc = d.requireIncidents()
  const keep = keepMask(inc, req.spec)
  const p = localProjection(req.lon, req.lat, req.lat)
  let best = -1, bestD = req.radiusM * req.radiusM
  for (let i = 0; i < inc.count; i++) {
    if (keep && !keep[i]) continue
    const dx = projectX(p, inc.lon[i]), dy = projectY(p, inc.lat[i])
    const d2 = dx * dx + dy * dy
    if (d2 <= bestD) { bestD = d2; best = i }
  }
  return best
}
