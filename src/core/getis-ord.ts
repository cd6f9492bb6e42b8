/**
 * Getis–Ord Gi* hotspots on a square grid (Getis & Ord 1992; Ord & Getis 1995), the statistic
 * and the classes that ArcGIS Hot Spot Analysis reports (GiZScore, GiPValue, Gi_Bin), with a
 * fixed distance band and binary weights.
 */
import { twoSidedP } from './normal'
import type { SquareGrid } from './square-grid'

export interface GiStarOptions {
  /**
   * Distance band, metres: w_ij = 1 when the distance between the cell centres is <= band
   * (the cell itself included, w_ii = 1), else 0. A centre distance equal to the band within
   * rounding (1e-9 relative) counts as inside, so band = 100 on 100 m cells means rook
   * neighbours and band = 150 queen neighbours.
   */
  band: number
  /**
   * Cells with mask 0 are not part of the study area: excluded from n, the mean, S and every
   * neighbourhood; their z and p are NaN. A cell with a non-finite value is treated the same.
   */
  mask?: Uint8Array
}

export interface GiStarResult {
  /** z-score per cell (NaN outside the study area) */
  z: Float64Array
  /** two-sided p-value per cell (NaN outside the study area) */
  p: Float64Array
  /** cells in the study area */
  n: number
  /** X̄, mean value over the study area */
  mean: number
  /** S, population standard deviation over the study area */
  s: number
}

/**
 * Gi* per cell of a row-major grid of values (length cols · rows):
 *   z_i = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))
 *   X̄ = Σ x / n,  S = √(Σ x² / n − X̄²)
 * with neighbourhoods clipped at the grid edge and by the mask. Where the statistic is
 * undefined it is reported as "no evidence" (z = 0, p = 1) rather than NaN, so that every
 * cell of the study area gets a class: all values equal (S = 0), fewer than two cells, or a
 * neighbourhood covering all n cells (denominator 0).
 *
 * Cost O(cells × stencil rows): the band is a disk of cells whose every row is a contiguous
 * run of columns, so each run is one difference of per-row prefix sums.
 */
export function giStar(grid: SquareGrid, values: Float64Array, opts: GiStarOptions): GiStarResult {
  const { cols, rows, cell } = grid
  const size = cols * rows
  const { band, mask } = opts
  if (values.length !== size) throw new Error(`giStar: ${values.length} values for a grid of ${cols} × ${rows} cells`)
  if (mask && mask.length !== size) throw new Error(`giStar: mask of ${mask.length} for a grid of ${cols} × ${rows} cells`)
  if (!(band >= 0)) throw new Error(`giStar: band must be a non-negative number of metres (got ${band})`)

  const inStudy = new Uint8Array(size)
  let n = 0, sum = 0
  for (let i = 0; i < size; i++) {
    if ((!mask || mask[i]) && Number.isFinite(values[i])) {
      inStudy[i] = 1
      n++
      sum += values[i]
    }
  }
  const mean = n > 0 ? sum / n : NaN
  // Two passes (deviations from the mean) rather than Σx²/n − X̄²: same value, but it stays
  // exact for all-equal values and does not lose digits when a constant is added.
  let ss = 0
  for (let i = 0; i < size; i++) if (inStudy[i]) ss += (values[i] - mean) ** 2
  const s = n > 0 ? Math.sqrt(ss / n) : NaN

  const z = new Float64Array(size).fill(NaN)
  const p = new Float64Array(size).fill(NaN)
  for (let i = 0; i < size; i++) if (inStudy[i]) { z[i] = 0; p[i] = 1 }
  if (n < 2 || !(s > 0)) return { z, p, n, mean, s }

  // Per-row prefix sums of deviations and of study-area membership: Σ_j w_ij (x_j − X̄)
  // is the numerator itself, and Σ_j w_ij is the count of study cells in the disk.
  const stride = cols + 1
  const dev = new Float64Array(stride * rows)
  const cnt = new Int32Array(stride * rows)
  for (let r = 0; r < rows; r++) {
    let acc = 0, k = 0
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c
      if (inStudy[i]) { acc += values[i] - mean; k++ }
      dev[r * stride + c + 1] = acc
      cnt[r * stride + c + 1] = k
    }
  }

  // half[dr] = largest dcol with dcol² + dr² <= (band/cell)², capped by the grid size.
  const r2 = (band / cell) ** 2 * (1 + 1e-9)
  const maxDr = Math.min(rows - 1, Math.floor(Math.sqrt(r2)))
  const half = new Int32Array(maxDr + 1)
  for (let dr = 0; dr <= maxDr; dr++) {
    let h = Math.min(cols - 1, Math.floor(Math.sqrt(Math.max(0, r2 - dr * dr))))
    while (h > 0 && h * h + dr * dr > r2) h--
    while (h < cols - 1 && (h + 1) * (h + 1) + dr * dr <= r2) h++
    half[dr] = h
  }

  for (let row = 0; row < rows; row++) {
    const r0 = Math.max(0, row - maxDr), r1 = Math.min(rows - 1, row + maxDr)
    for (let col = 0; col < cols; col++) {
      const i = row * cols + col
      if (!inStudy[i]) continue
      let num = 0, w = 0
      for (let rr = r0; rr <= r1; rr++) {
        const h = half[Math.abs(rr - row)]
        const a = rr * stride + Math.max(0, col - h)
        const b = rr * stride + Math.min(cols - 1, col + h) + 1
        num += dev[b] - dev[a]
        w += cnt[b] - cnt[a]
      }
      // Binary weights: Σw² = Σw.
      const q = (n * w - w * w) / (n - 1)
      if (q > 0) {
        const zi = num / (s * Math.sqrt(q))
        z[i] = zi
        p[i] = twoSidedP(zi)
      }
    }
  }
  return { z, p, n, mean, s }
}

/** ±3 = 99%, ±2 = 95%, ±1 = 90% confidence, sign of z (ArcGIS Gi_Bin); 0 not significant. */
export type HotspotClass = -3 | -2 | -1 | 0 | 1 | 2 | 3

/** Names written into CSV outputs; keep them stable. */
export const HOTSPOT_CLASS_NAMES: Readonly<Record<HotspotClass, string>> = Object.freeze({
  3: 'hot_99',
  2: 'hot_95',
  1: 'hot_90',
  0: 'not_significant',
  [-1]: 'cold_90',
  [-2]: 'cold_95',
  [-3]: 'cold_99',
})

const ALPHAS = [0.01, 0.05, 0.1] as const

/**
 * Gi_Bin per cell. fdr = false: significant at level alpha when p <= alpha (0.01, 0.05, 0.10).
 * fdr = true: Benjamini–Hochberg false discovery rate as ArcGIS applies it: for each alpha,
 * the critical p is the largest p_(k) with p_(k) <= k/m · alpha, m = cells with a finite p;
 * a cell is significant at that level when p <= critical p (none when no p_(k) qualifies).
 * Class = level × sign of z; NaN z or p → 0.
 */
export function classifyHotspots(z: Float64Array, p: Float64Array, fdr: boolean): Int8Array {
  const crit: number[] = [...ALPHAS]
  if (fdr) {
    let m = 0
    for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i])) m++
    const sorted = new Float64Array(m)
    for (let i = 0, k = 0; i < p.length; i++) if (Number.isFinite(p[i])) sorted[k++] = p[i]
    sorted.sort()
    crit.fill(-Infinity)
    for (let k = 1; k <= m; k++) {
      const pk = sorted[k - 1]
      for (let a = 0; a < ALPHAS.length; a++) if (pk <= (k / m) * ALPHAS[a]) crit[a] = pk
    }
  }
  const out = new Int8Array(z.length)
  for (let i = 0; i < z.length; i++) {
    const pi = p[i], zi = z[i]
    if (!(Number.isFinite(pi) && Number.isFinite(zi)) || zi === 0) continue
    const level = pi <= crit[0] ? 3 : pi <= crit[1] ? 2 : pi <= crit[2] ? 1 : 0
    out[i] = zi > 0 ? level : -level
  }
  return out
}
