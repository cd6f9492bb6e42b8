/**
 * The route a unit drives to an alert, as a line for the map (issue 26, point 2): the same
 * model as rankUnits (unit-dispatch.ts), so the line's length is the ranking's distance_m. The
 * search runs from the alert (the roads are two-way), so the route is read backwards from the
 * unit: down the node times to the node where the search entered the network, then along that
 * edge to the point nearest the alert, then on foot to the alert.
 */
import {
  NEAREST_EDGES, nearestEdgePoint, nearestEdges, offRoadMps, shortestTimes, type RoadNetwork,
} from './road-network'
import { projectX, projectY, unprojectLat, unprojectLon } from './local-projection'

export interface UnitRoute {
  /** lon/lat from the unit to the alert */
  path: [number, number][]
  /** length of the line, metres */
  metres: number
}

/** The fastest route from (ulon, ulat) to the alert at (lon, lat); null when the roads do not connect them. */
export function unitRoute(net: RoadNetwork, lon: number, lat: number, ulon: number, ulat: number): UnitRoute | null {
  const { proj, nodeX, nodeY, edgeFrom, edgeTo, edgeSeconds, adjStart, adjTo, adjSeconds } = net
  const walk = offRoadMps()
  const ax = projectX(proj, lon), ay = projectY(proj, lat)
  const ux = projectX(proj, ulon), uy = projectY(proj, ulat)
  const alertHits = nearestEdges(net, ax, ay, NEAREST_EDGES)
  const h = nearestEdgePoint(net, ux, uy)
  if (!h || alertHits.length === 0) return null
  const { seconds } = shortestTimes(net, [{ x: ax, y: ay }], { sourceEdges: NEAREST_EDGES })
  const at = (e: number, t: number): [number, number] => [
    nodeX[edgeFrom[e]] + t * (nodeX[edgeTo[e]] - nodeX[edgeFrom[e]]), nodeY[edgeFrom[e]] + t * (nodeY[edgeTo[e]] - nodeY[edgeFrom[e]]),
  ]
  const xy: [number, number][] = [[ux, uy], at(h.edge, h.t)]
  const finish = (q: { edge: number; t: number }) => {
    xy.push(at(q.edge, q.t), [ax, ay])
    let metres = 0
    for (let k = 1; k < xy.length; k++) metres += Math.hypot(xy[k][0] - xy[k - 1][0], xy[k][1] - xy[k - 1][1])
    return { path: xy.map(([x, y]): [number, number] => [unprojectLon(proj, x), unprojectLat(proj, y)]), metres }
  }
  const e = h.edge, sec = edgeSeconds[e]
  const ta = seconds[edgeFrom[e]] + h.t * sec, tb = seconds[edgeTo[e]] + (1 - h.t) * sec
  let best = Math.min(ta, tb), direct: { edge: number; t: number } | null = null
  for (const q of alertHits) {
    if (q.edge !== e) continue
    const d = Math.abs(h.t - q.t) * sec + q.distance / walk
    if (d < best) { best = d; direct = q }
  }
  if (direct) return finish(direct)
  if (!Number.isFinite(best)) return null
  let n = ta <= tb ? edgeFrom[e] : edgeTo[e]
  for (let hops = 0; hops <= net.nodeCount; hops++) {
    xy.push([nodeX[n], nodeY[n]])
    // the search entered the network here: the edge it came in by leads to the alert
    for (const q of alertHits) {
      const off = q.distance / walk, qs = edgeSeconds[q.edge]
      if ((edgeFrom[q.edge] === n && off + q.t * qs === seconds[n]) || (edgeTo[q.edge] === n && off + (1 - q.t) * qs === seconds[n])) return finish(q)
    }
    let next = -1
    for (let k = adjStart[n]; k < adjStart[n + 1]; k++) {
      if (seconds[adjTo[k]] < seconds[n] && seconds[adjTo[k]] + adjSeconds[k] === seconds[n]) { next = adjTo[k]; break }
    }
    if (next < 0) return null
    n = next
  }
  return null
}
