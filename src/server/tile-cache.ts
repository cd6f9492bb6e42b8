/**
 * The city view's tiles, kept in memory: many seats pan over the same city, and a tile at city
 * zoom counts millions of rows. Least recently used first out, bounded by bytes (the tiles and
 * their keys), so the server's memory stays flat however many tiles the seats ask for. An entry
 * names the districts its tile was counted over; new incidents of one of them drop it.
 */

export interface TileCacheStats { entries: number; bytes: number; hits: number; misses: number }

interface Entry { bytes: Buffer; districts: readonly number[]; cost: number }

/** what a Map entry, its key string and the Buffer's object take beside the tile's bytes, roughly */
const ENTRY_OVERHEAD = 200

export class TileCache {
  private readonly entries = new Map<string, Entry>()
  private bytes = 0
  private hits = 0
  private misses = 0
  /** counts invalidations: a tile counted across one of its districts' may hold rows from before it */
  private generation = 0
  /** the generation of each district's last invalidation, and of the last one of every district */
  private readonly changed = new Map<number, number>()
  private allChanged = 0

  constructor(readonly maxBytes = 64 << 20) {}

  get(key: string): Buffer | undefined {
    const e = this.entries.get(key)
    if (!e) {
      this.misses++
      return undefined
    }
    this.hits++
    // to the young end
    this.entries.delete(key)
    this.entries.set(key, e)
    return e.bytes
  }

  /** a token for `set`: the tile about to be counted is stored only if nothing changed meanwhile */
  begin(): number {
    return this.generation
  }

  set(key: string, bytes: Buffer, districts: readonly number[], begun: number): void {
    if (this.allChanged > begun || districts.some((d) => (this.changed.get(d) ?? 0) > begun)) return
    const cost = bytes.length + key.length * 2 + ENTRY_OVERHEAD
    // one huge tile must not empty the whole cache
    if (cost > this.maxBytes / 8) return
    this.drop(key)
    this.entries.set(key, { bytes, districts, cost })
    this.bytes += cost
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.drop(k)
    }
  }

  /** Drops the tiles counted over `district`, or every tile when null. */
  invalidate(district: number | null): void {
    this.generation++
    if (district === null) {
      this.allChanged = this.generation
      this.changed.clear()
    } else this.changed.set(district, this.generation)
    for (const [k, e] of this.entries) if (district === null || e.districts.includes(district)) this.drop(k)
  }

  stats(): TileCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses }
  }

  private drop(key: string): void {
    const e = this.entries.get(key)
    if (!e) return
    this.entries.delete(key)
    this.bytes -= e.cost
  }
}
