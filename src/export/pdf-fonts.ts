/**
 * Fonts for the PDF briefing: WOFF 1.0 → sfnt decoding, the cmap of a decoded font, and drawing
 * text that mixes CJK and Latin with two fonts (the @fontsource CJK subset has no Latin letters).
 *
 * jsPDF only handles UTF-16 units through a font's format 4 table: a character the active font
 * lacks is silently dropped (≥ U+0100) or cuts the rest of the string off (< U+0100), and a
 * character outside the BMP can never be drawn. So every run is split here by code point, and a
 * character no font can draw becomes an outlined box of its own rather than disappearing.
 */
import type { jsPDF } from 'jspdf'
import { errorMessage } from '../core/text-format'

const WOFF_SIGNATURE = 0x774f4646 // 'wOFF'
const WOFF_HEADER = 44
const WOFF_ENTRY = 20
const SFNT_HEADER = 12
const SFNT_ENTRY = 16

export interface SfntTable {
  tag: string
  checksum: number
  offset: number
  length: number
}

function fail(message: string): never {
  throw new Error(`WOFF font: ${message}`)
}

function tagOf(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3))
}

/** zlib-format inflate on the platform's own DecompressionStream (browser and Node ≥ 18). */
async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(data)
      controller.close()
    },
  })
  const out = source.pipeThrough(new DecompressionStream('deflate') as unknown as TransformStream<Uint8Array, Uint8Array>)
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = out.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.length
  }
  const result = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    result.set(c, at)
    at += c.length
  }
  return result
}

/**
 * Decodes a WOFF 1.0 file to the sfnt (TrueType/OpenType) font it wraps. Throws an Error that
 * says what is wrong for anything that is not a complete WOFF 1.0 file.
 */
export async function woffToSfnt(bytes: Uint8Array): Promise<Uint8Array> {
  if (!(bytes instanceof Uint8Array)) fail('expected bytes')
  if (bytes.length < WOFF_HEADER) fail(`${bytes.length} bytes is too short for a WOFF header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0) !== WOFF_SIGNATURE) {
    const wOF2 = view.getUint32(0) === 0x774f4632
    fail(wOF2 ? 'this is WOFF 2.0 (Brotli), only WOFF 1.0 is supported' : 'not a WOFF file (no wOFF signature)')
  }
  const flavor = view.getUint32(4)
  const length = view.getUint32(8)
  const numTables = view.getUint16(12)
  if (length !== bytes.length) fail(`header says ${length} bytes, got ${bytes.length} (truncated?)`)
  if (numTables === 0) fail('no tables')
  if (WOFF_HEADER + numTables * WOFF_ENTRY > bytes.length) fail('table directory runs past the end of the file')

  const entries: { tag: string; offset: number; compLength: number; origLength: number; checksum: number }[] = []
  for (let i = 0; i < numTables; i++) {
    const at = WOFF_HEADER + i * WOFF_ENTRY
    const e = {
      tag: tagOf(view, at),
      offset: view.getUint32(at + 4),
      compLength: view.getUint32(at + 8),
      origLength: view.getUint32(at + 12),
      checksum: view.getUint32(at + 16),
    }
    if (e.offset + e.compLength > bytes.length) fail(`table '${e.tag}' runs past the end of the file`)
    if (e.compLength > e.origLength) fail(`table '${e.tag}' is larger compressed than plain`)
    entries.push(e)
  }

  const tables = await Promise.all(
    entries.map(async (e) => {
      const raw = bytes.subarray(e.offset, e.offset + e.compLength)
      if (e.compLength === e.origLength) return raw
      let plain: Uint8Array
      try {
        plain = await inflate(raw)
      } catch (err) {
        fail(`table '${e.tag}' does not inflate (${errorMessage(err)})`)
      }
      if (plain.length !== e.origLength) fail(`table '${e.tag}' inflates to ${plain.length} bytes, expected ${e.origLength}`)
      return plain
    }),
  )

  let total = SFNT_HEADER + numTables * SFNT_ENTRY
  for (const e of entries) total += (e.origLength + 3) & ~3
  const out = new Uint8Array(total)
  const w = new DataView(out.buffer)
  const log2 = Math.floor(Math.log2(numTables))
  const searchRange = 2 ** log2 * 16
  w.setUint32(0, flavor)
  w.setUint16(4, numTables)
  w.setUint16(6, searchRange)
  w.setUint16(8, log2)
  w.setUint16(10, numTables * 16 - searchRange)
  let dataAt = SFNT_HEADER + numTables * SFNT_ENTRY
  entries.forEach((e, i) => {
    const rec = SFNT_HEADER + i * SFNT_ENTRY
    for (let k = 0; k < 4; k++) w.setUint8(rec + k, e.tag.charCodeAt(k))
    w.setUint32(rec + 4, e.checksum)
    w.setUint32(rec + 8, dataAt)
    w.setUint32(rec + 12, e.origLength)
    out.set(tables[i], dataAt)
    dataAt += (e.origLength + 3) & ~3
  })
  return out
}

/** The table records of an sfnt font. */
export function readTableDirectory(sfnt: Uint8Array): SfntTable[] {
  if (sfnt.length < SFNT_HEADER) throw new Error('sfnt font: too short')
  const view = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength)
  const n = view.getUint16(4)
  if (SFNT_HEADER + n * SFNT_ENTRY > sfnt.length) throw new Error('sfnt font: table directory runs past the end')
  const tables: SfntTable[] = []
  for (let i = 0; i < n; i++) {
    const at = SFNT_HEADER + i * SFNT_ENTRY
    const t = { tag: tagOf(view, at), checksum: view.getUint32(at + 4), offset: view.getUint32(at + 8), length: view.getUint32(at + 12) }
    if (t.offset + t.length > sfnt.length) throw new Error(`sfnt font: table '${t.tag}' runs past the end`)
    tables.push(t)
  }
  return tables
}

function cmapFormat4(view: DataView, at: number, into: Set<number>): void {
  const segCount = view.getUint16(at + 6) / 2
  const ends = at + 14
  const starts = ends + segCount * 2 + 2
  const deltas = starts + segCount * 2
  const rangeOffsets = deltas + segCount * 2
  for (let s = 0; s < segCount; s++) {
    const end = view.getUint16(ends + s * 2)
    const start = view.getUint16(starts + s * 2)
    const delta = view.getUint16(deltas + s * 2)
    const ro = view.getUint16(rangeOffsets + s * 2)
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number
      if (ro === 0) glyph = (c + delta) & 0xffff
      else {
        const g = rangeOffsets + s * 2 + ro + (c - start) * 2
        if (g + 2 > view.byteLength) continue
        glyph = view.getUint16(g)
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff
      }
      if (glyph !== 0) into.add(c)
    }
  }
}

function cmapFormat12(view: DataView, at: number, into: Set<number>): void {
  const groups = view.getUint32(at + 12)
  for (let i = 0; i < groups; i++) {
    const g = at + 16 + i * 12
    const start = view.getUint32(g)
    const end = Math.min(view.getUint32(g + 4), 0x10ffff)
    const glyph = view.getUint32(g + 8)
    for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) into.add(c)
  }
}

/** The Unicode code points an sfnt font maps to a real glyph (cmap formats 4 and 12). */
export function fontCodePoints(sfnt: Uint8Array): Set<number> {
  const cmap = readTableDirectory(sfnt).find((t) => t.tag === 'cmap')
  if (!cmap) throw new Error("sfnt font: no 'cmap' table")
  const view = new DataView(sfnt.buffer, sfnt.byteOffset + cmap.offset, cmap.length)
  const into = new Set<number>()
  const n = view.getUint16(2)
  for (let i = 0; i < n; i++) {
    const platform = view.getUint16(4 + i * 8)
    const encoding = view.getUint16(6 + i * 8)
    const offset = view.getUint32(8 + i * 8)
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))
    if (!unicode || offset + 4 > cmap.length) continue
    const format = view.getUint16(offset)
    try {
      if (format === 4) cmapFormat4(view, offset, into)
      else if (format === 12) cmapFormat12(view, offset, into)
    } catch (err) {
      if (!(err instanceof RangeError)) throw err
      throw new Error(`sfnt font: cmap subtable format ${format} is truncated`)
    }
  }
  return into
}

// ---------------------------------------------------------------------------------------------
// Mixed-font text on a jsPDF document

export type FontSlot = 'cjk' | 'latin' | 'missing'

export interface TextSegment {
  slot: FontSlot
  text: string
}

/** Two fonts registered on a jsPDF document, with what each can draw. */
export interface MixedFonts {
  cjkFamily: string
  latinFamily: string
  cjk: ReadonlySet<number>
  latin: ReadonlySet<number>
}

/**
 * Splits text into runs per font: the CJK font where it has the character, else the Latin one.
 * A character neither can draw (or one jsPDF cannot encode: beyond the BMP, a lone surrogate)
 * is a 'missing' run of one character.
 */
export function segmentText(text: string, fonts: Pick<MixedFonts, 'cjk' | 'latin'>): TextSegment[] {
  const out: TextSegment[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0
    const bmp = cp <= 0xffff && (cp < 0xd800 || cp > 0xdfff)
    const slot: FontSlot = bmp && fonts.cjk.has(cp) ? 'cjk' : bmp && fonts.latin.has(cp) ? 'latin' : 'missing'
    const last = out[out.length - 1]
    if (last && last.slot === slot && slot !== 'missing') last.text += ch
    else out.push({ slot, text: ch })
  }
  return out
}

/** Control characters would start new lines (or worse) in jsPDF: a label is one line. */
export function cleanText(value: unknown): string {
  const s = typeof value === 'string' ? value : value == null ? '' : String(value)
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
}

/** width of the box drawn for a character no font has, in em */
const MISSING_EM = 0.6

export const ELLIPSIS = '\u2026'

function useFont(doc: jsPDF, slot: Exclude<FontSlot, 'missing'>, fonts: MixedFonts, sizePt: number): void {
  doc.setFont(slot === 'cjk' ? fonts.cjkFamily : fonts.latinFamily, 'normal')
  doc.setFontSize(sizePt)
}

/**
 * Each character with its advance width in the document's units. jsPDF measures TrueType fonts
 * as the plain sum of glyph advances (no kerning), so these add up to what `text` draws.
 */
function* advances(doc: jsPDF, text: string, fonts: MixedFonts, sizePt: number): Generator<{ ch: string; w: number }> {
  const missing = (MISSING_EM * sizePt) / doc.internal.scaleFactor
  for (const seg of segmentText(text, fonts)) {
    if (seg.slot === 'missing') {
      yield { ch: seg.text, w: missing }
      continue
    }
    for (const ch of seg.text) {
      useFont(doc, seg.slot, fonts, sizePt) // the consumer may have measured with another font meanwhile
      yield { ch, w: doc.getTextWidth(ch) }
    }
  }
}

/** Width in the document's units of text drawn with `drawMixed` at `sizePt`. */
export function measureMixed(doc: jsPDF, text: string, fonts: MixedFonts, sizePt: number): number {
  let w = 0
  for (const seg of segmentText(cleanText(text), fonts)) {
    if (seg.slot === 'missing') w += (MISSING_EM * sizePt) / doc.internal.scaleFactor
    else {
      useFont(doc, seg.slot, fonts, sizePt)
      w += doc.getTextWidth(seg.text)
    }
  }
  return w
}

function ellipsisFor(fonts: MixedFonts): string {
  return fonts.cjk.has(0x2026) || fonts.latin.has(0x2026) ? ELLIPSIS : '...'
}

/**
 * The text itself when it fits `maxWidth`, else its longest prefix that fits with '…' appended.
 * Walks the characters only as far as the width reaches, so a 10,000-character name costs
 * no more than a short one.
 */
export function clipMixed(doc: jsPDF, text: string, fonts: MixedFonts, sizePt: number, maxWidth: number): string {
  const clean = cleanText(text)
  const ellipsis = ellipsisFor(fonts)
  const room = maxWidth - measureMixed(doc, ellipsis, fonts, sizePt)
  let used = 0
  let fitsWithEllipsis = 0 // characters (UTF-16 units) that fit together with the ellipsis
  let stillFits = true
  for (const { ch, w } of advances(doc, clean, fonts, sizePt)) {
    stillFits &&= used + w <= room
    if (stillFits) fitsWithEllipsis += ch.length
    used += w
    if (used > maxWidth) {
      if (room < 0) return ''
      return clean.slice(0, fitsWithEllipsis).trimEnd() + ellipsis
    }
  }
  return clean
}

/**
 * Breaks text into lines no wider than `maxWidth`: after a space where a line holds one, else
 * between any two characters (Chinese has no spaces). At most `maxLines`; the last one that
 * had to be cut ends in '…'.
 */
export function wrapMixed(doc: jsPDF, text: string, fonts: MixedFonts, sizePt: number, maxWidth: number, maxLines = Infinity): string[] {
  const clean = cleanText(text)
  const lines: string[] = []
  let line = ''
  let width = 0
  let lastSpace = -1 // index in `line` just after its last space
  let widthAtSpace = 0
  let consumed = 0
  for (const { ch, w } of advances(doc, clean, fonts, sizePt)) {
    const before = consumed
    consumed += ch.length
    while (width + w > maxWidth && line !== '') {
      if (lines.length + 1 >= maxLines) {
        lines.push(clipMixed(doc, line + clean.slice(before), fonts, sizePt, maxWidth))
        return lines
      }
      if (lastSpace > 0 && ch !== ' ') {
        lines.push(line.slice(0, lastSpace).trimEnd())
        line = line.slice(lastSpace)
        width -= widthAtSpace
      } else {
        lines.push(line.trimEnd())
        line = ''
        width = 0
      }
      lastSpace = -1
    }
    if (line === '' && ch === ' ' && lines.length > 0) continue
    line += ch
    width += w
    if (ch === ' ') {
      lastSpace = line.length
      widthAtSpace = width
    }
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd())
  return lines
}

export interface DrawOptions {
  align?: 'left' | 'center' | 'right'
  /** counter-clockwise degrees, as jsPDF's `angle` */
  angle?: number
  /** clip to this width with '…' */
  maxWidth?: number
}

/**
 * Draws text at (x, y) on its alphabetic baseline, one jsPDF text call per font run, and returns
 * the width drawn. The text colour is whatever `setTextColor` last set.
 */
export function drawMixed(doc: jsPDF, text: string, x: number, y: number, fonts: MixedFonts, sizePt: number, opts: DrawOptions = {}): number {
  const s = opts.maxWidth !== undefined ? clipMixed(doc, text, fonts, sizePt, opts.maxWidth) : cleanText(text)
  const segs = segmentText(s, fonts)
  const missing = (MISSING_EM * sizePt) / doc.internal.scaleFactor
  const widths = segs.map((seg) => {
    if (seg.slot === 'missing') return missing
    useFont(doc, seg.slot, fonts, sizePt)
    return doc.getTextWidth(seg.text)
  })
  const total = widths.reduce((a, b) => a + b, 0)
  const angle = Number.isFinite(opts.angle) ? (opts.angle as number) : 0
  const rad = (angle * Math.PI) / 180
  // page y grows downwards and jsPDF's angle turns counter-clockwise as seen on the page
  const ux = Math.cos(rad)
  const uy = -Math.sin(rad)
  let along = opts.align === 'center' ? -total / 2 : opts.align === 'right' ? -total : 0
  segs.forEach((seg, i) => {
    const px = x + along * ux
    const py = y + along * uy
    if (seg.slot === 'missing') drawMissingBox(doc, px, py, widths[i], sizePt / doc.internal.scaleFactor, rad)
    else {
      useFont(doc, seg.slot, fonts, sizePt)
      doc.text(seg.text, px, py, angle ? { angle } : {})
    }
    along += widths[i]
  })
  return total
}

/** The "tofu" box: an outline in the text colour standing in for a character no font has. */
function drawMissingBox(doc: jsPDF, x: number, y: number, width: number, em: number, rad: number): void {
  const u = { x: Math.cos(rad), y: -Math.sin(rad) } // along the baseline
  const v = { x: -Math.sin(rad), y: -Math.cos(rad) } // up from the baseline
  const inset = width * 0.12
  const corners = [
    [inset, 0],
    [width - inset, 0],
    [width - inset, em * 0.7],
    [inset, em * 0.7],
  ].map(([a, b]) => ({ x: x + a * u.x + b * v.x, y: y + a * u.y + b * v.y }))
  const drawColor = doc.getDrawColor()
  const lineWidth = doc.getLineWidth()
  doc.setDrawColor(doc.getTextColor())
  doc.setLineWidth(em * 0.06)
  for (let i = 0; i < 4; i++) {
    const p = corners[i]
    const q = corners[(i + 1) % 4]
    doc.line(p.x, p.y, q.x, q.y)
  }
  doc.setDrawColor(drawColor)
  doc.setLineWidth(lineWidth)
}
