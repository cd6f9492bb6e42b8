/**
 * Incidents in view: how many cameras see each incident.
 *
 * "Sees" is camera-model.ts's inSector, so that the count, the sector drawn on the map and the
 * coverage raster share one definition: distance <= range and bearing within ±fov/2 of the
 * azimuth, both inclusive up to a 1e-9 rounding slack (a point built on the range circle or a
 * wedge edge counts), fov >= 360 a disc, the camera's own position inside, a NaN or negative
 * range nothing. Views with a non-finite position see nothing.
 *
 * Occlusion: with `visible` rings (local metres, one per view, an empty ring sees nothing) the
 * point must also be inside the view's ring, even-odd, with the boundary rule of
 * spatial-join.ts (a point on a west or south edge is in, on an east or north edge out).
 *
 * Index: the views are split by range into powers of two (… 32–64 m, 64–128 m, …) and each
 * tier gets a uniform grid over its camera positions whose cell is a hair larger than the
 * tier's longest range, so every camera of the tier that can see a point sits in the 3×3 cells
 * around it. Tiers keep one 2 km PTZ from blowing the cell up for 20,000 60 m bullets; as
 * each tier costs one pass over the points, a tier with under 1/16 of the views joins the next
 * longer one (whose cell is big enough for it). The cameras are stored in cell order, which
 * makes each row of those 3×3 cells one contiguous run of the arrays. A tier's grid is capped
 * at about 4 cells per camera (cameras spread over a province): the cell then grows, which
 * keeps the 3×3 rule valid. Views with an infinite range are checked against every point.
 */
import { orient2d } from 'robust-predicates'
import { inSector, type CameraViews } from './camera-model'
import { projectX, projectY, type LocalProjection } from './local-projection'

/**
 * Even-odd point in ring (x,y interleaved, not closed, either orientation) under the edge
 * rule of spatial-join.ts: half-open crossing number with a ray going east, each edge put
 * lower-y-first so the expression does not depend on the ring's direction, and the side
 * decided by the exact orient2d (negative when the point is left of the upward edge).
 */
export function ringContains(ring: Float64Array, x: number, y: number): boolean {
  const n = ring.length - (ring.length & 1)
  if (n < 6) return false
  let inside = false
  let x1 = ring[n - 2], y1 = ring[n - 1]
  for (let i = 0; i < n; i += 2) {
    const x2 = ring[i], y2 = ring[i + 1]
    let ax: number, ay: number, bx: number, by: number
    if (y1 < y2) { ax = x1; ay = y1; bx = x2; by = y2 } else { ax = x2; ay = y2; bx = x1; by = y1 }
    if (ay <= y && y < by) {
      if (x < ax && x < bx) inside = !inside
      else if ((x <= ax || x <= bx) && orient2d(ax, ay, bx, by, x, y) < 0) inside = !inside
    }
    x1 = x2
    y1 = y2
  }
  return inside
}

/**
 * A squared distance beyond which inSector surely says no: it allows r·(1 + 1e-9), so 1e-8
 * of slack is ample, and the grid margin below (1e-6) is ample for this.
 */
function reject2(range: number): number {
  return range * range * (1 + 1e-8)
}

/** One tier: a uniform grid over the positions of views of similar range. */
interface ViewGrid {
  minX: number
  minY: number
  inv: number
  nx: number
  ny: number
  /** the views of cell c are items cellStart[c] … cellStart[c+1]-1 of the arrays below */
  cellStart: Uint32Array
  x: Float64Array
  y: Float64Array
  reject2: Float64Array
  azimuth: Float64Array
  fov: Float64Array
  range: Float64Array
  view: Int32Array
}

function buildViewGrid(views: CameraViews, members: Int32Array): ViewGrid {
  const m = members.length
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, maxR = 0
  for (let j = 0; j < m; j++) {
    const v = members[j]
    const x = views.x[v], y = views.y[v], r = views.range[v]
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
    if (r > maxR) maxR = r
  }
  // The margin (1e-6, far above inSector's slack and the rounding of (x − minX)·inv) keeps a
  // point and any camera that reaches it at most one cell apart on each axis.
  let cell = Math.max(maxR * (1 + 1e-6), 1e-6 * Math.max(maxX - minX, maxY - minY), 1e-6)
  const maxCells = 4 * m + 1024
  let nx = 0, ny = 0
  for (;;) {
    nx = Math.floor((maxX - minX) / cell) + 1
    ny = Math.floor((maxY - minY) / cell) + 1
    if (nx * ny <= maxCells) break
    cell *= Math.max(1.01, Math.sqrt((nx * ny) / maxCells))
  }
  const inv = 1 / cell
  const cellOf = new Int32Array(m)
  const cellStart = new Uint32Array(nx * ny + 1)
  for (let j = 0; j < m; j++) {
    const v = members[j]
    const cx = Math.min(nx - 1, Math.floor((views.x[v] - minX) * inv))
    const cy = Math.min(ny - 1, Math.floor((views.y[v] - minY) * inv))
    cellOf[j] = cy * nx + cx
    cellStart[cellOf[j] + 1]++
  }
  for (let c = 0; c < nx * ny; c++) cellStart[c + 1] += cellStart[c]
  const fill = cellStart.slice(0, nx * ny)
  const g: ViewGrid = {
    minX, minY, inv, nx, ny, cellStart,
    x: new Float64Array(m), y: new Float64Array(m), reject2: new Float64Array(m),
    azimuth: new Float64Array(m), fov: new Float64Array(m), range: new Float64Array(m), view: new Int32Array(m),
  }
  for (let j = 0; j < m; j++) {
    const v = members[j]
    const k = fill[cellOf[j]]++
    g.x[k] = views.x[v]
    g.y[k] = views.y[v]
    g.reject2[k] = reject2(views.range[v])
    g.azimuth[k] = views.azimuth[v]
    g.fov[k] = views.fov[v]
    g.range[k] = views.range[v]
    g.view[k] = v
  }
  return g
}

/** Tier of a finite range >= 0: 0 for up to 1 m, then k for (2^(k-1), 2^k] m. */
function tierOf(range: number): number {
  return range <= 1 ? 0 : Math.ceil(Math.log2(range))
}

/** The tiers' grids, and the views of infinite range (they reach every point). */
function buildTiers(views: CameraViews): { grids: ViewGrid[]; unbounded: Int32Array } {
  const tiers = new Map<number, number[]>()
  const unbounded: number[] = []
  for (let v = 0; v < views.count; v++) {
    const r = views.range[v]
    if (!(Number.isFinite(views.x[v]) && Number.isFinite(views.y[v]) && r >= 0)) continue
    if (r === Infinity) { unbounded.push(v); continue }
    const t = tierOf(r)
    let list = tiers.get(t)
    if (!list) tiers.set(t, (list = []))
    list.push(v)
  }
  const grids: ViewGrid[] = []
  const keys = [...tiers.keys()].sort((a, b) => a - b)
  let carry: number[] = []
  let total = 0
  for (const list of tiers.values()) total += list.length
  for (let j = 0; j < keys.length; j++) {
    carry = carry.concat(tiers.get(keys[j])!)
    if (carry.length < Math.max(64, total / 16) && j < keys.length - 1) continue
    grids.push(buildViewGrid(views, Int32Array.from(carry)))
    carry = []
  }
  return { grids, unbounded: Int32Array.from(unbounded) }
}

/** Bounding boxes of the rings, [minX, minY, maxX, maxY] per view; empty rings get an empty box. */
function ringBoxes(visible: Float64Array[]): Float64Array {
  const box = new Float64Array(visible.length * 4)
  for (let v = 0; v < visible.length; v++) {
    const r = visible[v]
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
    for (let i = 0; i + 1 < r.length; i += 2) {
      if (r[i] < x0) x0 = r[i]
      if (r[i] > x1) x1 = r[i]
      if (r[i + 1] < y0) y0 = r[i + 1]
      if (r[i + 1] > y1) y1 = r[i + 1]
    }
    box[v * 4] = x0; box[v * 4 + 1] = y0; box[v * 4 + 2] = x1; box[v * 4 + 3] = y1
  }
  return box
}

function inRing(visible: Float64Array[], box: Float64Array, v: number, px: number, py: number): boolean {
  const b = v * 4
  return px >= box[b] && px <= box[b + 2] && py >= box[b + 1] && py <= box[b + 3] && ringContains(visible[v], px, py)
}

/**
 * For each point (local metres), how many camera views see it, saturating at 255 (see the
 * module comment for "sees"). `visible`: one occlusion ring per view (views.count of them);
 * `keep`: points with keep 0 (and points with a NaN coordinate) get 0.
 */
export function viewCounts(
  views: CameraViews,
  x: Float64Array,
  y: Float64Array,
  count: number,
  opts: { visible?: Float64Array[]; keep?: Uint8Array } = {},
): Uint8Array {
  const { visible, keep } = opts
  if (visible !== undefined && visible.length !== views.count) {
    throw new Error(`viewCounts: ${visible.length} visibility rings for ${views.count} camera views`)
  }
  const out = new Uint8Array(count)
  const { grids, unbounded } = buildTiers(views)
  const box = visible !== undefined ? ringBoxes(visible) : new Float64Array(0)
  // Tier by tier over all points: each pass is one tight loop over one grid's arrays.
  for (const g of grids) countTier(g, x, y, count, keep, visible, box, out)
  for (let j = 0; j < unbounded.length; j++) {
    const v = unbounded[j]
    const cx = views.x[v], cy = views.y[v], az = views.azimuth[v], fov = views.fov[v], r = views.range[v]
    for (let i = 0; i < count; i++) {
      if ((keep !== undefined && !keep[i]) || out[i] === 255) continue
      const px = x[i], py = y[i]
      if (!inSector(cx, cy, az, fov, r, px, py)) continue
      if (visible !== undefined && !inRing(visible, box, v, px, py)) continue
      out[i]++
    }
  }
  return out
}

/** Adds to out[i] (saturating at 255) the views of one tier that see point i. */
function countTier(
  g: ViewGrid, x: Float64Array, y: Float64Array, count: number, keep: Uint8Array | undefined,
  visible: Float64Array[] | undefined, box: Float64Array, out: Uint8Array,
): void {
  const { minX, minY, inv, nx, ny, cellStart, reject2: r2, azimuth, fov, range, view } = g
  const gx = g.x, gy = g.y
  for (let i = 0; i < count; i++) {
    if (keep !== undefined && !keep[i]) continue
    const px = x[i], py = y[i]
    const fx = Math.floor((px - minX) * inv)
    const fy = Math.floor((py - minY) * inv)
    // More than a cell beyond the tier's cameras: none of them reaches. Also rejects NaN.
    if (!(fx >= -1 && fx <= nx && fy >= -1 && fy <= ny)) continue
    const c0 = fx > 0 ? fx - 1 : 0
    const c1 = fx < nx - 1 ? fx + 1 : nx - 1
    const r0 = fy > 0 ? fy - 1 : 0
    const r1 = fy < ny - 1 ? fy + 1 : ny - 1
    let n = out[i]
    for (let row = r0; row <= r1; row++) {
      const end = cellStart[row * nx + c1 + 1]
      for (let k = cellStart[row * nx + c0]; k < end; k++) {
        const dx = px - gx[k], dy = py - gy[k]
        if (dx * dx + dy * dy > r2[k]) continue
        if (!inSector(gx[k], gy[k], azimuth[k], fov[k], range[k], px, py)) continue
        if (visible !== undefined && !inRing(visible, box, view[k], px, py)) continue
        n++
      }
    }
    out[i] = n > 255 ? 255 : n
  }
}

/** Share of kept points with viewCounts > 0 (the incidents-in-view rate); NaN when no points are kept. */
export function inViewRate(counts: Uint8Array, keep?: Uint8Array): number {
  let kept = 0, seen = 0
  for (let i = 0; i < counts.length; i++) {
    if (keep !== undefined && !keep[i]) continue
    kept++
    if (counts[i] > 0) seen++
  }
  return kept === 0 ? NaN : seen / kept
}

/** Projects lon/lat columns into the local projection (x east, y north, metres). */
export function projectPoints(proj: LocalProjection, lon: Float64Array, lat: Float64Array, count: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(count)
  const y = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    x[i] = projectX(proj, lon[i])
    y[i] = projectY(proj, lat[i])
  }
  return { x, y }
}
