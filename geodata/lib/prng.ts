/**
 * Seeded pseudo-random numbers (sfc32, seeded through splitmix32). Never Math.random:
 * the demo must be byte-identical for the same seed and parameters.
 */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number
  /** integer in [0, n) */
  int(n: number): number
  /** uniform in [a, b) */
  range(a: number, b: number): number
  /** integer in [a, b] */
  intBetween(a: number, b: number): number
  /** standard normal (Box–Muller) */
  normal(): number
  chance(p: number): boolean
  pick<T>(arr: readonly T[]): T
  shuffle<T>(arr: T[]): T[]
}

function splitmix32(a: number): () => number {
  return () => {
    a |= 0
    a = (a + 0x9e3779b9) | 0
    let t = a ^ (a >>> 16)
    t = Math.imul(t, 0x21f0aaad)
    t = t ^ (t >>> 15)
    t = Math.imul(t, 0x735a2d97)
    return ((t = t ^ (t >>> 15)) >>> 0)
  }
}

/** FNV-1a hash of a label, to derive independent streams per generator stage. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export function createRng(seed: number, label = ''): Rng {
  const sm = splitmix32((seed ^ hashLabel(label)) >>> 0)
  let a = sm(), b = sm(), c = sm(), d = sm()
  const raw = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 12; i++) raw()
  let spare: number | null = null
  const rng: Rng = {
    next: raw,
    int: (n) => Math.floor(raw() * n),
    range: (lo, hi) => lo + (hi - lo) * raw(),
    intBetween: (lo, hi) => lo + Math.floor(raw() * (hi - lo + 1)),
    normal: () => {
      if (spare !== null) { const s = spare; spare = null; return s }
      let u = 0
      while (u === 0) u = raw()
      const v = raw()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
    chance: (p) => raw() < p,
    pick: (arr) => arr[Math.floor(raw() * arr.length)],
    shuffle: (arr) => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(raw() * (i + 1))
        const t = arr[i]; arr[i] = arr[j]; arr[j] = t
      }
      return arr
    },
  }
  return rng
}

/** Cumulative distribution over weights, for O(log n) weighted sampling. */
export class WeightedSampler {
  readonly cdf: Float64Array
  readonly total: number
  constructor(weights: ArrayLike<number>) {
    this.cdf = new Float64Array(weights.length)
    let s = 0
    for (let i = 0; i < weights.length; i++) {
      s += Math.max(0, weights[i])
      this.cdf[i] = s
    }
    this.total = s
  }
  /** index for a uniform u in [0,1) */
  sample(u: number): number {
    const x = u * this.total
    let lo = 0, hi = this.cdf.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.cdf[mid] > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}
