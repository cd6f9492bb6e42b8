/**
 * The incident CSV reader (incidents-csv.ts describes it): the file's encoding, the header's
 * mapping to the contract's fields, and each row checked, rejected into the ImportReport or
 * kept in the columns. Tokenizing is csv-byte-scanner.ts; numbers and times are parsed from
 * bytes (decimal-bytes.ts, time-bytes.ts); ids go through incident-id-set.ts, category and
 * subtype through byte dictionaries (byte-dict.ts); the columns grow in
 * incident-column-buffers.ts.
 */
import { CATEGORIES, CATEGORY_OTHER, type IncidentColumns } from '../core/incidents'
import { errorMessage } from '../core/text-format'
import { ByteDict } from './byte-dict'
import { convertColumnsToWgs84, isCrs, type Crs } from './coords'
import { CsvByteScanner } from './csv-byte-scanner'
import type { EncodingChoice } from './dataset-kinds'
import { parseDecimal } from './decimal-bytes'
import { autoMap } from './field-mapping'
import { addRejected, emptyReport, type ImportReport, type RejectReason } from './import-report'
import { copyBytes, growBytes, IncidentColumnBuffers, putText } from './incident-column-buffers'
import { IncidentIdSet } from './incident-id-set'
import { CATEGORY_LABELS, INCIDENT_READ_FIELDS, type IncidentCsvOptions, type IncidentCsvResult } from './incidents-csv-contract'
import { detectEncoding, Utf8Transcoder } from './text-encoding'
import { parseTimeBytes } from './time-bytes'

const C_ID = 0, C_TIME = 1, C_CAT = 2, C_SUB = 3, C_LON = 4, C_LAT = 5, C_ADDR = 6, C_TO = 7, C_VICTIM = 8
const COLUMN_NAMES: readonly string[] = INCIDENT_READ_FIELDS
// subtype is in the contract but a file without one is still worth reading (subtype ''); so
// is a police export without an incident id (each row then gets one made from its line and content)
const REQUIRED = [C_TIME, C_CAT, C_LON, C_LAT]

/** distinct subtypes kept (ids 0..65534); id 65535 collects the rest */
const MAX_SUBTYPES = 0xffff
const OVERFLOW_SUBTYPE = '(other subtypes)'
const SNIFF_BYTES = 1 << 16

const utf8Fatal = new TextDecoder('utf-8', { fatal: true })

export class IncidentCsvReader {
  private readonly crs: Crs
  private readonly report: ImportReport
  private readonly extraLabels = new Map<string, number>()
  private readonly expectedBytes: number
  private readonly keepAddresses: boolean
  private bytesIn = 0
  private readonly columnMap: IncidentCsvOptions['columns']
  private readonly rejectUnknown: boolean
  /** the header's names, for rejections that name a column */
  private header: string[] = []
  private readonly encodingChoice: EncodingChoice
  private readonly keepIdIndex: boolean
  /** null until the encoding is known; then the transcoder, or undefined for UTF-8 input */
  private transcoder: Utf8Transcoder | undefined | null = null
  private sniff: Uint8Array[] = []
  private sniffLen = 0

  private readonly scanner = new CsvByteScanner((buf, nf) => {
    this.endRow(buf, nf)
    return !this.dead
  })

  // header
  private headerDone = false
  private dead = false
  private ncols = 0
  private col = new Int32Array(INCIDENT_READ_FIELDS.length).fill(-1)

  private readonly buffers = new IncidentColumnBuffers()
  private readonly ids = new IncidentIdSet()

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
    return this.transcoder !== null && !this.dead && this.scanner.atRowBoundary
  }

  /** The line number the next row would get (1-based; a row's line is where it starts). */
  get nextRowLine(): number {
    return this.scanner.rowLine
  }

  /**
   * After finish() with keepIdIndex: the row (0-based, among kept rows) whose id is
   * bytes[s, e), or -1.
   */
  findId(bytes: Uint8Array, s: number, e: number): number {
    const ids = this.result!.columns.id
    return this.ids.find(ids.bytes, ids.offsets, bytes, s, e)
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
    if (!this.buffers.reserved && this.report.rowsRead >= 1000) this.reserve()
    this.bytesIn += chunk.length
    try {
      this.scanner.push(chunk)
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
      if (!this.dead) this.scanner.end()
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

  // -------------------------------------------------------------------------------------------
  // rows

  private parseHeader(buf: Uint8Array, nf: number): void {
    const r = this.report
    if (this.scanner.unterminated) {
      r.errors.push('no header row: the first row has an unterminated quote')
      this.dead = true
      return
    }
    const names: string[] = []
    try {
      for (let k = 0; k < nf; k++) names.push(this.scanner.decodeField(buf, k, utf8Fatal))
    } catch {
      r.errors.push('the header is not valid UTF-8 (the file may be GBK/GB18030): save it as UTF-8 and import again')
      this.dead = true
      return
    }
    this.headerDone = true
    this.ncols = nf
    this.header = names
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
    if (!this.dead && this.col[C_ID] < 0) {
      r.warnings.push('no id column: each row gets the id L<line>-<hash of its cells>, the same on every import of this file')
    }
    if (this.col[C_TO] >= 0) this.buffers.enableTimeTo()
    if (this.col[C_VICTIM] >= 0) this.buffers.enableVictim()
  }

  private reject(line: number, reason: RejectReason, detail?: string): void {
    addRejected(this.report, line, reason, detail)
  }

  /** FNV-1a over the row's cells as read (quotes collapsed, unquoted cells trimmed), a separator after each. */
  private rowHash(buf: Uint8Array, nf: number): number {
    const sc = this.scanner
    let h = 0x811c9dc5
    for (let k = 0; k < nf; k++) {
      sc.fieldRange(buf, k)
      for (let i = sc.rs; i < sc.re; i++) h = Math.imul(h ^ sc.rb[i], 0x01000193)
      h = Math.imul(h ^ 0x1f, 0x01000193)
    }
    return h >>> 0
  }

  private endRow(buf: Uint8Array, nf: number): void {
    if (this.dead) return
    const sc = this.scanner
    if (!this.headerDone) {
      if (!sc.isBlankRow(buf, nf)) this.parseHeader(buf, nf)
      return
    }
    if (sc.isBlankRow(buf, nf)) return
    const r = this.report
    r.rowsRead++
    const line = sc.rowLine
    if (sc.unterminated) return this.reject(line, 'unterminated_quote')
    if (nf !== this.ncols) return this.reject(line, 'bad_column_count', `${nf} fields, expected ${this.ncols}`)
    const ctl = sc.controlField(nf)
    if (ctl >= 0) return this.reject(line, 'control_character', `column ${ctl + 1} (${this.header[ctl] || '?'})`)
    const col = this.col

    // coordinates
    sc.fieldRange(buf, col[C_LON])
    const lonEmpty = sc.rs === sc.re
    const x = lonEmpty ? NaN : parseDecimal(sc.rb, sc.rs, sc.re)
    sc.fieldRange(buf, col[C_LAT])
    const latEmpty = sc.rs === sc.re
    const y = latEmpty ? NaN : parseDecimal(sc.rb, sc.rs, sc.re)
    if (lonEmpty || latEmpty) {
      return this.reject(line, 'missing_coordinates', lonEmpty && latEmpty ? undefined : lonEmpty ? 'lon' : 'lat')
    }
    if (Number.isNaN(x) || Number.isNaN(y)) {
      const k = Number.isNaN(x) ? col[C_LON] : col[C_LAT]
      return this.reject(line, 'bad_coordinates', sc.detail(buf, k))
    }
    if (x < -180 || x > 180 || y < -90 || y > 90) {
      return this.reject(line, 'coordinates_out_of_range', `lon=${x}, lat=${y}`)
    }

    // time
    sc.fieldRange(buf, col[C_TIME])
    const t = parseTimeBytes(sc.rb, sc.rs, sc.re)
    if (Number.isNaN(t)) return this.reject(line, 'bad_time', sc.detail(buf, col[C_TIME]))
    // window end: empty = an exact time (NaN); an end before the start is an error in the row,
    // not a window to guess the order of (swapping could hide a typo in either date)
    let tTo = NaN
    if (col[C_TO] >= 0) {
      sc.fieldRange(buf, col[C_TO])
      if (sc.re > sc.rs) {
        tTo = parseTimeBytes(sc.rb, sc.rs, sc.re)
        if (Number.isNaN(tTo)) return this.reject(line, 'bad_time', `time_to: ${sc.detail(buf, col[C_TO])}`)
        if (tTo < t) return this.reject(line, 'bad_time', `time_to ${sc.detail(buf, col[C_TO])} is before time ${sc.detail(buf, col[C_TIME])}`)
      }
    }

    // category (before the id, so that a rejected row does not claim its id)
    sc.fieldRange(buf, col[C_CAT])
    let ci = this.cats.find(sc.rb, sc.rs, sc.re)
    if (ci < 0) {
      ci = this.cats.insertAfterFind(sc.rb, sc.rs, sc.re)
      const label = this.cats.names[ci].trim().toLowerCase()
      this.catCode.push(this.categoryCode(label))
      this.catCount.push(0)
    }
    if (this.rejectUnknown && this.catCode[ci] === CATEGORY_OTHER) {
      return this.reject(line, 'unknown_category', sc.detail(buf, col[C_CAT]))
    }

    // id (copied into the id column, then checked against the kept ids)
    const b = this.buffers
    const n = b.count
    if (n === b.cap) b.grow()
    const idStart = b.idOff[n]
    let idEnd: number
    if (col[C_ID] >= 0) {
      sc.fieldRange(buf, col[C_ID])
      if (sc.rs === sc.re) return this.reject(line, 'missing_id')
      idEnd = idStart + (sc.re - sc.rs)
      if (idEnd > b.idBytes.length) b.idBytes = growBytes(b.idBytes, idEnd, b.growth)
      copyBytes(sc.rb, sc.rs, sc.re, b.idBytes, idStart)
    } else {
      const made = generatedId(line, this.rowHash(buf, nf))
      idEnd = idStart + made.length
      if (idEnd > b.idBytes.length) b.idBytes = growBytes(b.idBytes, idEnd, b.growth)
      for (let i = 0; i < made.length; i++) b.idBytes[idStart + i] = made.charCodeAt(i)
    }
    const dup = this.ids.findOrAdd(b.idBytes, b.idOff, n, idStart, idEnd)
    if (dup >= 0) {
      return this.reject(line, 'duplicate_id', `${sc.detail(buf, col[C_ID])} (first on line ${b.lines[dup]})`)
    }

    // kept: category, subtype, address, victim
    this.catCount[ci]++
    if (col[C_SUB] >= 0) sc.fieldRange(buf, col[C_SUB])
    else { sc.rb = buf; sc.rs = 0; sc.re = 0 }
    let si = this.subs.find(sc.rb, sc.rs, sc.re)
    if (si < 0) {
      if (this.subs.size < MAX_SUBTYPES) si = this.subs.insertAfterFind(sc.rb, sc.rs, sc.re)
      else si = this.overflowSubtype()
    }
    if (col[C_ADDR] >= 0 && this.keepAddresses) {
      sc.fieldRange(buf, col[C_ADDR])
      b.addrBytes = putText(b.addrOff, b.addrBytes, n, sc.rb, sc.rs, sc.re, b.growth)
    }
    if (b.victimOff) {
      sc.fieldRange(buf, col[C_VICTIM])
      b.victimBytes = putText(b.victimOff, b.victimBytes, n, sc.rb, sc.rs, sc.re, b.growth)
    }
    b.lon[n] = x
    b.lat[n] = y
    b.time[n] = t
    if (b.timeTo) b.timeTo[n] = tTo
    b.cat[n] = this.catCode[ci]
    b.sub[n] = si
    b.lines[n] = line
    b.idOff[n + 1] = idEnd
    b.count = n + 1
  }

  private overflowSubtype(): number {
    if (this.subOverflow < 0) {
      this.subOverflow = this.subs.names.length
      this.subs.names.push(OVERFLOW_SUBTYPE)
      this.report.warnings.push(`more than ${MAX_SUBTYPES} subtypes: the rest are read as "${OVERFLOW_SUBTYPE}"`)
    }
    return this.subOverflow
  }

  /** One resize to the row count the file size predicts (+5%), from the bytes per row so far. */
  private reserve(): void {
    const b = this.buffers
    b.reserved = true
    const read = this.report.rowsRead
    const n = b.count
    if (!(this.expectedBytes > this.bytesIn) || read === 0 || n === 0) return
    const rows = Math.ceil((this.expectedBytes / this.bytesIn) * read * 1.05)
    if (rows <= b.cap) return
    b.reserve(rows)
    this.ids.reserve(rows, n)
  }

  private build(): IncidentCsvResult {
    const r = this.report
    const n = this.buffers.count
    if (!this.headerDone && r.errors.length === 0) r.errors.push('empty file: no header row')
    const { lon, lat, time, timeTo, category, subtype, id, address, victim } = this.buffers.fitted()
    if (this.crs !== 'wgs84' && n > 0) {
      convertColumnsToWgs84(lon, lat, n, this.crs)
      r.crs = { from: this.crs, converted: true }
    }
    r.rowsKept = n
    for (let k = 0; k < this.catCode.length; k++) {
      if (this.catCode[k] !== CATEGORY_OTHER || this.catCount[k] === 0) continue
      const label = this.cats.names[k].trim() || '(empty)'
      r.otherCategoryLabels[label] = (r.otherCategoryLabels[label] ?? 0) + this.catCount[k]
    }
    if (this.headerDone && r.rowsRead === 0) r.warnings.push('the file has a header but no data rows')
    else if (this.headerDone && n === 0 && !this.dead) r.warnings.push('no row could be kept')
    if (this.headerDone && this.col[C_ADDR] < 0 && this.keepAddresses) r.warnings.push('no address column: addresses are empty')
    const columns: IncidentColumns = { count: n, lon, lat, time, ...(timeTo ? { timeTo } : {}), category, subtype, subtypes: this.subs.names.slice(), id, address, ...(victim ? { victim } : {}) }
    // release the working buffers
    if (!this.keepIdIndex) this.ids.release()
    this.scanner.release()
    return { columns, report: r }
  }
}

/**
 * The id of a row in a file without an id column: its line and a hash of its cells, so that
 * importing the same export again gives the same ids (and the duplicates check still works).
 */
export function generatedId(line: number, hash: number): string {
  return `L${line}-${hash.toString(16).padStart(8, '0')}`
}
