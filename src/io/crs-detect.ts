/**
 * Which coordinate system a new file uses, judged against what is already loaded.
 *
 * The three systems differ by a shift, not a distortion: GCJ-02 (Amap, Tencent, DataV) sits
 * ~500 m off WGS-84 in Weicheng (~526 m E, 62 m N), BD-09 (Baidu) ~1 km. The numbers
 * themselves look alike, so the file is converted under each hypothesis and the one that lands
 * it on the loaded areas wins. When nothing decides clearly the answer is WGS-84, not
 * confident, and the import step asks the user.
 */
import type { FeatureCollection, Geometry, Position } from 'geojson'
import type { AreaSet } from '../core/areas'
import { buildAreaIndex } from '../core/spatial-join'
import { CRS_LIST, toWgs84, type Crs } from './coords'

export interface CrsScore { crs: Crs; score: number }
export interface CrsDetection {
  crs: Crs                  // the choice (wgs84 when not confident)
  confident: boolean
  method: 'inside-areas' | 'bbox-overlap' | 'outside-china' | 'no-reference'
  scores: CrsScore[]        // for all three, in CRS_LIST order
}

/** Points beyond this many are sampled with an even stride (conversion is the cost). */
export const MAX_SAMPLE_POINTS = 5000

/**
 * Points: the winner's share inside the reference areas must beat the runner-up's by both.
 * An absolute margin alone would let 3 points out of 40 decide; a count alone would let 20
 * out of 100,000 (noise at the areas' edges) decide. Measured on the demo district (first
 * 5,000 incidents): against the 300 compounds the right system scores 0.664 and the others
 * ≤ 0.236, whichever of the three the points are in. Against the seven streets WGS-84 points
 * score 0.9998 / 0.9962 / 0.9772 (wgs84 / gcj02 / bd09 hypothesis) and GCJ-02 points 0.8852 /
 * 0.9998 / 0.9818: a 500 m shift only moves the points near a street's edge, so streets alone
 * tell BD-09 apart but not GCJ-02, and the answer is then "not confident" rather than a guess.
 */
export const POINTS_MIN_MARGIN = 0.05
export const POINTS_MIN_MARGIN_COUNT = 20

/**
 * Areas: the winner's bbox IoU with the reference must reach AREAS_MIN_IOU (below that the
 * two layers do not cover the same place and a shift says little) and beat the runner-up by
 * AREAS_MIN_MARGIN. A shift of d across a layer of width W costs about d / W of IoU. Measured
 * on the real DataV outlines (GCJ-02): Weicheng (16 × 26 km) against the demo district bbox
 * scores 1.0000 as GCJ-02, 0.9343 as WGS-84, 0.8847 as BD-09 (gap 0.066); the other seed
 * districts against their own bbox give gaps of 0.024 (Boshan), 0.034 (Shizhong), 0.041
 * (Xiangcheng); whole prefectures (Weifang, Linyi, 150+ km) only 0.007. 0.02 keeps every
 * district-size layer decidable and stays above what generalisation does to a bbox (an
 * outline drawn 30 m differently on each side of a 16 km district moves its IoU by ~0.006,
 * estimated, not measured: no second source of one district is at hand); a prefecture-size
 * layer comes out not confident and the user is asked.
 */
export const AREAS_MIN_IOU = 0.5
export const AREAS_MIN_MARGIN = 0.02

function ranked(scores: CrsScore[]): CrsScore[] {
  // stable sort: ties keep CRS_LIST order, so WGS-84 wins a tie
  return [...scores].sort((a, b) => b.score - a.score)
}

function zeroScores(): CrsScore[] {
  return CRS_LIST.map((crs) => ({ crs, score: 0 }))
}

/** Whether gcoord moves the point at all: it leaves GCJ-02 alone outside its China box. (Its
 *  BD-09 step moves every point, in China or not, so BD-09 cannot tell.) */
function inChina(lon: number, lat: number): boolean {
  const [x, y] = toWgs84(lon, lat, 'gcj02')
  return x !== lon || y !== lat
}

function validLonLat(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90
}

/** Points (e.g. a sample of ≤ 5,000 rows): for each hypothesis convert to WGS-84 and score the
 *  share inside the reference areas (the finest layer available is given: compounds or streets).
 *  Confident when the best beats the runner-up by POINTS_MIN_MARGIN and by
 *  POINTS_MIN_MARGIN_COUNT points. Points outside China (gcoord leaves them) → 'outside-china',
 *  wgs84, confident. No reference → 'no-reference', wgs84, not confident. Non-finite or
 *  out-of-range points are left out of the share; more than MAX_SAMPLE_POINTS are sampled.
 *  Scores are the measured shares where there is a reference, 0 where there is none. */
export function detectPointsCrs(lon: ArrayLike<number>, lat: ArrayLike<number>, count: number, reference: AreaSet | null): CrsDetection {
  const n = Math.max(0, Math.min(count, lon.length, lat.length))
  const step = n > MAX_SAMPLE_POINTS ? n / MAX_SAMPLE_POINTS : 1
  const xs: number[] = []
  const ys: number[] = []
  for (let s = 0; s < n; s += step) {
    const i = Math.floor(s)
    if (validLonLat(lon[i], lat[i])) {
      xs.push(lon[i])
      ys.push(lat[i])
    }
  }
  const hasReference = reference !== null && reference.count > 0
  let scores = zeroScores()
  let inside: number[] = [0, 0, 0]
  if (hasReference && xs.length > 0) {
    const index = buildAreaIndex(reference)
    inside = CRS_LIST.map((crs) => {
      let k = 0
      for (let i = 0; i < xs.length; i++) {
        const [x, y] = toWgs84(xs[i], ys[i], crs)
        if (index.locate(x, y) >= 0) k++
      }
      return k
    })
    scores = CRS_LIST.map((crs, c) => ({ crs, score: inside[c] / xs.length }))
  }
  if (xs.length > 0 && !xs.some((x, i) => inChina(x, ys[i]))) return { crs: 'wgs84', confident: true, method: 'outside-china', scores }
  if (!hasReference) return { crs: 'wgs84', confident: false, method: 'no-reference', scores }
  const [best, second] = ranked(scores)
  const countGap = inside[CRS_LIST.indexOf(best.crs)] - inside[CRS_LIST.indexOf(second.crs)]
  const confident = best.score - second.score >= POINTS_MIN_MARGIN && countGap >= POINTS_MIN_MARGIN_COUNT
  return { crs: confident ? best.crs : 'wgs84', confident, method: 'inside-areas', scores }
}

type Bbox = [number, number, number, number]

function emptyBbox(): Bbox {
  return [Infinity, Infinity, -Infinity, -Infinity]
}

function extend(b: Bbox, x: number, y: number): void {
  if (x < b[0]) b[0] = x
  if (y < b[1]) b[1] = y
  if (x > b[2]) b[2] = x
  if (y > b[3]) b[3] = y
}

function bboxArea(b: readonly number[]): number {
  const w = b[2] - b[0], h = b[3] - b[1]
  return w > 0 && h > 0 ? w * h : 0
}

/** Intersection over union of two boxes; 0 when either is empty or degenerate. */
export function bboxIou(a: readonly [number, number, number, number], b: readonly [number, number, number, number]): number {
  const inter = bboxArea([Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])])
  const union = bboxArea(a) + bboxArea(b) - inter
  return union > 0 ? inter / union : 0
}

function eachPosition(root: Geometry | null | undefined, visit: (p: Position) => void): void {
  // collections are unrolled with a stack, not recursion: a hostile file nests them thousands deep
  const todo: unknown[] = [root]
  while (todo.length > 0) {
    const g = todo.pop()
    if (!g || typeof g !== 'object') continue
    const geometries = (g as { geometries?: unknown }).geometries
    if ((g as Geometry).type === 'GeometryCollection') {
      if (Array.isArray(geometries)) for (let i = geometries.length - 1; i >= 0; i--) todo.push(geometries[i])
    } else eachSimplePosition(g as Geometry, visit)
  }
}

function eachSimplePosition(g: Geometry, visit: (p: Position) => void): void {
  const walk = (c: unknown, depth: number): void => {
    if (!Array.isArray(c)) return
    if (depth === 0) visit(c as Position)
    else for (const x of c) walk(x, depth - 1)
  }
  switch (g.type) {
    case 'Point': return walk(g.coordinates, 0)
    case 'MultiPoint': case 'LineString': return walk(g.coordinates, 1)
    case 'MultiLineString': case 'Polygon': return walk(g.coordinates, 2)
    case 'MultiPolygon': return walk(g.coordinates, 3)
  }
}

/** Areas: score = IoU of the bbox of the new layer (converted under each hypothesis, every
 *  vertex) with the reference bbox (minLon,minLat,maxLon,maxLat of what is loaded); confident
 *  when the best IoU ≥ AREAS_MIN_IOU and beats the runner-up by ≥ AREAS_MIN_MARGIN. A layer
 *  with no vertex inside China → 'outside-china'; no reference bbox → 'no-reference'. A layer
 *  much smaller than the reference (compounds against streets) has a low IoU under every
 *  hypothesis and comes out not confident. */
export function detectAreasCrs(fc: FeatureCollection<Geometry | null>, referenceBbox: readonly [number, number, number, number] | null): CrsDetection {
  const boxes = CRS_LIST.map(emptyBbox)
  let vertices = 0
  let moved = false
  for (const f of fc.features ?? []) {
    eachPosition(f?.geometry, (p) => {
      const x = p[0], y = p[1]
      if (typeof x !== 'number' || typeof y !== 'number' || !validLonLat(x, y)) return
      vertices++
      CRS_LIST.forEach((crs, c) => {
        const [u, v] = toWgs84(x, y, crs)
        if (crs === 'gcj02' && (u !== x || v !== y)) moved = true
        extend(boxes[c], u, v)
      })
    })
  }
  const scores = referenceBbox === null || vertices === 0
    ? zeroScores()
    : CRS_LIST.map((crs, c) => ({ crs, score: bboxIou(boxes[c], referenceBbox) }))
  if (vertices > 0 && !moved) return { crs: 'wgs84', confident: true, method: 'outside-china', scores }
  if (referenceBbox === null) return { crs: 'wgs84', confident: false, method: 'no-reference', scores }
  const [best, second] = ranked(scores)
  const confident = best.score >= AREAS_MIN_IOU && best.score - second.score >= AREAS_MIN_MARGIN
  return { crs: confident ? best.crs : 'wgs84', confident, method: 'bbox-overlap', scores }
}
