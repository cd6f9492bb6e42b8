/**
 * How well hotspots chosen in one period predict the next: hit rate, Predictive Accuracy
 * Index (Chainey, Tompson & Uhlig 2008) and Recapture Rate Index (Levine 2008).
 */

/**
 * Indices of the top `share` (0..1) of cells by score, best first. Only cells with mask 1 when
 * a mask is given. The number taken is round(share × eligible cells), at least 1 when
 * share > 0 (rounding, not ceil, so 5% of 40,000 is 2,000 despite 0.05 × 40,000 being a hair
 * over 2,000 in floating point). Ties go to the lower cell index; NaN scores rank as −∞.
 */
export function topCells(score: ArrayLike<number>, share: number, mask?: Uint8Array): Uint32Array {
  if (!(share >= 0 && share <= 1)) throw new Error(`share must be between 0 and 1 (got ${share})`)
  let eligible = 0
  for (let i = 0; i < score.length; i++) if (!mask || mask[i]) eligible++
  if (share === 0 || eligible === 0) return new Uint32Array(0)
  const take = Math.min(eligible, Math.max(1, Math.round(share * eligible)))
  const key = (i: number) => (Number.isNaN(score[i]) ? -Infinity : score[i])
  // A native numeric sort finds the cut-off score; only the cells above it need the slower
  // comparator sort, and cells at the cut-off are taken in index order (the tie rule).
  const keys = new Float64Array(eligible)
  for (let i = 0, k = 0; i < score.length; i++) if (!mask || mask[i]) keys[k++] = key(i)
  keys.sort()
  const cut = keys[eligible - take]
  const out = new Uint32Array(take)
  let above = 0
  for (let i = 0; i < score.length; i++) if ((!mask || mask[i]) && key(i) > cut) out[above++] = i
  out.subarray(0, above).sort((a, b) => key(b) - key(a) || a - b)
  for (let i = 0, k = above; k < take; i++) if ((!mask || mask[i]) && key(i) === cut) out[k++] = i
  return out
}

export interface HotspotAccuracy {
  /** selected cells inside the study area */
  cells: number
  /** cells / cells in the study area */
  areaShare: number
  /** recaptured / all next-period incidents in the study area */
  hitRate: number
  /** Predictive Accuracy Index = hitRate / areaShare */
  pai: number
  /** next-period incidents in the selected cells, n_next(sel) */
  recaptured: number
  /** Recapture Rate Index = (n_next(sel) / n_now(sel)) / (N_next / N_now) */
  rri: number
}

/**
 * Scores cells selected from period "now" (e.g. by topCells) against period "next".
 * The study area is the cells with mask 1 (all cells without a mask); totals N_now, N_next
 * count only those cells, and selected cells outside it, out of range or repeated are
 * ignored. A ratio whose denominator is 0 is NaN (no next-period incidents: hitRate, PAI and
 * RRI are NaN; nothing selected: PAI is NaN; no current incidents in the selection: RRI is
 * NaN): "cannot say", which a report must not show as 0.
 */
export function hotspotAccuracy(
  countsNow: Float64Array,
  countsNext: Float64Array,
  selected: Uint32Array,
  mask?: Uint8Array,
): HotspotAccuracy {
  const size = countsNow.length
  if (countsNext.length !== size) throw new Error(`hotspotAccuracy: ${size} cells now but ${countsNext.length} next`)
  let study = 0, totalNow = 0, totalNext = 0
  for (let i = 0; i < size; i++) {
    if (mask && !mask[i]) continue
    study++
    totalNow += countsNow[i]
    totalNext += countsNext[i]
  }
  const seen = new Uint8Array(size)
  let cells = 0, selNow = 0, selNext = 0
  for (const i of selected) {
    if (i >= size || seen[i] || (mask && !mask[i])) continue
    seen[i] = 1
    cells++
    selNow += countsNow[i]
    selNext += countsNext[i]
  }
  const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b)
  const areaShare = ratio(cells, study)
  const hitRate = ratio(selNext, totalNext)
  return {
    cells,
    areaShare,
    hitRate,
    pai: ratio(hitRate, areaShare),
    recaptured: selNext,
    rri: ratio(ratio(selNext, selNow), ratio(totalNext, totalNow)),
  }
}
