/**
 * The last `capacity` distinct ids, forgetting the oldest first (FIFO ring buffer beside a Set).
 *
 * Ids are kept as strings, not as 53-bit hashes: a hash collision would silently drop a real
 * incident as a "replay", and the exact set costs only a few MiB more (about 50 bytes an id,
 * ~10 MiB for 200,000 short ids) — small beside the incident columns it guards.
 */
export class SeenIds {
  private readonly ring: (string | undefined)[]
  private readonly set = new Set<string>()
  private head = 0

  constructor(readonly capacity: number) {
    if (!(Number.isSafeInteger(capacity) && capacity > 0)) throw new RangeError(`capacity must be a positive integer (got ${capacity})`)
    this.ring = new Array<string | undefined>(capacity)
  }

  get size(): number {
    return this.set.size
  }

  has(id: string): boolean {
    return this.set.has(id)
  }

  /** Remembers `id`; false when it is already remembered (a replay). May forget the oldest id. */
  add(id: string): boolean {
    if (this.set.has(id)) return false
    const old = this.ring[this.head]
    if (old !== undefined) this.set.delete(old)
    this.ring[this.head] = id
    this.head = (this.head + 1) % this.capacity
    this.set.add(id)
    return true
  }
}
