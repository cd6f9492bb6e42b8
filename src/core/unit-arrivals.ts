/**
 * Response as it happened (issue 26, point 3): for each alert, the first unit that ARRIVES
 * within ARRIVAL_RADIUS_M of it after its time, from the units' tracks.
 *
 * Arriving means stopping: a unit is at the scene when its fixes stay within the radius for at
 * least DWELL_MS, and it arrived at the first fix of that stay. A car driving past at 30 km/h
 * crosses a 100 m circle in 12 s and is not an arrival. A stay cut short by the end of the
 * unit's track does not count either (the track cannot show the unit stayed).
 */
import { localProjection, projectX, projectY, type LocalProjection } from './local-projection'
import type { UnitTracks } from './unit-tracks'

export const ARRIVAL_RADIUS_M = 50
/** Long enough that driving past is not arriving, short enough for a quick check of the scene. */
export const DWELL_MS = 60_000
/** Look this long after the alert; a unit coming later is a follow-up, not the response. */
export const ARRIVAL_WINDOW_MS = 2 * 3600_000

export interface ArrivalOptions { radiusM?: number; dwellMs?: number; windowMs?: number }

export interface Arrivals {
  /** per alert: the arriving unit (index into tracks.unitIds), -1 when none */
  unit: Int32Array
  /** per alert: arrival time − alert time, seconds; NaN when none */
  seconds: Float64Array
}

export interface AlertPoints { lon: Float64Array; lat: Float64Array; time: Float64Array; count: number }

/**
 * Every fix projected once and bucketed on a uniform grid of `cell` metres (a counting sort,
 * O(n): a k-d tree's sort costs seconds for a day of fixes); reuse it for many alerts.
 */
export interface FixIndex {
  proj: LocalProjection
  x: Float64Array
  y: Float64Array
  x0: number
  y0: number
  cell: number
  nx: number
  ny: number
  /** fixes of cell c are items[start[c] .. start[c + 1]) */
  start: Uint32Array
  items: Uint32Array
}

const MAX_CELLS = 4_000_000

export function fixIndex(tracks: UnitTracks, cellM = ARRIVAL_RADIUS_M): FixIndex {
  const n = tracks.count
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity
  for (let i = 0; i < n; i++) {
    const lo = tracks.lon[i], la = tracks.lat[i]
    if (lo < minLon) minLon = lo
    if (lo > maxLon) maxLon = lo
    if (la < minLat) minLat = la
    if (la > maxLat) maxLat = la
  }
  const mid = n ? (minLat + maxLat) / 2 : 0
  const proj = localProjection(n ? (minLon + maxLon) / 2 : 0, mid, mid)
  const x = new Float64Array(n), y = new Float64Array(n)
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
  for (let i = 0; i < n; i++) {
    x[i] = projectX(proj, tracks.lon[i]); y[i] = projectY(proj, tracks.lat[i])
    if (x[i] < x0) x0 = x[i]
    if (x[i] > x1) x1 = x[i]
    if (y[i] < y0) y0 = y[i]
    if (y[i] > y1) y1 = y[i]
  }
  if (!n) { x0 = y0 = x1 = y1 = 0 }
  let cell = cellM
  while (((x1 - x0) / cell + 1) * ((y1 - y0) / cell + 1) > MAX_CELLS) cell *= 2
  const nx = Math.floor((x1 - x0) / cell) + 1, ny = Math.floor((y1 - y0) / cell) + 1
  const cellOf = new Uint32Array(n)
  const start = new Uint32Array(nx * ny + 1)
  for (let i = 0; i < n; i++) {
    cellOf[i] = Math.floor((y[i] - y0) / cell) * nx + Math.floor((x[i] - x0) / cell)
    start[cellOf[i] + 1]++
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c]
  const fill = start.slice(0, nx * ny)
  const items = new Uint32Array(n)
  for (let i = 0; i < n; i++) items[fill[cellOf[i]]++] = i
  return { proj, x, y, x0, y0, cell, nx, ny, start, items }
}

/** Fixes within r metres of (ax, ay) whose time is in [t0, t1]. */
function fixesNear(ix: FixIndex, time: Float64Array, ax: number, ay: number, r: number, t0: number, t1: number): number[] {
  const out: number[] = []
  const c0 = Math.max(0, Math.floor((ax - r - ix.x0) / ix.cell)), c1 = Math.min(ix.nx - 1, Math.floor((ax + r - ix.x0) / ix.cell))
  const r0 = Math.max(0, Math.floor((ay - r - ix.y0) / ix.cell)), r1 = Math.min(ix.ny - 1, Math.floor((ay + r - ix.y0) / ix.cell))
  for (let row = r0; row <= r1; row++) {
    for (let col = c0; col <= c1; col++) {
      const c = row * ix.nx + col
      for (let k = ix.start[c]; k < ix.start[c + 1]; k++) {
        const i = ix.items[k]
        if (time[i] >= t0 && time[i] <= t1 && Math.hypot(ix.x[i] - ax, ix.y[i] - ay) <= r) out.push(i)
      }
    }
  }
  return out
}

export function detectArrivals(tracks: UnitTracks, alerts: AlertPoints, opts: ArrivalOptions = {}, fixes = fixIndex(tracks)): Arrivals {
  const R = opts.radiusM ?? ARRIVAL_RADIUS_M, dwell = opts.dwellMs ?? DWELL_MS, window = opts.windowMs ?? ARRIVAL_WINDOW_MS
  const { x, y, proj } = fixes
  const { time, unit, unitStart } = tracks
  const out: Arrivals = { unit: new Int32Array(alerts.count).fill(-1), seconds: new Float64Array(alerts.count).fill(NaN) }
  for (let a = 0; a < alerts.count; a++) {
    const t0 = alerts.time[a]
    if (!Number.isFinite(t0)) continue
    const ax = projectX(proj, alerts.lon[a]), ay = projectY(proj, alerts.lat[a])
    const cands = fixesNear(fixes, time, ax, ay, R, t0, t0 + window)
    cands.sort((p, q) => time[p] - time[q] || unit[p] - unit[q])
    for (const i of cands) {
      const end = unitStart[unit[i] + 1]
      let j = i
      while (j + 1 < end && Math.hypot(x[j + 1] - ax, y[j + 1] - ay) <= R) j++
      if (time[j] - time[i] >= dwell) {
        out.unit[a] = unit[i]
        out.seconds[a] = (time[i] - t0) / 1000
        break
      }
    }
  }
  return out
}

/** Response-time bins, minutes: [0,1) [1,3) [3,5) [5,10) [10,20) [20,∞). */
export const RESPONSE_BINS_MIN: readonly number[] = [1, 3, 5, 10, 20]

export interface ResponseGroup {
  key: string
  alerts: number
  arrived: number
  /** alerts with no arrival in the tracks: counted, never dropped */
  noArrival: number
  /** arrivals within their place's target */
  withinTarget: number
  /** withinTarget / alerts (an alert without an arrival is not within target) */
  shareWithin: number
  medianS: number
  p90S: number
  /** arrivals per RESPONSE_BINS_MIN bin (length bins + 1) */
  histogram: number[]
}

/** Quantile q of sorted values (linear interpolation); NaN when empty. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo])
}

/**
 * The response-time distribution by `keyOf(alert)` (grid, hour band, category…; a key of
 * null leaves the alert out of that grouping, e.g. an alert in no grid), groups in key order.
 */
export function responseGroups(arrivals: Arrivals, targetS: ArrayLike<number>, count: number, keyOf: (a: number) => string | null): ResponseGroup[] {
  const groups = new Map<string, { alerts: number; within: number; secs: number[] }>()
  for (let a = 0; a < count; a++) {
    const k = keyOf(a)
    if (k === null) continue
    let g = groups.get(k)
    if (!g) groups.set(k, (g = { alerts: 0, within: 0, secs: [] }))
    g.alerts++
    const s = arrivals.seconds[a]
    if (Number.isFinite(s)) {
      g.secs.push(s)
      if (s <= targetS[a]) g.within++
    }
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, g]) => {
    const secs = g.secs.sort((p, q) => p - q)
    const histogram = new Array<number>(RESPONSE_BINS_MIN.length + 1).fill(0)
    for (const s of secs) {
      let b = 0
      while (b < RESPONSE_BINS_MIN.length && s >= RESPONSE_BINS_MIN[b] * 60) b++
      histogram[b]++
    }
    return {
      key, alerts: g.alerts, arrived: secs.length, noArrival: g.alerts - secs.length, withinTarget: g.within,
      shareWithin: g.alerts ? g.within / g.alerts : NaN, medianS: quantile(secs, 0.5), p90S: quantile(secs, 0.9), histogram,
    }
  })
}

/** The groups a commander looks at first: lowest share within target, then most alerts without an arrival, then most alerts. */
export function worstGroups<T extends ResponseGroup>(groups: readonly T[], top = 5): T[] {
  return [...groups].sort((a, b) => a.shareWithin - b.shareWithin || b.noArrival - a.noArrival || b.alerts - a.alerts || (a.key < b.key ? -1 : 1)).slice(0, top)
}
