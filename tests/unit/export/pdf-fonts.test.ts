import { readFileSync } from 'node:fs'
import { describe, expect, it, beforeAll } from 'vitest'
import fc from 'fast-check'
import { jsPDF } from 'jspdf'
import {
  cleanText,
  clipMixed,
  drawMixed,
  fontCodePoints,
  measureMixed,
  readTableDirectory,
  segmentText,
  woffToSfnt,
  wrapMixed,
  type MixedFonts,
} from '../../../src/export/pdf-fonts'

const FILES = 'node_modules/@fontsource/noto-sans-sc/files/'
const cjkWoff = new Uint8Array(readFileSync(`${FILES}noto-sans-sc-chinese-simplified-400-normal.woff`))
const latinWoff = new Uint8Array(readFileSync(`${FILES}noto-sans-sc-latin-400-normal.woff`))

/** the WOFF table directory, read independently of the code under test */
function woffDirectory(woff: Uint8Array) {
  const v = new DataView(woff.buffer, woff.byteOffset, woff.byteLength)
  return Array.from({ length: v.getUint16(12) }, (_, i) => {
    const at = 44 + i * 20
    return {
      tag: String.fromCharCode(...woff.subarray(at, at + 4)),
      origLength: v.getUint32(at + 12),
      checksum: v.getUint32(at + 16),
    }
  })
}

/** OpenType table checksum: the sum of big-endian uint32 words, head's adjustment taken as 0 */
function tableChecksum(sfnt: Uint8Array, offset: number, length: number, isHead: boolean): number {
  const padded = new Uint8Array((length + 3) & ~3)
  padded.set(sfnt.subarray(offset, offset + length))
  if (isHead) padded.fill(0, 8, 12)
  const v = new DataView(padded.buffer)
  let sum = 0
  for (let i = 0; i < padded.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0
  return sum
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const has = (set: ReadonlySet<number>, ch: string) => set.has(ch.codePointAt(0)!)

let cjkSfnt: Uint8Array
let latinSfnt: Uint8Array
let cjk: Set<number>
let latin: Set<number>

beforeAll(async () => {
  cjkSfnt = await woffToSfnt(cjkWoff)
  latinSfnt = await woffToSfnt(latinWoff)
  cjk = fontCodePoints(cjkSfnt)
  latin = fontCodePoints(latinSfnt)
})

describe('woffToSfnt', () => {
  it('rebuilds the table directory of both fonts: same tags, lengths and checksums, TrueType outlines', () => {
    for (const [woff, sfnt] of [
      [cjkWoff, cjkSfnt],
      [latinWoff, latinSfnt],
    ]) {
      const view = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength)
      expect(view.getUint32(0)).toBe(0x00010000) // TrueType, what jsPDF embeds
      const want = woffDirectory(woff)
      const got = readTableDirectory(sfnt)
      expect(got.map((t) => t.tag)).toEqual(want.map((t) => t.tag))
      expect(got.map((t) => t.length)).toEqual(want.map((t) => t.origLength))
      expect(got.map((t) => t.tag)).toContain('glyf')
      for (const t of got) {
        expect(t.offset % 4).toBe(0)
        expect(tableChecksum(sfnt, t.offset, t.length, t.tag === 'head')).toBe(t.checksum)
      }
      const n = got.length
      const log2 = Math.floor(Math.log2(n))
      expect([view.getUint16(4), view.getUint16(6), view.getUint16(8)]).toEqual([n, 2 ** log2 * 16, log2])
    }
    // the CJK font is big; the sfnt is its uncompressed size
    expect(cjkSfnt.length).toBeGreaterThan(cjkWoff.length)
  })

  it('refuses what is not a complete WOFF 1.0 file with an error that says why', async () => {
    await expect(woffToSfnt(new Uint8Array(10))).rejects.toThrow(/too short/)
    await expect(woffToSfnt(cjkSfnt)).rejects.toThrow(/not a WOFF file/)
    await expect(woffToSfnt(new TextEncoder().encode('<html>'.repeat(20)))).rejects.toThrow(/not a WOFF file/)
    const woff2 = new Uint8Array(readFileSync(`${FILES}noto-sans-sc-latin-400-normal.woff2`))
    await expect(woffToSfnt(woff2)).rejects.toThrow(/WOFF 2\.0/)
    await expect(woffToSfnt(latinWoff.slice(0, 5000))).rejects.toThrow(/truncated/)
    await expect(woffToSfnt(latinWoff.slice(0, 60))).rejects.toThrow(/WOFF font:/)
  })

  it('refuses a table whose compressed data is damaged', async () => {
    const bad = latinWoff.slice()
    const glyf = 44 + woffDirectory(bad).findIndex((t) => t.tag === 'glyf') * 20
    const offset = new DataView(bad.buffer).getUint32(glyf + 4)
    bad.fill(0x55, offset, offset + 64)
    await expect(woffToSfnt(bad)).rejects.toThrow(/table 'glyf'/)
  })
})

describe('fontCodePoints (cmap formats 4 and 12)', () => {
  it('the CJK font has 平安地图, the Latin font has A and 1', () => {
    for (const ch of '平安地图') expect(has(cjk, ch)).toBe(true)
    expect(has(latin, 'A')).toBe(true)
    expect(has(latin, '1')).toBe(true)
    expect(has(latin, '平')).toBe(false)
  })

  it('the @fontsource CJK subset also has all ASCII digits and Latin letters (and the Latin file adds none)', () => {
    for (const ch of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') expect(has(cjk, ch)).toBe(true)
    expect([...latin].filter((c) => !cjk.has(c))).toEqual([])
    // and neither has emoji
    expect(has(cjk, '😀') || has(latin, '😀')).toBe(false)
  })
})

describe('segmentText', () => {
  const fonts = { cjk: new Set([...'平安'].map((c) => c.codePointAt(0)!)), latin: new Set([...'A1 '].map((c) => c.codePointAt(0)!)) }

  it('runs per font, CJK first; a character in neither is its own missing run', () => {
    expect(segmentText('平安 A1😀安\u0301', fonts)).toEqual([
      { slot: 'cjk', text: '平安' },
      { slot: 'latin', text: ' A1' },
      { slot: 'missing', text: '😀' },
      { slot: 'cjk', text: '安' },
      { slot: 'missing', text: '\u0301' },
    ])
  })

  it('a lone surrogate or a code point beyond the BMP is missing even if a cmap lists it', () => {
    const withAstral = { cjk: new Set([0x20000]), latin: new Set<number>() }
    expect(segmentText('\u{20000}', withAstral)).toEqual([{ slot: 'missing', text: '\u{20000}' }])
    expect(segmentText('\ud800', withAstral)).toEqual([{ slot: 'missing', text: '\ud800' }])
  })

  it('cleanText turns control characters into spaces and anything into a string', () => {
    expect(cleanText('a\nb\tc\u2028d')).toBe('a b c d')
    expect(cleanText(undefined)).toBe('')
    expect(cleanText(42)).toBe('42')
  })
})

describe('mixed text on a jsPDF page', () => {
  let doc: jsPDF
  let fonts: MixedFonts
  beforeAll(() => {
    const bin = (u: Uint8Array) => Array.from({ length: Math.ceil(u.length / 0x8000) }, (_, i) => String.fromCharCode(...u.subarray(i * 0x8000, (i + 1) * 0x8000))).join('')
    doc = new jsPDF({ orientation: 'landscape', unit: 'mm', format: 'a4' })
    doc.addFileToVFS('c.ttf', bin(cjkSfnt))
    doc.addFont('c.ttf', 'C', 'normal')
    doc.addFileToVFS('l.ttf', bin(latinSfnt))
    doc.addFont('l.ttf', 'L', 'normal')
    fonts = { cjkFamily: 'C', latinFamily: 'L', cjk, latin }
  })

  it('measures a mixed string as the sum of its runs, a missing character as a box', () => {
    const a = measureMixed(doc, '平安地图', fonts, 12)
    const b = measureMixed(doc, 'Pingan 123', fonts, 12)
    expect(a).toBeGreaterThan(0)
    expect(measureMixed(doc, '平安地图Pingan 123', fonts, 12)).toBeCloseTo(a + b, 6)
    // 4 ideographs at 12 pt are 4 em wide: 4 × 12 pt in mm
    expect(a).toBeCloseTo((4 * 12 * 25.4) / 72, 1)
    expect(measureMixed(doc, '😀', fonts, 12)).toBeGreaterThan(0)
    expect(measureMixed(doc, '平安地图', fonts, 24)).toBeCloseTo(2 * a, 6)
  })

  it('clips to the width with an ellipsis, leaves short text alone, copes with 10,000 characters', () => {
    expect(clipMixed(doc, '平安地图', fonts, 12, 100)).toBe('平安地图')
    const long = '街'.repeat(10_000)
    const clipped = clipMixed(doc, long, fonts, 12, 50)
    expect(clipped.endsWith('…')).toBe(true)
    expect(clipped.length).toBeLessThan(20)
    expect(measureMixed(doc, clipped, fonts, 12)).toBeLessThanOrEqual(50)
    expect(clipMixed(doc, 'abc', fonts, 12, 0.1)).toBe('')
  })

  it('never splits a surrogate pair and never overflows, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.double({ min: 1, max: 80, noNaN: true }), (s, width) => {
        const clipped = clipMixed(doc, s, fonts, 10, width)
        expect(measureMixed(doc, clipped, fonts, 10)).toBeLessThanOrEqual(width + 1e-9)
        if (!LONE_SURROGATE.test(s)) expect(LONE_SURROGATE.test(clipped)).toBe(false)
        expect(clipped === cleanText(s) || clipped === '' || clipped.endsWith('…')).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it('wraps at spaces for words, anywhere for Chinese, within the width', () => {
    const text = '平安指数 = 100 − 加权警情密度；权重：刑事 3、治安 2、其他 1。空值表示该街道当月无数据。'.repeat(3)
    const lines = wrapMixed(doc, text, fonts, 9, 60)
    expect(lines.length).toBeGreaterThan(2)
    for (const l of lines) expect(measureMixed(doc, l, fonts, 9)).toBeLessThanOrEqual(60)
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''))
    const words = wrapMixed(doc, 'alpha beta gamma delta epsilon zeta eta theta', fonts, 9, 25)
    for (const l of words) expect(l).toMatch(/^[a-z]+( [a-z]+)*$/)
    const capped = wrapMixed(doc, text, fonts, 9, 60, 2)
    expect(capped).toHaveLength(2)
    expect(capped[1].endsWith('…')).toBe(true)
  })

  it('draws a character no font has as a box and keeps the text after it', async () => {
    const page = new jsPDF({ unit: 'mm', format: 'a4' })
    const bin = doc.getFileFromVFS('c.ttf')
    page.addFileToVFS('c.ttf', bin)
    page.addFont('c.ttf', 'C', 'normal')
    page.addFileToVFS('l.ttf', doc.getFileFromVFS('l.ttf'))
    page.addFont('l.ttf', 'L', 'normal')
    const w = drawMixed(page, '前😀后 é\u00a0end', 100, 50, fonts, 12, { align: 'center' })
    expect(w).toBeCloseTo(measureMixed(page, '前😀后 é\u00a0end', fonts, 12), 6)
    drawMixed(page, '竖排 vertical', 20, 150, fonts, 12, { angle: 90 })
    const data = new Uint8Array(page.output('arraybuffer'))
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const pdf = await pdfjs.getDocument({ data }).promise
    const items = (await (await pdf.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : ''))
    const all = items.join('')
    expect(all).toContain('前')
    expect(all).toMatch(/后 é\send/) // pdf.js reads the no-break space back as a space
    expect(all).toContain('竖排 vertical')
  })
})
