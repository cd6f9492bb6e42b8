import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Feature, FeatureCollection, LineString, MultiLineString, Point } from 'geojson'
import { describe, expect, it } from 'vitest'
import { localProjection, projectX, projectY, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import {
  DEFAULT_SPEEDS_KMH, buildRoadNetwork, nearestEdgePoint, shortestTimes, timeToPoint, type RoadClass, type RoadNetwork,
} from '../../../src/core/road-network'

// Fixtures are drawn in metres in P and converted to lon/lat. They are symmetric in y about 0,
// so the network's own projection (centred on its bbox) has the same latRef and hence the same
// scale: net coordinates are P coordinates shifted in x, and lengths are exact.
const P = localProjection(119, 36.7, 36.7)
type XY = [number, number]
const ll = ([x, y]: XY): [number, number] => [unprojectLon(P, x), unprojectLat(P, y)]
const road = (cls: string | undefined, ...pts: XY[]): Feature<LineString> => ({
  type: 'Feature', properties: cls === undefined ? {} : { class: cls }, geometry: { type: 'LineString', coordinates: pts.map(ll) },
})
const fcOf = (...features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })
const toNet = (net: RoadNetwork, [x, y]: XY) => ({ x: projectX(net.proj, unprojectLon(P, x)), y: projectY(net.proj, unprojectLat(P, y)) })
function nodeAt(net: RoadNetwork, p: XY): number {
  const q = toNet(net, p)
  for (let n = 0; n < net.nodeCount; n++) if (Math.hypot(net.nodeX[n] - q.x, net.nodeY[n] - q.y) < 1e-6) return n
  return -1
}
const mps = (c: RoadClass) => DEFAULT_SPEEDS_KMH[c] / 3.6
const WALK = 10 / 3.6

/**
 * A plus sign: main road A west–east (−500,0)–(500,0) and secondary road B south–north
 * (0,−500)–(0,500), crossing at the origin with no shared vertex; and a separate back-street L
 * (2000,−400)–(2000,400)–(2600,400). A: 500 m = 45 s per arm; B: 500 m = 60 s per arm.
 */
const PLUS = fcOf(
  road('main', [-500, 0], [500, 0]),
  road('secondary', [0, -500], [0, 500]),
  road('back', [2000, -400], [2000, 400], [2600, 400]),
)

describe('buildRoadNetwork', () => {
  const net = buildRoadNetwork(PLUS)

  it('nodes two roads crossing without a shared vertex', () => {
    expect(net.nodeCount).toBe(8)
    expect(net.edgeCount).toBe(6)
    const c = nodeAt(net, [0, 0])
    expect(c).toBeGreaterThanOrEqual(0)
    expect(net.adjStart[c + 1] - net.adjStart[c]).toBe(4)
    for (const p of [[-500, 0], [500, 0], [0, -500], [0, 500], [2000, -400], [2000, 400], [2600, 400]] as XY[]) expect(nodeAt(net, p)).toBeGreaterThanOrEqual(0)
    const total = net.edgeLength.reduce((s, v) => s + v, 0)
    expect(total).toBeCloseTo(1000 + 1000 + 800 + 600, 6)
  })

  it('edge times are length / class speed', () => {
    for (let e = 0; e < net.edgeCount; e++) {
      const speeds = [mps('main'), mps('secondary'), mps('back')].map((v) => net.edgeLength[e] / v)
      expect(speeds.some((s) => Math.abs(s - net.edgeSeconds[e]) < 1e-9)).toBe(true)
    }
    const c = nodeAt(net, [0, 0]), w = nodeAt(net, [-500, 0]), n = nodeAt(net, [0, 500])
    const edgeBetween = (a: number, b: number) => {
      for (let k = net.adjStart[a]; k < net.adjStart[a + 1]; k++) if (net.adjTo[k] === b) return net.adjSeconds[k]
      return NaN
    }
    expect(edgeBetween(c, w)).toBeCloseTo(45, 9)
    expect(edgeBetween(w, c)).toBeCloseTo(45, 9)
    expect(edgeBetween(c, n)).toBeCloseTo(60, 9)
  })

  it('joins shared vertices, T-junctions within snapM, and keeps the fastest of overlapping roads', () => {
    const net2 = buildRoadNetwork(fcOf(
      road('back', [-500, -100], [0, -100]),
      road('back', [0, -100], [500, -100]), // shares the vertex (0,−100)
      road('back', [200, 100], [200, -99.5]), // ends 0.5 m short of the first line
      road('main', [0, -100], [500, -100]), // same as the second, faster
    ))
    expect(net2.nodeCount).toBe(5)
    expect(net2.edgeCount).toBe(4)
    const { seconds } = shortestTimes(net2, [toNet(net2, [-500, -100])])
    expect(seconds[nodeAt(net2, [500, -100])]).toBeCloseTo(500 / mps('back') + 500 / mps('main'), 9)
    // (200,−100) is a new node; the T road's end merged into it.
    expect(seconds[nodeAt(net2, [200, -100])]).toBeCloseTo(500 / mps('back') + 200 / mps('main'), 9)
  })

  it('joins a dead end within joinM of another road, not one farther away, and not with joinM 0', () => {
    const roads = fcOf(
      road('main', [-500, 0], [500, 0]),
      road('back', [100, 10], [100, 300]), // 10 m short of A
      road('back', [-100, -20], [-100, -300]), // 20 m short of A
    )
    const joined = buildRoadNetwork(roads)
    const s = shortestTimes(joined, [toNet(joined, [-500, 0])]).seconds
    expect(s[nodeAt(joined, [100, 300])]).toBeCloseTo(600 / mps('main') + 300 / mps('back'), 9)
    expect(s[nodeAt(joined, [-100, -300])]).toBe(Infinity)
    const strict = buildRoadNetwork(roads, { joinM: 0 })
    expect(shortestTimes(strict, [toNet(strict, [-500, 0])]).seconds[nodeAt(strict, [100, 300])]).toBe(Infinity)
  })

  it('reads MultiLineString, defaults unknown classes to back, applies custom speeds', () => {
    const multi: Feature<MultiLineString> = {
      type: 'Feature', properties: { class: 'motorway' },
      geometry: { type: 'MultiLineString', coordinates: [[ll([-500, 0]), ll([500, 0])], [ll([0, -500]), ll([0, 500])]] },
    }
    const net3 = buildRoadNetwork(fcOf(multi, road(undefined, [600, 0], [600, 100])), { speeds: { back: 36 }, joinM: 0 })
    expect(net3.edgeCount).toBe(5)
    for (let e = 0; e < net3.edgeCount; e++) expect(net3.edgeSeconds[e]).toBeCloseTo(net3.edgeLength[e] / 10, 9)
  })

  it('an empty collection gives an empty network that answers Infinity', () => {
    const empty = buildRoadNetwork(fcOf())
    expect(empty.nodeCount).toBe(0)
    expect(nearestEdgePoint(empty, 0, 0)).toBeNull()
    expect(timeToPoint(empty, shortestTimes(empty, [{ x: 0, y: 0 }]).seconds, 1, 1)).toBe(Infinity)
  })

  it('a source or point with NaN coordinates is ignored / unreachable', () => {
    const net = buildRoadNetwork(PLUS)
    expect(nearestEdgePoint(net, NaN, 0)).toBeNull()
    const { seconds } = shortestTimes(net, [{ x: NaN, y: NaN }])
    expect(seconds.every((s) => s === Infinity)).toBe(true)
    expect(timeToPoint(net, shortestTimes(net, [toNet(net, [-500, 0])]).seconds, NaN, 0)).toBe(Infinity)
  })
})

describe('shortestTimes and timeToPoint on the plus', () => {
  const net = buildRoadNetwork(PLUS)
  const at = (p: XY) => nodeAt(net, p)

  it('from a node: distance / speed at every node, Infinity on the other component', () => {
    const { seconds, source } = shortestTimes(net, [toNet(net, [-500, 0])])
    expect(seconds[at([-500, 0])]).toBeCloseTo(0, 9)
    expect(seconds[at([0, 0])]).toBeCloseTo(45, 9)
    expect(seconds[at([500, 0])]).toBeCloseTo(90, 9)
    expect(seconds[at([0, 500])]).toBeCloseTo(105, 9)
    expect(seconds[at([0, -500])]).toBeCloseTo(105, 9)
    for (const p of [[2000, -400], [2000, 400], [2600, 400]] as XY[]) {
      expect(seconds[at(p)]).toBe(Infinity)
      expect(source[at(p)]).toBe(-1)
    }
  })

  it('a source in the middle of an edge enters at both ends with the partial time', () => {
    const { seconds } = shortestTimes(net, [toNet(net, [-250, 0])])
    expect(seconds[at([-500, 0])]).toBeCloseTo(22.5, 9)
    expect(seconds[at([0, 0])]).toBeCloseTo(22.5, 9)
    expect(seconds[at([500, 0])]).toBeCloseTo(67.5, 9)
    expect(seconds[at([0, 500])]).toBeCloseTo(82.5, 9)
  })

  it('a source off the road walks to it first (10 km/h)', () => {
    const { seconds } = shortestTimes(net, [toNet(net, [-250, 100])])
    expect(seconds[at([0, 0])]).toBeCloseTo(100 / WALK + 22.5, 9)
    const slow = shortestTimes(net, [toNet(net, [-250, 100])], { offRoadKmh: 5 }).seconds
    expect(slow[at([0, 0])]).toBeCloseTo(72 + 22.5, 9)
  })

  it('several sources: the nearest in time wins each node', () => {
    const { seconds, source } = shortestTimes(net, [toNet(net, [-500, 0]), toNet(net, [0, 500]), toNet(net, [2600, 400])])
    expect(source[at([-500, 0])]).toBe(0)
    expect(source[at([0, 0])]).toBe(0) // 45 s from the west end against 60 s from the north end
    expect(seconds[at([0, 0])]).toBeCloseTo(45, 9)
    expect(source[at([0, 500])]).toBe(1)
    expect(source[at([0, -500])]).toBe(0) // 105 against 120
    expect(source[at([2000, -400])]).toBe(2)
    expect(seconds[at([2000, -400])]).toBeCloseTo(1400 / mps('back'), 9)
  })

  it('maxSeconds leaves farther nodes at Infinity', () => {
    const { seconds } = shortestTimes(net, [toNet(net, [-500, 0])], { maxSeconds: 95 })
    expect(seconds[at([500, 0])]).toBeCloseTo(90, 9)
    expect(seconds[at([0, 500])]).toBe(Infinity)
  })

  it('nearestEdgePoint finds the point on the edge, not the nearest node', () => {
    const q = toNet(net, [250, -40])
    const hit = nearestEdgePoint(net, q.x, q.y)!
    expect(hit.distance).toBeCloseTo(40, 9)
    const a = net.edgeFrom[hit.edge], b = net.edgeTo[hit.edge]
    const px = net.nodeX[a] + hit.t * (net.nodeX[b] - net.nodeX[a]), py = net.nodeY[a] + hit.t * (net.nodeY[b] - net.nodeY[a])
    const want = toNet(net, [250, 0])
    expect(px).toBeCloseTo(want.x, 6)
    expect(py).toBeCloseTo(want.y, 6)
  })

  it('timeToPoint: node time + partial edge + walk, over several nearest edges', () => {
    const times = shortestTimes(net, [toNet(net, [0, -500])]).seconds // centre at 60 s
    const p = (xy: XY) => { const q = toNet(net, xy); return timeToPoint(net, times, q.x, q.y) }
    // On road A, 250 m east of the centre.
    expect(p([250, 0])).toBeCloseTo(60 + 22.5, 9)
    // Off road 40 m: + 14.4 s walking.
    expect(p([250, -40])).toBeCloseTo(60 + 22.5 + 14.4, 9)
    // (28, 30): B is nearest (28 m): 60 + 30/(30 km/h) + 28/(10 km/h) = 73.68; A (30 m) is
    // quicker: 60 + 28/(40 km/h) + 30/(10 km/h) = 73.32.
    expect(p([28, 30])).toBeCloseTo(73.32, 9)
    // The unreachable component.
    expect(p([2300, 420])).toBe(Infinity)
  })

  it('timeToPoint with sources: a point on the source edge is reached directly', () => {
    const src = [toNet(net, [-400, 0])]
    const times = shortestTimes(net, src).seconds
    const q = toNet(net, [-100, 0])
    // Via the centre node: 36 + 9 = 45 s; straight along the edge: 300 m = 27 s.
    expect(timeToPoint(net, times, q.x, q.y)).toBeCloseTo(45, 9)
    expect(timeToPoint(net, times, q.x, q.y, { sources: src })).toBeCloseTo(27, 9)
  })
})

// ---------------------------------------------------------------------------------------------
// Demo district

const DEMO = join(resolve(__dirname, '../../..'), 'geodata/demo')
const demoFc = <T extends FeatureCollection>(f: string) => JSON.parse(readFileSync(join(DEMO, f), 'utf8')) as T

/** Plain O(V²) Dijkstra over the CSR arrays, as a reference. */
function referenceTimes(net: RoadNetwork, init: Map<number, number>): Float64Array {
  const d = new Float64Array(net.nodeCount).fill(Infinity)
  const done = new Uint8Array(net.nodeCount)
  for (const [n, t] of init) d[n] = Math.min(d[n], t)
  for (;;) {
    let u = -1
    for (let n = 0; n < net.nodeCount; n++) if (!done[n] && d[n] < Infinity && (u < 0 || d[n] < d[u])) u = n
    if (u < 0) return d
    done[u] = 1
    for (let k = net.adjStart[u]; k < net.adjStart[u + 1]; k++) d[net.adjTo[k]] = Math.min(d[net.adjTo[k]], d[u] + net.adjSeconds[k])
  }
}

describe('demo road network', () => {
  const roads = demoFc<FeatureCollection>('roads.geojson')
  const stations = demoFc<FeatureCollection<Point>>('stations.geojson')
  const net = buildRoadNetwork(roads)

  function components(n: RoadNetwork): number[] {
    const comp = new Int32Array(n.nodeCount).fill(-1)
    const sizes: number[] = []
    for (let s = 0; s < n.nodeCount; s++) {
      if (comp[s] >= 0) continue
      const stack = [s]
      comp[s] = sizes.length
      let size = 0
      while (stack.length) {
        const u = stack.pop()!
        size++
        for (let k = n.adjStart[u]; k < n.adjStart[u + 1]; k++) if (comp[n.adjTo[k]] < 0) { comp[n.adjTo[k]] = sizes.length; stack.push(n.adjTo[k]) }
      }
      sizes.push(size)
    }
    return sizes.sort((a, b) => b - a)
  }

  it('builds a noded, mostly connected network', () => {
    const sizes = components(net)
    const strict = buildRoadNetwork(roads, { joinM: 0 })
    const strictSizes = components(strict)
    console.log(`demo roads: ${net.nodeCount} nodes, ${net.edgeCount} edges, ${sizes.length} components (largest ${sizes[0]}); ` +
      `without joining dead ends: ${strict.nodeCount} nodes, ${strict.edgeCount} edges, ${strictSizes.length} components (largest ${strictSizes[0]})`)
    // 687 vertices on 262 lines, plus hundreds of crossings.
    expect(net.nodeCount).toBeGreaterThan(800)
    expect(net.edgeCount).toBeGreaterThan(net.nodeCount)
    expect(sizes[0] / net.nodeCount).toBeGreaterThan(0.95)
    // The demo's back lanes stop 4–12 m short of the road they meet: without joining, the
    // network falls apart.
    expect(strictSizes.length).toBeGreaterThan(30)
    // Total length is the drawn length (433 km) plus the short joins.
    const total = net.edgeLength.reduce((s, v) => s + v, 0)
    expect(total).toBeGreaterThan(432_000)
    expect(total).toBeLessThan(436_000)
  })

  it('every station is on the main component, within 50 m of a road', () => {
    const sizes = components(net)
    const pts = stations.features.map((f) => ({ x: projectX(net.proj, f.geometry.coordinates[0]), y: projectY(net.proj, f.geometry.coordinates[1]) }))
    for (const p of pts) {
      expect(nearestEdgePoint(net, p.x, p.y)!.distance).toBeLessThan(50)
      const { seconds } = shortestTimes(net, [p])
      let reached = 0
      for (const s of seconds) if (s < Infinity) reached++
      expect(reached).toBe(sizes[0])
    }
  })

  it('heap Dijkstra equals a plain reference Dijkstra', () => {
    const p = { x: projectX(net.proj, stations.features[0].geometry.coordinates[0]), y: projectY(net.proj, stations.features[0].geometry.coordinates[1]) }
    const hit = nearestEdgePoint(net, p.x, p.y)!
    const off = hit.distance / WALK
    const init = new Map([[net.edgeFrom[hit.edge], off + hit.t * net.edgeSeconds[hit.edge]]])
    const to = net.edgeTo[hit.edge]
    init.set(to, Math.min(init.get(to) ?? Infinity, off + (1 - hit.t) * net.edgeSeconds[hit.edge]))
    const want = referenceTimes(net, init)
    const got = shortestTimes(net, [p]).seconds
    for (let n = 0; n < net.nodeCount; n++) {
      if (want[n] === Infinity) expect(got[n]).toBe(Infinity)
      else expect(got[n]).toBeCloseTo(want[n], 6)
    }
  })
})
