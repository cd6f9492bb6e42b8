/**
 * Patrol planning for a district (警情导巡): patrol grids with their current and suggested
 * patrol level and responsible station, alert-guided priorities per grid and hour band, a
 * check schedule, and response coverage along the road network (isochrones from stations and
 * patrol bases; key sites within 1 minute, public places within 3).
 *
 * One composition used by the analytics worker and the command line, so that both give the
 * same figures for the same inputs.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import centroid from '@turf/centroid'
import { areasFromGeoJson } from './areas'
import { buildAreaIndex, joinPoints } from './spatial-join'
import { projectX, projectY } from './local-projection'
import { currentLevels, patrolCircle, patrolGrid, PATROL_RADIUS_M, responsibleStations, type GridShape } from './patrol-grid'
import { HOUR_BANDS, localHours, patrolPriority, type PatrolPriority } from './patrol-priority'
import { cameraViews, DEFAULT_DORI_LEVEL, type DoriLevel } from './camera-model'
import type { CameraColumns } from './cameras'
import { projectPoints, viewCounts } from './incidents-in-view'
import { gridHotspots } from './grid-hotspots'
import { buildRoadNetwork, shortestTimes, timeToPoint, type RoadNetwork } from './road-network'
import { isochronePolygons, projectionForBbox, straightLineSecondsPerMetre, travelTimeRaster } from './isochrones'
import type { GridHotspots } from './grid-hotspots'
import { cellCentreLonLat } from './square-grid'

/** Key sites (重点部位) that the 1-minute target is for; the other kinds are public places (3 minutes). */
export const KEY_SITE_KINDS: readonly string[] = ['school', 'hospital', 'government']
export const PUBLIC_PLACE_KINDS: readonly string[] = ['plaza', 'business', 'station']
export const RESPONSE_TARGETS = { keySiteSeconds: 60, publicPlaceSeconds: 180 } as const
export const DEFAULT_MINUTES: readonly number[] = [1, 3, 10]
/** off-road speed for the last leg to a site: high enough that the leg costs nothing */
const ARRIVAL_OFF_ROAD_KMH = 1e9

export interface PatrolPlanInput {
  /** the district outline (or its streets): generated grids cover and are clipped to it */
  district: FeatureCollection
  /** imported patrol areas; null: generate `shape` cells of `sizeM` */
  grids: FeatureCollection | null
  shape: GridShape
  sizeM: number
  incidents: { lon: Float64Array; lat: Float64Array; time: Float64Array; count: number }
  /** cameras seeing each incident (camera coverage), null when there are no cameras */
  seenBy: Uint8Array | null
  /** Gi* on fine cells over the incidents, null to leave hotspot strength out */
  hotspots: GridHotspots | null
  keySites: FeatureCollection | null
  roads: FeatureCollection | null
  stations: FeatureCollection | null
  minutes?: readonly number[]
  /** raster cell of the isochrones, metres */
  isoCell?: number
}

export interface SiteResponse {
  id: string
  name: string
  kind: string
  /** fastest response from a station or patrol base, seconds (Infinity: unreachable) */
  seconds: number
  /** from the stations alone */
  stationSeconds: number
}

export interface ResponseCoverage {
  keySites: { total: number; within: number; withinFromStations: number }
  publicPlaces: { total: number; within: number; withinFromStations: number }
  /** key sites over 1 minute and public places over 3, slowest first */
  late: SiteResponse[]
}

export interface PatrolPlan {
  /** the patrol grids with id, name, level_now, level_suggested, station, priority_max, level_change */
  grids: FeatureCollection<Polygon | MultiPolygon>
  priority: PatrolPriority
  bands: readonly string[]
  /** patrol bases: one per grid, at its centre */
  bases: [number, number][]
  /** the 1.5 km patrol radius around each station and base */
  circles: FeatureCollection<Polygon>
  /** one (Multi)Polygon per station and time band: station_id, minutes */
  stationIsochrones: FeatureCollection<MultiPolygon>
  /** stations and patrol bases together, one per time band */
  isochrones: FeatureCollection<MultiPolygon>
  response: ResponseCoverage
  network: { nodes: number; edges: number; fallback: boolean }
  ms: { grids: number; priority: number; network: number; isochrones: number }
}

function siteKind(f: Feature): string {
  return String(f.properties?.kind ?? '')
}

/** Share of each patrol grid's fine cells (in the study area) that are Gi* hot at 95% or more. */
function hotShares(h: GridHotspots | null, gridIndex: ReturnType<typeof buildAreaIndex>, gridCount: number): Float64Array {
  const out = new Float64Array(gridCount)
  if (!h) return out
  const cells = new Float64Array(gridCount)
  const ids: number[] = []
  for (let i = 0; i < h.mask.length; i++) if (h.mask[i]) ids.push(i)
  const lon = new Float64Array(ids.length), lat = new Float64Array(ids.length)
  ids.forEach((i, k) => { [lon[k], lat[k]] = cellCentreLonLat(h.grid, i) })
  const inGrid = joinPoints(gridIndex, lon, lat, ids.length)
  ids.forEach((i, k) => {
    const g = inGrid[k]
    if (g < 0) return
    cells[g]++
    if (h.classes[i] >= 2) out[g]++
  })
  for (let g = 0; g < gridCount; g++) out[g] = cells[g] > 0 ? out[g] / cells[g] : 0
  return out
}

/**
 * What the priority reads from the incidents besides where and when: Gi* hotspots on 250 m
 * cells (500 m band) inside the district, and how many cameras see each incident.
 */
export function patrolSignals(
  incidents: { lon: Float64Array; lat: Float64Array; count: number },
  district: FeatureCollection,
  cameras: CameraColumns | null,
  level: DoriLevel = DEFAULT_DORI_LEVEL,
): { hotspots: GridHotspots; seenBy: Uint8Array | null } {
  const { lon, lat, count } = incidents
  const hotspots = gridHotspots(lon, lat, count, { cell: 250, band: 500, areas: buildAreaIndex(areasFromGeoJson(district, { idOptional: true }).areas) })
  if (!cameras || cameras.count === 0) return { hotspots, seenBy: null }
  const proj = hotspots.grid.proj
  const { x, y } = projectPoints(proj, lon, lat, count)
  return { hotspots, seenBy: viewCounts(cameraViews(cameras, proj, level), x, y, count) }
}

export function patrolPlan(inp: PatrolPlanInput): PatrolPlan {
  const minutes = inp.minutes ?? DEFAULT_MINUTES
  let t = performance.now()
  const grids = inp.grids ?? patrolGrid(inp.district, inp.shape, inp.sizeM)
  const { areas } = areasFromGeoJson(grids, { idOptional: true })
  const gridIndex = buildAreaIndex(areas)
  const n = areas.count
  const levelNow = currentLevels(grids, inp.keySites, inp.roads)
  const stationIds = inp.stations ? responsibleStations(grids, inp.stations) : new Array<string>(n).fill('')
  const gridMs = performance.now() - t

  t = performance.now()
  const inc = inp.incidents
  const incidentGrid = joinPoints(gridIndex, inc.lon, inc.lat, inc.count)
  const incidentHour = localHours(inc.time, inc.count)
  const gapShare = new Float64Array(n)
  if (inp.seenBy) {
    const total = new Float64Array(n)
    for (let i = 0; i < inc.count; i++) {
      const g = incidentGrid[i]
      if (g < 0) continue
      total[g]++
      if (inp.seenBy[i] === 0) gapShare[g]++
    }
    for (let g = 0; g < n; g++) gapShare[g] = total[g] > 0 ? gapShare[g] / total[g] : 0
  }
  const priority = patrolPriority({
    incidentGrid, incidentHour, count: inc.count, gridCount: n,
    hotShare: hotShares(inp.hotspots, gridIndex, n), gapShare, levelNow,
  })
  const priorityMs = performance.now() - t

  const bands = HOUR_BANDS.map((b) => b.label)
  const outGrids: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: grids.features.map((f, g) => {
      let max = 0
      for (let b = 0; b < bands.length; b++) max = Math.max(max, priority.priority[g * bands.length + b])
      return {
        ...(f as Feature<Polygon | MultiPolygon>),
        properties: {
          ...f.properties,
          id: areas.ids[g], name: areas.names[g] || areas.ids[g],
          level_now: levelNow[g], level_suggested: priority.levelSuggested[g],
          level_change: levelNow[g] !== priority.levelSuggested[g],
          station: stationIds[g], priority_max: Math.round(max * 10) / 10,
        },
      }
    }),
  }

  // response along the roads
  t = performance.now()
  const bases: [number, number][] = outGrids.features.map((f) => centroid(f).geometry.coordinates as [number, number])
  const stations = (inp.stations?.features ?? []).filter((f) => f.geometry?.type === 'Point')
  const stationLonLat = stations.map((f) => (f.geometry as { coordinates: number[] }).coordinates as [number, number])
  const bbox = areasBbox(areas.bbox, n, inp.district)
  // the raster's own projection when there is no network, so sources and cells agree
  const proj = projectionForBbox(bbox)
  let net: RoadNetwork | null = null
  if (inp.roads && inp.roads.features.length > 0) net = buildRoadNetwork(inp.roads)
  const networkMs = performance.now() - t
  t = performance.now()
  const toXY = (p: [number, number], q = net?.proj ?? proj) => ({ x: projectX(q, p[0]), y: projectY(q, p[1]) })
  const stationSources = stationLonLat.map((p) => toXY(p))
  const allSources = [...stationSources, ...bases.map((p) => toXY(p))]
  const timesFrom = (sources: { x: number; y: number }[]) => (net && sources.length > 0 ? shortestTimes(net, sources).seconds : null)
  const stationTimes = timesFrom(stationSources)
  const allTimes = timesFrom(allSources)
  const fallbackSeconds = (sources: { x: number; y: number }[], x: number, y: number) => {
    let best = Infinity
    for (const s of sources) best = Math.min(best, Math.hypot(s.x - x, s.y - y))
    return best * straightLineSecondsPerMetre()
  }
  // A unit has arrived when it stops on the road at the site (its gate), so the walk from the
  // road into the site is not part of the response time.
  const secondsTo = (times: Float64Array | null, sources: { x: number; y: number }[], lonLat: [number, number]) => {
    const { x, y } = toXY(lonLat)
    return net && times ? timeToPoint(net, times, x, y, { offRoadKmh: ARRIVAL_OFF_ROAD_KMH }) : fallbackSeconds(sources, x, y)
  }

  const isoOpts = { cell: inp.isoCell ?? 25 }
  const stationIsochrones: FeatureCollection<MultiPolygon> = { type: 'FeatureCollection', features: [] }
  stations.forEach((f, k) => {
    const src = [stationSources[k]]
    const raster = travelTimeRaster(net, timesFrom(src), src, bbox, isoOpts)
    for (const iso of isochronePolygons(raster, minutes)) {
      stationIsochrones.features.push({ type: 'Feature', properties: { station_id: String(f.properties?.id ?? k + 1), station_name: String(f.properties?.name ?? ''), minutes: iso.minutes }, geometry: iso.geometry })
    }
  })
  const isochrones: FeatureCollection<MultiPolygon> = { type: 'FeatureCollection', features: [] }
  if (allSources.length > 0) {
    const raster = travelTimeRaster(net, allTimes, allSources, bbox, isoOpts)
    for (const iso of isochronePolygons(raster, minutes)) {
      isochrones.features.push({ type: 'Feature', properties: { minutes: iso.minutes }, geometry: iso.geometry })
    }
  }

  const sites: SiteResponse[] = (inp.keySites?.features ?? []).filter((f) => f.geometry).map((f, i) => {
    const c = centroid(f).geometry.coordinates as [number, number]
    return {
      id: String(f.properties?.id ?? i + 1), name: String(f.properties?.name ?? ''), kind: siteKind(f),
      seconds: allSources.length ? secondsTo(allTimes, allSources, c) : Infinity,
      stationSeconds: stationSources.length ? secondsTo(stationTimes, stationSources, c) : Infinity,
    }
  })
  const tally = (kinds: readonly string[], limit: number) => {
    const list = sites.filter((s) => kinds.includes(s.kind))
    return { total: list.length, within: list.filter((s) => s.seconds <= limit).length, withinFromStations: list.filter((s) => s.stationSeconds <= limit).length }
  }
  const late = sites
    .filter((s) => (KEY_SITE_KINDS.includes(s.kind) && s.seconds > RESPONSE_TARGETS.keySiteSeconds) || (PUBLIC_PLACE_KINDS.includes(s.kind) && s.seconds > RESPONSE_TARGETS.publicPlaceSeconds))
    .sort((a, b) => b.seconds - a.seconds)
  const isoMs = performance.now() - t

  const circles: FeatureCollection<Polygon> = {
    type: 'FeatureCollection',
    features: [
      ...stationLonLat.map((p, k) => circleFeature(p, 'station', String(stations[k].properties?.id ?? k + 1))),
      ...bases.map((p, g) => circleFeature(p, 'base', areas.ids[g])),
    ],
  }
  return {
    grids: outGrids, priority, bands, bases, circles, stationIsochrones, isochrones,
    response: {
      keySites: tally(KEY_SITE_KINDS, RESPONSE_TARGETS.keySiteSeconds),
      publicPlaces: tally(PUBLIC_PLACE_KINDS, RESPONSE_TARGETS.publicPlaceSeconds),
      late,
    },
    network: { nodes: net?.nodeCount ?? 0, edges: net?.edgeCount ?? 0, fallback: net === null },
    ms: { grids: gridMs, priority: priorityMs, network: networkMs, isochrones: isoMs },
  }
}

function circleFeature(p: [number, number], kind: 'station' | 'base', id: string): Feature<Polygon> {
  return { type: 'Feature', properties: { kind, id, radius_m: PATROL_RADIUS_M }, geometry: { type: 'Polygon', coordinates: [patrolCircle(p[0], p[1], PATROL_RADIUS_M)] } }
}

/** The bbox of the grids (and the district), padded by 1 km so isochrones are not cut at its edge. */
function areasBbox(boxes: Float64Array, n: number, district: FeatureCollection): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let a = 0; a < n; a++) {
    b[0] = Math.min(b[0], boxes[4 * a]); b[1] = Math.min(b[1], boxes[4 * a + 1])
    b[2] = Math.max(b[2], boxes[4 * a + 2]); b[3] = Math.max(b[3], boxes[4 * a + 3])
  }
  const d = areasFromGeoJson(district, { idOptional: true }).areas
  for (let a = 0; a < d.count; a++) {
    b[0] = Math.min(b[0], d.bbox[4 * a]); b[1] = Math.min(b[1], d.bbox[4 * a + 1])
    b[2] = Math.max(b[2], d.bbox[4 * a + 2]); b[3] = Math.max(b[3], d.bbox[4 * a + 3])
  }
  const padLat = 1000 / 111_195, padLon = padLat / Math.cos(((b[1] + b[3]) / 2) * Math.PI / 180)
  return [b[0] - padLon, b[1] - padLat, b[2] + padLon, b[3] + padLat]
}
