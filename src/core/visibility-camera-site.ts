/**
 * Cameras on a building (visibility.ts, "Cameras inside or on a footprint"): the directions
 * blocked by the footprints a camera stands on, and whether a direction is one of them.
 */
import { ccw, sameDirection } from './visibility-orient'
import type { Obstacles } from './visibility-obstacles'

/**
 * Fills `sectors` with the sectors around a camera at (cx, cy) blocked by the footprints it
 * stands on ([px, py, qx, qy] each, open, counter-clockwise from the direction of P to that of
 * Q); false when the camera is strictly inside a footprint (then it sees nothing). `rays` is
 * scratch.
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
export function blockedSectors(ob: Obstacles, cx: number, cy: number, sectors: number[], rays: number[]): boolean {
  sectors.length = 0
  const tree = ob.footprintIndex
  if (tree === null) return true
  const { ax, ay, bx, by, footprintStart } = ob
  for (const f of tree.search(cx, cy, cx, cy)) {
    rays.length = 0
    let inside = false
    for (let e = footprintStart[f]; e < footprintStart[f + 1]; e++) {
      const x0 = ax[e], y0 = ay[e], x1 = bx[e], y1 = by[e]
      const o = ccw(x0, y0, x1, y1, cx, cy)
      if (o === 0 && cx >= Math.min(x0, x1) && cx <= Math.max(x0, x1) && cy >= Math.min(y0, y1) && cy <= Math.max(y0, y1)) {
        if (!(cx === x1 && cy === y1)) rays.push(x1, y1, 1)
        if (!(cx === x0 && cy === y0)) rays.push(x0, y0, -1)
        continue
      }
      // Crossing number eastwards; exact through the orientation sign.
      if ((y0 > cy) !== (y1 > cy) && (y1 > y0 ? o > 0 : o < 0)) inside = !inside
    }
    if (rays.length === 0) {
      if (inside) return false
      continue
    }
    // Rays by angle, those in exactly the same direction merged (their windings add up).
    const nr = rays.length / 3
    const idx = Array.from({ length: nr }, (_, i) => i)
    const ang = idx.map((i) => Math.atan2(rays[i * 3 + 1] - cy, rays[i * 3] - cx))
    idx.sort((i, j) => ang[i] - ang[j] || -ccw(cx, cy, rays[i * 3], rays[i * 3 + 1], rays[j * 3], rays[j * 3 + 1]))
    const px: number[] = [], py: number[] = [], inc: number[] = []
    for (const i of idx) {
      const x = rays[i * 3], y = rays[i * 3 + 1]
      const last = px.length - 1
      if (last >= 0 && sameDirection(cx, cy, px[last], py[last], x, y)) inc[last] += rays[i * 3 + 2]
      else { px.push(x); py.push(y); inc.push(rays[i * 3 + 2]) }
    }
    const m = px.length
    if (m > 1 && sameDirection(cx, cy, px[m - 1], py[m - 1], px[0], py[0])) {
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

/** Is direction C→T, turned a hair towards `side` (+1 counter-clockwise, −1 clockwise), strictly left of C→P? */
function leftOf(cx: number, cy: number, px: number, py: number, tx: number, ty: number, side: number): boolean {
  const o = ccw(cx, cy, px, py, tx, ty)
  if (o !== 0) return o > 0
  return (px - cx) * (tx - cx) + (py - cy) * (ty - cy) > 0 ? side > 0 : side < 0
}

/** ... strictly right of C→P? */
function rightOf(cx: number, cy: number, px: number, py: number, tx: number, ty: number, side: number): boolean {
  const o = ccw(cx, cy, px, py, tx, ty)
  if (o !== 0) return o < 0
  return (px - cx) * (tx - cx) + (py - cy) * (ty - cy) > 0 ? side < 0 : side > 0
}

/** Does direction C→T (turned towards `side`) enter the building the camera stands on? */
export function blocked(sectors: readonly number[], cx: number, cy: number, tx: number, ty: number, side: number): boolean {
  for (let i = 0; i < sectors.length; i += 4) {
    const px = sectors[i], py = sectors[i + 1], qx = sectors[i + 2], qy = sectors[i + 3]
    const inP = leftOf(cx, cy, px, py, tx, ty, side)
    const inQ = rightOf(cx, cy, qx, qy, tx, ty, side)
    // Under 180° the sector is where both hold, otherwise where either does.
    if (ccw(cx, cy, px, py, qx, qy) > 0 ? inP && inQ : inP || inQ) return true
  }
  return false
}
