/**
 * Imported unit tracks (issue 26): a hand-made GPS file through the data dialog, its bad fixes
 * named by line, its units drawn where the file puts them at the desk's time, kept across a
 * reload, and the demo's units back once the dataset is removed.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { WebMercatorViewport } from '@math.gl/web-mercator'
import { PNG } from 'pngjs'
import { areasFromGeoJson } from '../../src/core/areas'
import { UNIT_STATUSES, positionsAt } from '../../src/core/unit-tracks'
import { readTracksCsv } from '../../src/io/tracks-csv'
import { UNIT_STATUS_COLOR } from '../../src/map/layers/units-layers'
import { colourNear } from './png-colour'
import { closeDialog, pickFile, startImport } from './import-dialog'
import { assert, openApp, waitForMap, type Ctx } from './app.e2e'

const OUT = 'tests/e2e/output'
// named like a patrol grid file: only its header says it holds tracks
const FIXTURE = 'tests/fixtures/units/patrol-0105.csv'
const CENTER: [number, number] = [119.0232, 36.705396]
const ZOOM = 14
// the fixture's bad rows, by the file's line (header = 1), as written there by hand
const BAD_LINES = [[6, 'duplicate_fix'], [7, 'impossible_jump'], [8, 'bad_time'], [9, 'outside_district']]

export const UNITS_IMPORT_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'units import: a GPS tracks file through the data dialog, bad fixes by line, its units drawn, kept on reload, demo back on removal'(ctx) {
    mkdirSync(OUT, { recursive: true })
    const query = `l=streets,units&c=${CENTER[0]},${CENTER[1]}&z=${ZOOM}`
    const viewport = { width: 1280, height: 800 }
    const tOpen = Date.now()
    // no units at first: the import turns them on (the demo's are not generated first)
    const o = await openApp(ctx, `l=streets&c=${CENTER[0]},${CENTER[1]}&z=${ZOOM}`, viewport)
    const lap = (() => {
      let last = tOpen
      return () => {
        const now = Date.now(), s = ((now - last) / 1000).toFixed(1)
        last = now
        return `${s} s`
      }
    })()
    try {
      const page = o.page
      const opened = lap()
      await pickFile(page, FIXTURE)
      const kind = await page.locator('[data-testid="import-kind"]').inputValue()
      assert(kind === 'tracks', `the dialog took the file as ${kind}, not tracks`)
      await page.locator('[data-testid="data-dialog"]').screenshot({ path: `${OUT}/units-import-mapping.png` })
      const done = await startImport(page, 60_000)
      assert(done.applied && done.count === 10, `imported ${done.count} fixes (applied ${done.applied}), expected 10`)
      const listed = await page.locator('[data-testid="import-rejected-lines"] li').evaluateAll((ls) => ls.map((l) => [Number((l as HTMLElement).dataset.line), (l as HTMLElement).dataset.reason]))
      assert(JSON.stringify(listed) === JSON.stringify(BAD_LINES), `report lists ${JSON.stringify(listed)}, expected ${JSON.stringify(BAD_LINES)}`)
      await page.locator('[data-testid="data-dialog"]').screenshot({ path: `${OUT}/units-import-report.png` })
      await closeDialog(page)
      console.log(`    opened ${opened}; imported ${done.count} fixes in ${done.ms} ms (${lap()} with the dialog); bad lines ${listed.map(([l, r]) => `${l} ${r}`).join(', ')}`)

      // the map as the URL asks for it (the import moved it to the tracks): a reload, which also shows they are kept
      await page.goto(`${ctx.baseUrl}/?${query}`)
      await waitForMap(page)
      // the panel's summary names the file: the units are the imported ones
      await page.waitForSelector('[data-testid="units-imported"]', { state: 'attached', timeout: 30_000 })
      await page.waitForSelector('[data-testid="units-panel"][data-state="done"][data-time]:not([data-time=""])', { timeout: 30_000 })
      const time = Number(await page.locator('[data-testid="units-panel"]').getAttribute('data-time'))
      await page.waitForTimeout(500)
      const box = (await page.locator('[data-testid="map"]').boundingBox())!
      await page.mouse.move(box.x + 5, box.y + box.height - 5)
      const png = PNG.sync.read(await page.screenshot({ clip: box }))
      await page.screenshot({ path: `${OUT}/units-import-map.png` })

      // where the file puts each unit at that time, read in Node against the demo's district
      const district = areasFromGeoJson(JSON.parse(readFileSync('geodata/demo/district.geojson', 'utf8')), { idOptional: true }).areas
      const { tracks } = readTracksCsv(readFileSync(FIXTURE), { district })
      const vp = new WebMercatorViewport({ width: box.width, height: box.height, longitude: CENTER[0], latitude: CENTER[1], zoom: ZOOM })
      const at = positionsAt(tracks, time)
      assert(at.length === 3, `${at.length} units at ${new Date(time).toISOString()}`)
      const off = at.filter((p) => {
        const [x, y] = vp.project([p.lon, p.lat])
        return !colourNear(png, x, y, UNIT_STATUS_COLOR[UNIT_STATUSES[p.status]])
      }).map((p) => `${tracks.unitIds[p.unit]} ${UNIT_STATUSES[p.status]}`)
      assert(off.length === 0, `not drawn in their status colour where the file puts them: ${off.join('; ')}`)
      console.log(`    after reload (${lap()}): ${at.map((p) => `${tracks.unitIds[p.unit]} ${UNIT_STATUSES[p.status]}`).join(', ')} drawn at their fixes`)

      // removed: the demo's units again
      page.once('dialog', (d) => void d.accept())
      await page.locator('[data-testid="open-data"]').click()
      await page.locator('[data-testid="remove-tracks"]').click()
      await closeDialog(page)
      await page.waitForSelector('[data-testid="units-imported"]', { state: 'detached', timeout: 30_000 })
      await page.waitForSelector('[data-testid="units-panel"][data-state="done"]', { timeout: 60_000 })
      const summary = await page.locator('[data-testid="units-panel"] .body .muted').first().textContent()
      console.log(`    removed: ${summary?.trim()} (${lap()})`)
      const errors = o.problems.filter((p) => p.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await o.close()
    }
  },
}
