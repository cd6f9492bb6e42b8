import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { BriefingPdfInput, BriefingTable, PdfFonts } from '../../../src/export/briefing-model'
import { buildBriefingPdf } from '../../../src/export/pdf-briefing'
import { niceTicks, parseCssColor } from '../../../src/export/briefing-chart-axis'

const FILES = 'node_modules/@fontsource/noto-sans-sc/files/'
const fonts: PdfFonts = {
  cjk: new Uint8Array(readFileSync(`${FILES}noto-sans-sc-chinese-simplified-400-normal.woff`)),
  latin: new Uint8Array(readFileSync(`${FILES}noto-sans-sc-latin-400-normal.woff`)),
}
/** 120×80 baseline JPEG drawn by chromium (a canvas with two roads and a dot) */
const jpeg = new Uint8Array(readFileSync('tests/fixtures/export/map-120x80.jpg'))

const STREETS = ['城关街道', '东城街道', '西城街道', '南湖街道', '北山街道', '新区街道', '滨江街道', '高新街道']
const XSS = '<img src=x onerror=alert(1)>'
const LONG = 'x'.repeat(10_000)

function ranking(rows = STREETS.length): BriefingTable {
  return {
    title: '平安指数排名',
    columns: ['排名', '街道', '平安指数', '环比', '警情数'],
    numeric: [true, false, true, true, true],
    rows: Array.from({ length: rows }, (_, i) => [
      String(i + 1),
      i < STREETS.length ? STREETS[i] : `第${i + 1}街道`,
      (92.5 - i * 0.3).toFixed(1),
      `${i % 2 ? '+' : '−'}${(i * 0.7).toFixed(1)}`,
      String(120 + i * 17),
    ]),
    note: '平安指数 = 100 − 加权警情密度；空值表示该街道当月无数据。',
  }
}

function fixture(over: Partial<BriefingPdfInput> = {}): BriefingPdfInput {
  return {
    paper: 'a3',
    title: '平安指数月度简报 2026年10月',
    subtitle: '示范区 · 2026-10-01 至 2026-10-31 · 全部警情类别',
    marking: '内部资料 注意保密',
    source: '数据来源：示范区公安分局指挥中心',
    madeAt: '制作时间 2026-11-24 08:00',
    pageLabel: '第 {n} 页 / 共 {total} 页',
    maps: [
      { jpeg, width: 120, height: 80, caption: '图1 警情热力图' },
      { jpeg, width: 120, height: 80, caption: '图2 巡逻覆盖' },
    ],
    ranking: ranking(),
    trend: {
      title: '月度警情趋势',
      xLabels: ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'],
      yLabel: '警情数（起）',
      series: [
        { name: '刑事案件', color: '#e69f00', values: [120, 132, Number.NaN, 154, 160, 148] },
        { name: '治安案件', color: 'rgb(86, 180, 233)', values: [220, 210, 240, 230, 250, 245] },
      ],
    },
    gaps: {
      title: '覆盖缺口 Top 3',
      columns: ['序号', '位置', '面积 (km²)'],
      numeric: [true, false, true],
      rows: [
        ['1', XSS, '0.82'],
        ['2', LONG, '0.50'],
        ['3', '😀 路口', '0.31'],
      ],
    },
    ...over,
  }
}

interface Read {
  pages: string[]
  /** the text items of each page */
  items: string[][]
  /** page size in points */
  sizes: number[][]
  info: Record<string, unknown>
}

async function read(pdf: Uint8Array): Promise<Read> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: pdf.slice() }).promise // pdf.js takes the buffer over
  const items: string[][] = []
  const sizes: number[][] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i)
    sizes.push(page.view.slice(2))
    items.push((await page.getTextContent()).items.map((it) => ('str' in it ? it.str : '')))
  }
  const info = (await doc.getMetadata()).info as Record<string, unknown>
  return { pages: items.map((i) => i.join('')), items, sizes, info }
}

/** each needle found after the one before it */
function inOrder(text: string, needles: string[]): boolean {
  let at = 0
  for (const n of needles) {
    const i = text.indexOf(n, at)
    if (i < 0) return false
    at = i + n.length
  }
  return true
}

describe('buildBriefingPdf', () => {
  it('lays the fixture out on A3: maps, ranking, chart, gaps; headers, footers and metadata', async () => {
    const pdf = await buildBriefingPdf(fixture(), fonts)
    const bytes = Buffer.from(pdf)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const { pages, items, sizes, info } = await read(pdf)
    expect(pages).toHaveLength(5) // 2 maps + 1 ranking + chart + gaps
    for (const [w, h] of sizes) {
      expect(w).toBeCloseTo(1190.55, 1)
      expect(h).toBeCloseTo(841.89, 1)
    }
    pages.forEach((text, i) => {
      for (const s of ['平安指数月度简报 2026年10月', '示范区 · 2026-10-01 至 2026-10-31 · 全部警情类别', '内部资料 注意保密', '数据来源：示范区公安分局指挥中心', '制作时间 2026-11-24 08:00']) {
        expect(text).toContain(s)
      }
      expect(text).toContain(`第 ${i + 1} 页 / 共 5 页`)
    })
    expect(pages[0]).toContain('图1 警情热力图')
    expect(pages[1]).toContain('图2 巡逻覆盖')
    expect(info).toMatchObject({ Title: '平安指数月度简报 2026年10月', Subject: '示范区 · 2026-10-01 至 2026-10-31 · 全部警情类别', Creator: 'Pingan Map', Language: 'zh-CN' })

    // the ranking: header, then every row's name and figures in row order, then the note
    const r = ranking()
    expect(inOrder(pages[2], ['平安指数排名', ...r.columns, ...r.rows.flat(), r.note!])).toBe(true)

    // the chart: names in the legend, the y ticks (0…250 in steps of 50), the x labels, the y label
    for (const s of ['月度警情趋势', '刑事案件', '治安案件', '警情数（起）', '2026-05', '2026-10']) expect(pages[3]).toContain(s)
    const ticks = items[3].filter((s) => /^\d+$/.test(s))
    expect(ticks).toEqual(['0', '50', '100', '150', '200', '250'])

    // gaps: markup is just characters, the 10,000-character name is clipped with an ellipsis
    expect(pages[4]).toContain(XSS)
    const xs = /x{20,}…/.exec(pages[4])
    expect(xs).not.toBeNull()
    expect(xs![0].length).toBeLessThan(1000)
    expect(pages[4]).toContain('路口') // after the emoji, which is drawn as a box
    expect(inOrder(pages[4], ['1', XSS, '0.82', '2', 'xxx', '0.50', '3', '路口', '0.31'])).toBe(true)

    // fonts embedded as TrueType subsets, the JPEG as it came (not re-encoded)
    expect(bytes.includes('/FontFile2')).toBe(true)
    expect(pdf.length).toBeLessThan(1_000_000)
    const at = bytes.indexOf(Buffer.from(jpeg))
    expect(at).toBeGreaterThan(0)
    expect(bytes.indexOf(Buffer.from(jpeg), at + 1)).toBe(-1) // both maps share one image object
    expect(bytes.includes('/DCTDecode')).toBe(true)
  })

  it('crime-analysis pages come last: their maps (each its own image), then their tables', async () => {
    // the same picture with a comment segment after SOI: a different JPEG file
    const other = new Uint8Array([0xff, 0xd8, 0xff, 0xfe, 0x00, 0x06, 0x6e, 0x72, 0x70, 0x74, ...jpeg.subarray(2)])
    const knox: BriefingTable = { title: '近重复分析（Knox 检验）', columns: ['距离＼天数', '0–7', '7–14'], numeric: [false, true, true], rows: [['0–100', '5.86* (9)', '1.00 (3)']], note: '置换 99 次' }
    const patterns: BriefingTable = { title: '新兴热点模式统计', columns: ['模式', '网格数'], numeric: [false, true], rows: [['持续热点', '160'], ['无模式', '1,684']] }
    const pdf = await buildBriefingPdf(fixture({
      crime: { maps: [{ jpeg: other, width: 120, height: 80, caption: '图2 近重复风险区' }, { jpeg, width: 120, height: 80, caption: '图3 新兴热点' }], tables: [knox, patterns] },
    }), fonts)
    const { pages } = await read(pdf)
    expect(pages).toHaveLength(9) // the 5 of the fixture, 2 maps, 2 tables
    expect(pages[5]).toContain('图2 近重复风险区')
    expect(pages[6]).toContain('图3 新兴热点')
    expect(inOrder(pages[7], ['近重复分析（Knox 检验）', '距离＼天数', '0–7', '7–14', '0–100', '5.86* (9)', '1.00 (3)', '置换 99 次'])).toBe(true)
    expect(inOrder(pages[8], ['新兴热点模式统计', '持续热点', '160', '无模式', '1,684'])).toBe(true)
    expect(pages[8]).toContain('第 9 页 / 共 9 页')
    // the crime map's own picture is in the file, not the first map's under its name
    const bytes = Buffer.from(pdf)
    expect(bytes.indexOf(Buffer.from(other))).toBeGreaterThan(0)
    expect(bytes.indexOf(Buffer.from(jpeg))).toBeGreaterThan(0)
  })

  it('the 8:00 briefing opens with its summary page; a short table stays on it, a long one gets pages of its own', async () => {
    const figures: BriefingTable = { title: '警情总数与分类', columns: ['项目', '本期（起）', '去年同期（起）', '同比'], numeric: [false, true, true, true], rows: [['警情总数', '190', '236', '−19.5%'], ['刑事', '56', '47', '+19.1%']], note: '去年同期：2024-12-30 08:00 至 2024-12-31 08:00' }
    const top: BriefingTable = { title: '警情最多的街道', columns: ['名次', '街道', '警情（起）'], rows: [['1', '北关街道', '41']] }
    const hot: BriefingTable = { title: '近 7 日活跃热点', columns: ['街道', '95%', '99%'], rows: [['南关街道', '109', '88']] }
    const notable = (n: number): BriefingTable => ({ title: '重点警情', columns: ['序号', '时间', '地址'], rows: Array.from({ length: n }, (_, i) => [String(i + 1), '2025-12-30 10:58', `地址${i + 1}号`]), note: `本期共 ${n} 起` })
    const short = await read(await buildBriefingPdf(fixture({ paper: 'a4', summary: { title: '概况　2025-12-30 08:00 至 2025-12-31 08:00', blocks: [figures, top, hot], tables: [notable(9)] } }), fonts))
    expect(short.pages).toHaveLength(6) // the summary page, then the fixture's 5
    expect(inOrder(short.pages[0], ['概况', '警情总数与分类', '警情总数', '190', '236', '−19.5%', '刑事', '去年同期：', '警情最多的街道', '北关街道', '41', '重点警情', '地址9号', '本期共 9 起'])).toBe(true)
    expect(short.pages[0]).toContain('近 7 日活跃热点')
    const long = await read(await buildBriefingPdf(fixture({ paper: 'a4', summary: { title: '概况', blocks: [figures, top, hot], tables: [notable(70)] } }), fonts))
    expect(long.pages[0]).not.toContain('重点警情')
    expect(long.pages[1]).toContain('重点警情')
    expect(long.pages.slice(1).join('')).toContain('地址70号')
    // without the blind spots the briefing has no gaps page
    const noGaps = await read(await buildBriefingPdf(fixture({ paper: 'a4', gaps: undefined }), fonts))
    expect(noGaps.pages).toHaveLength(4)
  })

  it('A4 landscape is 297 × 210 mm', async () => {
    const { sizes } = await read(await buildBriefingPdf(fixture({ paper: 'a4', maps: [] }), fonts))
    expect(sizes[0][0]).toBeCloseTo(841.89, 1)
    expect(sizes[0][1]).toBeCloseTo(595.28, 1)
  })

  it('a 60-row ranking goes on over two pages with the header row repeated', async () => {
    const r = ranking(60)
    const { pages } = await read(await buildBriefingPdf(fixture({ ranking: r }), fonts))
    expect(pages).toHaveLength(6)
    const [p1, p2] = [pages[2], pages[3]]
    for (const p of [p1, p2]) expect(inOrder(p, ['平安指数排名', ...r.columns])).toBe(true)
    const names = r.rows.map((row) => row[1])
    const split = names.findIndex((n) => !p1.includes(n))
    expect(split).toBeGreaterThan(20)
    expect(inOrder(p1, r.rows.slice(0, split).flat())).toBe(true)
    expect(inOrder(p2, r.rows.slice(split).flat())).toBe(true)
    expect(p2).not.toContain(`${names[0]}`)
    expect(p2).toContain(r.note!)
    expect(p2).toContain('第 4 页 / 共 6 页')
  })

  it('empty parts give a page with their title and a dash', async () => {
    const empty: BriefingTable = { title: '覆盖缺口', columns: ['序号', '位置'], rows: [] }
    const { pages } = await read(
      await buildBriefingPdf(
        fixture({
          maps: [],
          ranking: { title: '平安指数排名', columns: [], rows: [] },
          trend: { title: '月度趋势', xLabels: ['2026-01'], yLabel: '起', series: [] },
          gaps: empty,
        }),
        fonts,
      ),
    )
    expect(pages).toHaveLength(4)
    expect(pages[0]).toContain('—')
    expect(pages[1]).toMatch(/平安指数排名.*—/)
    expect(pages[2]).toMatch(/月度趋势.*—/)
    expect(pages[3]).toMatch(/覆盖缺口.*序号.*位置.*—/)
    // every page still has its header and footer
    for (const p of pages) expect(p).toContain('内部资料 注意保密')
  })

  it('a chart skips values that are not finite numbers and is empty when none is left', async () => {
    const bad = [Number.NaN, Number.POSITIVE_INFINITY, '12' as unknown as number, null as unknown as number]
    const trend = {
      title: '趋势',
      xLabels: ['a', 'b', 'c', 'd', 'e'],
      yLabel: '',
      series: [
        { name: '甲', color: 'not a colour', values: [...bad, 3] },
        { name: '乙', color: '#abc', values: [1, 2] },
      ],
    }
    const { pages, items } = await read(await buildBriefingPdf(fixture({ maps: [], trend }), fonts))
    expect(pages[2]).toContain('甲')
    expect(pages[2]).toContain('乙')
    expect(items[2].filter((s) => /^[\d.]+$/.test(s))).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0', '2.5', '3.0'])
    const none = { ...trend, series: [{ name: '甲', color: '#000', values: bad }] }
    const { pages: p2 } = await read(await buildBriefingPdf(fixture({ maps: [], trend: none }), fonts))
    expect(p2[2]).toMatch(/趋势.*—/)
  })

  it('crowded x labels are thinned out', async () => {
    const xLabels = Array.from({ length: 120 }, (_, i) => `2016-${String(i).padStart(3, '0')}`)
    const trend = { title: '十年', xLabels, yLabel: '起', series: [{ name: '总数', color: '#000000', values: xLabels.map((_, i) => i % 7) }] }
    const { pages } = await read(await buildBriefingPdf(fixture({ maps: [], trend }), fonts))
    const shown = xLabels.filter((l) => pages[2].includes(l))
    expect(shown.length).toBeGreaterThan(5)
    expect(shown.length).toBeLessThan(60)
    expect(shown[0]).toBe(xLabels[0])
  })

  it('never throws on odd text, and refuses a map that is not a JPEG', async () => {
    const odd = ['', '\u0000\n\t', '😀'.repeat(500), '\ud800', LONG, XSS, 'مرحبا', '\u202e反向']
    const input = fixture({
      title: LONG,
      subtitle: odd.join(' '),
      marking: LONG,
      source: '\ud800'.repeat(50),
      pageLabel: '{n}{n}{total}',
      maps: [{ jpeg, width: Number.NaN, height: 0, caption: LONG }],
      ranking: { title: XSS, columns: odd, rows: [odd, odd.slice(2)], numeric: [true] },
      gaps: { title: '', columns: [], rows: [['only a cell']] },
    })
    const { pages } = await read(await buildBriefingPdf(input, fonts))
    expect(pages.length).toBe(4)
    expect(pages[1]).toContain(XSS)
    expect(pages[3]).toContain('only a cell')
    await expect(buildBriefingPdf(fixture({ maps: [{ jpeg: new Uint8Array([1, 2, 3, 4, 5]), width: 1, height: 1, caption: '' }] }), fonts)).rejects.toThrow(/map 1 is not a JPEG/)
  })
})

describe('chart helpers', () => {
  it('parses hex, rgb() and named colours, refuses the rest', () => {
    expect(parseCssColor('#e69f00')).toEqual([230, 159, 0])
    expect(parseCssColor('#abc')).toEqual([170, 187, 204])
    expect(parseCssColor('#E69F0080')).toEqual([230, 159, 0])
    expect(parseCssColor('rgb(86, 180, 233)')).toEqual([86, 180, 233])
    expect(parseCssColor('rgba(1,2,3,0.5)')).toEqual([1, 2, 3])
    // d3-color reads the comma syntax only (CSS Color 3), not 'rgb(100% 0% 50% / 0.3)'
    expect(parseCssColor('rgb(100%, 0%, 50%)')).toEqual([255, 0, 128])
    expect(parseCssColor('red')).toEqual([255, 0, 0])
    expect(parseCssColor('rgb(300, -5, 10)')).toEqual([255, 0, 10])
    for (const bad of ['#12', 'rgb(1,2)', 'rgb(a,b,c)', '', 42]) expect(parseCssColor(bad)).toBeNull()
  })

  it('nice ticks are 1, 2 or 5 × 10^k and cover the data', () => {
    expect(niceTicks(0, 270, 6)).toEqual([0, 50, 100, 150, 200, 250, 300])
    expect(niceTicks(0.12, 0.87, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(niceTicks(7, 7)).toEqual([6, 6.5, 7, 7.5, 8])
    for (const [lo, hi] of [[0, 1], [-37, 912], [1e-6, 3e-6], [1e6, 1.2e6], [7, 7], [-1e308, 1e308]]) {
      const t = niceTicks(lo, hi)
      expect(t[0]).toBeLessThanOrEqual(lo)
      expect(t[t.length - 1]).toBeGreaterThanOrEqual(hi)
      expect(t.length).toBeLessThanOrEqual(12)
      const step = t[1] - t[0]
      const mant = step / 10 ** Math.floor(Math.log10(step) + 1e-9)
      expect([1, 2, 5, 10].some((m) => Math.abs(mant - m) < 1e-6)).toBe(true)
    }
  })
})
