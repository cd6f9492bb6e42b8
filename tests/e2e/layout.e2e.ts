/**
 * The desk's right column at the screen sizes of a command centre's desks: its panels fold to
 * their title bars, one task panel at a time gets the column's height, nothing overlaps, and the
 * width the user dragged survives a reload.
 */
import type { Page } from 'playwright-core'
import { assert, openApp, type Ctx } from './app.e2e'

const SIZES = [[1366, 768], [1920, 1080], [2560, 1440]] as const

interface Box { what: string; left: number; top: number; right: number; bottom: number }

/**
 * The boxes that must not overlap: every visible panel of the map (both columns, the timeline,
 * the legend, the load status), the column's width handle and the map's own controls; and the
 * right column's panels whose content runs past their own box.
 */
async function layout(page: Page) {
  // no named functions inside: the test runner's transpiler would wrap them in a helper the page lacks
  return page.evaluate(() => {
    const visible = [...document.querySelectorAll('.stage .panel, [data-testid="side-splitter"], .maplibregl-ctrl-top-right .maplibregl-ctrl, .maplibregl-ctrl-bottom-right .maplibregl-ctrl')]
      .map((e) => ({ e, r: e.getBoundingClientRect(), what: (e as HTMLElement).dataset.testid ?? e.className.toString().slice(0, 40) }))
      .filter(({ e, r }) => r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden')
    const boxes = visible.map(({ r, what }) => ({ what, left: r.left, top: r.top, right: r.right, bottom: r.bottom }))
    // a panel whose content is taller than its box would draw it over the next panel
    const spilling = visible.filter(({ e }) => e.matches('.side .panel') && e.scrollHeight > e.clientHeight + 1).map(({ what }) => what)
    return { boxes, spilling, width: innerWidth, height: innerHeight }
  })
}

async function assertNoOverlap(page: Page, where: string) {
  const l = await layout(page)
  const outside = l.boxes.filter((b) => b.left < -0.5 || b.top < -0.5 || b.right > l.width + 0.5 || b.bottom > l.height + 0.5)
  assert(outside.length === 0, `${where}: outside the window: ${JSON.stringify(outside)}`)
  const overlaps: string[] = []
  const b = l.boxes
  for (let i = 0; i < b.length; i++) {
    for (let j = i + 1; j < b.length; j++) {
      const w = Math.min(b[i].right, b[j].right) - Math.max(b[i].left, b[j].left)
      const h = Math.min(b[i].bottom, b[j].bottom) - Math.max(b[i].top, b[j].top)
      if (w > 0.5 && h > 0.5) overlaps.push(`${b[i].what} × ${b[j].what} (${Math.round(w)}×${Math.round(h)} px)`)
    }
  }
  assert(overlaps.length === 0, `${where}: overlapping: ${overlaps.join('; ')}`)
  assert(l.spilling.length === 0, `${where}: content runs out of ${l.spilling.join(', ')}`)
  return l.boxes.length
}

const expanded = (page: Page, testid: string) => page.locator(`[data-testid="${testid}"]`).getAttribute('aria-expanded')

async function resize(page: Page, width: number, height: number) {
  await page.setViewportSize({ width, height })
  // the map and the column follow the window on the next frames
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200)))))
}

/** The ranking's rows wholly in sight inside its scrolling table. */
const rowsInSight = (page: Page) => page.evaluate(() => {
  const wrap = document.querySelector('[data-testid="safety-index"] .table-wrap')!.getBoundingClientRect()
  const head = document.querySelector('[data-testid="safety-index"] thead')!.getBoundingClientRect()
  return [...document.querySelectorAll('[data-testid="safety-row"]')].filter((r) => {
    const b = r.getBoundingClientRect()
    return b.height > 0 && b.top >= head.bottom - 0.5 && b.bottom <= wrap.bottom + 0.5
  }).length
})

const columnWidth = async (page: Page) => (await page.locator('[data-testid="side-column"]').boundingBox())!.width

export const LAYOUT_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'right column: folding panels, nothing overlapping at 1366×768, 1920×1080 and 2560×1440, a dragged width kept'(ctx) {
    const started = Date.now()
    const o = await openApp(ctx, 'l=streets,cameras,coverage,gaps,plan', { width: 1366, height: 768 })
    try {
      const page = o.page
      await page.waitForSelector('[data-testid="plan-panel"][data-load="ready"]', { timeout: 60_000 })
      // a link with the planner and coverage on opens the planner, the rest folded to their bars
      assert(await expanded(page, 'plan-bar') === 'true' && await expanded(page, 'coverage-bar') === 'false' && await expanded(page, 'safety-bar') === 'false',
        'the planner is not the one panel open')
      // a plan of one camera
      await page.locator('[data-testid="plan-tool-add"]').click()
      const map = (await page.locator('[data-testid="map"]').boundingBox())!
      await page.mouse.click(map.x + map.width * 0.4, map.y + map.height * 0.5)
      await page.keyboard.press('Escape')
      await page.waitForSelector('[data-testid="plan-metrics"][data-cameras="1"]', { timeout: 60_000 })
      await page.waitForSelector('[data-testid="coverage-panel"][data-state="done"]', { timeout: 120_000 })
      // the ranking unfolds from its bar, the planner folds; a row opens the area detail beside it
      await page.locator('[data-testid="safety-bar"]').click()
      assert(await expanded(page, 'plan-bar') === 'false', 'opening the ranking left the planner open')
      await page.locator('[data-testid="safety-row"]').first().click()
      await page.waitForSelector('[data-testid="area-detail"][data-state="done"]', { timeout: 60_000 })
      const rows = await rowsInSight(page)
      console.log(`    1366×768, ranking and area detail open: ${rows} ranking rows in sight`)
      assert(rows >= 5, `the ranking shows ${rows} rows beside the area detail at 1366×768`)

      for (const [width, height] of SIZES) {
        await resize(page, width, height)
        if (await expanded(page, 'safety-bar') !== 'true') await page.locator('[data-testid="safety-bar"]').click()
        if (await expanded(page, 'area-detail-bar') !== 'true') await page.locator('[data-testid="area-detail-bar"]').click()
        const n = await assertNoOverlap(page, `${width}×${height}, ranking and detail`)
        // the planner: opening it folds the detail; unfolded again, the two share the column
        await page.locator('[data-testid="plan-bar"]').click()
        assert(await expanded(page, 'area-detail-bar') === 'false', 'opening the planner left the detail unfolded')
        await assertNoOverlap(page, `${width}×${height}, planner`)
        const plan = (await page.locator('[data-testid="plan-panel"]').boundingBox())!
        console.log(`    ${width}×${height}: ${n} boxes apart; the planner gets ${Math.round(plan.height)} px of ${height}`)
        if (width < 2560) await page.screenshot({ path: `tests/e2e/output/layout-planner-${width}x${height}.png` })
        await page.locator('[data-testid="area-detail-bar"]').click()
        await assertNoOverlap(page, `${width}×${height}, planner and detail`)
      }

      // the width handle: dragged 120 px to the left at 1920×1080, the column widens by as much
      await resize(page, 1920, 1080)
      const before = await columnWidth(page)
      const grip = (await page.locator('[data-testid="side-splitter"]').boundingBox())!
      const x = grip.x + grip.width / 2, y = grip.y + grip.height / 2
      await page.mouse.move(x, y)
      await page.mouse.down()
      for (let k = 1; k <= 6; k++) await page.mouse.move(x - 20 * k, y)
      await page.mouse.up()
      const dragged = await columnWidth(page)
      assert(Math.abs(dragged - before - 120) <= 1, `dragged 120 px: the column went from ${before} to ${dragged} px`)
      await assertNoOverlap(page, '1920×1080, widened')
      // a new visit (lighter than the planner's link, whose coverage would be computed again): only the panels' layout is read
      await page.goto(`${ctx.baseUrl}/?l=streets,plan`)
      await page.waitForSelector('[data-testid="plan-panel"][data-load="ready"]', { timeout: 60_000 })
      const reloaded = await columnWidth(page)
      assert(Math.abs(reloaded - dragged) <= 1, `after a new visit the column is ${reloaded} px, not the ${dragged} px dragged`)
      assert(await expanded(page, 'plan-bar') === 'true', 'after a new visit the planner is not the panel open')
      // a smaller window keeps the timeline its room: the wide column narrows, nothing overlaps
      await resize(page, 1366, 768)
      const narrowed = await columnWidth(page)
      assert(narrowed < dragged, `at 1366×768 the column stays ${narrowed} px`)
      await assertNoOverlap(page, '1366×768 after the reload')
      console.log(`    column ${before} → ${dragged} px dragged, ${reloaded} px on a new visit, ${narrowed} px at 1366×768; ${((Date.now() - started) / 1000).toFixed(1)} s`)
      assert(o.problems.length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },
}
