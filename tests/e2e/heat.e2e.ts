/**
 * Browser test of the incident colour scale that follows what is shown: the legend's upper value
 * against a count of the demo's filtered incidents made here in Node (its own parse of the CSV,
 * its own 500 m cells), heat on the map for one day and for 刑事 at night on weekends, the lock,
 * and no GL error or missing-attribute warning while the heatmap and hexagon layers are made.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { assert, isHeat, pixelShare, settle, waitForMap, type Ctx } from './app.e2e'

interface Row { lon: number; lat: number; day: string; hour: number; weekday: number; category: string }

/** The demo's incidents, read plainly: local times as written (Asia/Shanghai), weekday 0 = Monday. */
function demoRows(): Row[] {
  const lines = readFileSync('geodata/demo/incidents.csv', 'utf8').trim().split('\n').slice(1)
  return lines.map((l) => {
    const f = l.split(',')
    const [y, m, d] = f[1].slice(0, 10).split('-').map(Number)
    return { lon: Number(f[4]), lat: Number(f[5]), day: f[1].slice(0, 10), hour: Number(f[1].slice(11, 13)), weekday: (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7, category: f[2] }
  })
}

/**
 * The scale's end as the legend should state it: the 99th percentile of the incidents per km² of
 * the `cellM` square cells that hold any, on an equirectangular grid from the points' south-west
 * corner (src/core/square-grid.ts' contract), rounded up to 1, 2 or 5 × 10^k.
 */
function expectedTop(rows: Row[], cellM: number): { top: number; q: number } {
  let lon0 = Infinity, lat0 = Infinity, lonMax = -Infinity, lat1 = -Infinity
  for (const r of rows) [lon0, lat0, lonMax, lat1] = [Math.min(lon0, r.lon), Math.min(lat0, r.lat), Math.max(lonMax, r.lon), Math.max(lat1, r.lat)]
  const ky = (Math.PI * 6371008.8) / 180, kx = ky * Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180)
  const cols = Math.max(1, Math.ceil(((lonMax - lon0) * kx) / cellM - 1e-9)), rows_ = Math.max(1, Math.ceil(((lat1 - lat0) * ky) / cellM - 1e-9))
  const cells = new Map<number, number>()
  for (const r of rows) {
    const c = Math.min(Math.floor(((r.lon - lon0) * kx) / cellM), cols - 1), w = Math.min(Math.floor(((r.lat - lat0) * ky) / cellM), rows_ - 1)
    cells.set(w * cols + c, (cells.get(w * cols + c) ?? 0) + 1)
  }
  const busy = [...cells.values()].sort((a, b) => a - b)
  const q = busy[Math.min(busy.length - 1, Math.floor(0.99 * busy.length))] / ((cellM * cellM) / 1e6)
  const p = 10 ** Math.floor(Math.log10(q))
  return { top: [1, 2, 5, 10].map((k) => k * p).find((v) => v >= q * (1 - 1e-12))!, q }
}

const legend = (page: Page) => page.locator('[data-testid="legend-incidents"]')
const frames = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.overlayFrames ?? 0))
const fits = async (page: Page) => Number(await legend(page).getAttribute('data-fits'))
const top = async (page: Page) => Number(await legend(page).getAttribute('data-top'))

/** Runs `act` (a filter change), then waits for the scale's next fit (when `refit`) and the redraw. */
async function after(page: Page, act: () => Promise<void>, refit = true) {
  const f0 = await frames(page), n0 = await fits(page)
  await act()
  if (refit) {
    await page.waitForFunction((n) => {
      const l = document.querySelector('[data-testid="legend-incidents"]')
      return Number(l?.getAttribute('data-fits')) > n && l?.getAttribute('data-pending') === 'false'
    }, n0, { timeout: 30_000 })
  }
  await settle(page, f0)
}

const setDay = (page: Page, day: string) => async () => {
  await page.locator('[data-testid="filter-from"]').fill(day)
  await page.locator('[data-testid="filter-from"]').dispatchEvent('change')
  await page.locator('[data-testid="filter-to"]').fill(day)
  await page.locator('[data-testid="filter-to"]').dispatchEvent('change')
}

/** deck.gl / luma.gl messages of a layer drawn with attributes its shader does not declare, or the other way round. */
const GL_TROUBLE = /GL_INVALID_OPERATION|Vertex shader input type does not match|filterValues|filterCategoryValues|weightsTexture/

export const HEAT_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'heat scale: one day and 刑事 22–06 weekends fit the legend to Node and show heat, the lock holds, no GL errors; the scenes popover keeps clear of the zoom'(ctx) {
    const rows = demoRows()
    const t0 = Date.now()
    const lap = (what: string) => console.log(`    ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })
    // from the start: Chrome reports a context's first 32 GL errors only, luma.gl each warning once
    const messages: string[] = [], problems: string[] = []
    const page = await context.newPage()
    page.on('console', (m) => {
      if (GL_TROUBLE.test(m.text())) messages.push(`${m.type()}: ${m.text()}`)
      else if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    try {
      await page.goto(`${ctx.baseUrl}/?l=incidents`)
      await waitForMap(page)
      lap('opened')
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="legend-incidents"]')?.getAttribute('data-fits')) > 0, null, { timeout: 30_000 })
      const all = expectedTop(rows, 500)
      assert(await top(page) === all.top, `all incidents: legend top ${await top(page)}, Node ${all.top}`)
      const heatAll = await pixelShare(page, isHeat)
      lap('fitted to all')

      // one day, first on the two-year scale (locked), then fitted to the day
      const day = '2025-12-30'
      const dayRows = rows.filter((r) => r.day === day)
      await legend(page).locator('[data-testid="legend-scale-lock"]').click()
      await after(page, setDay(page, day), false)
      const haze = await pixelShare(page, isHeat)
      assert(await top(page) === all.top, `locked: the legend moved to ${await top(page)}`)
      await after(page, () => legend(page).locator('[data-testid="legend-scale-lock"]').click())
      const dayTop = expectedTop(dayRows, 500)
      const heatDay = await pixelShare(page, isHeat)
      const period = await legend(page).locator('[data-testid="legend-scale-period"]').first().innerText()
      console.log(`    all: top ${all.top}/km² (Node q ${all.q}), heat ${(heatAll * 100).toFixed(1)}%; ${day} (${dayRows.length} incidents): top ${await top(page)} (Node ${dayTop.top}, q ${dayTop.q}), heat ${(haze * 100).toFixed(2)}% on the two-year scale → ${(heatDay * 100).toFixed(1)}%; legend "${period}"`)
      assert(await top(page) === dayTop.top, `${day}: legend top ${await top(page)}, Node ${dayTop.top}`)
      assert(period.includes(day), `the legend does not say the day: ${period}`)
      assert(heatDay > 0.02 && heatDay > 3 * haze, `${day}: heat ${heatDay} (on the two-year scale ${haze})`)
      await page.screenshot({ path: 'tests/e2e/output/heat-one-day.png' })
      lap('one day')

      // the lock keeps the day's scale while the window moves on a day
      await legend(page).locator('[data-testid="legend-scale-lock"]').click()
      await after(page, setDay(page, '2025-12-31'), false)
      assert(await top(page) === dayTop.top && (await legend(page).getAttribute('data-locked')) === 'true', `locked: the legend moved to ${await top(page)}`)
      assert((await legend(page).locator('[data-testid="legend-scale-period"]').first().innerText()).includes(day), 'locked: the period moved')
      await after(page, () => legend(page).locator('[data-testid="legend-scale-lock"]').click())
      const next = expectedTop(rows.filter((r) => r.day === '2025-12-31'), 500)
      assert(await top(page) === next.top, `unlocked on 2025-12-31: ${await top(page)}, Node ${next.top}`)

      lap('lock')
      // 刑事, 22:00–06:00, weekends, over all dates
      // the layer is hidden while the eleven controls change: SwiftShader would re-accumulate the heatmap at each
      await after(page, async () => {
        await page.locator('[data-testid="layer-incidents"]').uncheck()
        await page.locator('[data-testid="filter-reset"]').click()
        for (const c of ['public_order', 'fire', 'problem', 'other']) await page.locator(`[data-testid="filter-category-${c}"]`).click()
        await page.locator('[data-testid="filter-hour-start"]').selectOption('22')
        await page.locator('[data-testid="filter-hour-end"]').selectOption('6')
        for (const d of [0, 1, 2, 3, 4]) await page.locator(`[data-testid="filter-weekday-${d}"]`).click()
        await page.locator('[data-testid="layer-incidents"]').check()
      })
      lap('刑事 at night on weekends')
      const nightRows = rows.filter((r) => r.category === 'criminal' && (r.hour >= 22 || r.hour < 6) && r.weekday >= 5)
      const night = expectedTop(nightRows, 500)
      const heatNight = await pixelShare(page, isHeat)
      console.log(`    刑事 22–06 weekends (${nightRows.length} incidents): top ${await top(page)} (Node ${night.top}, q ${night.q}), heat ${(heatNight * 100).toFixed(1)}%`)
      assert(await top(page) === night.top, `刑事 night weekends: legend top ${await top(page)}, Node ${night.top}`)
      assert(heatNight > 0.02, `刑事 night weekends: heat ${heatNight}`)
      await page.screenshot({ path: 'tests/e2e/output/heat-criminal-night-weekends.png' })

      // hexagons: classes fitted on cells of the hexagon's area
      await after(page, async () => { await page.locator('[data-testid="incident-mode"]').selectOption('hexagon') })
      const hexSide = Math.sqrt(((3 * Math.sqrt(3)) / 2) * 200 * 200)
      const hex = expectedTop(nightRows, hexSide)
      const heatHex = await pixelShare(page, isHeat)
      console.log(`    hexagons: top ${await top(page)} (Node ${hex.top}), coloured ${(heatHex * 100).toFixed(1)}%`)
      assert(await top(page) === hex.top, `hexagons: legend top ${await top(page)}, Node ${hex.top}`)
      assert(heatHex > 0.01, `hexagons: coloured share ${heatHex}`)
      await page.screenshot({ path: 'tests/e2e/output/heat-hexagons.png' })
      await after(page, async () => { await page.locator('[data-testid="incident-mode"]').selectOption('heatmap') })

      lap('hexagons')

      // the scenes popover keeps clear of the zoom buttons
      await page.locator('[data-testid="scenes-open"]').click()
      const box = async (sel: string) => (await page.locator(sel).first().boundingBox())!
      const [scenes, zoom] = await Promise.all([box('[data-testid="scenes-panel"]'), box('.maplibregl-ctrl-top-right')])
      const overlap = scenes.x < zoom.x + zoom.width && zoom.x < scenes.x + scenes.width && scenes.y < zoom.y + zoom.height && zoom.y < scenes.y + scenes.height
      assert(!overlap, `the scenes popover (x ${scenes.x}–${scenes.x + scenes.width}) covers the zoom buttons (x ${zoom.x}–${zoom.x + zoom.width})`)
      lap('scenes')

      assert(messages.length === 0, `GL trouble while the layers were made:\n${messages.slice(0, 5).join('\n')}`)
      assert(problems.length === 0, problems.join('\n'))
    } finally {
      await context.close()
    }
  },
}
