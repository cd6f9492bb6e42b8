/** The 8:00 briefing's summary page: the key figures full width, the other small tables two by two; then the paged tables. */
import type { BriefingPdfInput, BriefingTable } from './briefing-model'
import { asArray, mm, newPage, sectionTitle, type Ctx } from './briefing-page'
import { tableBlock, tablePages } from './briefing-table'
import { cleanText } from './pdf-fonts'

export function summaryPages(ctx: Ctx, summary: NonNullable<BriefingPdfInput['summary']>): void {
  newPage(ctx)
  const { margin, W, k } = ctx
  const blocks = asArray<BriefingTable>(summary.blocks)
  let y = sectionTitle(ctx, cleanText(summary.title))
  const full = W - 2 * margin
  const gap = 8 * k
  const half = (full - gap) / 2
  if (blocks.length) y = tableBlock(ctx, blocks[0], margin, y, full, ctx.contentBottom) + 3 * k
  for (let i = 1; i < blocks.length; i += 2) {
    const left = tableBlock(ctx, blocks[i], margin, y, half, ctx.contentBottom)
    const right = i + 1 < blocks.length ? tableBlock(ctx, blocks[i + 1], margin + half + gap, y, half, ctx.contentBottom) : left
    y = Math.max(left, right) + 3 * k
  }
  for (const t of asArray<BriefingTable>(summary.tables)) {
    // a short table (a quiet day's notable alerts) stays on the summary page; a long one gets its pages
    const rowH = mm(ctx.size.table) * 1.6
    // as tableBlock lays it out: title, header and rows, a note of up to two lines
    const need = mm(ctx.size.section) * 0.9 + 2.5 * k + (asArray(t?.rows).length + 1) * rowH + mm(ctx.size.note) * 1.6 * 2
    if (y + need <= ctx.contentBottom) y = tableBlock(ctx, t, margin, y, full, ctx.contentBottom) + 3 * k
    else tablePages(ctx, t)
  }
}
