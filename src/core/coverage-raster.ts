/**
 * Camera coverage as a raster: a bitset of square cells in local metres (local-projection.ts).
 *
 * Why a raster. The union of tens of thousands of sectors over a whole district, and its area
 * per street and per compound, are too slow as exact polygon booleans; a bitset union is a
 * word-wise OR, and an area is a popcount. The price is a stated error, below.
 *
 * Layout. Cells of `cell` metres over [x0, x0 + cols·cell) × [y0, y0 + rows·cell); cell
 * i = row·cols + col, row 0 in the south; bit i is bit (i & 31) of word i >>> 5 (least significant
 * bit first), rows packed back to back with no padding. Cell centres are
 * x0 + (col + 0.5)·cell, y0 + (row + 0.5)·cell, computed by exactly that expression everywhere.
 * 2 m cells over 20 × 25 km: 10,000 × 12,500 cells = 15.6 MB.
 *
 * Sampling rule. A cell is covered when its CENTRE is inside a shape; an area's covered m² is
 * (covered cells whose centre is inside the area) × cell².
 *
 * The edge rule, the one spatial-join.ts uses for points: a centre p on a shape's boundary is
 * inside when p + (ε, ε²) is in the shape's interior for every small enough ε > 0. For the
 * scanline this means: per row, crossings with the row's centre line are taken for edges with
 * a.y <= yc < b.y (lower end first; horizontal edges never count), and a span between crossings
 * X1 <= X2 covers the centres with X1 <= xc < X2. So a centre on a west or south boundary is
 * covered, one on an east or north boundary is not, and shapes that tile the plane (neighbouring
 * areas sharing an edge) claim each centre exactly once: shared edges are evaluated on the
 * identical operands in the same (lower-end-first) order, so both sides get the identical
 * crossing. Crossings on slanted edges are computed in floating point, so there the rule holds
 * up to rounding (~1e-16 relative), not exactly. Sectors follow the same rule without a polygon:
 * their straight sides are half-planes whose boundary line follows the ε-nudge (a side pointing
 * due east or west included), and the disc is [cx − h, cx + h) per row, so the circle's west
 * half is in and its east half and the two tangent points (top and bottom) are out. Sides along
 * the axes or the diagonals are exact (see sinDeg); other sides, and the circle, are computed in
 * floating point like slanted edges.
 *
 * The error bound. Misclassifying a cell needs a shape boundary through the cell's interior:
 * a cell that is wholly inside or wholly outside is sampled right whatever point of it is tested.
 * So |covered_raster − covered_exact| ≤ (cells whose interior a boundary crosses) · cell².
 * Cut the boundaries into pieces monotone in x and in y (a polygon edge is one piece; a circular
 * arc is one piece per quadrant it passes through). A monotone piece with extent Δx, Δy enters a
 * new cell only by crossing a grid line, and crosses each grid line at most once, so it
 * meets at most 1 + (|Δx|/cell + 1) + (|Δy|/cell + 1) cells, and |Δx| + |Δy| ≤ √2·length. Hence
 *   |error| ≤ √2·L·cell + 3·P·cell²,   L = total boundary length, P = number of pieces,
 * which is rasterAreaErrorBound(L, cell, P). The union of shapes has a boundary inside the union
 * of their boundaries, so the sum of the sector perimeters (sectorBoundary) bounds the union's
 * error; for the part covered within an area add the area's perimeter and edges. It is a worst
 * case: the errors of different cells have both signs and mostly cancel (20 sectors at 0.25 m
 * against turf: 0.2 m² off, bound 1,430 m²; 20,000 views at 2 m against 0.5 m: 881 m² off,
 * bound 10.6 km²). It assumes the shapes lie inside the raster; cells outside are not recorded.
 */
import { orient2d } from 'robust-predicates'
import type { AreaSet } from './areas'
import { projectX, projectY, type LocalProjection } from './local-projection'

/** A bitset over [x0, x0 + cols·cell) × [y0, y0 + rows·cell) in local metres; cell i = row·cols + col, row 0 in the south. A cell is covered when its CENTRE is inside a coverage shape. */
export interface CoverageRaster {
  x0: number
  y0: number
  /** cell side, metres */
  cell: number
  cols: number
  rows: number
  /** bit i (word i >>> 5, bit i & 31) set when cell i is covered */
  bits: Uint32Array
}

/** 400,000,000 cells = 50 MB of bits. */
export const DEFAULT_MAX_RASTER_CELLS = 400_000_000
// Bit indices go through `>>> 5`, which is exact only below 2^32.
const HARD_MAX_CELLS = 2 ** 32 - 32

/**
 * An empty raster over [x0, x1) × [y0, y1) in local metres. cols = max(1, ceil((x1 − x0) / cell))
 * and rows likewise (an extent that is a whole number of cells up to 1e-9 cell gets no extra
 * column), so the raster may reach a little past x1 and y1. Throws a clear Error when cell is not
 * a positive number, the extent is not finite and ordered, or it would exceed maxCells (default
 * 400,000,000 cells = 50 MB).
 */
export function coverageRaster(x0: number, y0: number, x1: number, y1: number, cell: number, maxCells = DEFAULT_MAX_RASTER_CELLS): CoverageRaster {
  if (!(cell > 0) || !Number.isFinite(cell)) throw new Error(`coverage raster cell size must be a positive number of metres (got ${cell})`)
  if (![x0, y0, x1, y1].every(Number.isFinite) || x1 < x0 || y1 < y0) {
    throw new Error(`coverage raster extent must be finite with x0 <= x1 and y0 <= y1 (got x ${x0}..${x1}, y ${y0}..${y1})`)
  }
  const cols = Math.max(1, Math.ceil((x1 - x0) / cell - 1e-9))
  const rows = Math.max(1, Math.ceil((y1 - y0) / cell - 1e-9))
  const limit = Math.min(maxCells, HARD_MAX_CELLS)
  if (cols * rows > limit) {
    throw new Error(
      `a ${cell} m coverage raster over this extent would have ${cols} × ${rows} = ${cols * rows} cells ` +
        `(${((cols * rows) / 8 / 1e6).toFixed(1)} MB), more than the limit of ${limit}; use larger cells`,
    )
  }
  return { x0, y0, cell, cols, rows, bits: new Uint32Array(Math.ceil((cols * rows) / 32)) }
}

/** Smallest index i in [0, n] whose centre origin + (i + 0.5)·cell is >= v; n when there is none. */
function firstCentreAtOrAfter(v: number, origin: number, cell: number, n: number): number {
  let i = Math.ceil((v - origin) / cell - 0.5)
  if (!(i > 0)) i = 0
  else if (i > n) i = n
  // The division can round either way; settle it against the centre expression itself so that
  // "centre >= v" is decided on the very numbers every other function uses.
  while (i > 0 && origin + (i - 0.5) * cell >= v) i--
  while (i < n && origin + (i + 0.5) * cell < v) i++
  return i
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

/** Number of set bits among bits [from, to) of the bitset, a word at a time. */
export function countSetBits(bits: Uint32Array, from: number, to: number): number {
  if (!(from < to)) return 0
  const w0 = from >>> 5
  const w1 = (to - 1) >>> 5
  const m0 = (-1 << (from & 31)) >>> 0
  const m1 = -1 >>> (31 - ((to - 1) & 31))
  if (w0 === w1) return popcount32(bits[w0] & m0 & m1)
  let n = popcount32(bits[w0] & m0) + popcount32(bits[w1] & m1)
  for (let w = w0 + 1; w < w1; w++) n += popcount32(bits[w])
  return n
}

/** Sets bits [from, to); returns how many were not set before. */
function setBits(bits: Uint32Array, from: number, to: number): number {
  if (!(from < to)) return 0
  const w0 = from >>> 5
  const w1 = (to - 1) >>> 5
  const m0 = (-1 << (from & 31)) >>> 0
  const m1 = -1 >>> (31 - ((to - 1) & 31))
  if (w0 === w1) {
    const m = m0 & m1
    const old = bits[w0]
    bits[w0] = old | m
    return popcount32(m & ~old)
  }
  let old = bits[w0]
  bits[w0] = old | m0
  let added = popcount32(m0 & ~old)
  for (let w = w0 + 1; w < w1; w++) {
    old = bits[w]
    if (old !== 0xffffffff) {
      added += 32 - popcount32(old)
      bits[w] = 0xffffffff
    }
  }
  old = bits[w1]
  bits[w1] = old | m1
  return added + popcount32(m1 & ~old)
}

/** Called once per span of covered centres: columns [c0, c1) of `row`, c0 < c1. */
type SpanVisitor = (row: number, c0: number, c1: number) => void

function sortRange(a: Float64Array, s: number, e: number): void {
  if (e - s <= 16) {
    for (let i = s + 1; i < e; i++) {
      const v = a[i]
      let j = i - 1
      while (j >= s && a[j] > v) {
        a[j + 1] = a[j]
        j--
      }
      a[j + 1] = v
    }
  } else {
    a.subarray(s, e).sort()
  }
}

/**
 * Even-odd scanline over rings [ringFrom, ringTo) of xy (x,y interleaved, open rings, ring k =
 * vertices [starts[k], starts[k+1])): visits the spans of cell centres inside, clipped to the
 * raster. Crossings are bucketed per row (count, then fill) so that each edge is visited once
 * and each row sorts only its own few crossings.
 */
function scanRings(r: CoverageRaster, xy: Float64Array, starts: ArrayLike<number>, ringFrom: number, ringTo: number, visit: SpanVisitor): void {
  const { x0, y0, cell, cols, rows } = r
  let ymin = Infinity, ymax = -Infinity
  for (let k = ringFrom; k < ringTo; k++) {
    for (let i = starts[k] * 2 + 1, end = starts[k + 1] * 2; i < end; i += 2) {
      const y = xy[i]
      if (y < ymin) ymin = y
      if (y > ymax) ymax = y
    }
  }
  const rLo = firstCentreAtOrAfter(ymin, y0, cell, rows)
  const rHi = firstCentreAtOrAfter(ymax, y0, cell, rows)
  if (rLo >= rHi) return
  const nr = rHi - rLo

  // Pass 1: crossings per row, as a difference array over each edge's row range.
  const offset = new Int32Array(nr + 1)
  for (let k = ringFrom; k < ringTo; k++) {
    const start = starts[k] * 2, end = starts[k + 1] * 2
    if (end - start < 6) continue
    let py = xy[end - 1]
    for (let i = start + 1; i < end; i += 2) {
      const qy = xy[i]
      if (py !== qy) {
        const lo = py < qy ? py : qy, hi = py < qy ? qy : py
        const ra = firstCentreAtOrAfter(lo, y0, cell, rows), rb = firstCentreAtOrAfter(hi, y0, cell, rows)
        if (ra < rb) {
          offset[ra - rLo]++
          offset[rb - rLo]--
        }
      }
      py = qy
    }
  }
  // Running sum → count per row → exclusive prefix sum = where each row's crossings start.
  let run = 0, total = 0
  for (let j = 0; j < nr; j++) {
    run += offset[j]
    offset[j] = total
    total += run
  }
  offset[nr] = total
  if (total === 0) return

  // Pass 2: the crossings themselves. Each edge is put lower end first, so an edge shared by two
  // areas gives both the identical crossing.
  const xs = new Float64Array(total)
  const fill = offset.slice(0, nr)
  for (let k = ringFrom; k < ringTo; k++) {
    const start = starts[k] * 2, end = starts[k + 1] * 2
    if (end - start < 6) continue
    let px = xy[end - 2], py = xy[end - 1]
    for (let i = start; i < end; i += 2) {
      const qx = xy[i], qy = xy[i + 1]
      if (py !== qy) {
        let ax: number, ay: number, bx: number, by: number
        if (py < qy) { ax = px; ay = py; bx = qx; by = qy } else { ax = qx; ay = qy; bx = px; by = py }
        const ra = firstCentreAtOrAfter(ay, y0, cell, rows), rb = firstCentreAtOrAfter(by, y0, cell, rows)
        const dx = bx - ax, dy = by - ay
        for (let row = ra; row < rb; row++) {
          const yc = y0 + (row + 0.5) * cell
          xs[fill[row - rLo]++] = ax + ((yc - ay) * dx) / dy
        }
      }
      px = qx
      py = qy
    }
  }

  // Closed rings cross every row line an even number of times; pair them up.
  for (let j = 0; j < nr; j++) {
    const s = offset[j], e = offset[j + 1]
    if (e - s < 2) continue
    sortRange(xs, s, e)
    const row = rLo + j
    for (let m = s; m + 1 < e; m += 2) {
      const c0 = firstCentreAtOrAfter(xs[m], x0, cell, cols)
      const c1 = firstCentreAtOrAfter(xs[m + 1], x0, cell, cols)
      if (c0 < c1) visit(row, c0, c1)
    }
  }
}

/**
 * Marks the cells whose centre lies inside the ring (local metres, x,y interleaved, open or
 * closed, either orientation; even-odd, so a self-overlapping ring has holes where it overlaps
 * itself). Edge rule in the module comment: centres on west/south edges are in, east/north out.
 * Returns the number of newly covered cells. Throws on non-finite coordinates.
 */
export function addRing(r: CoverageRaster, ring: Float64Array): number {
  for (let i = 0; i < ring.length; i++) if (!Number.isFinite(ring[i])) throw new Error(`coverage ring coordinate ${i} is not finite (${ring[i]})`)
  const n = ring.length >> 1
  if (n < 3) return 0
  const { bits, cols } = r
  let added = 0
  scanRings(r, ring, [0, n], 0, 1, (row, c0, c1) => {
    added += setBits(bits, row * cols + c0, row * cols + c1)
  })
  return added
}

/**
 * sin of an angle in degrees, exact at multiples of 90° (a side due east gets cos exactly 0) and
 * with |sin| = |cos| exactly at odd multiples of 45° (a diagonal side gets slope exactly ±1), so
 * the edge rule holds exactly for sides along the axes and diagonals.
 */
function sinDeg(a: number): number {
  const m = ((a % 360) + 360) % 360
  if (m === 0 || m === 180) return 0
  if (m === 90) return 1
  if (m === 270) return -1
  if (m === 45 || m === 135) return Math.SQRT1_2
  if (m === 225 || m === 315) return -Math.SQRT1_2
  return Math.sin((m * Math.PI) / 180)
}

function cosDeg(a: number): number {
  return sinDeg(a + 90)
}

/**
 * Marks the cells whose centre lies in the exact sector: apex (cx, cy), bearings from
 * azimuth − fov/2 clockwise to azimuth + fov/2 (degrees clockwise from north), radius range
 * metres; fov >= 360 is a disc. No polygon is built: per row, the disc's span is intersected
 * with the wedge, which is the intersection of two half-planes through the apex for fov <= 180°
 * and their union for fov > 180° (then a row can hold two spans). Because the wedge is written
 * as half-planes, not as an angle range, a wedge across north needs no special case. Edge rule
 * in the module comment. A sector with range or fov not > 0, or any non-finite parameter, covers
 * nothing. Returns the number of newly covered cells.
 */
export function addSector(r: CoverageRaster, cx: number, cy: number, azimuthDeg: number, fovDeg: number, range: number): number {
  if (!(range > 0) || !(fovDeg > 0) || ![cx, cy, azimuthDeg, fovDeg, range].every(Number.isFinite)) return 0
  const { x0, y0, cell, cols, rows, bits } = r
  const disc = fovDeg >= 360
  const wide = fovDeg > 180
  // Side directions (east, north components): d0 at the anticlockwise end, d1 at the clockwise end.
  const s0 = sinDeg(azimuthDeg - fovDeg / 2), c0 = cosDeg(azimuthDeg - fovDeg / 2)
  const s1 = sinDeg(azimuthDeg + fovDeg / 2), c1 = cosDeg(azimuthDeg + fovDeg / 2)
  // x of a side per metre of dy; NaN (unused) for a side along the x axis.
  const t0 = s0 / c0, t1 = s1 / c1
  const rLo = firstCentreAtOrAfter(cy - range, y0, cell, rows)
  const rHi = firstCentreAtOrAfter(cy + range, y0, cell, rows)
  const r2 = range * range
  let added = 0
  const fill = (row: number, xa: number, xb: number): void => {
    const ca = firstCentreAtOrAfter(xa, x0, cell, cols), cb = firstCentreAtOrAfter(xb, x0, cell, cols)
    if (ca < cb) added += setBits(bits, row * cols + ca, row * cols + cb)
  }
  for (let row = rLo; row < rHi; row++) {
    const dy = y0 + (row + 0.5) * cell - cy
    const h2 = r2 - dy * dy
    if (!(h2 > 0)) continue
    const h = Math.sqrt(h2)
    const L = cx - h, U = cx + h
    if (disc) {
      fill(row, L, U)
      continue
    }
    // v = p − apex = (vx, dy). Clockwise of d0: cross(d0, v) = s0·dy − c0·vx <= 0. On the side
    // itself, p + (ε, ε²) decides: cross changes by −c0·ε + s0·ε², so the side is in when c0 > 0,
    // or c0 = 0 and s0 < 0. Each case is a half-open [lo, hi) on the row.
    let lo0: number, hi0: number
    if (c0 > 0) { lo0 = cx + dy * t0; hi0 = Infinity }
    else if (c0 < 0) { lo0 = -Infinity; hi0 = cx + dy * t0 }
    else if (s0 * dy < 0 || (dy === 0 && s0 < 0)) { lo0 = -Infinity; hi0 = Infinity }
    else { lo0 = Infinity; hi0 = -Infinity }
    // Anticlockwise of d1: cross(d1, v) = s1·dy − c1·vx >= 0; its side is in when c1 < 0, or
    // c1 = 0 and s1 > 0.
    let lo1: number, hi1: number
    if (c1 > 0) { lo1 = -Infinity; hi1 = cx + dy * t1 }
    else if (c1 < 0) { lo1 = cx + dy * t1; hi1 = Infinity }
    else if (s1 * dy > 0 || (dy === 0 && s1 > 0)) { lo1 = -Infinity; hi1 = Infinity }
    else { lo1 = Infinity; hi1 = -Infinity }
    if (!wide) {
      const a = Math.max(L, lo0, lo1), b = Math.min(U, hi0, hi1)
      if (a < b) fill(row, a, b)
      continue
    }
    // Union of the half-planes, within the disc: up to two spans; merge them when they touch.
    let a0 = Math.max(L, lo0), b0 = Math.min(U, hi0)
    let a1 = Math.max(L, lo1), b1 = Math.min(U, hi1)
    if (!(a0 < b0)) { a0 = a1; b0 = b1; a1 = Infinity; b1 = -Infinity }
    if (!(a1 < b1)) {
      if (a0 < b0) fill(row, a0, b0)
    } else if (a1 <= b0 && a0 <= b1) {
      fill(row, Math.min(a0, a1), Math.max(b0, b1))
    } else {
      fill(row, a0, b0)
      fill(row, a1, b1)
    }
  }
  return added
}

/** Whether the raster cell containing (x, y) is covered; false outside the raster or for NaN. */
export function isCovered(r: CoverageRaster, x: number, y: number): boolean {
  const col = Math.floor((x - r.x0) / r.cell)
  const row = Math.floor((y - r.y0) / r.cell)
  if (!(col >= 0 && col < r.cols && row >= 0 && row < r.rows)) return false
  const i = row * r.cols + col
  return ((r.bits[i >>> 5] >>> (i & 31)) & 1) === 1
}

/** Number of covered cells (multiply by cell² for m²). */
export function coveredCells(r: CoverageRaster): number {
  let n = 0
  const bits = r.bits
  for (let w = 0; w < bits.length; w++) if (bits[w] !== 0) n += popcount32(bits[w])
  return n
}

/**
 * Where (px, py) lies relative to the ring at c[sStart..sEnd): 1 inside, 0 outside, -1 on its
 * boundary. Run in lon/lat with exact orientation tests, so rings that touch are seen to touch.
 */
function pointVsRing(c: Float64Array, sStart: number, sEnd: number, px: number, py: number): number {
  let inside = 0
  let x1 = c[sEnd - 2], y1 = c[sEnd - 1]
  for (let i = sStart; i < sEnd; i += 2) {
    const x2 = c[i], y2 = c[i + 1]
    const o = orient2d(x1, y1, x2, y2, px, py)
    if (o === 0 && px >= Math.min(x1, x2) && px <= Math.max(x1, x2) && py >= Math.min(y1, y2) && py <= Math.max(y1, y2)) return -1
    const ay = y1 < y2 ? y1 : y2, by = y1 < y2 ? y2 : y1
    // Ray east, half-open in y; orient2d of the edge taken lower end first is negative when p is
    // west of it (spatial-join.ts).
    if (ay <= py && py < by && (y1 < y2 ? o : -o) < 0) inside ^= 1
    x1 = x2
    y1 = y2
  }
  return inside
}

/** Whether ring k lies inside ring s (rings of one area, which do not cross): decided by the first vertex of k not on s. */
function ringInside(c: Float64Array, ringStart: Uint32Array, k: number, s: number): boolean {
  const sStart = ringStart[s] * 2, sEnd = ringStart[s + 1] * 2
  for (let i = ringStart[k] * 2, end = ringStart[k + 1] * 2; i < end; i += 2) {
    const v = pointVsRing(c, sStart, sEnd, c[i], c[i + 1])
    if (v >= 0) return v === 1
  }
  // Every vertex on s: the same ring twice. Even-odd cancels them, so call the later one inside.
  return s < k
}

function shoelace(xy: Float64Array, start: number, end: number): number {
  // About the first vertex: coordinates of tens of km would otherwise cancel digits away.
  const ox = xy[start], oy = xy[start + 1]
  let s = 0
  let px = xy[end - 2] - ox, py = xy[end - 1] - oy
  for (let i = start; i < end; i += 2) {
    const qx = xy[i] - ox, qy = xy[i + 1] - oy
    s += px * qy - qx * py
    px = qx
    py = qy
  }
  return s / 2
}

/**
 * Per area of `areas` (lon/lat polygons, projected with `proj`):
 * - areaM2: exact area of the projected polygon, even-odd like everywhere else: each ring's
 *   |shoelace| is added when it lies inside an even number of the area's other rings (outer
 *   rings, islands in holes) and subtracted when odd (holes), whatever the winding. Nesting is
 *   decided in lon/lat with exact predicates, so holes that touch their outer ring are fine;
 *   rings that cross each other (invalid GeoJSON) are not handled.
 * - coveredM2: (covered cells whose centre is inside the area, edge rule as in addRing) × cell².
 *   Neighbouring areas that share edges split the covered cells without double counting.
 *   Spans are counted with a popcount a 32-bit word at a time.
 */
export function areaCoverage(r: CoverageRaster, areas: AreaSet, proj: LocalProjection): { areaM2: Float64Array; coveredM2: Float64Array } {
  const { coords, ringStart, areaRingStart, count } = areas
  const xy = new Float64Array(coords.length)
  for (let i = 0; i < coords.length; i += 2) {
    xy[i] = projectX(proj, coords[i])
    xy[i + 1] = projectY(proj, coords[i + 1])
  }
  const areaM2 = new Float64Array(count)
  const coveredM2 = new Float64Array(count)
  const { bits, cols } = r
  const cell2 = r.cell * r.cell
  let n = 0
  const count1 = (row: number, c0: number, c1: number): void => {
    n += countSetBits(bits, row * cols + c0, row * cols + c1)
  }
  for (let a = 0; a < count; a++) {
    const rFrom = areaRingStart[a], rTo = areaRingStart[a + 1]
    let m2 = 0
    for (let k = rFrom; k < rTo; k++) {
      const abs = Math.abs(shoelace(xy, ringStart[k] * 2, ringStart[k + 1] * 2))
      let depth = 0
      if (rTo - rFrom > 1) for (let s = rFrom; s < rTo; s++) if (s !== k && ringInside(coords, ringStart, k, s)) depth++
      m2 += depth % 2 === 0 ? abs : -abs
    }
    areaM2[a] = m2
    n = 0
    scanRings(r, xy, ringStart, rFrom, rTo, count1)
    coveredM2[a] = n * cell2
  }
  return { areaM2, coveredM2 }
}

/**
 * Fraction of each cell of a square grid (origin gridX0, gridY0 in the raster's local metres,
 * cells of gridCell metres, i = row·cols + col, row 0 in the south) that is covered: covered
 * raster cells whose centre lies in the grid cell ÷ raster cells whose centre lies in it. The
 * grid cell is half-open [west, east) × [south, north), so every raster cell is in at most one
 * grid cell. When gridCell is a whole multiple k of the raster cell and the grids are aligned,
 * every grid cell inside the raster holds exactly k² raster cells; otherwise the number varies by
 * one row or column and the fraction is still exact for the centres it holds. A grid cell partly
 * outside the raster gets the fraction of its part inside; one holding no raster centre gets NaN.
 */
export function gridCellCoverage(r: CoverageRaster, gridX0: number, gridY0: number, gridCell: number, cols: number, rows: number): Float32Array {
  if (!(gridCell > 0) || !Number.isFinite(gridCell)) throw new Error(`grid cell size must be a positive number of metres (got ${gridCell})`)
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 0 || rows < 0) throw new Error(`grid size must be whole numbers of cells (got ${cols} × ${rows})`)
  const out = new Float32Array(cols * rows)
  const colEdge = new Int32Array(cols + 1)
  for (let j = 0; j <= cols; j++) colEdge[j] = firstCentreAtOrAfter(gridX0 + j * gridCell, r.x0, r.cell, r.cols)
  const counts = new Float64Array(cols)
  const { bits } = r
  for (let gr = 0; gr < rows; gr++) {
    const ra = firstCentreAtOrAfter(gridY0 + gr * gridCell, r.y0, r.cell, r.rows)
    const rb = firstCentreAtOrAfter(gridY0 + (gr + 1) * gridCell, r.y0, r.cell, r.rows)
    counts.fill(0)
    for (let row = ra; row < rb; row++) {
      const base = row * r.cols
      for (let gc = 0; gc < cols; gc++) counts[gc] += countSetBits(bits, base + colEdge[gc], base + colEdge[gc + 1])
    }
    for (let gc = 0; gc < cols; gc++) {
      const cells = (rb - ra) * (colEdge[gc + 1] - colEdge[gc])
      out[gr * cols + gc] = cells > 0 ? counts[gc] / cells : NaN
    }
  }
  return out
}

/**
 * Worst-case |rasterised area − exact area| in m² for shapes whose boundaries have total length
 * boundaryLength (m), cut into `pieces` pieces each monotone in x and y (polygon edges; arcs
 * split at the quadrants; see sectorBoundary): √2·L·cell + 3·pieces·cell². Derivation in the
 * module comment. With pieces left at 0 it is the leading term √2·L·cell alone, the figure to
 * quote when pieces are much longer than a cell.
 */
export function rasterAreaErrorBound(boundaryLength: number, cell: number, pieces = 0): number {
  return Math.SQRT2 * boundaryLength * cell + 3 * pieces * cell * cell
}

/**
 * Boundary of a sector for rasterAreaErrorBound: its length (two radii and the arc; 2π·range for
 * a disc) and an upper bound on its monotone pieces (two radii plus ceil(fov/90°) + 1 arc pieces;
 * 4 quarter arcs for a disc). range or fov not > 0 gives nothing.
 */
export function sectorBoundary(fovDeg: number, range: number): { length: number; pieces: number } {
  if (!(range > 0) || !(fovDeg > 0)) return { length: 0, pieces: 0 }
  if (fovDeg >= 360) return { length: 2 * Math.PI * range, pieces: 4 }
  return { length: 2 * range + (range * fovDeg * Math.PI) / 180, pieces: 3 + Math.ceil(fovDeg / 90) }
}
