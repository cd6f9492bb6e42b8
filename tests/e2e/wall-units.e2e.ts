/**
 * The wall's nearest unit for a new live alert (issue 26, point 2): the caption beside the flash
 * names the unit and ETA the `dispatch` command gives on the `demo-units` file of the same day
 * and incidents, and the road route from that unit is drawn. The feed is fixed here (30 days of
 * the demo up to one alert, then that alert live) so that Node knows which incidents the page's
 * units were simulated answering.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { PNG } from 'pngjs'
import type { FeatureCollection } from 'geojson'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { buildRoadNetwork } from '../../src/core/road-network'
import { unitRoute } from '../../src/core/unit-route'
import { SHANGHAI_OFFSET_MS, formatLocalDate } from '../../src/core/periods'
import { etaMinutes } from '../../src/core/wall-alert-units'
import { ROUTE_COLOR } from '../../src/map/layers/units-layers'
import { demoUnitsCommand, dispatchCommand } from '../../src/cli/commands/units'
import { colourNear } from './png-colour'
import { assert, type Ctx } from './app.e2e'
import { openWall } from './wall.e2e'

const OUT = 'tests/e2e/output'
const DEMO = 'geodata/demo'
const quiet = { warn: () => {}, info: () => {} }
const localText = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')


/** Web Mercator x and y (any scale): the screen is a shift and one scale of these at any zoom without rotation. */
const merc = ([lon, lat]: [number, number]) => [lon / 360, -Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / (2 * Math.PI)]

export const WALL_UNITS_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'wall units: a new live alert flashes with its nearest unit and ETA as the dispatch command gives them, route drawn'(ctx) {
    mkdirSync(OUT, { recursive: true })
    const text = readFileSync(`${DEMO}/incidents.csv`, 'utf8')
    const [header, ...lines] = text.split(/\r?\n/).filter((l) => l !== '')
    const inc = readIncidentsCsv(readFileSync(`${DEMO}/incidents.csv`)).columns
    assert(inc.count === lines.length, 'the demo file has rows the reader left out')
    const center = (JSON.parse(readFileSync(`${DEMO}/meta.json`, 'utf8')) as { center: [number, number] }).center
    // the alert: an afternoon incident of the demo's last day near the district's centre (on screen, clear of the KPI column)
    const last = inc.time[inc.count - 1]
    const dayStart = last - ((last + SHANGHAI_OFFSET_MS) % 86_400_000)
    const afternoon = [...Array(inc.count).keys()].filter((i) => inc.time[i] >= dayStart + 13 * 3_600_000 && inc.time[i] < dayStart + 17 * 3_600_000)
    afternoon.sort((a, b) => Math.hypot(inc.lon[a] - center[0], inc.lat[a] - center[1]) - Math.hypot(inc.lon[b] - center[0], inc.lat[b] - center[1]))
    const k = afternoon[0]
    assert(k !== undefined && k > 0 && inc.time[k - 1] < inc.time[k], 'no afternoon alert on the demo’s last day')
    const from = [...Array(k).keys()].find((i) => inc.time[i] >= inc.time[k] - 30 * 86_400_000)!
    const snapshot = `${header}\n${lines.slice(from, k).join('\n')}\n`
    const feed = `retry: 60000\n\ndata: ${lines[k]}\n\n`

    // the page's units once the alert has joined the incidents: that day's incidents up to the alert
    const dayFile = `${OUT}/wall-units-incidents.csv`
    writeFileSync(dayFile, `${header}\n${lines.slice(from, k + 1).join('\n')}\n`)
    const unitsFile = `${OUT}/wall-units-demo.csv`
    demoUnitsCommand.run({ date: formatLocalDate(dayStart), incidents: dayFile, out: unitsFile }, quiet)
    const dayAlerts = [...Array(k + 1).keys()].filter((i) => inc.time[i] >= dayStart).length
    const ranked = `${OUT}/wall-units-ranked.csv`
    dispatchCommand.run({ units: unitsFile, at: `${inc.lon[k]},${inc.lat[k]}`, time: localText(inc.time[k]), top: '1', out: ranked }, quiet)
    const [unitId, , , eta] = readFileSync(ranked, 'utf8').trim().split('\n')[1].split(',')

    // the alert comes once the snapshot has replaced the start-up incidents (a live row joined
    // before that would be replaced with them)
    let served: () => void = () => {}
    const snapshotServed = new Promise<void>((r) => (served = r))
    const t0 = Date.now()
    // WALL_UNITS_4K=1: the same at 3840 × 2160 (slower in a software renderer), to look at the wall's size
    const viewport = process.env.WALL_UNITS_4K === '1' ? { width: 3840, height: 2160 } : { width: 1920, height: 1080 }
    const w = await openWall(ctx, viewport, {
      refresh: { url: '/live/wall-units.csv', intervalS: 3600 },
      live: { url: '/live/wall-units-feed', kind: 'sse' },
    }, {
      '/live/wall-units.csv': () => {
        served()
        return { body: snapshot, contentType: 'text/csv; charset=utf-8' }
      },
      '/live/wall-units-feed': async () => {
        await snapshotServed
        await new Promise((r) => setTimeout(r, 4000))
        return { body: feed, contentType: 'text/event-stream' }
      },
    }, '&l=incidents,streets,units')
    try {
      const page = w.page
      const sel = `[data-testid="wall-unit-caption"][data-tracks-alerts="${dayAlerts}"]:not([data-unit=""])`
      await page.waitForSelector(sel, { timeout: 90_000 })
      const shownMs = Date.now() - t0
      const c = await page.locator(sel).evaluate((e) => ({ ...(e as HTMLElement).dataset, text: e.querySelector('.main')!.textContent!, px: getComputedStyle(e.querySelector('.main')!).fontSize }) as Record<string, string>)
      assert(Number(c.time) === inc.time[k], `ranked at ${localText(Number(c.time))}, not at the alert's time ${localText(inc.time[k])}`)
      assert(c.unit === unitId, `wall names ${c.unit}, dispatch ${unitId}`)
      assert((Math.round(Number(c.eta) * 10) / 10).toFixed(1) === Number(eta).toFixed(1), `wall ETA ${c.eta} s, dispatch ${eta} s`)
      const min = etaMinutes(Number(eta))
      assert(c.text === `最近警力 ${unitId} · 约 ${min} 分钟`, `caption says "${c.text}"`)
      // 1 rem is 16 px at 1920 wide, 32 px on a 3840 × 2160 wall: the caption scales with it
      const px = parseFloat(c.px)
      const wallPx = (px * 3840) / viewport.width
      assert(wallPx >= 32, `caption ${wallPx} px on a 4K wall`)

      // the road route from the unit, as Node finds it, is drawn between the two screen points the caption reports
      const roads = JSON.parse(readFileSync(`${DEMO}/roads.geojson`, 'utf8')) as FeatureCollection
      await page.waitForTimeout(500)
      // read before the screenshot: a slow 4K capture may outlast the caption's 30 s
      const c2 = await page.locator(sel).evaluate((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>)
      const box = (await page.locator(sel).boundingBox())!
      const png = PNG.sync.read(await page.screenshot({ path: `${OUT}/wall-units.png` }))
      const a = [Number(c2.x), Number(c2.y)], u = [Number(c2.ux), Number(c2.uy)]
      const ul: [number, number] = [Number(c2.ulon), Number(c2.ulat)]
      const ma = merc([inc.lon[k], inc.lat[k]]), mu = merc(ul)
      const scale = Math.hypot(u[0] - a[0], u[1] - a[1]) / Math.hypot(mu[0] - ma[0], mu[1] - ma[1])
      const toScreen = (p: [number, number]) => { const m = merc(p); return [a[0] + (m[0] - ma[0]) * scale, a[1] + (m[1] - ma[1]) * scale] }
      const route = unitRoute(buildRoadNetwork(roads), inc.lon[k], inc.lat[k], ul[0], ul[1])
      assert(route, `no road route from ${c.unit}`)
      // vertices clear of the alert's flash (same sky blue, 40 px) and of the unit's ring; halfway points of long segments too
      const pts: number[][] = []
      route.path.forEach((p, i) => {
        pts.push(toScreen(p))
        if (i > 0) { const q = toScreen(route.path[i - 1]), r = toScreen(p); pts.push([(q[0] + r[0]) / 2, (q[1] + r[1]) / 2]) }
      })
      // nor under the caption, the KPI column or the title
      const covered = (x: number, y: number) => (x >= box.x - 4 && x <= box.x + box.width + 4 && y >= box.y - 4 && y <= box.y + box.height + 4) || x > png.width * 0.72 || y < png.height * 0.12
      const clear = pts.filter(([x, y]) => Math.hypot(x - a[0], y - a[1]) > 48 && Math.hypot(x - u[0], y - u[1]) > 24 && x >= 0 && y >= 0 && x < png.width && y < png.height && !covered(x, y))
      const onLine = clear.filter(([x, y]) => colourNear(png, x, y, ROUTE_COLOR, 3))
      assert(clear.length === 0 || onLine.length >= Math.ceil(clear.length * 0.8), `${onLine.length} of ${clear.length} route points drawn in the route colour`)
      // the white ring round the unit (radius 2.2 line widths: 17.6 px at 1920 wide, twice that on 4K)
      const R = 17.6 * (viewport.width / 1920)
      const ring = [0, 1, 2, 3, 4, 5, 6, 7].filter((j) => colourNear(png, u[0] + R * Math.cos((j * Math.PI) / 4), u[1] + R * Math.sin((j * Math.PI) / 4), [255, 255, 255], 2, 40)).length
      assert(ring >= 6, `the unit's ring: ${ring} of 8 points white`)
      console.log(`    alert ${c.alert} at ${localText(inc.time[k])}: ${c.text} (= dispatch ${unitId} ${Number(eta).toFixed(1)} s); caption ${px} px here, ${wallPx} px on 4K; ` +
        `route ${Math.round(route.metres)} m, ${onLine.length}/${clear.length} points in route colour, ring ${ring}/8; shown ${shownMs} ms after opening`)
      assert(w.problems.length === 0, w.problems.join('\n'))
    } finally {
      await w.close()
    }
  },
}
