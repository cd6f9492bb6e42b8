/**
 * Response as it happened at the desk (issue 26, point 3): the units panel's figures for the
 * units' day equal the core's on the `demo-units` file of the same day, and the response layer
 * fills the grids with the share's class colour over what the map showed without it.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { WebMercatorViewport } from '@math.gl/web-mercator'
import { PNG } from 'pngjs'
import type { FeatureCollection } from 'geojson'
import { areasFromGeoJson } from '../../src/core/areas'
import { patrolGrid } from '../../src/core/patrol-grid'
import { TARGET_SECONDS, placeTargets } from '../../src/core/response-targets'
import { buildAreaIndex, joinPoints } from '../../src/core/spatial-join'
import { detectArrivals, responseGroups, worstGroups } from '../../src/core/unit-arrivals'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { readTracksCsv } from '../../src/io/tracks-csv'
import { RESPONSE_ALPHA, RESPONSE_CLASSES, responseClass } from '../../src/map/layers/response-layer'
import { demoUnitsCommand } from '../../src/cli/commands/units'
import { assert, openApp, type Ctx } from './app.e2e'

const OUT = 'tests/e2e/output'
const DEMO = 'geodata/demo'
const CENTER = (JSON.parse(readFileSync(`${DEMO}/meta.json`, 'utf8')) as { center: [number, number] }).center
const quiet = { warn: () => {}, info: () => {} }
const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) < 1e-6

export const RESPONSE_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'response: the units panel gives the core\'s response figures for the units\' day, the layer fills the grids by class'(ctx) {
    mkdirSync(OUT, { recursive: true })
    const zoom = 12, viewport = { width: 1600, height: 1000 }
    const opening = openApp(ctx, `l=streets,response&c=${CENTER[0]},${CENTER[1]}&z=${zoom}`, viewport)
    // Node: the demo-units file of the demo's last day and the core on it
    const unitsCsv = `${OUT}/response-units.csv`
    demoUnitsCommand.run({ out: unitsCsv }, quiet)
    const districtFc = JSON.parse(readFileSync(`${DEMO}/district.geojson`, 'utf8')) as FeatureCollection
    const { tracks } = readTracksCsv(readFileSync(unitsCsv), { district: areasFromGeoJson(districtFc, { idOptional: true }).areas })
    const inc = readIncidentsCsv(readFileSync(`${DEMO}/incidents.csv`)).columns
    const day = tracks.time[0]
    const rows = Array.from({ length: inc.count }, (_, i) => i).filter((i) => inc.time[i] >= day && inc.time[i] < day + 86_400_000)
    const alerts = { count: rows.length, lon: Float64Array.from(rows, (i) => inc.lon[i]), lat: Float64Array.from(rows, (i) => inc.lat[i]), time: Float64Array.from(rows, (i) => inc.time[i]) }
    const arrivals = detectArrivals(tracks, alerts)
    const places = placeTargets(JSON.parse(readFileSync(`${DEMO}/key_sites.geojson`, 'utf8')) as FeatureCollection)
    const place = rows.map((_, a) => places.placeAt(alerts.lon[a], alerts.lat[a]))
    const target = place.map((p) => TARGET_SECONDS[p])
    const all = responseGroups(arrivals, target, rows.length, () => 'all')[0]
    const byPlace = responseGroups(arrivals, target, rows.length, (a) => place[a])
    const grids = areasFromGeoJson(patrolGrid(districtFc, 'square', 1500), { idOptional: true }).areas
    const gridIndex = buildAreaIndex(grids)
    const inGrid = joinPoints(gridIndex, alerts.lon, alerts.lat, rows.length)
    const byGrid = responseGroups(arrivals, target, rows.length, (a) => (inGrid[a] >= 0 ? grids.ids[inGrid[a]] : null))

    const o = await opening
    try {
      const page = o.page
      const t0 = Date.now()
      await page.waitForSelector('[data-testid="response-summary"][data-state="done"] [data-testid="response-all"]', { state: 'attached', timeout: 60_000 })
      const ms = Date.now() - t0
      const shown = await page.locator('[data-testid="response-all"]').evaluate((e) => ({ ...(e as HTMLElement).dataset }))
      assert(Number(shown.alerts) === all.alerts && Number(shown.arrived) === all.arrived, `desk ${shown.alerts} alerts, ${shown.arrived} arrived; core ${all.alerts}, ${all.arrived}`)
      for (const k of ['median', 'p90', 'share'] as const) {
        const want = k === 'median' ? all.medianS : k === 'p90' ? all.p90S : all.shareWithin
        assert(close(Number(shown[k]), want), `${k}: desk ${shown[k]}, core ${want}`)
      }
      const shownPlaces = await page.locator('[data-testid="response-place"]').evaluateAll((rs) => rs.map((r) => ({ ...(r as HTMLElement).dataset })))
      assert(JSON.stringify(shownPlaces.map((p) => [p.place, Number(p.alerts), Number(p.share).toFixed(6)])) === JSON.stringify(byPlace.map((g) => [g.key, g.alerts, g.shareWithin.toFixed(6)])),
        `by place: desk ${JSON.stringify(shownPlaces)}`)
      const worst = await page.locator('[data-testid="response-worst"]').evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.grid))
      assert(JSON.stringify(worst) === JSON.stringify(worstGroups(byGrid).map((g) => g.key)), `worst grids: desk ${worst}, core ${worstGroups(byGrid).map((g) => g.key)}`)
      console.log(`    ${all.alerts} alerts, ${all.arrived} with an arrival, median ${all.medianS.toFixed(0)} s, p90 ${all.p90S.toFixed(0)} s, ` +
        `${(100 * all.shareWithin).toFixed(1)}% within target (= core on the demo-units file); desk computed in ${ms} ms`)

      // the layer: each grid centre that is inside its grid and not under a panel shows the class colour over the map without the layer
      const box = (await page.locator('[data-testid="map"]').boundingBox())!
      await page.mouse.move(box.x + box.width / 2, box.y + box.height - 5)
      await page.waitForTimeout(500)
      const on = PNG.sync.read(await page.screenshot({ clip: box }))
      await page.screenshot({ path: `${OUT}/response-desk.png` })
      const vp = new WebMercatorViewport({ width: box.width, height: box.height, longitude: CENTER[0], latitude: CENTER[1], zoom })
      const centres = byGrid.map((g) => {
        const k = grids.ids.indexOf(g.key), b = grids.bbox
        return { g, lon: (b[4 * k] + b[4 * k + 2]) / 2, lat: (b[4 * k + 1] + b[4 * k + 3]) / 2, k }
      }).filter((c) => joinPoints(gridIndex, Float64Array.of(c.lon), Float64Array.of(c.lat), 1)[0] === c.k)
      const pts = centres.map((c) => ({ c, xy: vp.project([c.lon, c.lat]) as [number, number] }))
      const open = await page.evaluate(([xs, mapBox]) => xs.map(([x, y]) => {
        const e = document.elementFromPoint(mapBox.x + x, mapBox.y + y)
        return x > 5 && y > 5 && x < mapBox.width - 5 && y < mapBox.height - 5 && e !== null && e.closest('[data-testid="map"]') !== null && e.closest('.panel, .maplibregl-control-container') === null
      }), [pts.map((p) => p.xy), box] as const)
      // the units panel goes with the layer: what a panel covers is read while it is there
      await page.locator('[data-testid="layer-response"]').uncheck()
      await page.waitForTimeout(800)
      const off = PNG.sync.read(await page.screenshot({ clip: box }))
      const a = RESPONSE_ALPHA / 255
      const checked = pts.filter((_, i) => open[i])
      const good = checked.filter(({ c, xy: [x, y] }) => {
        const i = (Math.round(y) * on.width + Math.round(x)) * 4
        const col = RESPONSE_CLASSES[responseClass(c.g.shareWithin)].color
        return [0, 1, 2].every((ch) => Math.abs(on.data[i + ch] - (col[ch] * a + off.data[i + ch] * (1 - a))) <= 40)
      })
      assert(checked.length >= 5, `only ${checked.length} grid centres in view`)
      assert(good.length >= Math.ceil(checked.length * 0.8), `${good.length} of ${checked.length} grid centres in their class colour; not: ${checked.filter((p) => !good.includes(p)).map((p) => `${p.c.g.key} at ${p.xy.map(Math.round)}`).join(', ')}`)
      console.log(`    layer: ${good.length}/${checked.length} grid centres in view drawn in their class colour over the map`)
      const errors = o.problems.filter((p) => p.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await o.close()
    }
  },
}
