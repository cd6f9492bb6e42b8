/**
 * The incident reader's duplicate-id check: which earlier kept row has the same id bytes.
 * Ids are the reader's packed id column (bytes + offsets, row n's id at
 * bytes[offsets[n], offsets[n + 1])), so the set stores rows, never strings.
 *
 * Ids that count up by one from row to row (`WF1-0`, `WF1-1`, …, as most systems number
 * incidents) are held as one run, prefix + first number + length, instead of in the hash set:
 * a set of a million ids is 32 MB probed at random, a cache miss a row. The run takes only
 * canonical numbers (no leading zero, at most 15 digits), so each id has one spelling. Every
 * other id goes to an open-addressing hash set of [hash, row + 1] pairs.
 */
import { bytesEqual, hashBytes } from './byte-dict'

export class IncidentIdSet {
  // hash set over kept rows: [hash, row + 1] pairs
  private table = new Int32Array(2 * 2048)
  /** ids in the hash set (the run's are not) */
  private count = 0

  // the run, and what runFind found out about the last id it was given
  private runK = -1
  /** where the trailing number of the last id given to runFind starts */
  private runDigits = 0
  private runSame = false
  private runRow0 = 0
  private runLo = 0
  private runLen = 0
  /** the run's prefix: bytes[runPrefixStart, + runPrefixLen) (in the first row's id) */
  private runPrefixStart = 0
  private runPrefixLen = 0

  /**
   * Row index of an earlier kept row whose id equals bytes[s, e), or -1 after adding row `n`
   * (whose id is bytes[s, e); `offsets` holds the rows before n).
   */
  findOrAdd(bytes: Uint8Array, offsets: Uint32Array, n: number, s: number, e: number): number {
    const inRun = this.runFind(bytes, bytes, s, e)
    if (inRun >= 0) return inRun
    const k = this.runK
    const table = this.table // [hash, row + 1] pairs
    const mask = (table.length >> 1) - 1
    let h = 0, slot = 0
    if (this.count > 0) {
      h = hashBytes(bytes, s, e) | 0
      slot = h & mask
      for (;;) {
        const v = table[2 * slot + 1]
        if (v === 0) break
        if (table[2 * slot] === h) {
          const j = v - 1
          if (bytesEqual(bytes, offsets[j], offsets[j + 1], bytes, s, e)) return j
        }
        slot = (slot + 1) & mask
      }
    }
    if (k >= 0) {
      if (this.runLen === 0) {
        this.runRow0 = n
        this.runLo = k
        this.runLen = 1
        this.runPrefixStart = s
        this.runPrefixLen = this.runDigits - s
        return -1
      }
      if (this.runSame && k === this.runLo + this.runLen && n === this.runRow0 + this.runLen) {
        this.runLen++
        return -1
      }
    }
    if (this.count === 0) {
      // the set is empty: the home slot is free
      h = hashBytes(bytes, s, e) | 0
      slot = h & mask
    }
    table[2 * slot] = h
    table[2 * slot + 1] = n + 1
    this.count++
    if (this.count * 2 > mask + 1) this.rehash((mask + 1) * 2)
    return -1
  }

  /**
   * The row whose id (in the packed column ids/offsets the set was built over) is
   * query[s, e), or -1. Throws after release().
   */
  find(ids: Uint8Array, offsets: Uint32Array, query: Uint8Array, s: number, e: number): number {
    const table = this.table
    if (table.length <= 2) throw new Error('findId needs keepIdIndex')
    const inRun = this.runFind(ids, query, s, e)
    if (inRun >= 0) return inRun
    if (this.count === 0) return -1
    const h = hashBytes(query, s, e) | 0
    const mask = (table.length >> 1) - 1
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = table[2 * slot + 1]
      if (v === 0) return -1
      if (table[2 * slot] === h) {
        const j = v - 1
        if (bytesEqual(ids, offsets[j], offsets[j + 1], query, s, e)) return j
      }
    }
  }

  /** Sizes the hash set for `rows` kept rows, projected from the share of ids it holds among the first `n`. */
  reserve(rows: number, n: number): void {
    // sized for the ids the hash set is projected to hold (few when the ids run in order)
    const slots = 2 ** Math.ceil(Math.log2(Math.ceil((this.count / n) * rows) * 2 + 2))
    if (slots > this.table.length >> 1) this.rehash(slots)
  }

  /** Frees the hash set; find() throws afterwards. */
  release(): void {
    this.table = new Int32Array(2)
  }

  /**
   * Sets runK to the trailing number of bytes[s, e) (or -1) and runSame to whether its prefix
   * is the run's; returns the row of that id in the run, or -1.
   */
  private runFind(prefixBytes: Uint8Array, bytes: Uint8Array, s: number, e: number): number {
    let j = e
    while (j > s && bytes[j - 1] >= 48 && bytes[j - 1] <= 57) j--
    const digits = e - j
    this.runSame = false
    if (digits === 0 || digits > 15 || (digits > 1 && bytes[j] === 48)) {
      this.runK = -1
      return -1
    }
    let k = 0
    for (let i = j; i < e; i++) k = k * 10 + (bytes[i] - 48)
    this.runK = k
    this.runDigits = j
    if (this.runLen === 0) return -1
    const p0 = this.runPrefixStart
    if (!bytesEqual(prefixBytes, p0, p0 + this.runPrefixLen, bytes, s, j)) return -1
    this.runSame = true
    const d = k - this.runLo
    return d >= 0 && d < this.runLen ? this.runRow0 + d : -1
  }

  /** The hash set with `size` slots (a power of two). */
  private rehash(size: number): void {
    const table = this.table
    const t = new Int32Array(2 * size)
    const m2 = size - 1
    for (let k = 0; k < table.length; k += 2) {
      const v = table[k + 1]
      if (v === 0) continue
      let p = table[k] & m2
      while (t[2 * p + 1] !== 0) p = (p + 1) & m2
      t[2 * p] = table[k]
      t[2 * p + 1] = v
    }
    this.table = t
  }
}
