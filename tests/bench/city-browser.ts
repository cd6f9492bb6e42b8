/**
 * The city view in a browser (issue 25), against a running server with a loaded city: headless
 * chromium at 1920×1080, signed in as admin, the page opened with the city view on (as after a
 * reload of a tab that showed it).
 * - Time to first frame: the cold-start screencast (screencast.ts) from navigation to the first
 *   frame that shows 60 % of the settled city map (hexagons drawn in their classes), and to the
 *   settled screen; beside it the page's own mark `city-hexagons-drawn` (CityView: the first
 *   MapLibre render with a tile's hexagons in it, which are drawn in one colour until classed).
 * - Memory of the tab after the first frame, after a serpentine over every district's box at
 *   district zoom (z11, a jump a screen, idle at each), after a pan at street zoom over a few
 *   windows of the busiest district, after another over the next one, and back on the whole
 *   city: JS heap after a forced GC (CDP), the renderer's and the GPU process's RSS (the
 *   incidents' columns and the tiles' buffers live outside the JS heap).
 *   `performance.measureUserAgentSpecificMemory` is not used: it needs a cross-origin isolated page.
 * - Screenshots at city zoom and at street zoom under tests/bench/output/ (git-ignored).
 *   npx tsx tests/bench/city-browser.ts <baseUrl> <admin password>
 * city.bench.ts calls `measureCityBrowser` after its server rows.
 */
import { mkdirSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { CDPSession, Page } from 'playwright-core'
import { launchChromium } from '../../src/cli/headless'
import type { CityCamera, CityCameraResult } from '../../src/export/page-api'
import { SESSION_COOKIE } from '../../src/server/app'
import { ownChromiumRssByTypeMB } from './process-tree'
import { measureColdStart } from './screencast'

const OUT = 'tests/bench/output'
const WIDTH = 1920, HEIGHT = 1080
/** district zoom of the serpentine */
const DISTRICT_ZOOM = Number(process.env.CITY_BROWSER_ZOOM ?? 11)
const STREET_ZOOM = 14.5
const STREET_STEPS = 4
/** the city view's tab key (stores/city.ts): the page opens on the city map */
const CITY_KEY = 'pingan-map-city'
type Box = [number, number, number, number]

export interface TabMemory { heapMiB: number; rendererMiB: number; gpuMiB: number; browserMiB: number }

export interface CityBrowserResult {
  firstUsefulMs: number
  settledMs: number
  /** the page's mark, from navigation start */
  markMs: number
  districts: number
  serpentineSteps: number
  streetSteps: number
  /** after the first frame, the serpentine, a street pan, a second one elsewhere, and back on the whole city */
  memory: { first: TabMemory; district: TabMemory; street: TabMemory; street2: TabMemory; back: TabMemory }
  screenshots: string[]
}

async function login(baseUrl: string, password: string): Promise<string> {
  const r = await fetch(new URL('/api/login', baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password }) })
  const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(r.headers.get('set-cookie') ?? '')?.[1]
  if (r.status !== 200 || !token) throw new Error(`login as admin: HTTP ${r.status}`)
  return token
}

async function openCity(page: Page): Promise<void> {
  await page.addInitScript((key) => {
    try {
      sessionStorage.setItem(key, '1')
    } catch {
      /* about:blank has no storage */
    }
  }, CITY_KEY)
}

/** The city view drawn: its districts read, the map idle, the legend classed from the hexagons drawn. */
const cityReady = (page: Page) => page.evaluate(() => document.querySelector('[data-testid="city-panel"][data-state="done"]') !== null
  && document.querySelector('[data-testid="city-map"][data-idle][data-drawn="hexagons"]') !== null
  && (document.querySelector('[data-testid="city-legend"]')?.getAttribute('data-breaks') ?? '0').split(',').length > 2)

async function memory(page: Page, cdp: CDPSession): Promise<TabMemory> {
  // twice: a first collection may leave what finalizers free for the next
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)))
  const { metrics } = await cdp.send('Performance.getMetrics')
  const rss = ownChromiumRssByTypeMB()
  return {
    heapMiB: (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20,
    rendererMiB: rss.renderer ?? NaN,
    gpuMiB: rss['gpu-process'] ?? NaN,
    browserMiB: Object.values(rss).reduce((a, b) => a + b, 0),
  }
}

const camera = (page: Page, c: CityCamera) => {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    page.evaluate((cc) => window.pinganAutomation!.cityCamera(cc), c),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the city map did not settle within 120 s at ${JSON.stringify(c)}`)), 120_000))),
  ]).finally(() => clearTimeout(timer))
}

/** Centres of screens covering `box` row by row, back along the next row, as a hand pans. */
export function serpentine(box: Box, view: { w: number; h: number }): [number, number][] {
  const cols = Math.max(1, Math.ceil((box[2] - box[0]) / view.w)), rows = Math.max(1, Math.ceil((box[3] - box[1]) / view.h))
  const out: [number, number][] = []
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < cols; k++) {
      const c = r % 2 ? cols - 1 - k : k
      out.push([box[0] + (c + 0.5) * view.w, box[3] - (r + 0.5) * view.h])
    }
  }
  return out
}

export async function measureCityBrowser(baseUrl: string, password: string, log: (s: string) => void = (s) => console.error(s)): Promise<CityBrowserResult> {
  mkdirSync(OUT, { recursive: true })
  const token = await login(baseUrl, password)
  const cookies = [{ name: SESSION_COOKIE, value: token, url: baseUrl }]
  const url = new URL('/', baseUrl).href
  const city = await (await fetch(new URL('/api/city', baseUrl), { headers: { cookie: `${SESSION_COOKIE}=${token}` } })).json() as { districts: { name: string; bbox: Box | null; incidents: number }[] }
  const districts = city.districts.filter((d) => d.bbox)
  const all: Box = [Math.min(...districts.map((d) => d.bbox![0])), Math.min(...districts.map((d) => d.bbox![1])), Math.max(...districts.map((d) => d.bbox![2])), Math.max(...districts.map((d) => d.bbox![3]))]

  // ---- first frame: a fresh browser, from navigation
  const cold = await measureColdStart(url, { cookies, width: WIDTH, height: HEIGHT, init: openCity, ready: cityReady, marks: ['city-hexagons-drawn'], saveFrames: `${OUT}/city-browser-firstframe` })
  log(`city view first frame: ${JSON.stringify(cold)}`)

  // ---- memory while panning: another fresh browser
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } })
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(e.message))
    await page.context().addCookies(cookies)
    await openCity(page)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    await page.goto(url)
    await page.waitForFunction(() => window.pinganAutomation !== undefined, null, { timeout: 60_000 })
    await page.waitForFunction(() => document.querySelector('[data-testid="city-map"][data-idle]') !== null, null, { timeout: 120_000 })
    const start: CityCameraResult = await camera(page, { bounds: all })
    await page.waitForFunction(() => (document.querySelector('[data-testid="city-legend"]')?.getAttribute('data-breaks') ?? '0').split(',').length > 2, null, { timeout: 60_000 })
    const shots = [`${OUT}/city-browser-city.png`, `${OUT}/city-browser-street.png`]
    await page.screenshot({ path: shots[0] })
    const first = await memory(page, cdp)
    log(`city zoom ${start.zoom.toFixed(2)}, view ${start.view.map((x) => x.toFixed(3))}: ${JSON.stringify(first)}`)

    // the whole city at district zoom: one screen's size at that zoom, then a screen a step
    const probe = await camera(page, { center: [(all[0] + all[2]) / 2, (all[1] + all[3]) / 2], zoom: DISTRICT_ZOOM })
    const steps = serpentine(all, { w: probe.view[2] - probe.view[0], h: probe.view[3] - probe.view[1] })
    const t0 = Date.now()
    for (const [k, c] of steps.entries()) {
      const r = await camera(page, { center: c, zoom: DISTRICT_ZOOM })
      if (r.drawn !== 'hexagons') throw new Error(`step ${k + 1} at zoom ${r.zoom}: ${r.drawn} drawn, not hexagons`)
    }
    const district = await memory(page, cdp)
    log(`serpentine: ${steps.length} screens at z${DISTRICT_ZOOM} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(district)}`)

    // street zoom: a few windows across the busiest district, then across the next one; a
    // second pan that holds no more than the first holds nothing of the first's windows
    const busiest = [...districts].sort((a, b) => b.incidents - a.incidents)
    let streetShot = false
    const streetPan = async (d: (typeof districts)[number]) => {
      const [bw, bs, be, bn] = d.bbox!
      for (let k = 0; k < STREET_STEPS; k++) {
        // steps of a quarter of the district's width leave each window (half a view beyond the view's edges)
        const r = await camera(page, { center: [bw + ((k + 0.5) / STREET_STEPS) * (be - bw), (bs + bn) / 2], zoom: STREET_ZOOM })
        if (r.drawn !== 'points') throw new Error(`street step ${k + 1} in ${d.name} at zoom ${r.zoom}: ${r.drawn} drawn, not the incidents`)
        if (!streetShot) {
          await page.screenshot({ path: shots[1] })
          streetShot = true
        }
      }
      const mem = await memory(page, cdp)
      log(`street pan: ${STREET_STEPS} screens at z${STREET_ZOOM} across ${d.name}: ${JSON.stringify(mem)}`)
      return mem
    }
    const street = await streetPan(busiest[0])
    const street2 = await streetPan(busiest[1])
    // back on the whole city: what the street zoom drew (its incidents, the heat layer's buffers) let go?
    await camera(page, { bounds: all })
    const back = await memory(page, cdp)
    log(`back on the whole city: ${JSON.stringify(back)}`)
    if (problems.length) throw new Error(`the page failed: ${problems.join('; ')}`)
    return {
      firstUsefulMs: cold.usefulMs, settledMs: cold.settledMs, markMs: cold.marks['city-hexagons-drawn'],
      districts: districts.length, serpentineSteps: steps.length, streetSteps: STREET_STEPS,
      memory: { first, district, street, street2, back }, screenshots: shots,
    }
  } finally {
    await browser.close()
  }
}

/** The figures as lines of text, for the benchmark's table and for a run on its own. */
export function describeCityBrowser(r: CityBrowserResult): string[] {
  const m = (x: TabMemory) => `heap ${x.heapMiB.toFixed(0)}, renderer ${x.rendererMiB.toFixed(0)}, GPU ${x.gpuMiB.toFixed(0)}, all ${x.browserMiB.toFixed(0)} MiB`
  const { first, district, street, street2, back } = r.memory
  const ratio = (x: TabMemory) => `heap ${(x.heapMiB / first.heapMiB).toFixed(2)}, renderer ${(x.rendererMiB / first.rendererMiB).toFixed(2)}, GPU ${(x.gpuMiB / first.gpuMiB).toFixed(2)}, all ${(x.browserMiB / first.browserMiB).toFixed(2)}`
  return [
    `first frame of the city view (screencast, from navigation): ${r.firstUsefulMs.toFixed(0)} ms; settled ${r.settledMs.toFixed(0)} ms; page mark city-hexagons-drawn ${r.markMs.toFixed(0)} ms`,
    `memory after the first frame:                       ${m(first)}`,
    `memory after ${r.serpentineSteps} screens at z${DISTRICT_ZOOM} over ${r.districts} districts:  ${m(district)}`,
    `memory after ${r.streetSteps} screens at street zoom z${STREET_ZOOM}:           ${m(street)}`,
    `memory after ${r.streetSteps} more in the next busiest district:     ${m(street2)}`,
    `memory back on the whole city:                     ${m(back)}`,
    `ratio to the first: after the street pans ${ratio(street)} / ${ratio(street2)}; back on the city ${ratio(back)}`,
    `screenshots: ${r.screenshots.join(', ')}`,
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [baseUrl, password] = process.argv.slice(2)
  if (!baseUrl || !password) {
    console.error('usage: tsx tests/bench/city-browser.ts <baseUrl> <admin password>')
    process.exit(2)
  }
  measureCityBrowser(baseUrl, password).then((r) => console.log(describeCityBrowser(r).join('\n')), (err) => {
    console.error(err)
    process.exit(1)
  })
}
