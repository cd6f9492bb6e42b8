/**
 * Lays the PDF briefing out with jsPDF: map pages, the ranking table, the trend chart and the
 * gaps table, a header and footer on every page. Everything arrives translated and formatted
 * (briefing-model.ts); these modules have no words of their own, only '—' for an empty part.
 * Each part has its module: briefing-summary-page, briefing-map-page, briefing-table, briefing-chart, briefing-header,
 * drawn on the page of briefing-page.
 *
 * Nothing here touches the DOM, so the same code runs in the app and in Node.
 */
import { jsPDF } from 'jspdf'
import { chartPage } from './briefing-chart'
import { loadFace } from './briefing-font-faces'
import { decorate } from './briefing-header'
import { mapPage } from './briefing-map-page'
import type { BriefingMap, BriefingPdfInput, BriefingTable, PdfFonts } from './briefing-model'
import { asArray, emptyPage, frameOf, type Ctx, type Sizes } from './briefing-page'
import { summaryPages } from './briefing-summary-page'
import { tablePages } from './briefing-table'
import { cleanText } from './pdf-fonts'

const CJK_FAMILY = 'NotoSansSC'
const LATIN_FAMILY = 'NotoSansSCLatin'

/**
 * The briefing as PDF bytes. Fonts are embedded as subsets (only the glyphs used). Text is drawn
 * as text, clipped to its box; a character no font has shows as a box.
 */
export async function buildBriefingPdf(input: BriefingPdfInput, fonts: PdfFonts): Promise<Uint8Array> {
  const [cjk, latin] = await Promise.all([loadFace(fonts.cjk, 'CJK'), loadFace(fonts.latin, 'Latin')])
  const paper = input.paper === 'a3' ? 'a3' : 'a4'
  const doc = new jsPDF({ orientation: 'landscape', unit: 'mm', format: paper, compress: true })
  doc.addFileToVFS(`${CJK_FAMILY}.ttf`, cjk.vfs)
  doc.addFont(`${CJK_FAMILY}.ttf`, CJK_FAMILY, 'normal')
  doc.addFileToVFS(`${LATIN_FAMILY}.ttf`, latin.vfs)
  doc.addFont(`${LATIN_FAMILY}.ttf`, LATIN_FAMILY, 'normal')

  const W = doc.internal.pageSize.getWidth()
  const H = doc.internal.pageSize.getHeight()
  const k = W / 297
  const size: Sizes = {
    title: 18 * k,
    subtitle: 10.5 * k,
    marking: 12 * k,
    footer: 8 * k,
    section: 12 * k,
    table: 8.5 * k,
    caption: 10 * k,
    note: 8.5 * k,
    tick: 8.5 * k,
    legend: 9 * k,
    empty: 28 * k,
  }
  const margin = 10 * k
  const frame = frameOf(size, margin, H)
  const ctx: Ctx = {
    doc,
    fonts: { cjkFamily: CJK_FAMILY, latinFamily: LATIN_FAMILY, cjk: cjk.codePoints, latin: latin.codePoints },
    input,
    W,
    H,
    k,
    margin,
    size,
    frame,
    contentTop: frame.headRule + 5 * k,
    contentBottom: frame.footRule - 4 * k,
    fresh: true,
  }

  if (input.summary) summaryPages(ctx, input.summary)
  const maps = asArray<BriefingMap>(input.maps)
  if (maps.length === 0) emptyPage(ctx, '')
  maps.forEach((m, i) => mapPage(ctx, m, i, maps))
  tablePages(ctx, input.ranking)
  chartPage(ctx, input.trend)
  if (input.gaps) tablePages(ctx, input.gaps)
  if (input.patrol) summaryPages(ctx, input.patrol)
  if (input.crime) {
    // one list, so that every image keeps its own name in the PDF
    const all = [...maps, ...asArray<BriefingMap>(input.crime.maps)]
    all.slice(maps.length).forEach((m, i) => mapPage(ctx, m, maps.length + i, all))
    for (const table of asArray<BriefingTable>(input.crime.tables)) tablePages(ctx, table)
  }
  decorate(ctx)

  // a lone surrogate would make the UTF-16 of the document info invalid
  const meta = (v: unknown) => cleanText(v).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  doc.setProperties({ title: meta(input.title), subject: meta(input.subtitle), creator: 'Pingan Map' })
  doc.setLanguage('zh-CN')
  return new Uint8Array(doc.output('arraybuffer'))
}
