/**
 * Byte strings → dense ids (the incident reader's category and subtype dictionaries), and the
 * hash and comparison of byte ranges its id set shares.
 */

const utf8 = new TextDecoder()

export function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193)
  // FNV's low bits never see the high bits: mix before masking (murmur3 fmix32)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}


export function bytesEqual(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false
  for (let i = as, j = bs; i < ae; i++, j++) if (a[i] !== b[j]) return false
  return true
}

/** Byte strings → dense ids in order of first appearance (open addressing, FNV-1a). */
export class ByteDict {
  private pool = new Uint8Array(256)
  private poolLen = 0
  private starts: number[] = []
  private ends: number[] = []
  private table = new Int32Array(64)
  private hashes = new Uint32Array(64)
  readonly names: string[] = []
  get size(): number { return this.names.length }

  /** id of bytes [s, e), or -1 when absent */
  find(buf: Uint8Array, s: number, e: number): number {
    const h = hashBytes(buf, s, e)
    const mask = this.table.length - 1
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = this.table[slot]
      if (v === 0) { this.lastHash = h; this.lastSlot = slot; return -1 }
      const id = v - 1
      if (this.hashes[slot] === h && bytesEqual(this.pool, this.starts[id], this.ends[id], buf, s, e)) return id
    }
  }
  private lastHash = 0
  private lastSlot = 0

  /** Insert bytes [s, e) after a find() that returned -1 (same bytes). Returns the new id. */
  insertAfterFind(buf: Uint8Array, s: number, e: number): number {
    const n = e - s
    if (this.poolLen + n > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.poolLen + n))
      p.set(this.pool.subarray(0, this.poolLen))
      this.pool = p
    }
    this.pool.set(buf.subarray(s, e), this.poolLen)
    const id = this.names.length
    this.starts.push(this.poolLen)
    this.ends.push(this.poolLen + n)
    this.poolLen += n
    this.names.push(utf8.decode(buf.subarray(s, e)))
    this.table[this.lastSlot] = id + 1
    this.hashes[this.lastSlot] = this.lastHash
    if (this.names.length * 2 > this.table.length) this.rehash(this.table.length * 2)
    return id
  }

  private rehash(size: number): void {
    const t = new Int32Array(size), hs = new Uint32Array(size)
    const mask = size - 1
    for (let k = 0; k < this.table.length; k++) {
      const v = this.table[k]
      if (v === 0) continue
      let slot = this.hashes[k] & mask
      while (t[slot] !== 0) slot = (slot + 1) & mask
      t[slot] = v
      hs[slot] = this.hashes[k]
    }
    this.table = t
    this.hashes = hs
  }
}
