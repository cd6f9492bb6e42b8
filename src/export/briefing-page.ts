/**
 * The page of the PDF briefing every part draws on: its size, type sizes, header and footer
 * lines, the house colours, and small drawing helpers that set colour and width first.
 */
import type { jsPDF } from 'jspdf'
import type { BriefingPdfInput } from './briefing-model'
import { drawMixed, measureMixed, type MixedFonts } from './pdf-fonts'

export const DASH = '—'
const PT = 25.4 / 72 // mm per point

export type Rgb = [number, number, number]
export const INK: Rgb = [31, 41, 51]
export const MUTED: Rgb = [82, 96, 109]
export const RULE: Rgb = [154, 165, 177]
export const GRID: Rgb = [222, 226, 231]
export const HEAD_FILL: Rgb = [230, 235, 241]
export const MARKING: Rgb = [192, 0, 0]

/** measuring more than this many characters of a text only tells us it will be clipped */
export const MEASURE_CHARS = 120

export interface Sizes {
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
export interface Frame {
  titleBase: number
  subBase: number
  headRule: number
  footBase: number
  footRule: number
}

export function frameOf(size: Sizes, margin: number, H: number): Frame {
  const titleBase = margin + mm(size.title) * 0.8
  const subBase = titleBase + mm(size.subtitle) * 1.7
  const footBase = H - margin + mm(size.footer) * 0.6
  return { titleBase, subBase, headRule: subBase + mm(size.subtitle) * 0.7, footBase, footRule: footBase - mm(size.footer) * 1.6 }
}

export interface Ctx {
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

export const mm = (pt: number) => pt * PT

export function text(ctx: Ctx, s: string, x: number, y: number, sizePt: number, color: Rgb, opts: Parameters<typeof drawMixed>[6] = {}): number {
  ctx.doc.setTextColor(color[0], color[1], color[2])
  return drawMixed(ctx.doc, s, x, y, ctx.fonts, sizePt, opts)
}

export function measure(ctx: Ctx, s: string, sizePt: number): number {
  return measureMixed(ctx.doc, s, ctx.fonts, sizePt)
}

export function stroke(ctx: Ctx, color: Rgb, widthMm: number): void {
  ctx.doc.setDrawColor(color[0], color[1], color[2])
  ctx.doc.setLineWidth(widthMm * ctx.k)
}

export function fill(ctx: Ctx, color: Rgb): void {
  ctx.doc.setFillColor(color[0], color[1], color[2])
}

export function newPage(ctx: Ctx): void {
  if (ctx.fresh) ctx.fresh = false
  else ctx.doc.addPage()
}

/** A section title at the top of the content area; returns the y below it. */
export function sectionTitle(ctx: Ctx, title: string): number {
  const base = ctx.contentTop + mm(ctx.size.section) * 0.9
  text(ctx, title, ctx.margin, base, ctx.size.section, INK, { maxWidth: ctx.W - 2 * ctx.margin })
  return base + mm(ctx.size.section) * 0.9
}

/** An empty part: its title and a dash where the content would be. */
export function emptyPage(ctx: Ctx, title: string): void {
  newPage(ctx)
  const below = sectionTitle(ctx, title)
  const y = (below + ctx.contentBottom) / 2 + mm(ctx.size.empty) * 0.35
  text(ctx, DASH, ctx.W / 2, y, ctx.size.empty, MUTED, { align: 'center' })
}

export function asArray<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : []
}

