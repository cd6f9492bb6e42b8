/**
 * Exact orientation tests for the visibility sweep (visibility.ts), in x east / y north. Which
 * side of a ray a point lies on is always decided here, never by comparing computed angles.
 */
import { orient2d } from 'robust-predicates'

/** Positive when p is left of a→b in x east / y north (robust-predicates' own sign is the opposite). */
export function ccw(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  return -orient2d(ax, ay, bx, by, px, py)
}

export function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return ccw(ax, ay, bx, by, px, py) === 0
    && px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by)
}

/** Do C→P and C→Q point exactly the same way (collinear, same side of C)? */
export function sameDirection(cx: number, cy: number, px: number, py: number, qx: number, qy: number): boolean {
  return ccw(cx, cy, px, py, qx, qy) === 0 && (px - cx) * (qx - cx) + (py - cy) * (qy - cy) > 0
}
