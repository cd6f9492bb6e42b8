/** A table of the briefing (ranking, gaps): columns fitted to the page, going on over pages with the header repeated, and its note. */
import type { BriefingTable } from './briefing-model'
import { DASH, GRID, HEAD_FILL, INK, MEASURE_CHARS, MUTED, RULE, asArray, emptyPage, fill, measure, mm, newPage, sectionTitle, stroke, text, type Ctx } from './briefing-page'
import { cleanText, wrapMixed } from './pdf-fonts'


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

interface TableShape {
  title: string
  columns: string[]
  rows: string[][]
  numeric: boolean[]
}

/** The table's texts cleaned and squared (every row as many cells as the widest); null when it has no column. */
function shapeOf(table: BriefingTable): TableShape | null {
  const title = cleanText(table?.title)
  const rawRows = asArray<unknown>(table?.rows).map((r) => asArray<unknown>(r).map(cleanText))
  const cols = asArray<unknown>(table?.columns).map(cleanText)
  const ncols = rawRows.reduce((m, r) => Math.max(m, r.length), cols.length)
  if (ncols === 0) return null
  return {
    title,
    columns: Array.from({ length: ncols }, (_, j) => cols[j] ?? ''),
    rows: rawRows.map((r) => Array.from({ length: ncols }, (_, j) => r[j] ?? '')),
    numeric: Array.from({ length: ncols }, (_, j) => asArray<unknown>(table?.numeric)[j] === true),
  }
}

/** Row drawing of one table in the band [x, x + avail]: rows, header fill, rules. */
function drawer(ctx: Ctx, shape: TableShape, x0: number, avail: number) {
  const { doc, size, k } = ctx
  const { columns, rows, numeric } = shape
  const pad = 2.2 * k
  const widths = columnWidths(ctx, columns, rows, numeric, pad, avail)
  const rowH = mm(size.table) * 1.6
  const baseline = (top: number) => top + rowH / 2 + mm(size.table) * 0.34
  const drawRow = (cells: string[], top: number, header: boolean) => {
    if (header) {
      fill(ctx, HEAD_FILL)
      doc.rect(x0, top, avail, rowH, 'F')
    }
    let x = x0
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
    doc.line(x0, top + rowH, x0 + avail, top + rowH)
  }
  const drawVerticals = (top: number, bottom: number) => {
    stroke(ctx, GRID, 0.15)
    let x = x0
    for (let j = 0; j < columns.length - 1; j++) {
      x += widths[j]
      doc.line(x, top, x, bottom)
    }
    stroke(ctx, RULE, 0.3)
    doc.line(x0, top, x0 + avail, top)
    doc.line(x0, bottom, x0 + avail, bottom)
  }
  const empty = (y: number) => text(ctx, DASH, x0 + avail / 2, baseline(y), size.table, MUTED, { align: 'center' })
  return { rowH, drawRow, drawVerticals, empty }
}

/**
 * A table with its title and note in the box [x, x + width] from `top`, on the current page,
 * as many rows as fit above `bottom` (a summary page's block, never paged). Returns the y below it.
 */
export function tableBlock(ctx: Ctx, table: BriefingTable, x: number, top: number, width: number, bottom: number): number {
  const shape = shapeOf(table)
  const { size, k } = ctx
  let y = top + mm(size.section) * 0.9
  text(ctx, shape?.title ?? cleanText(table?.title), x, y, size.table * 1.15, INK, { maxWidth: width })
  y += 2.5 * k
  if (!shape) return y
  const d = drawer(ctx, shape, x, width)
  const head = y
  d.drawRow(shape.columns, y, true)
  y += d.rowH
  if (shape.rows.length === 0) {
    d.empty(y)
    y += d.rowH
  }
  for (const row of shape.rows) {
    if (y + d.rowH > bottom) break
    d.drawRow(row, y, false)
    y += d.rowH
  }
  d.drawVerticals(head, y)
  const note = cleanText(table?.note).trim()
  if (note) {
    const lineH = mm(size.note) * 1.6
    for (const line of wrapMixed(ctx.doc, note, ctx.fonts, size.note, width, 4)) {
      y += lineH
      text(ctx, line, x, y - lineH * 0.3, size.note, MUTED)
    }
  }
  return y
}

export function tablePages(ctx: Ctx, table: BriefingTable): void {
  const { doc, margin, size, k } = ctx
  const shape = shapeOf(table)
  if (!shape) {
    emptyPage(ctx, cleanText(table?.title))
    return
  }
  const { title, rows } = shape
  const avail = ctx.W - 2 * margin
  const { rowH, drawRow, drawVerticals, empty } = drawer(ctx, shape, margin, avail)

  let i = 0
  let y = 0
  do {
    newPage(ctx)
    const top = sectionTitle(ctx, title) + 2 * k
    drawRow(shape.columns, top, true)
    y = top + rowH
    const perPage = Math.max(1, Math.floor((ctx.contentBottom - y) / rowH))
    if (rows.length === 0) {
      empty(y)
      y += rowH
    }
    for (const end = Math.min(rows.length, i + perPage); i < end; i++, y += rowH) drawRow(rows[i], y, false)
    drawVerticals(top, y)
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

