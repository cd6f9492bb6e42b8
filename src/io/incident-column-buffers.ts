/**
 * The incident reader's growing columns: typed arrays written row by row, sized once from the
 * file size when it is known (reserve), and handed out at the end as views when they are
 * nearly full (a copy would double the peak memory at the very end of a big read).
 */
import type { PackedStrings } from '../core/incidents'

export class IncidentColumnBuffers {
  cap = 1024
  count = 0
  lon = new Float64Array(this.cap)
  lat = new Float64Array(this.cap)
  time = new Float64Array(this.cap)
  cat = new Uint8Array(this.cap)
  sub = new Uint16Array(this.cap)
  /** line of each kept row, for "first on line …" */
  lines = new Uint32Array(this.cap)
  idOff = new Uint32Array(this.cap + 1)
  idBytes: Uint8Array<ArrayBuffer> = new Uint8Array(this.cap * 8)
  addrOff = new Uint32Array(this.cap + 1)
  addrBytes: Uint8Array<ArrayBuffer> = new Uint8Array(this.cap * 16)
  /** window ends (NaN: none), only when the file has a time_to column (enableTimeTo) */
  timeTo: Float64Array | null = null
  /** victims (empty: none), only when the file has a victim column (enableVictim) */
  victimOff: Uint32Array | null = null
  victimBytes: Uint8Array<ArrayBuffer> = new Uint8Array(0)
  /** set once reserve() has been tried: growth is then by a quarter */
  reserved = false

  /** Past the reservation the estimate was short by a little: grow by a quarter, not double. */
  get growth(): number {
    return this.reserved ? 1.25 : 2
  }

  enableTimeTo(): void {
    if (!this.timeTo) this.timeTo = new Float64Array(this.cap)
  }

  enableVictim(): void {
    if (this.victimOff) return
    this.victimOff = new Uint32Array(this.cap + 1)
    this.victimBytes = new Uint8Array(this.cap * 8)
  }

  grow(): void {
    this.resize(Math.ceil(this.cap * this.growth))
  }

  /** Room for `rows` rows, the id and address bytes scaled from the average of the rows so far. */
  reserve(rows: number): void {
    const n = this.count
    this.idBytes = resizeBytes(this.idBytes, Math.ceil((this.idOff[n] / n) * rows))
    this.addrBytes = resizeBytes(this.addrBytes, Math.ceil((this.addrOff[n] / n) * rows))
    if (this.victimOff) this.victimBytes = resizeBytes(this.victimBytes, Math.ceil((this.victimOff[n] / n) * rows))
    this.resize(rows)
  }

  private resize(cap: number): void {
    const f64 = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b }
    this.lon = f64(this.lon)
    this.lat = f64(this.lat)
    this.time = f64(this.time)
    if (this.timeTo) this.timeTo = f64(this.timeTo)
    const c = new Uint8Array(cap); c.set(this.cat); this.cat = c
    const s = new Uint16Array(cap); s.set(this.sub); this.sub = s
    const l = new Uint32Array(cap); l.set(this.lines); this.lines = l
    const io = new Uint32Array(cap + 1); io.set(this.idOff); this.idOff = io
    const ao = new Uint32Array(cap + 1); ao.set(this.addrOff); this.addrOff = ao
    if (this.victimOff) { const vo = new Uint32Array(cap + 1); vo.set(this.victimOff); this.victimOff = vo }
    this.cap = cap
  }

  /** The kept rows' columns (views when within 10% of their final size, else copies). */
  fitted(): { lon: Float64Array; lat: Float64Array; time: Float64Array; timeTo?: Float64Array; category: Uint8Array; subtype: Uint16Array; id: PackedStrings; address: PackedStrings; victim?: PackedStrings } {
    const n = this.count
    const fit = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(a: T, len: number): T =>
      (a.length - len <= len * 0.1 ? a.subarray(0, len) : a.slice(0, len)) as T
    return {
      lon: fit(this.lon, n),
      lat: fit(this.lat, n),
      time: fit(this.time, n),
      ...(this.timeTo ? { timeTo: fit(this.timeTo, n) } : {}),
      category: fit(this.cat, n),
      subtype: fit(this.sub, n),
      id: { bytes: fit(this.idBytes, this.idOff[n]), offsets: fit(this.idOff, n + 1) },
      address: { bytes: fit(this.addrBytes, this.addrOff[n]), offsets: fit(this.addrOff, n + 1) },
      ...(this.victimOff ? { victim: { bytes: fit(this.victimBytes, this.victimOff[n]), offsets: fit(this.victimOff, n + 1) } } : {}),
    }
  }
}

/**
 * Row n's text, src[s..e), appended to a packed text column (offsets `off`, bytes `bytes`);
 * returns the bytes, grown when they were full.
 */
export function putText(off: Uint32Array, bytes: Uint8Array<ArrayBuffer>, n: number, src: Uint8Array, s: number, e: number, growth: number): Uint8Array<ArrayBuffer> {
  const start = off[n], end = start + (e - s)
  if (end > bytes.length) bytes = growBytes(bytes, end, growth)
  copyBytes(src, s, e, bytes, start)
  off[n + 1] = end
  return bytes
}

export function copyBytes(src: Uint8Array, s: number, e: number, dst: Uint8Array, o: number): void {
  if (e - s > 64) dst.set(src.subarray(s, e), o)
  else for (let i = s; i < e; i++) dst[o++] = src[i]
}

function resizeBytes(a: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  if (size <= a.length) return a as Uint8Array<ArrayBuffer>
  const b = new Uint8Array(size)
  b.set(a)
  return b
}

export function growBytes(a: Uint8Array, need: number, growth: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(need, Math.ceil(a.length * growth)))
  b.set(a)
  return b
}
