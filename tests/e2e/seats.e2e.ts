/**
 * Seats sharing the server's scenes and plans (issue 22 point 1), in a throw-away cluster as
 * server-mode.e2e.ts: a desk saves a scene and a wall in another browser context (another
 * seat) shows it without a reload, within 2 s (the delay is printed); a deleted scene leaves the
 * wall. Two planners on one plan: the second follows the first's saves, a write on an old
 * revision is refused and offers the conflict choice, the history lists who saved what and
 * restores a revision, and an edit made while the server is unreachable is shown unsaved and
 * written once it is back.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { asOwner } from '../../src/server/db'
import { readAudit } from '../../src/server/audit'
import { auditToCsv } from '../../src/io/audit-csv'
import { freePort, PG_VERSION } from '../../src/server/pg-cluster'
import { startServer, type RunningServer } from '../../src/server/server'
import { assert, type Ctx } from './app.e2e'
import { ADMIN_PASSWORD, login, postgresPresent, signedIn } from './server-mode.e2e'

const OUT = 'tests/e2e/output'
/** what the issue asks of a wall following a desk */
const WALL_FOLLOWS_MS = 2000

const rows = (page: Page) => page.locator('[data-testid="plan-camera-row"]').evaluateAll((r) => r.map((x) => (x as HTMLElement).dataset.id ?? ''))
const saved = (page: Page) => page.waitForSelector('[data-testid="plan-save"][data-state="saved"]', { timeout: 30_000 })

function planCsv(ids: string[]) {
  return Buffer.from(['id,lon,lat,type,azimuth,fov,range', ...ids.map((id, i) => `${id},${(119.09 + i * 5e-4).toFixed(6)},36.7,bullet,${i * 30},70,60`)].join('\n') + '\n')
}

async function deleteCamera(page: Page, id: string) {
  await page.locator(`[data-testid="plan-camera-row"][data-id="${id}"]`).click()
  await page.keyboard.press('Delete')
}

export const SEATS_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  'seats: a scene saved at a desk reaches a wall in another browser within 2 s; two planners share a plan, its conflicts and its history'(ctx) {
    if (!postgresPresent() && process.getuid?.() !== 0) {
      console.log(`    skipped: PostgreSQL ${PG_VERSION} with PostGIS is not installed and this is not root`)
      return Promise.resolve()
    }
    mkdirSync(OUT, { recursive: true })
    // a server that this test stops and starts again on the same port and cluster, as a killed and restarted process
    const dataDir = mkdtempSync(join(tmpdir(), 'pingan-e2e-seats-'))
    const env: NodeJS.ProcessEnv = { ...process.env, PINGAN_ADMIN_PASSWORD: ADMIN_PASSWORD }
    delete env.DATABASE_URL
    let running: RunningServer | null = null
    const run = async () => {
      const port = await freePort()
      const start = () => startServer({ port, dataDir, distDir: resolve(process.env.E2E_OUTDIR ?? 'dist'), env, log: () => {} })
      running = await start()
      return { server: running, restart: async () => { running = await start() }, stop: async () => { const r = running; running = null; await r?.close() } }
    }
    const started = Date.now()
    return run().then(async ({ server, stop, restart }) => {
      console.log(`    server with a fresh cluster and the demo seeded: ${Date.now() - started} ms`)
      const problems: string[] = []
      await asOwner(server.db, async (c) => {
        for (const [name, role] of [['wall', 'viewer'], ['planA', 'planner'], ['planB', 'planner']] as const) {
          await createUser(c, name, role, `${name}-password`)
          await grantDistrict(c, name, 'demo')
        }
      })

      // the wall: its own browser context, signed in as the wall's account
      const wallContext = await ctx.browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 })
      const wall = await wallContext.newPage()
      wall.on('pageerror', (e) => problems.push(`wall: ${e.message}`))
      await wall.goto(`${server.url}?mode=wall`)
      await wall.waitForSelector('[data-testid="login-form"]', { timeout: 60_000 })
      await login(wall, 'wall', 'wall-password')
      await wall.waitForSelector('[data-testid="wall"][data-scene-count="0"]', { timeout: 60_000 })
      await wall.waitForFunction(() => document.documentElement.dataset.mapIdle, null, { timeout: 120_000 })

      // the desk saves a scene: the wall shows it, no reload
      const desk = await signedIn(ctx, `${server.url}?l=streets,plan`, 'planA', 'planA-password', problems)
      await desk.page.locator('[data-testid="scenes-open"]').click()
      const title = `东关 <b>夜间</b>`
      await desk.page.locator('[data-testid="scene-title"]').fill(title)
      const clicked = Date.now()
      await desk.page.locator('[data-testid="scene-save"]').click()
      await wall.waitForFunction((t) => document.querySelector('[data-testid="wall-title"]')?.textContent === t, title, { timeout: 30_000, polling: 50 })
      const followed = Date.now() - clicked
      console.log(`    the wall showed the desk's new scene ${followed} ms after the desk's click (limit ${WALL_FOLLOWS_MS} ms; polling every 1000 ms)`)
      assert(followed <= WALL_FOLLOWS_MS, `the wall took ${followed} ms to show the desk's scene`)
      const stored = (await server.db.query<{ title: string; updated_by: string }>('select title, updated_by from scenes')).rows
      assert(stored.length === 1 && stored[0].title === title && stored[0].updated_by === 'planA', `scenes on the server: ${JSON.stringify(stored)}`)
      assert(await wall.locator('[data-testid="wall-title"] b').count() === 0, 'a scene title was parsed as HTML on the wall')
      await wall.screenshot({ path: `${OUT}/seats-wall.png` })

      // deleted at the desk: the wall leaves it, again without a reload
      const deleted = Date.now()
      await desk.page.locator('[data-testid="scene-delete"]').click()
      await wall.waitForSelector('[data-testid="wall"][data-scene-count="0"]', { timeout: 30_000 })
      await wall.waitForFunction(() => document.querySelector('[data-testid="wall-title"]')?.textContent === '全区态势', null, { timeout: 30_000, polling: 50 })
      console.log(`    the wall left the deleted scene ${Date.now() - deleted} ms after the desk's click`)
      await wallContext.close()

      // two planners on one plan: A makes it, B follows A's saves
      const a = desk.page
      await a.waitForSelector('[data-testid="plan-panel"][data-load="ready"]', { timeout: 60_000 })
      await a.locator('[data-testid="plan-import-file"]').setInputFiles({ name: 'shared.csv', mimeType: 'text/csv', buffer: planCsv(['K1', 'K2', 'K3', 'K4', 'K5']) })
      await a.waitForFunction(() => document.querySelectorAll('[data-testid="plan-camera-row"]').length === 5, null, { timeout: 30_000 })
      await saved(a)
      const planId = await a.locator('[data-testid="plan-select"]').inputValue()
      // B needs its plan panel, not the map drawn
      const b = await (await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })).newPage()
      b.on('pageerror', (e) => problems.push(`planB: ${e.message}`))
      await b.goto(`${server.url}?l=streets,plan`)
      await b.waitForSelector('[data-testid="login-form"]', { timeout: 60_000 })
      await login(b, 'planB', 'planB-password')
      await b.waitForSelector('[data-testid="plan-panel"][data-load="ready"]', { timeout: 60_000 })
      await b.locator('[data-testid="plan-select"]').selectOption(planId)
      assert((await rows(b)).join() === 'K1,K2,K3,K4,K5', `B shows ${(await rows(b)).join()}`)
      await deleteCamera(a, 'K2')
      await saved(a)
      await b.waitForFunction(() => !document.querySelector('[data-testid="plan-camera-row"][data-id="K2"]'), null, { timeout: 10_000 })

      // B stops hearing of A's saves (its polls answered "nothing new"), A saves, B edits on the old revision
      await b.route('**/api/districts/*/plans', (route) => route.fulfill({ status: 304 }))
      await deleteCamera(a, 'K3')
      await saved(a)
      await deleteCamera(b, 'K5')
      await b.waitForSelector('[data-testid="plan-save"][data-state="conflict"]', { timeout: 10_000 })
      await b.waitForSelector('[data-testid="plan-conflict"]')
      const told = (await b.locator('[data-testid="plan-conflict"]').textContent()) ?? ''
      assert(told.includes('其他席位') && told.includes('服务器'), `the conflict says: ${told}`)
      assert((await rows(b)).join() === 'K1,K3,K4', `B's own edit is no longer on screen: ${(await rows(b)).join()}`)
      const onServer = (await server.db.query<{ revision: number; n: number }>("select revision, jsonb_array_length(plan -> 'cameras') as n from plans where key = $1", [planId])).rows[0]
      assert(onServer.revision === 3 && onServer.n === 3, `the server's plan was overwritten: ${JSON.stringify(onServer)}`)
      await b.locator('[data-testid="plan-panel"]').evaluate((el) => { el.scrollTop = 0 })
      await b.locator('[data-testid="plan-panel"]').screenshot({ path: `${OUT}/seats-conflict.png` })
      await b.unroute('**/api/districts/*/plans')
      await b.locator('[data-testid="plan-conflict-load"]').click()
      await b.waitForSelector('[data-testid="plan-camera-row"][data-id="K5"]', { timeout: 10_000 })
      assert((await rows(b)).join() === 'K1,K4,K5', `B loaded ${(await rows(b)).join()}, the server holds A's K1,K4,K5`)

      // the history: who saved each revision; B restores the first (all five cameras), A follows
      await b.locator('[data-testid="plan-history"] summary').click()
      await b.waitForSelector('[data-testid="plan-revision-3"]')
      const history = await b.locator('[data-testid="plan-history"] tbody tr').allTextContents()
      assert(history.length === 3 && history.every((r) => r.includes('planA')), `history: ${history.join(' | ')}`)
      await b.locator('[data-testid="plan-restore-1"]').click()
      await b.waitForSelector('[data-testid="plan-restored"]')
      await b.waitForSelector('[data-testid="plan-revision-4"]')
      await b.locator('[data-testid="plan-panel"]').screenshot({ path: `${OUT}/seats-history.png` })
      await a.waitForFunction(() => document.querySelectorAll('[data-testid="plan-camera-row"]').length === 5, null, { timeout: 10_000 })

      // the server process goes away: A's edit stays on screen, shown unsaved; the server starts again and A's edit is written
      await stop()
      await deleteCamera(a, 'K1')
      await a.waitForSelector('[data-testid="plan-save"][data-state="error"]', { timeout: 10_000 })
      assert(await a.locator('[data-testid="plan-save-error"]').count() === 1 && await a.locator('[data-testid="plan-save-auto"]').count() === 1, 'the unsaved edit is not reported')
      assert((await rows(a)).join() === 'K2,K3,K4,K5', `A's edit left the screen: ${(await rows(a)).join()}`)
      await a.screenshot({ path: `${OUT}/seats-unsaved.png` })
      const restarting = Date.now()
      await restart()
      const up = Date.now()
      await saved(a)
      console.log(`    server started again in ${up - restarting} ms; A's edit made while it was down was saved ${Date.now() - up} ms after it was up`)
      const back = (await running!.db.query<{ revision: number; n: number; updated_by: string }>("select revision, jsonb_array_length(plan -> 'cameras') as n, updated_by from plans where key = $1", [planId])).rows[0]
      assert(back.revision === 5 && back.n === 4 && back.updated_by === 'planA', `after the restart the server holds ${JSON.stringify(back)}`)
      // B, which never reloaded, follows
      await b.waitForFunction(() => !document.querySelector('[data-testid="plan-camera-row"][data-id="K1"]'), null, { timeout: 10_000 })

      // the audit trail of all this, as `cli audit` writes it: who saved and deleted the scene, every plan save, from where
      const trail = (await readAudit(running!.db, { limit: 1000, offset: 0 })).rows.reverse()
      writeFileSync(`${OUT}/seats-audit.csv`, auditToCsv(trail))
      const acts = trail.map((r) => `${r.user} ${r.action}`)
      console.log(`    audit trail (${trail.length} rows, tests/e2e/output/seats-audit.csv): ${[...new Set(acts)].join('; ')}`)
      for (const want of ['planA scene.insert', 'planA scene.delete', 'planA plan.insert', 'planA plan.update', 'planB plan.update', 'wall login']) {
        assert(acts.includes(want), `the audit trail has no "${want}": ${acts.join('; ')}`)
      }
      const sceneRow = trail.find((r) => r.action === 'scene.insert')!
      assert(sceneRow.address === '127.0.0.1' && sceneRow.detail.title === title, `the scene's audit row: ${JSON.stringify(sceneRow)}`)
      assert(problems.length === 0, problems.join('\n'))
    }).finally(async () => {
      await (running as RunningServer | null)?.close()
      rmSync(dataDir, { recursive: true, force: true })
    })
  },
}
