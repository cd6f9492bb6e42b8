/**
 * Streaming reader for incident CSV files (`id,time,category,subtype,lon,lat[,address]`).
 *
 * It scans UTF-8 bytes straight into typed columns: no per-row objects, no string split of
 * the file, no string per field on the hot path (lon/lat/time are parsed from bytes, ids are
 * hashed as bytes, category and subtype go through small byte dictionaries). Chunks may be
 * cut anywhere (inside a quoted field, a CRLF or a multi-byte character). Bad rows are
 * rejected into the ImportReport; the reader never throws on bad data.
 *
 * papaparse is the reference it is tested against (tests/unit/io) and the general path for
 * files that are not in the contract.
 */
import { CATEGORIES, CATEGORY_OTHER, type Category, type IncidentColumns, type PackedStrings } from '../core/incidents'
import { addRejected, emptyReport, type ImportReport, type RejectReason } from './import-report'
import { convertColumnsToWgs84, isCrs, type Crs } from './coords'
import { detectEncoding, Utf8Transcoder } from './text-encoding'
import type { EncodingChoice } from './dataset-kinds'
import { autoMap } from './field-mapping'
import { errorMessage } from '../core/text-format'

/** The fields of the incident contract, in CSV column order. */
export const INCIDENT_FIELDS = ['id', 'time', 'category', 'subtype', 'lon', 'lat', 'address'] as const
export type IncidentField = (typeof INCIDENT_FIELDS)[number]

export interface IncidentCsvOptions {
  /** coordinate system of lon/lat in the file (default wgs84); converted to WGS-84 */
  crs?: Crs
  fileName?: string
  /** size of the whole file when known: the columns are then sized once from the first rows
   *  instead of doubling, which keeps the peak memory of a 1,000,000-row read near its result */
  expectedBytes?: number
  /** false: leave the address column empty (analytics never read it; saves ~25 bytes a row) */
  addresses?: boolean
  /** extra category labels (matched trimmed and lower-cased), e.g. { homicide: 'criminal' } */
  categoryLabels?: Readonly<Record<string, Category>>
  /** field → column index (0-based), from the column-mapping step; replaces the header aliases */
  columns?: Readonly<Partial<Record<IncidentField, number>>>
  /** 'reject': a row whose category label is not known (nor in categoryLabels) is rejected as
   *  unknown_category instead of being kept as `other` (DESIGN.md's default) */
  unknownCategory?: 'other' | 'reject'
  /** text encoding of the file (default 'auto': UTF-8 unless the first 64 KiB are not UTF-8,
   *  then GB18030, of which GBK is a subset) */
  encoding?: EncodingChoice
  /** keep the id index after finish(), for findId (a reader of part of a file, see
   *  src/cli/incidents-parallel.ts) */
  keepIdIndex?: boolean
}

export interface IncidentCsvResult {
  columns: IncidentColumns
  report: ImportReport
}

// ---------------------------------------------------------------------------------------------
// header

const C_ID = 0, C_TIME = 1, C_CAT = 2, C_SUB = 3, C_LON = 4, C_LAT = 5, C_ADDR = 6
const COLUMN_NAMES: readonly string[] = INCIDENT_FIELDS
// subtype is in the contract but a file without one is still worth reading (subtype '')
const REQUIRED = [C_ID, C_TIME, C_CAT, C_LON, C_LAT]

/** Category labels (trimmed, lower-cased) → code in CATEGORIES. Anything else is `other`. */
export const CATEGORY_LABELS: Readonly<Record<string, number>> = {
  criminal: 0, '刑事': 0,
  public_order: 1, '治安': 1,
  fire: 2, '消防': 2, '火警': 2,
  problem: 3, '问题隐患': 3, '隐患': 3,
}

/** distinct subtypes kept (ids 0..65534); id 65535 collects the rest */
const MAX_SUBTYPES = 0xffff
const OVERFLOW_SUBTYPE = '(other subtypes)'
const DETAIL_MAX = 80
const SNIFF_BYTES = 1 << 16

// ---------------------------------------------------------------------------------------------
// byte-level helpers

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16]
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const utf8 = new TextDecoder()
const utf8Fatal = new TextDecoder('utf-8', { fatal: true })

function latin(buf: Uint8Array, s: number, e: number): string {
  let out = ''
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i])
  return out
}

/**
 * A decimal number from bytes [s, e). Plain decimals of up to 15 digits are computed exactly
 * (integer mantissa / exact power of ten: one correctly rounded division, the same double as
 * parseFloat); anything else (exponents, long mantissas) goes through Number(). NaN if invalid.
 */
export function parseDecimal(buf: Uint8Array, s: number, e: number): number {
  let i = s
  let neg = false
  let c = buf[i]
  if (c === 45) { neg = true; i++ } else if (c === 43) i++
  let m = 0
  const i0 = i
  while (i < e) {
    c = buf[i]
    if (c < 48 || c > 57) break
    m = m * 10 + (c - 48)
    i++
  }
  const intDigits = i - i0
  let fracDigits = 0
  if (i < e && buf[i] === 46) {
    i++
    const f0 = i
    while (i < e) {
      c = buf[i]
      if (c < 48 || c > 57) break
      m = m * 10 + (c - 48)
      i++
    }
    fracDigits = i - f0
  }
  if (i !== e || intDigits + fracDigits > 15) {
    const str = latin(buf, s, e)
    return NUMBER_RE.test(str) ? Number(str) : NaN
  }
  if (intDigits + fracDigits === 0) return NaN
  const v = fracDigits === 0 ? m : m / POW10[fracDigits]
  return neg ? -v : v
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Default offset of a time without one: Asia/Shanghai, UTC+8, no DST. */
export const DEFAULT_OFFSET_MINUTES = 480

/**
 * Epoch ms from bytes [s, e) in `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH:MM|±HHMM|±HH]`
 * (also `/` as date separator; 1–2 digit month, day and hour). No offset: UTC+8. NaN if invalid.
 */
export function parseTimeBytes(buf: Uint8Array, s: number, e: number): number {
  if (e - s === 19) {
    const t = parseIsoSeconds(buf, s)
    if (t === t) return t
  }
  let i = s
  if (e - s < 8) return NaN
  if (buf[s + 1] === 47 || buf[s + 2] === 47) return parseUsTimeBytes(buf, s, e)
  let c = 0
  // year: 4 digits
  let y = 0
  for (let k = 0; k < 4; k++) {
    c = buf[i++] - 48
    if (c < 0 || c > 9) return NaN
    y = y * 10 + c
  }
  const sep = buf[i++]
  if (sep !== 45 && sep !== 47) return NaN
  // month, day: 1-2 digits
  let mo = buf[i++] - 48
  if (mo < 0 || mo > 9) return NaN
  c = buf[i] - 48
  if (i < e && c >= 0 && c <= 9) { mo = mo * 10 + c; i++ }
  if (i >= e || buf[i++] !== sep) return NaN
  if (i >= e) return NaN
  let d = buf[i++] - 48
  if (d < 0 || d > 9) return NaN
  c = buf[i] - 48
  if (i < e && c >= 0 && c <= 9) { d = d * 10 + c; i++ }
  let h = 0, mi = 0, sec = 0, ms = 0
  let off = DEFAULT_OFFSET_MINUTES
  if (i < e) {
    c = buf[i++]
    if (c !== 84 && c !== 116 && c !== 32) return NaN
    while (c === 32 && i < e && buf[i] === 32) i++
    if (i >= e) return NaN
    h = buf[i++] - 48
    if (h < 0 || h > 9) return NaN
    c = buf[i] - 48
    if (i < e && c >= 0 && c <= 9) { h = h * 10 + c; i++ }
    if (i + 3 > e || buf[i++] !== 58) return NaN
    const m1 = buf[i++] - 48, m2 = buf[i++] - 48
    if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9) return NaN
    mi = m1 * 10 + m2
    if (i < e && buf[i] === 58) {
      i++
      if (i + 2 > e) return NaN
      const s1 = buf[i++] - 48, s2 = buf[i++] - 48
      if (s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) return NaN
      sec = s1 * 10 + s2
      if (i < e && buf[i] === 46) {
        i++
        let nd = 0
        while (i < e) {
          c = buf[i] - 48
          if (c < 0 || c > 9) break
          if (nd < 3) ms = ms * 10 + c
          nd++
          i++
        }
        if (nd === 0) return NaN
        if (nd === 1) ms *= 100
        else if (nd === 2) ms *= 10
      }
    }
    while (i < e && buf[i] === 32) i++
    if (i < e) {
      c = buf[i++]
      if (c === 90 || c === 122) off = 0
      else if (c === 43 || c === 45) {
        if (i + 2 > e) return NaN
        const o1 = buf[i++] - 48, o2 = buf[i++] - 48
        if (o1 < 0 || o1 > 9 || o2 < 0 || o2 > 9) return NaN
        let om = 0
        if (i < e) {
          if (buf[i] === 58) i++
          if (i + 2 > e) return NaN
          const o3 = buf[i++] - 48, o4 = buf[i++] - 48
          if (o3 < 0 || o3 > 9 || o4 < 0 || o4 > 9) return NaN
          om = o3 * 10 + o4
        }
        const oh = o1 * 10 + o2
        if (oh > 14 || om > 59) return NaN
        off = (oh * 60 + om) * (c === 45 ? -1 : 1)
      } else return NaN
    }
  }
  if (i !== e) return NaN
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return NaN
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  if (d > (mo === 2 && leap ? 29 : MONTH_DAYS[mo])) return NaN
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - off) * 60000 + sec * 1000 + ms
}

/**
 * The common shape `YYYY-MM-DD(T| )HH:MM:SS` at buf[s, s + 19), read without loops; NaN for
 * anything else, which the general path then reads (or rejects) the same way as ever.
 */
function parseIsoSeconds(buf: Uint8Array, s: number): number {
  const t = buf[s + 10]
  if (buf[s + 4] !== 45 || buf[s + 7] !== 45 || (t !== 84 && t !== 32) || buf[s + 13] !== 58 || buf[s + 16] !== 58) return NaN
  const y0 = buf[s] - 48, y1 = buf[s + 1] - 48, y2 = buf[s + 2] - 48, y3 = buf[s + 3] - 48
  const mo0 = buf[s + 5] - 48, mo1 = buf[s + 6] - 48, d0 = buf[s + 8] - 48, d1 = buf[s + 9] - 48
  const h0 = buf[s + 11] - 48, h1 = buf[s + 12] - 48, mi0 = buf[s + 14] - 48, mi1 = buf[s + 15] - 48
  const s0 = buf[s + 17] - 48, s1 = buf[s + 18] - 48
  // a digit is 0..9 after - 48: any other byte sets a bit above the low four or lands on 10..15
  if (((y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1 | h0 | h1 | mi0 | mi1 | s0 | s1) & ~15) !== 0) return NaN
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo0 > 9 || mo1 > 9 || d0 > 9 || d1 > 9 || h0 > 9 || h1 > 9 || mi0 > 9 || mi1 > 9 || s0 > 9 || s1 > 9) return NaN
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  const mo = mo0 * 10 + mo1, d = d0 * 10 + d1, h = h0 * 10 + h1, mi = mi0 * 10 + mi1, sec = s0 * 10 + s1
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return NaN
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  if (d > (mo === 2 && leap ? 29 : MONTH_DAYS[mo])) return NaN
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - DEFAULT_OFFSET_MINUTES) * 60000 + sec * 1000
}

/** Reads the next 1–2 digit number at i; returns [value, next i] or null. */
function digits2(buf: Uint8Array, i: number, e: number): [number, number] | null {
  let v = buf[i] - 48
  if (i >= e || v < 0 || v > 9) return null
  i++
  const c = buf[i] - 48
  if (i < e && c >= 0 && c <= 9) { v = v * 10 + c; i++ }
  return [v, i]
}

/**
 * `MM/DD/YYYY[ hh:mm[:ss][ AM|PM]]` as US exports write it (the Chicago portal does).
 * No offset: UTC+8 like every time without one.
 */
function parseUsTimeBytes(buf: Uint8Array, s: number, e: number): number {
  const mo = digits2(buf, s, e)
  if (!mo || buf[mo[1]] !== 47) return NaN
  const d = digits2(buf, mo[1] + 1, e)
  if (!d || buf[d[1]] !== 47) return NaN
  let i = d[1] + 1
  if (i + 4 > e) return NaN
  let y = 0
  for (let k = 0; k < 4; k++) {
    const c = buf[i++] - 48
    if (c < 0 || c > 9) return NaN
    y = y * 10 + c
  }
  let h = 0, mi = 0, sec = 0
  if (i < e) {
    if (buf[i++] !== 32) return NaN
    const hh = digits2(buf, i, e)
    if (!hh || buf[hh[1]] !== 58) return NaN
    h = hh[0]
    i = hh[1] + 1
    const mm = digits2(buf, i, e)
    if (!mm || mm[1] - i !== 2) return NaN
    mi = mm[0]
    i = mm[1]
    if (i < e && buf[i] === 58) {
      const ss = digits2(buf, i + 1, e)
      if (!ss || ss[1] - i !== 3) return NaN
      sec = ss[0]
      i = ss[1]
    }
    while (i < e && buf[i] === 32) i++
    if (i < e) {
      if (i + 2 !== e || (buf[i + 1] | 32) !== 109) return NaN
      const ap = buf[i] | 32
      if (h < 1 || h > 12 || (ap !== 97 && ap !== 112)) return NaN
      h = (h % 12) + (ap === 112 ? 12 : 0)
      i = e
    }
  }
  if (mo[0] < 1 || mo[0] > 12 || d[0] < 1 || h > 23 || mi > 59 || sec > 59) return NaN
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  if (d[0] > (mo[0] === 2 && leap ? 29 : MONTH_DAYS[mo[0]])) return NaN
  return ((daysFromCivil(y, mo[0], d[0]) * 24 + h) * 60 + mi - DEFAULT_OFFSET_MINUTES) * 60000 + sec * 1000
}

function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193)
  // FNV's low bits never see the high bits: mix before masking (murmur3 fmix32)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

function bytesEqual(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false
  for (let i = as, j = bs; i < ae; i++, j++) if (a[i] !== b[j]) return false
  return true
}

/** Byte strings → dense ids in order of first appearance (open addressing, FNV-1a). */
class ByteDict {
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

// ---------------------------------------------------------------------------------------------
// scanner states

const S_START = 0 // at the start of a field
const S_UNQUOTED = 1
const S_QUOTED = 2
const S_QUOTE = 3 // just read a quote inside a quoted field

const F_QUOTED = 1
const F_ESCAPES = 2 // contains "" (or a stray quote) to collapse

export class IncidentCsvReader {
  private readonly crs: Crs
  private readonly report: ImportReport
  private readonly extraLabels = new Map<string, number>()
  private readonly expectedBytes: number
  private readonly keepAddresses: boolean
  private bytesIn = 0
  private reserved = false
  private readonly columnMap: IncidentCsvOptions['columns']
  private readonly rejectUnknown: boolean
  private readonly encodingChoice: EncodingChoice
  private readonly keepIdIndex: boolean
  /** null until the encoding is known; then the transcoder, or undefined for UTF-8 input */
  private transcoder: Utf8Transcoder | undefined | null = null
  private sniff: Uint8Array[] = []
  private sniffLen = 0

  // scan state
  private stash = new Uint8Array(1 << 16)
  private stashLen = 0
  /** position in the stash where scanning resumes */
  private scanPos = 0
  private state = S_START
  private nf = 0
  private fstart = 0
  private fend = 0
  private fflags = 0
  private skipLF = false
  private bomDone = false
  private line = 1
  private rowLine = 1
  private fs = new Int32Array(16)
  private fe = new Int32Array(16)
  private fl = new Uint8Array(16)
  private unterminated = false

  // header
  private headerDone = false
  private dead = false
  private ncols = 0
  private col = new Int32Array(7).fill(-1)

  // columns
  private cap = 1024
  private count = 0
  private lon = new Float64Array(this.cap)
  private lat = new Float64Array(this.cap)
  private time = new Float64Array(this.cap)
  private cat = new Uint8Array(this.cap)
  private sub = new Uint16Array(this.cap)
  private lines = new Uint32Array(this.cap)
  private idOff = new Uint32Array(this.cap + 1)
  private idBytes = new Uint8Array(this.cap * 8)
  private addrOff = new Uint32Array(this.cap + 1)
  private addrBytes = new Uint8Array(this.cap * 16)
  private scratch = new Uint8Array(256)

  // id hash set over kept rows (slot → row + 1)
  private idTable = new Int32Array(2 * 2048)

  private cats = new ByteDict()
  private catCode: number[] = []
  private catCount: number[] = []
  private subs = new ByteDict()
  private subOverflow = -1

  private result: IncidentCsvResult | null = null

  constructor(opts: IncidentCsvOptions = {}) {
    this.report = emptyReport('incidents-csv', opts.fileName)
    this.expectedBytes = opts.expectedBytes ?? 0
    this.keepAddresses = opts.addresses ?? true
    this.columnMap = opts.columns
    this.rejectUnknown = opts.unknownCategory === 'reject'
    this.encodingChoice = opts.encoding ?? 'auto'
    this.keepIdIndex = opts.keepIdIndex ?? false
    for (const [label, cat] of Object.entries(opts.categoryLabels ?? {})) {
      const code = CATEGORIES.indexOf(cat)
      if (code >= 0) this.extraLabels.set(label.trim().toLowerCase(), code)
      else this.report.errors.push(`category label "${label}" maps to unknown category "${String(cat)}": ignored`)
    }
    const crs = opts.crs ?? 'wgs84'
    if (isCrs(crs)) this.crs = crs
    else {
      this.crs = 'wgs84'
      this.report.errors.push(`unknown coordinate system "${String(crs)}": read as wgs84`)
    }
    this.report.crs = { from: this.crs, converted: false }
  }

  private categoryCode(label: string): number {
    return this.extraLabels.get(label) ?? CATEGORY_LABELS[label] ?? CATEGORY_OTHER
  }

  /** data rows seen so far (for progress) */
  get rowsRead(): number {
    return this.report.rowsRead
  }

  /**
   * True when everything pushed so far ended exactly at the end of a row (not inside a quoted
   * field, no partial row kept): the next byte would start a row, as a reader of the rest of
   * the file assumes. Meaningful before finish().
   */
  get atRowBoundary(): boolean {
    return this.transcoder !== null && !this.dead && this.state === S_START && this.nf === 0 && this.stashLen === 0 && !this.skipLF
  }

  /** The line number the next row would get (1-based; a row's line is where it starts). */
  get nextRowLine(): number {
    return this.rowLine
  }

  /**
   * After finish() with keepIdIndex: the row (0-based, among kept rows) whose id is
   * bytes[s, e), or -1.
   */
  findId(bytes: Uint8Array, s: number, e: number): number {
    const table = this.idTable
    if (table.length <= 2) throw new Error('findId needs keepIdIndex')
    const ids = this.result!.columns.id
    const inRun = this.runFind(ids.bytes, bytes, s, e)
    if (inRun >= 0) return inRun
    if (this.idCount === 0) return -1
    const h = hashBytes(bytes, s, e) | 0
    const mask = (table.length >> 1) - 1
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = table[2 * slot + 1]
      if (v === 0) return -1
      if (table[2 * slot] === h) {
        const j = v - 1
        if (bytesEqual(ids.bytes, ids.offsets[j], ids.offsets[j + 1], bytes, s, e)) return j
      }
    }
  }

  /** Feed the next bytes of the file. The chunk is not kept (the caller may reuse it). */
  push(chunk: Uint8Array): void {
    if (this.dead || this.result !== null || chunk.length === 0) return
    if (this.transcoder === null) {
      // the encoding is decided on the first 64 KiB (or the whole file when shorter)
      this.sniff.push(chunk.slice())
      this.sniffLen += chunk.length
      if (this.sniffLen >= SNIFF_BYTES) this.flushSniff()
      return
    }
    this.pushUtf8(this.transcoder ? this.transcoder.push(chunk) : chunk)
  }

  private flushSniff(): void {
    const all = new Uint8Array(this.sniffLen)
    let o = 0
    for (const c of this.sniff) { all.set(c, o); o += c.length }
    this.sniff = []
    let name: 'utf8' | 'gb18030'
    if (this.encodingChoice === 'utf8') name = 'utf8'
    else if (this.encodingChoice === 'gbk') name = 'gb18030'
    else name = detectEncoding(all.subarray(0, SNIFF_BYTES)).encoding
    this.report.encoding = { name, detected: this.encodingChoice === 'auto' }
    this.transcoder = name === 'utf8' ? undefined : new Utf8Transcoder(name)
    if (all.length > 0) this.pushUtf8(this.transcoder ? this.transcoder.push(all) : all)
  }

  private pushUtf8(chunk: Uint8Array): void {
    if (this.dead || chunk.length === 0) return
    // every byte before this chunk has been scanned: bytes per row is known
    if (!this.reserved && this.report.rowsRead >= 1000) this.reserve()
    this.bytesIn += chunk.length
    try {
      if (this.stashLen > 0 || !this.bomDone) {
        this.appendStash(chunk)
        if (!this.bomDone) {
          if (this.stashLen < 3) return
          this.stripBom()
        }
        this.scan(this.stash, this.stashLen, this.scanPos)
      } else {
        this.scan(chunk, chunk.length, 0)
      }
    } catch (err) {
      this.fail(err)
    }
  }

  /** End of file: read the last row, trim the columns, convert coordinates, build the report. */
  finish(): IncidentCsvResult {
    if (this.result !== null) return this.result
    try {
      if (this.transcoder === null) this.flushSniff()
      if (this.transcoder && !this.dead) this.pushUtf8(this.transcoder.end())
      if (!this.dead) {
        if (!this.bomDone) this.stripBom()
        if (this.stashLen > this.scanPos) this.scan(this.stash, this.stashLen, this.scanPos)
        this.endOfInput()
      }
    } catch (err) {
      this.fail(err)
    }
    return (this.result = this.build())
  }

  // -------------------------------------------------------------------------------------------

  private fail(err: unknown): void {
    // Only a bug (or out of memory) gets here; keep what was read and say so.
    this.dead = true
    this.report.errors.push(`reader stopped: ${errorMessage(err)}`)
  }

  private appendStash(chunk: Uint8Array): void {
    const need = this.stashLen + chunk.length
    if (need > this.stash.length) {
      const s = new Uint8Array(Math.max(need, this.stash.length * 2))
      s.set(this.stash.subarray(0, this.stashLen))
      this.stash = s
    }
    this.stash.set(chunk, this.stashLen)
    this.stashLen = need
  }

  private stripBom(): void {
    this.bomDone = true
    const s = this.stash
    if (this.stashLen >= 3 && s[0] === 0xef && s[1] === 0xbb && s[2] === 0xbf) {
      s.copyWithin(0, 3, this.stashLen)
      this.stashLen -= 3
    }
  }

  private growFields(): void {
    const n = this.fs.length * 2
    const fs = new Int32Array(n), fe = new Int32Array(n), fl = new Uint8Array(n)
    fs.set(this.fs); fe.set(this.fe); fl.set(this.fl)
    this.fs = fs; this.fe = fe; this.fl = fl
  }

  /**
   * Scan buf[pos, len): complete rows are processed; the unfinished row is kept in the stash
   * with field offsets relative to its start.
   */
  private scan(buf: Uint8Array, len: number, pos: number): void {
    let i = pos
    let rowStart = 0
    let state = this.state
    let nf = this.nf
    let fstart = this.fstart
    let fend = this.fend
    let fflags = this.fflags
    let skipLF = this.skipLF
    let line = this.line
    let fs = this.fs, fe = this.fe, fl = this.fl
    let c = 0

    while (i < len) {
      if (state === S_START) {
        c = buf[i]
        if (skipLF) {
          skipLF = false
          if (c === 10) {
            i++
            rowStart = i
            continue
          }
        }
        if (c === 34) {
          state = S_QUOTED
          fflags = F_QUOTED
          fstart = ++i
          continue
        }
        state = S_UNQUOTED
        fflags = 0
        fstart = i
      }
      if (state === S_UNQUOTED) {
        while (i < len) {
          c = buf[i]
          if (c > 44 || (c !== 44 && c !== 10 && c !== 13)) i++
          else break
        }
        if (i >= len) break
        fend = i
      } else if (state === S_QUOTED) {
        while (i < len) {
          c = buf[i]
          if (c === 34) break
          if (c === 10) line++
          i++
        }
        if (i >= len) break
        fend = i
        state = S_QUOTE
        i++
        continue
      } else {
        // S_QUOTE
        c = buf[i]
        if (c === 34 || (c !== 44 && c !== 10 && c !== 13)) {
          // "" is an escaped quote; anything else after a closing quote is kept as text
          fflags |= F_ESCAPES
          state = S_QUOTED
          if (c !== 34) { if (c === 10) line++; i++ }
          else i++
          continue
        }
        // fend was set at the quote
      }
      // here: a field ends at buf[i] which is ',' '\n' or '\r'
      if (nf >= fs.length) {
        this.growFields()
        fs = this.fs; fe = this.fe; fl = this.fl
      }
      fs[nf] = fstart
      fe[nf] = fend
      fl[nf] = fflags
      nf++
      state = S_START
      i++
      if (c === 44) continue
      // end of row
      line++
      if (c === 13) skipLF = true
      this.line = line
      this.endRow(buf, nf)
      this.rowLine = line
      nf = 0
      rowStart = i
      if (this.dead) break
    }

    // keep the unfinished row
    this.state = state
    this.nf = nf
    this.fflags = fflags
    this.skipLF = skipLF
    this.line = line
    const tail = len - rowStart
    if (rowStart > 0 || buf !== this.stash) {
      for (let k = 0; k < nf; k++) {
        fs[k] -= rowStart
        fe[k] -= rowStart
      }
      fstart -= rowStart
      fend -= rowStart
      if (buf === this.stash) this.stash.copyWithin(0, rowStart, len)
      else {
        this.stashLen = 0
        this.appendStash(buf.subarray(rowStart, len))
      }
    }
    this.stashLen = tail
    this.scanPos = tail
    this.fstart = fstart
    this.fend = fend
  }

  private endOfInput(): void {
    const len = this.stashLen
    if (len === 0 && this.nf === 0) return
    const buf = this.stash
    let { nf } = this
    if (nf >= this.fs.length) this.growFields()
    switch (this.state) {
      case S_START:
        this.fs[nf] = len; this.fe[nf] = len; this.fl[nf] = 0
        break
      case S_UNQUOTED:
        this.fs[nf] = this.fstart; this.fe[nf] = len; this.fl[nf] = this.fflags
        break
      case S_QUOTED:
        this.fs[nf] = this.fstart; this.fe[nf] = len; this.fl[nf] = this.fflags
        this.unterminated = true
        break
      default:
        this.fs[nf] = this.fstart; this.fe[nf] = this.fend; this.fl[nf] = this.fflags
    }
    nf++
    this.endRow(buf, nf)
    this.nf = 0
    this.stashLen = 0
    this.scanPos = 0
  }

  // -------------------------------------------------------------------------------------------
  // rows

  private isBlankRow(buf: Uint8Array, nf: number): boolean {
    if (nf !== 1 || this.fl[0] !== 0) return false
    for (let i = this.fs[0], e = this.fe[0]; i < e; i++) {
      const c = buf[i]
      if (c !== 32 && c !== 9) return false
    }
    return true
  }

  private parseHeader(buf: Uint8Array, nf: number): void {
    const r = this.report
    if (this.unterminated) {
      r.errors.push('no header row: the first row has an unterminated quote')
      this.dead = true
      return
    }
    const names: string[] = []
    try {
      for (let k = 0; k < nf; k++) names.push(this.decodeField(buf, k, utf8Fatal))
    } catch {
      r.errors.push('the header is not valid UTF-8 (the file may be GBK/GB18030): save it as UTF-8 and import again')
      this.dead = true
      return
    }
    this.headerDone = true
    this.ncols = nf
    if (this.columnMap) {
      for (const [field, k] of Object.entries(this.columnMap)) {
        const c = COLUMN_NAMES.indexOf(field)
        if (c < 0 || k === undefined || k < 0) continue
        if (k >= nf) {
          r.errors.push(`column ${k + 1} is mapped to ${field} but the header has ${nf} columns`)
          this.dead = true
          return
        }
        this.col[c] = k
      }
    } else {
      // the same Chinese and English header names the import dialog recognises
      const auto = autoMap('incidents', names.map((h) => h.replace(/^\uFEFF/, '')))
      COLUMN_NAMES.forEach((field, c) => { this.col[c] = auto[field] ?? -1 })
    }
    const missing = REQUIRED.filter((c) => this.col[c] < 0).map((c) => COLUMN_NAMES[c])
    if (missing.length > 0) {
      r.errors.push(
        `missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} ` +
          `(header has: ${names.join(', ')}; expected id,time,category,subtype,lon,lat[,address])`,
      )
      this.dead = true
    } else if (this.col[C_SUB] < 0) r.warnings.push('no subtype column: subtypes are empty')
  }

  /** Field k as a string (quotes collapsed; unquoted fields trimmed). */
  private decodeField(buf: Uint8Array, k: number, dec: TextDecoder = utf8): string {
    this.fieldRange(buf, k)
    return dec.decode(this.rb.subarray(this.rs, this.re))
  }

  private detail(buf: Uint8Array, k: number): string {
    const s = this.decodeField(buf, k)
    return s.length > DETAIL_MAX ? s.slice(0, DETAIL_MAX) + '…' : s
  }

  // field range result (avoids allocating): bytes rb[rs, re)
  private rb: Uint8Array = this.scratch
  private rs = 0
  private re = 0

  /** The canonical bytes of field k: trimmed if unquoted, "" collapsed if quoted. */
  private fieldRange(buf: Uint8Array, k: number): void {
    let s = this.fs[k], e = this.fe[k]
    const f = this.fl[k]
    if (f === 0) {
      while (s < e && (buf[s] === 32 || buf[s] === 9)) s++
      while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--
      this.rb = buf; this.rs = s; this.re = e
    } else if ((f & F_ESCAPES) === 0) {
      this.rb = buf; this.rs = s; this.re = e
    } else {
      if (this.scratch.length < e - s) this.scratch = new Uint8Array(Math.max(e - s, this.scratch.length * 2))
      const n = collapseQuotes(buf, s, e, this.scratch, 0)
      this.rb = this.scratch; this.rs = 0; this.re = n
    }
  }

  private reject(line: number, reason: RejectReason, detail?: string): void {
    addRejected(this.report, line, reason, detail)
  }

  private endRow(buf: Uint8Array, nf: number): void {
    if (this.dead) return
    if (!this.headerDone) {
      if (!this.isBlankRow(buf, nf)) this.parseHeader(buf, nf)
      return
    }
    if (this.isBlankRow(buf, nf)) return
    const r = this.report
    r.rowsRead++
    const line = this.rowLine
    if (this.unterminated) return this.reject(line, 'unterminated_quote')
    if (nf !== this.ncols) return this.reject(line, 'bad_column_count', `${nf} fields, expected ${this.ncols}`)
    const col = this.col

    // coordinates
    this.fieldRange(buf, col[C_LON])
    const lonEmpty = this.rs === this.re
    const x = lonEmpty ? NaN : parseDecimal(this.rb, this.rs, this.re)
    this.fieldRange(buf, col[C_LAT])
    const latEmpty = this.rs === this.re
    const y = latEmpty ? NaN : parseDecimal(this.rb, this.rs, this.re)
    if (lonEmpty || latEmpty) {
      return this.reject(line, 'missing_coordinates', lonEmpty && latEmpty ? undefined : lonEmpty ? 'lon' : 'lat')
    }
    if (Number.isNaN(x) || Number.isNaN(y)) {
      const k = Number.isNaN(x) ? col[C_LON] : col[C_LAT]
      return this.reject(line, 'bad_coordinates', this.detail(buf, k))
    }
    if (x < -180 || x > 180 || y < -90 || y > 90) {
      return this.reject(line, 'coordinates_out_of_range', `lon=${x}, lat=${y}`)
    }

    // time
    this.fieldRange(buf, col[C_TIME])
    const t = parseTimeBytes(this.rb, this.rs, this.re)
    if (Number.isNaN(t)) return this.reject(line, 'bad_time', this.detail(buf, col[C_TIME]))

    // category (before the id, so that a rejected row does not claim its id)
    this.fieldRange(buf, col[C_CAT])
    let ci = this.cats.find(this.rb, this.rs, this.re)
    if (ci < 0) {
      ci = this.cats.insertAfterFind(this.rb, this.rs, this.re)
      const label = this.cats.names[ci].trim().toLowerCase()
      this.catCode.push(this.categoryCode(label))
      this.catCount.push(0)
    }
    if (this.rejectUnknown && this.catCode[ci] === CATEGORY_OTHER) {
      return this.reject(line, 'unknown_category', this.detail(buf, col[C_CAT]))
    }

    // id (copied into the id column, then checked against the kept ids)
    const n = this.count
    if (n === this.cap) this.grow()
    this.fieldRange(buf, col[C_ID])
    if (this.rs === this.re) return this.reject(line, 'missing_id')
    const idStart = this.idOff[n]
    const idEnd = idStart + (this.re - this.rs)
    if (idEnd > this.idBytes.length) this.idBytes = growBytes(this.idBytes, idEnd, this.growth)
    copyBytes(this.rb, this.rs, this.re, this.idBytes, idStart)
    const dup = this.findOrAddId(n, idStart, idEnd)
    if (dup >= 0) {
      return this.reject(line, 'duplicate_id', `${this.detail(buf, col[C_ID])} (first on line ${this.lines[dup]})`)
    }

    // kept: category, subtype, address
    this.catCount[ci]++
    if (col[C_SUB] >= 0) this.fieldRange(buf, col[C_SUB])
    else { this.rb = buf; this.rs = 0; this.re = 0 }
    let si = this.subs.find(this.rb, this.rs, this.re)
    if (si < 0) {
      if (this.subs.size < MAX_SUBTYPES) si = this.subs.insertAfterFind(this.rb, this.rs, this.re)
      else si = this.overflowSubtype()
    }
    if (col[C_ADDR] >= 0 && this.keepAddresses) {
      this.fieldRange(buf, col[C_ADDR])
      const aStart = this.addrOff[n]
      const aEnd = aStart + (this.re - this.rs)
      if (aEnd > this.addrBytes.length) this.addrBytes = growBytes(this.addrBytes, aEnd, this.growth)
      copyBytes(this.rb, this.rs, this.re, this.addrBytes, aStart)
      this.addrOff[n + 1] = aEnd
    }
    this.lon[n] = x
    this.lat[n] = y
    this.time[n] = t
    this.cat[n] = this.catCode[ci]
    this.sub[n] = si
    this.lines[n] = line
    this.idOff[n + 1] = idEnd
    this.count = n + 1
  }

  private overflowSubtype(): number {
    if (this.subOverflow < 0) {
      this.subOverflow = this.subs.names.length
      this.subs.names.push(OVERFLOW_SUBTYPE)
      this.report.warnings.push(`more than ${MAX_SUBTYPES} subtypes: the rest are read as "${OVERFLOW_SUBTYPE}"`)
    }
    return this.subOverflow
  }

  /** The id hash set with `size` slots (a power of two). */
  private rehashIds(size: number): void {
    const table = this.idTable
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
    this.idTable = t
  }

  /**
   * Ids that count up by one from row to row (`WF1-0`, `WF1-1`, …, as most systems number
   * incidents) are held as one run, prefix + first number + length, instead of in the hash
   * set: a set of a million ids is 32 MB probed at random, a cache miss a row. The run takes
   * only canonical numbers (no leading zero, at most 15 digits), so each id has one spelling.
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
  private runK = -1
  /** where the trailing number of the last id given to runFind starts */
  private runDigits = 0
  private runSame = false
  private runRow0 = 0
  private runLo = 0
  private runLen = 0
  /** the run's prefix: idBytes[runPrefixStart, + runPrefixLen) (in the first row's id) */
  private runPrefixStart = 0
  private runPrefixLen = 0
  /** ids in the hash set (the run's are not) */
  private idCount = 0

  /** Row index of an earlier kept row with the same id bytes, or -1 after adding row `n`. */
  private findOrAddId(n: number, s: number, e: number): number {
    const bytes = this.idBytes
    const inRun = this.runFind(bytes, bytes, s, e)
    if (inRun >= 0) return inRun
    const k = this.runK
    const table = this.idTable // [hash, row + 1] pairs
    const mask = (table.length >> 1) - 1
    let h = 0, slot = 0
    if (this.idCount > 0) {
      h = hashBytes(bytes, s, e) | 0
      slot = h & mask
      for (;;) {
        const v = table[2 * slot + 1]
        if (v === 0) break
        if (table[2 * slot] === h) {
          const j = v - 1
          if (bytesEqual(bytes, this.idOff[j], this.idOff[j + 1], bytes, s, e)) return j
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
    if (this.idCount === 0) {
      // the set is empty: the home slot is free
      h = hashBytes(bytes, s, e) | 0
      slot = h & mask
    }
    table[2 * slot] = h
    table[2 * slot + 1] = n + 1
    this.idCount++
    if (this.idCount * 2 > mask + 1) this.rehashIds((mask + 1) * 2)
    return -1
  }

  /** One resize to the row count the file size predicts (+5%), from the bytes per row so far. */
  private reserve(): void {
    this.reserved = true
    const read = this.report.rowsRead
    const n = this.count
    if (!(this.expectedBytes > this.bytesIn) || read === 0 || n === 0) return
    const rows = Math.ceil((this.expectedBytes / this.bytesIn) * read * 1.05)
    if (rows <= this.cap) return
    this.idBytes = resizeBytes(this.idBytes, Math.ceil((this.idOff[n] / n) * rows))
    this.addrBytes = resizeBytes(this.addrBytes, Math.ceil((this.addrOff[n] / n) * rows))
    this.resize(rows)
    // sized for the ids the hash set is projected to hold (few when the ids run in order)
    const slots = 2 ** Math.ceil(Math.log2(Math.ceil((this.idCount / n) * rows) * 2 + 2))
    if (slots > this.idTable.length >> 1) this.rehashIds(slots)
  }

  /** Past the reservation the estimate was short by a little: grow by a quarter, not double. */
  private get growth(): number {
    return this.reserved ? 1.25 : 2
  }

  private grow(): void {
    this.resize(Math.ceil(this.cap * this.growth))
  }

  private resize(cap: number): void {
    const f64 = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b }
    this.lon = f64(this.lon)
    this.lat = f64(this.lat)
    this.time = f64(this.time)
    const c = new Uint8Array(cap); c.set(this.cat); this.cat = c
    const s = new Uint16Array(cap); s.set(this.sub); this.sub = s
    const l = new Uint32Array(cap); l.set(this.lines); this.lines = l
    const io = new Uint32Array(cap + 1); io.set(this.idOff); this.idOff = io
    const ao = new Uint32Array(cap + 1); ao.set(this.addrOff); this.addrOff = ao
    this.cap = cap
  }

  private build(): IncidentCsvResult {
    const r = this.report
    const n = this.count
    if (!this.headerDone && r.errors.length === 0) r.errors.push('empty file: no header row')
    // Columns within 10% of their final size are handed out as views, not copied: a copy would
    // double the peak memory at the very end of a big read.
    const fit = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(a: T, len: number): T =>
      (a.length - len <= len * 0.1 ? a.subarray(0, len) : a.slice(0, len)) as T
    const lon = fit(this.lon, n)
    const lat = fit(this.lat, n)
    if (this.crs !== 'wgs84' && n > 0) {
      convertColumnsToWgs84(lon, lat, n, this.crs)
      r.crs = { from: this.crs, converted: true }
    }
    const id: PackedStrings = { bytes: fit(this.idBytes, this.idOff[n]), offsets: fit(this.idOff, n + 1) }
    const address: PackedStrings = { bytes: fit(this.addrBytes, this.addrOff[n]), offsets: fit(this.addrOff, n + 1) }
    r.rowsKept = n
    for (let k = 0; k < this.catCode.length; k++) {
      if (this.catCode[k] !== CATEGORY_OTHER || this.catCount[k] === 0) continue
      const label = this.cats.names[k].trim() || '(empty)'
      r.otherCategoryLabels[label] = (r.otherCategoryLabels[label] ?? 0) + this.catCount[k]
    }
    if (this.headerDone && r.rowsRead === 0) r.warnings.push('the file has a header but no data rows')
    else if (this.headerDone && n === 0 && !this.dead) r.warnings.push('no row could be kept')
    if (this.headerDone && this.col[C_ADDR] < 0 && this.keepAddresses) r.warnings.push('no address column: addresses are empty')
    const columns: IncidentColumns = {
      count: n,
      lon,
      lat,
      time: fit(this.time, n),
      category: fit(this.cat, n),
      subtype: fit(this.sub, n),
      subtypes: this.subs.names.slice(),
      id,
      address,
    }
    // release the working buffers
    if (!this.keepIdIndex) this.idTable = new Int32Array(2)
    this.stash = new Uint8Array(0)
    return { columns, report: r }
  }
}

function copyBytes(src: Uint8Array, s: number, e: number, dst: Uint8Array, o: number): void {
  if (e - s > 64) dst.set(src.subarray(s, e), o)
  else for (let i = s; i < e; i++) dst[o++] = src[i]
}

function resizeBytes(a: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  if (size <= a.length) return a as Uint8Array<ArrayBuffer>
  const b = new Uint8Array(size)
  b.set(a)
  return b
}

function growBytes(a: Uint8Array, need: number, growth: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(need, Math.ceil(a.length * growth)))
  b.set(a)
  return b
}

/** Copy buf[s, e) to out[o..] with "" collapsed to "; returns the end offset in out. */
function collapseQuotes(buf: Uint8Array, s: number, e: number, out: Uint8Array, o: number): number {
  for (let i = s; i < e; i++) {
    const c = buf[i]
    out[o++] = c
    if (c === 34 && i + 1 < e && buf[i + 1] === 34) i++
  }
  return o
}

/** Read a whole file held in memory (fed in 1 MiB chunks, as a stream would be). */
export function readIncidentsCsv(bytes: Uint8Array, opts: IncidentCsvOptions = {}): IncidentCsvResult {
  const reader = new IncidentCsvReader(opts)
  const step = 1 << 20
  for (let s = 0; s < bytes.length; s += step) reader.push(bytes.subarray(s, Math.min(bytes.length, s + step)))
  return reader.finish()
}
