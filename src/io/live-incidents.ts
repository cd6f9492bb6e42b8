/**
 * Live incidents: each message of the live endpoint (one Server-Sent Event's `data`, or one
 * WebSocket text frame) is ONE incident, either
 *   - a JSON object `{"id","time","category","subtype","lon","lat","address"?}` — time as the
 *     incident CSV takes it (ISO 8601, no offset = Asia/Shanghai) or epoch milliseconds, lon/lat
 *     WGS-84 numbers; or
 *   - one CSV line in the incident contract's column order `id,time,category,subtype,lon,lat[,address]`.
 * Messages are gathered and read in batches (a CSV text through the same reader as files, so
 * the same rules reject a bad row), then appended as new columns — never one copy per message.
 */
import type { IncidentColumns, PackedStrings } from '../core/incidents'
import { csvCell } from './import-report'
import { INCIDENT_FIELDS, readIncidentsCsv, type IncidentCsvResult } from './incidents-csv'

const HEADER = INCIDENT_FIELDS.join(',')

/** A message as a CSV line of the contract; null when it is neither a JSON object nor a single line. */
export function liveMessageToCsvLine(data: string): string | null {
  const text = data.trim()
  if (text === '') return null
  if (text.startsWith('{')) {
    let o: unknown
    try {
      o = JSON.parse(text)
    } catch {
      return null
    }
    if (typeof o !== 'object' || o === null) return null
    const r = o as Record<string, unknown>
    const cell = (field: string) => {
      const v = field === 'time' && typeof r.time === 'number' && Number.isFinite(r.time) ? new Date(r.time).toISOString() : r[field]
      return typeof v === 'string' || typeof v === 'number' ? csvCell(v, false) : ''
    }
    return INCIDENT_FIELDS.map(cell).join(',')
  }
  return /[\r\n]/.test(text) ? null : text
}

/** Reads a batch of messages: rows that the reader rejects are counted in its report; a message that is no incident at all counts as `unreadable`. */
export function readLiveBatch(messages: readonly string[]): IncidentCsvResult & { unreadable: number } {
  const lines: string[] = []
  let unreadable = 0
  for (const m of messages) {
    const line = liveMessageToCsvLine(m)
    if (line === null) unreadable++
    else lines.push(line)
  }
  const r = readIncidentsCsv(new TextEncoder().encode(`${HEADER}\n${lines.join('\n')}\n`), { fileName: 'live' })
  return { ...r, unreadable }
}

function cat<T extends Float64Array | Uint8Array | Uint16Array>(x: T, y: T, n: number, m: number): T {
  const out = new (x.constructor as new (len: number) => T)(n + m)
  out.set(x.subarray(0, n))
  out.set(y.subarray(0, m), n)
  return out
}

function catPacked(a: PackedStrings, b: PackedStrings, n: number, m: number): PackedStrings {
  const aBytes = a.offsets[n], bBytes = b.offsets[m]
  const bytes = new Uint8Array(aBytes + bBytes)
  bytes.set(a.bytes.subarray(0, aBytes))
  bytes.set(b.bytes.subarray(0, bBytes), aBytes)
  const offsets = new Uint32Array(n + m + 1)
  offsets.set(a.offsets.subarray(0, n + 1))
  for (let i = 1; i <= m; i++) offsets[n + i] = aBytes + b.offsets[i]
  return { bytes, offsets }
}

/** n empty texts */
const emptyTexts = (n: number): PackedStrings => ({ bytes: new Uint8Array(0), offsets: new Uint32Array(n + 1) })

/**
 * `a`'s rows then `b`'s, as new columns (`a` is left as it is: the map may still be drawing it).
 * `b`'s subtype codes are moved onto `a`'s dictionary, which grows by the names it lacks.
 */
export function appendIncidents(a: IncidentColumns, b: IncidentColumns): IncidentColumns {
  const n = a.count, m = b.count
  const subtypes = [...a.subtypes]
  const codeOf = new Map(subtypes.map((s, i) => [s, i]))
  const remap = b.subtypes.map((s) => {
    let c = codeOf.get(s)
    if (c === undefined) {
      c = subtypes.push(s) - 1
      codeOf.set(s, c)
    }
    return c
  })
  const subtype = cat(a.subtype, new Uint16Array(m), n, m)
  for (let i = 0; i < m; i++) subtype[n + i] = remap[b.subtype[i]]
  // window ends: kept when either side has them, NaN (an exact time) for the other side's rows
  const timeTo = a.timeTo || b.timeTo
    ? cat(a.timeTo ?? new Float64Array(n).fill(NaN), b.timeTo ?? new Float64Array(m).fill(NaN), n, m)
    : undefined
  // victims: kept when either side names them, empty for the other side's rows
  const victim = a.victim || b.victim
    ? catPacked(a.victim ?? emptyTexts(n), b.victim ?? emptyTexts(m), n, m)
    : undefined
  return {
    count: n + m,
    lon: cat(a.lon, b.lon, n, m), lat: cat(a.lat, b.lat, n, m), time: cat(a.time, b.time, n, m), ...(timeTo ? { timeTo } : {}),
    category: cat(a.category, b.category, n, m), subtype, subtypes,
    id: catPacked(a.id, b.id, n, m), address: catPacked(a.address, b.address, n, m), ...(victim ? { victim } : {}),
  }
}

/**
 * The rows at `rows` (ascending indices into `c`), as new columns; the subtype dictionary is
 * kept as it is, so the codes stay valid. Used to drop replays and the oldest live rows.
 */
export function takeRows(c: IncidentColumns, rows: ArrayLike<number>): IncidentColumns {
  const m = rows.length
  const lon = new Float64Array(m), lat = new Float64Array(m), time = new Float64Array(m)
  const timeTo = c.timeTo ? new Float64Array(m) : undefined
  const category = new Uint8Array(m), subtype = new Uint16Array(m)
  const pick = (p: PackedStrings): PackedStrings => {
    let bytes = 0
    for (let k = 0; k < m; k++) bytes += p.offsets[rows[k] + 1] - p.offsets[rows[k]]
    const out = new Uint8Array(bytes)
    const offsets = new Uint32Array(m + 1)
    for (let k = 0, at = 0; k < m; k++) {
      const s = p.offsets[rows[k]], e = p.offsets[rows[k] + 1]
      out.set(p.bytes.subarray(s, e), at)
      at += e - s
      offsets[k + 1] = at
    }
    return { bytes: out, offsets }
  }
  for (let k = 0; k < m; k++) {
    const i = rows[k]
    lon[k] = c.lon[i]
    lat[k] = c.lat[i]
    time[k] = c.time[i]
    if (timeTo) timeTo[k] = c.timeTo![i]
    category[k] = c.category[i]
    subtype[k] = c.subtype[i]
  }
  return {
    count: m, lon, lat, time, ...(timeTo ? { timeTo } : {}), category, subtype, subtypes: c.subtypes, id: pick(c.id), address: pick(c.address),
    ...(c.victim ? { victim: pick(c.victim) } : {}),
  }
}
