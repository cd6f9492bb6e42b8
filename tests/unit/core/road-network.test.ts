import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Feature, FeatureCollection, LineString, MultiLineString, Point } from 'geojson'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import '../fast-check-seed'
import { localProjection, projectX, projectY, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import {
  DEFAULT_JOIN_M, DEFAULT_SPEEDS_KMH, buildRoadNetwork, nearestEdgePoint, shortestTimes, timeToPoint, type RoadClass, type RoadNetwork,
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
const projectXY = (p: number[]): XY => [projectX(P, p[0]), projectY(P, p[1])]
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

describe('random road lattices against Floyd–Warshall', () => {
  // Rows y = 100 j and columns x = 100 i (i, j in 0..4), each present or not, spanning a random
  // run of lattice points, of a random class. Every meeting of two roads is a lattice point, so
  // the reference graph is the lattice itself: a node per covered point, an edge per 100 m step
  // along a road at that road's speed (10, 5 or 2.5 m/s: 10, 20 or 40 s). The network must have
  // a node exactly where a road ends or two roads meet, and the same times from any source.
  const SPEEDS = { main: 36, secondary: 18, back: 9 } as const
  const STEP_S = { main: 10, secondary: 20, back: 40 } as const
  const CLS = ['main', 'secondary', 'back'] as const
  const span = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).filter(([a, b]) => a !== b).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
  const lane = fc.option(fc.record({ span, cls: fc.constantFrom(...CLS) }), { nil: null })
  const lattice = fc.record({ rows: fc.array(lane, { minLength: 5, maxLength: 5 }), cols: fc.array(lane, { minLength: 5, maxLength: 5 }) })
    .filter(({ rows, cols }) => rows.some((r) => r) || cols.some((c) => c))

  it('nodes where roads end or meet, edges between them, times equal to Floyd–Warshall on the lattice', () => {
    fc.assert(fc.property(lattice, fc.nat(), ({ rows, cols }, pick) => {
      const roads: Feature<LineString>[] = []
      const K = 5, key = (i: number, j: number) => j * K + i
      const step = new Float64Array(K * K * K * K).fill(Infinity)
      const roadsAt = new Uint8Array(K * K), endAt = new Uint8Array(K * K)
      const lay = (cells: [number, number][], cls: (typeof CLS)[number]) => {
        roads.push(road(cls, ...cells.map(([i, j]) => [i * 100, j * 100] as XY)))
        for (const [i, j] of cells) roadsAt[key(i, j)]++
        endAt[key(...cells[0])] = endAt[key(...cells[cells.length - 1])] = 1
        for (let k = 1; k < cells.length; k++) {
          const a = key(...cells[k - 1]), b = key(...cells[k])
          step[a * K * K + b] = step[b * K * K + a] = STEP_S[cls]
        }
      }
      rows.forEach((r, j) => { if (r) lay(Array.from({ length: r.span[1] - r.span[0] + 1 }, (_, k) => [r.span[0] + k, j]), r.cls) })
      cols.forEach((c, i) => { if (c) lay(Array.from({ length: c.span[1] - c.span[0] + 1 }, (_, k) => [i, c.span[0] + k]), c.cls) })
      // Roads are drawn with their two end points only: the inner lattice points are not vertices.
      for (const f of roads) f.geometry.coordinates = [f.geometry.coordinates[0], f.geometry.coordinates[f.geometry.coordinates.length - 1]]

      // Floyd–Warshall over the covered lattice points.
      const N = K * K
      const d = Float64Array.from(step)
      for (let a = 0; a < N; a++) d[a * N + a] = roadsAt[a] ? 0 : Infinity
      for (let m = 0; m < N; m++) for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) if (d[a * N + m] + d[m * N + b] < d[a * N + b]) d[a * N + b] = d[a * N + m] + d[m * N + b]

      const net = buildRoadNetwork({ type: 'FeatureCollection', features: roads }, { speeds: SPEEDS })
      const isNode = (a: number) => endAt[a] === 1 || roadsAt[a] >= 2
      const want = Array.from({ length: N }, (_, a) => a).filter(isNode)
      expect(net.nodeCount).toBe(want.length)
      for (const a of want) expect(nodeAt(net, [(a % K) * 100, Math.floor(a / K) * 100]), `node at lattice point ${a}`).toBeGreaterThanOrEqual(0)
      // each road contributes an edge between consecutive nodes along it
      let edges = 0
      for (const f of roads) {
        const [[x0, y0], [x1, y1]] = f.geometry.coordinates.map((p) => [Math.round(projectXY(p)[0] / 100), Math.round(projectXY(p)[1] / 100)])
        const along = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))
        for (let k = 0; k <= along; k++) if (isNode(key(x0 + Math.sign(x1 - x0) * k, y0 + Math.sign(y1 - y0) * k))) edges++
        edges--
      }
      expect(net.edgeCount).toBe(edges)

      const covered = Array.from({ length: N }, (_, a) => a).filter((a) => roadsAt[a])
      const s = covered[pick % covered.length]
      const { seconds } = shortestTimes(net, [toNet(net, [(s % K) * 100, Math.floor(s / K) * 100])])
      for (const a of want) {
        const got = seconds[nodeAt(net, [(a % K) * 100, Math.floor(a / K) * 100])]
        if (d[s * N + a] === Infinity) expect(got).toBe(Infinity)
        // relative: the network is projected about its own middle latitude, up to 400 m from P's, so its metres differ from P's by up to 2e-5
        else expect(Math.abs(got - d[s * N + a]), `from lattice point ${s} to ${a}: ${got} s`).toBeLessThanOrEqual(1e-4 * d[s * N + a] + 1e-9)
      }
    }), { numRuns: 100 })
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

  /**
   * The demo's noding worked out pair by pair, without the network's spatial index or hash grid:
   * every drawn vertex, every point where two segments cross inside both, every segment end
   * within 1 m of another segment; points within 1 m of each other are one node. Edges join
   * consecutive points along each segment; components by union–find over them.
   */
  function bruteNoding(n: RoadNetwork) {
    const segs: number[][] = []
    for (const f of roads.features) {
      const c = (f.geometry as LineString).coordinates.map(([lon, lat]) => [projectX(n.proj, lon), projectY(n.proj, lat)])
      for (let k = 1; k < c.length; k++) if (c[k][0] !== c[k - 1][0] || c[k][1] !== c[k - 1][1]) segs.push([...c[k - 1], ...c[k]])
    }
    const splits = segs.map(() => [0, 1])
    const onSegment = (s: number[], x: number, y: number) => {
      const dx = s[2] - s[0], dy = s[3] - s[1]
      const t = ((x - s[0]) * dx + (y - s[1]) * dy) / (dx * dx + dy * dy)
      return t > 0 && t < 1 && Math.hypot(s[0] + t * dx - x, s[1] + t * dy - y) <= 1 ? t : -1
    }
    for (let i = 0; i < segs.length; i++) {
      for (let j = i + 1; j < segs.length; j++) {
        const [px, py, ax, ay] = segs[i], [qx, qy, bx, by] = segs[j]
        for (const [x, y] of [[qx, qy], [bx, by]]) { const t = onSegment(segs[i], x, y); if (t >= 0) splits[i].push(t) }
        for (const [x, y] of [[px, py], [ax, ay]]) { const t = onSegment(segs[j], x, y); if (t >= 0) splits[j].push(t) }
        const rx = ax - px, ry = ay - py, sx = bx - qx, sy = by - qy, den = rx * sy - ry * sx
        if (den === 0) continue
        const t = ((qx - px) * sy - (qy - py) * sx) / den, u = ((qx - px) * ry - (qy - py) * rx) / den
        if (t > 0 && t < 1 && u > 0 && u < 1) { splits[i].push(t); splits[j].push(u) }
      }
    }
    const xs: number[] = [], ys: number[] = []
    const node = (x: number, y: number) => {
      for (let k = 0; k < xs.length; k++) if (Math.hypot(xs[k] - x, ys[k] - y) <= 1) return k
      xs.push(x); ys.push(y)
      return xs.length - 1
    }
    const edges = new Set<string>()
    let length = 0
    segs.forEach((s, i) => {
      length += Math.hypot(s[2] - s[0], s[3] - s[1])
      const at = splits[i].sort((a, b) => a - b).map((t) => node(s[0] + t * (s[2] - s[0]), s[1] + t * (s[3] - s[1])))
      for (let k = 1; k < at.length; k++) if (at[k] !== at[k - 1]) edges.add(`${Math.min(at[k], at[k - 1])},${Math.max(at[k], at[k - 1])}`)
    })
    const parent = xs.map((_, k) => k)
    const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])))
    const degree = new Int32Array(xs.length)
    for (const e of edges) { const [a, b] = e.split(',').map(Number); parent[find(a)] = find(b); degree[a]++; degree[b]++ }
    const deadEnds = xs.map((x, k) => [x, ys[k]]).filter((_, k) => degree[k] === 1)
    return { nodes: xs.length, edges: edges.size, components: new Set(xs.map((_, k) => find(k))).size, deadEnds, length, segs, onSegment }
  }

  it('without joining, the network is the noding worked out pair by pair', () => {
    const strict = buildRoadNetwork(roads, { joinM: 0 })
    const want = bruteNoding(strict)
    expect({ nodes: strict.nodeCount, edges: strict.edgeCount, components: components(strict).length })
      .toEqual({ nodes: want.nodes, edges: want.edges, components: want.components })
    // the drawn length, give or take the snapping: an edge runs between merged node positions
    expect(Math.abs(strict.edgeLength.reduce((s, v) => s + v, 0) - want.length)).toBeLessThan(1)
  })

  it('joining dead ends adds edges of at most 15 m, each from a dead end, and connects most of the network', () => {
    const sizes = components(net)
    const strict = bruteNoding(net)
    // An edge of the joined network lies on a drawn segment or is a join.
    const drawn = (x: number, y: number) => strict.segs.some((s) => strict.onSegment(s, x, y) >= 0 || Math.hypot(s[0] - x, s[1] - y) <= 1 || Math.hypot(s[2] - x, s[3] - y) <= 1)
    const deadEnd = (x: number, y: number) => strict.deadEnds.some(([u, v]) => Math.hypot(u - x, v - y) <= 1)
    let joins = 0, joined = 0
    for (let e = 0; e < net.edgeCount; e++) {
      const a = net.edgeFrom[e], b = net.edgeTo[e]
      if (drawn((net.nodeX[a] + net.nodeX[b]) / 2, (net.nodeY[a] + net.nodeY[b]) / 2)) continue
      joins++
      joined += net.edgeLength[e]
      expect(net.edgeLength[e], `join ${e}`).toBeLessThanOrEqual(DEFAULT_JOIN_M)
      expect(deadEnd(net.nodeX[a], net.nodeY[a]) || deadEnd(net.nodeX[b], net.nodeY[b]), `join ${e} leaves a dead end`).toBe(true)
    }
    console.log(`demo roads: ${net.nodeCount} nodes, ${net.edgeCount} edges, ${sizes.length} components (largest ${sizes[0]}), ${joins} joins; ` +
      `without joining: ${strict.nodes} nodes, ${strict.edges} edges, ${strict.components} components, ${strict.deadEnds.length} dead ends`)
    expect(joins).toBeGreaterThan(0)
    expect(joins).toBeLessThanOrEqual(strict.deadEnds.length)
    // a join ends on a node or splits an edge: one edge more each, and at most one node
    expect(net.edgeCount - strict.edges).toBe(joins + (net.nodeCount - strict.nodes))
    expect(net.nodeCount - strict.nodes).toBeLessThanOrEqual(joins)
    expect(Math.abs(net.edgeLength.reduce((s, v) => s + v, 0) - strict.length - joined)).toBeLessThan(1)
    // The demo's back lanes stop 4–12 m short of the road they meet (geodata/demo): joined, the
    // network is one piece but for a few stray lanes.
    expect(sizes[0] / net.nodeCount).toBeGreaterThan(0.95)
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
