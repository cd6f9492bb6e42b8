/** A map page of the briefing: the composed map's JPEG, fitted to the page, with its caption. */
import type { BriefingMap } from './briefing-model'
import { INK, RULE, mm, newPage, stroke, text, type Ctx } from './briefing-page'
import { cleanText } from './pdf-fonts'

function isJpeg(b: unknown): b is Uint8Array {
  return b instanceof Uint8Array && b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff
}

export function mapPage(ctx: Ctx, map: BriefingMap, index: number, all: BriefingMap[]): void {
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

