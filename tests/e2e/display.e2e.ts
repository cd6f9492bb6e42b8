import { readFileSync } from 'node:fs'
import { WebMercatorViewport } from '@math.gl/web-mercator'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import centroid from '@turf/centroid'
import type { Feature, FeatureCollection, Polygon } from 'geojson'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { classBounds, classBreaks, classCounts, classOf, divergingBreaks, type ClassBreaks } from '../../src/core/area-stats'
import { NO_FILTER } from '../../src/core/incident-filter'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { classColors, FILL_ALPHA } from '../../src/map/layers/choropleth-layer'
import { HOTSPOT_ALPHA, HOTSPOT_COLORS } from '../../src/map/layers/hotspot-cells-layer'
import { BASE } from '../../src/map/theme'
import { AnalyticsSession } from '../../src/workers/analytics-session'
import { assert, openApp, pixelShare, settle, type Ctx } from './app.e2e'

type Rgb = [number, number, number]
const streets = JSON.parse(readFileSync('geodata/demo/streets.geojson', 'utf8')) as FeatureCollection<Polygon>

/** The demo in Node: what the app's worker must show. */
export function nodeSession() {
  const s = new AnalyticsSession()
  s.setAreas('streets', streets)
  s.setAreas('compounds', JSON.parse(readFileSync('geodata/demo/compounds.geojson', 'utf8')))
  s.setIncidents(readIncidentsCsv(readFileSync('geodata/demo/incidents.csv')).columns)
  return s
}

/** A point well inside a polygon: on a 40 × 40 grid over its bbox, the inside point farthest from its edges and from its label (the centroid). */
function interiorPoint(f: Feature<Polygon>): [number, number] {
  const ring = f.geometry.coordinates[0]
  const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1])
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const [cx, cy] = centroid(f).geometry.coordinates
  const segDist = (px: number, py: number, a: number[], b: number[]) => {
    const dx = b[0] - a[0], dy = b[1] - a[1]
    const t = Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / (dx * dx + dy * dy || 1)))
    return Math.hypot(px - a[0] - t * dx, py - a[1] - t * dy)
  }
  let best: [number, number] = [cx, cy], bestScore = -1
  for (let i = 1; i < 40; i++) {
    for (let j = 1; j < 40; j++) {
      const p: [number, number] = [x0 + ((x1 - x0) * i) / 40, y0 + ((y1 - y0) * j) / 40]
      if (!booleanPointInPolygon(p, f)) continue
      let edge = Infinity
      for (let k = 1; k < ring.length; k++) edge = Math.min(edge, segDist(p[0], p[1], ring[k - 1], ring[k]))
      const score = Math.min(edge, Math.hypot(p[0] - cx, p[1] - cy) / 2)
      if (score > bestScore) [best, bestScore] = [p, score]
    }
  }
  return best
}

/** The median colour of a 15 × 15 pixel patch (roads and labels under a fill are a minority). */
function patchColour(png: PNG, x: number, y: number): Rgb {
  const px: Rgb[] = []
  for (let dy = -7; dy <= 7; dy++) {
    for (let dx = -7; dx <= 7; dx++) {
      const i = ((Math.round(y) + dy) * png.width + Math.round(x) + dx) * 4
      px.push([png.data[i], png.data[i + 1], png.data[i + 2]])
    }
  }
  const med = (k: number) => px.map((p) => p[k]).sort((a, b) => a - b)[px.length >> 1]
  return [med(0), med(1), med(2)]
}

const hexRgb = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]
/** A colour as drawn: with its alpha over the district's ground colour. */
const overGround = (c: readonly number[], alpha = FILL_ALPHA): Rgb => {
  const g = hexRgb(BASE.district), a = alpha / 255
  return [0, 1, 2].map((k) => c[k] * a + g[k] * (1 - a)) as Rgb
}
const dist = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])

interface ShownClass { cls: number; lo: number; hi: number; count: number; label: string }
async function shownClasses(page: Page): Promise<ShownClass[]> {
  return page.locator('[data-testid="choro-class"]').evaluateAll((rows) => rows.map((r) => {
    const e = r as HTMLElement
    return { cls: Number(e.dataset.class), lo: Number(e.dataset.lo), hi: Number(e.dataset.hi), count: Number(e.dataset.count), label: e.querySelector('.label')?.textContent ?? '' }
  }))
}

/** The legend's classes are the Node breaks, with the Node counts, and their printed bounds round to the breaks. */
function assertLegend(shown: ShownClass[], b: ClassBreaks, values: Float64Array, percent: boolean, what: string) {
  const counts = classCounts(b, values)
  assert(shown.length === counts.length, `${what}: ${shown.length} classes shown, ${counts.length} expected`)
  for (const s of shown) {
    const [lo, hi] = classBounds(b, s.cls)
    assert(Math.abs(s.lo - lo) < 1e-9 && Math.abs(s.hi - hi) < 1e-9, `${what}: class ${s.cls} is ${s.lo}–${s.hi}, Node ${lo}–${hi}`)
    assert(s.count === counts[s.cls], `${what}: class ${s.cls} has ${s.count} areas, Node ${counts[s.cls]}`)
    // "12.3 – 45.6" or "+25% – +50%": each printed number within half a unit of its last digit of the break
    const printed = s.label.replace(/,/g, '').match(/[+−-]?\d+(\.\d+)?/g)?.map((x) => Number(x.replace('−', '-')))
    assert(printed?.length === 2, `${what}: label "${s.label}" does not read as two numbers`)
    const scale = percent ? 100 : 1
    printed.forEach((p, k) => {
      const decimals = s.label.replace(/,/g, '').match(/[+−-]?\d+(\.\d+)?/g)![k].split('.')[1]?.length ?? 0
      const exact = (k === 0 ? lo : hi) * scale
      assert(Math.abs(p - exact) <= 0.5 * 10 ** -decimals + 1e-9, `${what}: label "${s.label}" misstates ${exact}`)
    })
  }
}

async function choroDone(page: Page) {
  await page.waitForSelector('[data-testid="legend-choropleth"][data-state="done"] [data-testid="choro-class"]', { timeout: 120_000 })
}

export const DISPLAY_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'choropleth: streets by safety index equal the ranking and Node, class colours drawn, the legend states the breaks'(ctx) {
    const node = nodeSession().areaStats({ layer: 'streets', filter: { ...NO_FILTER } })
    const breaks = classBreaks(node.index, 5, 'quantile')!
    // the lowest and the highest class, each with a street
    const cls = node.ids.map((_, a) => classOf(breaks, node.index[a]))
    const low = cls.indexOf(Math.min(...cls)), high = cls.indexOf(Math.max(...cls))
    assert(cls[low] !== cls[high], 'the demo streets fall in one class')
    const feature = (a: number) => streets.features.find((f) => String(f.properties?.id) === node.ids[a])!
    const pts = [interiorPoint(feature(low)), interiorPoint(feature(high))]
    const mid = [(pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2]
    const zoom = 12.5
    const o = await openApp(ctx, `l=choropleth,streets&c=${mid[0].toFixed(6)},${mid[1].toFixed(6)}&z=${zoom}`, { width: 1600, height: 1000 })
    try {
      const page = o.page
      await choroDone(page)
      await page.waitForSelector('[data-testid="safety-index"][data-state="done"]', { timeout: 60_000 })
      // the ranking panel and the choropleth are one figure
      const ranking = await page.locator('[data-testid="safety-row"]').evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.id, Number((r as HTMLElement).dataset.per10k)] as const))
      assert(ranking.length === 7, `ranking has ${ranking.length} rows`)
      for (const [id, per10k] of ranking) {
        const a = node.ids.indexOf(id!)
        assert(Math.abs(node.index[a] - per10k) < 1e-9, `${id}: choropleth index ${node.index[a]}, ranking ${per10k}`)
      }
      assertLegend(await shownClasses(page), breaks, node.index, false, 'streets by safety index')
      assert(await page.locator('[data-testid="legend-choropleth"][data-method="quantile"]').count() === 1, 'legend does not name its method')

      await settle(page, 0)
      const box = (await page.locator('[data-testid="map"]').boundingBox())!
      await page.screenshot({ path: 'tests/e2e/output/display-choropleth-streets.png' })
      const png = PNG.sync.read(await page.screenshot({ clip: box }))
      const vp = new WebMercatorViewport({ width: box.width, height: box.height, longitude: mid[0], latitude: mid[1], zoom })
      const colours = classColors(breaks).map((c) => overGround(c))
      ;[low, high].forEach((a, k) => {
        const [x, y] = vp.project(pts[k])
        const c = patchColour(png, x, y)
        const nearest = colours.map((ref) => dist(c, ref)).reduce((best, d, i, all) => (d < all[best] ? i : best), 0)
        assert(nearest === cls[a], `${node.names[a]} drawn ${c} (nearest class ${nearest}), expected class ${cls[a]} ${colours[cls[a]].map(Math.round)}`)
      })
      const errors = o.problems.filter((p) => p.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await o.close()
    }
  },

  async 'choropleth: a 环比 change map centred on 0, and compounds per 10,000 residents by natural breaks'(ctx) {
    const session = nodeSession()
    const o = await openApp(ctx, 'l=choropleth,streets', { width: 1600, height: 1000 })
    try {
      const page = o.page
      await choroDone(page)
      await page.locator('[data-testid="choro-metric"]').selectOption('mom')
      await page.waitForSelector('[data-testid="legend-choropleth"][data-method="diverging"]')
      const streetsNode = session.areaStats({ layer: 'streets', filter: { ...NO_FILTER } })
      const mom = divergingBreaks(streetsNode.mom, 5, 1)!
      assert(mom.thresholds.includes(0), `change breaks ${mom.thresholds} do not meet at 0`)
      assertLegend(await shownClasses(page), mom, streetsNode.mom, true, 'streets 环比')
      const period = await page.locator('[data-testid="choro-period"]').allTextContents()
      assert(period.length === 2 && period[1].includes('对比期'), `change legend names no base period: ${period}`)
      await settle(page, 0)
      await page.screenshot({ path: 'tests/e2e/output/display-change-mom.png' })

      await page.locator('[data-testid="choro-layer"]').selectOption('compounds')
      await page.locator('[data-testid="choro-metric"]').selectOption('per10k')
      await page.locator('[data-testid="choro-method"]').selectOption('jenks')
      await page.locator('[data-testid="choro-classes"]').selectOption('6')
      await page.waitForSelector('[data-testid="legend-choropleth"][data-method="jenks"][data-state="done"]')
      await page.waitForFunction(() => document.querySelector('[data-testid="legend-choropleth"] .title')?.textContent?.includes('小区'))
      const compounds = session.areaStats({ layer: 'compounds', filter: { ...NO_FILTER } })
      assertLegend(await shownClasses(page), classBreaks(compounds.per10kResidents, 6, 'jenks')!, compounds.per10kResidents, false, 'compounds per 10,000 by Jenks')
      await settle(page, 0)
      await page.screenshot({ path: 'tests/e2e/output/display-compounds-jenks.png' })
    } finally {
      await o.close()
    }
  },

  async 'Gi* hotspot cells: the same classes as Node, hot cells drawn'(ctx) {
    const h = nodeSession().hotspots({ cell: 250, band: 500, fdr: true, within: 'streets', filter: { ...NO_FILTER } })
    const expected = new Map<number, number>()
    for (let i = 0; i < h.classes.length; i++) if (h.mask[i]) expected.set(h.classes[i], (expected.get(h.classes[i]) ?? 0) + 1)
    assert((expected.get(3) ?? 0) > 0, 'the demo has no 99 % hot cell')
    const o = await openApp(ctx, 'l=hotspots,streets', { width: 1600, height: 1000 })
    try {
      const page = o.page
      await page.waitForSelector('[data-testid="legend-hotspots"][data-state="done"] [data-testid="hot-class"]', { timeout: 120_000 })
      const shown = await page.locator('[data-testid="hot-class"]').evaluateAll((rows) => rows.map((r) => [Number((r as HTMLElement).dataset.class), Number((r as HTMLElement).dataset.count)]))
      for (const [cls, n] of shown) assert(n === (expected.get(cls) ?? 0), `class ${cls}: ${n} cells shown, Node ${expected.get(cls) ?? 0}`)
      const layerCount = await page.locator('[data-testid="layer-panel"] label', { hasText: /热点/ }).locator('.count').textContent()
      const significant = [...expected].reduce((a, [c, n]) => (c === 0 ? a : a + n), 0)
      assert(layerCount?.replace(/,/g, '') === String(significant), `layer list says ${layerCount} cells, Node ${significant}`)
      await settle(page, 0)
      const hot99 = overGround(HOTSPOT_COLORS[6], HOTSPOT_ALPHA)
      const share = await pixelShare(page, (c) => dist(c, hot99) < 30)
      assert(share > 0.0005, `no 99 % hot cell drawn (${share})`)
      await page.screenshot({ path: 'tests/e2e/output/display-hotspots.png' })
    } finally {
      await o.close()
    }
  },
}
