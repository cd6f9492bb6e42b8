/**
 * Hostile text in data (issue 11, point 2): an incidents CSV and a streets GeoJSON whose
 * subtypes, addresses, ids, names and file names hold markup, a `javascript:` link and a
 * 10,000-character string are imported through the data dialog, then shown everywhere such text
 * appears — tooltip, ranking, area detail, filter list, import result and report, legend, PNG
 * and PDF exports, download names. Nothing may run, no element may come from the data, the
 * text must be readable literally, and the long name must not push the layout off screen.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import Papa from 'papaparse'
import type { FeatureCollection } from 'geojson'
import { assert, openApp, waitForMap, type Ctx } from './app.e2e'
import { closeDialog, pickFile, startImport } from './import-dialog'
import type { SnapshotRequest, SnapshotResult } from '../../src/export/page-api'
import { pdfPages } from './pdf-text'

const OUT = 'tests/e2e/output'
const LONG = 'Ж'.repeat(9_990) + '<b>LONG</b>'
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  'javascript:window.__pwned=3',
  '"><svg onload=window.__pwned=4>',
  LONG,
]

/**
 * Runs before the page's own scripts: records every download name the page asks for and every
 * element that looks like it was made from the payloads (transient ones too — the tooltip is
 * rebuilt on every hover).
 */
const WATCH = `(() => {
  window.__downloadNames = []
  window.__hostileNodes = []
  const click = HTMLAnchorElement.prototype.click
  HTMLAnchorElement.prototype.click = function () { if (this.download) window.__downloadNames.push(this.download); return click.call(this) }
  const bad = (el) => {
    const tag = el.tagName
    if (tag === 'IMG' && el.getAttribute('src') === 'x') return true
    if (tag === 'SCRIPT' && (el.textContent || '').includes('__pwned')) return true
    if (tag === 'A' && /^\\s*javascript:/i.test(el.getAttribute('href') || '')) return true
    for (const a of el.attributes) if (/^on/i.test(a.name) && a.value.includes('__pwned')) return true
    return false
  }
  window.__hostileBad = bad
  const scan = (root) => {
    if (!(root instanceof Element)) return
    for (const el of [root, ...root.querySelectorAll('*')]) if (bad(el)) window.__hostileNodes.push(el.outerHTML.slice(0, 200))
  }
  new MutationObserver((list) => { for (const m of list) for (const n of m.addedNodes) scan(n) })
    .observe(document, { childList: true, subtree: true })
})()`

interface Watch { pwned: unknown; nodes: string[]; names: string[] }

async function watched(page: Page): Promise<Watch> {
  return page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __hostileNodes: string[]; __downloadNames: string[]; __hostileBad: (e: Element) => boolean }
    // whatever is in the DOM now, besides what the observer saw being added (an element whose
    // text or attribute values hold a payload is fine: that is the text shown as text)
    const now = [...document.querySelectorAll('*')].filter((e) => w.__hostileBad(e)).map((e) => e.outerHTML.slice(0, 200))
    return { pwned: w.__pwned, nodes: [...w.__hostileNodes, ...now], names: w.__downloadNames.slice() }
  })
}

async function assertClean(page: Page, where: string) {
  const w = await watched(page)
  assert(w.pwned === undefined, `${where}: a payload ran (window.__pwned = ${String(w.pwned)})`)
  assert(w.nodes.length === 0, `${where}: elements made from data:\n${w.nodes.join('\n')}`)
}

/** The page must not be wider than the window, and no panel may reach past it. */
async function assertLayout(page: Page, where: string) {
  const l = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: innerWidth,
    panels: [...document.querySelectorAll('.panel, [data-testid="data-dialog"]')].map((e) => {
      const r = e.getBoundingClientRect()
      return { cls: e.className.toString().slice(0, 40), left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width) }
    }),
  }))
  assert(l.scroll <= l.inner, `${where}: the page is ${l.scroll} px wide in a ${l.inner} px window`)
  for (const p of l.panels) assert(p.left >= -1 && p.right <= l.inner + 1, `${where}: panel "${p.cls}" spans ${p.left}…${p.right} in a ${l.inner} px window`)
}

/** Demo incidents with hostile ids, subtypes and addresses, plus one rejected row that names a payload. */
function hostileIncidents(): string {
  const demo = Papa.parse<Record<string, string>>(readFileSync('geodata/demo/incidents.csv', 'utf8'), { header: true, skipEmptyLines: true }).data
  const rows = demo.slice(-3000)
  const out = rows.map((r, i) => ({
    id: i < PAYLOADS.length ? PAYLOADS[i] : `${PAYLOADS[i % PAYLOADS.length].slice(0, 40)}#${i}`,
    time: r.time,
    category: r.category,
    subtype: i % 3 === 0 ? PAYLOADS[i % PAYLOADS.length] : r.subtype,
    lon: r.lon,
    lat: r.lat,
    address: PAYLOADS[(i + 1) % PAYLOADS.length],
  }))
  // rejected as a duplicate: the report names its id
  out.push({ ...out[0], address: 'dup' })
  // a name that is markup, as a file from another office might carry
  const file = `${OUT}/hostile-incidents-<img src=x onerror=window.__pwned=8>.csv`
  writeFileSync(file, Papa.unparse(out, { columns: ['id', 'time', 'category', 'subtype', 'lon', 'lat', 'address'] }))
  return file
}

function hostileStreets(): string {
  const fc = JSON.parse(readFileSync('geodata/demo/streets.geojson', 'utf8')) as FeatureCollection
  fc.features.forEach((f, i) => {
    f.properties!.name = PAYLOADS[i % PAYLOADS.length]
    delete f.properties!.name_en
  })
  // an id that is markup too (the ranking keys rows by it, the detail panel falls back to it)
  fc.features[fc.features.length - 1].properties!.id = '<script>window.__pwned=9</script>'
  const file = `${OUT}/hostile-streets-"><svg onload=window.__pwned=10>.geojson`
  writeFileSync(file, JSON.stringify(fc))
  return file
}

async function snapshot(page: Page, req: SnapshotRequest): Promise<SnapshotResult> {
  return page.evaluate((r) => window.pinganAutomation!.snapshot(r), req)
}

/** Hovers the map on a grid until deck.gl's tooltip shows text; returns that text. */
async function hoverTooltip(page: Page, want: (text: string) => boolean): Promise<string> {
  const box = await page.locator('[data-testid="map"]').boundingBox()
  assert(box, 'map element has no box')
  const seen: string[] = []
  for (let gy = 1; gy < 8; gy++) {
    for (let gx = 1; gx < 8; gx++) {
      await page.mouse.move(box.x + (box.width * gx) / 8, box.y + (box.height * gy) / 8)
      await page.waitForTimeout(60)
      const tip = page.locator('.map-tooltip')
      if (!(await tip.count()) || !(await tip.first().isVisible())) continue
      const text = await tip.first().innerText()
      seen.push(text.slice(0, 60))
      if (want(text)) return text
    }
  }
  throw new Error(`no tooltip with a hostile name while hovering the map; saw: ${JSON.stringify(seen)}`)
}

/** Clicks the map on a grid until a click lands on incidents and their list opens; returns its text. */
async function clickForInspector(page: Page): Promise<string> {
  const box = await page.locator('[data-testid="map"]').boundingBox()
  assert(box, 'map element has no box')
  // left of the ranking panel, whose rows a click would select
  for (let gy = 2; gy < 7; gy++) {
    for (let gx = 2; gx < 5; gx++) {
      await page.mouse.click(box.x + (box.width * gx) / 8, box.y + (box.height * gy) / 8)
      const shown = await page.waitForSelector('[data-testid="inspector"]', { timeout: 1500 }).catch(() => null)
      if (shown) return shown.innerText()
    }
  }
  throw new Error('no click on the map opened the incident list')
}

const hasPayload = (text: string) => PAYLOADS.some((p) => text.includes(p.slice(0, 30)))
const SAFE_NAME = (n: string) => !/[<>/\\]/.test(n)

export const HOSTILE_TESTS: Record<string, (ctx: { browser: Browser; baseUrl: string }) => Promise<void>> = {
  'hostile text: markup, javascript: links and a 10,000-character name in imported data are text in tooltip, ranking, detail, filters, report, legend, PNG and PDF, with the layout intact': async (ctx: Ctx) => {
    const incidents = hostileIncidents()
    const streets = hostileStreets()
    // openApp makes its own context: the watcher goes on through it, then the page is reloaded
    const o = await openApp(ctx, 'l=incidents,streets', { width: 1600, height: 900 })
    const page = o.page
    try {
      await page.context().addInitScript(WATCH)
      await page.reload()
      await waitForMap(page)

      // --- import, through the dialog
      await pickFile(page, incidents, 'incidents')
      await assertClean(page, 'incident preview')
      const inc = await startImport(page)
      assert(inc.applied && inc.count === 3000, `incidents: ${JSON.stringify(inc)}`)
      const result = await page.locator('[data-testid="import-result"]').innerText()
      await assertClean(page, 'import result')
      await page.screenshot({ path: `${OUT}/hostile-import.png` })
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="import-report"]').click()])
      const report = readFileSync(await download.path(), 'utf8')
      const dup = report.split(/\r?\n/).find((l) => l.startsWith('3002,duplicate_id'))
      assert(dup?.includes('<img src=x onerror=""window.__pwned=1"">'), `the report does not name the rejected row literally:\n${report.slice(0, 600)}`)
      await closeDialog(page)
      await pickFile(page, streets, 'streets')
      const st = await startImport(page)
      assert(st.applied && st.count === 7, `streets: ${JSON.stringify(st)} ${result.slice(0, 100)}`)
      await closeDialog(page)
      await page.locator('[data-testid="open-data"]').click()
      const listed = await page.locator('[data-testid="dataset-streets"]').innerText()
      assert(listed.includes('"><svg onload=window.__pwned=10>'), `the dataset list does not show the file name literally: ${listed}`)
      await assertLayout(page, 'data dialog')
      await closeDialog(page)
      await waitForMap(page)
      await assertClean(page, 'after import')

      // --- ranking: street names as text, the long one not widening anything
      await page.waitForSelector('[data-testid="safety-index"][data-state="done"]', { timeout: 60_000 })
      const names = await page.locator('[data-testid="safety-row"] .nm').allInnerTexts()
      for (const p of PAYLOADS.slice(0, 4)) assert(names.includes(p), `ranking lacks "${p}" as text: ${JSON.stringify(names.map((x) => x.slice(0, 50)))}`)
      assert(names.some((x) => x.startsWith('ЖЖЖ')), 'the long name is not in the ranking')
      await assertLayout(page, 'ranking')

      // --- area detail of the street named <img …> (by row click)
      await page.locator('[data-testid="safety-row"]', { hasText: '<img src=x' }).first().click()
      await page.waitForSelector('[data-testid="area-detail"][data-state="done"]', { timeout: 60_000 })
      const detail = await page.locator('[data-testid="area-detail"] h2').innerText()
      assert(detail.includes('<img src=x onerror="window.__pwned=1">'), `the detail panel title is not the literal name: ${detail}`)
      await assertLayout(page, 'area detail')
      // and the long-named one, whose title must wrap or clip inside the panel
      await page.locator('[data-testid="safety-row"]', { hasText: 'ЖЖЖЖ' }).first().click()
      await page.waitForFunction(() => document.querySelector('[data-testid="area-detail"] h2')?.textContent?.includes('ЖЖЖЖ'))
      await assertLayout(page, 'area detail of the long name')
      // the long name is cut, not spread: ranking name cell and detail title stay narrow
      const widths = await page.evaluate(() => ({
        nm: Math.max(...[...document.querySelectorAll('[data-testid="safety-row"] .nm')].map((e) => e.getBoundingClientRect().width)),
        title: document.querySelector('[data-testid="area-detail"] h2 .ttl')!.getBoundingClientRect().width,
        detail: document.querySelector('[data-testid="area-detail"]')!.getBoundingClientRect().width,
      }))
      assert(widths.nm <= 250 && widths.title <= widths.detail, `long name: ranking cell ${widths.nm} px, detail title ${widths.title} px in a ${widths.detail} px panel`)
      await assertClean(page, 'ranking and detail')

      // --- filter panel: the subtypes are labels
      const filters = await page.locator('[data-testid="filter-panel"]').innerText()
      for (const p of PAYLOADS.slice(0, 4)) assert(filters.includes(p), `filter panel lacks subtype "${p}" as text`)
      await assertLayout(page, 'filters')

      // --- legend: whatever it shows, nothing from it is markup
      const legend = (await page.locator('[data-testid="legend"]').count()) ? await page.locator('[data-testid="legend"]').innerText() : ''
      await assertClean(page, 'filters and legend')

      // --- tooltip over a street
      const tip = await hoverTooltip(page, (x) => x.includes('ЖЖЖЖ'))
      assert(!tip.includes('undefined'), `tooltip: ${tip}`)
      // deck.gl puts the tooltip at the pointer, so near the right edge it may overhang: its
      // width is what the data must not blow up
      const tipBox = await page.locator('.map-tooltip').first().boundingBox()
      assert(tipBox && tipBox.width <= 400 && tipBox.height <= 300, `the tooltip is ${tipBox?.width} × ${tipBox?.height} px`)
      await assertLayout(page, 'tooltip')
      await page.screenshot({ path: `${OUT}/hostile-desk.png` })
      await assertClean(page, 'tooltip')

      // --- the incident list a click opens (points mode): hostile ids, subtypes and addresses are text
      await page.getByTestId('incident-mode').selectOption('points')
      const list = await clickForInspector(page)
      assert(hasPayload(list), `the incident list shows no payload as text: ${list.slice(0, 200)}`)
      await assertLayout(page, 'incident list')
      await page.screenshot({ path: `${OUT}/hostile-incident-list.png` })
      await assertClean(page, 'incident list')
      await page.getByTestId('inspector-close').click()
      await page.getByTestId('incident-mode').selectOption('heatmap')

      // --- exports
      const png = await snapshot(page, { format: 'png', preset: 'screen', title: '<img src=x onerror="window.__pwned=5">' })
      assert(Buffer.from(png.base64, 'base64').subarray(1, 4).toString() === 'PNG', 'PNG export is not a PNG')
      writeFileSync(`${OUT}/hostile-export.png`, Buffer.from(png.base64, 'base64'))
      assert(SAFE_NAME(png.fileName), `PNG file name from the title: ${png.fileName}`)
      const pdf = await snapshot(page, { format: 'pdf', preset: 'screen', title: PAYLOADS[3] })
      assert(SAFE_NAME(pdf.fileName), `PDF file name from the title: ${pdf.fileName}`)
      const bytes = Buffer.from(pdf.base64, 'base64')
      writeFileSync(`${OUT}/hostile-briefing.pdf`, bytes)
      const pdfText = await pdfPages(bytes)
      const flat = pdfText.join('')
      for (const p of ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', 'javascript:window.__pwned=3']) {
        assert(flat.includes(p.replace(/\s+/g, '')), `the PDF ranking lacks "${p}" literally`)
      }
      await assertClean(page, 'exports')

      // --- download names derived from data
      const w = await watched(page)
      assert(w.names.length >= 1, 'no download name recorded')
      for (const n of w.names) assert(SAFE_NAME(n), `a download is named "${n}"`)
      await assertLayout(page, 'end')
      assert(o.problems.length === 0, `page problems: ${o.problems.join('; ')}`)
      console.log(`    ${names.length} ranking rows, tooltip "${tip.slice(0, 50).replace(/\n/g, ' ')}", legend ${legend.length} chars, PDF ${pdfText.length} pages, downloads ${JSON.stringify(w.names)}`)
    } finally {
      await o.close()
    }
  },
}
