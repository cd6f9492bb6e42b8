/**
 * How much an incident counts when suggesting camera sites: a weight per category times a
 * recency factor that halves every `halfLifeDays`. The user sets both; camera-placement.ts
 * maximises the summed weight of the incidents the new cameras would newly see.
 */
import { CATEGORIES } from './incidents'

export interface PlacementWeights {
  /** per CATEGORIES index (src/core/incidents.ts), >= 0 */
  category: number[]
  /** 0 = no recency decay */
  halfLifeDays: number
}

/**
 * Crime counts three times and public-order incidents (fights, disturbances) twice because a
 * camera helps most with those: it deters, it gives evidence, it lets the control room watch
 * an incident unfold. Fire and "problem" reports (blocked exits, broken lights) rarely need a
 * picture. A half-life of 90 days (a quarter, the review cycle of a patrol or camera plan)
 * makes the last quarter dominate while a year-old incident still weighs 0.5^(365/90) ≈ 6%,
 * so a place that has been busy for years still adds up over its many incidents.
 */
export const DEFAULT_PLACEMENT_WEIGHTS: PlacementWeights = Object.freeze({
  category: Object.freeze([3, 2, 1, 1, 1]) as number[],
  halfLifeDays: 90,
})

const DAY_MS = 86_400_000

/** Checks a value read from settings or a URL; throws an Error naming the first bad field. */
export function validatePlacementWeights(w: unknown): PlacementWeights {
  if (typeof w !== 'object' || w === null) throw new Error('placement weights must be an object')
  const { category, halfLifeDays } = w as Record<string, unknown>
  if (!Array.isArray(category) || category.length !== CATEGORIES.length) {
    throw new Error(`placement weights: category must be an array of ${CATEGORIES.length} numbers (${CATEGORIES.join(', ')})`)
  }
  category.forEach((c, i) => {
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) {
      throw new Error(`placement weights: category[${i}] (${CATEGORIES[i]}) must be a finite number >= 0 (got ${String(c)})`)
    }
  })
  if (typeof halfLifeDays !== 'number' || !Number.isFinite(halfLifeDays) || halfLifeDays < 0) {
    throw new Error(`placement weights: halfLifeDays must be a finite number >= 0 (got ${String(halfLifeDays)})`)
  }
  return { category: [...category] as number[], halfLifeDays }
}

/**
 * Weight per incident: category[c] · 0.5^(age / halfLife), age = max(0, now − time) in days.
 * 0 where keep is 0 or seenBy > 0 (an incident an existing camera already sees gains nothing
 * from a new one). `now` defaults to the latest finite time among the kept incidents, so the
 * newest incident weighs its full category weight whatever the date of the data. An incident
 * without a time (NaN) gets recency 1: its age is unknown, and dropping it would hide it, while
 * treating it as new only over-counts rows that the importer normally rejects anyway. A
 * category code outside CATEGORIES weighs 0.
 */
export function incidentWeights(
  inc: { count: number; time: Float64Array; category: Uint8Array },
  w: PlacementWeights,
  opts: { keep?: Uint8Array; seenBy?: Uint8Array; now?: number } = {},
): Float64Array {
  const { keep, seenBy } = opts
  let now = opts.now ?? -Infinity
  if (opts.now === undefined) {
    for (let i = 0; i < inc.count; i++) if ((!keep || keep[i]) && inc.time[i] > now) now = inc.time[i]
  }
  const halfLifeMs = w.halfLifeDays * DAY_MS
  // one slot per possible code: no bounds check in the loop, and codes past CATEGORIES weigh 0
  const byCode = new Float64Array(256)
  w.category.forEach((v, c) => { if (c < 256) byCode[c] = v })
  const out = new Float64Array(inc.count)
  for (let i = 0; i < inc.count; i++) {
    if ((keep && !keep[i]) || (seenBy && seenBy[i] > 0)) continue
    const base = byCode[inc.category[i]]
    const age = now - inc.time[i]
    // 0.5 ** x rather than exp(−x·ln2): whole half-lives come out exact
    out[i] = halfLifeMs > 0 && age > 0 ? base * 0.5 ** (age / halfLifeMs) : base
  }
  return out
}
