/**
 * Map snapshots and the PDF briefing from the desk: exported through the page's own export
 * (the automation API and the export panel), decoded in Node and looked at region by region —
 * title band, marking, map pixels against the screen's, legend box, footer — and the PDF's text.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import type { Browser } from 'playwright-core'
import { assert, isHeat, openApp, type Ctx } from './app.e2e'
import { snapshotLayout, type Rect } from '../../src/export/snapshot-layout'
import { pngDpi } from '../../src/export/png-dpi'
import type { SnapshotRequest, SnapshotResult } from '../../src/export/page-api'
import { pdfPages } from './pdf-text'
import { demoCount } from './snapshot-cli.e2e'

type Rgb = [number, number, number]

function decode(result: SnapshotResult): { png: PNG; bytes: Buffer } {
  const bytes = Buffer.from(result.base64, 'base64')
  return { png: PNG.sync.read(bytes), bytes }
}

/** Share of the pixels in `r` that satisfy `match`. */
function share(png: PNG, r: Rect, match: (c: Rgb) => boolean): number {
  let hits = 0, n = 0
  for (let y = Math.round(r.y); y < Math.round(r.y + r.height); y++) {
    for (let x = Math.round(r.x); x < Math.round(r.x + r.width); x++) {
      const i = (y * png.width + x) * 4
      n++
      if (match([png.data[i], png.data[i + 1], png.data[i + 2]])) hits++
    }
  }
  return hits / Math.max(1, n)
}

const pixel = (png: PNG, x: number, y: number): Rgb => {
  const i = (Math.round(y) * png.width + Math.round(x)) * 4
  return [png.data[i], png.data[i + 1], png.data[i + 2]]
}
const isInk = (c: Rgb) => c[0] < 90 && c[1] < 100 && c[2] < 120
const isMarkRed = (c: Rgb) => c[0] > 150 && c[1] < 80 && c[2] < 80
const isWhitish = (c: Rgb) => c.every((v) => v >= 225)

export async function snapshot(page: Page, req: SnapshotRequest): Promise<SnapshotResult> {
  return page.evaluate((r) => window.pinganAutomation!.snapshot(r), req)
}

/** The heatmap's share of the map with the panels over it hidden: the reference the export is compared with. */
async function screenHeatShare(page: Page): Promise<number> {
  await page.addStyleTag({ content: '.panel, .timeline, .app-header { visibility: hidden !important; }' })
  const box = await page.locator('[data-testid="map"]').boundingBox()
  assert(box, 'map element has no box')
  const png = PNG.sync.read(await page.screenshot({ clip: box }))
  const s = share(png, { x: 0, y: 0, width: png.width, height: png.height }, isHeat)
  await page.addStyleTag({ content: '.panel, .timeline, .app-header { visibility: visible !important; }' })
  return s
}

const XSS_TITLE = '<img src=x onerror="window.__xss=1">简报<script>window.__xss=2</script>'

export const SNAPSHOT_TESTS: Record<string, (ctx: { browser: Browser; baseUrl: string }) => Promise<void>> = {
  'snapshot: a 4K PNG of the desk has the title band, marking, the map as on screen, the legend, scale bar and footer': async (ctx: Ctx) => {
    const { page, problems, close } = await openApp(ctx, '', { width: 1920, height: 1080 })
    try {
      const mapBox = await page.locator('[data-testid="map"]').boundingBox()
      assert(mapBox, 'map element has no box')
      const screenHeat = await screenHeatShare(page)
      const domLegend = await page.locator('[data-testid="legend"]').innerText()
      const result = await snapshot(page, { format: 'png', preset: '4k', title: XSS_TITLE })
      const { png, bytes } = decode(result)
      writeFileSync('tests/e2e/output/snapshot-4k.png', bytes)
      assert(png.width === 3840 && png.height === 2160, `4K export is ${png.width} × ${png.height}`)
      assert(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss === undefined), 'markup in the title ran')
      const l = snapshotLayout(3840, 2160, { width: mapBox.width, height: mapBox.height })
      const u = l.unit
      // title band: white with dark type on the left, the red marking frame on the right
      const titleArea = { x: 20 * u, y: 10 * u, width: l.width / 2, height: 60 * u }
      const ink = share(png, titleArea, isInk)
      assert(ink > 0.01 && ink < 0.5, `title band ink share ${ink.toFixed(3)}`)
      const red = share(png, { x: l.width - 420 * u, y: 0, width: 420 * u, height: l.header.height }, isMarkRed)
      assert(red > 0.005, `no red marking in the header (${red.toFixed(4)})`)
      // the map: the heatmap covers about as much of it as of the screen's map
      const heat = share(png, l.map, isHeat)
      console.log(`    heat share: screen ${screenHeat.toFixed(3)}, 4K export ${heat.toFixed(3)}; export ${result.ms} ms ${JSON.stringify(result.phases)}`)
      assert(heat > 0.5 * screenHeat && heat < 1.6 * screenHeat, `exported heat share ${heat.toFixed(3)} vs screen ${screenHeat.toFixed(3)}`)
      // legend box at the map's lower left: white padding, the blocks the screen's legend shows
      assert(isWhitish(pixel(png, l.map.x + 20 * u, l.map.y + l.map.height - 20 * u)), `no legend box at the lower left: ${pixel(png, l.map.x + 20 * u, l.map.y + l.map.height - 20 * u)}`)
      assert(result.legend.length > 0, 'no legend block drawn')
      for (const title of result.legend) assert(domLegend.includes(title), `exported legend block "${title}" is not in the screen's legend`)
      // scale bar at the lower right: white box with the black and white bar
      const scale = { x: l.map.x + l.map.width - 170 * u, y: l.map.y + l.map.height - 50 * u, width: 158 * u, height: 38 * u }
      assert(share(png, scale, isWhitish) > 0.3 && share(png, scale, isInk) > 0.05, 'no scale bar at the lower right')
      // footer: light grey band with the source line and the time
      const footerInk = share(png, l.footer, (c) => c[0] < 160 && c[1] < 170 && c[2] < 180)
      assert(footerInk > 0.005, `footer has no text (${footerInk.toFixed(4)})`)
      assert(problems.length === 0, `page problems: ${problems.join('; ')}`)
    } finally {
      await close()
    }
  },

  'snapshot: A3 at 300 dpi is 4961 × 3508 with its resolution in the file, and its timing': async (ctx: Ctx) => {
    const { page, close } = await openApp(ctx, '', { width: 1920, height: 1080 })
    try {
      const screenHeat = await screenHeatShare(page)
      // the 4K export's timing is printed by the 4K test: a second 4K export here cost ~15 s of npm test
      const a3 = await snapshot(page, { format: 'png', preset: 'a3', dpi: 300 })
      const { png, bytes } = decode(a3)
      writeFileSync('tests/e2e/output/snapshot-a3-300dpi.png', bytes)
      assert(png.width === 4961 && png.height === 3508, `A3 export is ${png.width} × ${png.height}`)
      assert(pngDpi(new Uint8Array(bytes)) === 300, `A3 export says ${pngDpi(new Uint8Array(bytes))} dpi`)
      const mapBox = await page.locator('[data-testid="map"]').boundingBox()
      const l = snapshotLayout(4961, 3508, { width: mapBox!.width, height: mapBox!.height })
      const heat = share(png, l.map, isHeat)
      // the sheet is taller than the screen: more ground around the same heat
      assert(heat > 0.4 * screenHeat && heat < 1.6 * screenHeat, `A3 heat share ${heat.toFixed(3)} vs screen ${screenHeat.toFixed(3)}`)
      console.log(`    export timing: A3 300 dpi PNG ${a3.ms} ms ${JSON.stringify(a3.phases)} (${(bytes.length / 1e6).toFixed(1)} MB)`)
    } finally {
      await close()
    }
  },

  'snapshot: the PDF briefing from the export panel has the map, the ranking, the trend and the blind spots, in Chinese text': async (ctx: Ctx) => {
    const { page, problems, close } = await openApp(ctx, '', { width: 1920, height: 1080 })
    try {
      const firstRow = await page.locator('[data-testid="safety-row"] .nm').first().innerText()
      await page.click('[data-testid="export-open"]')
      await page.check('[data-testid="export-format-pdf"]')
      await page.fill('[data-testid="export-title"]', '每日警情简报 <b>8:00</b>')
      const download = page.waitForEvent('download', { timeout: 300_000 })
      await page.click('[data-testid="export-start"]')
      const file = await (await download).path()
      const bytes = readFileSync(file)
      writeFileSync('tests/e2e/output/briefing.pdf', bytes)
      assert(bytes.subarray(0, 5).toString() === '%PDF-', 'not a PDF')
      const raw = bytes.toString('latin1')
      assert(raw.includes('/FontFile2'), 'no embedded TrueType font')
      assert(/\/Subtype\s*\/Image/.test(raw), 'no map image in the PDF')
      const pages = await pdfPages(bytes)
      const pdf = { numPages: pages.length }
      const all = pages.join('\n')
      assert(pdf.numPages >= 4, `${pdf.numPages} pages`)
      const norm = (x: string) => x.replace(/\s+/g, '')
      for (const s of ['每日警情简报 <b>8:00</b>', '潍城区', '内部资料', '数据来源', '制作时间', `共 ${pdf.numPages} 页`]) assert(pages[0].includes(norm(s)), `page 1 lacks "${s}": ${pages[0].slice(0, 300)}`)
      for (const s of ['平安指数排名', firstRow, '月度警情趋势', '合计', '刑事', '监控盲区']) assert(all.includes(norm(s)), `the briefing lacks "${s}"`)
      const message = await page.locator('[data-testid="export-message"]').innerText()
      console.log(`    PDF: ${pdf.numPages} pages, ${(bytes.length / 1e6).toFixed(2)} MB; ${message}`)

      // the panel's 8:00 daily briefing: the CLI's document, its date defaulting to the data's last day
      await page.selectOption('[data-testid="export-brief"]', 'daily')
      const date = await page.inputValue('[data-testid="export-brief-date"]')
      assert(date === '2025-12-31', `the briefing date defaults to ${date}, not the demo's last day`)
      await page.fill('[data-testid="export-title"]', '')
      const t0 = Date.now()
      const daily = page.waitForEvent('download', { timeout: 300_000 })
      await page.click('[data-testid="export-start"]')
      const brief = await pdfPages(readFileSync(await (await daily).path()))
      const n = demoCount('2025-12-30T08:00:00', '2025-12-31T08:00:00'), y = demoCount('2024-12-30T08:00:00', '2024-12-31T08:00:00')
      assert(brief[0].includes('每日警情简报') && brief[0].includes('2025-12-3008:00至2025-12-3108:00'), `the daily briefing's page 1: ${brief[0].slice(0, 300)}`)
      assert(brief[0].includes(`警情总数${n.total}${y.total}`) && brief[0].includes(`两抢一盗${n.groups[2]}${y.groups[2]}`), `the panel's daily briefing does not count ${n.total} / ${y.total}`)
      console.log(`    daily briefing from the panel: ${brief.length} pages in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
      assert(problems.length === 0, `page problems: ${problems.join('; ')}`)
    } finally {
      await close()
    }
  },
}
