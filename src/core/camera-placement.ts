/**
 * Camera placement as weighted maximum coverage: choose at most n candidate poses (sets of
 * incident indices, "elements") so that the summed weight of the elements at least one chosen
 * pose sees is as large as possible, no two chosen poses closer than a minimum spacing.
 *
 * f(S) = Σ weight over the union of the sets in S is monotone and submodular (a set's marginal
 * gain Δ(c|S) = Σ weight of its elements not yet covered only shrinks as S grows). That gives:
 * - Lazy greedy (Minoux): a gain computed against a smaller S is an upper bound on the gain
 *   now, so candidates wait in a max-heap under stale gains; the top is recomputed and taken
 *   once its fresh gain still tops the heap. Same picks as plain greedy, a fraction of the work.
 * - Greedy is within 1 − 1/e of the optimum without the spacing rule (Nemhauser, Wolsey and
 *   Fisher 1978); a swap local search then trades a chosen pose for an unchosen one while that
 *   gains, which recovers most of the rest on real instances.
 * - An upper bound for any S: OPT ≤ f(S ∪ O) ≤ f(S) + Σ_{c∈O} Δ(c|S) ≤ f(S) + (sum of the n
 *   largest Δ(c|S)), with O an optimal set of at most n (monotone, then submodular). It holds
 *   for the problem without the spacing rule, whose optimum is at least the one with it, so it
 *   bounds both. It is taken at every greedy step, ∅ included (the greedy keeps its n largest
 *   keys fresh for it), again at the greedy set with every gain exact, and at the final set
 *   when the swaps changed it; the smallest wins. On large instances an early step wins.
 */
import KDBush from 'kdbush'
import type { CoverSets } from './incidents-in-view'
import { mulberry32, shuffleInPlace } from './seeded-random'

export interface PlacementInput {
  sets: CoverSets
  /** per element, >= 0; the sets' items index it */
  weight: Float64Array
  /** candidate positions, metres, for the spacing rule (needed when minSpacing > 0) */
  x?: Float64Array
  y?: Float64Array
}

export interface PlacementOptions {
  /** budget: at most n candidates */
  n: number
  /** metres; two chosen candidates closer than this are not allowed (exactly this far apart is); 0 (default) allows several poses at one site. Under the rule a candidate without a finite x, y is never chosen. */
  minSpacing?: number
  /** default true */
  swap?: boolean
  /** default 20 */
  maxSwapPasses?: number
  /** seeds the order in which the swap search visits the chosen set; default 1 */
  seed?: number
}

export interface PlacementResult {
  /** candidate indices in order of choice; shorter than n when no candidate left adds weight */
  chosen: Uint32Array
  /** marginal gain of each given the ones before it; sums to total */
  gains: Float64Array
  total: number
  greedyTotal: number
  /** >= the optimum with or without the spacing rule */
  upperBound: number
  /** total / upperBound, 1 when both are 0 */
  ratio: number
  swaps: number
  /** the greedy's marginal-gain evaluations (one pass over a candidate's set each); plain greedy makes about n · candidates */
  evaluations: number
  /** bound: the passes for the bounds at the greedy and final sets (the greedy's per-step bounds are part of greedy) */
  ms: { greedy: number; swap: number; bound: number }
}

/** Σ weight over the elements at least one of `chosen` covers. */
export function coveredWeight(sets: CoverSets, weight: Float64Array, chosen: ArrayLike<number>): number {
  const seen = new Uint8Array(weight.length)
  let total = 0
  for (let j = 0; j < chosen.length; j++) {
    const c = chosen[j]
    for (let k = sets.start[c], end = sets.start[c + 1]; k < end; k++) {
      const e = sets.items[k]
      if (!seen[e]) { seen[e] = 1; total += weight[e] }
    }
  }
  return total
}

/** Δ(c|S): weight of c's elements that no chosen set covers yet (cnt[e] = how many chosen sets hold e). */
function gainOf(sets: CoverSets, weight: Float64Array, cnt: Uint32Array, c: number): number {
  let g = 0
  for (let k = sets.start[c], end = sets.start[c + 1]; k < end; k++) {
    const e = sets.items[k]
    if (cnt[e] === 0) g += weight[e]
  }
  return g
}

function cover(sets: CoverSets, cnt: Uint32Array, c: number): void {
  for (let k = sets.start[c], end = sets.start[c + 1]; k < end; k++) cnt[sets.items[k]]++
}

function allGains(sets: CoverSets, weight: Float64Array, cnt: Uint32Array): Float64Array {
  const out = new Float64Array(sets.count)
  for (let c = 0; c < sets.count; c++) out[c] = gainOf(sets, weight, cnt, c)
  return out
}

/** f(S) + the sum of the n largest marginal gains given S: the bound of the module comment. */
function boundAt(fS: number, gains: Float64Array, n: number): number {
  const top = gains.slice().sort() // ascending
  let sum = 0
  for (let k = top.length - 1; k >= Math.max(0, top.length - n); k--) sum += top[k]
  return fS + sum
}

function checkInput(input: PlacementInput, n: number, minSpacing: number): void {
  const { sets, weight } = input
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be a whole number >= 0 (got ${n})`)
  if (!(minSpacing >= 0)) throw new RangeError(`minSpacing must be a number of metres >= 0 (got ${minSpacing})`)
  if (sets.start.length !== sets.count + 1 || sets.start[sets.count] > sets.items.length) throw new Error('sets: start must hold count + 1 offsets into items')
  for (let e = 0; e < weight.length; e++) if (!(weight[e] >= 0 && weight[e] < Infinity)) throw new RangeError(`weight[${e}] must be a finite number >= 0 (got ${weight[e]})`)
  for (let k = 0; k < sets.items.length; k++) if (sets.items[k] >= weight.length) throw new RangeError(`sets: item ${sets.items[k]} has no weight (${weight.length} elements)`)
  if (minSpacing > 0 && !(input.x && input.y && input.x.length >= sets.count && input.y.length >= sets.count)) {
    throw new Error('minSpacing needs x and y for every candidate')
  }
}

/**
 * The spacing rule: near(c) lists the candidates closer than minSpacing to c (c excluded).
 * Candidates without a finite position cannot be checked and are never usable under the rule.
 */
interface Spacing { usable: Uint8Array; near(c: number): number[] }

function spacingRule(input: PlacementInput, minSpacing: number): Spacing | null {
  if (!(minSpacing > 0)) return null
  const { x, y } = input as Required<PlacementInput>
  const count = input.sets.count
  const usable = new Uint8Array(count)
  const ids: number[] = []
  for (let c = 0; c < count; c++) if (Number.isFinite(x[c]) && Number.isFinite(y[c])) { usable[c] = 1; ids.push(c) }
  const index = new KDBush(Math.max(1, ids.length))
  for (const c of ids) index.add(x[c], y[c])
  if (ids.length === 0) index.add(0, 0) // kdbush wants its declared item count; this dummy is never usable
  index.finish()
  return {
    usable,
    near(c) {
      if (!usable[c]) return []
      const out: number[] = []
      // a box query and hypot: squared distances underflow for a spacing near the smallest double
      for (const k of index.range(x[c] - minSpacing, y[c] - minSpacing, x[c] + minSpacing, y[c] + minSpacing)) {
        const d = ids[k]
        if (d === undefined || d === c) continue
        if (Math.hypot(x[d] - x[c], y[d] - y[c]) < minSpacing) out.push(d) // exactly minSpacing apart is allowed
      }
      return out
    },
  }
}

/**
 * Max-heap of candidates by key, ties to the lower index (so the lazy greedy picks what plain
 * greedy with lowest-index tie-breaking picks). Keys only ever shrink and only at the top, so
 * sift-down is all it needs.
 */
class CandidateHeap {
  size: number
  constructor(readonly idx: Uint32Array, readonly key: Float64Array) {
    this.size = idx.length
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i)
  }

  private above(a: number, b: number): boolean {
    const ka = this.key[a], kb = this.key[b]
    return ka > kb || (ka === kb && this.idx[a] < this.idx[b])
  }

  private swapSlots(a: number, b: number): void {
    const { idx, key } = this
    const i = idx[a], k = key[a]
    idx[a] = idx[b]; key[a] = key[b]
    idx[b] = i; key[b] = k
  }

  siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1, r = l + 1
      let top = i
      if (l < this.size && this.above(l, top)) top = l
      if (r < this.size && this.above(r, top)) top = r
      if (top === i) return
      this.swapSlots(i, top)
      i = top
    }
  }

  popTop(): void {
    this.size--
    if (this.size > 0) {
      this.swapSlots(0, this.size)
      this.siftDown(0)
    }
  }
}

/** Heap slots of the n largest keys, largest first: they lie in the part of the tree reached by taking the best frontier slot n times. */
function topSlots(heap: CandidateHeap, n: number): number[] {
  const out: number[] = []
  const frontier: number[] = heap.size > 0 ? [0] : []
  while (out.length < n && frontier.length > 0) {
    let b = 0
    for (let i = 1; i < frontier.length; i++) if (heap.key[frontier[i]] > heap.key[frontier[b]]) b = i
    const slot = frontier[b]
    frontier[b] = frontier[frontier.length - 1]
    frontier.pop()
    out.push(slot)
    for (const child of [2 * slot + 1, 2 * slot + 2]) if (child < heap.size) frontier.push(child)
  }
  return out
}

/** Inserts key into the descending list, keeping only its n largest. */
function keepTop(list: number[], key: number, n: number): void {
  let at = list.length
  while (at > 0 && list[at - 1] < key) at--
  if (at < n) list.splice(at, 0, key)
  if (list.length > n) list.length = n
}

/** Σ of the n largest among the heap's keys and `aside` (descending). */
function sumLargest(heap: CandidateHeap, aside: number[], n: number): number {
  const fromHeap = topSlots(heap, n).map((slot) => heap.key[slot])
  let total = 0
  for (let k = 0, i = 0, j = 0; k < n && (i < fromHeap.length || j < aside.length); k++) {
    total += j >= aside.length || (i < fromHeap.length && fromHeap[i] >= aside[j]) ? fromHeap[i++] : aside[j++]
  }
  return total
}

interface GreedyState { chosen: number[]; gains: number[]; evaluations: number; bound: number }

/**
 * Lazy greedy from the empty set; cnt (all 0 on entry) ends as the cover counts of the picks.
 *
 * Before each pick it refreshes the n largest keys (not only the top), so that they are the n
 * largest marginal gains given the picks so far (every other key, stale or not, is an upper
 * bound below them). That costs about n evaluations a step and buys the bound of the module
 * comment at every step, the early ones being the tightest on large instances. The bound is
 * for the problem without the spacing rule, so candidates the rule takes out (or cannot place)
 * keep their last key in `aside`.
 */
function lazyGreedy(sets: CoverSets, weight: Float64Array, gain0: Float64Array, n: number, cnt: Uint32Array, spacing: Spacing | null): GreedyState {
  const candidates: number[] = []
  const aside: number[] = []
  for (let c = 0; c < sets.count; c++) {
    if (!(gain0[c] > 0)) continue
    if (!spacing || spacing.usable[c]) candidates.push(c)
    else keepTop(aside, gain0[c], n)
  }
  const heap = new CandidateHeap(Uint32Array.from(candidates), Float64Array.from(candidates, (c) => gain0[c]))
  // fresh[c] === chosen.length: c's key is its gain given the current picks (all start fresh for ∅)
  const fresh = new Int32Array(sets.count)
  const blocked = new Uint8Array(sets.count)
  const out: GreedyState = { chosen: [], gains: [], evaluations: sets.count, bound: Infinity }
  /** makes the k largest keys fresh; a key of 0 stays 0 (gains never grow back) */
  const freshen = (k: number) => {
    for (let again = true; again;) {
      again = false
      for (const slot of topSlots(heap, k)) {
        const c = heap.idx[slot]
        if (fresh[c] === out.chosen.length || heap.key[slot] === 0) continue
        heap.key[slot] = gainOf(sets, weight, cnt, c)
        fresh[c] = out.chosen.length
        out.evaluations++
        heap.siftDown(slot)
        again = true
      }
    }
  }
  let f = 0
  for (;;) {
    freshen(n)
    out.bound = Math.min(out.bound, f + sumLargest(heap, aside, n))
    if (out.chosen.length >= n) break
    while (heap.size > 0 && blocked[heap.idx[0]]) {
      keepTop(aside, heap.key[0], n)
      heap.popTop()
      freshen(1)
    }
    if (heap.size === 0 || !(heap.key[0] > 0)) break
    const c = heap.idx[0]
    out.gains.push(heap.key[0])
    f += heap.key[0]
    heap.popTop()
    out.chosen.push(c)
    cover(sets, cnt, c)
    if (spacing) for (const d of spacing.near(c)) blocked[d] = 1
  }
  return out
}

/** Element → sets holding it (CSR, set indices ascending): what a change in one element's cover touches. */
function inverseIndex(sets: CoverSets, elements: number): { start: Uint32Array; sets: Uint32Array } {
  const start = new Uint32Array(elements + 1)
  const end = sets.start[sets.count]
  for (let k = 0; k < end; k++) start[sets.items[k] + 1]++
  for (let e = 0; e < elements; e++) start[e + 1] += start[e]
  const fill = start.slice(0, elements)
  const out = new Uint32Array(end)
  for (let c = 0; c < sets.count; c++) {
    for (let k = sets.start[c], e = sets.start[c + 1]; k < e; k++) out[fill[sets.items[k]]++] = c
  }
  return { start, sets: out }
}

/**
 * Swap local search from the greedy set. Keeps cover counts and the exact marginal gain delta[c]
 * = Δ(c|S) of every candidate up to date as sets leave and enter. Removing s loses the weight
 * of the elements only s covers; bringing c in then gains Δ(c|S) plus the part of that lost
 * weight c covers again. Each pass visits the chosen slots in a seeded random order, makes the
 * best swap for each (ties to the lower index) when it gains more than 1e-9 of the total, then
 * fills free slots (a swap can lift the spacing rule's block on a candidate with a gain).
 */
function swapSearch(
  sets: CoverSets, weight: Float64Array, n: number, chosen: number[], cnt: Uint32Array, delta: Float64Array,
  fS: number, spacing: Spacing | null, opts: { maxPasses: number; seed: number },
): { swaps: number } {
  const N = sets.count
  const inv = inverseIndex(sets, weight.length)
  const inS = new Uint8Array(N)
  for (const c of chosen) inS[c] = 1
  // conflicts[c]: chosen sets closer than the spacing to c
  const conflicts = new Uint32Array(N)
  const nearS = new Uint8Array(N)
  if (spacing) for (const c of chosen) for (const d of spacing.near(c)) conflicts[d]++
  const shift = (c: number, sign: 1 | -1) => {
    for (let k = sets.start[c], end = sets.start[c + 1]; k < end; k++) {
      const e = sets.items[k]
      // the element turns covered (or uncovered): every set holding it loses (or regains) its weight
      if (sign > 0 ? cnt[e]++ === 0 : --cnt[e] === 0) {
        const w = sign * weight[e]
        for (let j = inv.start[e], je = inv.start[e + 1]; j < je; j++) delta[inv.sets[j]] -= w
      }
    }
    inS[c] = sign > 0 ? 1 : 0
    if (spacing) for (const d of spacing.near(c)) conflicts[d] += sign
  }
  const bonus = new Float64Array(N)
  const touched: number[] = []
  const rnd = mulberry32(opts.seed)
  let swaps = 0
  for (let pass = 0; pass < opts.maxPasses; pass++) {
    let improved = false
    const order = chosen.map((_, i) => i)
    shuffleInPlace(order, rnd)
    for (const slot of order) {
      const s = chosen[slot]
      let loss = 0
      for (let k = sets.start[s], end = sets.start[s + 1]; k < end; k++) {
        const e = sets.items[k]
        if (cnt[e] !== 1) continue
        loss += weight[e]
        for (let j = inv.start[e], je = inv.start[e + 1]; j < je; j++) {
          const d = inv.sets[j]
          if (bonus[d] === 0) touched.push(d)
          bonus[d] += weight[e]
        }
      }
      const nearOfS = spacing ? spacing.near(s) : []
      for (const d of nearOfS) nearS[d] = 1
      let best = -1, bestGain = 1e-9 * fS
      for (let d = 0; d < N; d++) {
        if (inS[d] || (spacing && (!spacing.usable[d] || conflicts[d] - nearS[d] > 0))) continue
        const g = delta[d] + bonus[d] - loss
        if (g > bestGain) { bestGain = g; best = d }
      }
      for (const d of touched) bonus[d] = 0
      touched.length = 0
      for (const d of nearOfS) nearS[d] = 0
      if (best < 0) continue
      shift(s, -1)
      shift(best, 1)
      chosen[slot] = best
      fS += bestGain
      swaps++
      improved = true
    }
    while (chosen.length < n) {
      let best = -1, bestGain = 1e-9 * fS
      for (let d = 0; d < N; d++) {
        if (inS[d] || (spacing && (!spacing.usable[d] || conflicts[d] > 0))) continue
        if (delta[d] > bestGain) { bestGain = delta[d]; best = d }
      }
      if (best < 0) break
      shift(best, 1)
      chosen.push(best)
      fS += bestGain
      improved = true
    }
    if (!improved) break
  }
  return { swaps }
}

/**
 * The members of a set in greedy order: each next one adds the most given those before (ties
 * to the lower index). Members that would add nothing after the others are left out.
 */
function greedyOrder(sets: CoverSets, weight: Float64Array, members: number[]): { chosen: Uint32Array; gains: Float64Array } {
  const rest = members.slice().sort((a, b) => a - b)
  const cnt = new Uint32Array(weight.length)
  const chosen: number[] = []
  const gains: number[] = []
  while (rest.length > 0) {
    let bestAt = 0, bestGain = 0
    rest.forEach((c, i) => {
      const g = gainOf(sets, weight, cnt, c)
      if (g > bestGain) { bestGain = g; bestAt = i }
    })
    if (bestGain === 0) break
    const c = rest.splice(bestAt, 1)[0]
    chosen.push(c)
    gains.push(bestGain)
    cover(sets, cnt, c)
  }
  return { chosen: Uint32Array.from(chosen), gains: Float64Array.from(gains) }
}

const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s }

/**
 * Suggests up to opts.n candidates maximising the weight newly covered: lazy greedy, then the
 * swap search (opts.swap, default on), then the chosen set in greedy order with each one's
 * marginal gain. Stops early when no allowed candidate adds weight, so `chosen` can be shorter
 * than n (all weight 0: empty). Deterministic for a given input and seed.
 */
export function placeCameras(input: PlacementInput, opts: PlacementOptions): PlacementResult {
  const { sets, weight } = input
  const n = opts.n, minSpacing = opts.minSpacing ?? 0
  checkInput(input, n, minSpacing)
  const spacing = spacingRule(input, minSpacing)
  const cnt = new Uint32Array(weight.length)

  let t0 = performance.now()
  const gain0 = allGains(sets, weight, cnt)
  const greedy = lazyGreedy(sets, weight, gain0, n, cnt, spacing)
  const greedyTotal = sum(greedy.gains)
  const ms = { greedy: performance.now() - t0, swap: 0, bound: 0 }

  // the greedy's own bound covers every step up to its final set
  let upperBound = greedy.bound
  let swaps = 0
  const members = greedy.chosen.slice()
  if (opts.swap ?? true) {
    t0 = performance.now()
    // exact Δ(c | greedy set), where the swap search starts from
    const delta = allGains(sets, weight, cnt)
    const tBound = performance.now()
    // also the bound at the greedy set without the stale keys of candidates the spacing rule set aside
    upperBound = Math.min(upperBound, boundAt(greedyTotal, delta, n))
    ms.bound = performance.now() - tBound
    swaps = swapSearch(sets, weight, n, members, cnt, delta, greedyTotal, spacing, {
      maxPasses: opts.maxSwapPasses ?? 20, seed: opts.seed ?? 1,
    }).swaps
    ms.swap = performance.now() - t0 - ms.bound
  }
  const { chosen, gains } = greedyOrder(sets, weight, members)
  const total = sum(gains)

  if (members.length !== greedy.chosen.length || swaps > 0) {
    t0 = performance.now()
    const finalCnt = new Uint32Array(weight.length)
    for (const c of chosen) cover(sets, finalCnt, c)
    upperBound = Math.min(upperBound, boundAt(total, allGains(sets, weight, finalCnt), n))
    ms.bound += performance.now() - t0
  }
  // rounding aside, every bound is >= total; max() keeps ratio <= 1 when they meet
  upperBound = Math.max(total, upperBound)

  return {
    chosen, gains, total, greedyTotal, upperBound,
    ratio: upperBound === 0 ? 1 : total / upperBound,
    swaps, evaluations: greedy.evaluations, ms,
  }
}

/**
 * The optimum by depth-first branch and bound over subsets of at most n candidates, in index
 * order, pruned with the bound of the module comment restricted to the candidates still
 * allowed. For tests and the quality benchmark: meant for about 30 candidates and n <= 6
 * (the worst case visits every subset of at most n). Ties: the first optimum in
 * lexicographic order.
 */
export function exactBest(input: PlacementInput, n: number, minSpacing = 0): { chosen: number[]; total: number } {
  const { sets, weight } = input
  checkInput(input, n, minSpacing)
  const spacing = spacingRule(input, minSpacing)
  const N = sets.count
  const cnt = new Uint32Array(weight.length)
  const blocked = new Uint32Array(N) // how many picks block each candidate
  if (spacing) for (let c = 0; c < N; c++) if (!spacing.usable[c]) blocked[c] = 1
  const picks: number[] = []
  let best = { chosen: [] as number[], total: 0 }
  const visit = (from: number, f: number) => {
    if (f > best.total) best = { chosen: picks.slice(), total: f }
    if (picks.length === n) return
    const gains: number[] = []
    for (let c = from; c < N; c++) gains.push(blocked[c] ? 0 : gainOf(sets, weight, cnt, c))
    const room = gains.slice().sort((a, b) => b - a).slice(0, n - picks.length)
    if (f + sum(room) <= best.total) return
    for (let c = from; c < N; c++) {
      // a pick that adds nothing now adds nothing later either (gains only shrink)
      if (gains[c - from] <= 0) continue
      const near = spacing ? spacing.near(c) : []
      for (const d of near) blocked[d]++
      cover(sets, cnt, c)
      picks.push(c)
      visit(c + 1, f + gains[c - from])
      picks.pop()
      for (let k = sets.start[c], end = sets.start[c + 1]; k < end; k++) cnt[sets.items[k]]--
      for (const d of near) blocked[d]--
    }
  }
  visit(0, 0)
  return best
}
