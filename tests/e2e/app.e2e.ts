import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { makeIncidentsCsv } from '../bench/make-incidents-csv'
import { monthPeriod, type Period } from '../../src/core/periods'
import type { SafetyWeights } from '../../src/core/safety-index'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { AnalyticsSession } from '../../src/workers/analytics-session'
import { readCamerasCsv } from '../../src/io/cameras-csv'
import type { DoriLevel } from '../../src/core/camera-model'
import type { FeatureCollection, Point } from 'geojson'
import { readmeShot } from './readme-shots'
import { CAMERA_CLASS_COLOR } from '../../src/map/palette'
import { crossingLabels, drawnLabels, projector, type Box } from './map-labels'

export interface Ctx {
  browser: Browser
  baseUrl: string
}

interface Opened {
  page: Page
  requests: string[]
  problems: string[]
  close: () => Promise<void>
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message)
}

/** Opens the app and waits until the map, the overlay and the demo incidents are all drawn. */
export async function openApp(ctx: Ctx, query = '', viewport = { width: 1280, height: 800 }): Promise<Opened> {
  const context = await ctx.browser.newContext({ viewport, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const requests: string[] = []
  const problems: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  await page.goto(`${ctx.baseUrl}/${query ? `?${query}` : ''}`)
  await waitForMap(page)
  return { page, requests, problems, close: () => context.close() }
}

export async function waitForMap(page: Page) {
  await page.waitForSelector('[data-testid="load-status"][data-state="done"]', { timeout: 120_000 })
  await page.waitForFunction(() => document.documentElement.dataset.mapIdle && Number(document.documentElement.dataset.overlayFrames ?? 0) > 0, null, { timeout: 120_000 })
  await nextFrames(page)
}

const nextFrames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200)))))

/** After a change that makes the overlay redraw: wait for that redraw (deck.gl draws on its next animation frame). */
export async function settle(page: Page, frames: number) {
  await page.waitForFunction((n) => Number(document.documentElement.dataset.overlayFrames ?? 0) > n, frames, { timeout: 30_000 })
  await nextFrames(page)
}

const overlayFrames = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.overlayFrames ?? 0))

type Rgb = [number, number, number]
/** Share of the map area (below the header) whose pixels satisfy `match`. */
export async function pixelShare(page: Page, match: (c: Rgb) => boolean): Promise<number> {
  const box = await page.locator('[data-testid="map"]').boundingBox()
  assert(box, 'map element has no box')
  const png = PNG.sync.read(await page.screenshot({ clip: box }))
  let hits = 0
  for (let i = 0; i < png.data.length; i += 4) if (match([png.data[i], png.data[i + 1], png.data[i + 2]])) hits++
  return hits / (png.width * png.height)
}

const near = (c: Rgb, ref: Rgb, tol: number) => Math.abs(c[0] - ref[0]) <= tol && Math.abs(c[1] - ref[1]) <= tol && Math.abs(c[2] - ref[2]) <= tol
// Base map road colours (src/map/theme.ts); bluish greys that no overlay layer uses.
const isRoad = (c: Rgb) => near(c, [91, 115, 150], 14) || near(c, [63, 85, 117], 10)
// Inferno from purple to yellow: red far above green. The base map is bluish grey (green above red).
export const isHeat = (c: Rgb) => c[0] > 60 && c[1] < c[0] * 0.5
// Class A cameras are mint (src/map/palette.ts).
const isCameraA = (c: Rgb) => near(c, [...CAMERA_CLASS_COLOR[0]] as Rgb, 40)

/** Counts animation frames and the longest gap between two, to show the page keeps drawing. */
export const FRAME_COUNTER = `(() => {
  const f = (window.__frames = { n: 0, maxGap: 0, last: performance.now(), on: true })
  const tick = (t) => { f.maxGap = Math.max(f.maxGap, t - f.last); f.last = t; f.n++; if (f.on) requestAnimationFrame(tick) }
  requestAnimationFrame(tick)
})()`

/** A deterministic 1,000,000-row incidents CSV, written once per checkout. */
export function incidents1mFile(): string {
  const file = 'tests/e2e/output/incidents-1m.csv'
  if (!existsSync(file)) writeFileSync(file, makeIncidentsCsv(1_000_000, 7))
  return file
}

/** The demo's safety index computed here in Node, to check what the app's worker shows. */
export function expectedRanking() {
  const session = new AnalyticsSession()
  session.setAreas('streets', JSON.parse(readFileSync('geodata/demo/streets.geojson', 'utf8')))
  session.setAreas('compounds', JSON.parse(readFileSync('geodata/demo/compounds.geojson', 'utf8')))
  session.setIncidents(readIncidentsCsv(readFileSync('geodata/demo/incidents.csv')).columns)
  return (layer: string, period: Period | null, weights?: SafetyWeights) =>
    session.safetyIndex(layer, period, weights).rows.map((r) => ({ id: r.id, rank: r.rank, per10k: r.per10k }))
}

/** The demo's camera coverage computed here in Node, to check what the app's worker shows. */
function expectedCoverage(level: DoriLevel, occlusion: boolean) {
  const session = new AnalyticsSession()
  for (const name of ['streets', 'compounds']) session.setAreas(name, JSON.parse(readFileSync(`geodata/demo/${name}.geojson`, 'utf8')))
  if (occlusion) session.setAreas('buildings', JSON.parse(readFileSync('geodata/demo/buildings.geojson', 'utf8')), { idOptional: true })
  session.setCameras(readCamerasCsv(readFileSync('geodata/demo/cameras.csv', 'utf8')).cameras)
  session.setIncidents(readIncidentsCsv(readFileSync('geodata/demo/incidents.csv')).columns)
  return session.coverage({ level, occlusion, onlineOnly: false, district: 'streets', report: ['streets', 'compounds'], topGaps: 15 })
}

export async function shownRanking(page: Page) {
  return page.locator('[data-testid="safety-row"]').evaluateAll((rows) => rows.map((r) => {
    const e = r as HTMLElement
    return { id: e.dataset.id ?? '', rank: e.dataset.rank ? Number(e.dataset.rank) : null, per10k: e.dataset.per10k ? Number(e.dataset.per10k) : null }
  }))
}

export function assertSameRanking(shown: Awaited<ReturnType<typeof shownRanking>>, expected: ReturnType<ReturnType<typeof expectedRanking>>, what: string) {
  assert(shown.length === expected.length, `${what}: ${shown.length} rows shown, ${expected.length} expected`)
  expected.forEach((e, i) => {
    const s = shown[i]
    assert(s.id === e.id && s.rank === e.rank, `${what}: row ${i + 1} is ${s.id} rank ${s.rank}, expected ${e.id} rank ${e.rank}`)
    assert(e.per10k === null ? s.per10k === null : Math.abs((s.per10k ?? NaN) - e.per10k) < 1e-9, `${what}: ${e.id} per10k ${s.per10k} ≠ ${e.per10k}`)
  })
}

/** Waits until the panel shows a computation newer than the one in `before`. */
export async function nextRanking(page: Page, periodText: string) {
  await page.waitForFunction((text) => {
    const el = document.querySelector('[data-testid="safety-index"]') as HTMLElement | null
    return el?.dataset.state === 'done' && document.querySelector('[data-testid="safety-period"]')?.textContent?.includes(text)
  }, periodText, { timeout: 60_000 })
}

export function assertOnlyOwnOrigin(o: Opened, baseUrl: string) {
  const foreign = o.requests.filter((u) => !u.startsWith(`${baseUrl}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))
  assert(foreign.length === 0, `requests left the app's origin:\n${foreign.join('\n')}`)
  const csp = o.problems.filter((p) => /Content Security Policy|Refused to/i.test(p))
  assert(csp.length === 0, `CSP violations:\n${csp.join('\n')}`)
}

export const TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'the demo district renders: base map, Chinese labels and deck layers, with no foreign request'(ctx) {
    const o = await openApp(ctx, '', { width: 1920, height: 1080 })
    try {
      await o.page.screenshot({ path: readmeShot('demo-1920x1080.png') })
      const heat = await pixelShare(o.page, isHeat)
      const cams = await pixelShare(o.page, isCameraA)
      assert(heat > 0.01, `heatmap covers only ${(heat * 100).toFixed(2)}% of the map`)
      // the cameras' 2,400 dots would hide the heat in the centre: off until asked for
      assert(!(await o.page.locator('[data-testid="layer-cameras"]').isChecked()) && (await o.page.locator('[data-testid="legend-cameras"]').count()) === 0, 'cameras on in the first view')
      // no name crosses another or a station's dot; every street keeps its name
      const labels = await drawnLabels(o.page, { width: 1920, height: 1080 })
      const crossing = crossingLabels(labels)
      assert(crossing.length === 0, `names cross: ${crossing.join(', ')}`)
      const project = projector(o.page.url(), { width: 1920, height: 1080 })
      const dots = (JSON.parse(readFileSync('geodata/demo/stations.geojson', 'utf8')) as FeatureCollection<Point>).features.map((f) => {
        const [x, y] = project(f.geometry.coordinates as [number, number])
        return { text: `${f.properties?.name} ●`, box: [x - 10, y - 10, x + 10, y + 10] as Box }
      })
      const onDots = crossingLabels([...labels, ...dots]).filter((p) => p.endsWith('●'))
      assert(onDots.length === 0, `names on station dots: ${onDots.join(', ')}`)
      const streets = (JSON.parse(readFileSync('geodata/demo/streets.geojson', 'utf8')) as FeatureCollection).features.map((f) => String(f.properties?.name))
      const missing = streets.filter((n) => !labels.some((l) => l.text === n))
      assert(missing.length === 0, `street names left out: ${missing.join(', ')}`)
      // class A cameras share their yellow with the schools: the dots are what a click adds
      const frames = await overlayFrames(o.page)
      await o.page.locator('[data-testid="layer-cameras"]').check()
      await settle(o.page, frames)
      const withCams = await pixelShare(o.page, isCameraA)
      assert(withCams > cams + 0.0005, `class A camera symbols add only ${((withCams - cams) * 100).toFixed(3)}% of the map`)
      console.log(`    first view: ${labels.length} names drawn (${streets.length} streets, ${labels.length - streets.length} of ${dots.length} stations), none crossing; class A camera colour ${(cams * 100).toFixed(3)}% → ${(withCams * 100).toFixed(3)}% with the cameras`)
      const fontReady = await o.page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '城关街道派出所'))
      assert(fontReady, 'the label font is not loaded for the label characters')
      const title = await o.page.locator('h1').textContent()
      assert(title === '平安地图', `title is ${title}`)
      const pageErrors = o.problems.filter((p) => p.startsWith('pageerror'))
      assert(pageErrors.length === 0, pageErrors.join('\n'))
      assertOnlyOwnOrigin(o, ctx.baseUrl)
    } finally {
      await o.close()
    }
  },

  async 'the base map draws on its own (all overlay layers off)'(ctx) {
    const o = await openApp(ctx, 'l=&z=13.5')
    try {
      const roads = await pixelShare(o.page, isRoad)
      const heat = await pixelShare(o.page, isHeat)
      assert(roads > 0.005, `roads cover only ${(roads * 100).toFixed(2)}% of the map`)
      assert(heat < 0.001, `heat colours appear with the heatmap off (${(heat * 100).toFixed(2)}%)`)
      await o.page.screenshot({ path: 'tests/e2e/output/base-only.png' })
    } finally {
      await o.close()
    }
  },

  async 'toggling a layer hides it, updates the legend and the URL'(ctx) {
    const o = await openApp(ctx, 'l=streets,cameras&z=13')
    try {
      const before = await pixelShare(o.page, isCameraA)
      assert(before > 0.0005, `cameras not visible before the toggle (${before})`)
      assert(await o.page.locator('[data-testid="legend-cameras"]').isVisible(), 'camera legend missing')
      const frames = await overlayFrames(o.page)
      await o.page.locator('[data-testid="layer-cameras"]').uncheck()
      await settle(o.page, frames)
      const after = await pixelShare(o.page, isCameraA)
      assert(after < before / 10, `cameras still drawn after toggling off: ${before} -> ${after}`)
      assert((await o.page.locator('[data-testid="legend-cameras"]').count()) === 0, 'camera legend still shown')
      const url = new URL(o.page.url())
      assert(url.searchParams.get('l') === 'streets', `URL layers are ${url.searchParams.get('l')}`)
    } finally {
      await o.close()
    }
  },

  async 'a link reopens the same view, and the language switch is kept in it'(ctx) {
    const o = await openApp(ctx, 'c=119.09,36.71&z=14&l=streets,stations')
    try {
      assert(!(await o.page.locator('[data-testid="layer-cameras"]').isChecked()), 'cameras should be off from the link')
      assert(await o.page.locator('[data-testid="layer-stations"]').isChecked(), 'stations should be on from the link')
      await o.page.locator('[data-testid="lang-switch"]').click()
      await o.page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Pingan Map')
      assert((await o.page.locator('html').getAttribute('lang')) === 'en', 'html lang is not en')
      assert((await o.page.locator('[data-testid="layer-panel"]').textContent())?.includes('Police stations'), 'layer panel not translated')
      const url = new URL(o.page.url())
      assert(url.searchParams.get('lang') === 'en', 'lang not in the URL')
      assert(url.searchParams.get('z') === '14', `zoom in URL is ${url.searchParams.get('z')}`)
      assert(url.searchParams.get('c') === '119.09,36.71', `centre in URL is ${url.searchParams.get('c')}`)
      await o.page.reload()
      await waitForMap(o.page)
      assert((await o.page.locator('h1').textContent()) === 'Pingan Map', 'language lost on reload')
      assertOnlyOwnOrigin(o, ctx.baseUrl)
    } finally {
      await o.close()
    }
  },

  async 'the safety index ranks the streets in a worker and follows month, weights and layer'(ctx) {
    const expected = expectedRanking()
    const o = await openApp(ctx, 'l=streets')
    try {
      const page = o.page
      await nextRanking(page, '2025-12-01')
      assertSameRanking(await shownRanking(page), expected('streets', null), 'latest month')
      assert((await page.locator('[data-testid="safety-month"]').inputValue()) === '2025-12', 'month picker does not show the ranked month')
      const monthLabels = await page.locator('[data-testid="safety-month"] option').allTextContents()
      assert(monthLabels.length === 24 && monthLabels[0] === '2025年12月' && monthLabels[23] === '2024年1月', `months offered: ${monthLabels.join(', ')}`)

      await page.locator('[data-testid="safety-month"]').selectOption('2025-06')
      await nextRanking(page, '2025-06-01')
      assertSameRanking(await shownRanking(page), expected('streets', monthPeriod(2025, 6)), 'June 2025')
      const period = await page.locator('[data-testid="safety-period"]').textContent()
      assert(period?.includes('2025-06-30') && period.includes('2025-05-01') && period.includes('2024-06-01'), `period line: ${period}`)

      // the weights are folded under the selects: the table keeps its rows
      await page.locator('[data-testid="safety-weights"] summary').click()
      await page.locator('[data-testid="weight-fire"]').fill('5')
      await page.waitForFunction(() => document.querySelector('.formula')?.textContent?.includes('×5'))
      await nextRanking(page, '2025-06-01')
      assertSameRanking(await shownRanking(page), expected('streets', monthPeriod(2025, 6), { case: 1, fire: 5, problem: 1 }), 'fire weight 5')

      await page.locator('[data-testid="safety-layer"]').selectOption('compounds')
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="safety-row"]').length === 300, null, { timeout: 60_000 })
      assertSameRanking(await shownRanking(page), expected('compounds', monthPeriod(2025, 6), { case: 1, fire: 5, problem: 1 }), 'compounds')

      // key sites have no residents: listed with their counts, flagged, never ranked
      await page.locator('[data-testid="safety-layer"]').selectOption('keySites')
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="safety-row"]').length === 54, null, { timeout: 60_000 })
      const sites = await shownRanking(page)
      assert(sites.every((r) => r.rank === null && r.per10k === null), 'a key site without population got a rank')
      assert((await page.locator('[data-testid="safety-unranked"]').textContent())?.includes('54 个区域无人口数据'), 'no-population flag not shown')

      await page.locator('[data-testid="weight-case"]').fill('-1')
      await page.waitForSelector('[data-testid="safety-index"][data-state="error"]')
      assert((await page.locator('.safety [role="alert"]').textContent())?.includes('权重须为不小于 0 的数'), 'a negative weight is not explained')
      await page.locator('[data-testid="weight-case"]').fill('1')
      await page.waitForSelector('[data-testid="safety-index"][data-state="done"]')

      await page.locator('[data-testid="lang-switch"]').click()
      await page.waitForFunction(() => document.querySelector('[data-testid="safety-index"] h2')?.textContent?.includes('Safety index ranking'))
      await page.screenshot({ path: 'tests/e2e/output/safety-index-compounds.png' })
      const errors = o.problems.filter((p) => p.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await o.close()
    }
  },

  async 'camera coverage and the gap list: computed in a worker, drawn, and a gap flies the map to it'(ctx) {
    const o = await openApp(ctx, 'l=gaps,streets,coverage,cameras', { width: 1920, height: 1080 })
    try {
      const page = o.page
      const done = () => page.waitForSelector('[data-testid="coverage-panel"][data-state="done"]', { timeout: 120_000 })
      await done()
      const expected = expectedCoverage('observe', false)
      const shown = Number(await page.locator('[data-testid="in-view-rate"]').getAttribute('data-value'))
      assert(Math.abs(shown - expected.inViewRate) < 1e-12, `in-view rate ${shown} ≠ ${expected.inViewRate}`)
      assert(expected.inViewRate > 0.05 && expected.inViewRate < 0.95, `implausible demo in-view rate ${expected.inViewRate}`)
      console.log(`    demo incidents in view: ${(expected.inViewRate * 100).toFixed(2)}% (observe, plain sectors)`)
      assert((await page.locator('[data-testid="coverage-street"]').count()) === 7, 'street coverage rows missing')
      const gapUnits = await page.locator('[data-testid="gap-row"]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.unit)))
      assert(gapUnits.length === 10 && gapUnits.every((u, k) => u === expected.gaps[k].unit), `gap list ${gapUnits} ≠ ${expected.gaps.slice(0, 10).map((g) => g.unit)}`)
      assert(await page.locator('[data-testid="legend-gaps"]').isVisible(), 'no legend for the gap map')
      const blind = await page.locator('[data-testid="blind-cells"]').textContent()
      assert(blind === expected.blindCells.toLocaleString('zh-CN'), `blind cells shown ${blind}, expected ${expected.blindCells}`)
      await page.locator('[data-testid="gap-kind-compounds"]').check()
      const compoundGaps = await page.locator('[data-testid="compound-gap-row"]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id))
      const expectedCompounds = expected.areaGaps.compounds.slice(0, 10).map((g) => g.id)
      assert(compoundGaps.join() === expectedCompounds.join(), `compound gaps ${compoundGaps} ≠ ${expectedCompounds}`)
      await page.locator('[data-testid="gap-kind-cells"]').check()
      await page.waitForTimeout(500)
      await page.screenshot({ path: readmeShot('coverage-gaps-1920x1080.png') })
      // the hot-and-uncovered class (bivariate 6) is drawn
      const hot = expected.gaps.find((g) => g.bivariate === 6)
      assert(hot, 'the demo has no hot and uncovered cell')

      const frames = await overlayFrames(page)
      await page.locator('[data-testid="gap-row"]').first().click()
      await page.waitForFunction((target) => {
        const c = new URL(location.href).searchParams.get('c')?.split(',').map(Number)
        return c && Math.abs(c[0] - target[0]) < 0.002 && Math.abs(c[1] - target[1]) < 0.002
      }, [expected.gaps[0].lon, expected.gaps[0].lat], { timeout: 20_000 })
      await settle(page, frames)
      await page.screenshot({ path: 'tests/e2e/output/coverage-gap-zoom.png' })

      await page.locator('[data-testid="occlusion"]').check()
      await page.waitForFunction(() => document.querySelector('[data-testid="coverage-panel"]')?.textContent?.includes('已计建筑遮挡'), null, { timeout: 120_000 })
      await done()
      const occluded = Number(await page.locator('[data-testid="in-view-rate"]').getAttribute('data-value'))
      const expectedOccluded = expectedCoverage('observe', true).inViewRate
      assert(Math.abs(occluded - expectedOccluded) < 1e-12, `occluded in-view rate ${occluded} ≠ ${expectedOccluded}`)
      assert(occluded < shown, `walls should hide incidents: ${occluded} vs ${shown}`)
      const errors = o.problems.filter((p) => p.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await o.close()
    }
  },
}
