/**
 * Building walls for the visibility sweep (visibility.ts): footprints as oriented edges in
 * local metres, with the two flatbush indexes the sweep searches (walls near a camera, the
 * footprints a camera stands in).
 */
import Flatbush from 'flatbush'
import type { AreaSet } from './areas'
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
