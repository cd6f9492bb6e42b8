import { readFileSync } from 'node:fs'
import { WebMercatorViewport } from '@math.gl/web-mercator'
import type { Page } from 'playwright-core'
import { NO_FILTER } from '../../src/core/incident-filter'
import { packedString } from '../../src/core/incidents'
import { cellCentreLonLat } from '../../src/core/square-grid'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { assert, openApp, settle, type Ctx } from './app.e2e'
import { nodeSession } from './display.e2e'

const CAP = 20
/** text that looks like a code: a lower-case word of four or more letters and underscores */
const CODE = /[a-z_]{4,}/g

interface Shown { kind: string; total: number; place: { lon: number; lat: number; radiusM?: number; cell?: number[] }; ids: string[] }

async function shownInspection(page: Page, kind: string): Promise<Shown> {
  const box = page.locator(`[data-testid="inspector"][data-kind="${kind}"]`)
  await box.waitFor({ timeout: 30_000 })
  // a popup over the map: it hides neither the timeline nor the right column
  const clash = await box.evaluate((e) => {
    const r = e.getBoundingClientRect()
    return ['timeline', 'side-column'].flatMap((id) => {
      const o = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect()
      const at = o && [o.left, o.top, o.right, o.bottom, r.left, r.top, r.right, r.bottom].map(Math.round)
      return o && r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom ? [`${id} (${at!.slice(0, 4).join()} under ${at!.slice(4).join()})`] : []
    })
  })
  assert(clash.length === 0, `the ${kind} inspector covers ${clash.join(' and ')}`)
  return box.evaluate((e) => ({
    kind: (e as HTMLElement).dataset.kind!, total: Number((e as HTMLElement).dataset.total),
    place: JSON.parse((e as HTMLElement).dataset.place!),
    ids: [...e.querySelectorAll('[data-testid="inspector-row"]')].map((r) => (r as HTMLElement).dataset.id!),
  }))
}

const frames = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.overlayFrames ?? 0))

/** Lower-case code words in the visible text of the elements matching `selector`. */
async function codeWords(page: Page, selector: string): Promise<string[]> {
  const texts = await page.locator(selector).evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText))
  return texts.flatMap((s) => s.match(CODE) ?? [])
}

export const WORDS_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'inspect an incident and a hot cell: the rows a Node lookup finds; no codes in the Chinese UI, no Chinese plan name in the English'(ctx) {
    const inc = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv')).columns
    const h = nodeSession().hotspots({ cell: 250, band: 500, fdr: true, within: 'streets', filter: { ...NO_FILTER } })
    // the busiest 99 % hot cell
    let cell = -1
    for (let i = 0; i < h.classes.length; i++) if (h.mask[i] && h.classes[i] === 3 && (cell < 0 || h.counts[i] > h.counts[cell])) cell = i
    assert(cell >= 0, 'the demo has no 99 % hot cell')
    const [lon0, lat0] = cellCentreLonLat(h.grid, cell)
    const zoom = 15
    const t0 = Date.now()
    const o = await openApp(ctx, `l=incidents,hotspots,streets&c=${lon0.toFixed(6)},${lat0.toFixed(6)}&z=${zoom}`, { width: 1600, height: 1000 })
    try {
      const page = o.page
      await page.waitForSelector('[data-testid="legend-hotspots"][data-state="done"] [data-testid="hot-class"]', { timeout: 120_000 })
      console.log(`    app and hot spots drawn in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
      const box = (await page.locator('[data-testid="map"]').boundingBox())!
      const newest = (a: number, b: number) => inc.time[b] - inc.time[a] || a - b
      const ids = (rows: number[]) => rows.slice(0, CAP).map((i) => packedString(inc.id, i))

      // 1. the hot cell under the map's centre (heatmap mode: no dot to hit)
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
      const c = await shownInspection(page, 'cell')
      const [w, s, e, n] = c.place.cell!
      const inCell: number[] = []
      for (let i = 0; i < inc.count; i++) if (inc.lon[i] >= w && inc.lon[i] < e && inc.lat[i] >= s && inc.lat[i] < n) inCell.push(i)
      inCell.sort(newest)
      console.log(`    hot cell ${cell}: ${c.total} incidents listed as there, ${inCell.length} in its bounds in Node, Gi* count ${h.counts[cell]}`)
      assert(c.total === inCell.length && c.total === h.counts[cell], `cell: ${c.total} shown, Node ${inCell.length} in bounds, ${h.counts[cell]} counted`)
      assert(JSON.stringify(c.ids) === JSON.stringify(ids(inCell)), `cell rows ${c.ids.join(',')} ≠ Node ${ids(inCell).join(',')}`)
      if (c.total > CAP) assert(await page.getByTestId('inspector-more').count() === 1, 'no "and N more" under a capped list')
      const cellCodes = await codeWords(page, '[data-testid="inspector"]')
      await page.screenshot({ path: 'tests/e2e/output/words-inspect-cell.png' })
      await page.getByTestId('inspector-close').click()

      // 2. points mode: the place in that cell where most incidents share one position
      const shown = await frames(page)
      await page.getByTestId('incident-mode').selectOption('points')
      await settle(page, shown)
      const byPlace = new Map<string, number[]>()
      for (const i of inCell) {
        const k = `${inc.lon[i]},${inc.lat[i]}`
        byPlace.set(k, [...(byPlace.get(k) ?? []), i])
      }
      const cluster = [...byPlace.values()].reduce((a, b) => (b.length > a.length ? b : a))
      const vp = new WebMercatorViewport({ width: box.width, height: box.height, longitude: lon0, latitude: lat0, zoom })
      const [px, py] = vp.project([inc.lon[cluster[0]], inc.lat[cluster[0]]])
      await page.mouse.click(box.x + px, box.y + py)
      const p = await shownInspection(page, 'near')
      // an independent measure: great-circle metres from the clicked point
      const R = 6371008.8, rad = Math.PI / 180
      const metresFrom = (at: { lon: number; lat: number }, i: number) => {
        const dLat = (inc.lat[i] - at.lat) * rad, dLon = (inc.lon[i] - at.lon) * rad
        const a = Math.sin(dLat / 2) ** 2 + Math.cos(at.lat * rad) * Math.cos(inc.lat[i] * rad) * Math.sin(dLon / 2) ** 2
        return 2 * R * Math.asin(Math.sqrt(a))
      }
      const near: { i: number; d: number }[] = []
      for (let i = 0; i < inc.count; i++) {
        const d = metresFrom(p.place, i)
        if (d <= p.place.radiusM!) near.push({ i, d })
      }
      near.sort((a, b) => a.d - b.d || newest(a.i, b.i))
      console.log(`    dot: ${p.total} incidents within ${p.place.radiusM!.toFixed(1)} m listed, Node ${near.length}; ${cluster.length} share the clicked position`)
      assert(p.total === near.length && p.total >= cluster.length, `points: ${p.total} shown, Node ${near.length}, cluster ${cluster.length}`)
      assert(JSON.stringify(p.ids) === JSON.stringify(ids(near.map((x) => x.i))), `point rows ${p.ids.join(',')} ≠ Node ${ids(near.map((x) => x.i)).join(',')}`)
      await page.screenshot({ path: 'tests/e2e/output/words-inspect-point.png' })

      const pointCodes = await codeWords(page, '[data-testid="inspector"]')
      await page.getByTestId('inspector-close').click()

      // 3. hexagons (200 m): the hexagon under the centre lists its incidents, all within two radii of the click, newest first
      const before = await frames(page)
      await page.getByTestId('incident-mode').selectOption('hexagon')
      await settle(page, before)
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
      const x = await shownInspection(page, 'kept')
      const byId = new Map<string, number>()
      for (let i = 0; i < inc.count; i++) byId.set(packedString(inc.id, i), i)
      const hexRows = x.ids.map((id) => byId.get(id)!)
      const far = hexRows.filter((i) => metresFrom(x.place, i) > 400)
      let within2r = 0
      for (let i = 0; i < inc.count; i++) if (metresFrom(x.place, i) <= 400) within2r++
      console.log(`    hexagon: ${x.total} incidents listed, ${within2r} within 400 m of the click in Node`)
      assert(x.total > 0 && x.total <= within2r && far.length === 0, `hexagon: ${x.total} listed, ${far.length} beyond 400 m, ${within2r} within`)
      assert(hexRows.every((r, k) => k === 0 || inc.time[hexRows[k - 1]] >= inc.time[r]), 'hexagon rows not newest first')
      const hexCodes = await codeWords(page, '[data-testid="inspector"]')
      await page.getByTestId('inspector-close').click()

      // 4. no code words in the Chinese panels: legend, filter list, the lists opened, a tooltip
      await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 40)
      await page.waitForSelector('.map-tooltip', { state: 'visible', timeout: 10_000 }).catch(() => null)
      const codes = [
        ...cellCodes, ...pointCodes, ...hexCodes, ...await codeWords(page, '[data-testid="legend"]'), ...await codeWords(page, '[data-testid="filter-panel"]'),
        ...await codeWords(page, '.map-tooltip'),
      ]
      console.log(`    zh-CN: ${codes.length} code words in the legend, filter list, tooltip and the two lists`)
      assert(codes.length === 0, `code words in the Chinese UI: ${[...new Set(codes)].join(', ')}`)
      // every subtype count whole inside the filter panel ("14,9…" was clipped at its edge)
      const clipped = await page.locator('[data-testid="filter-panel"]').evaluate((panel) => {
        const edge = panel.getBoundingClientRect().right
        return [...panel.querySelectorAll('.subtypes .count')].filter((c) => c.getBoundingClientRect().right > edge - 1 || c.scrollWidth > c.clientWidth).map((c) => c.textContent)
      })
      assert(clipped.length === 0, `subtype counts clipped: ${clipped.join(', ')}`)

      // 5. English: the plan made in the Chinese UI reads "Plan 1"
      await page.getByTestId('layer-plan').check()
      await page.getByTestId('plan-select').waitFor({ timeout: 30_000 })
      const zhPlan = await page.getByTestId('plan-select').locator('option').first().textContent()
      await page.getByTestId('lang-switch').click()
      const enPlan = await page.getByTestId('plan-select').locator('option').first().textContent()
      console.log(`    plan name: ${zhPlan} → ${enPlan}`)
      assert(/^方案 1/.test(zhPlan ?? '') && /^Plan 1/.test(enPlan ?? ''), `plan names ${zhPlan} / ${enPlan}`)
      const speeds = await page.locator('[data-testid="timeline-speed"] option').allTextContents()
      assert(speeds.includes('1 step/s') && speeds.includes('2 steps/s'), `speeds read ${speeds.join(' / ')}`)
      const han = await page.locator('[data-testid="legend"], [data-testid="filter-panel"], [data-testid="plan-select"]').evaluateAll((els) => els.flatMap((e) => (e as HTMLElement).innerText.match(/\p{Script=Han}+/gu) ?? []))
      assert(han.length === 0, `Chinese in the English UI: ${han.join(', ')}`)
      console.log(`    whole test page ${((Date.now() - t0) / 1000).toFixed(1)} s`)
      const errors = o.problems.filter((x) => x.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await o.close()
    }
  },
}
