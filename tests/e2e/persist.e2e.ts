/**
 * Browser tests of the user's work surviving faults: the renderer killed in the middle of saving
 * a plan, a full storage quota, and two tabs editing the same plan.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { assert, waitForMap, type Ctx } from './app.e2e'

const QUERY = 'l=streets,plan&z=14'

interface ShownCamera { id: string; lon: number; lat: number; azimuth: number }
const shownCameras = (page: Page): Promise<ShownCamera[]> =>
  page.locator('[data-testid="plan-camera-row"]').evaluateAll((rows) => rows.map((r) => {
    const d = (r as HTMLElement).dataset
    return { id: d.id ?? '', lon: Number(d.lon), lat: Number(d.lat), azimuth: Number(d.azimuth) }
  }))
const same = (a: ShownCamera[], b: ShownCamera[]) => JSON.stringify(a) === JSON.stringify(b)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A plan CSV of `n` cameras on a grid in the demo district, with distinct azimuths. */
function planCsv(n: number, prefix: string) {
  const rows = ['id,lon,lat,type,azimuth,fov,range']
  for (let i = 0; i < n; i++) rows.push(`${prefix}${String(i + 1).padStart(4, '0')},${(119.09 + (i % 20) * 5e-4).toFixed(6)},${(36.7 + Math.floor(i / 20) * 5e-4).toFixed(6)},bullet,${(i * 7) % 360},70,60`)
  return Buffer.from(rows.join('\n') + '\n')
}

async function openPlanner(context: BrowserContext, baseUrl: string, map = true): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${baseUrl}/?${QUERY}`)
  if (map) await waitForMap(page)
  await page.waitForSelector('[data-testid="plan-panel"][data-load="ready"]', { timeout: 60_000 })
  return page
}

async function importPlan(page: Page, name: string, n: number, prefix: string) {
  await page.locator('[data-testid="plan-import-file"]').setInputFiles({ name: `${name}.csv`, mimeType: 'text/csv', buffer: planCsv(n, prefix) })
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="plan-camera-row"]').length === n, n, { timeout: 30_000 })
  await saved(page)
}

const saved = (page: Page) => page.waitForSelector('[data-testid="plan-save"][data-state="saved"]', { timeout: 30_000 })

/** Makes the plan named `name` the active one (by the text of its option). */
async function choosePlan(page: Page, name: string) {
  const value = await page.locator('[data-testid="plan-select"] option').evaluateAll((opts, name) =>
    (opts as HTMLOptionElement[]).find((o) => o.textContent?.startsWith(`${name} (`))?.value ?? null, name)
  assert(value, `no plan named ${name}`)
  await page.locator('[data-testid="plan-select"]').selectOption(value)
}

/** Selects a camera by its row and deletes it with the Delete key (one undoable edit, written at once). */
async function deleteByKey(page: Page, id: string) {
  await page.locator(`[data-testid="plan-camera-row"][data-id="${id}"]`).click()
  await page.keyboard.press('Delete')
}

async function alerts(page: Page) {
  return page.locator('[data-testid="plan-panel"] [role="alert"]').allTextContents()
}

export const PERSIST_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'persist: the renderer killed in the middle of saving a plan leaves it as before or after that save'(ctx) {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 })
    try {
      let page = await openPlanner(context, ctx.baseUrl)
      await importPlan(page, 'crash', 400, 'C')
      // how long an edit takes to be committed here, to spread the crashes over that time
      const took: number[] = []
      for (const id of ['C0400', 'C0399', 'C0398']) {
        await page.evaluate(() => {
          const w = window as unknown as { editAt: number; savedAt: number }
          w.savedAt = 0
          addEventListener('keydown', () => (w.editAt = performance.now()), { once: true, capture: true })
          const el = document.querySelector('[data-testid="plan-save"]')!
          const mo = new MutationObserver(() => {
            if ((el as HTMLElement).dataset.state === 'saved') {
              w.savedAt = performance.now()
              mo.disconnect()
            }
          })
          mo.observe(el, { attributes: true })
        })
        await deleteByKey(page, id)
        await page.waitForFunction(() => (window as unknown as { savedAt: number }).savedAt > 0)
        took.push(await page.evaluate(() => { const w = window as unknown as { editAt: number; savedAt: number }; return w.savedAt - w.editAt }))
      }
      console.log(`    an edit of a ${397}-camera plan is committed ${took.map((x) => x.toFixed(0)).join(', ')} ms after the key`)
      const outcomes: string[] = []
      // the rounds that matter crash inside the ~200–300 ms an edit takes to commit; npm test
      // crashes at once, twice inside that window and once well after it (each round reopens the
      // app, ~10 s); every moment, the later ones (all "after" so far) included, runs in test:soak
      const delays = process.env.SOAK === '1' ? [0, 5, 20, 50, 100, 200, 300, 400, 500, 650, 800, 1200] : [0, 100, 200, 800]
      for (const [round, delay] of delays.entries()) {
        const before = await shownCameras(page)
        const victim = before[(round * 37) % before.length]
        const after = before.filter((c) => c.id !== victim.id)
        // the session first: creating it costs a round trip that must not fall between edit and crash
        const cdp = await context.newCDPSession(page)
        const crashed = page.waitForEvent('crash', { timeout: 10_000 }).catch(() => null)
        await deleteByKey(page, victim.id)
        if (delay) await sleep(delay)
        void cdp.send('Page.crash').catch(() => {})
        assert(await crashed, `round ${round}: the page did not crash`)
        await page.close()

        page = await openPlanner(context, ctx.baseUrl, false)
        await choosePlan(page, 'crash')
        const shown = await shownCameras(page)
        const which = same(shown, before) ? 'before' : same(shown, after) ? 'after' : null
        assert(which, `round ${round} (crash ${delay} ms after the edit): the plan is neither as before nor as after: ${shown.length} cameras`)
        const problems = await alerts(page)
        assert(problems.length === 0, `round ${round}: ${problems.join(' | ')}`)
        outcomes.push(`${delay} ms: ${which}`)
        if (which === 'before') {
          // the edit was lost with the tab (never reported saved); make it again so rounds differ
          await deleteByKey(page, victim.id)
          await saved(page)
        }
      }
      console.log(`    crash rounds (delay after the edit: state found on reopening): ${outcomes.join(', ')}`)
      await page.close()
    } finally {
      await context.close()
    }
  },

  async 'persist: a full storage quota gives a clear message, keeps the edit, and a retry saves it'(ctx) {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 })
    try {
      const page = await openPlanner(context, ctx.baseUrl)
      await importPlan(page, 'quota', 30, 'Q')
      const origin = new URL(ctx.baseUrl).origin
      const cdp = await context.newCDPSession(page)
      // This Chromium (156, headless, playwright's contexts) accepts the override but does not
      // apply it: the quota stays ~10 GB and writes of megabytes commit, and a browser-level
      // session answers "Internal error". Filling 10 GB is out of reach here, so when the
      // override has no effect the disk is made full in the page: IndexedDB's put throws the
      // QuotaExceededError a full origin gives.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 })
      const quota = await page.evaluate(async () => (await navigator.storage.estimate()).quota ?? 0)
      const simulated = quota > 1e6
      console.log(`    after overrideQuotaForOrigin(1 byte) the quota reads ${quota} bytes: ${simulated ? 'full disk simulated in the page' : 'real quota'}`)
      if (simulated) await page.evaluate(() => {
        const put = IDBObjectStore.prototype.put
        ;(window as unknown as { restoreDisk: () => void }).restoreDisk = () => (IDBObjectStore.prototype.put = put)
        IDBObjectStore.prototype.put = function () {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
        }
      })
      await page.locator('[data-testid="plan-camera-row"][data-id="Q0003"]').click()
      await page.locator('[data-testid="plan-edit-azimuth"]').fill('123')
      await page.locator('[data-testid="plan-edit-azimuth"]').press('Enter')
      await page.locator('[data-testid="plan-edit-azimuth"]').blur()
      await page.waitForSelector('[data-testid="plan-save"][data-state="error"]', { timeout: 30_000 })
      const box = page.locator('[data-testid="plan-save-error"]')
      const text = await box.textContent()
      console.log(`    the write refused with ${await box.getAttribute('data-quota') === 'true' ? 'QuotaExceededError' : 'another error'}: ${text?.trim()}`)
      assert(await box.getAttribute('data-quota') === 'true', `not recognised as a full disk: ${text}`)
      assert((await shownCameras(page)).find((c) => c.id === 'Q0003')?.azimuth === 123, 'the edit is no longer on screen')
      await page.locator('[data-testid="plan-panel"]').screenshot({ path: 'tests/e2e/output/persist-quota.png' })
      // a second edit while full: still not saved, still on screen
      await page.locator('[data-testid="plan-camera-row"][data-id="Q0004"]').click()
      await page.keyboard.press('Delete')
      await page.waitForSelector('[data-testid="plan-save"][data-state="error"]', { timeout: 30_000 })

      await cdp.send('Storage.overrideQuotaForOrigin', { origin })
      if (simulated) await page.evaluate(() => (window as unknown as { restoreDisk: () => void }).restoreDisk())
      await page.locator('[data-testid="plan-retry-save"]').click()
      await saved(page)
      assert(await box.count() === 0, 'the message stays after saving')
      const edited = await shownCameras(page)
      await page.reload()
      await waitForMap(page)
      await page.waitForSelector('[data-testid="plan-panel"][data-load="ready"]', { timeout: 60_000 })
      await choosePlan(page, 'quota')
      const reloaded = await shownCameras(page)
      assert(same(reloaded, edited) && reloaded.length === 29 && reloaded.find((c) => c.id === 'Q0003')?.azimuth === 123, `after reload: ${JSON.stringify(reloaded.slice(0, 4))}`)
    } finally {
      await context.close()
    }
  },

  async 'persist: two tabs on one plan follow each other, and a write behind their back is a conflict, not an overwrite'(ctx) {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 })
    try {
      const a = await openPlanner(context, ctx.baseUrl)
      await importPlan(a, 'tabs', 6, 'T')
      const b = await openPlanner(context, ctx.baseUrl)
      await choosePlan(b, 'tabs')
      assert(same(await shownCameras(b), await shownCameras(a)), 'B does not show the plan A made')

      // an edit in A reaches B, with a notice
      await deleteByKey(a, 'T0002')
      await saved(a)
      await b.waitForSelector('[data-testid="plan-notice"]', { timeout: 10_000 })
      await b.waitForFunction(() => !document.querySelector('[data-testid="plan-camera-row"][data-id="T0002"]'))
      assert(same(await shownCameras(b), await shownCameras(a)), 'B does not show A\'s edit')
      const notice = (await b.locator('[data-testid="plan-notice"]').textContent()) ?? ''
      assert(notice.includes('tabs') && notice.includes('另一个窗口'), `notice: ${notice}`)

      // a tab of an older version writes the record straight into IndexedDB, telling no one
      const id = await b.locator('[data-testid="plan-select"]').inputValue()
      const dbCameras = await b.evaluate((id) => new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('pingan-map-plans')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const tx = open.result.transaction('plans', 'readwrite')
          const store = tx.objectStore('plans')
          const get = store.get(id)
          get.onsuccess = () => {
            const rec = get.result as { rev: number; cameras: { id: string }[] }
            const cameras = rec.cameras.slice(0, 2).map((c) => ({ ...c, azimuth: 11 }))
            store.put({ ...rec, rev: rec.rev + 1, cameras })
            tx.oncomplete = () => {
              open.result.close()
              resolve(cameras.map((c) => c.id))
            }
          }
          tx.onerror = () => reject(tx.error)
        }
      }), id)

      // B, unaware, edits: refused, said so, nothing overwritten
      const bBefore = await shownCameras(b)
      await deleteByKey(b, 'T0005')
      await b.waitForSelector('[data-testid="plan-save"][data-state="conflict"]', { timeout: 10_000 })
      await b.waitForSelector('[data-testid="plan-conflict"]')
      const bMine = bBefore.filter((c) => c.id !== 'T0005')
      assert(same(await shownCameras(b), bMine), 'B\'s edit is no longer on screen')
      const stored = await b.evaluate((id) => new Promise<number>((resolve) => {
        const open = indexedDB.open('pingan-map-plans')
        open.onsuccess = () => {
          const get = open.result.transaction('plans').objectStore('plans').get(id)
          get.onsuccess = () => {
            open.result.close()
            resolve((get.result as { cameras: unknown[] }).cameras.length)
          }
        }
      }), id)
      assert(stored === 2, `the record was overwritten: ${stored} cameras`)
      await b.locator('[data-testid="plan-panel"]').screenshot({ path: 'tests/e2e/output/persist-conflict.png' })

      // keep both: B's cameras as a new plan, the original as the database has it
      await b.locator('[data-testid="plan-conflict-copy"]').click()
      await saved(b)
      assert(await b.locator('[data-testid="plan-conflict"]').count() === 0, 'the conflict stays after saving as new')
      const copyName = await b.locator('[data-testid="plan-select"] option:checked').textContent()
      assert(copyName?.startsWith('tabs（本窗口）'), `the new plan is named ${copyName}`)
      assert(same(await shownCameras(b), bMine.map((c) => ({ ...c }))), 'the new plan does not hold B\'s cameras')
      await choosePlan(b, 'tabs')
      const original = await shownCameras(b)
      assert(original.map((c) => c.id).join() === dbCameras.join() && original.every((c) => c.azimuth === 11), `the original shows ${JSON.stringify(original)}`)
      // A learns of the new plan from B
      await a.waitForFunction(() => [...document.querySelectorAll('[data-testid="plan-select"] option')].some((o) => o.textContent?.startsWith('tabs（本窗口）')), null, { timeout: 10_000 })

      // A deletes the copy while B has it open: it goes from B's list, B switches and says so
      await choosePlan(b, 'tabs（本窗口）')
      await choosePlan(a, 'tabs（本窗口）')
      a.once('dialog', (d) => void d.accept())
      await a.locator('[data-testid="plan-delete"]').click()
      await b.waitForFunction(() => ![...document.querySelectorAll('[data-testid="plan-select"] option')].some((o) => o.textContent?.startsWith('tabs（本窗口）')), null, { timeout: 10_000 })
      const gone = (await b.locator('[data-testid="plan-notice"]').textContent()) ?? ''
      assert(gone.includes('已在另一个窗口中删除'), `notice after the delete: ${gone}`)
    } finally {
      await context.close()
    }
  },

  async 'persist: scenes say saved only once written, and another tab follows the list'(ctx) {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 })
    try {
      const open = async () => {
        const page = await context.newPage()
        await page.goto(`${ctx.baseUrl}/?c=119.09,36.71&z=12.5&l=streets`)
        await page.waitForFunction(() => document.documentElement.dataset.mapIdle)
        await page.locator('[data-testid="scenes-open"]').click()
        await page.waitForSelector('[data-testid="scenes-panel"][data-count="0"]')
        return page
      }
      const a = await open()
      const b = await open()
      await a.locator('[data-testid="scene-title"]').fill('两个窗口')
      await a.locator('[data-testid="scene-save"]').click()
      await a.waitForSelector('[data-testid="scenes-save"][data-state="saved"]', { timeout: 10_000 })
      const stored = await a.evaluate(() => new Promise<string[]>((resolve) => {
        const req = indexedDB.open('pingan-map-scenes')
        req.onsuccess = () => {
          const all = req.result.transaction('scenes').objectStore('scenes').getAll()
          all.onsuccess = () => {
            req.result.close()
            resolve((all.result as { title: string }[]).map((s) => s.title))
          }
        }
      }))
      assert(stored.join() === '两个窗口', `stored scenes: ${stored.join()}`)
      await b.waitForSelector('[data-testid="scenes-panel"][data-count="1"]', { timeout: 10_000 })
      assert((await b.locator('[data-testid="scene-row"] .name').textContent()) === '两个窗口', 'B shows another scene')
    } finally {
      await context.close()
    }
  },
}
