/**
 * Browser test of the crime-analysis panel and its three map layers on the demo district:
 * the Knox heat table, the emerging patterns' legend against the worker's tally computed here in
 * Node, the repeat-places table against a count of the demo CSV's addresses, and pixels of each
 * layer; screenshots in zh-CN and English under tests/e2e/output/crime/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { patternTally } from '../../src/core/crime-summary'
import { PATTERN_NAMES } from '../../src/core/emerging-hotspots'
import { NO_FILTER } from '../../src/core/incident-filter'
import { normaliseText } from '../../src/core/repeat-places'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { AnalyticsSession } from '../../src/workers/analytics-session'
import { assert, openApp, pixelShare, settle, type Ctx } from './app.e2e'
import { pdfPages } from './pdf-text'

type Rgb = [number, number, number]
const OUT = 'tests/e2e/output/crime'
const near = (c: Rgb, ref: Rgb, tol: number) => Math.abs(c[0] - ref[0]) <= tol && Math.abs(c[1] - ref[1]) <= tol && Math.abs(c[2] - ref[2]) <= tol
// Okabe–Ito purple circles (alpha 200) over the dark map; sky-blue zone outline; YlOrRd hot cells (alpha 190)
const isPlacePurple = (c: Rgb) => c[0] > 120 && c[2] > c[1] + 20 && c[0] > c[2]
const isZoneBlue = (c: Rgb) => near(c, [86, 180, 233], 45)
const isHotCell = (c: Rgb) => c[0] > 120 && c[1] < 0.45 * c[0] && c[2] < 0.45 * c[0]

/** The top count of the demo's incidents by address, counted here from the CSV's last column. */
function topAddressCount(): { address: string; count: number } {
  const lines = readFileSync('geodata/demo/incidents.csv', 'utf8').split('\n').slice(1).filter((l) => l !== '')
  const counts = new Map<string, number>()
  for (const l of lines) {
    const a = normaliseText(l.slice(l.lastIndexOf(',') + 1))
    if (a !== '') counts.set(a, (counts.get(a) ?? 0) + 1)
  }
  let best = { address: '', count: 0 }
  for (const [address, count] of counts) if (count > best.count) best = { address, count }
  return best
}

/** Page coordinates of the middle of a 7 × 7 patch of hot-cell pixels on the map, or null. */
async function hotSpot(page: Page): Promise<[number, number] | null> {
  const box = await page.locator('[data-testid="map"]').boundingBox()
  assert(box, 'map element has no box')
  const png = PNG.sync.read(await page.screenshot({ clip: box }))
  // the panels over the map hold red swatches of their own (the emerging legend): a click there is no click on the map
  const panels = await page.locator('.stage .panel').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]))
  const onPanel = (x: number, y: number) => panels.some(([l, t, r, b]) => box.x + x >= l - 4 && box.x + x <= r + 4 && box.y + y >= t - 4 && box.y + y <= b + 4)
  const hotAt = (x: number, y: number) => { const i = (y * png.width + x) * 4; return isHotCell([png.data[i], png.data[i + 1], png.data[i + 2]]) }
  for (let y = 3; y < png.height - 3; y += 2) {
    for (let x = 3; x < png.width - 3; x += 2) {
      if (onPanel(x, y)) continue
      let all = true
      for (let dy = -3; dy <= 3 && all; dy++) for (let dx = -3; dx <= 3 && all; dx++) all = hotAt(x + dx, y + dy)
      if (all) return [box.x + x, box.y + y]
    }
  }
  return null
}

const frames = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.overlayFrames ?? 0))

export const CRIME_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'crime analysis: Knox table, emerging legend = worker tally, repeat places = address count, layers drawn (zh-CN, en)'(ctx) {
    mkdirSync(OUT, { recursive: true })
    const o = await openApp(ctx, 'l=streets,emerging,nearRepeat,repeatPlaces', { width: 1920, height: 1080 })
    try {
      const page = o.page
      const panel = page.locator('[data-testid="crime-panel"]')
      await page.waitForSelector('[data-testid="knox-table"]', { timeout: 120_000 })
      // as many cells as distance bands × time bands (defaults 4 × 4)
      const cells = await page.locator('[data-testid="knox-cell"]').count()
      assert(cells === 16, `Knox table has ${cells} cells, expected 4 × 4`)
      const ps = await page.locator('[data-testid="knox-cell"]').evaluateAll((es) => es.map((e) => Number((e as HTMLElement).dataset.p)))
      assert(ps.every((p) => p >= 0.01 && p <= 1), `p-values outside [1/100, 1] with 99 permutations: ${ps.join(', ')}`)

      // emerging: the legend's counts are the worker's tally (the same request, computed here)
      const session = new AnalyticsSession()
      session.setIncidents(readIncidentsCsv(readFileSync('geodata/demo/incidents.csv')).columns)
      const tally = patternTally(session.emergingHotspots({ cell: 250, band: 500, step: 'month', filter: { ...NO_FILTER } }).patterns)
      await page.waitForSelector('[data-testid="legend-emerging"] .count', { timeout: 120_000 })
      const legendCounts = await page.locator('[data-testid="legend-emerging"] .count').allTextContents()
      const expected = [...[...PATTERN_NAMES.keys()].filter((c) => c > 0 && tally[c] > 0), 0].map((c) => tally[c])
      assert(legendCounts.length === expected.length && legendCounts.every((text, k) => Number(text.replace(/\D/g, '')) === expected[k]),
        `emerging legend counts ${legendCounts.join(' | ')}, worker tally ${expected.join(', ')}`)

      // pixels: the zone's outline, the places' circles, the hot cells
      await page.waitForSelector('[data-testid="legend-repeatPlaces"] .item', { timeout: 60_000 })
      await settle(page, (await frames(page)) - 1)
      const zone = await pixelShare(page, isZoneBlue)
      const purple = await pixelShare(page, isPlacePurple)
      assert(zone > 0.0005, `near-repeat zone not drawn (share ${zone})`)
      assert(purple > 0.0005, `repeat places not drawn (share ${purple})`)
      await page.screenshot({ path: `${OUT}/crime-near-repeat-zh.png` })
      // the places' circles and the zone cover much of the centre: the cells are counted alone
      const f = await frames(page)
      await page.locator('[data-testid="layer-nearRepeat"]').uncheck()
      await page.locator('[data-testid="layer-repeatPlaces"]').uncheck()
      await settle(page, f)
      const hot = await pixelShare(page, isHotCell)
      assert(hot > 0.001, `emerging hot cells not drawn (share ${hot})`)
      // a click on a hot cell shows that cell's series
      const spot = await hotSpot(page)
      assert(spot, 'no hot cell to click')
      await page.mouse.click(spot[0], spot[1])
      await page.waitForSelector('[data-testid="emerging-spark"][data-selected="true"]', { timeout: 10_000 })
      await page.locator('[data-testid="layer-nearRepeat"]').check()
      await page.locator('[data-testid="layer-repeatPlaces"]').check()
      await page.locator('[data-testid="crime-tab-emerging"]').click()
      await page.waitForSelector('[data-testid="emerging-spark"]')
      await page.screenshot({ path: `${OUT}/crime-emerging-zh.png` })
      // no message key or pattern code left untranslated in the Chinese panel and legend
      const zh = `${await panel.textContent()} ${await page.locator('[data-testid="legend"]').textContent()}`
      assert(!/crime\.|layers\.|[a-z]+_[a-z]+/.test(zh), `untranslated text in the Chinese UI: ${zh.match(/crime\.\S+|layers\.\S+|[a-z]+_[a-z]+/)?.[0]}`)

      // repeat places by address: the top count equals the CSV's most frequent address
      await page.locator('[data-testid="crime-tab-repeatPlaces"]').click()
      await page.locator('[data-testid="rp-by-address"]').check()
      const top = topAddressCount()
      await page.waitForFunction((n) => document.querySelector('[data-testid="repeat-row"]')?.getAttribute('data-count') === String(n), top.count, { timeout: 60_000 })
      const firstRow = (await page.locator('[data-testid="repeat-row"]').first().textContent()) ?? ''
      assert(firstRow.includes(top.address), `top place ${firstRow}, expected ${top.address} (${top.count})`)
      await page.screenshot({ path: `${OUT}/crime-repeat-places-zh.png` })

      // in English: the same panel, no Chinese left in it
      await page.locator('[data-testid="lang-switch"]').click()
      await page.locator('[data-testid="crime-tab-nearRepeat"]').click()
      await page.waitForSelector('[data-testid="knox-table"]')
      const text = (await panel.textContent()) ?? ''
      assert(!/[\u4e00-\u9fff]/.test(text), `Chinese text in the English panel: ${text.slice(0, 200)}`)
      await page.screenshot({ path: `${OUT}/crime-near-repeat-en.png` })
      await page.locator('[data-testid="crime-tab-emerging"]').click()
      await page.screenshot({ path: `${OUT}/crime-emerging-en.png` })
      assert(o.problems.length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },

  async 'crime analysis in the PDF briefing: the 14-day risk zone and the emerging hot spots as maps, the Knox table, the tally = worker tally'(ctx) {
    // the crime layers are off: the pages are computed for the briefing all the same
    const o = await openApp(ctx, 'l=streets', { width: 1920, height: 1080 })
    const { page } = o
    try {
      mkdirSync(OUT, { recursive: true })
      await page.click('[data-testid="export-open"]')
      await page.check('[data-testid="export-format-pdf"]')
      await page.check('[data-testid="export-crime-pages"]')
      const download = page.waitForEvent('download', { timeout: 300_000 })
      await page.click('[data-testid="export-start"]')
      const bytes = readFileSync(await (await download).path())
      writeFileSync(`${OUT}/briefing-crime.pdf`, bytes)
      const pages = await pdfPages(bytes)
      const [nearMap, emMap, knox, tallyPage] = pages.slice(-4)
      assert(pages.length >= 8, `${pages.length} pages`)
      assert(/近重复风险区：最近14天/.test(nearMap), `no risk-zone map caption: ${nearMap.slice(0, 200)}`)
      assert(emMap.includes('新兴热点：') && emMap.includes('个时间步（月）'), `no emerging map caption: ${emMap.slice(0, 200)}`)
      assert(knox.includes('近重复分析（Knox检验）') && knox.includes('0–100') && knox.includes('置换99次'), `no Knox table: ${knox.slice(0, 300)}`)
      // three map images: the desk's map and one per crime page
      const images = bytes.toString('latin1').match(/\/Subtype\s*\/Image/g) ?? []
      assert(images.length >= 3, `${images.length} images in the PDF`)
      // the tally page: every pattern present with the worker's count, computed here in Node
      const session = new AnalyticsSession()
      session.setIncidents(readIncidentsCsv(readFileSync('geodata/demo/incidents.csv')).columns)
      const tally = patternTally(session.emergingHotspots({ cell: 250, band: 500, step: 'month', filter: { ...NO_FILTER } }).patterns)
      const zhName: Record<string, string> = { persistent_hot_spot: '持续热点', diminishing_hot_spot: '减弱热点', no_pattern: '无模式' }
      for (const name of Object.keys(zhName)) {
        const n = tally[PATTERN_NAMES.indexOf(name as (typeof PATTERN_NAMES)[number])]
        assert(n > 0 && tallyPage.includes(`${zhName[name]}${n.toLocaleString('zh-CN')}`), `tally page lacks ${zhName[name]} ${n}: ${tallyPage.slice(0, 300)}`)
      }
      assert(o.problems.length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },
}
