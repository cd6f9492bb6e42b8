/** Text on a 2D canvas for the exports: one font, clipped with an ellipsis, never parsed as markup. */
import { LABEL_FONT } from '../map/theme'

export const fontOf = (px: number) => `${px}px "${LABEL_FONT}", sans-serif`

/** `text` cut to at most `maxWidth` pixels with a trailing '…' (by code points, so no half surrogate). */
export function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text
  const chars = [...text]
  // binary search on the kept length: a 10,000-character name costs a dozen measurements
  let lo = 0, hi = chars.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (ctx.measureText(chars.slice(0, mid).join('') + '…').width <= maxWidth) lo = mid
    else hi = mid - 1
  }
  return chars.slice(0, lo).join('') + '…'
}

/** Lines of at most `maxWidth` pixels, broken between characters (CJK has no spaces), at most `maxLines`. */
export function wrapText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number, maxLines = 3): string[] {
  const lines: string[] = []
  let line = ''
  for (const ch of text) {
    if (line && ctx.measureText(line + ch).width > maxWidth) {
      lines.push(line)
      line = ch.trim() ? ch : ''
      if (lines.length === maxLines) break
    } else line += ch
  }
  if (lines.length < maxLines && line) lines.push(line)
  else if (lines.length === maxLines && line) lines[maxLines - 1] = fitText(ctx, lines[maxLines - 1] + line + '…', maxWidth)
  return lines
}

/** Loads the glyphs these texts need from the self-hosted web font (a canvas does not wait for them). */
export async function loadGlyphs(texts: string[]): Promise<void> {
  if (typeof document === 'undefined' || !document.fonts) return
  const sample = [...new Set(texts.join(''))].join('')
  if (sample) await document.fonts.load(fontOf(16), sample)
}
