/**
 * Incident counts per area from a spatial join (`joinPoints`): flat Uint32Array tables, so a
 * worker can hand them back as one transferable and choropleths read them without objects.
 *
 * Rows whose area or category code is out of range are skipped rather than written into a
 * neighbouring cell of the table: a wrong count is worse than a missing one, and the caller
 * reports unassigned rows via `unassignedCount`.
 */

/**
 * counts[area * nCategories + category]; points with assign -1 are skipped; optional `keep`
 * mask (nonzero = counted) and optional time range [from, to) on the `time` column. The range
 * applies when from or to is given (the other defaults to ±Infinity); a NaN time is outside
 * every range. Giving from/to without time is a programming error and throws.
 */
export function countByAreaCategory(
  assign: Int32Array, category: Uint8Array, count: number, nAreas: number, nCategories: number,
  opts: { keep?: Uint8Array; time?: Float64Array; from?: number; to?: number } = {},
): Uint32Array {
  const out = new Uint32Array(nAreas * nCategories)
  const { keep } = opts
  const ranged = opts.from !== undefined || opts.to !== undefined
  if (ranged && opts.time === undefined) throw new RangeError('countByAreaCategory: from/to need a time column')
  const time = ranged ? opts.time : undefined
  const from = opts.from ?? -Infinity
  const to = opts.to ?? Infinity
  for (let i = 0; i < count; i++) {
    const a = assign[i]
    const c = category[i]
    if (a < 0 || a >= nAreas || c >= nCategories) continue
    if (keep !== undefined && keep[i] === 0) continue
    if (time !== undefined) {
      const t = time[i]
      if (!(t >= from && t < to)) continue
    }
    out[a * nCategories + c]++
  }
  return out
}

/**
 * Per area × period × category: out[(area * nPeriods + p) * nCategories + c], periods given as
 * sorted boundaries (length nPeriods+1, period p is [b[p], b[p+1]) in epoch ms); points outside
 * all periods, or with a NaN time, are skipped.
 */
export function countByAreaPeriodCategory(
  assign: Int32Array, category: Uint8Array, time: Float64Array, count: number, nAreas: number, nCategories: number,
  boundaries: Float64Array,
): Uint32Array {
  const nPeriods = Math.max(0, boundaries.length - 1)
  const out = new Uint32Array(nAreas * nPeriods * nCategories)
  if (nPeriods === 0) return out
  const first = boundaries[0]
  const last = boundaries[nPeriods]
  for (let i = 0; i < count; i++) {
    const a = assign[i]
    const c = category[i]
    const t = time[i]
    if (a < 0 || a >= nAreas || c >= nCategories || !(t >= first && t < last)) continue
    // Largest p with b[p] <= t; the range check above guarantees 0 <= p < nPeriods.
    let lo = 0
    let hi = nPeriods
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1
      if (boundaries[mid] <= t) lo = mid
      else hi = mid
    }
    out[(a * nPeriods + lo) * nCategories + c]++
  }
  return out
}

/** Points in no area: how many assign === -1 (for reports). */
export function unassignedCount(assign: Int32Array, count: number): number {
  let n = 0
  for (let i = 0; i < count; i++) if (assign[i] === -1) n++
  return n
}
