/**
 * Browser tests of what an import changes beyond its own data (issue 24): the ranking's month
 * moves to the latest month of the new incidents, an id-less police export imports with
 * generated ids, a polygon file is offered only area kinds, fraud and noise labels get their
 * categories, and cameras without heading are drawn as circles and listed, not counted.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { assert, nextRanking, openApp, settle, shownRanking, type Ctx } from './app.e2e'
import { closeDialog, pickFile, startImport } from './import-dialog'

const OUT = 'tests/e2e/output'

/** The demo's last 60 incidents (December 2025, inside its streets) as an id-less Chinese export; labels 诈骗 and 噪音. */
function decemberExport(): string {
  const rows = readFileSync('geodata/demo/incidents.csv', 'utf8').trim().split('\n').slice(-60)
  const out = ['发案时间,类别,经度,纬度,地址']
  rows.forEach((line, i) => {
    const [, time, , , lon, lat, address] = line.split(',')
    out.push([time.replace('T', ' '), i % 2 ? '诈骗' : '噪音', lon, lat, address].join(','))
  })
  const file = `${OUT}/警情-2025-12-无编号.csv`
  writeFileSync(file, out.join('\n') + '\n')
  return file
}

const overlayFrames = (page: import('playwright-core').Page) => page.evaluate(() => Number(document.documentElement.dataset.overlayFrames ?? 0))

export const IMPORT_GUESS_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'after importing December 2025 the ranking shows that month with its counts; an id-less export gets ids; polygons are offered area kinds only'(ctx) {
    const o = await openApp(ctx, 'l=streets', { width: 1366, height: 768 })
    try {
      const page = o.page
      const month = page.locator('[data-testid="safety-month"]')
      await month.selectOption('2025-06')
      await nextRanking(page, '2025-06-01')

      await pickFile(page, decemberExport(), 'incidents')
      assert(await page.locator('[data-testid="import-id-generated"]').isVisible(), 'the id-less export does not say that ids are generated')
      // the mapping table suggests 诈骗 → criminal, 噪音 → public order
      const cats = await page.locator('[data-testid="import-categories"] label').evaluateAll((ls) => ls.map((l) => [l.querySelector('.lbl')?.textContent, (l.querySelector('select') as HTMLSelectElement).value]))
      assert(JSON.stringify(cats.sort()) === JSON.stringify([['噪音', 'public_order'], ['诈骗', 'criminal']]), `categories suggested: ${JSON.stringify(cats)}`)
      await page.screenshot({ path: `${OUT}/import-idless-categories-1366x768.png` })
      const r = await startImport(page)
      assert(r.applied && r.count === 60, `id-less export: ${JSON.stringify(r)}`)
      await closeDialog(page)

      // the June pick is not in the new data: the ranking moves to December, with its counts
      await nextRanking(page, '2025-12-01')
      assert((await month.inputValue()) === '2025-12', `the month selector shows "${await month.inputValue()}"`)
      const ranking = await shownRanking(page)
      const counted = ranking.filter((x) => (x.per10k ?? 0) > 0)
      assert(counted.length > 0, `every street shows 0: ${JSON.stringify(ranking)}`)
      const cases = await page.locator('[data-testid="safety-row"] td:nth-child(4)').allTextContents()
      const total = cases.reduce((s, c) => s + Number(c.replace(/,/g, '')), 0)
      // 30 fraud (criminal) + 30 noise (public order), all cases; a few may fall outside the streets
      assert(total > 50 && total <= 60, `the ranking counts ${total} cases of the 60 imported`)
      await page.screenshot({ path: `${OUT}/ranking-after-import-1366x768.png` })

      // a GeoJSON of polygons named like nothing the app knows: only area kinds, guessed as grids
      writeFileSync(`${OUT}/patrol_zones.geojson`, JSON.stringify({ type: 'FeatureCollection', features: [1, 2].map((i) => ({
        type: 'Feature', properties: { id: `Z${i}`, name: `巡区${i}` },
        geometry: { type: 'Polygon', coordinates: [[[119.07 + i / 100, 36.69], [119.08 + i / 100, 36.69], [119.08 + i / 100, 36.7], [119.07 + i / 100, 36.69]]] },
      })) }))
      await pickFile(page, `${OUT}/patrol_zones.geojson`)
      const kinds = await page.locator('[data-testid="import-kind"] option').evaluateAll((os) => os.map((x) => (x as HTMLOptionElement).value))
      assert(JSON.stringify(kinds) === JSON.stringify(['streets', 'compounds', 'grids', 'keySites', 'buildings']), `kinds offered for polygons: ${kinds}`)
      assert((await page.locator('[data-testid="import-kind"]').inputValue()) === 'grids', 'patrol zones not guessed as grids')
      await page.screenshot({ path: `${OUT}/import-polygon-kinds-1366x768.png` })
      await closeDialog(page)
      assert(o.problems.length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },

  async 'cameras without heading are drawn as circles of their range and listed in the coverage panel, not counted'(ctx) {
    const o = await openApp(ctx, 'l=cameras,streets', { width: 1366, height: 768 })
    try {
      const page = o.page
      // pole positions near the district's centre: two bullets without heading, a dome, one bullet with one
      writeFileSync(`${OUT}/摄像机-无方向.csv`, ['编号,经度,纬度,类型,方向角', 'P1,119.090,36.700,枪机,', 'P2,119.094,36.700,枪机,', 'P3,119.098,36.700,半球,', 'P4,119.102,36.700,枪机,90', ''].join('\n'))
      await pickFile(page, `${OUT}/摄像机-无方向.csv`, 'cameras')
      const r = await startImport(page)
      assert(r.applied && r.count === 4, `cameras: ${JSON.stringify(r)}`)
      await closeDialog(page)
      const frames = await overlayFrames(page)
      await page.locator('[data-testid="layer-coverage"]').check()
      await settle(page, frames)
      const panel = page.locator('[data-testid="no-heading"]')
      await panel.waitFor({ timeout: 60_000 })
      assert((await panel.getAttribute('data-count')) === '2', `cameras without heading: ${await panel.getAttribute('data-count')}`)
      const ids = await page.locator('[data-testid="no-heading-camera"]').allTextContents()
      assert(JSON.stringify(ids) === JSON.stringify(['P1', 'P2']), `listed: ${ids}`)
      const counted = await page.locator('[data-testid="coverage-panel"] .figures dd').first().textContent()
      assert(counted?.trim() === '2', `coverage counts ${counted} cameras, not the dome and the bullet with a heading`)
      await page.locator('[data-testid="no-heading-camera"]').first().click()
      await page.waitForTimeout(1500)
      await page.screenshot({ path: `${OUT}/cameras-no-heading-1366x768.png` })
      assert(o.problems.length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },
}
