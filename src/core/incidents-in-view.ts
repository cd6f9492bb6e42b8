/**
 * Incidents in view: how many cameras see each incident (viewCounts), and which incidents each
 * camera sees (viewMembers, the sets camera-placement.ts chooses among).
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
 * Index: the points, not the cameras. They are bucketed once into a uniform grid (cells of
 * about two points each, at least 5 m), then every view visits only the cells under its own
 * bounding box (apex, arc ends, and the circle's extreme points that fall inside the wedge)
 * and tests the points there. A narrow bullet's box is a fraction of the square around its
 * range that a camera-side index makes each point search, which is what keeps a million
 * incidents against 20,000 cameras well under a second. Views with an infinite range visit
 * every cell.
 */
import { inSector, type CameraViews } from './camera-model'
import { projectX, projectY, type LocalProjection } from './local-projection'
import { ringParity } from './spatial-join'

/** Even-odd point in ring (x,y interleaved, not closed, either orientation) under the edge rule of spatial-join.ts. */
export function ringContains(ring: Float64Array, x: number, y: number): boolean {
  const n = ring.length - (ring.length & 1)
  return n >= 6 && ringParity(ring, 0, n, x, y)
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

/** Points bucketed into a uniform grid: the points of cell c are order[cellStart[c] … cellStart[c+1]-1]. */
interface PointGrid { minX: number; minY: number; cell: number; nx: number; ny: number; cellStart: Uint32Array; order: Uint32Array }

function pointGrid(x: Float64Array, y: Float64Array, count: number, keep: Uint8Array | undefined): PointGrid | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, n = 0
  for (let i = 0; i < count; i++) {
    if (keep !== undefined && !keep[i]) continue
    const px = x[i], py = y[i]
    if (!(Number.isFinite(px) && Number.isFinite(py))) continue
    n++
    if (px < minX) minX = px
    if (px > maxX) maxX = px
    if (py < minY) minY = py
    if (py > maxY) maxY = py
  }
  if (n === 0) return null
  const w = maxX - minX, h = maxY - minY
  const cell = Math.max(5, Math.sqrt((w * h) / Math.max(1, n / 2)), Math.sqrt((w * h) / 16e6))
  const nx = Math.floor(w / cell) + 1, ny = Math.floor(h / cell) + 1
  const cellOf = new Int32Array(count).fill(-1)
  const cellStart = new Uint32Array(nx * ny + 1)
  for (let i = 0; i < count; i++) {
    if (keep !== undefined && !keep[i]) continue
    const px = x[i], py = y[i]
    if (!(Number.isFinite(px) && Number.isFinite(py))) continue
    const c = Math.floor((py - minY) / cell) * nx + Math.floor((px - minX) / cell)
    cellOf[i] = c
    cellStart[c + 1]++
  }
  for (let c = 0; c < nx * ny; c++) cellStart[c + 1] += cellStart[c]
  const fill = cellStart.slice(0, nx * ny)
  const order = new Uint32Array(n)
  for (let i = 0; i < count; i++) if (cellOf[i] >= 0) order[fill[cellOf[i]]++] = i
  return { minX, minY, cell, nx, ny, cellStart, order }
}

const DEG = Math.PI / 180

/** Bounding box of a view's sector, with a margin above inSector's slack; null when it sees nothing. */
function sectorBox(cx: number, cy: number, az: number, fov: number, r: number, out: Float64Array): boolean {
  if (!(r >= 0) || !Number.isFinite(cx) || !Number.isFinite(cy)) return false
  const m = r * 1e-6 + 1e-6
  if (fov >= 360 || !Number.isFinite(r)) {
    out[0] = cx - r - m; out[1] = cy - r - m; out[2] = cx + r + m; out[3] = cy + r + m
    return true
  }
  let x0 = cx, y0 = cy, x1 = cx, y1 = cy
  const take = (bearing: number) => {
    const px = cx + r * Math.sin(bearing * DEG), py = cy + r * Math.cos(bearing * DEG)
    if (px < x0) x0 = px
    if (px > x1) x1 = px
    if (py < y0) y0 = py
    if (py > y1) y1 = py
  }
  take(az - fov / 2)
  take(az + fov / 2)
  // the circle's north, east, south and west points, where the wedge holds them
  for (const b of [0, 90, 180, 270]) {
    let d = (b - az) % 360
    if (d > 180) d -= 360
    else if (d < -180) d += 360
    if (Math.abs(d) <= fov / 2 + 1e-6) take(b)
  }
  out[0] = x0 - m; out[1] = y0 - m; out[2] = x1 + m; out[3] = y1 + m
  return true
}

interface SeenOptions { visible?: Float64Array[]; keep?: Uint8Array }

/**
 * The one traversal behind viewCounts and viewMembers: for each view v (in order) that sees
 * anything, visit(v, hits, n) with hits[0 … n-1] the points it sees, in grid order (not
 * sorted). Handing over a whole view at a time keeps the per-point loop free of a call, so
 * both users run at the speed of the loop that viewCounts used to inline.
 */
function forEachSeen(
  who: string, views: CameraViews, x: Float64Array, y: Float64Array, count: number, opts: SeenOptions,
  visit: (v: number, hits: Uint32Array, n: number) => void,
): void {
  const { visible, keep } = opts
  if (visible !== undefined && visible.length !== views.count) {
    throw new Error(`${who}: ${visible.length} visibility rings for ${views.count} camera views`)
  }
  const g = pointGrid(x, y, count, keep)
  if (g === null) return
  const box = visible !== undefined ? ringBoxes(visible) : new Float64Array(0)
  const sb = new Float64Array(4)
  const { minX, minY, cell, nx, ny, cellStart, order } = g
  // a view sees each gridded point at most once, so the gridded count bounds any view's hits
  const hits = new Uint32Array(order.length)
  for (let v = 0; v < views.count; v++) {
    const cx = views.x[v], cy = views.y[v], az = views.azimuth[v], fov = views.fov[v], r = views.range[v]
    if (!sectorBox(cx, cy, az, fov, r, sb)) continue
    const c0 = Math.max(0, Math.floor((sb[0] - minX) / cell)), c1 = Math.min(nx - 1, Math.floor((sb[2] - minX) / cell))
    const r0 = Math.max(0, Math.floor((sb[1] - minY) / cell)), r1 = Math.min(ny - 1, Math.floor((sb[3] - minY) / cell))
    let n = 0
    for (let row = r0; row <= r1; row++) {
      const end = cellStart[row * nx + c1 + 1]
      for (let k = cellStart[row * nx + c0]; k < end; k++) {
        const i = order[k]
        const px = x[i], py = y[i]
        if (px < sb[0] || px > sb[2] || py < sb[1] || py > sb[3]) continue
        if (!inSector(cx, cy, az, fov, r, px, py)) continue
        if (visible !== undefined && !inRing(visible, box, v, px, py)) continue
        hits[n++] = i
      }
    }
    if (n > 0) visit(v, hits, n)
  }
}

/**
 * For each point (local metres), how many camera views see it, saturating at 255 (see the
 * module comment for "sees"). `visible`: one occlusion ring per view (views.count of them);
 * `keep`: points with keep 0 (and points with a NaN coordinate) get 0.
 */
export function viewCounts(views: CameraViews, x: Float64Array, y: Float64Array, count: number, opts: SeenOptions = {}): Uint8Array {
  const out = new Uint8Array(count)
  forEachSeen('viewCounts', views, x, y, count, opts, (_v, hits, n) => {
    for (let k = 0; k < n; k++) {
      const i = hits[k]
      if (out[i] < 255) out[i]++
    }
  })
  return out
}

/** Sets in compressed-row form: set s holds items[start[s] … start[s+1]-1]. */
export interface CoverSets {
  count: number
  /** count + 1 offsets into items */
  start: Uint32Array
  /** point indices, ascending within a set */
  items: Uint32Array
}

/**
 * For each view, the points it sees (the same "sees" and options as viewCounts, without the
 * 255 cap): set v of the result is view v's. One traversal into a buffer that doubles when
 * full; each view's hits are sorted on the way in, so a set reads the point columns in
 * memory order and two runs give identical sets whatever the grid.
 */
export function viewMembers(views: CameraViews, x: Float64Array, y: Float64Array, count: number, opts: SeenOptions = {}): CoverSets {
  const start = new Uint32Array(views.count + 1)
  let items = new Uint32Array(Math.max(1024, Math.min(count, 1 << 22)))
  let used = 0, next = 0
  forEachSeen('viewMembers', views, x, y, count, opts, (v, hits, n) => {
    for (; next <= v; next++) start[next] = used // views before v saw nothing
    if (used + n > items.length) {
      const grown = new Uint32Array(Math.max(used + n, items.length * 2))
      grown.set(items.subarray(0, used))
      items = grown
    }
    const set = items.subarray(used, used + n)
    set.set(hits.subarray(0, n))
    set.sort()
    used += n
  })
  for (; next <= views.count; next++) start[next] = used
  return { count: views.count, start, items: items.slice(0, used) }
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
