/**
 * Planar geometry in a local metric frame (metres east/north of a fixed origin), so that
 * sizes, spacings and setbacks read in metres. Equirectangular: exact enough for ~30 km.
 */
export type Pt = [number, number]
export type Ring = Pt[]

export class Frame {
  readonly kx: number
  readonly ky: number
  constructor(readonly lon0: number, readonly lat0: number) {
    const phi = (lat0 * Math.PI) / 180
    // metres per degree (WGS-84 ellipsoid, first terms)
    this.kx = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi)
    this.ky = 111132.92 - 559.82 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi)
  }
  toXY(lon: number, lat: number): Pt {
    return [(lon - this.lon0) * this.kx, (lat - this.lat0) * this.ky]
  }
  toLonLat(x: number, y: number): Pt {
    return [this.lon0 + x / this.kx, this.lat0 + y / this.ky]
  }
  ringToLonLat(r: Ring): Pt[] {
    return r.map(([x, y]) => this.toLonLat(x, y))
  }
}

export function ringArea(r: Ring): number {
  let s = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
  return s / 2 // positive for counter-clockwise
}

/** closed ring, counter-clockwise (RFC 7946 outer ring) or clockwise for holes */
export function closeRing(r: Ring, ccw = true): Ring {
  const out = r.slice()
  const f = out[0], l = out[out.length - 1]
  if (f[0] !== l[0] || f[1] !== l[1]) out.push([f[0], f[1]])
  if ((ringArea(out) > 0) !== ccw) out.reverse()
  return out
}

export function pointInRing(x: number, y: number, r: Ring): boolean {
  let inside = false
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const xi = r[i][0], yi = r[i][1], xj = r[j][0], yj = r[j][1]
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** polygons: list of polygons, each a list of rings (outer first, then holes) */
export type Polys = Ring[][]

export function pointInPolys(x: number, y: number, polys: Polys): boolean {
  for (const poly of polys) {
    if (!pointInRing(x, y, poly[0])) continue
    let inHole = false
    for (let h = 1; h < poly.length; h++) if (pointInRing(x, y, poly[h])) { inHole = true; break }
    if (!inHole) return true
  }
  return false
}

export function polysArea(polys: Polys): number {
  let s = 0
  for (const p of polys) {
    s += Math.abs(ringArea(p[0]))
    for (let h = 1; h < p.length; h++) s -= Math.abs(ringArea(p[h]))
  }
  return s
}

export function bboxOfRing(r: Ring): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity
  for (const [x, y] of r) { if (x < a) a = x; if (y < b) b = y; if (x > c) c = x; if (y > d) d = y }
  return [a, b, c, d]
}

export function bboxOfPolys(p: Polys): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity
  for (const poly of p) {
    const [w, s, e, n] = bboxOfRing(poly[0])
    a = Math.min(a, w); b = Math.min(b, s); c = Math.max(c, e); d = Math.max(d, n)
  }
  return [a, b, c, d]
}

export function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay
  const l2 = dx * dx + dy * dy
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0
  t = Math.max(0, Math.min(1, t))
  const qx = ax + t * dx - px, qy = ay + t * dy - py
  return Math.sqrt(qx * qx + qy * qy)
}

/** distance from a point to the boundary of polys */
export function distToBoundary(x: number, y: number, polys: Polys): number {
  let best = Infinity
  for (const poly of polys) for (const r of poly)
    for (let i = 1; i < r.length; i++) best = Math.min(best, segDist(x, y, r[i - 1][0], r[i - 1][1], r[i][0], r[i][1]))
  return best
}

/** every vertex of ring inside polys and at least `margin` metres from their boundary */
export function ringInside(r: Ring, polys: Polys, margin = 0): boolean {
  for (const [x, y] of r) {
    if (!pointInPolys(x, y, polys)) return false
    if (margin > 0 && distToBoundary(x, y, polys) < margin) return false
  }
  return true
}

/** rectangle centred at (cx,cy), width w (along angle a, radians from east), height h */
export function rotatedRect(cx: number, cy: number, w: number, h: number, a: number): Ring {
  const c = Math.cos(a), s = Math.sin(a)
  const hw = w / 2, hh = h / 2
  const pts: Pt[] = [[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]]
  const r: Ring = pts.map(([u, v]) => [cx + u * c - v * s, cy + u * s + v * c])
  r.push([r[0][0], r[0][1]])
  return r
}

export function rectRing(x0: number, y0: number, x1: number, y1: number): Ring {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
}

function segIntersectT(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number | null {
  const rx = bx - ax, ry = by - ay, sx = dx - cx, sy = dy - cy
  const den = rx * sy - ry * sx
  if (den === 0) return null
  const t = ((cx - ax) * sy - (cy - ay) * sx) / den
  const u = ((cx - ax) * ry - (cy - ay) * rx) / den
  if (t < 0 || t > 1 || u < 0 || u > 1) return null
  return t
}

/**
 * Clip a polyline to polys: the pieces inside (keepInside) or outside. Splits every segment
 * at its crossings with the polygon boundary and keeps pieces by their midpoint.
 */
export function clipLine(line: Pt[], polys: Polys, keepInside = true, minLength = 1): Pt[][] {
  const out: Pt[][] = []
  let cur: Pt[] = []
  const flush = () => {
    if (cur.length >= 2 && lineLength(cur) >= minLength) out.push(cur)
    cur = []
  }
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = line[i - 1], [bx, by] = line[i]
    const ts: number[] = [0, 1]
    for (const poly of polys) for (const r of poly)
      for (let k = 1; k < r.length; k++) {
        const t = segIntersectT(ax, ay, bx, by, r[k - 1][0], r[k - 1][1], r[k][0], r[k][1])
        if (t !== null && t > 0 && t < 1) ts.push(t)
      }
    ts.sort((p, q) => p - q)
    for (let k = 1; k < ts.length; k++) {
      const t0 = ts[k - 1], t1 = ts[k]
      if (t1 - t0 < 1e-12) continue
      const p0: Pt = [ax + (bx - ax) * t0, ay + (by - ay) * t0]
      const p1: Pt = [ax + (bx - ax) * t1, ay + (by - ay) * t1]
      const tm = (t0 + t1) / 2
      const inside = pointInPolys(ax + (bx - ax) * tm, ay + (by - ay) * tm, polys)
      if (inside === keepInside) {
        if (cur.length === 0) cur.push(p0)
        else {
          const last = cur[cur.length - 1]
          if (Math.abs(last[0] - p0[0]) > 1e-9 || Math.abs(last[1] - p0[1]) > 1e-9) { flush(); cur.push(p0) }
        }
        cur.push(p1)
      } else flush()
    }
  }
  flush()
  return out
}

export function lineLength(l: Pt[]): number {
  let s = 0
  for (let i = 1; i < l.length; i++) s += Math.hypot(l[i][0] - l[i - 1][0], l[i][1] - l[i - 1][1])
  return s
}

/** minimum distance from a point to a polyline */
export function distToLine(x: number, y: number, l: Pt[]): number {
  let best = Infinity
  for (let i = 1; i < l.length; i++) best = Math.min(best, segDist(x, y, l[i - 1][0], l[i - 1][1], l[i][0], l[i][1]))
  return best
}
