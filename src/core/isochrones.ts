/**
 * Travel-time rasters and isochrones (areas reachable within t minutes) for patrol response.
 *
 * A raster cell's time is the time to its centre: over the road network (road-network.ts:
 * timeToPoint), or, without roads, the straight-line distance to the nearest source stretched
 * by a detour factor (1.3, a common ratio of road to crow-fly distance in a city grid) at
 * fallbackKmh. Isochrones are contours of that raster.
 *
 * Speed: finding each cell's nearest edges is the costly part and does not depend on the
 * sources, so it is done once per (network, raster geometry, walking speed) and cached; each
 * further set of sources (one station, all stations) then costs a pass over the cells.
 */
import { contours } from 'd3-contour'
import type { MultiPolygon, Position } from 'geojson'
import { localProjection, projectX, projectY, unprojectLat, unprojectLon, type LocalProjection } from './local-projection'
import {
  EDGE_SEARCH_M, NEAREST_EDGES, edgeTree, nearestEdgePoint, offRoadMps, projectOnEdge, snapSources, type RoadNetwork,
} from './road-network'

export interface TravelTimeRaster {
  proj: LocalProjection
  /** south-west corner of cell (0, 0), metres */
  x0: number
  y0: number
  cell: number
  nx: number
  ny: number
  /** seconds per cell, row-major from the south-west (i = row · nx + col); Infinity unreachable */
  seconds: Float32Array
}

export interface TravelTimeOptions {
  /** cell side, metres (default 25) */
  cell?: number
  offRoadKmh?: number
  /** straight-line fallback speed, km/h (default 25) */
  fallbackKmh?: number
  /** straight-line fallback detour factor (default 1.3) */
  detour?: number
  /** added around the bbox, metres (default 100), so contours at the edge are not clipped */
  margin?: number
  /** projection for the sources when net is null (default projectionForBbox(bbox)) */
  proj?: LocalProjection
}

export const DEFAULT_CELL_M = 25
export const DEFAULT_FALLBACK_KMH = 25
export const DEFAULT_DETOUR = 1.3
const DEFAULT_MARGIN_M = 100
const MAX_CELLS = 4_000_000

/** The projection travelTimeRaster uses without a network: centred on the bbox. */
export function projectionForBbox(bbox: readonly [number, number, number, number]): LocalProjection {
  const lat = (bbox[1] + bbox[3]) / 2
  return localProjection((bbox[0] + bbox[2]) / 2, lat, lat)
}

/**
 * Travel time on a raster (cell default 25 m) over bbox [minLon,minLat,maxLon,maxLat] plus a
 * margin: per cell, the network time to its centre (as timeToPoint with the same sources), or,
 * when `net` is null, the straight-line fallback. Sources are in the network's projection (or
 * opts.proj / projectionForBbox(bbox) without a network); `times` are shortestTimes(...).seconds
 * for the same sources.
 */
export function travelTimeRaster(
  net: RoadNetwork | null,
  times: Float64Array | null,
  sources: { x: number; y: number }[],
  bbox: readonly [number, number, number, number],
  opts: TravelTimeOptions = {},
): TravelTimeRaster {
  const cell = opts.cell ?? DEFAULT_CELL_M
  if (!(cell > 0) || !Number.isFinite(cell)) throw new Error(`raster cell must be a positive number of metres (got ${cell})`)
  if (!bbox.every(Number.isFinite) || bbox[2] < bbox[0] || bbox[3] < bbox[1]) {
    throw new Error(`raster extent must be a finite [minLon, minLat, maxLon, maxLat] (got [${bbox.join(', ')}])`)
  }
  const proj = net ? net.proj : (opts.proj ?? projectionForBbox(bbox))
  const margin = opts.margin ?? DEFAULT_MARGIN_M
  const x0 = projectX(proj, bbox[0]) - margin
  const y0 = projectY(proj, bbox[1]) - margin
  const nx = Math.max(1, Math.ceil((projectX(proj, bbox[2]) + margin - x0) / cell))
  const ny = Math.max(1, Math.ceil((projectY(proj, bbox[3]) + margin - y0) / cell))
  if (nx * ny > MAX_CELLS) throw new Error(`a ${cell} m raster over this extent would have ${nx * ny} cells, more than ${MAX_CELLS}; use larger cells`)
  const seconds = new Float32Array(nx * ny)
  const r: TravelTimeRaster = { proj, x0, y0, cell, nx, ny, seconds }

  if (!net) {
    straightLine(r, sources, opts)
    return r
  }
  if (!times || times.length !== net.nodeCount) throw new Error('travelTimeRaster needs the node times of shortestTimes for this network')
  const walk = offRoadMps(opts.offRoadKmh)
  const snap = rasterSnap(net, r, walk)
  const k = NEAREST_EDGES
  const { edgeFrom, edgeTo, edgeSeconds } = net
  const { candEdge, candT, candOff } = snap
  // Sources sharing an edge with a cell are also reached straight along that edge.
  const direct = snapSources(net, sources, walk)
  const sourceOnEdge = new Uint8Array(net.edgeCount)
  for (const s of direct) sourceOnEdge[s.edge] = 1
  for (let c = 0; c < seconds.length; c++) {
    let best = Infinity
    for (let j = c * k, end = j + k; j < end; j++) {
      const e = candEdge[j]
      if (e < 0) break
      const sec = edgeSeconds[e], t = candT[j], off = candOff[j]
      const a = times[edgeFrom[e]] + t * sec
      const b = times[edgeTo[e]] + (1 - t) * sec
      const v = (a < b ? a : b) + off
      if (v < best) best = v
      if (sourceOnEdge[e]) {
        for (const s of direct) {
          if (s.edge !== e) continue
          const d = s.off + Math.abs(t - s.t) * sec + off
          if (d < best) best = d
        }
      }
    }
    seconds[c] = best
  }
  return r
}

/** Seconds per straight-line metre of the no-network fallback (detour / speed). */
export function straightLineSecondsPerMetre(opts: Pick<TravelTimeOptions, 'fallbackKmh' | 'detour'> = {}): number {
  const kmh = opts.fallbackKmh ?? DEFAULT_FALLBACK_KMH
  const detour = opts.detour ?? DEFAULT_DETOUR
  if (!(kmh > 0)) throw new Error(`fallback speed must be a positive km/h (got ${kmh})`)
  if (!(detour >= 1)) throw new Error(`detour factor must be at least 1 (got ${detour})`)
  return detour / (kmh / 3.6)
}

function straightLine(r: TravelTimeRaster, sources: { x: number; y: number }[], opts: TravelTimeOptions): void {
  const perMetre = straightLineSecondsPerMetre(opts)
  const { x0, y0, cell, nx, ny, seconds } = r
  for (let row = 0; row < ny; row++) {
    const y = y0 + (row + 0.5) * cell
    for (let col = 0; col < nx; col++) {
      const x = x0 + (col + 0.5) * cell
      let d2 = Infinity
      for (const s of sources) {
        const d = (s.x - x) ** 2 + (s.y - y) ** 2
        if (d < d2) d2 = d
      }
      seconds[row * nx + col] = Math.sqrt(d2) * perMetre
    }
  }
}

interface RasterSnap {
  key: string
  /** NEAREST_EDGES slots per cell, nearest first; -1 = empty */
  candEdge: Int32Array
  candT: Float32Array
  /** walking seconds from the edge to the cell centre */
  candOff: Float32Array
}

const snapCache = new WeakMap<RoadNetwork, RasterSnap>()

/**
 * Each cell's nearest edges under the rule of nearestEdges (the k nearest within
 * EDGE_SEARCH_M, else the nearest), computed edge by edge over the cells near it rather than
 * cell by cell through the tree; cells with no edge that close get the nearest edge (fillFarCells).
 */
function rasterSnap(net: RoadNetwork, r: TravelTimeRaster, walk: number): RasterSnap {
  const key = `${r.x0},${r.y0},${r.cell},${r.nx},${r.ny},${walk}`
  const cached = snapCache.get(net)
  if (cached && cached.key === key) return cached
  const { x0, y0, cell, nx, ny } = r
  const k = NEAREST_EDGES
  const n = nx * ny
  const candEdge = new Int32Array(n * k).fill(-1)
  const candT = new Float32Array(n * k)
  const candDist = new Float64Array(n * k).fill(Infinity)
  const R = EDGE_SEARCH_M
  const { nodeX, nodeY, edgeFrom, edgeTo } = net
  for (let e = 0; e < net.edgeCount; e++) {
    const ax = nodeX[edgeFrom[e]], ay = nodeY[edgeFrom[e]]
    const dx = nodeX[edgeTo[e]] - ax, dy = nodeY[edgeTo[e]] - ay
    const len2 = dx * dx + dy * dy
    const c0 = Math.max(0, Math.ceil((Math.min(ax, ax + dx) - R - x0) / cell - 0.5))
    const c1 = Math.min(nx - 1, Math.floor((Math.max(ax, ax + dx) + R - x0) / cell - 0.5))
    const r0 = Math.max(0, Math.ceil((Math.min(ay, ay + dy) - R - y0) / cell - 0.5))
    const r1 = Math.min(ny - 1, Math.floor((Math.max(ay, ay + dy) + R - y0) / cell - 0.5))
    for (let row = r0; row <= r1; row++) {
      const py = y0 + (row + 0.5) * cell
      for (let col = c0; col <= c1; col++) {
        const px = x0 + (col + 0.5) * cell
        // Same arithmetic as projectOnEdge, so ranking and ties agree with nearestEdges.
        let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0
        t = t < 0 ? 0 : t > 1 ? 1 : t
        const ex = ax + t * dx - px, ey = ay + t * dy - py
        const d = Math.sqrt(ex * ex + ey * ey)
        if (d > R) continue
        insert(candEdge, candT, candDist, (row * nx + col) * k, k, e, t, d)
      }
    }
  }
  fillFarCells(net, r, candEdge, candT, candDist)
  const candOff = new Float32Array(n * k)
  for (let c = 0; c < n; c++) {
    for (let j = c * k, end = j + k; j < end && candEdge[j] >= 0; j++) candOff[j] = candDist[j] / walk
  }
  const snap: RasterSnap = { key, candEdge, candT, candOff }
  snapCache.set(net, snap)
  return snap
}

const BLOCK = 8

/**
 * Cells with no edge within EDGE_SEARCH_M take the nearest edge (ties to the lower index, as in
 * nearestEdges), found per block of BLOCK × BLOCK cells: with d0 the nearest distance from the
 * block centre and h its half-diagonal, every cell's nearest edge lies within d0 + 2h of the
 * centre (its own nearest is within d0 + h of it), so one tree search serves the whole block.
 */
function fillFarCells(net: RoadNetwork, r: TravelTimeRaster, candEdge: Int32Array, candT: Float32Array, candDist: Float64Array): void {
  const { x0, y0, cell, nx, ny } = r
  const k = NEAREST_EDGES
  const tree = edgeTree(net)
  if (!tree) return
  const h = (BLOCK * cell * Math.SQRT2) / 2
  const cands: { e: number; d: number }[] = []
  for (let br = 0; br < ny; br += BLOCK) {
    for (let bc = 0; bc < nx; bc += BLOCK) {
      const rEnd = Math.min(ny, br + BLOCK), cEnd = Math.min(nx, bc + BLOCK)
      let empty = false
      for (let row = br; row < rEnd && !empty; row++) for (let col = bc; col < cEnd; col++) if (candEdge[(row * nx + col) * k] < 0) { empty = true; break }
      if (!empty) continue
      const bx = x0 + (bc + BLOCK / 2) * cell, by = y0 + (br + BLOCK / 2) * cell
      const near = nearestEdgePoint(net, bx, by)
      if (!near) return
      const R = near.distance + 2 * h
      cands.length = 0
      for (const e of tree.search(bx - R, by - R, bx + R, by + R)) {
        const d = projectOnEdge(net, e, bx, by).distance
        if (d <= R) cands.push({ e, d })
      }
      // Nearest to the centre first: an edge at d from the centre is at least d − h from any
      // cell, so the scan stops once that bound passes the best found.
      cands.sort((p, q) => p.d - q.d)
      for (let row = br; row < rEnd; row++) {
        const py = y0 + (row + 0.5) * cell
        for (let col = bc; col < cEnd; col++) {
          const b = (row * nx + col) * k
          if (candEdge[b] >= 0) continue
          const px = x0 + (col + 0.5) * cell
          let bestE = -1, bestT = 0, bestD = Infinity
          for (const { e, d } of cands) {
            if (d - h > bestD) break
            const p = projectOnEdge(net, e, px, py)
            if (p.distance < bestD || (p.distance === bestD && e < bestE)) { bestE = e; bestT = p.t; bestD = p.distance }
          }
          candEdge[b] = bestE; candT[b] = bestT; candDist[b] = bestD
        }
      }
    }
  }
}

/** Insert (e, t, d) into a cell's k slots kept sorted by (distance, edge). */
function insert(edge: Int32Array, tt: Float32Array, dist: Float64Array, b: number, k: number, e: number, t: number, d: number): void {
  let j = b + k - 1
  if (edge[j] >= 0 && (dist[j] < d || (dist[j] === d && edge[j] < e))) return
  while (j > b && (edge[j - 1] < 0 || dist[j - 1] > d || (dist[j - 1] === d && edge[j - 1] > e))) {
    edge[j] = edge[j - 1]; tt[j] = tt[j - 1]; dist[j] = dist[j - 1]
    j--
  }
  edge[j] = e; tt[j] = t; dist[j] = d
}

/**
 * Isochrone polygons (GeoJSON MultiPolygon in WGS-84 lon/lat, exterior rings counter-clockwise)
 * for each threshold in minutes, in the order given: the area reachable within t minutes.
 * Contours pass through cell centres with linear interpolation between them; cells that are
 * unreachable (Infinity/NaN) count as beyond every threshold.
 */
export function isochronePolygons(r: TravelTimeRaster, minutes: readonly number[]): { minutes: number; geometry: MultiPolygon }[] {
  const { nx, ny, seconds } = r
  // d3-contour encloses values >= threshold; negating turns "within t" into that.
  const values = new Float64Array(nx * ny)
  for (let i = 0; i < values.length; i++) {
    const s = seconds[i]
    values[i] = s === s ? -s : -Infinity
  }
  const gen = contours().size([nx, ny])
  return minutes.map((m) => {
    if (!(m >= 0) || !Number.isFinite(m)) throw new Error(`isochrone minutes must be finite and non-negative (got ${m})`)
    const c = gen.contour(values as unknown as number[], -m * 60)
    return { minutes: m, geometry: { type: 'MultiPolygon', coordinates: c.coordinates.map((poly) => poly.map((ring, i) => toLonLat(r, ring, i === 0))) } }
  })
}

/**
 * d3-contour puts sample i at grid coordinate i + 0.5, so grid coordinate g maps to x0 + g·cell
 * (cell i's centre is x0 + (i + 0.5)·cell).
 */
function toLonLat(r: TravelTimeRaster, ring: Position[], exterior: boolean): Position[] {
  const out: Position[] = ring.map(([gx, gy]) => [
    unprojectLon(r.proj, r.x0 + gx * r.cell),
    unprojectLat(r.proj, r.y0 + gy * r.cell),
  ])
  let a = 0
  for (let i = 0, j = out.length - 1; i < out.length; j = i++) a += (out[j][0] - out[i][0]) * (out[j][1] + out[i][1])
  // a > 0 ⇔ counter-clockwise (shoelace as Σ (x_j − x_i)(y_j + y_i)).
  if ((a > 0) !== exterior) out.reverse()
  return out
}
