/**
 * The legend blocks (the same the screen shows, see map/legend-model.ts) drawn on a canvas: a
 * white box at the map's lower left, in columns when one would be taller than the map.
 */
import type { LegendBlock, LegendSwatch } from '../map/legend-model'
import { fitText, fontOf, wrapText } from './canvas-text'
import type { Rect } from './snapshot-layout'

const INK = '#1a2433'
const MUTED = '#56657a'

interface Sized { height: number; draw: (x: number, y: number) => void }

/** Draws `blocks` inside `area` (the map), sized by `u` device pixels per CSS pixel. Returns the box drawn, or null. */
export function drawLegend(ctx: CanvasRenderingContext2D, blocks: LegendBlock[], area: Rect, u: number): Rect | null {
  if (!blocks.length) return null
  const pad = 10 * u
  const colW = 240 * u
  const gap = 8 * u
  const items = blocks.map((b) => sizeBlock(ctx, b, colW, u))
  const maxH = area.height - 2 * 12 * u - 2 * pad
  const columns: Sized[][] = [[]]
  let colH = 0
  for (const it of items) {
    if (colH > 0 && colH + gap + it.height > maxH) {
      columns.push([])
      colH = 0
    }
    columns[columns.length - 1].push(it)
    colH += (colH > 0 ? gap : 0) + it.height
  }
  const heights = columns.map((c) => c.reduce((h, it, i) => h + it.height + (i ? gap : 0), 0))
  const box: Rect = {
    x: area.x + 12 * u,
    y: 0,
    width: columns.length * colW + (columns.length - 1) * 2 * pad + 2 * pad,
    height: Math.max(...heights) + 2 * pad,
  }
  box.y = area.y + area.height - 12 * u - box.height
  ctx.save()
  ctx.fillStyle = 'rgba(255,255,255,0.92)'
  ctx.strokeStyle = '#b9c3d0'
  ctx.lineWidth = Math.max(1, u)
  roundRect(ctx, box, 6 * u)
  ctx.fill()
  ctx.stroke()
  columns.forEach((col, c) => {
    let y = box.y + pad
    const x = box.x + pad + c * (colW + 2 * pad)
    for (const it of col) {
      it.draw(x, y)
      y += it.height + gap
    }
  })
  ctx.restore()
  return box
}

function sizeBlock(ctx: CanvasRenderingContext2D, b: LegendBlock, w: number, u: number): Sized {
  const parts: Sized[] = []
  const titleSize = 14 * u, textSize = 12.5 * u, noteSize = 11 * u
  if (b.title) {
    ctx.font = fontOf(titleSize)
    const lines = wrapText(ctx, b.title, w, 2)
    parts.push({ height: lines.length * titleSize * 1.3, draw: (x, y) => text(ctx, lines, x, y, titleSize, INK) })
  }
  for (const line of [...(b.subtitle ? [b.subtitle] : []), ...(b.period ?? [])]) {
    ctx.font = fontOf(noteSize)
    const lines = wrapText(ctx, line, w, 2)
    parts.push({ height: lines.length * noteSize * 1.35, draw: (x, y) => text(ctx, lines, x, y, noteSize, MUTED) })
  }
  if (b.ramp) {
    const ramp = b.ramp
    parts.push({
      height: 12 * u + textSize * 1.4 + 2 * u,
      draw: (x, y) => {
        const g = ctx.createLinearGradient(x, 0, x + w, 0)
        ramp.colors.forEach((c, i) => g.addColorStop(ramp.colors.length > 1 ? i / (ramp.colors.length - 1) : 0, c))
        ctx.fillStyle = g
        ctx.fillRect(x, y + 2 * u, w, 10 * u)
        ctx.font = fontOf(textSize)
        ctx.fillStyle = INK
        ctx.textBaseline = 'top'
        const ty = y + 14 * u
        ctx.textAlign = 'left'
        ctx.fillText(fitText(ctx, ramp.low, w / 3), x, ty)
        ctx.textAlign = 'right'
        ctx.fillText(fitText(ctx, ramp.high, w / 2), x + w, ty)
        if (ramp.mid) {
          ctx.textAlign = 'center'
          ctx.fillText(fitText(ctx, ramp.mid, w / 4), x + w / 2, ty)
        }
        ctx.textAlign = 'left'
      },
    })
  }
  if (b.items?.length) {
    ctx.font = fontOf(textSize)
    // two columns when every label fits half the width, as the screen's chips would
    const sw = 13 * u, sgap = 6 * u
    const half = (w - 8 * u) / 2
    // rows with a count read as a table: one per line, the count right-aligned
    const twoCols = b.items.length > 3 && b.items.every((it) => it.count === undefined && ctx.measureText(it.label).width + sw + sgap <= half)
    const perRow = twoCols ? 2 : 1
    const rowH = textSize * 1.5
    const rows = Math.ceil(b.items.length / perRow)
    const list = b.items
    parts.push({
      height: rows * rowH,
      draw: (x, y) => list.forEach((it, i) => {
        const cx = x + (i % perRow) * (half + 8 * u)
        const cy = y + Math.floor(i / perRow) * rowH
        swatch(ctx, it, cx, cy + (rowH - sw) / 2, sw, u)
        ctx.font = fontOf(textSize)
        ctx.fillStyle = INK
        ctx.textBaseline = 'middle'
        const countW = it.count === undefined ? 0 : ctx.measureText(it.count).width + 8 * u
        ctx.fillText(fitText(ctx, it.label, (twoCols ? half : w) - sw - sgap - countW), cx + sw + sgap, cy + rowH / 2)
        if (it.count !== undefined) {
          ctx.fillStyle = MUTED
          ctx.textAlign = 'right'
          ctx.fillText(it.count, x + w, cy + rowH / 2)
          ctx.textAlign = 'left'
        }
      }),
    })
  }
  if (b.bivariate) {
    const bv = b.bivariate
    const cell = 16 * u
    parts.push({
      height: 3 * cell + 2 * textSize * 1.4,
      draw: (x, y) => {
        ctx.font = fontOf(noteSize)
        ctx.fillStyle = MUTED
        ctx.textBaseline = 'top'
        ctx.fillText(fitText(ctx, bv.rowLabel, w), x, y)
        const gy = y + textSize * 1.4
        bv.colors.forEach((c, k) => {
          const cx = x + (k % 3) * (cell + u), cy = gy + Math.floor(k / 3) * (cell + u)
          if (c) {
            ctx.fillStyle = c
            ctx.fillRect(cx, cy, cell, cell)
          } else {
            ctx.strokeStyle = MUTED
            ctx.setLineDash([3 * u, 2 * u])
            ctx.strokeRect(cx + 0.5 * u, cy + 0.5 * u, cell - u, cell - u)
            ctx.setLineDash([])
          }
        })
        ctx.fillStyle = MUTED
        ctx.fillText(fitText(ctx, bv.colLabel, w), x, gy + 3 * (cell + u) + 2 * u)
      },
    })
  }
  for (const note of b.notes ?? []) {
    ctx.font = fontOf(noteSize)
    const lines = wrapText(ctx, note, w, 3)
    parts.push({ height: lines.length * noteSize * 1.35, draw: (x, y) => text(ctx, lines, x, y, noteSize, MUTED) })
  }
  const height = parts.reduce((h, p) => h + p.height, 0)
  return {
    height,
    draw: (x, y) => {
      for (const p of parts) {
        p.draw(x, y)
        y += p.height
      }
    },
  }
}

function text(ctx: CanvasRenderingContext2D, lines: string[], x: number, y: number, size: number, color: string) {
  ctx.font = fontOf(size)
  ctx.fillStyle = color
  ctx.textBaseline = 'top'
  ctx.textAlign = 'left'
  lines.forEach((l, i) => ctx.fillText(l, x, y + i * size * 1.3))
}

function swatch(ctx: CanvasRenderingContext2D, s: LegendSwatch, x: number, y: number, size: number, u: number) {
  ctx.save()
  ctx.globalAlpha = s.opacity ?? 1
  ctx.fillStyle = s.color
  ctx.strokeStyle = s.color
  const r = size / 2
  switch (s.shape) {
    case 'dot':
    case 'bigDot': {
      const rr = s.shape === 'dot' ? r * 0.8 : r
      ctx.beginPath()
      ctx.arc(x + r, y + r, rr, 0, 2 * Math.PI)
      ctx.fill()
      ctx.globalAlpha = 1
      ctx.strokeStyle = '#ffffff'
      ctx.lineWidth = u
      ctx.stroke()
      break
    }
    case 'ring':
      ctx.globalAlpha = 1
      ctx.lineWidth = 2 * u
      ctx.beginPath()
      ctx.arc(x + r, y + r, r - u, 0, 2 * Math.PI)
      ctx.stroke()
      break
    case 'outline':
      ctx.globalAlpha = 1
      ctx.fillStyle = '#0a1320'
      ctx.fillRect(x, y, size, size)
      ctx.lineWidth = 2 * u
      ctx.strokeRect(x + u, y + u, size - 2 * u, size - 2 * u)
      break
    default:
      ctx.fillRect(x, y, size, size)
      if (s.stroke) {
        ctx.strokeStyle = s.stroke
        ctx.lineWidth = 2 * u
        ctx.strokeRect(x, y, size, size)
      }
  }
  ctx.restore()
}

export function roundRect(ctx: CanvasRenderingContext2D, r: Rect, radius: number) {
  ctx.beginPath()
  ctx.roundRect(r.x, r.y, r.width, r.height, radius)
}
