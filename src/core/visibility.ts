/**
 * Occlusion for camera coverage: what a camera sees among building footprints, as a 2D
 * visibility polygon in local metres (local-projection.ts, x east, y north).
 *
 * Model. Walls are opaque and infinitely high; a footprint's edges are the walls. The view is
 * the sector (azimuth clockwise from north, full opening fov, range metres; fov >= 360 = all
 * round). A point is visible when the open segment camera→point crosses no wall. Walls are
 * segments of zero thickness: a wall seen exactly edge-on (collinear with the camera) hides
 * nothing, and a ray that only grazes a corner goes on past it.
 *
 * Output ring: counter-clockwise in x east / y north, open (last vertex not repeated), apex
 * (the camera) first when fov < 360. Where nothing blocks, the arc is replaced by chords at
 * most stepDeg apart (the chords lie inside the circle, so the ring never reaches past the
 * range). Everything else is exact up to floating-point rounding of the vertices: which side
 * of a ray an endpoint lies on is decided by robust-predicates' exact orient2d, never by
 * comparing computed angles.
 *
 * Cameras inside or on a footprint:
 * - strictly inside a footprint: sees nothing; the ring is empty (length 0). A camera cannot
 *   see through its own walls, and what it sees indoors is not street coverage.
 * - exactly on a footprint's boundary (mounted on a wall or at a corner): it sees out of the
 *   building, not into it. Directions that enter the footprint (the interior angle at a corner,
 *   the inner half-plane on a wall) are blocked at distance 0; directions along the wall are
 *   free. So a 360° camera on a straight wall sees a half disc, one at a rectangle's corner
 *   three quarters of a disc, one at an L's inner (reflex) corner a quarter. A wall with
 *   building on neither side (a free-standing wall, i.e. a ring of two vertices, or a
 *   zero-width spike) blocks nothing for a camera standing on it. When the whole sector points
 *   into the building the ring is empty. The ring passes through the camera wherever a blocked
 *   stretch begins or ends (it may touch itself there).
 *
 * Method: ray casting to events sorted by angle. Events are the candidate walls' endpoints
 * within range and in the sector, the points where walls cross the range circle, the arc
 * samples (including both sector edges), and, for a camera on a boundary, the directions of
 * the walls through it. Whether a point near a sector edge is in the sector is settled by the
 * same exact orientation test against the edge ray, so a wall ending on the edge is not lost. For every event ray two distances are found, the nearest wall just
 * clockwise of the ray ("before") and just counter-clockwise ("after"): a wall ending on the
 * ray counts only on the side it extends to, which replaces the usual "cast again at a tiny
 * angle either side" and is exact. Between consecutive events the set of walls crossing the
 * ray is fixed, so the boundary is a straight piece of one wall, or a chord. Walls may cross
 * each other (overlapping footprints are common in real building layers): when the nearest
 * wall differs at the two ends of an interval, a ray is cast at the crossing of the two walls'
 * lines and the interval split there. Candidate walls come from a flatbush search over the
 * sector's bounding box, less those wholly beyond range.
 *
 * Cost: (events × candidate walls) ray–segment tests per camera, where events ≈ candidate walls
 * + fov / stepDeg. Scratch buffers are kept between calls, so a camera allocates little more
 * than its result; the module is therefore not re-entrant (fine in a worker: calls never nest).
 */
import Flatbush from 'flatbush'
import { orient2d } from 'robust-predicates'
import type { AreaSet } from './areas'
import type { CameraViews } from './camera-model'
import { projectX, projectY, type LocalProjection } from './local-projection'

/**
 * Building walls in local metres. Edge i runs from (ax[i], ay[i]) to (bx[i], by[i]) with the
 * building's interior on its left: outer rings counter-clockwise, holes (courtyards) clockwise,
 * whatever the input's winding. A ring of two distinct vertices is a free-standing wall (two
 * edges, one each way).
 */
export interface Obstacles {
  /** number of edges */
  count: number
  ax: Float64Array
  ay: Float64Array
  bx: Float64Array
  by: Float64Array
  /** flatbush over the edge bboxes, item i = edge i; null when there are no edges */
  index: Flatbush | null
  /** number of footprints (buildings; an area's rings together, holes included) */
  footprints: number
  /** footprint f has edges [footprintStart[f], footprintStart[f+1]); length footprints+1 */
  footprintStart: Uint32Array
  /** flatbush over the footprint bboxes (to find the footprints a camera stands in) */
  footprintIndex: Flatbush | null
}

const RAD = Math.PI / 180
const TAU = 2 * Math.PI
/** A refinement at a crossing splits an interval; real layers need one or two levels. */
const MAX_REFINE_DEPTH = 16

/** Positive when p is left of a→b in x east / y north (robust-predicates' own sign is the opposite). */
function ccw(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  return -orient2d(ax, ay, bx, by, px, py)
}

/** Even-odd test of one ring (vertices [s, e) of xy); only used to tell holes from outer rings. */
function inRing(xy: Float64Array, s: number, e: number, px: number, py: number): boolean {
  let inside = false
  for (let i = s, j = e - 1; i < e; j = i++) {
    const xi = xy[i * 2], yi = xy[i * 2 + 1], xj = xy[j * 2], yj = xy[j * 2 + 1]
    if ((yi > py) !== (yj > py) && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Rings (open or closed; consecutive duplicate vertices dropped) of `feet` footprints in one
 * buffer, as AreaSet stores them, to oriented edges plus the two indexes.
 */
function pack(xy: Float64Array, ringStart: Uint32Array, footRingStart: Uint32Array, feet: number): Obstacles {
  const rings = ringStart.length - 1
  const maxEdges = rings >= 0 ? ringStart[rings] : 0
  let longest = 0
  for (let r = 0; r < rings; r++) longest = Math.max(longest, ringStart[r + 1] - ringStart[r])
  const ax = new Float64Array(maxEdges), ay = new Float64Array(maxEdges)
  const bx = new Float64Array(maxEdges), by = new Float64Array(maxEdges)
  const footprintStart = new Uint32Array(feet + 1)
  const keep = new Uint32Array(longest)
  let n = 0
  let nf = 0
  for (let f = 0; f < feet; f++) {
    const first = n
    const r0 = footRingStart[f], r1 = footRingStart[f + 1]
    for (let r = r0; r < r1; r++) {
      const s = ringStart[r], e = ringStart[r + 1]
      let k = 0
      for (let v = s; v < e; v++) {
        if (k > 0 && xy[v * 2] === xy[keep[k - 1] * 2] && xy[v * 2 + 1] === xy[keep[k - 1] * 2 + 1]) continue
        keep[k++] = v
      }
      while (k > 1 && xy[keep[k - 1] * 2] === xy[keep[0] * 2] && xy[keep[k - 1] * 2 + 1] === xy[keep[0] * 2 + 1]) k--
      if (k < 2) continue
      let area2 = 0
      for (let i = 0, j = k - 1; i < k; j = i++) {
        area2 += xy[keep[j] * 2] * xy[keep[i] * 2 + 1] - xy[keep[i] * 2] * xy[keep[j] * 2 + 1]
      }
      // A ring inside an odd number of the footprint's other rings is a hole; its interior is
      // outside the building, so it must run clockwise to keep the building on the left.
      let depth = 0
      if (r1 - r0 > 1) {
        const px = xy[keep[0] * 2], py = xy[keep[0] * 2 + 1]
        for (let q = r0; q < r1; q++) if (q !== r && inRing(xy, ringStart[q], ringStart[q + 1], px, py)) depth++
      }
      const reverse = area2 !== 0 && (area2 > 0) !== (depth % 2 === 0)
      for (let i = 0; i < k; i++) {
        const v0 = reverse ? keep[k - 1 - i] : keep[i]
        const v1 = reverse ? keep[i < k - 1 ? k - 2 - i : k - 1] : keep[(i + 1) % k]
        ax[n] = xy[v0 * 2]
        ay[n] = xy[v0 * 2 + 1]
        bx[n] = xy[v1 * 2]
        by[n] = xy[v1 * 2 + 1]
        n++
      }
    }
    if (n > first) footprintStart[++nf] = n
  }
  const fit = <T extends Float64Array | Uint32Array>(a: T, len: number): T => (a.length === len ? a : (a.slice(0, len) as T))
  let index: Flatbush | null = null
  let footprintIndex: Flatbush | null = null
  if (n > 0) {
    index = new Flatbush(n)
    for (let i = 0; i < n; i++) {
      index.add(Math.min(ax[i], bx[i]), Math.min(ay[i], by[i]), Math.max(ax[i], bx[i]), Math.max(ay[i], by[i]))
    }
    index.finish()
    // Point queries visit fewer boxes with small nodes (as in spatial-join.ts).
    footprintIndex = new Flatbush(nf, 4)
    for (let f = 0; f < nf; f++) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
      for (let i = footprintStart[f]; i < footprintStart[f + 1]; i++) {
        x0 = Math.min(x0, ax[i])
        y0 = Math.min(y0, ay[i])
        x1 = Math.max(x1, ax[i])
        y1 = Math.max(y1, ay[i])
      }
      footprintIndex.add(x0, y0, x1, y1)
    }
    footprintIndex.finish()
  }
  return {
    count: n,
    ax: fit(ax, n), ay: fit(ay, n), bx: fit(bx, n), by: fit(by, n),
    index,
    footprints: nf,
    footprintStart: fit(footprintStart, nf + 1),
    footprintIndex,
  }
}

/** Building footprints (one area = one building, all its rings) projected to local metres. */
export function obstaclesFromAreas(buildings: AreaSet, proj: LocalProjection): Obstacles {
  const c = buildings.coords
  const xy = new Float64Array(c.length)
  for (let i = 0; i < c.length; i += 2) {
    xy[i] = projectX(proj, c[i])
    xy[i + 1] = projectY(proj, c[i + 1])
  }
  return pack(xy, buildings.ringStart, buildings.areaRingStart, buildings.count)
}

/**
 * Plain rings in metres (x,y interleaved, open or closed, either winding), one footprint each
 * (for tests and synthetic data). Rings with fewer than 2 distinct vertices are dropped.
 */
export function obstaclesFromRings(rings: Float64Array[]): Obstacles {
  let verts = 0
  for (const r of rings) verts += r.length >> 1
  const xy = new Float64Array(verts * 2)
  const ringStart = new Uint32Array(rings.length + 1)
  const footRingStart = new Uint32Array(rings.length + 1)
  let v = 0
  for (let i = 0; i < rings.length; i++) {
    const len = rings[i].length >> 1
    xy.set(rings[i].subarray(0, len * 2), v * 2)
    v += len
    ringStart[i + 1] = v
    footRingStart[i + 1] = i + 1
  }
  return pack(xy, ringStart, footRingStart, rings.length)
}

// ---- per-camera state and scratch, reused between calls ----

let OB: Obstacles
let Cx = 0, Cy = 0, R = 0, R2 = 0
let nCand = 0
let cand: Uint32Array = new Uint32Array(256)
/** Angular extent of each candidate as seen from the camera: from candLo, candSpan radians counter-clockwise. */
let candLo: Float64Array = new Float64Array(256)
let candSpan: Float64Array = new Float64Array(256)
let nEv = 0
let evRel: Float64Array = new Float64Array(512)
let evX: Float64Array = new Float64Array(512)
let evY: Float64Array = new Float64Array(512)
let order: Uint32Array = new Uint32Array(512)
let bDist: Float64Array = new Float64Array(512)
let aDist: Float64Array = new Float64Array(512)
let bId = new Int32Array(512), aId = new Int32Array(512)
let nOut = 0
let out: Float64Array = new Float64Array(1024)
/**
 * Sectors around the camera blocked by the building it stands on: [px, py, qx, qy] each, open,
 * counter-clockwise from the direction of P to that of Q.
 */
const sectors: number[] = []
/** Scratch for cameraSite: rays to the ends of walls through the camera, [x, y, winding step]. */
const rays: number[] = []
// Results of castRay.
let rayB = 0, rayA = 0, rayBI = -1, rayAI = -1

function growU32(a: Uint32Array, n: number): Uint32Array {
  if (n <= a.length) return a
  const b = new Uint32Array(Math.max(n, a.length * 2))
  b.set(a)
  return b
}
function growF64(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a
  const b = new Float64Array(Math.max(n, a.length * 2))
  b.set(a)
  return b
}

function pushEvent(rel: number, x: number, y: number): void {
  if (nEv === evRel.length) {
    const n = nEv * 2
    evRel = growF64(evRel, n)
    evX = growF64(evX, n)
    evY = growF64(evY, n)
  }
  evRel[nEv] = rel
  evX[nEv] = x
  evY[nEv] = y
  nEv++
}

let Theta0 = 0, Fov = 0, Full = false

function addPointEvent(x: number, y: number): void {
  if (x === Cx && y === Cy) return
  let rel = relAngle(x, y)
  if (!Full && rel > Fov) {
    // atan2 may put a point on a sector edge a hair outside: keep the doubtful ones, the sort
    // (exact near the edges) and the cut at the edge rays decide.
    if (rel >= TAU - 1e-9) rel -= TAU
    else if (rel > Fov + 1e-9) return
  }
  pushEvent(rel, x, y)
}

/** flatbush filter: collects walls that come within range, except those through the camera. */
function collect(e: number): boolean {
  const ax = OB.ax[e], ay = OB.ay[e], bx = OB.bx[e], by = OB.by[e]
  const ex = bx - ax, ey = by - ay
  const l2 = ex * ex + ey * ey
  let t = l2 > 0 ? ((Cx - ax) * ex + (Cy - ay) * ey) / l2 : 0
  t = t < 0 ? 0 : t > 1 ? 1 : t
  const qx = ax + t * ex - Cx, qy = ay + t * ey - Cy
  const d2 = qx * qx + qy * qy
  if (d2 > R2) return false
  // Walls through the camera are represented by blocked sectors (same exact test as in cameraSite).
  if (d2 <= 1e-12 && onSegment(ax, ay, bx, by, Cx, Cy)) return false
  if (nCand === cand.length) cand = growU32(cand, nCand * 2)
  cand[nCand++] = e
  return false
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return ccw(ax, ay, bx, by, px, py) === 0
    && px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by)
}

/**
 * Finds the blocked sectors around a camera standing on footprint boundaries; false when the
 * camera is strictly inside a footprint (then it sees nothing).
 *
 * Seen from the camera, each wall through it is one or two rays (to its ends). Turning
 * counter-clockwise across the ray to a wall's end b (the wall leaves the camera, building on
 * its left) enters the footprint once more (winding +1); across the ray to its start a, one
 * less (−1). The winding of each sector between rays follows up to a constant; the camera
 * being on the boundary, some sector is outside (winding 0 after removing the minimum), and
 * the sectors above that are inside the building. This gives the interior angle at a convex
 * or reflex corner and the inner half-plane on a wall, and cancels for a free-standing wall
 * or any zero-width spike (the two sides of one wall).
 */
function cameraSite(): boolean {
  sectors.length = 0
  const tree = OB.footprintIndex
  if (tree === null) return true
  const { ax, ay, bx, by, footprintStart } = OB
  for (const f of tree.search(Cx, Cy, Cx, Cy)) {
    rays.length = 0
    let inside = false
    for (let e = footprintStart[f]; e < footprintStart[f + 1]; e++) {
      const x0 = ax[e], y0 = ay[e], x1 = bx[e], y1 = by[e]
      const o = ccw(x0, y0, x1, y1, Cx, Cy)
      if (o === 0 && Cx >= Math.min(x0, x1) && Cx <= Math.max(x0, x1) && Cy >= Math.min(y0, y1) && Cy <= Math.max(y0, y1)) {
        if (!(Cx === x1 && Cy === y1)) rays.push(x1, y1, 1)
        if (!(Cx === x0 && Cy === y0)) rays.push(x0, y0, -1)
        continue
      }
      // Crossing number eastwards; exact through the orientation sign.
      if ((y0 > Cy) !== (y1 > Cy) && (y1 > y0 ? o > 0 : o < 0)) inside = !inside
    }
    if (rays.length === 0) {
      if (inside) return false
      continue
    }
    // Rays by angle, those in exactly the same direction merged (their windings add up).
    const nr = rays.length / 3
    const idx = Array.from({ length: nr }, (_, i) => i)
    const ang = idx.map((i) => Math.atan2(rays[i * 3 + 1] - Cy, rays[i * 3] - Cx))
    idx.sort((i, j) => ang[i] - ang[j] || -ccw(Cx, Cy, rays[i * 3], rays[i * 3 + 1], rays[j * 3], rays[j * 3 + 1]))
    const px: number[] = [], py: number[] = [], inc: number[] = []
    for (const i of idx) {
      const x = rays[i * 3], y = rays[i * 3 + 1]
      const last = px.length - 1
      if (last >= 0 && sameDirection(px[last], py[last], x, y)) inc[last] += rays[i * 3 + 2]
      else { px.push(x); py.push(y); inc.push(rays[i * 3 + 2]) }
    }
    const m = px.length
    if (m > 1 && sameDirection(px[m - 1], py[m - 1], px[0], py[0])) {
      inc[0] += inc[m - 1]
      px.pop(); py.pop(); inc.pop()
    }
    // Sector k runs counter-clockwise from ray k to ray k+1.
    const w: number[] = []
    let acc = 0, min = Infinity
    for (let k = 0; k < px.length; k++) {
      acc += inc[k]
      w.push(acc)
      min = Math.min(min, acc)
    }
    for (let k = 0; k < px.length && px.length > 1; k++) {
      if (w[k] > min) sectors.push(px[k], py[k], px[(k + 1) % px.length], py[(k + 1) % px.length])
    }
  }
  return true
}

function sameDirection(x0: number, y0: number, x1: number, y1: number): boolean {
  return ccw(Cx, Cy, x0, y0, x1, y1) === 0 && (x0 - Cx) * (x1 - Cx) + (y0 - Cy) * (y1 - Cy) > 0
}

/** Is direction C→T, turned a hair towards `side` (+1 counter-clockwise, −1 clockwise), strictly left of C→P? */
function leftOf(px: number, py: number, tx: number, ty: number, side: number): boolean {
  const o = ccw(Cx, Cy, px, py, tx, ty)
  if (o !== 0) return o > 0
  return (px - Cx) * (tx - Cx) + (py - Cy) * (ty - Cy) > 0 ? side > 0 : side < 0
}

/** ... strictly right of C→P? */
function rightOf(px: number, py: number, tx: number, ty: number, side: number): boolean {
  const o = ccw(Cx, Cy, px, py, tx, ty)
  if (o !== 0) return o < 0
  return (px - Cx) * (tx - Cx) + (py - Cy) * (ty - Cy) > 0 ? side < 0 : side > 0
}

/** Does direction C→T (turned towards `side`) enter the building the camera stands on? */
function blocked(tx: number, ty: number, side: number): boolean {
  for (let i = 0; i < sectors.length; i += 4) {
    const px = sectors[i], py = sectors[i + 1], qx = sectors[i + 2], qy = sectors[i + 3]
    const inP = leftOf(px, py, tx, ty, side)
    const inQ = rightOf(qx, qy, tx, ty, side)
    // Under 180° the sector is where both hold, otherwise where either does.
    if (ccw(Cx, Cy, px, py, qx, qy) > 0 ? inP && inQ : inP || inQ) return true
  }
  return false
}

/** Angle of (x, y) from the camera, counter-clockwise from the first sector edge, in [0, 2π). */
function relAngle(x: number, y: number): number {
  const rel = Math.atan2(y - Cy, x - Cx) - Theta0
  return rel - TAU * Math.floor(rel / TAU)
}

/**
 * Nearest wall along the ray C→T (at angle rel, as relAngle) just clockwise (rayB, rayBI) and
 * just counter-clockwise (rayA, rayAI) of it, capped at the range (id −1), or 0 where the
 * camera's own building blocks (id −2).
 */
function castRay(tx: number, ty: number, rel: number): void {
  const dx = tx - Cx, dy = ty - Cy
  const len = Math.sqrt(dx * dx + dy * dy)
  const { ax: AX, ay: AY, bx: BX, by: BY } = OB
  let bD = R, aD = R, bI = -1, aI = -1
  for (let k = 0; k < nCand; k++) {
    // Walls clearly off the ray's angle are skipped before the exact tests; the margin is
    // far above atan2's rounding, so nothing the exact tests would count is skipped.
    let d = rel - candLo[k]
    d -= TAU * Math.floor(d / TAU)
    if (d > candSpan[k] + 1e-9 && d < TAU - 1e-9) continue
    const e = cand[k]
    const ax = AX[e], ay = AY[e], bx = BX[e], by = BY[e]
    const oa = ccw(Cx, Cy, tx, ty, ax, ay)
    const ob = ccw(Cx, Cy, tx, ty, bx, by)
    if ((oa > 0 && ob > 0) || (oa < 0 && ob < 0) || (oa === 0 && ob === 0)) continue
    if (oa === 0 || ob === 0) {
      // A wall ending on the ray blocks only the side it extends to.
      const px = oa === 0 ? ax : bx, py = oa === 0 ? ay : by
      const qx = px - Cx, qy = py - Cy
      if (qx * dx + qy * dy <= 0) continue
      const dist = Math.sqrt(qx * qx + qy * qy)
      if ((oa === 0 ? ob : oa) > 0) {
        if (dist < aD) { aD = dist; aI = e }
      } else if (dist < bD) { bD = dist; bI = e }
    } else {
      const ex = bx - ax, ey = by - ay
      const s = ((ax - Cx) * ey - (ay - Cy) * ex) / (dx * ey - dy * ex)
      if (!(s > 0)) continue
      const dist = s * len
      if (dist < aD) { aD = dist; aI = e }
      if (dist < bD) { bD = dist; bI = e }
    }
  }
  if (sectors.length > 0) {
    if (blocked(tx, ty, -1)) { bD = 0; bI = -2 }
    if (blocked(tx, ty, 1)) { aD = 0; aI = -2 }
  }
  rayB = bD; rayA = aD; rayBI = bI; rayAI = aI
}

/**
 * Rays that land on the same wall give collinear vertices; only the wall's ends are kept. B is
 * dropped when it lies between A and C within 1e-9 m of the line (rounding noise).
 */
function between(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  const px = cx - ax, py = cy - ay, qx = bx - ax, qy = by - ay
  const cross = qx * py - qy * px
  return cross * cross <= 1e-18 * (px * px + py * py) && qx * px + qy * py > 0 && (cx - bx) * px + (cy - by) * py > 0
}

function pushVertex(x: number, y: number): void {
  if (nOut >= 2 && out[nOut - 2] === x && out[nOut - 1] === y) return
  // B is the last vertex pushed, so the apex (first) is never dropped.
  if (nOut >= 4 && between(out[nOut - 4], out[nOut - 3], out[nOut - 2], out[nOut - 1], x, y)) {
    out[nOut - 2] = x
    out[nOut - 1] = y
    return
  }
  if (nOut + 2 > out.length) out = growF64(out, nOut + 2)
  out[nOut++] = x
  out[nOut++] = y
}

/** The point at `dist` along C→T (T itself when that is where it lies). */
function pushAlong(tx: number, ty: number, dist: number): void {
  const dx = tx - Cx, dy = ty - Cy
  const len = Math.sqrt(dx * dx + dy * dy)
  if (dist === len) pushVertex(tx, ty)
  else pushVertex(Cx + (dx * dist) / len, Cy + (dy * dist) / len)
}

/**
 * Between two consecutive rays no wall ends, so if the nearest wall differs at the two ends
 * the two walls cross in between; cast at the crossing and split there.
 */
function refine(t1x: number, t1y: number, id1: number, t2x: number, t2y: number, id2: number, depth: number): void {
  if (id1 < 0 || id2 < 0 || id1 === id2 || depth > MAX_REFINE_DEPTH) return
  const { ax, ay, bx, by } = OB
  const rx = bx[id1] - ax[id1], ry = by[id1] - ay[id1]
  const sx = bx[id2] - ax[id2], sy = by[id2] - ay[id2]
  const den = rx * sy - ry * sx
  if (den === 0) return // parallel or one line (shared walls): nothing changes in between
  const t = ((ax[id2] - ax[id1]) * sy - (ay[id2] - ay[id1]) * sx) / den
  const xx = ax[id1] + t * rx, xy = ay[id1] + t * ry
  if (!(ccw(Cx, Cy, t1x, t1y, xx, xy) > 0 && ccw(Cx, Cy, xx, xy, t2x, t2y) > 0)) return
  castRay(xx, xy, relAngle(xx, xy))
  const b = rayB, a = rayA, bi = rayBI, ai = rayAI
  refine(t1x, t1y, id1, xx, xy, bi, depth + 1)
  pushAlong(xx, xy, b)
  pushAlong(xx, xy, a)
  refine(xx, xy, ai, t2x, t2y, id2, depth + 1)
}

function byAngle(i: number, j: number): number {
  const d = evRel[i] - evRel[j]
  if (d > 1e-12 || d < -1e-12) return d
  // Nearly the same angle: the exact orientation decides, so rays never swap by rounding.
  const o = ccw(Cx, Cy, evX[i], evY[i], evX[j], evY[j])
  return o > 0 ? -1 : o < 0 ? 1 : d
}

/**
 * What a camera at (cx, cy) sees within its sector (azimuth, fov, range): the 2D visibility
 * polygon clipped to the sector, as a ring in local metres, counter-clockwise, apex first when
 * fov < 360; empty (length 0) when the camera stands inside a footprint, when the whole sector
 * points into the building it stands on, or when range/fov are not positive or a value is not
 * finite. Arc parts are chords at most stepDeg apart (default 2°; taken within [0.01°, 90°]).
 * The rules for cameras on a wall or corner are in the module comment.
 */
export function visibleRing(
  obstacles: Obstacles, cx: number, cy: number, azimuthDeg: number, fovDeg: number, range: number, stepDeg = 2,
): Float64Array {
  if (!(stepDeg > 0)) throw new Error(`visibleRing: stepDeg must be a positive number of degrees (got ${stepDeg})`)
  if (!Number.isFinite(cx) || !Number.isFinite(cy) || !Number.isFinite(azimuthDeg) || !Number.isFinite(range) || !(range > 0) || !(fovDeg > 0)) {
    return new Float64Array(0)
  }
  OB = obstacles
  Cx = cx
  Cy = cy
  R = range
  R2 = range * range
  Full = fovDeg >= 360
  Fov = Full ? TAU : fovDeg * RAD
  const step = Math.min(90, Math.max(0.01, stepDeg)) * RAD
  Theta0 = (90 - azimuthDeg) * RAD - (Full ? Math.PI : Fov / 2)

  if (!cameraSite()) return new Float64Array(0)

  // Arc samples, both sector edges included; evenly spaced so no gap exceeds the step. They are
  // events 0 .. nArcEv − 1, in angle order.
  nEv = 0
  const nArc = Math.max(Full ? 4 : 1, Math.ceil(Fov / step - 1e-9))
  const nArcEv = Full ? nArc : nArc + 1
  for (let k = 0; k < nArcEv; k++) {
    const rel = (k * Fov) / nArc
    pushEvent(rel, cx + range * Math.cos(Theta0 + rel), cy + range * Math.sin(Theta0 + rel))
  }

  // The edges of blocked sectors (directions of walls through the camera).
  for (let i = 0; i < sectors.length; i += 2) addPointEvent(sectors[i], sectors[i + 1])

  // Candidate walls: bbox of the sector (camera, arc ends, and the arc's extreme points).
  nCand = 0
  if (obstacles.index !== null) {
    let x0 = cx - range, y0 = cy - range, x1 = cx + range, y1 = cy + range
    if (!Full) {
      const e0x = cx + range * Math.cos(Theta0), e0y = cy + range * Math.sin(Theta0)
      const e1x = cx + range * Math.cos(Theta0 + Fov), e1y = cy + range * Math.sin(Theta0 + Fov)
      x0 = Math.min(cx, e0x, e1x); x1 = Math.max(cx, e0x, e1x)
      y0 = Math.min(cy, e0y, e1y); y1 = Math.max(cy, e0y, e1y)
      for (let q = 0; q < 4; q++) {
        let rel = (q * Math.PI) / 2 - Theta0
        rel -= TAU * Math.floor(rel / TAU)
        if (rel > Fov) continue
        if (q === 0) x1 = cx + range
        else if (q === 1) y1 = cy + range
        else if (q === 2) x0 = cx - range
        else y0 = cy - range
      }
      // The arc ends are rounded; a wall just touching the sector edge must still be found.
      const pad = range * 1e-9
      x0 -= pad; y0 -= pad; x1 += pad; y1 += pad
    }
    obstacles.index.search(x0, y0, x1, y1, collect)
  }

  // Nothing in range (a third of the cameras of a city): the plain sector.
  if (nCand === 0 && sectors.length === 0) {
    const ring = new Float64Array(Full ? nArcEv * 2 : nArcEv * 2 + 2)
    let j = 0
    if (!Full) { ring[j++] = cx; ring[j++] = cy }
    for (let k = 0; k < nArcEv; k++) { ring[j++] = evX[k]; ring[j++] = evY[k] }
    return ring
  }

  const { ax, ay, bx, by } = obstacles
  if (candLo.length < nCand) {
    candLo = new Float64Array(cand.length)
    candSpan = new Float64Array(cand.length)
  }
  for (let k = 0; k < nCand; k++) {
    const e = cand[k]
    const px = ax[e], py = ay[e]
    // A wall not through the camera spans less than half a turn, so the shorter way round is it;
    // one passing within rounding of the camera could be taken the wrong way round, so it is
    // never skipped.
    const ra = relAngle(px, py), rb = relAngle(bx[e], by[e])
    let span = rb - ra
    if (span < 0) span += TAU
    if (Math.abs(span - Math.PI) < 1e-6) { candLo[k] = 0; candSpan[k] = TAU }
    else if (span < Math.PI) { candLo[k] = ra; candSpan[k] = span } else { candLo[k] = rb; candSpan[k] = TAU - span }
    // Each vertex starts one wall of its ring; the wall leaving it is a candidate whenever the
    // vertex is in range and in the sector, so start points alone cover every vertex (walls
    // through the camera are not candidates, but they only matter as sector edges, added above).
    const fx = px - cx, fy = py - cy
    const ff = fx * fx + fy * fy
    if (ff <= R2) addPointEvent(px, py)
    // Where the wall crosses the range circle, the boundary turns from wall to arc.
    const ex = bx[e] - px, ey = by[e] - py
    const ee = ex * ex + ey * ey
    if (ee === 0) continue
    const fe = fx * ex + fy * ey
    const disc = fe * fe - ee * (ff - R2)
    if (disc > 0) {
      const sq = Math.sqrt(disc)
      const t1 = (-fe - sq) / ee, t2 = (-fe + sq) / ee
      if (t1 > 0 && t1 < 1) addPointEvent(px + t1 * ex, py + t1 * ey)
      if (t2 > 0 && t2 < 1) addPointEvent(px + t2 * ex, py + t2 * ey)
    }
  }

  // Sort by angle, keep what lies between the sector's edge rays (events 0 and nArc), and merge
  // rays that are exactly the same direction.
  // The arc samples are in order already: sort the other events and merge.
  order = growU32(order, 2 * nEv)
  const ord = order.subarray(0, nEv)
  const pts = order.subarray(nEv, 2 * nEv - nArcEv)
  for (let i = 0; i < pts.length; i++) pts[i] = nArcEv + i
  pts.sort(byAngle)
  for (let i = 0, j = 0, k = 0; k < nEv; k++) {
    if (j >= pts.length || (i < nArcEv && byAngle(i, pts[j]) <= 0)) ord[k] = i++
    else ord[k] = pts[j++]
  }
  let lo = 0, hi = nEv - 1
  if (!Full) {
    for (let i = 0; i < nEv; i++) {
      if (ord[i] === 0) lo = i
      else if (ord[i] === nArc) hi = i
    }
  }
  let m = 0
  for (let i = lo; i <= hi; i++) {
    const e = ord[i]
    if (m > 0) {
      const p = ord[m - 1]
      if (ccw(cx, cy, evX[p], evY[p], evX[e], evY[e]) === 0 && (evX[p] - cx) * (evX[e] - cx) + (evY[p] - cy) * (evY[e] - cy) > 0) continue
    }
    ord[m++] = e
  }
  if (Full && m > 1) {
    const p = ord[m - 1], e = ord[0]
    if (ccw(cx, cy, evX[p], evY[p], evX[e], evY[e]) === 0 && (evX[p] - cx) * (evX[e] - cx) + (evY[p] - cy) * (evY[e] - cy) > 0) m--
  }

  if (m > bDist.length) {
    bDist = growF64(bDist, m)
    aDist = growF64(aDist, m)
    const n = bDist.length
    bId = new Int32Array(n)
    aId = new Int32Array(n)
  }
  for (let i = 0; i < m; i++) {
    const e = ord[i]
    castRay(evX[e], evY[e], evRel[e])
    bDist[i] = rayB; aDist[i] = rayA; bId[i] = rayBI; aId[i] = rayAI
  }

  nOut = 0
  if (!Full) pushVertex(cx, cy)
  for (let i = 0; i < m; i++) {
    const e = ord[i]
    if (i > 0) {
      const p = ord[i - 1]
      refine(evX[p], evY[p], aId[i - 1], evX[e], evY[e], bId[i], 0)
    }
    if (Full || i > 0) pushAlong(evX[e], evY[e], bDist[i])
    if (Full || i < m - 1) pushAlong(evX[e], evY[e], aDist[i])
  }
  if (Full) refine(evX[ord[m - 1]], evY[ord[m - 1]], aId[m - 1], evX[ord[0]], evY[ord[0]], bId[0], 0)
  while (nOut >= 4 && out[nOut - 2] === out[0] && out[nOut - 1] === out[1]) nOut -= 2
  // All round, the ring's start is just the first event: merge collinear vertices across it.
  while (Full && nOut >= 8) {
    if (between(out[nOut - 4], out[nOut - 3], out[nOut - 2], out[nOut - 1], out[0], out[1])) nOut -= 2
    else if (between(out[nOut - 2], out[nOut - 1], out[0], out[1], out[2], out[3])) {
      out.copyWithin(0, 2, nOut)
      nOut -= 2
    } else break
  }
  if (nOut < 6) return new Float64Array(0)
  return out.slice(0, nOut)
}

/** The visible ring of every view, in the same order (see visibleRing). */
export function visibleRings(obstacles: Obstacles, views: CameraViews, stepDeg = 2): Float64Array[] {
  const rings: Float64Array[] = new Array(views.count)
  for (let i = 0; i < views.count; i++) {
    rings[i] = visibleRing(obstacles, views.x[i], views.y[i], views.azimuth[i], views.fov[i], views.range[i], stepDeg)
  }
  return rings
}
