/** The briefing's header and footer, drawn on every page once the page count is known. */
import { MARKING, MUTED, INK, RULE, measure, stroke, text, type Ctx } from './briefing-page'
import { cleanText, clipMixed } from './pdf-fonts'

export function decorate(ctx: Ctx): void {
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

