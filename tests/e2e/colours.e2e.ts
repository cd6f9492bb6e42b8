/**
 * Browser test of the palette on the map itself: layers that a planner has on together stay
 * apart where one is drawn over the other, and gap cells keep their borders. Each check turns the
 * upper layer off and compares the same pixels (ΔE00, the tests' own CIEDE2000) with it and
 * without it, so whatever lies beneath (roads, the heatmap's local colour) is the same on both.
 */
import { readFileSync } from 'node:fs'
import { WebMercatorViewport } from '@math.gl/web-mercator'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { readCamerasCsv } from '../../src/io/cameras-csv'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { metresPerPixel } from '../../src/map/layers/heat-units'
import { AnalyticsSession } from '../../src/workers/analytics-session'
import { deltaE2000, type Rgb } from '../colour-difference'
import { assert, openApp, settle, type Ctx } from './app.e2e'

/** Over a translucent fill's inside and the layer beside it (tests/unit/map/palette.test.ts says why). */
const SHOWS_OVER = 15
/** A cell border against the cell's inside. */
const APART = 20

/** The demo's gap grid in Node, as the app's worker computes it with its default settings. */
function demoCoverage() {
  const s = new AnalyticsSession()
  for (const name of ['streets', 'compounds']) s.setAreas(name, JSON.parse(readFileSync(`geodata/demo/${name}.geojson`, 'utf8')))
  s.setCameras(readCamerasCsv(readFileSync('geodata/demo/cameras.csv', 'utf8')).cameras)
  s.setIncidents(readIncidentsCsv(readFileSync('geodata/demo/incidents.csv')).columns)
  return s.coverage({ level: 'observe', occlusion: false, onlineOnly: false, district: 'streets', report: ['streets', 'compounds'], topGaps: 15 })
}

/**
 * The first ranked gap whose cell is hot, seen by no camera at all (so that only the gap lies
 * under the points sampled in it) and shares its east edge with another hot, uncovered (class 6)
 * cell: the old town's "one orange block" case. Returns its centre and the longitude of that edge.
 */
function blockOfGaps(c: ReturnType<typeof demoCoverage>) {
  const { positions, classes, unit } = c.cells
  const cellOf = new Map<number, number>()
  for (let k = 0; k < unit.length; k++) cellOf.set(unit[k], k)
  for (const g of c.gaps) {
    const k = cellOf.get(g.unit)
    if (k === undefined || classes[k] !== 6 || g.coverage !== 0) continue
    const east = positions[k * 8 + 2], south = positions[k * 8 + 1], north = positions[k * 8 + 5]
    for (let j = 0; j < classes.length; j++) {
      if (classes[j] === 6 && Math.abs(positions[j * 8] - east) < 1e-9 && Math.abs(positions[j * 8 + 1] - south) < 1e-9) {
        return { lon: (positions[k * 8] + east) / 2, lat: (south + north) / 2, eastEdge: east }
      }
    }
  }
  throw new Error('the demo has no two neighbouring hot, uncovered gap cells')
}

type Pt = { x: number; y: number }
/**
 * The median colour of a (2r+1)² patch around each point of the map (roads and labels are a
 * minority), from small clipped screenshots: a full 1920×1080 one costs more than all of them.
 */
async function sample(page: Page, pts: Pt[], r = 3): Promise<Rgb[]> {
  const box = (await page.locator('[data-testid="map"]').boundingBox())!
  const out: Rgb[] = []
  for (const p of pts) {
    const png = PNG.sync.read(await page.screenshot({ clip: { x: box.x + Math.round(p.x) - r, y: box.y + Math.round(p.y) - r, width: 2 * r + 1, height: 2 * r + 1 } }))
    const px: number[][] = []
    for (let i = 0; i < png.data.length; i += 4) px.push([png.data[i], png.data[i + 1], png.data[i + 2]])
    const med = (k: number) => px.map((q) => q[k]).sort((a, b) => a - b)[px.length >> 1]
    out.push([med(0), med(1), med(2)])
  }
  return out
}

const frames = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.overlayFrames ?? 0))
async function toggle(page: Page, id: string, on: boolean) {
  const n = await frames(page)
  const box = page.locator(`[data-testid="layer-${id}"]`)
  if (on) await box.check()
  else await box.uncheck()
  await settle(page, n)
}

const fmt = (c: Rgb) => `rgb(${c.join(',')})`

export const COLOUR_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'colours that separate: plan sector over gaps, gaps over the heatmap and Gi* cells, views over the heatmap; gap cells bordered'(ctx) {
    const cov = demoCoverage()
    const gap = blockOfGaps(cov)
    const zoom = 16
    const t0 = Date.now()
    const marks: string[] = []
    const mark = (w: string) => marks.push(`${w} ${((Date.now() - t0) / 1000).toFixed(0)} s`)
    // the planner as a planner works: the heatmap, gaps, the network's views and cameras, and the plan
    const o = await openApp(ctx, `l=incidents,gaps,coverage,cameras,plan&c=${gap.lon},${gap.lat}&z=${zoom}`, { width: 1920, height: 1080 })
    try {
      const page = o.page
      mark('open')
      await page.waitForSelector('[data-testid="coverage-panel"][data-state="done"]', { timeout: 120_000 })
      await page.waitForSelector('[data-testid="plan-panel"][data-load="ready"]', { timeout: 60_000 })
      mark('coverage')
      const box = (await page.locator('[data-testid="map"]').boundingBox())!
      const url = new URL(page.url()).searchParams
      const [lon, lat] = (url.get('c') ?? '').split(',').map(Number)
      const vp = new WebMercatorViewport({ width: box.width, height: box.height, longitude: lon, latitude: lat, zoom: Number(url.get('z')) })
      const at = (lo: number, la: number): Pt => { const [x, y] = vp.project([lo, la]); return { x, y } }
      const centre = at(gap.lon, gap.lat)

      // a plan camera (bullet, north, 60 m) at the gap cell's centre; its sector lies inside the
      // cell, which no network camera sees (class 6), so nothing but the gap lies under it
      await page.locator('[data-testid="plan-tool-add"]').click()
      await page.mouse.click(box.x + centre.x, box.y + centre.y)
      await page.waitForSelector('[data-testid="plan-camera-row"]', { timeout: 30_000 })
      await page.keyboard.press('Escape')
      const mpp = metresPerPixel(vp.zoom, lat)
      const inSector = { x: centre.x, y: centre.y - 30 / mpp } // 30 m north: halfway up the sector
      const inCell = { x: centre.x, y: centre.y + 70 / mpp } // 70 m south: the same cell, clear of the sector
      // across the border with the class-6 neighbour east of it, 7 pixels, at the height of inCell
      const edgeX = at(gap.eastEdge, gap.lat).x
      const across = [-3, -2, -1, 0, 1, 2, 3].map((dx) => ({ x: edgeX + dx, y: inCell.y }))
      // a network camera's view: the one whose middle is nearest the gap, at least 150 px from the plan camera
      const { positions, starts } = cov.views
      let view: Pt | null = null, best = Infinity
      for (let k = 0; k + 1 < starts.length; k++) {
        let sx = 0, sy = 0
        const n = starts[k + 1] - starts[k]
        for (let v = starts[k]; v < starts[k + 1]; v++) { sx += positions[2 * v]; sy += positions[2 * v + 1] }
        const p = at(sx / n, sy / n)
        const d = Math.hypot(p.x - centre.x, p.y - centre.y)
        if (d >= 150 && p.x > 40 && p.y > 40 && p.x < box.width - 40 && p.y < box.height - 40 && d < best) [view, best] = [p, d]
      }
      assert(view, 'no camera view in sight')

      const results: string[] = []
      const measure = (what: string, a: Rgb, b: Rgb, min: number) => {
        const d = deltaE2000(a, b)
        results.push(`${what}: ${fmt(a)} vs ${fmt(b)}, ΔE00 ${d.toFixed(1)}`)
        assert(d >= min, `${what}: ΔE00 ${d.toFixed(1)} < ${min} (${fmt(a)} vs ${fmt(b)})`)
      }
      await settle(page, 0)
      mark('plan camera')
      await page.screenshot({ path: 'tests/e2e/output/colours-planner-1920x1080.png' })

      // 1. the plan sector over a gap cell (the heatmap beneath both), against the same pixels with the plan off
      const [planOverGap] = await sample(page, [inSector])
      await toggle(page, 'plan', false)
      const [gapAlone, gapOverHeat] = await sample(page, [inSector, inCell])
      measure('plan sector over a hot uncovered gap cell', planOverGap, gapAlone, SHOWS_OVER)

      // 2. the border between two neighbouring class-6 cells: its strongest pixel against the inside
      const [inside, ...edge] = await sample(page, [{ x: edgeX - 20, y: inCell.y }, ...across], 0)
      const border = Math.max(...edge.map((c) => deltaE2000(c, inside)))
      results.push(`gap cell border: ΔE00 ${border.toFixed(1)} from the cell's inside ${fmt(inside)}`)
      assert(border >= APART, `two neighbouring gap cells run together: their border differs by ΔE00 ${border.toFixed(1)} < ${APART}`)
      mark('plan, border')

      // 3. gap cells over the heatmap, against the heatmap alone; 4. a view over the heatmap, likewise
      await toggle(page, 'gaps', false)
      const [heatAtCell, viewOverHeat] = await sample(page, [inCell, view], 1)
      await toggle(page, 'coverage', false)
      const [heatAtView] = await sample(page, [view], 1)
      measure('hot uncovered gap cell over the heatmap', gapOverHeat, heatAtCell, SHOWS_OVER)
      measure('camera view over the heatmap', viewOverHeat, heatAtView, SHOWS_OVER)
      mark('heatmap')

      // 5. gap cells over Gi* hotspot cells, against the Gi* cells alone
      await toggle(page, 'incidents', false)
      await toggle(page, 'hotspots', true)
      await page.waitForSelector('[data-testid="legend-hotspots"][data-state="done"] [data-testid="hot-class"]', { timeout: 120_000 })
      await settle(page, 0)
      const [hotAlone] = await sample(page, [inCell])
      await toggle(page, 'gaps', true)
      const [gapOverHot] = await sample(page, [inCell])
      measure('hot uncovered gap cell over a Gi* cell', gapOverHot, hotAlone, SHOWS_OVER)
      mark('Gi*')
      for (const r of results) console.log(`    ${r}`)
      console.log(`    ${marks.join(', ')}`)
      assert(o.problems.length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },
}
