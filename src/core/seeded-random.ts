/**
 * Seeded uniform [0, 1) (mulberry32, 32-bit state): results that depend on randomness (a swap
 * search's visiting order, Monte Carlo permutations) depend on the seed only, and replay.
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates shuffle of `a` in place with `rnd` (uniform over the n! orders). */
export function shuffleInPlace(a: { length: number; [i: number]: number }, rnd: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    const t = a[i]; a[i] = a[j]; a[j] = t
  }
}
