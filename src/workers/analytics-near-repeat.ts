/**
 * Near repeats (Knox test) of the incidents the desk shows: the heat table, each incident's
 * role in the recent window, and the risk zone (core/near-repeat.ts, core/near-repeat-zone.ts).
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { keepMask, type IncidentFilterSpec } from '../core/incident-filter'
import { knoxTest, nearRepeatWindow, type KnoxTable } from '../core/near-repeat'
import { riskZonePolygon } from '../core/near-repeat-zone'
import type { AnalyticsData } from './analytics-data'
import { bothKept } from './analytics-hotspots'
import type { CategoriesAndPeriod } from './contracts'

export interface NearRepeatRequest extends CategoriesAndPeriod {
  /** metres, increasing: bands [e0, e1), [e1, e2) … */
  distanceEdges: number[]
  /** days, increasing */
  dayEdges: number[]
  permutations: number
  seed: number
  /** the recent window (roles, risk zone), days; default the significant days */
  windowDays?: number
  /** end of the recent window, epoch ms; default the latest analysed incident */
  asOf?: number
  /** the shared incident filter, applied on top of categories and period (what the map shows) */
  filter?: IncidentFilterSpec
}

export interface NearRepeatResult {
  table: KnoxTable
  /** what the roles and the zone used: the significant distance and days, else the first bands' upper edges */
  roleDistance: number
  roleDays: number
  /** true when the table had no significant distance or days and the first bands stood in */
  fallback: boolean
  /** the recent window, (from, to] epoch ms */
  window: { from: number; to: number }
  /** incident rows of the window, in time order, and each one's role (core ROLE_NAMES) */
  rows: Uint32Array
  roles: Uint8Array
  /** circles of roleDistance around the window's incidents, unioned; null when the window is empty */
  zone: Feature<Polygon | MultiPolygon> | null
}

export function nearRepeat(d: AnalyticsData, req: NearRepeatRequest): NearRepeatResult {
  const inc = d.requireIncidents()
  const keep = bothKept(d.keep(req), req.filter && keepMask(inc, req.filter))
  const { table, pairs } = knoxTest(inc.lon, inc.lat, inc.time, inc.count, {
    distanceEdges: req.distanceEdges, dayEdges: req.dayEdges, permutations: req.permutations, seed: req.seed, keep,
  })
  const w = nearRepeatWindow(table, pairs, inc.count, req.windowDays, req.asOf)
  return {
    table, roleDistance: w.distance, roleDays: w.days, fallback: w.fallback,
    window: { from: w.zone.from, to: w.zone.to },
    rows: w.zone.rows,
    roles: Uint8Array.from(w.zone.rows, (i) => w.roles[i]),
    zone: riskZonePolygon(inc.lon, inc.lat, w.zone.rows, w.distance),
  }
}
