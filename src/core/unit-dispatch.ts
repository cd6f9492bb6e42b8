/**
 * Who is nearest (issue 26, point 2): units ranked by travel time to an alert on the road
 * network (road-network.ts), each unit's position snapped to the roads as the patrol
 * isochrones snap stations.
 *
 * The network is two-way with the same time in both directions, so the time from a unit to
 * the alert equals the time from the alert to the unit: ONE Dijkstra from the alert answers
 * every unit (rankUnitsBrute, one Dijkstra per unit, is the check and the benchmark baseline).
 *
 * Foot and e-bike patrols follow the car's fastest route at their own pace (FOOT_KMH,
 * EBIKE_KMH) since the network's speeds are car speeds; a foot patrol rarely wins but is listed.
 */
import {
  NEAREST_EDGES, nearestEdgePoint, nearestEdges, offRoadMps, routeToPoint, shortestTimes, type RoadNetwork,
} from './road-network'
import { projectX, projectY } from './local-projection'
import { UNIT_KINDS, STATUS_OFFLINE, type UnitPosition } from './unit-tracks'

export const FOOT_KMH = 5
export const EBIKE_KMH = 15
const FOOT = UNIT_KINDS.indexOf('foot'), EBIKE = UNIT_KINDS.indexOf('ebike')

export interface RankedUnit {
  unit: number
  /** seconds, Infinity when the unit cannot reach the alert on the network */
  seconds: number
  /** length of the route, metres */
  metres: number
}

export interface RankOptions {
  /** include offline units (default false: a silent unit cannot be dispatched) */
  offline?: boolean
  /** at most this many, fastest first (default all) */
  top?: number
}

function paced(kind: number, seconds: number, metres: number): number {
  if (kind === FOOT) return metres / (FOOT_KMH / 3.6)
  if (kind === EBIKE) return metres / (EBIKE_KMH / 3.6)
  return seconds
}

function rank(list: RankedUnit[], top: number | undefined): RankedUnit[] {
  list.sort((a, b) => a.seconds - b.seconds || a.unit - b.unit)
  return top === undefined ? list : list.slice(0, top)
}

/**
 * Units ranked by travel time to (lon, lat); `unitKind` per unit (UnitTracks.unitKind). The
 * model is rankUnitsBrute's, run backwards: a unit is a vehicle ON its nearest road (one edge),
 * the alert is reached on foot from any of its nearest edges (as timeToPoint), so the search
 * from the alert enters the network from all of those edges and meets each unit on its one.
 */
export function rankUnits(
  net: RoadNetwork, positions: readonly UnitPosition[], unitKind: Uint8Array, lon: number, lat: number, opts: RankOptions = {},
): RankedUnit[] {
  const walk = offRoadMps()
  const ax = projectX(net.proj, lon), ay = projectY(net.proj, lat)
  const alertHits = nearestEdges(net, ax, ay)
  const { seconds, metres } = shortestTimes(net, [{ x: ax, y: ay }], { metres: true, sourceEdges: NEAREST_EDGES })
  const m = metres!
  const out: RankedUnit[] = []
  for (const p of positions) {
    if (p.status === STATUS_OFFLINE && !opts.offline) continue
    const h = nearestEdgePoint(net, projectX(net.proj, p.lon), projectY(net.proj, p.lat))
    let best = Infinity, bestM = Infinity
    if (h) {
      const e = h.edge, sec = net.edgeSeconds[e], len = net.edgeLength[e], a = net.edgeFrom[e], b = net.edgeTo[e]
      const ta = seconds[a] + h.t * sec, tb = seconds[b] + (1 - h.t) * sec
      best = Math.min(ta, tb)
      bestM = ta <= tb ? m[a] + h.t * len : m[b] + (1 - h.t) * len
      // the alert reached straight along the unit's own edge
      for (const q of alertHits) {
        if (q.edge !== e) continue
        const d = Math.abs(h.t - q.t) * sec + q.distance / walk
        if (d < best) { best = d; bestM = Math.abs(h.t - q.t) * len + q.distance }
      }
      best += h.distance / walk
      bestM += h.distance
    }
    out.push({ unit: p.unit, seconds: paced(unitKind[p.unit], best, bestM), metres: bestM })
  }
  return rank(out, opts.top)
}

/** The same ranking the slow way: one Dijkstra from every unit to the alert. */
export function rankUnitsBrute(
  net: RoadNetwork, positions: readonly UnitPosition[], unitKind: Uint8Array, lon: number, lat: number, opts: RankOptions = {},
): RankedUnit[] {
  const tx = projectX(net.proj, lon), ty = projectY(net.proj, lat)
  const out: RankedUnit[] = []
  for (const p of positions) {
    if (p.status === STATUS_OFFLINE && !opts.offline) continue
    const src = { x: projectX(net.proj, p.lon), y: projectY(net.proj, p.lat) }
    const { seconds, metres } = shortestTimes(net, [src], { metres: true })
    const r = routeToPoint(net, seconds, metres!, tx, ty, { sources: [src] })
    out.push({ unit: p.unit, seconds: paced(unitKind[p.unit], r.seconds, r.metres), metres: r.metres })
  }
  return rank(out, opts.top)
}
