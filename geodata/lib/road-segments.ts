/** Roads cut into short pieces (<= 100 m) that know their street: the sampling unit for
 *  cameras and incidents along roads. */
import type { Road } from './roads'
import type { Pt } from './geo'

export interface RoadSeg {
  road: number
  ax: number; ay: number; bx: number; by: number
  len: number
  street: number
  cls: Road['cls']
}

export function cutRoadSegments(roads: Road[], streetAt: (x: number, y: number) => number, maxLen = 100): RoadSeg[] {
  const out: RoadSeg[] = []
  roads.forEach((rd, ri) => {
    for (let i = 1; i < rd.line.length; i++) {
      const [ax, ay] = rd.line[i - 1] as Pt, [bx, by] = rd.line[i] as Pt
      const L = Math.hypot(bx - ax, by - ay)
      const n = Math.max(1, Math.ceil(L / maxLen))
      for (let k = 0; k < n; k++) {
        const x0 = ax + ((bx - ax) * k) / n, y0 = ay + ((by - ay) * k) / n
        const x1 = ax + ((bx - ax) * (k + 1)) / n, y1 = ay + ((by - ay) * (k + 1)) / n
        const st = streetAt((x0 + x1) / 2, (y0 + y1) / 2)
        if (st < 0) continue
        out.push({ road: ri, ax: x0, ay: y0, bx: x1, by: y1, len: L / n, street: st, cls: rd.cls })
      }
    }
  })
  return out
}

/** bearing clockwise from north, degrees in [0, 360) */
export function bearing(dx: number, dy: number): number {
  const b = (Math.atan2(dx, dy) * 180) / Math.PI
  return (b + 360) % 360
}
