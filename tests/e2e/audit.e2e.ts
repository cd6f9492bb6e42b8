/**
 * The audit trail in the app: an admin signs in (after one wrong password) against a real
 * server, opens the audit log from the header and finds the sign-in, with the browser's
 * address, the failed attempt (which the action filter then picks out alone) and the export
 * the app reported when the export panel made a PNG. The app's
 * own writes (the login POST) pass the server's cross-site check. Screenshots in both
 * languages go to tests/e2e/output.
 */
import { mkdirSync } from 'node:fs'
import { PG_VERSION } from '../../src/server/pg-cluster'
import { assert, waitForMap, type Ctx } from './app.e2e'
import { ADMIN_PASSWORD, login, postgresPresent, withServer } from './server-mode.e2e'

const OUT = 'tests/e2e/output'

export const AUDIT_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  'audit log: an admin sees the sign-in, the failed one and an export, and filters by action': async (ctx) => {
    if (!postgresPresent() && process.getuid?.() !== 0) {
      console.log(`    skipped: PostgreSQL ${PG_VERSION} with PostGIS is not installed and this is not root`)
      return
    }
    mkdirSync(OUT, { recursive: true })
    await withServer(async (server) => {
      const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })
      const page = await context.newPage()
      const problems: string[] = []
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
      await page.goto(server.url)
      await page.waitForSelector('[data-testid="login-form"]', { timeout: 60_000 })
      await login(page, 'admin', 'not-the-password')
      await page.waitForSelector('[data-testid="login-error"][data-failure="wrong"]', { timeout: 30_000 })
      await login(page, 'admin', ADMIN_PASSWORD)
      await page.waitForSelector('[data-testid="audit-open"]', { timeout: 60_000 })
      await waitForMap(page)

      // an export from the panel is reported to the server by the app
      await page.locator('[data-testid="export-open"]').click()
      await page.locator('[data-testid="export-preset"]').selectOption('screen')
      await page.fill('[data-testid="export-title"]', '审计 "测试", =1+1')
      const download = page.waitForEvent('download', { timeout: 60_000 })
      await page.locator('[data-testid="export-start"]').click()
      const fileName = (await download).suggestedFilename()
      await page.locator('[data-testid="export-open"]').click()

      await page.locator('[data-testid="audit-open"]').click()
      await page.waitForSelector('[data-testid="audit-row"][data-action="login"]', { timeout: 30_000 })
      const stored = (await server.db.query<{ n: number }>('select count(*)::int as n from audit_log')).rows[0].n
      const login1 = page.locator('[data-testid="audit-row"][data-action="login"]').first()
      const cells = await login1.locator('td').allTextContents()
      // time, user, address, action (in the UI language), district, detail
      assert(cells[1] === 'admin' && cells[2] === '127.0.0.1' && cells[3] === '登录', `the sign-in row reads ${JSON.stringify(cells)}`)
      assert(await page.locator('[data-testid="audit-row"][data-action="login.failed"][data-user="admin"]').count() === 1, 'the failed sign-in is not listed once')
      const total = Number(await page.locator('[data-testid="audit-total"]').getAttribute('data-total'))
      assert(total === stored, `the table says ${total} rows, the database holds ${stored}`)
      const exported = await page.locator('[data-testid="audit-row"][data-action="export"]').locator('td').allTextContents()
      assert(exported[1] === 'admin' && exported[3] === '导出简报' && exported[4] !== '' && exported[5].includes('审计 "测试", =1+1') && exported[5].includes(fileName),
        `the export row reads ${JSON.stringify(exported)} (file ${fileName})`)
      await page.screenshot({ path: `${OUT}/audit-log-zh.png` })

      await page.locator('[data-testid="audit-action"]').selectOption('login.failed')
      await page.locator('[data-testid="audit-apply"]').click()
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="audit-row"]')]
        return rows.length > 0 && rows.every((r) => r.getAttribute('data-action') === 'login.failed')
      }, null, { timeout: 30_000 })
      await page.locator('[data-testid="audit-close"]').click()
      await page.locator('[data-testid="lang-switch"]').click()
      await page.locator('[data-testid="audit-open"]').click()
      await page.waitForSelector('[data-testid="audit-row"]', { timeout: 30_000 })
      await page.screenshot({ path: `${OUT}/audit-log-en.png` })
      await context.close()
      assert(problems.length === 0, problems.join('\n'))
    })
  },
}
