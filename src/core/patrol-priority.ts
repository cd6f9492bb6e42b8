/**
 * Alert-guided patrol (警情导巡): patrol priority per grid and 4-hour band follows where AND
 * when alerts happen, raised by Gi* hotspots and by camera gaps where there are alerts.
 *
 *   priority(g, b) = 100 · (wA·A(g, b) + wH·H(g) + wG·G(g)·A'(g)) / (wA + wH + wG)
 *
 *   A(g, b) = counts(g, b) / max over all (g, b) of counts        — alerts in grid g, band b
 *   H(g)    = hotShare(g): share of g's fine cells that are Gi* hot (≥ 95 %), 0..1
 *   G(g)    = gapShare(g): share of g's incidents no camera sees, 0..1 (NaN → 0)
 *   A'(g)   = total(g) / max over grids of total                    — gaps only matter where
 *                                                                     there are alerts
 *   weights wA, wH, wG default 0.5 / 0.3 / 0.2; the result is 0..100.
 *
 * Only A depends on the band, so the band order within a grid is the order of its alerts.
 * Suggested level: each grid's highest band priority, ranked among the grids that have any
 * incident; rank fraction r/n < ¼ → 1, < ½ → 2, < ¾ → 3, else 4 (ties share the better level);
 * grids without incidents → 4. Schedule: the (grid, band) pairs with priority > 0 and ≥ the
 * threshold (default the 80th percentile, linear interpolation, of the non-zero priorities),
 * highest first (ties: grid, then band), each checked at the band's peak local hour + ':30'.
 */
import { localHour } from './periods'

export interface HourBand { from: number; to: number; label: string }

/** Six 4-hour bands of local time: 00–04 … 20–24. */
export const HOUR_BANDS: readonly HourBand[] = Object.freeze(
  [0, 4, 8, 12, 16, 20].map((from) => Object.freeze({
    from, to: from + 4, label: `${String(from).padStart(2, '0')}-${String(from + 4).padStart(2, '0')}`,
  })),
)

export const BAND_COUNT = 6

export interface PatrolWeights { alerts: number; hotspot: number; gaps: number }
export const DEFAULT_PATROL_WEIGHTS: Readonly<PatrolWeights> = Object.freeze({ alerts: 0.5, hotspot: 0.3, gaps: 0.2 })

export interface PatrolInputs {
  /** grid index per incident (-1 outside): from spatial-join joinPoints over the grids */
  incidentGrid: Int32Array
  /** local hour 0–23 (localHours); other values are skipped */
  incidentHour: Uint8Array
  count: number
  gridCount: number
  /** per grid, 0..1: share of the grid's fine cells that are Gi* hot (≥ 95%) — computed by the caller */
  hotShare: Float64Array
  /** per grid, 0..1: share of the grid's incidents that no camera sees — by the caller; NaN → 0 */
  gapShare: Float64Array
  /** the platform's current level per grid (currentLevels); carried for the caller's comparison, not used in the score */
  levelNow: Uint8Array
  weights?: PatrolWeights
}

export interface ScheduleRow { grid: number; band: number; priority: number; checkAt: string }

export interface PatrolPriority {
  /** [grid * 6 + band] 0..100 */
  priority: Float64Array
  /** incidents per grid and band */
  counts: Float64Array
  /** per grid and band, the local hour with most incidents (earliest on ties; the band's third hour, e.g. 22 for 20–24, when it has none) */
  peakHour: Uint8Array
  levelSuggested: Uint8Array
  /** rows of the recommended schedule, highest priority first */
  schedule: ScheduleRow[]
}

/** Local hour (Asia/Shanghai) per incident; 255 where the time is not finite. */
export function localHours(time: Float64Array, count: number): Uint8Array {
  const out = new Uint8Array(count)
  for (let i = 0; i < count; i++) out[i] = Number.isFinite(time[i]) ? localHour(time[i]) : 255
  return out
}

const share = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0)

/** Linear-interpolation percentile (q in 0..1) of ascending-sorted values. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos), hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

export function patrolPriority(inp: PatrolInputs, opts: { threshold?: number } = {}): PatrolPriority {
  const { incidentGrid, incidentHour, count, gridCount } = inp
  const w = inp.weights ?? DEFAULT_PATROL_WEIGHTS
  const wSum = w.alerts + w.hotspot + w.gaps
  if (![w.alerts, w.hotspot, w.gaps].every((x) => Number.isFinite(x) && x >= 0) || !(wSum > 0)) {
    throw new Error(`patrol weights must be finite, ≥ 0 and not all 0 (got ${w.alerts} / ${w.hotspot} / ${w.gaps})`)
  }
  if (incidentGrid.length < count || incidentHour.length < count) throw new Error('incidentGrid and incidentHour must have count entries')

  const hourly = new Float64Array(gridCount * 24)
  for (let i = 0; i < count; i++) {
    const g = incidentGrid[i], h = incidentHour[i]
    if (g >= 0 && g < gridCount && h < 24) hourly[g * 24 + h]++
  }

  const n = gridCount * BAND_COUNT
  const counts = new Float64Array(n)
  const peakHour = new Uint8Array(n)
  const total = new Float64Array(gridCount)
  let maxCount = 0, maxTotal = 0
  for (let g = 0; g < gridCount; g++) {
    for (let b = 0; b < BAND_COUNT; b++) {
      let c = 0, peak = b * 4 + 2, best = 0
      for (let h = b * 4; h < b * 4 + 4; h++) {
        const v = hourly[g * 24 + h]
        c += v
        if (v > best) { best = v; peak = h }
      }
      counts[g * BAND_COUNT + b] = c
      peakHour[g * BAND_COUNT + b] = peak
      total[g] += c
      if (c > maxCount) maxCount = c
    }
    if (total[g] > maxTotal) maxTotal = total[g]
  }

  const priority = new Float64Array(n)
  const gridMax = new Float64Array(gridCount)
  for (let g = 0; g < gridCount; g++) {
    const aTotal = maxTotal > 0 ? total[g] / maxTotal : 0
    const fixed = w.hotspot * share(inp.hotShare[g]) + w.gaps * share(inp.gapShare[g]) * aTotal
    for (let b = 0; b < BAND_COUNT; b++) {
      const a = maxCount > 0 ? counts[g * BAND_COUNT + b] / maxCount : 0
      const p = (100 * (w.alerts * a + fixed)) / wSum
      priority[g * BAND_COUNT + b] = p
      if (p > gridMax[g]) gridMax[g] = p
    }
  }

  const levelSuggested = new Uint8Array(gridCount).fill(4)
  const ranked: number[] = []
  for (let g = 0; g < gridCount; g++) if (total[g] > 0) ranked.push(gridMax[g])
  ranked.sort((x, y) => y - x)
  for (let g = 0; g < gridCount; g++) {
    if (!(total[g] > 0)) continue
    // Grids strictly ahead of g: binary search for the first value ≤ gridMax[g] in descending order.
    let lo = 0, hi = ranked.length
    while (lo < hi) { const mid = (lo + hi) >> 1; if (ranked[mid] > gridMax[g]) lo = mid + 1; else hi = mid }
    levelSuggested[g] = 1 + Math.min(3, Math.floor((4 * lo) / ranked.length))
  }

  const nonZero: number[] = []
  for (let i = 0; i < n; i++) if (priority[i] > 0) nonZero.push(priority[i])
  nonZero.sort((x, y) => x - y)
  const threshold = opts.threshold ?? percentile(nonZero, 0.8)
  const schedule: ScheduleRow[] = []
  for (let i = 0; i < n; i++) {
    const p = priority[i]
    if (p > 0 && p >= threshold) {
      schedule.push({ grid: Math.floor(i / BAND_COUNT), band: i % BAND_COUNT, priority: p, checkAt: `${String(peakHour[i]).padStart(2, '0')}:30` })
    }
  }
  schedule.sort((x, y) => y.priority - x.priority || x.grid - y.grid || x.band - y.band)
  return { priority, counts, peakHour, levelSuggested, schedule }
}
