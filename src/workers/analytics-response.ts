/**
 * Response as it happened at the desk (issue 26, point 3): the first arrival at each of the
 * units' day's alerts that the filters keep, and the response times by patrol grid and place.
 * The same core functions and the same default grid (1500 m squares over the district) as the
 * `response` command, so the desk and the command line give the same figures for the same day.
 */
import type { FeatureCollection } from 'geojson'
import { areasFromGeoJson } from '../core/areas'
import { localMidnight } from '../core/time-histogram'
import { keepMask, type IncidentFilterSpec } from '../core/incident-filter'
import { patrolGrid } from '../core/patrol-grid'
import { TARGET_SECONDS, type PlaceKind } from '../core/response-targets'
import { buildAreaIndex, joinPoints } from '../core/spatial-join'
import { detectArrivals, responseGroups, type ResponseGroup } from '../core/unit-arrivals'
import type { AnalyticsData } from './analytics-data'
import { placesOf } from './analytics-units'

/** the `response` command's default grid */
export const RESPONSE_GRID_M = 1500

export interface ResponseGrid extends ResponseGroup {
  /** the grid's bbox centre, for flying to it */
  lon: number
  lat: number
}

export interface UnitResponseResult {
  /** local midnight of the units' day (epoch ms) */
  day: number
  all: ResponseGroup | null
  byPlace: ResponseGroup[]
  /** one per grid with alerts, in key order */
  byGrid: ResponseGrid[]
  /** the patrol grids; properties.id matches byGrid's key */
  grids: FeatureCollection
  ms: number
}

/** The response of the alerts of the units' day that `spec` keeps. Needs the tracks, incidents and district. */
export function unitResponse(d: AnalyticsData, spec: IncidentFilterSpec): UnitResponseResult {
  const t0 = performance.now()
  const tracks = d.unitTracks
  if (!tracks || tracks.count === 0) throw new Error('no unit tracks loaded')
  const district = d.features.get('district')
  if (!district) throw new Error('no district loaded')
  const inc = d.requireIncidents()
  const day = localMidnight(tracks.time[0])
  const keep = keepMask(inc, spec)
  const rows: number[] = []
  for (let i = 0; i < inc.count; i++) {
    if (inc.time[i] >= day && inc.time[i] < day + 86_400_000 && (!keep || keep[i])) rows.push(i)
  }
  const n = rows.length
  const alerts = {
    count: n, lon: Float64Array.from(rows, (i) => inc.lon[i]), lat: Float64Array.from(rows, (i) => inc.lat[i]), time: Float64Array.from(rows, (i) => inc.time[i]),
  }
  const arrivals = detectArrivals(tracks, alerts)
  const grids = patrolGrid(district, 'square', RESPONSE_GRID_M)
  const areas = areasFromGeoJson(grids, { idOptional: true }).areas
  const grid = joinPoints(buildAreaIndex(areas), alerts.lon, alerts.lat, n)
  const places = placesOf(d)
  const place: PlaceKind[] = Array.from({ length: n }, (_, a) => places.placeAt(alerts.lon[a], alerts.lat[a]))
  const target = place.map((p) => TARGET_SECONDS[p])
  const byGrid = responseGroups(arrivals, target, n, (a) => (grid[a] >= 0 ? areas.ids[grid[a]] : null)).map((g) => {
    const k = areas.ids.indexOf(g.key)
    const b = areas.bbox
    return { ...g, lon: (b[4 * k] + b[4 * k + 2]) / 2, lat: (b[4 * k + 1] + b[4 * k + 3]) / 2 }
  })
  return {
    day, all: responseGroups(arrivals, target, n, () => 'all')[0] ?? null, byPlace: responseGroups(arrivals, target, n, (a) => place[a]),
    byGrid, grids: { type: 'FeatureCollection', features: grids.features.map((f, k) => ({ ...f, properties: { ...f.properties, id: areas.ids[k] } })) },
    ms: performance.now() - t0,
  }
}
