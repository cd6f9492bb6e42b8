/**
 * Cuts the urban road grid into blocks and the blocks into parcels (with back lanes
 * between them). Parcels keep a setback from every road, so compounds never cross roads.
 */
import { type Polys, type Ring, pointInPolys, distToBoundary, rectRing } from './geo'
import type { Rng } from './prng'
import { type GridLine, type Road, SETBACK } from './roads'
import type { NamePool } from './names'

export interface Parcel {
  street: number
  x0: number; y0: number; x1: number; y1: number
  /** name of the nearest bounding main/secondary road */
  road: string
  /** distance (m) from parcel centre to the nearest main–main crossing */
  hub: number
}

const LANE = 14

function rectFits(x0: number, y0: number, x1: number, y1: number, polys: Polys, margin: number): boolean {
  const pts: [number, number][] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [(x0 + x1) / 2, y0], [(x0 + x1) / 2, y1], [x0, (y0 + y1) / 2], [x1, (y0 + y1) / 2]]
  return pts.every(([x, y]) => pointInPolys(x, y, polys) && distToBoundary(x, y, polys) >= margin)
}

export function cutParcels(
  rng: Rng, ns: GridLine[], ew: GridLine[], ubox: [number, number, number, number],
  urbanStreets: { index: number; polys: Polys; need: number }[], names: NamePool,
): { parcels: Parcel[]; lanes: Road[] } {
  type Piece = { street: number; x0: number; y0: number; x1: number; y1: number; road: string; full: boolean }
  const xs: (GridLine | null)[] = [null, ...ns, null]
  const ys: (GridLine | null)[] = [null, ...ew, null]
  const xpos = (g: GridLine | null, k: number) => g?.pos ?? (k === 0 ? ubox[0] - 5 : ubox[2] + 5)
  const ypos = (g: GridLine | null, k: number) => g?.pos ?? (k === 0 ? ubox[1] - 5 : ubox[3] + 5)
  const sb = (g: GridLine | null) => (g ? SETBACK[g.cls] : 6)
  const mainX = ns.filter((g) => g.cls === 'main').map((g) => g.pos)
  const mainY = ew.filter((g) => g.cls === 'main').map((g) => g.pos)
  const pieces: Piece[] = []
  for (let i = 0; i + 1 < xs.length; i++) for (let j = 0; j + 1 < ys.length; j++) {
    const X0 = xpos(xs[i], i) + sb(xs[i]), X1 = xpos(xs[i + 1], i + 1) - sb(xs[i + 1])
    const Y0 = ypos(ys[j], j) + sb(ys[j]), Y1 = ypos(ys[j + 1], j + 1) - sb(ys[j + 1])
    if (X1 - X0 < 80 || Y1 - Y0 < 80) continue
    const cand = [xs[i], xs[i + 1], ys[j], ys[j + 1]].filter((g): g is GridLine => !!g)
    const road = (cand.find((g) => g.cls === 'main') ?? cand[0])?.name ?? ''
    const s = urbanStreets.find((u) => rectFits(X0, Y0, X1, Y1, u.polys, 8))
    if (s) { pieces.push({ street: s.index, x0: X0, y0: Y0, x1: X1, y1: Y1, road, full: true }); continue }
    // the block straddles a street boundary or the urban edge: try its quarters
    const mx = (X0 + X1) / 2, my = (Y0 + Y1) / 2
    for (const [a, b, c, d] of [[X0, Y0, mx - LANE / 2, my - LANE / 2], [mx + LANE / 2, Y0, X1, my - LANE / 2], [X0, my + LANE / 2, mx - LANE / 2, Y1], [mx + LANE / 2, my + LANE / 2, X1, Y1]]) {
      if (c - a < 60 || d - b < 60) continue
      const q = urbanStreets.find((u) => rectFits(a, b, c, d, u.polys, 8))
      if (q) pieces.push({ street: q.index, x0: a, y0: b, x1: c, y1: d, road, full: false })
    }
  }
  const parcels: Parcel[] = []
  const lanes: Road[] = []
  for (const u of urbanStreets) {
    const mine = pieces.filter((p) => p.street === u.index)
    const area = mine.reduce((s, p) => s + (p.x1 - p.x0) * (p.y1 - p.y0), 0)
    for (const p of mine) {
      // parcels per piece in proportion to its area
      const k = Math.max(1, Math.min(9, Math.round((u.need * (p.x1 - p.x0) * (p.y1 - p.y0)) / area + rng.range(-0.4, 0.4))))
      const wide = p.x1 - p.x0 >= p.y1 - p.y0
      let nx = 1, ny = 1
      if (k === 2 || k === 3) { if (wide) nx = k; else ny = k }
      else if (k >= 4) { const a = k >= 7 ? 3 : 2, b = k >= 5 ? 3 : 2; if (wide) { nx = Math.max(a, b); ny = Math.min(a, b) } else { nx = Math.min(a, b); ny = Math.max(a, b) } }
      const cutsX: number[] = [p.x0], cutsY: number[] = [p.y0]
      for (let c = 1; c < nx; c++) cutsX.push(p.x0 + ((p.x1 - p.x0) * c) / nx + rng.range(-0.12, 0.12) * ((p.x1 - p.x0) / nx))
      for (let c = 1; c < ny; c++) cutsY.push(p.y0 + ((p.y1 - p.y0) * c) / ny + rng.range(-0.12, 0.12) * ((p.y1 - p.y0) / ny))
      cutsX.push(p.x1); cutsY.push(p.y1)
      for (let c = 1; c < nx; c++) lanes.push({ id: '', name: rng.chance(0.5) ? names.lane() : '', cls: 'back', line: [[cutsX[c], p.y0 - 12], [cutsX[c], p.y1 + 12]] })
      for (let c = 1; c < ny; c++) lanes.push({ id: '', name: rng.chance(0.5) ? names.lane() : '', cls: 'back', line: [[p.x0 - 12, cutsY[c]], [p.x1 + 12, cutsY[c]]] })
      for (let a = 0; a < nx; a++) for (let b = 0; b < ny; b++) {
        const x0 = cutsX[a] + (a > 0 ? LANE / 2 : 0), x1 = cutsX[a + 1] - (a < nx - 1 ? LANE / 2 : 0)
        const y0 = cutsY[b] + (b > 0 ? LANE / 2 : 0), y1 = cutsY[b + 1] - (b < ny - 1 ? LANE / 2 : 0)
        if (x1 - x0 < 50 || y1 - y0 < 50) continue
        const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2
        let hub = Infinity
        for (const mxp of mainX) for (const myp of mainY) hub = Math.min(hub, Math.hypot(cx - mxp, cy - myp))
        parcels.push({ street: u.index, x0, y0, x1, y1, road: p.road, hub })
      }
    }
  }
  return { parcels, lanes }
}

export function parcelRing(p: { x0: number; y0: number; x1: number; y1: number }): Ring {
  return rectRing(p.x0, p.y0, p.x1, p.y1)
}
