/**
 * Occlusion for camera coverage: what a camera sees among building footprints, as a 2D
 * visibility polygon in local metres (local-projection.ts, x east, y north).
 *
 * Model. Walls are opaque and infinitely high; a footprint's edges are the walls. The view is
 * the sector (azimuth clockwise from north, full opening fov, range metres; fov >= 360 = all
 * round). A point is visible when the open segment camera→point crosses no wall. Walls are
 * segments of zero thickness: a wall seen exactly edge-on (collinear with the camera) hides
 * nothing, and a ray that only grazes a corner goes on past it.
 *
 * Output ring: counter-clockwise in x east / y north, open (last vertex not repeated), apex
 * (the camera) first when fov < 360. Where nothing blocks, the arc is replaced by chords at
 * most stepDeg apart (the chords lie inside the circle, so the ring never reaches past the
 * range). Everything else is exact up to floating-point rounding of the vertices: which side
 * of a ray an endpoint lies on is decided by robust-predicates' exact orient2d, never by
 * comparing computed angles.
 *
 * Cameras inside or on a footprint:
 * - strictly inside a footprint: sees nothing; the ring is empty (length 0). A camera cannot
 *   see through its own walls, and what it sees indoors is not street coverage.
 * - exactly on a footprint's boundary (mounted on a wall or at a corner): it sees out of the
 *   building, not into it. Directions that enter the footprint (the interior angle at a corner,
 *   the inner half-plane on a wall) are blocked at distance 0; directions along the wall are
 *   free. So a 360° camera on a straight wall sees a half disc, one at a rectangle's corner
 *   three quarters of a disc, one at an L's inner (reflex) corner a quarter. A wall with
 *   building on neither side (a free-standing wall, i.e. a ring of two vertices, or a
 *   zero-width spike) blocks nothing for a camera standing on it. When the whole sector points
 *   into the building the ring is empty. The ring passes through the camera wherever a blocked
 *   stretch begins or ends (it may touch itself there).
 *
 * Method: ray casting to events sorted by angle. Events are the candidate walls' endpoints
 * within range and in the sector, the points where walls cross the range circle, the arc
 * samples (including both sector edges), and, for a camera on a boundary, the directions of
 * the walls through it. Whether a point near a sector edge is in the sector is settled by the
 * same exact orientation test against the edge ray, so a wall ending on the edge is not lost. For every event ray two distances are found, the nearest wall just
 * clockwise of the ray ("before") and just counter-clockwise ("after"): a wall ending on the
 * ray counts only on the side it extends to, which replaces the usual "cast again at a tiny
 * angle either side" and is exact. Between consecutive events the set of walls crossing the
 * ray is fixed, so the boundary is a straight piece of one wall, or a chord. Walls may cross
 * each other (overlapping footprints are common in real building layers): when the nearest
 * wall differs at the two ends of an interval, a ray is cast at the crossing of the two walls'
 * lines and the interval split there. Candidate walls come from a flatbush search over the
 * sector's bounding box, less those wholly beyond range.
 *
 * Cost: (events × candidate walls) ray–segment tests per camera, where events ≈ candidate walls
 * + fov / stepDeg. A camera's state and scratch live in a VisibilitySweep (visibility-sweep.ts),
 * which visibleRings reuses camera after camera, so a camera allocates little more than its
 * result; separate sweeps share nothing, so calls may interleave or nest.
 *
 * Modules: walls and their indexes (visibility-obstacles.ts), cameras standing on a building
 * (visibility-camera-site.ts), the sweep (visibility-sweep.ts), exact orientation tests
 * (visibility-orient.ts).
 */
import type { CameraViews } from './camera-model'
import type { Obstacles } from './visibility-obstacles'
import { VisibilitySweep } from './visibility-sweep'

export { obstaclesFromAreas, obstaclesFromRings, type Obstacles } from './visibility-obstacles'
export { VisibilitySweep } from './visibility-sweep'

/**
 * What a camera at (cx, cy) sees within its sector (azimuth, fov, range): the 2D visibility
 * polygon clipped to the sector, as a ring in local metres, counter-clockwise, apex first when
 * fov < 360; empty (length 0) when the camera stands inside a footprint, when the whole sector
 * points into the building it stands on, or when range/fov are not positive or a value is not
 * finite. Arc parts are chords at most stepDeg apart (default 2°; taken within [0.01°, 90°]).
 * The rules for cameras on a wall or corner are in the module comment. `sweep` holds the
 * scratch; pass one to reuse it over many cameras.
 */
export function visibleRing(
  obstacles: Obstacles, cx: number, cy: number, azimuthDeg: number, fovDeg: number, range: number, stepDeg = 2,
  sweep: VisibilitySweep = new VisibilitySweep(),
): Float64Array {
  if (!(stepDeg > 0)) throw new Error(`visibleRing: stepDeg must be a positive number of degrees (got ${stepDeg})`)
  if (!Number.isFinite(cx) || !Number.isFinite(cy) || !Number.isFinite(azimuthDeg) || !Number.isFinite(range) || !(range > 0) || !(fovDeg > 0)) {
    return new Float64Array(0)
  }
  if (!sweep.aim(obstacles, cx, cy, azimuthDeg, fovDeg, range, stepDeg)) return new Float64Array(0)
  sweep.gather()
  return sweep.trace()
}

/** The visible ring of every view, in the same order (see visibleRing). */
export function visibleRings(obstacles: Obstacles, views: CameraViews, stepDeg = 2): Float64Array[] {
  const sweep = new VisibilitySweep()
  const rings: Float64Array[] = new Array(views.count)
  for (let i = 0; i < views.count; i++) {
    rings[i] = visibleRing(obstacles, views.x[i], views.y[i], views.azimuth[i], views.fov[i], views.range[i], stepDeg, sweep)
  }
  return rings
}
