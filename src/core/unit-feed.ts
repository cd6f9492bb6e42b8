/**
 * Live unit fixes (issue 26, point 1): the last minutes of each unit in a fixed ring buffer,
 * so that a feed of 100 units at one fix per 5 s runs for hours in the same memory. The
 * buffers are allocated once per unit and overwritten in place; the number of units is capped.
 * `tracks()` turns them into the same UnitTracks columns a file gives, so the map, the trails and
 * the nearest-unit ranking run unchanged on the feed.
 */
import { MAX_SPEED_KMH, haversineM } from './track-checks'
import { UNIT_KINDS, type UnitTracks } from './unit-tracks'

/** Minutes of fixes a unit keeps: the 10-minute trail and a margin. */
export const FEED_KEEP_MS = 15 * 60_000
/**
 * Fixes a unit's ring holds: 15 minutes at one fix every 2.5 s. A unit that sends faster loses
 * its oldest fixes first (a shorter trail), never memory.
 */
export const FEED_RING = 360
/** Units the feed follows; fixes of further unit ids are counted and dropped. */
export const FEED_MAX_UNITS = 5000

export interface FeedFix {
  unitId: string
  /** UNIT_KINDS index */
  kind: number
  time: number
  lon: number
  lat: number
  speed: number
  heading: number
  status: number
}

/** Why push() left a fix out. */
export type FeedDrop = 'duplicate_fix' | 'impossible_jump' | 'stale' | 'too_many_units'

class Ring {
  readonly time = new Float64Array(FEED_RING)
  readonly lon = new Float64Array(FEED_RING)
  readonly lat = new Float64Array(FEED_RING)
  readonly speed = new Float32Array(FEED_RING)
  readonly heading = new Float32Array(FEED_RING)
  readonly status = new Uint8Array(FEED_RING)
  /** index of the next write; size fixes end just before it */
  head = 0
  size = 0
  constructor(public kind: number) {}
  get last(): number {
    return (this.head + FEED_RING - 1) % FEED_RING
  }
}

export class UnitFeed {
  private readonly rings: Ring[] = []
  private readonly index = new Map<string, number>()
  private readonly ids: string[] = []
  /** the newest fix time of any unit: the feed's clock (epoch ms; NaN before the first fix) */
  now = NaN

  constructor(readonly keepMs = FEED_KEEP_MS) {}

  get units(): number {
    return this.ids.length
  }

  /**
   * Adds one fix, or says why not: a fix no newer than the unit's last one (a resend after a
   * reconnect, or out of order), or one that would mean driving faster than MAX_SPEED_KMH from it.
   */
  push(f: FeedFix): FeedDrop | null {
    let u = this.index.get(f.unitId)
    if (u === undefined) {
      if (this.ids.length >= FEED_MAX_UNITS) return 'too_many_units'
      u = this.ids.length
      this.index.set(f.unitId, u)
      this.ids.push(f.unitId)
      this.rings.push(new Ring(f.kind))
    }
    const r = this.rings[u]
    if (r.size > 0) {
      const l = r.last
      const dt = f.time - r.time[l]
      if (dt === 0) return 'duplicate_fix'
      if (dt < 0) return 'stale'
      if ((haversineM(r.lon[l], r.lat[l], f.lon, f.lat) / (dt / 1000)) * 3.6 > MAX_SPEED_KMH) return 'impossible_jump'
    }
    // a kind named later (a file without kinds first) is taken
    if (f.kind !== UNIT_KINDS.indexOf('unknown')) r.kind = f.kind
    const h = r.head
    r.time[h] = f.time
    r.lon[h] = f.lon
    r.lat[h] = f.lat
    r.speed[h] = f.speed
    r.heading[h] = f.heading
    r.status[h] = f.status
    r.head = (h + 1) % FEED_RING
    r.size = Math.min(FEED_RING, r.size + 1)
    if (!(f.time <= this.now)) this.now = f.time
    return null
  }

  /** Fixes held, all units together (each ring up to FEED_RING). */
  get held(): number {
    let n = 0
    for (const r of this.rings) n += r.size
    return n
  }

  /**
   * The fixes within keepMs of the feed's clock as tracks, every unit with at least its last fix
   * (a silent unit stays on the map, offline, where it was last seen).
   */
  tracks(): UnitTracks {
    const from = this.now - this.keepMs
    const nu = this.ids.length
    const unitStart = new Uint32Array(nu + 1)
    const firstOf = new Int32Array(nu)
    this.rings.forEach((r, u) => {
      let k = 0
      // oldest first: skip those too old, but never the last one
      while (k < r.size - 1 && r.time[(r.head - r.size + k + FEED_RING) % FEED_RING] < from) k++
      firstOf[u] = k
      unitStart[u + 1] = unitStart[u] + (r.size - k)
    })
    const n = unitStart[nu]
    const t: UnitTracks = {
      count: n, unitIds: this.ids.slice(), unitKind: Uint8Array.from(this.rings, (r) => r.kind), unitStart,
      unit: new Uint32Array(n), time: new Float64Array(n), lon: new Float64Array(n), lat: new Float64Array(n),
      speed: new Float32Array(n), heading: new Float32Array(n), status: new Uint8Array(n), line: new Uint32Array(n),
    }
    this.rings.forEach((r, u) => {
      for (let k = firstOf[u], j = unitStart[u]; k < r.size; k++, j++) {
        const i = (r.head - r.size + k + FEED_RING) % FEED_RING
        t.unit[j] = u
        t.time[j] = r.time[i]
        t.lon[j] = r.lon[i]
        t.lat[j] = r.lat[i]
        t.speed[j] = r.speed[i]
        t.heading[j] = r.heading[i]
        t.status[j] = r.status[i]
      }
    })
    return t
  }
}
