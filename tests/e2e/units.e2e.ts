/**
 * Patrol units at the desk (issue 26): the demo's units drawn by status where their fixes say,
 * and a clicked alert's nearest units equal to the `dispatch` command's on the same snapshot
 * (the `demo-units` file of the same day, at the alert's time), with the route drawn.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { WebMercatorViewport } from '@math.gl/web-mercator'
import { PNG } from 'pngjs'
import type { FeatureCollection } from 'geojson'
import { areasFromGeoJson } from '../../src/core/areas'
import { buildRoadNetwork } from '../../src/core/road-network'
import { unitRoute } from '../../src/core/unit-route'
import { UNIT_STATUSES, positionsAt } from '../../src/core/unit-tracks'
import { SHANGHAI_OFFSET_MS } from '../../src/core/periods'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { packedString } from '../../src/core/incidents'
import { readTracksCsv } from '../../src/io/tracks-csv'
import { ROUTE_COLOR, UNIT_STATUS_COLOR } from '../../src/map/layers/units-layers'
import { demoUnitsCommand, dispatchCommand } from '../../src/cli/commands/units'
import { colourNear } from './png-colour'
import { assert, openApp, settle, type Ctx } from './app.e2e'

const OUT = 'tests/e2e/output'
const DEMO = 'geodata/demo'
const CENTER = (JSON.parse(readFileSync(`${DEMO}/meta.json`, 'utf8')) as { center: [number, number] }).center
const quiet = { warn: () => {}, info: () => {} }
const localText = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')


export const UNITS_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'units: drawn by status where the fixes say, a clicked alert lists the nearest units as the dispatch command does, route drawn'(ctx) {
    mkdirSync(OUT, { recursive: true })
    // the page loads and generates its units while Node makes the same file below
    const zoom = 12, viewport = { width: 1600, height: 1000 }
    const opening = openApp(ctx, `l=streets,units&c=${CENTER[0]},${CENTER[1]}&z=${zoom}`, viewport)
    await new Promise((r) => setTimeout(r, 500))
    const t0 = Date.now()
    // the demo's last day, as the desk generates it
    const unitsCsv = `${OUT}/units-demo.csv`
    demoUnitsCommand.run({ out: unitsCsv }, quiet)
    const district = areasFromGeoJson(JSON.parse(readFileSync(`${DEMO}/district.geojson`, 'utf8')), { idOptional: true }).areas
    const { tracks } = readTracksCsv(readFileSync(unitsCsv), { district })
    // the alert: that day's daytime incident nearest the district's centre with no other incident of
    // the day within 150 m, so that a click on it picks it once the desk shows that day alone
    const inc = readIncidentsCsv(readFileSync(`${DEMO}/incidents.csv`)).columns
    const dayStart = tracks.time[0]
    const ofDay = Array.from({ length: inc.count }, (_, i) => i).filter((i) => inc.time[i] >= dayStart && inc.time[i] < dayStart + 86_400_000)
    const M = 150 / 111_000
    const alone = (i: number) => ofDay.every((j) => j === i || Math.abs(inc.lat[j] - inc.lat[i]) > M || Math.abs(inc.lon[j] - inc.lon[i]) > M * 1.25)
    const day = ofDay.filter((i) => inc.time[i] >= dayStart + 9 * 3_600_000 && inc.time[i] <= dayStart + 17 * 3_600_000)
    day.sort((a, b) => Math.hypot(inc.lon[a] - CENTER[0], inc.lat[a] - CENTER[1]) - Math.hypot(inc.lon[b] - CENTER[0], inc.lat[b] - CENTER[1]))
    const pick = day.find(alone) ?? -1
    assert(pick >= 0, 'no daytime alert on the demo\'s last day')
    const [lon, lat] = [inc.lon[pick], inc.lat[pick]]
    const nodeMs = Date.now() - t0

    const o = await opening
    try {
      const page = o.page
      const t1 = Date.now()
      await page.waitForSelector('[data-testid="units-panel"][data-state="done"][data-time]:not([data-time=""])', { timeout: 60_000 })
      const generatedMs = Date.now() - t1
      // the day's alerts only, as a dispatcher looks at them
      const date = localText(dayStart).slice(0, 10)
      await page.locator('[data-testid="filter-from"]').fill(date)
      await page.locator('[data-testid="filter-to"]').fill(date)
      await page.locator('[data-testid="filter-to"]').dispatchEvent('change')
      const box = (await page.locator('[data-testid="map"]').boundingBox())!
      const vp = new WebMercatorViewport({ width: box.width, height: box.height, longitude: CENTER[0], latitude: CENTER[1], zoom })
      const [ax, ay] = vp.project([lon, lat])
      await page.mouse.click(box.x + ax, box.y + ay)
      await page.waitForSelector('[data-testid="units-nearest-row"]', { timeout: 30_000 })
      const alert = await page.locator('[data-testid="units-alert"]').evaluate((e) => ({ ...(e as HTMLElement).dataset }))
      assert(alert.id === packedString(inc.id, pick) || Math.hypot(Number(alert.lon) - lon, Number(alert.lat) - lat) < 1e-5, `picked ${alert.id}, not the clicked alert`)
      const time = Number(await page.locator('[data-testid="units-panel"]').getAttribute('data-time'))
      assert(time === inc.time[pick], `units shown at ${localText(time)}, not at the alert's time ${localText(inc.time[pick])}`)
      const target = await page.locator('[data-testid="units-target"]').getAttribute('data-target')
      const rows = await page.locator('[data-testid="units-nearest-row"]').evaluateAll((rs) => rs.map((r) => ({ ...(r as HTMLElement).dataset })))

      // the dispatch command on the same file, place and time
      const ranked = `${OUT}/units-ranked.csv`
      dispatchCommand.run({ units: unitsCsv, at: `${alert.lon},${alert.lat}`, time: localText(time), top: '5', out: ranked }, quiet)
      const cli = readFileSync(ranked, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
      assert(rows.length === cli.length && rows.length === 5, `desk lists ${rows.length} units, dispatch ${cli.length}`)
      rows.forEach((r, k) => {
        const [id, , , eta, metres, , meets] = cli[k]
        assert(r.unit === id, `#${k + 1}: desk ${r.unit}, dispatch ${id}`)
        assert((Math.round(Number(r.eta) * 10) / 10).toFixed(1) === Number(eta).toFixed(1), `${id}: desk ETA ${r.eta} s, dispatch ${eta} s`)
        assert(Math.round(Number(r.metres)) === Number(metres), `${id}: desk ${r.metres} m, dispatch ${metres} m`)
        assert(r.meets === meets, `${id}: desk meets ${r.meets}, dispatch ${meets}`)
        assert(Number(target) === Number(cli[k][5]), `target: desk ${target} s, dispatch ${cli[k][5]} s`)
      })
      console.log(`    alert ${alert.id} at ${localText(time)}: ${rows.map((r) => `${r.unit} ${Number(r.eta).toFixed(1)} s`).join(', ')} (= dispatch); target ${cli[0][5]} s`)

      // the pointer off the map's middle: a street's tooltip and hover fill would cover units
      await page.mouse.move(box.x + box.width / 2, box.y + box.height - 5)
      await page.waitForTimeout(300)
      const png = PNG.sync.read(await page.screenshot({ clip: box }))
      await page.screenshot({ path: `${OUT}/units-desk.png` })
      // every unit where the map is not covered by a panel, in its status colour
      const all = positionsAt(tracks, time).map((p) => ({ p, xy: vp.project([p.lon, p.lat]) }))
      // the symbol's centre and corners (a panel may cover part of it)
      const open = await page.evaluate(([pts, mapBox]) => pts.map(([x, y]) => [[0, 0], [-9, -9], [9, -9], [-9, 9], [9, 9]].every(([dx, dy]) => {
        const e = document.elementFromPoint(mapBox.x + x + dx, mapBox.y + y + dy)
        return x > 9 && y > 9 && x < mapBox.width - 9 && y < mapBox.height - 9 && e !== null && e.closest('[data-testid="map"]') !== null && e.closest('.panel, .maplibregl-control-container') === null
      })), [all.map((u) => u.xy as [number, number]), box] as const)
      const inView = all.filter((_, k) => open[k])
      const drawn = inView.filter(({ p, xy: [x, y] }) => colourNear(png, x, y, UNIT_STATUS_COLOR[UNIT_STATUSES[p.status]]))
      assert(inView.length >= 3, `only ${inView.length} units in view`)
      const missing = inView.filter((u) => !drawn.includes(u)).map(({ p, xy }) => `${tracks.unitIds[p.unit]} ${UNIT_STATUSES[p.status]} at ${xy.map(Math.round)}`)
      assert(drawn.length >= Math.ceil(inView.length * 0.8), `${drawn.length} of ${inView.length} units drawn in their status colour; not: ${missing.join('; ')}`)
      // the route: its middle vertex is drawn in the route colour
      const roads = JSON.parse(readFileSync(`${DEMO}/roads.geojson`, 'utf8')) as FeatureCollection
      const first = positionsAt(tracks, time).find((p) => tracks.unitIds[p.unit] === rows[0].unit)!
      const route = unitRoute(buildRoadNetwork(roads), Number(alert.lon), Number(alert.lat), first.lon, first.lat)!
      const mid = route.path[Math.floor(route.path.length / 2)]
      const [mx, my] = vp.project(mid)
      assert(colourNear(png, mx, my, ROUTE_COLOR, 4), `no route colour at the route's middle (${mx.toFixed(0)}, ${my.toFixed(0)})`)
      console.log(`    ${drawn.length}/${inView.length} units in view drawn in their status colour${missing.length ? ` (not: ${missing.join("; ")})` : ""}; route ${route.path.length} vertices, ${Math.round(route.metres)} m; ` +
        `node ${nodeMs} ms, desk generated the units in ${generatedMs} ms`)
      const errors = o.problems.filter((p) => p.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await o.close()
    }
  },
}

