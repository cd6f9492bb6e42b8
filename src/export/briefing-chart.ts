/**
 * The briefing's trend chart: one line per series, broken where a value is missing, a mark on
 * every value, y ticks and grid, x labels thinned when they would collide, and a legend.
 */
import type { BriefingChart } from './briefing-model'
import { niceTicks, parseCssColor, tickLabel } from './briefing-chart-axis'
import { INK, MEASURE_CHARS, MUTED, GRID, asArray, emptyPage, fill, measure, mm, newPage, sectionTitle, stroke, text, type Ctx, type Rgb } from './briefing-page'
import { cleanText, clipMixed } from './pdf-fonts'

/** Okabe–Ito, for a series whose colour does not parse */
const FALLBACK: Rgb[] = [[230, 159, 0], [86, 180, 233], [0, 158, 115], [213, 94, 0], [0, 114, 178], [204, 121, 167], [240, 228, 66], [0, 0, 0]]

export function chartPage(ctx: Ctx, chart: BriefingChart): void {
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
