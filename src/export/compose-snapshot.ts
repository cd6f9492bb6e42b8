/**
 * An export image: title band (title, subtitle, marking), the map with its legend, scale bar
 * and north arrow, and a footer (data source, time made). Everything is drawn as canvas text
 * from plain strings: a name holding markup is shown as typed.
 */
import type { LegendBlock } from '../map/legend-model'
import type { MapCamera } from './map-render'
import { drawLegend, roundRect } from './draw-legend'
import { fitText, fontOf, loadGlyphs } from './canvas-text'
import { scaleBar, type SnapshotLayout } from './snapshot-layout'
import { metresPerPixel } from '../map/layers/heat-units'

export interface SnapshotTexts {
  title: string
  subtitle: string
  marking: string
  source: string
  madeAt: string
  /** the north arrow's letter */
  north: string
}

const INK = '#1a2433'
const MUTED = '#56657a'
const MARK_RED = '#c0161f'

export async function composeSnapshot(mapCanvas: HTMLCanvasElement, layout: SnapshotLayout, camera: MapCamera, texts: SnapshotTexts, legend: LegendBlock[]): Promise<HTMLCanvasElement> {
  await loadGlyphs([...Object.values(texts), ...legend.flatMap(legendStrings), '0123456789 kmN…–≥≤'])
  const out = document.createElement('canvas')
  out.width = layout.width
  out.height = layout.height
  const ctx = out.getContext('2d')
  if (!ctx) throw new Error('no 2D canvas for the export')
  const u = layout.unit
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, out.width, out.height)
  ctx.drawImage(mapCanvas, layout.map.x, layout.map.y, layout.map.width, layout.map.height)

  if (layout.header.height > 0) drawHeader(ctx, layout, texts)
  if (layout.footer.height > 0) drawFooter(ctx, layout, texts)
  else if (texts.marking) drawMarking(ctx, texts.marking, layout.map.x + layout.map.width - 12 * u, layout.map.y + 12 * u, u, 'top')

  drawLegend(ctx, legend, layout.map, u)
  drawScaleBar(ctx, layout, camera)
  drawNorthArrow(ctx, layout, camera.bearing, texts.north, layout.header.height > 0 ? 0 : 44 * u)
  return out
}

function legendStrings(b: LegendBlock): string[] {
  return [b.title ?? '', b.subtitle ?? '', ...(b.period ?? []), b.ramp?.low ?? '', b.ramp?.high ?? '', b.ramp?.mid ?? '',
    ...(b.items ?? []).flatMap((i) => [i.label, i.count ?? '']), b.bivariate?.rowLabel ?? '', b.bivariate?.colLabel ?? '', ...(b.notes ?? [])]
}

function drawHeader(ctx: CanvasRenderingContext2D, layout: SnapshotLayout, texts: SnapshotTexts) {
  const u = layout.unit
  const { header } = layout
  const padX = 20 * u
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(header.x, header.y, header.width, header.height)
  ctx.font = fontOf(15 * u)
  const markW = texts.marking ? ctx.measureText(texts.marking).width + 24 * u : 0
  const textW = header.width - 2 * padX - (markW ? markW + 24 * u : 0)
  ctx.textAlign = 'left'
  ctx.textBaseline = 'alphabetic'
  ctx.fillStyle = INK
  ctx.font = fontOf(26 * u)
  ctx.fillText(fitText(ctx, texts.title, textW), padX, header.y + 38 * u)
  ctx.fillStyle = MUTED
  ctx.font = fontOf(14 * u)
  ctx.fillText(fitText(ctx, texts.subtitle, textW), padX, header.y + 64 * u)
  if (texts.marking) drawMarking(ctx, texts.marking, header.x + header.width - padX, header.y + header.height / 2, u, 'middle')
  ctx.fillStyle = INK
  ctx.fillRect(header.x, header.y + header.height - 2 * u, header.width, 2 * u)
}

/** The security marking in a red frame, right-aligned at x. */
function drawMarking(ctx: CanvasRenderingContext2D, marking: string, right: number, y: number, u: number, anchor: 'top' | 'middle') {
  ctx.font = fontOf(15 * u)
  const text = fitText(ctx, marking, 360 * u)
  const w = ctx.measureText(text).width + 20 * u, h = 28 * u
  const top = anchor === 'middle' ? y - h / 2 : y
  ctx.fillStyle = 'rgba(255,255,255,0.92)'
  ctx.fillRect(right - w, top, w, h)
  ctx.strokeStyle = MARK_RED
  ctx.lineWidth = 2 * u
  ctx.strokeRect(right - w, top, w, h)
  ctx.fillStyle = MARK_RED
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.fillText(text, right - w / 2, top + h / 2 + u)
  ctx.textAlign = 'left'
}

function drawFooter(ctx: CanvasRenderingContext2D, layout: SnapshotLayout, texts: SnapshotTexts) {
  const u = layout.unit
  const { footer } = layout
  ctx.fillStyle = '#f2f4f7'
  ctx.fillRect(footer.x, footer.y, footer.width, footer.height)
  ctx.font = fontOf(12 * u)
  ctx.fillStyle = MUTED
  ctx.textBaseline = 'middle'
  const y = footer.y + footer.height / 2
  const madeW = ctx.measureText(texts.madeAt).width
  ctx.textAlign = 'right'
  ctx.fillText(texts.madeAt, footer.width - 20 * u, y)
  ctx.textAlign = 'left'
  ctx.fillText(fitText(ctx, texts.source, footer.width - 60 * u - madeW), 20 * u, y)
}

function drawScaleBar(ctx: CanvasRenderingContext2D, layout: SnapshotLayout, camera: MapCamera) {
  const u = layout.unit
  const { map } = layout
  // metres per device pixel at the centre: the CSS pixel's ground over the pixel ratio
  const mpp = metresPerPixel(camera.zoom, camera.center[1]) / layout.pixelRatio
  const bar = scaleBar(mpp, 150 * u)
  const pad = 8 * u, h = 6 * u
  ctx.font = fontOf(12 * u)
  const boxW = bar.px + 2 * pad, boxH = 12 * u + h + 2 * pad + 4 * u
  const x = map.x + map.width - 12 * u - boxW, y = map.y + map.height - 12 * u - boxH
  ctx.fillStyle = 'rgba(255,255,255,0.92)'
  roundRect(ctx, { x, y, width: boxW, height: boxH }, 4 * u)
  ctx.fill()
  ctx.fillStyle = INK
  ctx.textAlign = 'center'
  ctx.textBaseline = 'top'
  ctx.fillText(bar.label, x + boxW / 2, y + pad - u)
  const by = y + boxH - pad - h
  // alternating quarters, as on a printed map
  for (let i = 0; i < 4; i++) {
    ctx.fillStyle = i % 2 ? '#ffffff' : INK
    ctx.fillRect(x + pad + (i * bar.px) / 4, by, bar.px / 4, h)
  }
  ctx.strokeStyle = INK
  ctx.lineWidth = Math.max(1, u)
  ctx.strokeRect(x + pad, by, bar.px, h)
  ctx.textAlign = 'left'
}

function drawNorthArrow(ctx: CanvasRenderingContext2D, layout: SnapshotLayout, bearing: number, letter: string, offsetY: number) {
  const u = layout.unit
  const r = 22 * u
  const cx = layout.map.x + layout.map.width - 12 * u - r, cy = layout.map.y + 12 * u + r + offsetY
  ctx.save()
  ctx.fillStyle = 'rgba(255,255,255,0.92)'
  ctx.beginPath()
  ctx.arc(cx, cy, r, 0, 2 * Math.PI)
  ctx.fill()
  ctx.translate(cx, cy)
  // the map turned by `bearing` clockwise puts north that much anticlockwise
  ctx.rotate((-bearing * Math.PI) / 180)
  ctx.fillStyle = INK
  ctx.beginPath()
  ctx.moveTo(0, -r * 0.82)
  ctx.lineTo(r * 0.36, r * 0.2)
  ctx.lineTo(0, 0)
  ctx.closePath()
  ctx.fill()
  ctx.strokeStyle = INK
  ctx.lineWidth = Math.max(1, u)
  ctx.beginPath()
  ctx.moveTo(0, -r * 0.82)
  ctx.lineTo(-r * 0.36, r * 0.2)
  ctx.lineTo(0, 0)
  ctx.closePath()
  ctx.stroke()
  ctx.font = fontOf(11 * u)
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.fillText(letter, 0, r * 0.5)
  ctx.restore()
}
