/**
 * Live units (issue 26, point 1): with config.json's `live.units` on the demo simulator's
 * `/live/units`, the desk's units follow the feed: each drawn where the feed's last fix at the
 * page's clock puts it (read independently here from the same simulator stream), moving between
 * two samples, and a unit whose fixes stop goes offline 10 feed minutes later.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { WebMercatorViewport } from '@math.gl/web-mercator'
import { PNG } from 'pngjs'
import { SHANGHAI_OFFSET_MS } from '../../src/core/periods'
import { OFFLINE_AFTER_MS, UNIT_STATUSES } from '../../src/core/unit-tracks'
import { UNIT_STATUS_COLOR } from '../../src/map/layers/units-layers'
import { SseClient } from '../server/sse-client'
import { colourNear } from './png-colour'
import { assert, waitForMap, type Ctx } from './app.e2e'

const OUT = 'tests/e2e/output'
const CENTER = (JSON.parse(readFileSync('geodata/demo/meta.json', 'utf8')) as { center: [number, number] }).center
/** feed seconds per second: 10 feed minutes of silence take 10 s */
const SPEED = 60
/** sends the 10 minutes up to the page's connection, then nothing */
const SILENT = 'C01'
const SILENT_AFTER_S = 0

interface Fix { t: number; lon: number; lat: number; status: string }

export const UNITS_LIVE_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'units live: the desk\'s units follow the simulator\'s feed, drawn where its fixes say and moving; a silent unit goes offline'(ctx) {
    mkdirSync(OUT, { recursive: true })
    // the same stream the page reads (the simulator's clock is shared), kept per unit
    const fixes = new Map<string, Fix[]>()
    const sse = new SseClient(`${ctx.baseUrl}/live/units`, {
      keep: false,
      onEvent: (e) => {
        const [id, time, lon, lat, , , status] = e.data.split(',')
        const list = fixes.get(id) ?? []
        list.push({ t: Date.parse(`${time.replace(' ', 'T')}+08:00`), lon: Number(lon), lat: Number(lat), status })
        fixes.set(id, list)
      },
    })
    const zoom = 12
    const context = await ctx.browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    try {
      await page.route('**/config.json', (r) => r.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ baseMap: { type: 'demo' }, live: { url: '/live/incidents', kind: 'sse', units: `/live/units?speed=${SPEED}&silent=${SILENT}:${SILENT_AFTER_S}` } }),
      }))
      const t0 = Date.now()
      await page.goto(`${ctx.baseUrl}/?l=streets,units&c=${CENTER[0]},${CENTER[1]}&z=${zoom}`)
      await waitForMap(page)
      const mapMs = Date.now() - t0
      await page.waitForSelector('[data-testid="units-feed"][data-state="open"]', { timeout: 30_000 })
      await page.waitForSelector('[data-testid="units-panel"][data-state="done"][data-time]:not([data-time=""])', { timeout: 30_000 })
      const openMs = Date.now() - t0
      const box = (await page.locator('[data-testid="map"]').boundingBox())!
      const vp = new WebMercatorViewport({ width: box.width, height: box.height, longitude: CENTER[0], latitude: CENTER[1], zoom })
      await page.mouse.move(box.x + box.width / 2, box.y + box.height - 5)

      const at = (id: string, t: number) => {
        const list = fixes.get(id) ?? []
        let f: Fix | null = null
        for (const x of list) if (x.t <= t) f = x
        return f
      }
      /**
       * The page's units at its clock, as the stream has them, and which are drawn in their status
       * colour: at the clock read before the screenshot or the one after (a new snapshot each second).
       */
      const sample = async () => {
        const clock = () => page.locator('[data-testid="units-panel"]').getAttribute('data-time').then(Number)
        const t1 = await clock()
        const png = PNG.sync.read(await page.screenshot({ clip: box }))
        const t2 = await clock()
        const place = (f: Fix) => vp.project([f.lon, f.lat]) as [number, number]
        const units = [...fixes.keys()].filter((id) => id !== SILENT).flatMap((id) => {
          const f1 = at(id, t1)
          if (!f1 || f1.t <= t1 - OFFLINE_AFTER_MS) return []
          // the drawn snapshot is of a moment from t1 to t2: the unit is at one of these fixes
          const during = [f1, ...fixes.get(id)!.filter((f) => f.t > t1 && f.t <= t2)]
          return [{ id, f1, during, xy: place(f1) }]
        })
        // a unit's symbol (centre and corners) where no panel covers the map
        const open = await page.evaluate(([pts, mapBox]) => pts.map(([x, y]) => [[0, 0], [-9, -9], [9, -9], [-9, 9], [9, 9]].every(([dx, dy]) => {
          const e = document.elementFromPoint(mapBox.x + x + dx, mapBox.y + y + dy)
          return x > 9 && y > 9 && x < mapBox.width - 9 && y < mapBox.height - 9 && e !== null && e.closest('[data-testid="map"]') !== null && e.closest('.panel, .maplibregl-control-container') === null
        })), [units.map((u) => u.xy), box] as const)
        const inView = units.filter((_, k) => open[k])
        const colour = (f: Fix) => UNIT_STATUS_COLOR[f.status as (typeof UNIT_STATUSES)[number]]
        const drawn = new Set(inView.filter((u) => u.during.some((f) => {
          const [x, y] = place(f)
          return colourNear(png, x, y, colour(f))
        })).map((u) => u.id))
        const missing = inView.filter((u) => !drawn.has(u.id)).map((u) => `${u.id} ${u.f1.status} at ${u.xy.map(Math.round)}`)
        return { time: t1, spanS: (t2 - t1) / 1000, units: new Map(units.map((u) => [u.id, u])), inView, drawn, missing, png }
      }
      const a = await sample()
      await page.waitForTimeout(2000)
      const b = await sample()
      assert(b.time > a.time, `the page's units clock did not move: ${a.time} → ${b.time}`)
      for (const s of [a, b]) {
        if (s.drawn.size < Math.ceil(s.inView.length * 0.8)) writeFileSync(`${OUT}/units-live-failed.png`, PNG.sync.write(s.png))
        assert(s.inView.length >= 5 && s.drawn.size >= Math.ceil(s.inView.length * 0.8), `${s.drawn.size} of ${s.inView.length} units in view drawn where the feed puts them; not: ${s.missing.join('; ')}`)
      }
      const moved = [...a.drawn].filter((id) => b.drawn.has(id)).map((id) => {
        const [x0, y0] = a.units.get(id)!.xy, [x1, y1] = b.units.get(id)!.xy
        return { id, px: Math.hypot(x1 - x0, y1 - y0) }
      }).filter((m) => m.px >= 3)
      assert(moved.length >= 3, `only ${moved.length} units drawn at two places 3 px or more apart`)
      console.log(`    map ${mapMs} ms, feed open and units drawn ${openMs} ms after loading; ${a.drawn.size}/${a.inView.length} and ${b.drawn.size}/${b.inView.length} units drawn where the feed's fixes put them (clock moved ${a.spanS} and ${b.spanS} feed s during the screenshots), ` +
        `${((b.time - a.time) / 1000).toFixed(0)} feed s apart; ${moved.length} moved (${moved.slice(0, 4).map((m) => `${m.id} ${m.px.toFixed(0)} px`).join(', ')})`)

      // the silent unit: offline once 10 feed minutes pass without its fix, the others not
      const t1 = Date.now()
      await page.waitForSelector(`[data-testid="units-offline-ids"][data-ids="${SILENT}"]`, { timeout: 30_000 })
      const offlineMs = Date.now() - t1
      const counts = await page.locator('[data-testid="units-count-offline"]').textContent()
      assert(/\b1\b/.test(counts ?? ''), `offline count: ${counts}`)
      await page.screenshot({ path: `${OUT}/units-live.png` })
      const feed = await page.locator('[data-testid="units-feed"]').getAttribute('data-taken')
      console.log(`    ${SILENT} silent after its first 10 minutes, offline on the desk ${(offlineMs / 1000).toFixed(1)} s after the moving check; ${feed} fixes taken; ` +
        `clock ${new Date(b.time + SHANGHAI_OFFSET_MS).toISOString().slice(11, 19)}`)
      const errors = problems.filter((p) => p.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await sse.stop()
      await context.close()
    }
  },
}
