/**
 * The PDF briefing as data: the app (or the headless snapshot) gathers the figures and the map
 * images, already translated and formatted; `buildBriefingPdf` only lays them out.
 */
export interface BriefingTable {
  title: string
  columns: string[]
  /** per column: right-aligned figures */
  numeric?: boolean[]
  rows: string[][]
  /** small print under the table (period, weights, what a missing value means) */
  note?: string
}

export interface BriefingChart {
  title: string
  /** one label per x position, e.g. '2025-01' */
  xLabels: string[]
  yLabel: string
  series: { name: string; color: string; values: number[] }[]
}

export interface BriefingMap {
  /** a JPEG of the composed map (legend, scale bar and north arrow drawn in; no title bands) */
  jpeg: Uint8Array
  width: number
  height: number
  caption: string
}

export interface BriefingPdfInput {
  paper: 'a4' | 'a3'
  title: string
  subtitle: string
  /** e.g. 内部资料 注意保密: on every page */
  marking: string
  /** data-source line, on every page */
  source: string
  /** e.g. 制作时间 2026-11-24 08:00 */
  madeAt: string
  /** page number text with {n} and {total}, e.g. '第 {n} 页 / 共 {total} 页' */
  pageLabel: string
  /**
   * the 8:00 briefing's opening (issue 23): a summary page of small tables (the first full
   * width, the others two by two), then tables that may run over pages (the notable alerts)
   */
  summary?: { title: string; blocks: BriefingTable[]; tables: BriefingTable[] }
  maps: BriefingMap[]
  ranking: BriefingTable
  trend: BriefingChart
  /** the blind spots: left out of the 8:00 briefing */
  gaps?: BriefingTable
  /** the weekly patrol report (issue 26): a page in the summary's layout, after the trend and the gaps */
  patrol?: { title: string; blocks: BriefingTable[]; tables: BriefingTable[] }
  /** optional crime-analysis pages after the others: their maps, then their tables */
  crime?: { maps: BriefingMap[]; tables: BriefingTable[] }
}

/** The fonts to embed: WOFF 1.0 files as @fontsource/noto-sans-sc ships them. */
export interface PdfFonts {
  /** noto-sans-sc-chinese-simplified-400-normal.woff */
  cjk: Uint8Array
  /** noto-sans-sc-latin-400-normal.woff */
  latin: Uint8Array
}
