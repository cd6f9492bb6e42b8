/**
 * Incidents are columns, not objects (src/ARCHITECTURE.md, "Columns, not objects"): one million rows must fit in tens of
 * megabytes and cross a worker boundary as transferable buffers.
 */

/** Category codes, in the order of their `Uint8Array` code. `other` keeps unknown labels. */
export const CATEGORIES = ['criminal', 'public_order', 'fire', 'problem', 'other'] as const
export type Category = (typeof CATEGORIES)[number]
export const CATEGORY_OTHER = 4

/** Strings stored as one UTF-8 byte buffer plus row offsets (row i is bytes[offsets[i]..offsets[i+1])). */
export interface PackedStrings {
  bytes: Uint8Array
  /** length = count + 1 */
  offsets: Uint32Array
}

export interface IncidentColumns {
  count: number
  /** WGS-84 degrees */
  lon: Float64Array
  lat: Float64Array
  /** epoch milliseconds (UTC instant; a time without offset was read as Asia/Shanghai) */
  time: Float64Array
  /**
   * End of the window in which the incident happened, epoch ms, when the file gives one
   * (发案时间起/止, time_from/time_to): the incident is then known only to lie in [time, timeTo),
   * and time analyses spread it over the window (core/aoristic.ts). NaN for a row without an end;
   * absent when the file has no such column.
   */
  timeTo?: Float64Array
  /** index into CATEGORIES */
  category: Uint8Array
  /** index into `subtypes` */
  subtype: Uint16Array
  subtypes: string[]
  id: PackedStrings
  /** empty strings where the file has no address column */
  address: PackedStrings
  /**
   * Who the incident was against (受害人 / victim: a name or an id number, as the file gives it),
   * for repeat victimisation (core/repeat-places.ts, by 'victim'). Empty for a row without one;
   * absent when the file has no such column. Personal data: it stays in the browser (the server
   * has no such column) and goes to the worker only for the analysis that groups by it.
   */
  victim?: PackedStrings
}

const decoder = new TextDecoder()

export function packedString(p: PackedStrings, i: number): string {
  return decoder.decode(p.bytes.subarray(p.offsets[i], p.offsets[i + 1]))
}

/** The buffers to hand to postMessage as transferables. */
export function incidentBuffers(c: IncidentColumns): ArrayBuffer[] {
  return [
    c.lon.buffer, c.lat.buffer, c.time.buffer, c.category.buffer, c.subtype.buffer,
    c.id.bytes.buffer, c.id.offsets.buffer, c.address.bytes.buffer, c.address.offsets.buffer,
    ...(c.timeTo ? [c.timeTo.buffer] : []),
    ...(c.victim ? [c.victim.bytes.buffer, c.victim.offsets.buffer] : []),
  ] as ArrayBuffer[]
}

const encoder = new TextEncoder()

/** Packs texts into one UTF-8 buffer plus row offsets (the inverse of packedString). */
export function packStrings(texts: readonly string[]): PackedStrings {
  const parts = texts.map((t) => encoder.encode(t))
  const offsets = new Uint32Array(texts.length + 1)
  for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i] + parts[i].length
  const bytes = new Uint8Array(offsets[texts.length])
  for (let i = 0; i < parts.length; i++) bytes.set(parts[i], offsets[i])
  return { bytes, offsets }
}
