/**
 * Tables from CSV (papaparse on the decoded text) and xlsx (read-excel-file), as header + rows
 * of text cells with the line or sheet row each row came from, so that importers can name the
 * row of every rejected record. Also: telling a file's format from its bytes, and the small zip
 * reader that the sniffer and the shapefile reader share (xlsx and zipped shapefiles are both
 * zip archives).
 */
import Papa from 'papaparse'
import { readSheet } from 'read-excel-file/universal'
import type { FileFormat } from './dataset-kinds'
import { decodeText, type TextEncodingName } from './text-encoding'
import { pad2 } from '../core/text-format'

export interface Table {
  format: 'csv' | 'xlsx'
  /** trimmed header cells ('' for empty); the header is the first non-empty row */
  header: string[]
  /** data rows, each cell as text: numbers as their shortest round-trip decimal (String(n)),
   *  xlsx dates as local ISO 8601 'YYYY-MM-DDTHH:mm:ss' with no offset, booleans TRUE/FALSE,
   *  empty cells ''. CSV cells are verbatim (not trimmed). An xlsx row is cut after its last
   *  non-empty cell but never shorter than the header. */
  rows: string[][]
  /** for rows[i]: the 1-based line where the row starts (csv) or the sheet row number (xlsx) */
  lines: number[]
  /** csv only */
  encoding?: TextEncodingName
  bom?: boolean
  /** maxRows was reached and more rows followed */
  truncated: boolean
  /** xlsx: the sheet read (the first one); warnings name the others */
  sheet?: string
  warnings: string[]
}

export interface ReadTableOptions {
  encoding?: 'auto' | 'utf8' | 'gbk'
  maxRows?: number
}

// ---------------------------------------------------------------------------------------------
// zip container

export interface ZipEntry {
  /** path inside the archive, '/' separated */
  name: string
  /** 0 stored, 8 deflate */
  method: number
  encrypted: boolean
  compressedSize: number
  size: number
  localOffset: number
}

const SIG_LOCAL = 0x04034b50
const SIG_CENTRAL = 0x02014b50
const SIG_END = 0x06054b50
const SIG_END64 = 0x06064b50
const SIG_END64_LOCATOR = 0x07064b50

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
}

function u64(v: DataView, at: number): number {
  return v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32
}

/** Entry names without the UTF-8 flag are in the writer's OEM code page: GBK on Chinese Windows. */
function decodeZipName(raw: Uint8Array, utf8Flag: boolean): string {
  if (!utf8Flag) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw)
    } catch {
      return new TextDecoder('gb18030').decode(raw)
    }
  }
  return new TextDecoder().decode(raw)
}

/**
 * The entries of a zip archive, read from its central directory (names only, nothing is
 * inflated). null when the bytes are not a readable zip archive (no or a damaged directory).
 */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] | null {
  if (bytes.length < 22) return null
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let end = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    // the directory's end record runs to the end of the file (through its comment); a match
    // inside compressed data (a cut head of a large archive) does not
    if (v.getUint32(i, true) === SIG_END && i + 22 + v.getUint16(i + 20, true) === bytes.length) { end = i; break }
  }
  if (end < 0) return null
  let count = v.getUint16(end + 10, true)
  let cdOffset = v.getUint32(end + 16, true)
  if ((count === 0xffff || cdOffset === 0xffffffff) && end >= 20 && v.getUint32(end - 20, true) === SIG_END64_LOCATOR) {
    const at = u64(v, end - 12)
    if (at + 56 > bytes.length || v.getUint32(at, true) !== SIG_END64) return null
    count = u64(v, at + 32)
    cdOffset = u64(v, at + 48)
  }
  const entries: ZipEntry[] = []
  let p = cdOffset
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || v.getUint32(p, true) !== SIG_CENTRAL) return null
    const flags = v.getUint16(p + 8, true)
    const nameLen = v.getUint16(p + 28, true)
    const extraLen = v.getUint16(p + 30, true)
    const commentLen = v.getUint16(p + 32, true)
    if (p + 46 + nameLen + extraLen > bytes.length) return null
    let compressedSize = v.getUint32(p + 20, true)
    let size = v.getUint32(p + 24, true)
    let localOffset = v.getUint32(p + 42, true)
    // zip64: the 32-bit fields that overflowed are in extra field 0x0001, in this order
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = v.getUint16(x, true)
      const len = v.getUint16(x + 2, true)
      if (id === 1) {
        let y = x + 4
        if (size === 0xffffffff) { size = u64(v, y); y += 8 }
        if (compressedSize === 0xffffffff) { compressedSize = u64(v, y); y += 8 }
        if (localOffset === 0xffffffff) localOffset = u64(v, y)
      }
      x += 4 + len
    }
    const name = decodeZipName(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0).replace(/\\/g, '/')
    entries.push({ name, method: v.getUint16(p + 10, true), encrypted: (flags & 1) !== 0, compressedSize, size, localOffset })
    p += 46 + nameLen + extraLen + commentLen
  }
  return entries
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const ds = new DecompressionStream('deflate-raw')
  const writer = ds.writable.getWriter()
  // errors surface on the readable side; these promises only need to be handled
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {})
  writer.close().catch(() => {})
  return new Uint8Array(await new Response(ds.readable).arrayBuffer())
}

/** The uncompressed bytes of one entry (stored entries are a view into `bytes`, not a copy). */
export async function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  if (entry.encrypted) throw new Error(`${entry.name} is encrypted`)
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = entry.localOffset
  if (at + 30 > bytes.length || v.getUint32(at, true) !== SIG_LOCAL) throw new Error(`${entry.name}: damaged zip entry`)
  const start = at + 30 + v.getUint16(at + 26, true) + v.getUint16(at + 28, true)
  if (start + entry.compressedSize > bytes.length) throw new Error(`${entry.name}: zip entry runs past the end of the file`)
  const raw = bytes.subarray(start, start + entry.compressedSize)
  if (entry.method === 0 || entry.size === 0) return raw.subarray(0, entry.size)
  if (entry.method !== 8) throw new Error(`${entry.name}: unsupported zip compression method ${entry.method}`)
  try {
    return await inflateRaw(raw)
  } catch (e) {
    throw new Error(`${entry.name}: cannot be inflated (${(e as Error).message})`)
  }
}

/**
 * Names from the local headers in a head of a zip file. Entries written with a data descriptor
 * carry no size up front, so the scan looks for every header signature rather than hopping from
 * one entry to the next; a stray match inside compressed data must still hold a sane name.
 */
function localEntryNames(bytes: Uint8Array): string[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const names: string[] = []
  for (let i = 0; i + 30 <= bytes.length; i++) {
    if (bytes[i] !== 0x50 || v.getUint32(i, true) !== SIG_LOCAL) continue
    const nameLen = v.getUint16(i + 26, true)
    if (nameLen === 0 || nameLen > 512 || i + 30 + nameLen > bytes.length) continue
    const raw = bytes.subarray(i + 30, i + 30 + nameLen)
    if (raw.some((c) => c < 0x20)) continue
    names.push(decodeZipName(raw, (v.getUint16(i + 6, true) & 0x800) !== 0).replace(/\\/g, '/'))
  }
  return names
}

function isJunkEntry(name: string): boolean {
  return name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\._/.test(name)
}

// ---------------------------------------------------------------------------------------------
// format sniffing

const EXTENSIONS: Readonly<Record<string, FileFormat>> = {
  csv: 'csv', tsv: 'csv', txt: 'csv',
  xlsx: 'xlsx', xlsm: 'xlsx',
  geojson: 'geojson', json: 'geojson',
  zip: 'shapefile', shp: 'shapefile',
}

/**
 * The file's format from its bytes first (zip: xlsx when it holds '[Content_Types].xml' and
 * 'xl/' entries, shapefile when it holds a .shp; '{' or '[' after whitespace or a BOM: GeoJSON;
 * the .shp file code: shapefile), its extension second; null when neither says.
 */
export function sniffFormat(bytes: Uint8Array, fileName: string): FileFormat | null {
  if (isZip(bytes)) {
    const all = listZipEntries(bytes)
    if (all) {
      const names = all.map((e) => e.name).filter((n) => !isJunkEntry(n))
      if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/'))) return 'xlsx'
      if (names.some((n) => n.toLowerCase().endsWith('.shp'))) return 'shapefile'
      return null
    }
    // only the head of the file (its directory is at the end): judge by the entries seen so far
    const seen = localEntryNames(bytes).filter((n) => !isJunkEntry(n))
    if (seen.some((n) => n.startsWith('xl/'))) return 'xlsx'
    if (seen.some((n) => /\.(shp|shx|dbf|prj|cpg)$/i.test(n))) return 'shapefile'
    if (seen.includes('[Content_Types].xml') && !seen.some((n) => /^(word|ppt)\//.test(n))) return 'xlsx'
  } else {
    let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
    while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++
    if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'geojson'
    // file code 9994, big-endian: a bare .shp (readGeoFile explains that it must be zipped)
    if (bytes.length >= 100 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a) return 'shapefile'
  }
  const dot = fileName.lastIndexOf('.')
  return dot < 0 ? null : EXTENSIONS[fileName.slice(dot + 1).toLowerCase()] ?? null
}

// ---------------------------------------------------------------------------------------------
// CSV

/** how much of a file's head is read to tell text from binary */
const SNIFF_BINARY_BYTES = 65_536
/** above this share of control bytes the file is taken for binary, not a text file with a damaged row */
const BINARY_CONTROL_SHARE = 0.1

/**
 * Refuses a file that is mostly binary (or UTF-16, which is not read here). A text file with
 * a few control bytes (a NUL in one field of a truncated or badly converted export) is read:
 * the readers reject the rows that hold them, by line, and keep the rest.
 */
function assertText(bytes: Uint8Array, fileName: string): void {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Error(`${fileName} is not a text file (it looks like UTF-16: save it as UTF-8 or GBK CSV)`)
  }
  const n = Math.min(bytes.length, SNIFF_BINARY_BYTES)
  let control = 0
  for (let i = 0; i < n; i++) {
    const c = bytes[i]
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++
  }
  if (n > 0 && control / n > BINARY_CONTROL_SHARE) {
    throw new Error(`${fileName} is not a text file (${Math.round((100 * control) / n)}% of its first ${n.toLocaleString('en')} bytes are control characters)`)
  }
}

/** The delimiter that occurs most often, outside quotes, on the first non-blank line; ',' on a tie. */
export function guessDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  let seen = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (seen) break
    } else if (!quoted && (c === ',' || c === ';' || c === '\t')) {
      counts[c]++
      seen = true
    } else if (c !== ' ') seen = true
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';'
  if (counts['\t'] > counts[',']) return '\t'
  return ','
}

function readCsv(bytes: Uint8Array, fileName: string, opts: ReadTableOptions): Table {
  assertText(bytes, fileName)
  const { text, encoding, bom } = decodeText(bytes, opts.encoding ?? 'auto')
  const maxRows = opts.maxRows ?? Infinity
  const delimiter = guessDelimiter(text)
  const table: Table = { format: 'csv', header: [], rows: [], lines: [], encoding, bom, truncated: false, warnings: [] }
  let header: string[] | null = null
  let pos = 0
  let line = 1
  Papa.parse<string[]>(text, {
    delimiter,
    // blank rows are dropped here rather than by papaparse, so that every row, blank or not,
    // passes through step and the cursor says exactly where each one starts
    skipEmptyLines: false,
    step: (res, parser) => {
      const rowLine = line
      // count line breaks (CRLF, LF or a lone CR) up to the end of this row
      const end = res.meta.cursor
      for (; pos < end; pos++) {
        const c = text.charCodeAt(pos)
        if (c === 10 || (c === 13 && text.charCodeAt(pos + 1) !== 10)) line++
      }
      for (const err of res.errors) {
        if (err.type === 'Delimiter') continue
        table.warnings.push(err.code === 'MissingQuotes'
          ? `line ${rowLine}: a quoted cell is not closed, so the rest of the file was read into this row`
          : `line ${rowLine}: ${err.message}`)
      }
      if (res.data.every((c) => c.trim() === '')) return
      if (!header) {
        header = res.data.map((h) => h.trim())
        table.header = header
        return
      }
      if (table.rows.length >= maxRows) {
        table.truncated = true
        parser.abort()
        return
      }
      table.rows.push(res.data)
      table.lines.push(rowLine)
    },
  })
  return table
}

// ---------------------------------------------------------------------------------------------
// xlsx


/**
 * read-excel-file turns an Excel serial date into a Date whose UTC fields are the wall-clock
 * fields shown in Excel, truncated to the millisecond (08:30 can arrive as 08:29:59.999), so
 * the time is rounded to the second and printed from the UTC fields, without an offset.
 */
export function excelDateText(d: Date): string {
  const t = d.getTime()
  if (Number.isNaN(t)) return ''
  const r = new Date(Math.round(t / 1000) * 1000)
  return `${r.getUTCFullYear()}-${pad2(r.getUTCMonth() + 1)}-${pad2(r.getUTCDate())}T` +
    `${pad2(r.getUTCHours())}:${pad2(r.getUTCMinutes())}:${pad2(r.getUTCSeconds())}`
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v)
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return excelDateText(v)
  return String(v)
}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]
  })
}

/** Sheet names in workbook order (the order read-excel-file numbers them); [] if not found. */
async function xlsxSheetNames(bytes: Uint8Array): Promise<string[]> {
  const entry = listZipEntries(bytes)?.find((e) => e.name === 'xl/workbook.xml')
  if (!entry) return []
  const xml = new TextDecoder().decode(await readZipEntry(bytes, entry))
  const names: string[] = []
  for (const m of xml.matchAll(/<(?:[A-Za-z_][\w.-]*:)?sheet\s[^>]*>/g)) {
    const name = /\sname\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[0])
    if (name) names.push(unescapeXml(name[1] ?? name[2]))
  }
  return names
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer
  return bytes.slice().buffer as ArrayBuffer
}

async function readXlsx(bytes: Uint8Array, fileName: string, opts: ReadTableOptions): Promise<Table> {
  const maxRows = opts.maxRows ?? Infinity
  const table: Table = { format: 'xlsx', header: [], rows: [], lines: [], truncated: false, warnings: [] }
  let data: unknown[][]
  try {
    data = await readSheet(toArrayBuffer(bytes), 1, { trim: false })
  } catch (e) {
    const code = (e as { code?: unknown }).code
    // password-protected xlsx files are compound documents like .xls and fail the same way
    if (code === 'XLS_FILE_NOT_SUPPORTED') throw new Error(`${fileName} is a legacy .xls or a password-protected workbook: save it as .xlsx without a password`)
    throw new Error(`${fileName} is not a readable xlsx file: ${(e as Error).message || String(code ?? e)}`)
  }
  let names: string[] = []
  try {
    names = await xlsxSheetNames(bytes)
  } catch {
    // the names only feed a warning; the sheet itself has been read
  }
  if (names.length > 0) table.sheet = names[0]
  if (names.length > 1) table.warnings.push(`only the first sheet "${names[0]}" was read; not read: ${names.slice(1).map((n) => `"${n}"`).join(', ')}`)
  let haveHeader = false
  for (let r = 0; r < data.length; r++) {
    const cells = data[r].map(cellText)
    let last = cells.length - 1
    while (last >= 0 && cells[last].trim() === '') last--
    if (last < 0) continue
    if (!haveHeader) {
      table.header = cells.slice(0, last + 1).map((h) => h.trim())
      haveHeader = true
      continue
    }
    if (table.rows.length >= maxRows) {
      table.truncated = true
      break
    }
    table.rows.push(cells.slice(0, Math.max(last + 1, table.header.length)))
    table.lines.push(r + 1)
  }
  return table
}

// ---------------------------------------------------------------------------------------------

/**
 * Read a CSV or xlsx file into a Table. An empty file, or one with a header only, gives no rows
 * (the caller reports it). Throws an Error naming the file when its bytes are not text (CSV) or
 * not a readable workbook (xlsx).
 */
export async function readTable(bytes: Uint8Array, fileName: string, opts: ReadTableOptions = {}): Promise<Table> {
  const format = sniffFormat(bytes, fileName)
  if (bytes.length === 0) {
    return { format: format === 'xlsx' ? 'xlsx' : 'csv', header: [], rows: [], lines: [], truncated: false, warnings: [] }
  }
  if (format === 'xlsx') return readXlsx(bytes, fileName, opts)
  if (isZip(bytes)) throw new Error(`${fileName} is a zip archive, not a CSV or xlsx table`)
  return readCsv(bytes, fileName, opts)
}
