/**
 * The angular sweep behind visibleRing (visibility.ts; the method is described there): one
 * camera's state and the scratch buffers, kept in a VisibilitySweep object instead of the
 * module, so sweeps never share state. A sweep is reused camera after camera (visibleRings)
 * and allocates little more than each result; two sweeps can run interleaved.
 *
 * Phases, in order for each camera: aim (the camera, and the sectors blocked by a building it
 * stands on), gather (arc samples, candidate walls and their events), trace (sort the events,
 * cast a ray at each, and walk the boundary between them).
 */
import { blocked, blockedSectors } from './visibility-camera-site'
import type { Obstacles } from './visibility-obstacles'
import { ccw, onSegment, sameDirection } from './visibility-orient'

const RAD = Math.PI / 180
const TAU = 2 * Math.PI
/** A refinement at a crossing splits an interval; real layers need one or two levels. */
const MAX_REFINE_DEPTH = 16

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

/**
 * Rays that land on the same wall give collinear vertices; only the wall's ends are kept. B is
 * dropped when it lies between A and C within 1e-9 m of the line (rounding noise).
 */
function between(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  const px = cx - ax, py = cy - ay, qx = bx - ax, qy = by - ay
  const cross = qx * py - qy * px
  return cross * cross <= 1e-18 * (px * px + py * py) && qx * px + qy * py > 0 && (cx - bx) * px + (cy - by) * py > 0
}

const NO_OBSTACLES: Obstacles = {
  count: 0,
  ax: new Float64Array(0), ay: new Float64Array(0), bx: new Float64Array(0), by: new Float64Array(0),
  index: null,
  footprints: 0,
  footprintStart: new Uint32Array(1),
  footprintIndex: null,
}

export class VisibilitySweep {
  // ---- the camera (set by aim) ----
  private ob: Obstacles = NO_OBSTACLES
  private cx = 0
  private cy = 0
  private r = 0
  private r2 = 0
  private theta0 = 0
  private fov = 0
  private full = false
  private step = 0
  /** arc samples are events 0 .. nArcEv − 1; event nArc is the second sector edge */
  private nArc = 0
  private nArcEv = 0

  // ---- scratch, grown as needed and kept from camera to camera ----
  private nCand = 0
  private cand: Uint32Array = new Uint32Array(256)
  /** Angular extent of each candidate as seen from the camera: from candLo, candSpan radians counter-clockwise. */
  private candLo: Float64Array = new Float64Array(256)
  private candSpan: Float64Array = new Float64Array(256)
  private nEv = 0
  private evRel: Float64Array = new Float64Array(512)
  private evX: Float64Array = new Float64Array(512)
  private evY: Float64Array = new Float64Array(512)
  private order: Uint32Array = new Uint32Array(512)
  private bDist: Float64Array = new Float64Array(512)
  private aDist: Float64Array = new Float64Array(512)
  private bId: Int32Array = new Int32Array(512)
  private aId: Int32Array = new Int32Array(512)
  private nOut = 0
  private out: Float64Array = new Float64Array(1024)
  /**
   * Sectors around the camera blocked by the building it stands on: [px, py, qx, qy] each, open,
   * counter-clockwise from the direction of P to that of Q.
   */
  private readonly sectors: number[] = []
  /** Scratch for blockedSectors: rays to the ends of walls through the camera, [x, y, winding step]. */
  private readonly rays: number[] = []
  // Results of castRay.
  private rayB = 0
  private rayA = 0
  private rayBI = -1
  private rayAI = -1

  /**
   * Sets the camera (arguments already checked by visibleRing); false when it sees nothing
   * because it stands strictly inside a footprint.
   */
  aim(obstacles: Obstacles, cx: number, cy: number, azimuthDeg: number, fovDeg: number, range: number, stepDeg: number): boolean {
    this.ob = obstacles
    this.cx = cx
    this.cy = cy
    this.r = range
    this.r2 = range * range
    this.full = fovDeg >= 360
    this.fov = this.full ? TAU : fovDeg * RAD
    this.step = Math.min(90, Math.max(0.01, stepDeg)) * RAD
    this.theta0 = (90 - azimuthDeg) * RAD - (this.full ? Math.PI : this.fov / 2)
    return blockedSectors(obstacles, cx, cy, this.sectors, this.rays)
  }

  /** Arc samples, edges of blocked sectors, candidate walls and their events. */
  gather(): void {
    const { cx, cy, r: range, full: Full, fov: Fov, theta0: Theta0, sectors } = this
    // Arc samples, both sector edges included; evenly spaced so no gap exceeds the step. They are
    // events 0 .. nArcEv − 1, in angle order.
    this.nEv = 0
    const nArc = Math.max(Full ? 4 : 1, Math.ceil(Fov / this.step - 1e-9))
    const nArcEv = Full ? nArc : nArc + 1
    this.nArc = nArc
    this.nArcEv = nArcEv
    for (let k = 0; k < nArcEv; k++) {
      const rel = (k * Fov) / nArc
      this.pushEvent(rel, cx + range * Math.cos(Theta0 + rel), cy + range * Math.sin(Theta0 + rel))
    }

    // The edges of blocked sectors (directions of walls through the camera).
    for (let i = 0; i < sectors.length; i += 2) this.addPointEvent(sectors[i], sectors[i + 1])

    // Candidate walls: bbox of the sector (camera, arc ends, and the arc's extreme points).
    this.nCand = 0
    const obstacles = this.ob
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
      obstacles.index.search(x0, y0, x1, y1, this.collect)
    }

    const { ax, ay, bx, by } = obstacles
    const nCand = this.nCand, cand = this.cand, R2 = this.r2
    if (this.candLo.length < nCand) {
      this.candLo = new Float64Array(cand.length)
      this.candSpan = new Float64Array(cand.length)
    }
    const candLo = this.candLo, candSpan = this.candSpan
    for (let k = 0; k < nCand; k++) {
      const e = cand[k]
      const px = ax[e], py = ay[e]
      // A wall not through the camera spans less than half a turn, so the shorter way round is it;
      // one passing within rounding of the camera could be taken the wrong way round, so it is
      // never skipped.
      const ra = this.relAngle(px, py), rb = this.relAngle(bx[e], by[e])
      let span = rb - ra
      if (span < 0) span += TAU
      if (Math.abs(span - Math.PI) < 1e-6) { candLo[k] = 0; candSpan[k] = TAU }
      else if (span < Math.PI) { candLo[k] = ra; candSpan[k] = span } else { candLo[k] = rb; candSpan[k] = TAU - span }
      // Each vertex starts one wall of its ring; the wall leaving it is a candidate whenever the
      // vertex is in range and in the sector, so start points alone cover every vertex (walls
      // through the camera are not candidates, but they only matter as sector edges, added above).
      const fx = px - cx, fy = py - cy
      const ff = fx * fx + fy * fy
      if (ff <= R2) this.addPointEvent(px, py)
      // Where the wall crosses the range circle, the boundary turns from wall to arc.
      const ex = bx[e] - px, ey = by[e] - py
      const ee = ex * ex + ey * ey
      if (ee === 0) continue
      const fe = fx * ex + fy * ey
      const disc = fe * fe - ee * (ff - R2)
      if (disc > 0) {
        const sq = Math.sqrt(disc)
        const t1 = (-fe - sq) / ee, t2 = (-fe + sq) / ee
        if (t1 > 0 && t1 < 1) this.addPointEvent(px + t1 * ex, py + t1 * ey)
        if (t2 > 0 && t2 < 1) this.addPointEvent(px + t2 * ex, py + t2 * ey)
      }
    }
  }

  /** The visible ring from the gathered events (see visibleRing). */
  trace(): Float64Array {
    const { cx, cy, full: Full, nArc, nArcEv } = this
    // Nothing in range (a third of the cameras of a city): the plain sector.
    if (this.nCand === 0 && this.sectors.length === 0) {
      const ring = new Float64Array(Full ? nArcEv * 2 : nArcEv * 2 + 2)
      let j = 0
      if (!Full) { ring[j++] = cx; ring[j++] = cy }
      for (let k = 0; k < nArcEv; k++) { ring[j++] = this.evX[k]; ring[j++] = this.evY[k] }
      return ring
    }

    // Sort by angle, keep what lies between the sector's edge rays (events 0 and nArc), and merge
    // rays that are exactly the same direction.
    // The arc samples are in order already: sort the other events and merge.
    const nEv = this.nEv
    this.order = growU32(this.order, 2 * nEv)
    const ord = this.order.subarray(0, nEv)
    const pts = this.order.subarray(nEv, 2 * nEv - nArcEv)
    for (let i = 0; i < pts.length; i++) pts[i] = nArcEv + i
    pts.sort(this.byAngle)
    for (let i = 0, j = 0, k = 0; k < nEv; k++) {
      if (j >= pts.length || (i < nArcEv && this.byAngle(i, pts[j]) <= 0)) ord[k] = i++
      else ord[k] = pts[j++]
    }
    let lo = 0, hi = nEv - 1
    if (!Full) {
      for (let i = 0; i < nEv; i++) {
        if (ord[i] === 0) lo = i
        else if (ord[i] === nArc) hi = i
      }
    }
    const { evX, evY, evRel } = this
    let m = 0
    for (let i = lo; i <= hi; i++) {
      const e = ord[i]
      if (m > 0) {
        const p = ord[m - 1]
        if (sameDirection(cx, cy, evX[p], evY[p], evX[e], evY[e])) continue
      }
      ord[m++] = e
    }
    if (Full && m > 1) {
      const p = ord[m - 1], e = ord[0]
      if (sameDirection(cx, cy, evX[p], evY[p], evX[e], evY[e])) m--
    }

    if (m > this.bDist.length) {
      this.bDist = growF64(this.bDist, m)
      this.aDist = growF64(this.aDist, m)
      const n = this.bDist.length
      this.bId = new Int32Array(n)
      this.aId = new Int32Array(n)
    }
    const { bDist, aDist, bId, aId } = this
    for (let i = 0; i < m; i++) {
      const e = ord[i]
      this.castRay(evX[e], evY[e], evRel[e])
      bDist[i] = this.rayB; aDist[i] = this.rayA; bId[i] = this.rayBI; aId[i] = this.rayAI
    }

    this.nOut = 0
    if (!Full) this.pushVertex(cx, cy)
    for (let i = 0; i < m; i++) {
      const e = ord[i]
      if (i > 0) {
        const p = ord[i - 1]
        this.refine(evX[p], evY[p], aId[i - 1], evX[e], evY[e], bId[i], 0)
      }
      if (Full || i > 0) this.pushAlong(evX[e], evY[e], bDist[i])
      if (Full || i < m - 1) this.pushAlong(evX[e], evY[e], aDist[i])
    }
    if (Full) this.refine(evX[ord[m - 1]], evY[ord[m - 1]], aId[m - 1], evX[ord[0]], evY[ord[0]], bId[0], 0)
    const out = this.out
    let nOut = this.nOut
    while (nOut >= 4 && out[nOut - 2] === out[0] && out[nOut - 1] === out[1]) nOut -= 2
    // All round, the ring's start is just the first event: merge collinear vertices across it.
    while (Full && nOut >= 8) {
      if (between(out[nOut - 4], out[nOut - 3], out[nOut - 2], out[nOut - 1], out[0], out[1])) nOut -= 2
      else if (between(out[nOut - 2], out[nOut - 1], out[0], out[1], out[2], out[3])) {
        out.copyWithin(0, 2, nOut)
        nOut -= 2
      } else break
    }
    this.nOut = nOut
    if (nOut < 6) return new Float64Array(0)
    return out.slice(0, nOut)
  }

  private pushEvent(rel: number, x: number, y: number): void {
    const nEv = this.nEv
    if (nEv === this.evRel.length) {
      const n = nEv * 2
      this.evRel = growF64(this.evRel, n)
      this.evX = growF64(this.evX, n)
      this.evY = growF64(this.evY, n)
    }
    this.evRel[nEv] = rel
    this.evX[nEv] = x
    this.evY[nEv] = y
    this.nEv = nEv + 1
  }

  private addPointEvent(x: number, y: number): void {
    if (x === this.cx && y === this.cy) return
    let rel = this.relAngle(x, y)
    if (!this.full && rel > this.fov) {
      // atan2 may put a point on a sector edge a hair outside: keep the doubtful ones, the sort
      // (exact near the edges) and the cut at the edge rays decide.
      if (rel >= TAU - 1e-9) rel -= TAU
      else if (rel > this.fov + 1e-9) return
    }
    this.pushEvent(rel, x, y)
  }

  /** flatbush filter: collects walls that come within range, except those through the camera. */
  private readonly collect = (e: number): boolean => {
    const OB = this.ob, Cx = this.cx, Cy = this.cy
    const ax = OB.ax[e], ay = OB.ay[e], bx = OB.bx[e], by = OB.by[e]
    const ex = bx - ax, ey = by - ay
    const l2 = ex * ex + ey * ey
    let t = l2 > 0 ? ((Cx - ax) * ex + (Cy - ay) * ey) / l2 : 0
    t = t < 0 ? 0 : t > 1 ? 1 : t
    const qx = ax + t * ex - Cx, qy = ay + t * ey - Cy
    const d2 = qx * qx + qy * qy
    if (d2 > this.r2) return false
    // Walls through the camera are represented by blocked sectors (same exact test as in blockedSectors).
    if (d2 <= 1e-12 && onSegment(ax, ay, bx, by, Cx, Cy)) return false
    if (this.nCand === this.cand.length) this.cand = growU32(this.cand, this.nCand * 2)
    this.cand[this.nCand++] = e
    return false
  }

  /** Angle of (x, y) from the camera, counter-clockwise from the first sector edge, in [0, 2π). */
  private relAngle(x: number, y: number): number {
    const rel = Math.atan2(y - this.cy, x - this.cx) - this.theta0
    return rel - TAU * Math.floor(rel / TAU)
  }

  /**
   * Nearest wall along the ray C→T (at angle rel, as relAngle) just clockwise (rayB, rayBI) and
   * just counter-clockwise (rayA, rayAI) of it, capped at the range (id −1), or 0 where the
   * camera's own building blocks (id −2).
   */
  private castRay(tx: number, ty: number, rel: number): void {
    const Cx = this.cx, Cy = this.cy
    const dx = tx - Cx, dy = ty - Cy
    const len = Math.sqrt(dx * dx + dy * dy)
    const { ax: AX, ay: AY, bx: BX, by: BY } = this.ob
    const { nCand, cand, candLo, candSpan } = this
    let bD = this.r, aD = this.r, bI = -1, aI = -1
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
    const sectors = this.sectors
    if (sectors.length > 0) {
      if (blocked(sectors, Cx, Cy, tx, ty, -1)) { bD = 0; bI = -2 }
      if (blocked(sectors, Cx, Cy, tx, ty, 1)) { aD = 0; aI = -2 }
    }
    this.rayB = bD; this.rayA = aD; this.rayBI = bI; this.rayAI = aI
  }

  private pushVertex(x: number, y: number): void {
    const nOut = this.nOut
    let out = this.out
    if (nOut >= 2 && out[nOut - 2] === x && out[nOut - 1] === y) return
    // B is the last vertex pushed, so the apex (first) is never dropped.
    if (nOut >= 4 && between(out[nOut - 4], out[nOut - 3], out[nOut - 2], out[nOut - 1], x, y)) {
      out[nOut - 2] = x
      out[nOut - 1] = y
      return
    }
    if (nOut + 2 > out.length) this.out = out = growF64(out, nOut + 2)
    out[nOut] = x
    out[nOut + 1] = y
    this.nOut = nOut + 2
  }

  /** The point at `dist` along C→T (T itself when that is where it lies). */
  private pushAlong(tx: number, ty: number, dist: number): void {
    const Cx = this.cx, Cy = this.cy
    const dx = tx - Cx, dy = ty - Cy
    const len = Math.sqrt(dx * dx + dy * dy)
    if (dist === len) this.pushVertex(tx, ty)
    else this.pushVertex(Cx + (dx * dist) / len, Cy + (dy * dist) / len)
  }

  /**
   * Between two consecutive rays no wall ends, so if the nearest wall differs at the two ends
   * the two walls cross in between; cast at the crossing and split there.
   */
  private refine(t1x: number, t1y: number, id1: number, t2x: number, t2y: number, id2: number, depth: number): void {
    if (id1 < 0 || id2 < 0 || id1 === id2 || depth > MAX_REFINE_DEPTH) return
    const { ax, ay, bx, by } = this.ob
    const Cx = this.cx, Cy = this.cy
    const rx = bx[id1] - ax[id1], ry = by[id1] - ay[id1]
    const sx = bx[id2] - ax[id2], sy = by[id2] - ay[id2]
    const den = rx * sy - ry * sx
    if (den === 0) return // parallel or one line (shared walls): nothing changes in between
    const t = ((ax[id2] - ax[id1]) * sy - (ay[id2] - ay[id1]) * sx) / den
    const xx = ax[id1] + t * rx, xy = ay[id1] + t * ry
    if (!(ccw(Cx, Cy, t1x, t1y, xx, xy) > 0 && ccw(Cx, Cy, xx, xy, t2x, t2y) > 0)) return
    this.castRay(xx, xy, this.relAngle(xx, xy))
    const b = this.rayB, a = this.rayA, bi = this.rayBI, ai = this.rayAI
    this.refine(t1x, t1y, id1, xx, xy, bi, depth + 1)
    this.pushAlong(xx, xy, b)
    this.pushAlong(xx, xy, a)
    this.refine(xx, xy, ai, t2x, t2y, id2, depth + 1)
  }

  private readonly byAngle = (i: number, j: number): number => {
    const evRel = this.evRel, evX = this.evX, evY = this.evY
    const d = evRel[i] - evRel[j]
    if (d > 1e-12 || d < -1e-12) return d
    // Nearly the same angle: the exact orientation decides, so rays never swap by rounding.
    const o = ccw(this.cx, this.cy, evX[i], evY[i], evX[j], evY[j])
    return o > 0 ? -1 : o < 0 ? 1 : d
  }
}
