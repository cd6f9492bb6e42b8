/**
 * Mann–Kendall trend test (Mann 1945; Kendall 1975), the form ArcGIS's Emerging Hot Spot
 * Analysis applies to each location's series of Gi* z-scores:
 *   S   = Σ_{i<j} sign(x_j − x_i)
 *   Var = (n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)) / 18   (t_g = size of the g-th group of ties)
 *   z   = (S−1)/√Var for S > 0, (S+1)/√Var for S < 0, 0 for S = 0 (continuity correction)
 *   p   = two-sided, standard normal.
 * Ties are exact equality: the z-scores come from one formula over integer counts, so equal
 * inputs give bit-equal z, and a tolerance would merge values that differ for real.
 */
import { twoSidedP } from './normal'

export interface MannKendall {
  s: number
  /** variance of S under no trend, corrected for ties */
  variance: number
  /** continuity-corrected z; 0 when the variance is 0 (fewer than two distinct values) */
  z: number
  /** two-sided p; 1 when z is 0 */
  p: number
}

/**
 * The test on x[offset], x[offset + stride], … (n values): a cell's series inside a
 * cells × steps cube is read in place. NaN values are an error: a series with holes has no
 * defined S here, and silently skipping them would change n.
 * O(n²) for S, which is what a series of a few dozen to a few hundred steps needs.
 */
export function mannKendall(x: ArrayLike<number>, n = x.length, offset = 0, stride = 1): MannKendall {
  let s = 0
  for (let i = 0; i < n; i++) {
    const xi = x[offset + i * stride]
    if (Number.isNaN(xi)) throw new Error(`mannKendall: value ${i} is NaN`)
    for (let j = i + 1; j < n; j++) {
      const d = x[offset + j * stride] - xi
      s += d > 0 ? 1 : d < 0 ? -1 : 0
    }
  }
  const sorted = new Float64Array(n)
  for (let i = 0; i < n; i++) sorted[i] = x[offset + i * stride]
  sorted.sort()
  let ties = 0
  for (let i = 0; i < n;) {
    let j = i + 1
    while (j < n && sorted[j] === sorted[i]) j++
    const t = j - i
    ties += t * (t - 1) * (2 * t + 5)
    i = j
  }
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18
  const z = variance > 0 && s !== 0 ? (s > 0 ? s - 1 : s + 1) / Math.sqrt(variance) : 0
  return { s, variance, z, p: z === 0 ? 1 : twoSidedP(z) }
}
