/**
 * The city view in server mode: the demo district split in two along a meridian (the east half
 * of its incidents and streets moved to a second district), so the city has two districts with
 * data. At city zoom each district's densest spot (counted in SQL, an oracle independent of the
 * tiles) is drawn in a heat colour; one category asks other tiles and draws other colours; at
 * street zoom the incidents themselves are drawn, read for the view's window.
 */
import { mkdirSync } from 'node:fs'
import { PNG } from 'pngjs'
import type { Page } from 'playwright-core'
import { grantDistrict } from '../../src/server/accounts'
import { asOwner } from '../../src/server/db'
import { PG_VERSION } from '../../src/server/pg-cluster'
import { HEAT_COLORS } from '../../src/map/palette'
import { CATEGORY_COLOR } from '../../src/map/layers/incident-points-layer'
import { assert, type Ctx } from './app.e2e'
import { colourNear } from './png-colour'
import { ADMIN_PASSWORD, postgresPresent, signedIn, withServer } from './server-mode.e2e'

const OUT = 'tests/e2e/output'

/** Web Mercator y of a latitude, for placing a point inside the map's box */
const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))

/** Where a lon/lat lies on the city map's element, from the box it shows (data-view). */
async function projector(page: Page) {
  const el = page.locator('[data-testid="city-map"]')
  const box = (await el.boundingBox())!
  const [w, s, e, n] = ((await el.getAttribute('data-view')) ?? '').split(',').map(Number)
  return ([lon, lat]: [number, number]): [number, number] => [
    box.x + ((lon - w) / (e - w)) * box.width,
    box.y + ((mercY(n) - mercY(lat)) / (mercY(n) - mercY(s))) * box.height,
  ]
}

const frames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150)))))

/** Waits for the city map to settle after a change: an idle after `since` (page clock), then two frames. */
async function idleAfter(page: Page, since: number) {
  await page.waitForFunction((t) => Number(document.querySelector('[data-testid="city-map"]')?.getAttribute('data-idle') ?? 0) > t, since, { timeout: 30_000 })
  await frames(page)
}
const pageNow = (page: Page) => page.evaluate(() => Date.now())

const isHex = (png: PNG, [x, y]: [number, number]) => HEAT_COLORS.some((c) => colourNear(png, x, y, c, 6, 14))

export const CITY_VIEW_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  'city view: hexagons in every district, a category changes the tiles and colours, street zoom draws the incidents': async (ctx) => {
    if (!postgresPresent() && process.getuid?.() !== 0) {
      console.log(`    skipped: PostgreSQL ${PG_VERSION} with PostGIS is not installed and this is not root`)
      return
    }
    mkdirSync(OUT, { recursive: true })
    await withServer(async (server) => {
      const t0 = Date.now()
      // the east half of the demo (by its incidents' median longitude) becomes a district of its own
      const densest = await asOwner(server.db, async (c) => {
        const { rows: [{ mid }] } = await c.query<{ mid: number }>('select percentile_cont(0.5) within group (order by lon) as mid from incidents')
        const { rows: [{ id: east }] } = await c.query<{ id: number }>("insert into districts (code, name) values ('east', '东城区') returning id")
        await c.query('update incidents set district_id = $1 where lon > $2', [east, mid])
        await c.query("update areas set district_id = $1 where layer = 'street' and ST_X(ST_Centroid(geom)) > $2", [east, mid])
        await grantDistrict(c, 'admin', 'east')
        // each district's densest 0.005° cell: where its hexagons must be drawn
        const { rows } = await c.query<{ district: string; lon: number; lat: number; n: number }>(`
          select distinct on (d.code) d.code as district, (round(lon / 0.005) * 0.005)::float8 as lon, (round(lat / 0.005) * 0.005)::float8 as lat, count(*)::int as n
          from incidents i join districts d on d.id = i.district_id
          group by d.code, 2, 3 order by d.code, n desc`)
        return rows
      })
      assert(densest.length === 2, `two districts with incidents, got ${densest.length}`)

      const problems: string[] = []
      const { context, page } = await signedIn(ctx, server.url, 'admin', ADMIN_PASSWORD, problems)
      const tiles: string[] = [], windows: string[] = []
      page.on('request', (r) => {
        if (r.url().includes('/api/tiles/incidents/')) tiles.push(r.url())
        if (/\/api\/districts\/\d+\/incidents\?.*bbox=/.test(r.url())) windows.push(r.url())
      })
      const opened = Date.now()
      let since = await pageNow(page)
      await page.locator('[data-testid="city-toggle"]').click()
      await page.waitForSelector('[data-testid="city-panel"][data-state="done"]', { timeout: 30_000 })
      await idleAfter(page, since)
      await page.waitForFunction(() => (document.querySelector('[data-testid="city-legend"]')?.getAttribute('data-breaks') ?? '0').split(',').length > 2, null, { timeout: 30_000 })
      await frames(page)
      console.log(`    city view drawn ${Date.now() - opened} ms after the click; ${tiles.length} tiles asked`)
      await page.screenshot({ path: `${OUT}/city-view-city.png` })
      const listed = await page.locator('[data-testid^="city-district-"]').count()
      assert(listed === 2, `the panel lists ${listed} districts`)

      const mapBox = (await page.locator('[data-testid="city-map"]').boundingBox())!
      const shot = async () => PNG.sync.read(await page.screenshot({ clip: mapBox }))
      const inMap = (p: [number, number]): [number, number] => [p[0] - mapBox.x, p[1] - mapBox.y]
      let project = await projector(page)
      let png = await shot()
      for (const d of densest) {
        const at = inMap(project([d.lon, d.lat]))
        assert(isHex(png, at), `no hexagon colour at ${d.district}'s densest spot (${d.n} incidents at ${d.lon},${d.lat}; pixel ${at.map(Math.round)})`)
      }
      const breaksAll = await page.locator('[data-testid="city-legend"]').getAttribute('data-breaks')
      const pixelsAll = png.data

      // a category left out: other tiles, other colours, another key
      const asked = tiles.length
      since = await pageNow(page)
      // public order, the commonest category, left out
      await page.locator('[data-testid="filter-category-public_order"]').click()
      await page.waitForFunction((b) => document.querySelector('[data-testid="city-legend"]')?.getAttribute('data-breaks') !== b, breaksAll, { timeout: 30_000 })
      await idleAfter(page, since)
      const categoriesOf = (u: string) => new URL(u).searchParams.get('categories')
      const filteredTiles = tiles.slice(asked)
      assert(filteredTiles.length > 0 && filteredTiles.every((u) => categoriesOf(u) === '0,2,3,4'), `tiles after the filter: ${filteredTiles.map(categoriesOf).join(' ')}`)
      png = await shot()
      let changed = 0
      for (let i = 0; i < png.data.length; i += 4) if (Math.abs(png.data[i] - pixelsAll[i]) + Math.abs(png.data[i + 1] - pixelsAll[i + 1]) + Math.abs(png.data[i + 2] - pixelsAll[i + 2]) > 30) changed++
      const share = changed / (png.width * png.height)
      console.log(`    without public order: ${filteredTiles.length} tiles asked with categories=0,2,3,4, ${(share * 100).toFixed(1)}% of the map's pixels changed colour; key ${breaksAll} → ${await page.locator('[data-testid="city-legend"]').getAttribute('data-breaks')}`)
      assert(share > 0.01, `only ${(share * 100).toFixed(2)}% of the pixels changed without one category`)
      await page.locator('[data-testid="filter-reset"]').click()

      // street zoom: the incidents themselves, as points, read for the view's window
      await page.locator('[data-testid="incident-mode"]').selectOption('points')
      const target = densest[0]
      const t1 = Date.now()
      for (let i = 0; i < 8 && Number(await page.locator('[data-testid="city-map"]').getAttribute('data-zoom')) < 14; i++) {
        project = await projector(page)
        const [x, y] = project([target.lon, target.lat])
        const before = await page.locator('[data-testid="city-map"]').getAttribute('data-zoom')
        await page.mouse.dblclick(x, y)
        // the zoom's animation ends (moveend), not the tiles of each step: only the last zoom's are waited for
        await page.waitForFunction((z) => document.querySelector('[data-testid="city-map"]')?.getAttribute('data-zoom') !== z, before, { timeout: 30_000 })
        await frames(page)
      }
      const t2 = Date.now()
      await page.waitForSelector('[data-testid="city-map"][data-drawn="points"]', { timeout: 30_000 })
      await frames(page)
      const zoom = Number(await page.locator('[data-testid="city-map"]').getAttribute('data-zoom'))
      console.log(`    street zoom ${zoom}: zooming in ${t2 - t1} ms (double-clicks), then the incidents drawn ${Date.now() - t2} ms later; ${windows.length} window reads`)
      assert(zoom >= 14 && windows.length > 0, `zoom ${zoom}, ${windows.length} window reads`)
      await page.screenshot({ path: `${OUT}/city-view-street.png` })
      png = await shot()
      project = await projector(page)
      const at = inMap(project([target.lon, target.lat]))
      const colours = Object.values(CATEGORY_COLOR)
      let points = 0
      for (let dy = -60; dy <= 60; dy += 3) for (let dx = -60; dx <= 60; dx += 3) if (colours.some((c) => colourNear(png, at[0] + dx, at[1] + dy, c, 0, 20))) points++
      assert(points > 5, `${points} point-coloured samples around the densest spot at street zoom`)
      console.log(`    ${points} point-coloured samples around ${target.district}'s densest spot`)
      // the heat at street zoom: its scale from the window's points, its kernel in this zoom's metres, no desk chip
      await page.locator('[data-testid="incident-mode"]').selectOption('heatmap')
      await page.waitForFunction(() => (document.querySelector('[data-testid="city-legend"]')?.getAttribute('data-street-max') ?? '') !== '', null, { timeout: 30_000 })
      await frames(page)
      await page.screenshot({ path: `${OUT}/city-view-street-heat.png` })
      const legend = await page.locator('[data-testid="city-legend"]').innerText()
      // 28 px at zoom ≥ 14 near 36.7° N is under 100 m (a metre per pixel at most); the desk's z12 says hundreds
      const kernelM = Number(/(\d[\d,]*)\s*(米|m)/.exec(legend)?.[1].replace(/,/g, '') ?? NaN)
      const chips = await page.locator('[data-testid="load-status"]').count()
      console.log(`    street heat: scale ≥ ${await page.locator('[data-testid="city-legend"]').getAttribute('data-street-max')} per km² from the window; kernel ${kernelM} m; desk chips ${chips}; whole test ${Date.now() - t0} ms`)
      assert(kernelM > 0 && kernelM < 100, `the street legend's kernel: ${kernelM} m in ${JSON.stringify(legend)}`)
      assert(chips === 0, 'the desk\'s load chip shows over the city view')
      assert(problems.length === 0, problems.join('\n'))
      await context.close()
    })
  },
}
