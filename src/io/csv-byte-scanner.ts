/**
 * The CSV tokenizer under the incident reader (incidents-csv-reader.ts): UTF-8 bytes in
 * chunks cut anywhere (inside a quoted field, a CRLF or a multi-byte character) to rows of
 * field ranges, without a string per field. The unfinished row waits in a stash for the next
 * chunk. Quoting as in RFC 4180: "" is a quote; besides, text after a closing
 * quote is kept, an unterminated quote runs to the end of the input.
 */

const utf8 = new TextDecoder()
const DETAIL_MAX = 80

const S_START = 0 // at the start of a field
const S_UNQUOTED = 1
const S_QUOTED = 2
const S_QUOTE = 3 // just read a quote inside a quoted field

const F_QUOTED = 1
const F_ESCAPES = 2 // contains "" (or a stray quote) to collapse
const F_CONTROL = 4 // holds a control character (a C0 byte other than tab, or a line break inside quotes)

/**
 * Called at the end of each row with the buffer the row's field ranges point into and the
 * number of fields; false stops the scan (the reader gave up).
 */
export type CsvRowHandler = (buf: Uint8Array, nf: number) => boolean

export class CsvByteScanner {
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
  /** the line the current row starts on (1-based), for the row handler */
  rowLine = 1
  private fs = new Int32Array(16)
  private fe = new Int32Array(16)
  private fl = new Uint8Array(16)
  /** the last row ended inside a quoted field at the end of the input */
  unterminated = false
  private scratch = new Uint8Array(256)

  constructor(private readonly onRow: CsvRowHandler) {}

  /**
   * True when everything pushed so far ended exactly at the end of a row (not inside a quoted
   * field, no partial row kept): the next byte would start a row.
   */
  get atRowBoundary(): boolean {
    return this.state === S_START && this.nf === 0 && this.stashLen === 0 && !this.skipLF
  }

  /** The next UTF-8 bytes. The chunk is not kept (the caller may reuse it). */
  push(chunk: Uint8Array): void {
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
  }

  /** End of input: the last row, even without a line break or a closing quote. */
  end(): void {
    if (!this.bomDone) this.stripBom()
    if (this.stashLen > this.scanPos) this.scan(this.stash, this.stashLen, this.scanPos)
    this.endOfInput()
  }

  /** Drops the stash (after the end). */
  release(): void {
    this.stash = new Uint8Array(0)
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
          if (c > 44) i++
          else if (c === 44 || c === 10 || c === 13) break
          else {
            if (c < 32 && c !== 9) fflags |= F_CONTROL
            i++
          }
        }
        if (i >= len) break
        fend = i
      } else if (state === S_QUOTED) {
        while (i < len) {
          c = buf[i]
          if (c < 35) {
            if (c === 34) break
            if (c === 10) line++
            else if (c < 32 && c !== 9 && c !== 13) fflags |= F_CONTROL
          }
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
          if (c !== 34) {
            if (c === 10) line++
            else if (c < 32 && c !== 9 && c !== 13) fflags |= F_CONTROL
            i++
          }
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
      const more = this.onRow(buf, nf)
      this.rowLine = line
      nf = 0
      rowStart = i
      if (!more) break
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
    this.onRow(buf, nf)
    this.nf = 0
    this.stashLen = 0
    this.scanPos = 0
  }

  // -------------------------------------------------------------------------------------------
  // fields of the row being handed to the row handler

  isBlankRow(buf: Uint8Array, nf: number): boolean {
    if (nf !== 1 || this.fl[0] !== 0) return false
    for (let i = this.fs[0], e = this.fe[0]; i < e; i++) {
      const c = buf[i]
      if (c !== 32 && c !== 9) return false
    }
    return true
  }

  /**
   * The first field of the row holding a control character (NUL and the other C0 bytes but
   * tab; CR and LF only inside quotes), or -1: what a truncated or badly converted export leaves.
   */
  controlField(nf: number): number {
    for (let k = 0; k < nf; k++) if (this.fl[k] & F_CONTROL) return k
    return -1
  }

  /** Field k as a string (quotes collapsed; unquoted fields trimmed). */
  decodeField(buf: Uint8Array, k: number, dec: TextDecoder = utf8): string {
    this.fieldRange(buf, k)
    return dec.decode(this.rb.subarray(this.rs, this.re))
  }

  /** Field k as a string for a rejection's detail, cut at DETAIL_MAX characters. */
  detail(buf: Uint8Array, k: number): string {
    const s = this.decodeField(buf, k)
    return s.length > DETAIL_MAX ? s.slice(0, DETAIL_MAX) + '…' : s
  }

  // field range result (avoids allocating): bytes rb[rs, re)
  rb: Uint8Array = this.scratch
  rs = 0
  re = 0

  /** The canonical bytes of field k: trimmed if unquoted, "" collapsed if quoted. */
  fieldRange(buf: Uint8Array, k: number): void {
    let s = this.fs[k], e = this.fe[k]
    const f = this.fl[k]
    if ((f & F_QUOTED) === 0) {
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
