/**
 * Lays the PDF briefing out with jsPDF: map pages, the ranking table, the trend chart and the
 * gaps table, a header and footer on every page. Everything arrives translated and formatted
 * (briefing-model.ts); this module has no words of its own, only '—' for an empty part.
 *
 * Nothing here touches the DOM, so the same code runs in the app and in Node.
 */
import { jsPDF } from 'jspdf'
import type { BriefingChart, BriefingMap, BriefingPdfInput, BriefingTable, PdfFonts } from './briefing-model'
import {
  cleanText,
  clipMixed,
  drawMixed,
  fontCodePoints,
  measureMixed,
  readTableDirectory,
  woffToSfnt,
  wrapMixed,
  type MixedFonts,
} from './pdf-fonts'

const CJK_FAMILY = 'NotoSansSC'
const LATIN_FAMILY = 'NotoSansSCLatin'
const DASH = '—'
const PT = 25.4 / 72 // mm per point

type Rgb = [number, number, number]
const INK: Rgb = [31, 41, 51]
const MUTED: Rgb = [82, 96, 109]
const RULE: Rgb = [154, 165, 177]
const GRID: Rgb = [222, 226, 231]
const HEAD_FILL: Rgb = [230, 235, 241]
const MARKING: Rgb = [192, 0, 0]
/** Okabe–Ito, for a series whose colour does not parse */
const FALLBACK: Rgb[] = [[230, 159, 0], [86, 180, 233], [0, 158, 115], [213, 94, 0], [0, 114, 178], [204, 121, 167], [240, 228, 66], [0, 0, 0]]

// ---------------------------------------------------------------------------------------------
// fonts

interface LoadedFace {
  /** what jsPDF's vFS takes: the raw sfnt as a binary string, or base64 for other flavours */
  vfs: string
  codePoints: Set<number>
}

const faceCache = new WeakMap<Uint8Array, Promise<LoadedFace>>()

function binaryString(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return s
}

async function decodeFace(woff: Uint8Array, which: string): Promise<LoadedFace> {
  const sfnt = await woffToSfnt(woff)
  if (!readTableDirectory(sfnt).some((t) => t.tag === 'glyf')) {
    throw new Error(`PDF briefing: the ${which} font has no TrueType outlines ('glyf'); jsPDF can only embed TrueType fonts`)
  }
  const raw = binaryString(sfnt)
  // jsPDF takes a binary string only when it starts with the TrueType 1.0 version tag
  const vfs = raw.startsWith('\x00\x01\x00\x00') ? raw : btoa(raw)
  return { vfs, codePoints: fontCodePoints(sfnt) }
}

/** Decoding the 1.5 MB CJK font takes a while: once per font file (by identity). */
function loadFace(woff: Uint8Array, which: string): Promise<LoadedFace> {
  let p = faceCache.get(woff)
  if (!p) {
    p = decodeFace(woff, which)
    faceCache.set(woff, p)
    p.catch(() => faceCache.delete(woff))
  }
  return p
}

// ---------------------------------------------------------------------------------------------
// page geometry and text helpers

interface Sizes {
  title: number
  subtitle: number
  marking: number
  footer: number
  section: number
  table: number
  caption: number
  note: number
  tick: number
  legend: number
  empty: number
}

/** where the header and footer lines sit, mm from the top */
interface Frame {
  titleBase: number
  subBase: number
  headRule: number
  footBase: number
  footRule: number
}

function frameOf(size: Sizes, margin: number, H: number): Frame {
  const titleBase = margin + mm(size.title) * 0.8
  const subBase = titleBase + mm(size.subtitle) * 1.7
  const footBase = H - margin + mm(size.footer) * 0.6
  return { titleBase, subBase, headRule: subBase + mm(size.subtitle) * 0.7, footBase, footRule: footBase - mm(size.footer) * 1.6 }
}

interface Ctx {
  doc: jsPDF
  fonts: MixedFonts
  input: BriefingPdfInput
  /** page size, mm */
  W: number
  H: number
  /** A3 is √2 times A4: type, margins and strokes grow with it */
  k: number
  margin: number
  size: Sizes
  frame: Frame
  contentTop: number
  contentBottom: number
  /** the first page jsPDF makes comes for free */
  fresh: boolean
}

const mm = (pt: number) => pt * PT

function text(ctx: Ctx, s: string, x: number, y: number, sizePt: number, color: Rgb, opts: Parameters<typeof drawMixed>[6] = {}): number {
  ctx.doc.setTextColor(color[0], color[1], color[2])
  return drawMixed(ctx.doc, s, x, y, ctx.fonts, sizePt, opts)
}

function measure(ctx: Ctx, s: string, sizePt: number): number {
  return measureMixed(ctx.doc, s, ctx.fonts, sizePt)
}

function stroke(ctx: Ctx, color: Rgb, widthMm: number): void {
  ctx.doc.setDrawColor(color[0], color[1], color[2])
  ctx.doc.setLineWidth(widthMm * ctx.k)
}

function fill(ctx: Ctx, color: Rgb): void {
  ctx.doc.setFillColor(color[0], color[1], color[2])
}

function newPage(ctx: Ctx): void {
  if (ctx.fresh) ctx.fresh = false
  else ctx.doc.addPage()
}

/** A section title at the top of the content area; returns the y below it. */
function sectionTitle(ctx: Ctx, title: string): number {
  const base = ctx.contentTop + mm(ctx.size.section) * 0.9
  text(ctx, title, ctx.margin, base, ctx.size.section, INK, { maxWidth: ctx.W - 2 * ctx.margin })
  return base + mm(ctx.size.section) * 0.9
}

/** An empty part: its title and a dash where the content would be. */
function emptyPage(ctx: Ctx, title: string): void {
  newPage(ctx)
  const below = sectionTitle(ctx, title)
  const y = (below + ctx.contentBottom) / 2 + mm(ctx.size.empty) * 0.35
  text(ctx, DASH, ctx.W / 2, y, ctx.size.empty, MUTED, { align: 'center' })
}

function asArray<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : []
}

// ---------------------------------------------------------------------------------------------
// header and footer, drawn on every page once the page count is known

function decorate(ctx: Ctx): void {
  const { doc, W, margin, size, input } = ctx
  const { titleBase, subBase, headRule, footBase, footRule } = ctx.frame
  const total = doc.getNumberOfPages()
  const inner = W - 2 * margin
  const marking = clipMixed(doc, cleanText(input.marking), ctx.fonts, size.marking, inner * 0.4)
  const markingW = measure(ctx, marking, size.marking)
  const label = cleanText(input.pageLabel)
  for (let n = 1; n <= total; n++) {
    doc.setPage(n)
    text(ctx, cleanText(input.title), margin, titleBase, size.title, INK, { maxWidth: inner - markingW - 8 * ctx.k })
    if (marking) text(ctx, marking, W - margin, titleBase, size.marking, MARKING, { align: 'right' })
    text(ctx, cleanText(input.subtitle), margin, subBase, size.subtitle, MUTED, { maxWidth: inner })
    stroke(ctx, RULE, 0.3)
    doc.line(margin, headRule, W - margin, headRule)
    doc.line(margin, footRule, W - margin, footRule)
    const pageText = label.replaceAll('{n}', String(n)).replaceAll('{total}', String(total))
    text(ctx, cleanText(input.source), margin, footBase, size.footer, MUTED, { maxWidth: inner * 0.38 })
    text(ctx, cleanText(input.madeAt), W / 2, footBase, size.footer, MUTED, { align: 'center', maxWidth: inner * 0.22 })
    text(ctx, pageText, W - margin, footBase, size.footer, MUTED, { align: 'right', maxWidth: inner * 0.3 })
  }
}

// ---------------------------------------------------------------------------------------------
// map pages

function isJpeg(b: unknown): b is Uint8Array {
  return b instanceof Uint8Array && b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff
}

function mapPage(ctx: Ctx, map: BriefingMap, index: number, all: BriefingMap[]): void {
  const { doc, W, margin, size } = ctx
  if (!isJpeg(map?.jpeg)) throw new Error(`PDF briefing: map ${index + 1} is not a JPEG`)
  newPage(ctx)
  let w = Number(map.width)
  let h = Number(map.height)
  if (!(w > 0 && h > 0 && Number.isFinite(w) && Number.isFinite(h))) {
    const props = doc.getImageProperties(map.jpeg)
    w = props.width
    h = props.height
  }
  const captionH = mm(size.caption) * 2.2
  const boxW = W - 2 * margin
  const boxH = ctx.contentBottom - ctx.contentTop - captionH
  const scale = Math.min(boxW / w, boxH / h)
  const iw = w * scale
  const ih = h * scale
  const x = (W - iw) / 2
  const y = ctx.contentTop + (boxH - ih) / 2
  // JPEG goes into the PDF as it is (DCTDecode): no decoding, no re-encoding
  // the same bytes on two pages are embedded once
  const alias = `map${all.findIndex((m) => m?.jpeg === map.jpeg)}`
  doc.addImage(map.jpeg, 'JPEG', x, y, iw, ih, alias, 'NONE')
  stroke(ctx, RULE, 0.2)
  doc.rect(x, y, iw, ih, 'S')
  text(ctx, cleanText(map.caption), W / 2, y + ih + mm(size.caption) * 1.5, size.caption, INK, { align: 'center', maxWidth: boxW })
}

// ---------------------------------------------------------------------------------------------
// tables

/** measuring more than this many characters of a cell only tells us it will be clipped */
const MEASURE_CHARS = 120

function columnWidths(ctx: Ctx, columns: string[], rows: string[][], numeric: boolean[], pad: number, avail: number): number[] {
  const natural = columns.map((c, j) => {
    let w = measure(ctx, c.slice(0, MEASURE_CHARS), ctx.size.table)
    for (const r of rows) w = Math.max(w, measure(ctx, (r[j] ?? '').slice(0, MEASURE_CHARS), ctx.size.table))
    return Math.min(w + 2 * pad, avail * 0.6)
  })
  const sum = natural.reduce((a, b) => a + b, 0)
  if (sum <= avail) return natural.map((w) => (w * avail) / sum)
  // too wide: figures keep their width, text columns share what is left (and get clipped)
  const fixed = natural.reduce((a, w, j) => a + (numeric[j] ? w : 0), 0)
  const flexible = sum - fixed
  if (flexible > 0 && fixed < avail * 0.6) {
    return natural.map((w, j) => (numeric[j] ? w : (w * (avail - fixed)) / flexible))
  }
  return natural.map((w) => (w * avail) / sum)
}

function tablePages(ctx: Ctx, table: BriefingTable): void {
  const { doc, W, margin, size, k } = ctx
  const title = cleanText(table?.title)
  const rawRows = asArray<unknown>(table?.rows).map((r) => asArray<unknown>(r).map(cleanText))
  let columns = asArray<unknown>(table?.columns).map(cleanText)
  const ncols = rawRows.reduce((m, r) => Math.max(m, r.length), columns.length)
  if (ncols === 0) {
    emptyPage(ctx, title)
    return
  }
  columns = Array.from({ length: ncols }, (_, j) => columns[j] ?? '')
  const rows = rawRows.map((r) => Array.from({ length: ncols }, (_, j) => r[j] ?? ''))
  const numeric = Array.from({ length: ncols }, (_, j) => asArray<unknown>(table?.numeric)[j] === true)
  const pad = 2.2 * k
  const avail = W - 2 * margin
  const widths = columnWidths(ctx, columns, rows, numeric, pad, avail)
  const rowH = mm(size.table) * 1.6
  const baseline = (top: number) => top + rowH / 2 + mm(size.table) * 0.34

  const drawRow = (cells: string[], top: number, header: boolean) => {
    if (header) {
      fill(ctx, HEAD_FILL)
      doc.rect(margin, top, avail, rowH, 'F')
    }
    let x = margin
    cells.forEach((cell, j) => {
      const inner = widths[j] - 2 * pad
      const right = numeric[j]
      text(ctx, cell, right ? x + widths[j] - pad : x + pad, baseline(top), size.table, INK, {
        align: right ? 'right' : 'left',
        maxWidth: Math.max(inner, 0),
      })
      x += widths[j]
    })
    stroke(ctx, header ? RULE : GRID, header ? 0.3 : 0.15)
    doc.line(margin, top + rowH, margin + avail, top + rowH)
  }
  const drawVerticals = (top: number, bottom: number) => {
    stroke(ctx, GRID, 0.15)
    let x = margin
    for (let j = 0; j < ncols - 1; j++) {
      x += widths[j]
      doc.line(x, top, x, bottom)
    }
    stroke(ctx, RULE, 0.3)
    doc.line(margin, top, margin + avail, top)
  }

  let i = 0
  let y = 0
  do {
    newPage(ctx)
    const top = sectionTitle(ctx, title) + 2 * k
    drawRow(columns, top, true)
    y = top + rowH
    const perPage = Math.max(1, Math.floor((ctx.contentBottom - y) / rowH))
    if (rows.length === 0) {
      text(ctx, DASH, margin + avail / 2, baseline(y), size.table, MUTED, { align: 'center' })
      y += rowH
    }
    for (const end = Math.min(rows.length, i + perPage); i < end; i++, y += rowH) drawRow(rows[i], y, false)
    drawVerticals(top, y)
    stroke(ctx, RULE, 0.3)
    doc.line(margin, y, margin + avail, y)
  } while (i < rows.length)

  const note = cleanText(table?.note).trim()
  if (note) {
    const lineH = mm(size.note) * 1.6
    const maxLines = Math.max(1, Math.floor((ctx.contentBottom - ctx.contentTop) / lineH) - 3)
    const lines = wrapMixed(doc, note, ctx.fonts, size.note, avail, maxLines)
    let at = y + 3 * k
    if (at + lines.length * lineH > ctx.contentBottom) {
      newPage(ctx)
      at = sectionTitle(ctx, title) + 2 * k
    }
    for (const line of lines) {
      at += lineH
      text(ctx, line, margin, at - lineH * 0.3, size.note, MUTED)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the trend chart

/** '#rgb', '#rrggbb', '#rrggbbaa', 'rgb(…)'/'rgba(…)' with commas or spaces, % or 0–255; else null */
export function parseCssColor(css: unknown): Rgb | null {
  if (typeof css !== 'string') return null
  const s = css.trim().toLowerCase()
  const hex = /^#([0-9a-f]{3,8})$/.exec(s)
  if (hex) {
    const h = hex[1]
    if (h.length === 3 || h.length === 4) return [0, 1, 2].map((i) => parseInt(h[i] + h[i], 16)) as Rgb
    if (h.length === 6 || h.length === 8) return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb
    return null
  }
  const fn = /^rgba?\(\s*([^)]*)\)$/.exec(s)
  if (!fn) return null
  const parts = fn[1].split(/\s*[,/]\s*|\s+/).filter((p) => p !== '')
  if (parts.length < 3) return null
  const rgb = parts.slice(0, 3).map((p) => {
    const v = p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p)
    return Number.isFinite(v) ? Math.round(Math.min(255, Math.max(0, v))) : NaN
  })
  return rgb.some(Number.isNaN) ? null : (rgb as Rgb)
}

/** Ticks at 1, 2 or 5 × 10^k covering [min, max], about `target` of them. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return []
  if (min > max) [min, max] = [max, min]
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1
    min -= pad
    max += pad
  }
  // halves keep the span finite even for ±1e308
  const span = (max / 2 - min / 2) * 2
  const raw = (Number.isFinite(span) ? span : max / 2 - min / 2) / Math.max(1, target)
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag
  const lo = Math.floor(min / step)
  const hi = Math.ceil(max / step)
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi - lo > 50) return [min, max]
  const ticks: number[] = []
  // toPrecision drops the float noise of i × step (3 × 0.2 = 0.6000000000000001)
  for (let i = lo; i <= hi; i++) ticks.push(Number((i * step).toPrecision(12)))
  return ticks
}

function tickLabel(v: number, ticks: number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1
  const decimals = Math.min(10, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)))
  const s = Math.abs(v) >= 1e15 ? v.toPrecision(3) : v.toFixed(decimals)
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s
}

function chartPage(ctx: Ctx, chart: BriefingChart): void {
  const { doc, W, margin, size, k } = ctx
  const title = cleanText(chart?.title)
  const xLabels = asArray<unknown>(chart?.xLabels).map(cleanText)
  const series = asArray<BriefingChart['series'][number]>(chart?.series).map((s, i) => ({
    name: cleanText(s?.name),
    color: parseCssColor(s?.color) ?? FALLBACK[i % FALLBACK.length],
    values: asArray<unknown>(s?.values).map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)),
  }))
  const n = series.reduce((m, s) => Math.max(m, s.values.length), xLabels.length)
  const finite = series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  if (series.length === 0 || n === 0 || finite.length === 0) {
    emptyPage(ctx, title)
    return
  }
  newPage(ctx)
  const top = sectionTitle(ctx, title) + 4 * k

  let min = finite.reduce((a, b) => Math.min(a, b))
  const max = finite.reduce((a, b) => Math.max(a, b))
  // figures that start near zero read better against a zero baseline
  if (min >= 0 && min < max - min) min = 0
  const ticks = niceTicks(min, max, 6)
  const yMin = ticks[0]
  const yMax = ticks[ticks.length - 1]
  const labels = ticks.map((t) => tickLabel(t, ticks))

  // legend items (swatch, name) in rows no wider than the page
  const legendSize = size.legend
  const swatch = 8 * k
  const itemGap = 7 * k
  const nameMax = 70 * k
  const items = series.map((s) => {
    const name = clipMixed(doc, s.name, ctx.fonts, legendSize, nameMax)
    return { name, color: s.color, w: swatch + 2 * k + measure(ctx, name, legendSize) }
  })
  const inner = W - 2 * margin
  const legendRows: (typeof items)[] = [[]]
  let rowW = 0
  for (const it of items) {
    const row = legendRows[legendRows.length - 1]
    if (row.length > 0 && rowW + itemGap + it.w > inner) {
      legendRows.push([it])
      rowW = it.w
    } else {
      rowW += (row.length ? itemGap : 0) + it.w
      row.push(it)
    }
  }
  const legendLineH = mm(legendSize) * 1.9
  const legendRowsShown = legendRows.slice(0, Math.max(1, Math.floor((ctx.contentBottom - top) / 3 / legendLineH)))
  const legendH = legendRowsShown.length * legendLineH

  const tickSize = size.tick
  const yLabel = cleanText(chart?.yLabel)
  const yLabelSpace = yLabel ? mm(size.legend) * 2 : 0
  const tickW = Math.max(...labels.map((l) => measure(ctx, l, tickSize)))
  const left = margin + yLabelSpace + tickW + 3 * k
  const right = W - margin - 4 * k
  const xLabelH = mm(tickSize) * 2.4
  const bottom = ctx.contentBottom - legendH - xLabelH - 3 * k
  const plotW = right - left
  const plotH = bottom - top
  const xAt = (i: number) => left + (plotW * (i + 0.5)) / n
  const yAt = (v: number) => bottom - ((v - yMin) / (yMax - yMin || 1)) * plotH

  // grid and y ticks
  ticks.forEach((t, i) => {
    const y = yAt(t)
    stroke(ctx, GRID, 0.15)
    doc.line(left, y, right, y)
    text(ctx, labels[i], left - 2 * k, y + mm(tickSize) * 0.35, tickSize, MUTED, { align: 'right' })
  })
  stroke(ctx, INK, 0.3)
  doc.line(left, top, left, bottom)
  doc.line(left, bottom, right, bottom)
  if (yLabel) {
    text(ctx, yLabel, margin + mm(size.legend) * 0.9, (top + bottom) / 2, size.legend, INK, { angle: 90, align: 'center', maxWidth: plotH })
  }

  // x labels, thinned to every `step`-th when they would collide
  const slot = plotW / n
  const labelMax = Math.min(plotW / 3, xLabels.reduce((m, l) => Math.max(m, measure(ctx, l.slice(0, MEASURE_CHARS), tickSize)), 0))
  const step = Math.max(1, Math.ceil((labelMax + 3 * k) / slot))
  stroke(ctx, INK, 0.3)
  for (let i = 0; i < n; i += step) {
    doc.line(xAt(i), bottom, xAt(i), bottom + 1.2 * k)
    if (!xLabels[i]) continue
    text(ctx, xLabels[i], xAt(i), bottom + mm(tickSize) * 1.6, tickSize, MUTED, { align: 'center', maxWidth: Math.max(slot * step - 2 * k, 0) })
  }

  // series: polylines broken where a value is missing, a mark on every value
  doc.setLineJoin('round')
  doc.setLineCap('round')
  const markR = 0.7 * k
  for (const s of series) {
    stroke(ctx, s.color, 0.6)
    fill(ctx, s.color)
    let run: [number, number][] = []
    const flush = () => {
      if (run.length > 1) {
        const deltas = run.slice(1).map(([x, y], j) => [x - run[j][0], y - run[j][1]])
        doc.lines(deltas, run[0][0], run[0][1], [1, 1], 'S', false)
      }
      run = []
    }
    for (let i = 0; i < n; i++) {
      const v = s.values[i]
      if (v === null || v === undefined) {
        flush()
        continue
      }
      run.push([xAt(i), yAt(v)])
    }
    flush()
    s.values.forEach((v, i) => {
      if (v !== null && i < n) doc.circle(xAt(i), yAt(v), markR, 'F')
    })
  }

  // legend, centred under the x labels
  let ly = bottom + xLabelH + 3 * k
  for (const row of legendRowsShown) {
    const total = row.reduce((a, it, j) => a + it.w + (j ? itemGap : 0), 0)
    let x = W / 2 - total / 2
    const mid = ly + legendLineH / 2
    for (const it of row) {
      stroke(ctx, it.color, 0.8)
      doc.line(x, mid, x + swatch, mid)
      fill(ctx, it.color)
      doc.circle(x + swatch / 2, mid, markR, 'F')
      text(ctx, it.name, x + swatch + 2 * k, mid + mm(legendSize) * 0.36, legendSize, INK)
      x += it.w + itemGap
    }
    ly += legendLineH
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * The briefing as PDF bytes. Fonts are embedded as subsets (only the glyphs used). Text is drawn
 * as text, clipped to its box; a character no font has shows as a box.
 */
export async function buildBriefingPdf(input: BriefingPdfInput, fonts: PdfFonts): Promise<Uint8Array> {
  const [cjk, latin] = await Promise.all([loadFace(fonts.cjk, 'CJK'), loadFace(fonts.latin, 'Latin')])
  const paper = input.paper === 'a3' ? 'a3' : 'a4'
  const doc = new jsPDF({ orientation: 'landscape', unit: 'mm', format: paper, compress: true })
  doc.addFileToVFS(`${CJK_FAMILY}.ttf`, cjk.vfs)
  doc.addFont(`${CJK_FAMILY}.ttf`, CJK_FAMILY, 'normal')
  doc.addFileToVFS(`${LATIN_FAMILY}.ttf`, latin.vfs)
  doc.addFont(`${LATIN_FAMILY}.ttf`, LATIN_FAMILY, 'normal')

  const W = doc.internal.pageSize.getWidth()
  const H = doc.internal.pageSize.getHeight()
  const k = W / 297
  const size: Sizes = {
    title: 18 * k,
    subtitle: 10.5 * k,
    marking: 12 * k,
    footer: 8 * k,
    section: 12 * k,
    table: 8.5 * k,
    caption: 10 * k,
    note: 8.5 * k,
    tick: 8.5 * k,
    legend: 9 * k,
    empty: 28 * k,
  }
  const margin = 10 * k
  const frame = frameOf(size, margin, H)
  const ctx: Ctx = {
    doc,
    fonts: { cjkFamily: CJK_FAMILY, latinFamily: LATIN_FAMILY, cjk: cjk.codePoints, latin: latin.codePoints },
    input,
    W,
    H,
    k,
    margin,
    size,
    frame,
    contentTop: frame.headRule + 5 * k,
    contentBottom: frame.footRule - 4 * k,
    fresh: true,
  }

  const maps = asArray<BriefingMap>(input.maps)
  if (maps.length === 0) emptyPage(ctx, '')
  maps.forEach((m, i) => mapPage(ctx, m, i, maps))
  tablePages(ctx, input.ranking)
  chartPage(ctx, input.trend)
  tablePages(ctx, input.gaps)
  decorate(ctx)

  // a lone surrogate would make the UTF-16 of the document info invalid
  const meta = (v: unknown) => cleanText(v).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  doc.setProperties({ title: meta(input.title), subject: meta(input.subtitle), creator: 'Pingan Map' })
  doc.setLanguage('zh-CN')
  return new Uint8Array(doc.output('arraybuffer'))
}
