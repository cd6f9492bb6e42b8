/** Browser tests of the incident filters: the drawn map follows the filter, and how fast with 1,000,000 incidents. */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { keepMask, NO_FILTER, type IncidentFilterSpec } from '../../src/core/incident-filter'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { assert, incidents1mFile, isHeat, openApp, pixelShare, settle, type Ctx } from './app.e2e'
import { closeDialog, pickFile, startImport } from './import-dialog'

const frames = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.overlayFrames ?? 0))

/** Runs `act`, then waits for the overlay's redraw and reads the heat share. */
async function heatAfter(page: Page, act: () => Promise<void>): Promise<number> {
  const f0 = await frames(page)
  await act()
  await settle(page, f0)
  return pixelShare(page, isHeat)
}

const ONLY_FIRE = ['criminal', 'public_order', 'problem', 'other']
const WEEKEND_ONLY = [0, 1, 2, 3, 4]

/**
 * Time from a control's change to the first overlay frame drawn after it (ms), measured in the
 * page: the change and the frame counter are read on the same clock.
 */
async function filterLatency(page: Page, testid: string, value: string): Promise<number> {
  // a string, not a function: tsx's __name helper does not exist in the page
  return page.evaluate(`new Promise((resolve) => {
    const el = document.querySelector('[data-testid="${testid}"]')
    const f0 = Number(document.documentElement.dataset.overlayFrames ?? 0)
    const t0 = performance.now()
    el.value = '${value}'
    el.dispatchEvent(new Event('change', { bubbles: true }))
    const poll = () => (Number(document.documentElement.dataset.overlayFrames ?? 0) > f0 ? resolve(performance.now() - t0) : requestAnimationFrame(poll))
    requestAnimationFrame(poll)
  })`)
}

/** Like settle, with room for SwiftShader re-accumulating a heatmap of 1,000,000 points. */
async function frameAfter(page: Page, n: number) {
  await page.waitForFunction((k) => Number(document.documentElement.dataset.overlayFrames ?? 0) > k, n, { timeout: 300_000 })
}


export const FILTER_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'filters: a filter change changes the drawn map, in the direction keepMask predicts'(ctx) {
    const incidents = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv')).columns
    const kept = (patch: Partial<IncidentFilterSpec>) => {
      const m = keepMask(incidents, { ...NO_FILTER, ...patch })
      return m ? m.reduce((s, v) => s + v, 0) : incidents.count
    }
    const o = await openApp(ctx, 'l=incidents')
    try {
      const page = o.page
      await page.waitForSelector('[data-testid="filter-panel"][data-path="gpu"]')
      // on one colour scale: left to itself the scale re-fits to what is shown, and a few incidents draw as much heat as many
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="legend-incidents"]')?.getAttribute('data-fits')) > 0)
      await page.locator('[data-testid="legend-scale-lock"]').click()
      const all = await pixelShare(page, isHeat)
      assert(all > 0.01, `no heat drawn before filtering (share ${all})`)
      const cases: [string, Partial<IncidentFilterSpec>, () => Promise<void>][] = [
        ['one category (fire)', { categories: [2] }, async () => { for (const c of ONLY_FIRE) await page.locator(`[data-testid="filter-category-${c}"]`).click() }],
        ['22:00–06:00 across midnight', { hours: [22, 6] }, async () => {
          await page.locator('[data-testid="filter-hour-start"]').selectOption('22')
          await page.locator('[data-testid="filter-hour-end"]').selectOption('6')
        }],
        ['weekend only', { weekdays: [5, 6] }, async () => { for (const d of WEEKEND_ONLY) await page.locator(`[data-testid="filter-weekday-${d}"]`).click() }],
      ]
      for (const [name, patch, act] of cases) {
        const n = kept(patch)
        const share = await heatAfter(page, act)
        console.log(`  ${name}: keepMask keeps ${n} of ${incidents.count}; heat share ${all.toFixed(4)} → ${share.toFixed(4)}`)
        assert(n < incidents.count, `${name}: the fixture should drop incidents`)
        assert(share < all * 0.97, `${name}: fewer incidents (${n}) should draw less heat (${all} → ${share})`)
        await page.screenshot({ path: `tests/e2e/output/filter-${name.replace(/[^a-z0-9]+/gi, '-')}.png` })
        if (name.startsWith('22')) {
          const label = await page.locator('[data-testid="filter-hours-label"]').textContent()
          assert(label?.includes('22:00–06:00') && label.includes('跨夜'), `hour label: ${label}`)
        }
        const back = await heatAfter(page, () => page.locator('[data-testid="filter-reset"]').click())
        assert(Math.abs(back - all) < all * 0.02, `reset should restore the map (${all} → ${back})`)
      }
      assert(o.problems.length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },
}

/**
 * With 1,000,000 incidents imported: per mode, the time from a filter control's change to the
 * first overlay frame drawn after it, and the animation frame times while the map is dragged
 * for 2 s. A benchmark (tests/bench/filters.bench.ts), not a test: the figures are noisy here.
 */
export async function filterFigures(ctx: Ctx): Promise<{ mode: string; latency: number[]; frames: number[] }[]> {
  const out: { mode: string; latency: number[]; frames: number[] }[] = []
  const file = incidents1mFile()
  const o = await openApp(ctx, 'l=incidents')
  try {
    const page = o.page
    await pickFile(page, file, 'incidents')
      const r = await startImport(page, 600_000)
      assert(r.count === 1_000_000 && r.applied, `import: ${JSON.stringify(r)}`)
      await closeDialog(page)
      await page.waitForFunction(() => Number(document.documentElement.dataset.overlayFrames ?? 0) > 0, null, { timeout: 300_000 })
      for (const mode of ['points', 'heatmap'] as const) {
        const f0 = await frames(page)
        await page.locator('[data-testid="incident-mode"]').selectOption(mode)
        await frameAfter(page, f0)
        const sample = async () => page.locator('[data-testid="map"]').screenshot()
        const shot0 = await sample()
        const lat: number[] = []
        const hours = ['22', '0', '6', '18', '22']
        for (const h of hours) {
          lat.push(await filterLatency(page, 'filter-hour-start', h))
        }
        const shot1 = await sample()
        assert(!shot0.equals(shot1), `${mode}: the map did not change with the hour filter`)
        // pan: drag the map ~2 s and time the animation frames
        const box = (await page.locator('[data-testid="map"]').boundingBox())!
        await page.evaluate(`(() => {
          window.__ft = []; window.__on = true
          let last = performance.now()
          const tick = (t) => { window.__ft.push(t - last); last = t; if (window.__on) requestAnimationFrame(tick) }
          requestAnimationFrame(tick)
        })()`)
        const cx = box.x + box.width / 2, cy = box.y + box.height / 2
        await page.mouse.move(cx, cy)
        await page.mouse.down()
        const t0 = Date.now()
        for (let i = 0; Date.now() - t0 < 2000; i++) await page.mouse.move(cx + 150 * Math.sin(i / 8), cy + 80 * Math.cos(i / 8))
        await page.mouse.up()
        const ft = await page.evaluate(() => { const w = window as unknown as { __ft: number[]; __on: boolean }; w.__on = false; return w.__ft.slice(1) })
        out.push({ mode, latency: lat, frames: ft })
        console.error(`  ${mode}: latency ${lat.map((x) => x.toFixed(0)).join(', ')} ms; ${ft.length} frames while panning`)
        // after a pan over 1,000,000 points SwiftShader may keep the page busy for a while
        await page.locator('[data-testid="filter-reset"]').click({ timeout: 300_000 })
      }
    } finally {
      await o.close()
    }
  return out
}
