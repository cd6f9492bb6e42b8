/** Browser test of the patrol view: grids, isochrones and the schedule table on the demo district. */
import { readFileSync } from 'node:fs'
import type { FeatureCollection } from 'geojson'
import { patrolPlan } from '../../src/core/patrol-plan'
import { assert, openApp, pixelShare, settle, type Ctx } from './app.e2e'
import { readmeShot } from './readme-shots'

const demo = (f: string) => JSON.parse(readFileSync(`geodata/demo/${f}`, 'utf8')) as FeatureCollection
const NO_INCIDENTS = { lon: new Float64Array(0), lat: new Float64Array(0), time: new Float64Array(0), count: 0 }

// Okabe–Ito green (1-minute band) blended over the dark map: green well above red and blue
const isIsoGreen = (c: [number, number, number]) => c[1] > c[0] + 25 && c[1] > c[2] + 5

export const PATROL_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'patrol view: grids with levels, isochrones and the check schedule, with the response figures of the same plan in Node'(ctx) {
    const o = await openApp(ctx, 'l=patrol,isochrones,stations,streets', { width: 1920, height: 1080 })
    try {
      const page = o.page
      await page.waitForSelector('[data-testid="patrol-panel"][data-state="done"]', { timeout: 120_000 })
      const rows = await page.locator('[data-testid="patrol-row"]').count()
      assert(rows >= 5, `only ${rows} schedule rows`)
      const first = (await page.locator('[data-testid="patrol-row"]').first().textContent()) ?? ''
      assert(/\d\d:30/.test(first), `the first schedule row has no check time: ${first}`)
      // the same response figures as the plan computed here (they do not depend on incidents)
      const node = patrolPlan({
        district: demo('district.geojson'), grids: null, shape: 'square', sizeM: 1500, incidents: NO_INCIDENTS, seenBy: null, hotspots: null,
        keySites: demo('key_sites.geojson'), roads: demo('roads.geojson'), stations: demo('stations.geojson'),
      }).response
      const ks = page.locator('[data-testid="patrol-keysites"]')
      const pp = page.locator('[data-testid="patrol-public"]')
      assert(Number(await ks.getAttribute('data-within')) === node.keySites.within && Number(await ks.getAttribute('data-total')) === node.keySites.total,
        `key sites shown ${await ks.getAttribute('data-within')}/${await ks.getAttribute('data-total')}, Node ${node.keySites.within}/${node.keySites.total}`)
      assert(Number(await pp.getAttribute('data-within')) === node.publicPlaces.within, 'public places differ from Node')
      assert((await page.locator('[data-testid="layer-patrol"] ~ .count').textContent()) === '160', 'the 1,500 m grid should have 160 cells')
      await settle(page, 0)
      const green = await pixelShare(page, isIsoGreen)
      assert(green > 0.002, `1-minute isochrones not drawn (share ${green})`)
      await page.screenshot({ path: readmeShot('patrol-1920x1080.png') })

      // the schedule on the map: the 20–24 band's priorities, its checks written on the grids
      let frames0 = Number(await page.evaluate(() => document.documentElement.dataset.overlayFrames ?? 0))
      await page.locator('[data-testid="layer-isochrones"]').uncheck()
      await page.locator('[data-testid="patrol-band"]').selectOption({ index: 6 })
      await settle(page, frames0)
      const legend = (await page.locator('[data-testid="legend-patrol"]').textContent()) ?? ''
      assert(legend.includes('20-24'), `the legend does not follow the band: ${legend}`)
      await page.screenshot({ path: readmeShot('patrol-night-1920x1080.png') })
      await page.locator('[data-testid="layer-isochrones"]').check()
      frames0 = Number(await page.evaluate(() => document.documentElement.dataset.overlayFrames ?? 0))
      await page.locator('[data-testid="patrol-band"]').selectOption({ index: 0 })
      await settle(page, frames0)

      // a bigger grid: fewer cells, a new plan
      const frames = Number(await page.evaluate(() => document.documentElement.dataset.overlayFrames ?? 0))
      await page.locator('[data-testid="patrol-size"]').selectOption('3000')
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="layer-patrol"] ~ .count')?.textContent?.replace(/,/g, '')) < 100, null, { timeout: 60_000 })
      await settle(page, frames)
      const cells = Number((await page.locator('[data-testid="layer-patrol"] ~ .count').textContent())?.replace(/,/g, ''))
      assert(cells > 20 && cells < 100, `a 3,000 m grid gave ${cells} cells`)
      // the isochrones layer off: its green goes
      await page.locator('[data-testid="layer-isochrones"]').uncheck()
      await settle(page, Number(await page.evaluate(() => document.documentElement.dataset.overlayFrames ?? 0)) - 1)
      const after = await pixelShare(page, isIsoGreen)
      assert(after < green / 2, `isochrones still drawn after turning them off (${after} vs ${green})`)
      assert(o.problems.length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },
}
