/**
 * Road network for patrol response times: a noded, two-way graph in local metres, shortest
 * travel times from patrol cars (several at once) and the travel time to any point.
 *
 * Road data commonly draws streets as long straight lines that cross without a shared vertex,
 * so the lines are NODED first: every segment is split where another segment crosses it, where
 * another segment's end touches it (T-junctions, collinear overlaps) and at shared vertices;
 * nodes closer than snapM are merged. An edge is then one straight piece between two nodes,
 * which keeps "a point t along an edge" a plain linear interpolation.
 *
 * Times are seconds. A point off the road is reached on foot from the nearest road (the car
 * stops, the officer walks), at offRoadKmh.
 */
import Flatbush from 'flatbush'
import FlatQueue from 'flatqueue'
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson'
import { localProjection, projectX, projectY, type LocalProjection } from './local-projection'

export type RoadClass = 'main' | 'secondary' | 'back'

/**
 * Typical urban patrol-car speeds including junctions and traffic, not speed limits: a response
 * drive averages well below the posted 50–60 km/h on arterials once lights and turns are
 * counted (about 40), collectors are slower (30), and narrow back streets with parked cars,
 * pedestrians and e-bikes allow about 20. Deliberately conservative, so a response target
 * shown as met is met in practice.
 */
export const DEFAULT_SPEEDS_KMH: Readonly<Record<RoadClass, number>> = Object.freeze({ main: 40, secondary: 30, back: 20 })

/**
 * Dead ends within this distance of another road are joined to it. Drawn road centrelines
 * often stop at the kerb of the road they meet, not at its centreline: half a carriageway plus
 * the sidewalk, up to about 12 m for a main road (the demo's lanes stop 4 m short of secondary
 * and 12 m short of main roads). A lane ending that close to a road is a way onto it.
 */
export const DEFAULT_JOIN_M = 15

/** Walking from the car: brisk walk to jog, 10 km/h. */
export const DEFAULT_OFF_ROAD_KMH = 10

/** Edges considered around a point, so a point near a junction may use any road there. */
export const NEAREST_EDGES = 4

/**
 * Only edges within this distance compete for a point (beyond, the nearest edge alone): a road
 * hundreds of metres away behind the nearest one is not a way in on foot.
 */
export const EDGE_SEARCH_M = 250

export interface RoadNetwork {
  proj: LocalProjection            // metres, centred on the network
  nodeX: Float64Array; nodeY: Float64Array   // metres
  /** CSR adjacency: edges of node n are [adjStart[n], adjStart[n+1]) */
  adjStart: Uint32Array; adjTo: Uint32Array; adjSeconds: Float64Array; adjEdge: Uint32Array
  /** undirected edges: from, to, length m, seconds */
  edgeFrom: Uint32Array; edgeTo: Uint32Array; edgeLength: Float64Array; edgeSeconds: Float64Array
  nodeCount: number; edgeCount: number
}

const CLASSES: readonly RoadClass[] = ['main', 'secondary', 'back']

function lineParts(g: Geometry | null | undefined): Position[][] {
  if (!g) return []
  if (g.type === 'LineString') return [g.coordinates]
  if (g.type === 'MultiLineString') return g.coordinates
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(lineParts)
  return []
}

function roadClass(f: Feature): RoadClass {
  const c = f.properties?.class
  return typeof c === 'string' && (CLASSES as readonly string[]).includes(c) ? (c as RoadClass) : 'back'
}

/**
 * Build from LineString/MultiLineString features with a `class` property (unknown → back).
 * Other geometries and non-finite coordinates are skipped. Lines are noded at crossings,
 * touching ends and shared vertices; nodes closer than snapM (default 1 m) merge. Then each
 * dead end within joinM (default DEFAULT_JOIN_M, 0 to turn off) of another edge gets a
 * connecting edge, at its own road's speed, to the nearest point of that edge. Duplicate edges
 * between the same two nodes (overlapping roads) keep the fastest.
 */
export function buildRoadNetwork(
  fc: FeatureCollection,
  opts: { speeds?: Partial<Record<RoadClass, number>>; snapM?: number; joinM?: number } = {},
): RoadNetwork {
  const speeds = { ...DEFAULT_SPEEDS_KMH, ...opts.speeds }
  for (const c of CLASSES) if (!(speeds[c] > 0)) throw new Error(`speed for ${c} roads must be a positive km/h (got ${speeds[c]})`)
  if (opts.snapM !== undefined && !(opts.snapM >= 0)) throw new Error(`snapM must be a non-negative number of metres (got ${opts.snapM})`)
  // A floor well below any survey precision, so that the two computations of one crossing
  // point (from each segment) always merge even with snapM 0.
  const snap = Math.max(opts.snapM ?? 1, 1e-6)

  // Segments in lon/lat first, to centre the projection on the network.
  const segLonLat: number[] = []
  const segClass: number[] = []
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity
  for (const f of fc.features ?? []) {
    const cls = CLASSES.indexOf(roadClass(f))
    for (const line of lineParts(f.geometry)) {
      let prev: Position | null = null
      for (const p of line) {
        if (!(Number.isFinite(p[0]) && Number.isFinite(p[1]))) { prev = null; continue }
        if (p[0] < minLon) minLon = p[0]
        if (p[0] > maxLon) maxLon = p[0]
        if (p[1] < minLat) minLat = p[1]
        if (p[1] > maxLat) maxLat = p[1]
        if (prev && (prev[0] !== p[0] || prev[1] !== p[1])) {
          segLonLat.push(prev[0], prev[1], p[0], p[1])
          segClass.push(cls)
        }
        prev = p
      }
    }
  }
  const midLat = minLat <= maxLat ? (minLat + maxLat) / 2 : 0
  const proj = localProjection(minLon <= maxLon ? (minLon + maxLon) / 2 : 0, midLat, midLat)
  const segCount = segClass.length
  const seg = new Float64Array(segCount * 4)
  for (let i = 0; i < segCount * 4; i += 2) {
    seg[i] = projectX(proj, segLonLat[i])
    seg[i + 1] = projectY(proj, segLonLat[i + 1])
  }

  // Split parameters per segment: its ends plus every crossing / touching point.
  const splits: number[][] = Array.from({ length: segCount }, () => [0, 1])
  if (segCount > 0) {
    const tree = new Flatbush(segCount)
    for (let i = 0; i < segCount; i++) {
      const b = i * 4
      tree.add(Math.min(seg[b], seg[b + 2]) - snap, Math.min(seg[b + 1], seg[b + 3]) - snap,
        Math.max(seg[b], seg[b + 2]) + snap, Math.max(seg[b + 1], seg[b + 3]) + snap)
    }
    tree.finish()
    for (let i = 0; i < segCount; i++) {
      const b = i * 4
      const ax = seg[b], ay = seg[b + 1], bx = seg[b + 2], by = seg[b + 3]
      for (const j of tree.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) {
        if (j <= i) continue
        nodeSegments(seg, i, j, snap, splits)
      }
    }
  }

  // Nodes: every split point, merged within snap through a hash grid of snap-sized cells.
  const nodeXs: number[] = []
  const nodeYs: number[] = []
  const cellSize = snap
  const hash = new Map<string, number[]>()
  const nodeAt = (x: number, y: number): number => {
    const cx = Math.floor(x / cellSize), cy = Math.floor(y / cellSize)
    let best = -1, bestD = snap * snap
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = hash.get(`${cx + dx},${cy + dy}`)
        if (!list) continue
        for (const n of list) {
          const d = (nodeXs[n] - x) ** 2 + (nodeYs[n] - y) ** 2
          if (d <= bestD) { bestD = d; best = n }
        }
      }
    }
    if (best >= 0) return best
    const n = nodeXs.length
    nodeXs.push(x)
    nodeYs.push(y)
    const key = `${cx},${cy}`
    const list = hash.get(key)
    if (list) list.push(n)
    else hash.set(key, [n])
    return n
  }

  const edgeByPair = new Map<number, number>()
  const eFrom: number[] = [], eTo: number[] = [], eLen: number[] = [], eSec: number[] = []
  const dead: boolean[] = []
  // Pair keys as one number: fine below 2^26 nodes.
  const PAIR = 2 ** 26
  const addEdge = (a: number, b: number, mps: number) => {
    if (a === b) return
    const len = Math.hypot(nodeXs[b] - nodeXs[a], nodeYs[b] - nodeYs[a])
    const sec = len / mps
    const key = Math.min(a, b) * PAIR + Math.max(a, b)
    const existing = edgeByPair.get(key)
    if (existing === undefined) {
      edgeByPair.set(key, eFrom.length)
      eFrom.push(a); eTo.push(b); eLen.push(len); eSec.push(sec); dead.push(false)
    } else if (sec < eSec[existing]) {
      eSec[existing] = sec
    }
  }
  for (let i = 0; i < segCount; i++) {
    const b = i * 4
    const ax = seg[b], ay = seg[b + 1], dx = seg[b + 2] - ax, dy = seg[b + 3] - ay
    const ts = splits[i].sort((p, q) => p - q)
    const mps = speeds[CLASSES[segClass[i]]] / 3.6
    let prev = nodeAt(ax, ay)
    for (let k = 1; k < ts.length; k++) {
      if (ts[k] === ts[k - 1]) continue
      const n = nodeAt(ax + ts[k] * dx, ay + ts[k] * dy)
      addEdge(prev, n, mps)
      prev = n
    }
  }

  // Dead ends close to another road: join them to the nearest point of it (splitting that edge).
  const joinM = opts.joinM ?? DEFAULT_JOIN_M
  if (!(joinM >= 0)) throw new Error(`joinM must be a non-negative number of metres (got ${opts.joinM})`)
  if (joinM > snap && eFrom.length > 0) {
    const degree = new Uint32Array(nodeXs.length)
    const incident = new Int32Array(nodeXs.length).fill(-1)
    for (let e = 0; e < eFrom.length; e++) {
      degree[eFrom[e]]++; degree[eTo[e]]++
      incident[eFrom[e]] = e; incident[eTo[e]] = e
    }
    const tree = new Flatbush(eFrom.length)
    for (let e = 0; e < eFrom.length; e++) {
      const a = eFrom[e], b = eTo[e]
      tree.add(Math.min(nodeXs[a], nodeXs[b]), Math.min(nodeYs[a], nodeYs[b]), Math.max(nodeXs[a], nodeXs[b]), Math.max(nodeYs[a], nodeYs[b]))
    }
    tree.finish()
    const edgeSplits = new Map<number, number[]>()
    const joins: { node: number; x: number; y: number; mps: number }[] = []
    const nodeCount0 = nodeXs.length
    for (let n = 0; n < nodeCount0; n++) {
      if (degree[n] !== 1) continue
      const x = nodeXs[n], y = nodeYs[n]
      let bestE = -1, bestT = 0, bestD = joinM
      for (const e of tree.search(x - joinM, y - joinM, x + joinM, y + joinM)) {
        if (e === incident[n]) continue
        const ax = nodeXs[eFrom[e]], ay = nodeYs[eFrom[e]], dx = nodeXs[eTo[e]] - ax, dy = nodeYs[eTo[e]] - ay
        const len2 = dx * dx + dy * dy
        let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0
        t = t < 0 ? 0 : t > 1 ? 1 : t
        const d = Math.hypot(ax + t * dx - x, ay + t * dy - y)
        if (d < bestD || (d === bestD && bestE >= 0 && e < bestE)) { bestE = e; bestT = t; bestD = d }
      }
      if (bestE < 0) continue
      const e = bestE
      const ax = nodeXs[eFrom[e]], ay = nodeYs[eFrom[e]]
      const px = ax + bestT * (nodeXs[eTo[e]] - ax), py = ay + bestT * (nodeYs[eTo[e]] - ay)
      if (bestT > 0 && bestT < 1) {
        const list = edgeSplits.get(e)
        if (list) list.push(bestT)
        else edgeSplits.set(e, [bestT])
      }
      const own = incident[n]
      joins.push({ node: n, x: px, y: py, mps: eLen[own] > 0 ? eLen[own] / eSec[own] : speeds.back / 3.6 })
    }
    for (const [e, ts] of edgeSplits) {
      const a = eFrom[e], b = eTo[e]
      const ax = nodeXs[a], ay = nodeYs[a], dx = nodeXs[b] - ax, dy = nodeYs[b] - ay
      const mps = eLen[e] / eSec[e]
      dead[e] = true
      edgeByPair.delete(Math.min(a, b) * PAIR + Math.max(a, b))
      ts.sort((p, q) => p - q)
      let prev = a
      for (const t of ts) {
        const m = nodeAt(ax + t * dx, ay + t * dy)
        addEdge(prev, m, mps)
        prev = m
      }
      addEdge(prev, b, mps)
    }
    for (const j of joins) addEdge(j.node, nodeAt(j.x, j.y), j.mps)
  }

  const keep = dead.map((d) => !d)
  const pick = <T>(v: T[]) => v.filter((_, e) => keep[e])
  return assemble(proj, Float64Array.from(nodeXs), Float64Array.from(nodeYs), pick(eFrom), pick(eTo), pick(eLen), pick(eSec))
}

/**
 * Adds to splits[i] and splits[j] the parameters where segments i and j meet: a proper
 * crossing, or an end of one within snap of the other (which covers T-junctions, shared
 * vertices and collinear overlaps).
 */
function nodeSegments(seg: Float64Array, i: number, j: number, snap: number, splits: number[][]): void {
  const a = i * 4, b = j * 4
  const px = seg[a], py = seg[a + 1], rx = seg[a + 2] - px, ry = seg[a + 3] - py
  const qx = seg[b], qy = seg[b + 1], sx = seg[b + 2] - qx, sy = seg[b + 3] - qy
  // Ends touching the other segment.
  touch(seg, b, px, py, splits[j], snap)
  touch(seg, b, px + rx, py + ry, splits[j], snap)
  touch(seg, a, qx, qy, splits[i], snap)
  touch(seg, a, qx + sx, qy + sy, splits[i], snap)
  const den = rx * sy - ry * sx
  // Parallel segments meet only end-on or overlapping, both handled by touch().
  if (Math.abs(den) <= 1e-12 * Math.hypot(rx, ry) * Math.hypot(sx, sy)) return
  const wx = qx - px, wy = qy - py
  const t = (wx * sy - wy * sx) / den
  const u = (wx * ry - wy * rx) / den
  // Strictly inside both: touching ends were handled above with the snap tolerance.
  if (t > 0 && t < 1 && u > 0 && u < 1) {
    splits[i].push(t)
    splits[j].push(u)
  }
}

function touch(seg: Float64Array, s: number, x: number, y: number, out: number[], snap: number): void {
  const ax = seg[s], ay = seg[s + 1], dx = seg[s + 2] - ax, dy = seg[s + 3] - ay
  const len2 = dx * dx + dy * dy
  const t = ((x - ax) * dx + (y - ay) * dy) / len2
  if (!(t > 0 && t < 1)) return
  const ex = ax + t * dx - x, ey = ay + t * dy - y
  if (ex * ex + ey * ey <= snap * snap) out.push(t)
}

function assemble(
  proj: LocalProjection, nodeX: Float64Array, nodeY: Float64Array,
  eFrom: number[], eTo: number[], eLen: number[], eSec: number[],
): RoadNetwork {
  const nodeCount = nodeX.length
  const edgeCount = eFrom.length
  const adjStart = new Uint32Array(nodeCount + 1)
  for (let e = 0; e < edgeCount; e++) { adjStart[eFrom[e] + 1]++; adjStart[eTo[e] + 1]++ }
  for (let n = 0; n < nodeCount; n++) adjStart[n + 1] += adjStart[n]
  const fill = adjStart.slice(0, nodeCount)
  const adjTo = new Uint32Array(edgeCount * 2)
  const adjSeconds = new Float64Array(edgeCount * 2)
  const adjEdge = new Uint32Array(edgeCount * 2)
  for (let e = 0; e < edgeCount; e++) {
    let k = fill[eFrom[e]]++
    adjTo[k] = eTo[e]; adjSeconds[k] = eSec[e]; adjEdge[k] = e
    k = fill[eTo[e]]++
    adjTo[k] = eFrom[e]; adjSeconds[k] = eSec[e]; adjEdge[k] = e
  }
  return {
    proj, nodeX, nodeY, adjStart, adjTo, adjSeconds, adjEdge,
    edgeFrom: Uint32Array.from(eFrom), edgeTo: Uint32Array.from(eTo),
    edgeLength: Float64Array.from(eLen), edgeSeconds: Float64Array.from(eSec),
    nodeCount, edgeCount,
  }
}

// ---------------------------------------------------------------------------------------------
// Nearest edges

/** Flatbush over edge boxes, built once per network (the network object is immutable). */
const edgeTrees = new WeakMap<RoadNetwork, Flatbush | null>()

export function edgeTree(net: RoadNetwork): Flatbush | null {
  let tree = edgeTrees.get(net)
  if (tree !== undefined) return tree
  tree = null
  if (net.edgeCount > 0) {
    tree = new Flatbush(net.edgeCount)
    const { nodeX, nodeY, edgeFrom, edgeTo } = net
    for (let e = 0; e < net.edgeCount; e++) {
      const a = edgeFrom[e], b = edgeTo[e]
      tree.add(Math.min(nodeX[a], nodeX[b]), Math.min(nodeY[a], nodeY[b]), Math.max(nodeX[a], nodeX[b]), Math.max(nodeY[a], nodeY[b]))
    }
    tree.finish()
  }
  edgeTrees.set(net, tree)
  return tree
}

/** Parameter t (0 at edgeFrom, 1 at edgeTo) of the point on edge e closest to (x, y), and the distance. */
export function projectOnEdge(net: RoadNetwork, e: number, x: number, y: number): { t: number; distance: number } {
  const a = net.edgeFrom[e], b = net.edgeTo[e]
  const ax = net.nodeX[a], ay = net.nodeY[a], dx = net.nodeX[b] - ax, dy = net.nodeY[b] - ay
  const len2 = dx * dx + dy * dy
  let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0
  t = t < 0 ? 0 : t > 1 ? 1 : t
  const ex = ax + t * dx - x, ey = ay + t * dy - y
  return { t, distance: Math.sqrt(ex * ex + ey * ey) }
}

export interface EdgeHit { edge: number; t: number; distance: number }

/**
 * The k nearest edges to (x, y) among those within searchM, nearest first; when none is that
 * close, the nearest edge alone. Empty for a network without edges or a non-finite point.
 */
export function nearestEdges(net: RoadNetwork, x: number, y: number, k = NEAREST_EDGES, searchM = EDGE_SEARCH_M): EdgeHit[] {
  const tree = edgeTree(net)
  if (!tree || !(Number.isFinite(x) && Number.isFinite(y))) return []
  const hits: EdgeHit[] = []
  for (const e of tree.search(x - searchM, y - searchM, x + searchM, y + searchM)) {
    const p = projectOnEdge(net, e, x, y)
    if (p.distance <= searchM) hits.push({ edge: e, t: p.t, distance: p.distance })
  }
  if (hits.length > 0) {
    hits.sort((p, q) => p.distance - q.distance || p.edge - q.edge)
    return hits.slice(0, k)
  }
  // Far from every road: widen until the box holds an edge whose true distance is within it.
  const span = Math.max(tree.maxX - tree.minX, tree.maxY - tree.minY)
  const far = Math.max(Math.abs(x - (tree.minX + tree.maxX) / 2), Math.abs(y - (tree.minY + tree.maxY) / 2))
  let best: EdgeHit | null = null
  for (let r = searchM * 2; ; r *= 2) {
    for (const e of tree.search(x - r, y - r, x + r, y + r)) {
      const p = projectOnEdge(net, e, x, y)
      if (!best || p.distance < best.distance || (p.distance === best.distance && e < best.edge)) best = { edge: e, t: p.t, distance: p.distance }
    }
    if ((best && best.distance <= r) || r > 2 * (span + far)) break
  }
  return best ? [best] : []
}

/** Nearest point ON an edge (not only nodes) to (x, y): edge index, t along it, distance m. */
export function nearestEdgePoint(net: RoadNetwork, x: number, y: number): { edge: number; t: number; distance: number } | null {
  return nearestEdges(net, x, y, 1)[0] ?? null
}

// ---------------------------------------------------------------------------------------------
// Shortest times

/**
 * Dijkstra (flatqueue: a binary heap on typed arrays; lazy deletion) from several sources, each snapped onto
 * its nearest edge and entering at both ends with the partial edge time, plus the walk from the
 * source to the road. Returns seconds per node (Infinity when unreachable or past maxSeconds)
 * and, per node, the index of the source that reaches it first (-1 when none).
 */
export function shortestTimes(
  net: RoadNetwork,
  sources: { x: number; y: number }[],
  opts: {
    offRoadKmh?: number; maxSeconds?: number; metres?: boolean
    /** enter the network from each source's `sourceEdges` nearest edges (nearestEdges), not only the nearest (default 1) */
    sourceEdges?: number
  } = {},
): { seconds: Float64Array; source: Int32Array; metres?: Float64Array } {
  const walk = offRoadMps(opts.offRoadKmh)
  const maxSeconds = opts.maxSeconds ?? Infinity
  const seconds = new Float64Array(net.nodeCount).fill(Infinity)
  const source = new Int32Array(net.nodeCount).fill(-1)
  // The length of the fastest route (not the shortest one), for a dispatcher's "2.3 km".
  const metres = opts.metres ? new Float64Array(net.nodeCount).fill(Infinity) : null
  // Each relaxation pushes at most once, so 2 per arc plus 2 per source entry bounds the heap.
  const heap = new FlatQueue<number>(net.edgeCount * 2 + sources.length * 2 * (opts.sourceEdges ?? 1) + 1)
  const seed = (n: number, s: number, time: number, m: number) => {
    if (time < seconds[n] && time <= maxSeconds) {
      seconds[n] = time; source[n] = s; heap.push(n, time)
      if (metres) metres[n] = m
    }
  }
  sources.forEach((p, s) => {
    for (const hit of nearestEdges(net, p.x, p.y, opts.sourceEdges ?? 1)) {
      const off = hit.distance / walk
      const sec = net.edgeSeconds[hit.edge], len = net.edgeLength[hit.edge]
      seed(net.edgeFrom[hit.edge], s, off + hit.t * sec, hit.distance + hit.t * len)
      seed(net.edgeTo[hit.edge], s, off + (1 - hit.t) * sec, hit.distance + (1 - hit.t) * len)
    }
  })
  const { adjStart, adjTo, adjSeconds, adjEdge, edgeLength } = net
  while (heap.length > 0) {
    const time = heap.peekValue() as number
    const n = heap.pop() as number
    if (time > seconds[n]) continue
    for (let k = adjStart[n], end = adjStart[n + 1]; k < end; k++) {
      const m = adjTo[k]
      const t = time + adjSeconds[k]
      if (t < seconds[m] && t <= maxSeconds) {
        seconds[m] = t; source[m] = source[n]; heap.push(m, t)
        if (metres) metres[m] = metres[n] + edgeLength[adjEdge[k]]
      }
    }
  }
  return metres ? { seconds, source, metres } : { seconds, source }
}

export function offRoadMps(kmh = DEFAULT_OFF_ROAD_KMH): number {
  if (!(kmh > 0)) throw new Error(`off-road speed must be a positive km/h (got ${kmh})`)
  return kmh / 3.6
}

// ---------------------------------------------------------------------------------------------
// Time to a point

/**
 * Travel time to an arbitrary point: over its nearest edges (nearestEdges: up to 4 within
 * 250 m), the minimum of node time + partial edge time + walk from the road to the point.
 * With `sources` (the same list given to shortestTimes), a source snapped to the same edge is
 * also reached directly along that edge, which node times alone would miss.
 */
export function timeToPoint(
  net: RoadNetwork,
  times: Float64Array,
  x: number,
  y: number,
  opts: { offRoadKmh?: number; sources?: { x: number; y: number }[] } = {},
): number {
  return routeToPoint(net, times, null, x, y, opts).seconds
}

/**
 * timeToPoint with the length of that fastest route too: `metres` are shortestTimes(…, { metres:
 * true }).metres (null: metres NaN; unreachable: Infinity). The walk off the road counts in both.
 */
export function routeToPoint(
  net: RoadNetwork,
  times: Float64Array,
  metres: Float64Array | null,
  x: number,
  y: number,
  opts: { offRoadKmh?: number; sources?: { x: number; y: number }[] } = {},
): { seconds: number; metres: number } {
  const walk = offRoadMps(opts.offRoadKmh)
  const snapped = opts.sources ? snapSources(net, opts.sources, walk) : null
  let best = Infinity, bestM = metres ? Infinity : NaN
  for (const h of nearestEdges(net, x, y)) {
    const e = h.edge, sec = net.edgeSeconds[e], len = net.edgeLength[e], off = h.distance / walk
    const a = times[net.edgeFrom[e]] + h.t * sec
    const b = times[net.edgeTo[e]] + (1 - h.t) * sec
    const t = (a < b ? a : b) + off
    if (t < best) {
      best = t
      bestM = metres ? (a < b ? metres[net.edgeFrom[e]] + h.t * len : metres[net.edgeTo[e]] + (1 - h.t) * len) + h.distance : NaN
    }
    if (snapped) {
      for (const s of snapped) {
        if (s.edge !== e) continue
        const d = s.off + Math.abs(h.t - s.t) * sec + off
        if (d < best) { best = d; bestM = s.off * walk + Math.abs(h.t - s.t) * len + h.distance }
      }
    }
  }
  return { seconds: best, metres: bestM }
}

/** Time to the point t along edge e, plus an extra (walking) time. */
export function edgeTime(net: RoadNetwork, times: Float64Array, e: number, t: number, extra: number): number {
  const sec = net.edgeSeconds[e]
  const a = times[net.edgeFrom[e]] + t * sec
  const b = times[net.edgeTo[e]] + (1 - t) * sec
  return (a < b ? a : b) + extra
}

export interface SnappedSource { edge: number; t: number; /** walking time from the source to the road */ off: number }

export function snapSources(net: RoadNetwork, sources: { x: number; y: number }[], walkMps: number): SnappedSource[] {
  const out: SnappedSource[] = []
  for (const p of sources) {
    const hit = nearestEdgePoint(net, p.x, p.y)
    if (hit) out.push({ edge: hit.edge, t: hit.t, off: hit.distance / walkMps })
  }
  return out
}
