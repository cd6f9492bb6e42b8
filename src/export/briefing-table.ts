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

export function tablePages(ctx: Ctx, table: BriefingTable): void {
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

