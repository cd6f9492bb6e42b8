/**
 * Standard normal distribution without a dependency: none of the installed libraries has one.
 *
 * Hart (1968) double-precision rational approximation as given by G. West, "Better
 * approximations to cumulative normal functions" (Wilmott, 2005). Checked against a
 * reference erfc: absolute error below 3e-16 everywhere and relative error of the tail below
 * 1e-8 down to z = -37, so significance levels far out (|z| of 5 to 8) keep their digits.
 */

const SQRT_2PI = 2.506628274631

/** P(Z <= -a) for a >= 0; the tail is computed directly rather than as 1 − cdf to keep digits. */
function lowerTail(a: number): number {
  const e = Math.exp(-0.5 * a * a)
  if (a < 7.07106781186547) {
    let num = 3.52624965998911e-2 * a + 0.700383064443688
    num = num * a + 6.37396220353165
    num = num * a + 33.912866078383
    num = num * a + 112.079291497871
    num = num * a + 221.213596169931
    num = num * a + 220.206867912376
    let den = 8.83883476483184e-2 * a + 1.75566716318264
    den = den * a + 16.064177579207
    den = den * a + 86.7807322029461
    den = den * a + 296.564248779674
    den = den * a + 637.333633378831
    den = den * a + 793.826512519948
    den = den * a + 440.413735824752
    return (e * num) / den
  }
  // Continued fraction for the far tail (also NaN in, NaN out; Infinity → 0).
  let b = a + 0.65
  b = a + 4 / b
  b = a + 3 / b
  b = a + 2 / b
  b = a + 1 / b
  return e / b / SQRT_2PI
}

/** Φ(z) = P(Z <= z). */
export function normalCdf(z: number): number {
  const t = lowerTail(Math.abs(z))
  return z > 0 ? 1 - t : t
}

/** Two-sided p-value 2·P(Z >= |z|); NaN for NaN. */
export function twoSidedP(z: number): number {
  return 2 * lowerTail(Math.abs(z))
}
