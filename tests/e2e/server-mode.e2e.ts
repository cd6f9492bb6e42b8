/**
 * The app served by the command centre's server (src/server), on a database of its own in the
 * run's throw-away PostgreSQL cluster: the login form, the demo district drawn from the server, an import into
 * the server in one browser context seen in a second one after a reload, and a role that may
 * not import told why. Needs PostgreSQL 15 + PostGIS (installed when missing and root, as the
 * server tests do); skipped with a message only when they are missing and cannot be installed.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { asOwner } from '../../src/server/db'
import pg from 'pg'
import { ensureDatabase, freePort, PG_VERSION, removeCluster, startCluster, type Cluster } from '../../src/server/pg-cluster'
import { startServer, type RunningServer } from '../../src/server/server'
import { monthPeriod, parseLocalDate } from '../../src/core/periods'
import { assert, assertSameRanking, expectedRanking, nextRanking, shownRanking, waitForMap, type Ctx } from './app.e2e'
import { closeDialog, pickFile, startImport } from './import-dialog'

export const ADMIN_PASSWORD = 'e2e-admin-password'
const OUT = 'tests/e2e/output'
const IMPORTED = 'tests/fixtures/io/incidents-bad.csv'

export const postgresPresent = () => existsSync(`/usr/lib/postgresql/${PG_VERSION}/bin/initdb`) && existsSync(`/usr/share/postgresql/${PG_VERSION}/extension/postgis.control`)

/**
 * One throw-away cluster for the whole browser run, holding a template database: PostGIS, then
 * the server's own first start on it (migrations, the demo seeded, the first admin), closed.
 * A managed cluster and that seeding per test cost ~10 s each; the first start's path with its
 * own cluster (dataDir) is tested by tests/server/restart.test.ts.
 */
let shared: Promise<{ cluster: Cluster; template: string }> | null = null
let copies = 0

function sharedCluster(): Promise<{ cluster: Cluster; template: string }> {
  shared ??= (async () => {
    const cluster = await startCluster(mkdtempSync(join(tmpdir(), 'pingan-e2e-pg-')), { throwaway: true })
    // the run ends with process.exit: the cluster must not outlive it
    process.on('exit', () => removeCluster(cluster))
    const template = 'e2e_template'
    const server = await startServer({ port: await freePort(), distDir: resolve(process.env.E2E_OUTDIR ?? 'dist'), env: serverEnv(await ensureDatabase(cluster, template)), log: () => {} })
    await server.close()
    return { cluster, template }
  })()
  return shared
}

function serverEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return { ...process.env, PINGAN_ADMIN_PASSWORD: ADMIN_PASSWORD, DATABASE_URL: databaseUrl }
}

/** A server on a free port over a fresh copy of the run's template database, dropped afterwards. */
export async function withServer(fn: (server: RunningServer) => Promise<void>): Promise<void> {
  const { cluster, template } = await sharedCluster()
  const database = `e2e_${process.pid}_${++copies}`
  const admin = new pg.Client({ connectionString: cluster.url('postgres') })
  await admin.connect()
  try {
    await admin.query(`create database ${database} template ${template}`)
    let server: RunningServer | null = null
    try {
      server = await startServer({ port: await freePort(), distDir: resolve(process.env.E2E_OUTDIR ?? 'dist'), env: serverEnv(cluster.url(database)), log: () => {} })
      await fn(server)
    } finally {
      await server?.close()
      await admin.query(`drop database if exists ${database} with (force)`)
    }
  } finally {
    await admin.end()
  }
}

export async function login(page: Page, name: string, password: string) {
  await page.locator('[data-testid="login-name"]').fill(name)
  await page.locator('[data-testid="login-password"]').fill(password)
  await page.locator('[data-testid="login-submit"]').click()
}

/** The number the data dialog lists for a kind, and where the dialog says it came from. */
async function listed(page: Page, kind: string): Promise<{ origin: string | null; count: number }> {
  if (!(await page.locator('[data-testid="data-dialog"]').count())) await page.locator('[data-testid="open-data"]').click()
  const row = page.locator(`[data-testid="dataset-${kind}"]`)
  const text = (await row.locator('td.num').first().textContent()) ?? ''
  return { origin: await row.getAttribute('data-origin'), count: Number(text.replace(/\D/g, '')) }
}

/** A new browser context signed in as `name`, the district drawn. */
export async function signedIn(ctx: Ctx, url: string, name: string, password: string, problems: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const origin = new URL(url).origin
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) problems.push(`request to another origin: ${r.url()}`)
  })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  await page.goto(url)
  await page.waitForSelector('[data-testid="login-form"]', { timeout: 60_000 })
  await login(page, name, password)
  await page.waitForSelector('[data-testid="server-user"]', { timeout: 60_000 })
  await waitForMap(page)
  return { context, page }
}

const serverCount = async (server: RunningServer) => (await server.db.query<{ n: number }>('select count(*)::int as n from incidents')).rows[0].n

/** The months of incidents the page holds (the timeline's mark), and how many incidents the server has in them. */
async function held(page: Page, server: RunningServer): Promise<{ from: number; to: number; count: number }> {
  const mark = page.locator('[data-testid="timeline-held"]')
  const from = Number(await mark.getAttribute('data-from')), to = Number(await mark.getAttribute('data-to'))
  const { rows: [{ n }] } = await server.db.query<{ n: number }>('select count(*)::int as n from incidents where time >= to_timestamp($1::float8 / 1000) and time < to_timestamp($2::float8 / 1000)', [from, to])
  return { from, to, count: n }
}

const shownRows = async (page: Page) => Number(await page.locator('[data-testid="load-status"]').getAttribute('data-rows'))

export const SERVER_MODE_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  'server mode: login, the demo district from the server, an import in one browser seen by another after a reload': async (ctx) => {
    if (!postgresPresent() && process.getuid?.() !== 0) {
      console.log(`    skipped: PostgreSQL ${PG_VERSION} with PostGIS is not installed and this is not root (apt-get install postgresql-${PG_VERSION} postgresql-${PG_VERSION}-postgis-3)`)
      return
    }
    mkdirSync(OUT, { recursive: true })
    await withServer(async (server) => {
      const problems: string[] = []
      await asOwner(server.db, async (c) => {
        await createUser(c, 'wall', 'viewer', 'wall-password')
        await grantDistrict(c, 'wall', 'demo')
      })

      // an anonymous page shows the login form; a wrong password says so and signs nobody in
      const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })
      const first = await context.newPage()
      await first.goto(server.url)
      await first.waitForSelector('[data-testid="login-form"]', { timeout: 60_000 })
      await first.screenshot({ path: `${OUT}/server-mode-login.png` })
      await login(first, 'admin', 'not-the-password')
      await first.waitForSelector('[data-testid="login-error"][data-failure="wrong"]', { timeout: 30_000 })
      assert(await first.locator('[data-testid="login-form"]').count(), 'the login form went away after a wrong password')
      await context.close()

      const a = await signedIn(ctx, server.url, 'admin', ADMIN_PASSWORD, problems)
      const before = await serverCount(server)
      // two years of demo incidents: the page holds the latest 13 months, the timeline's bars count all of them (in SQL)
      const latest = await held(a.page, server)
      const rows = await shownRows(a.page)
      assert(latest.from === parseLocalDate('2024-12-01') && latest.to === parseLocalDate('2026-01-01'), `the page holds ${new Date(latest.from).toISOString()} – ${new Date(latest.to).toISOString()}`)
      assert(before > 1000 && rows === latest.count && rows < before, `the app shows ${rows} incidents, the server holds ${latest.count} in the window and ${before} in all`)
      await a.page.waitForSelector('[data-testid="timeline"][data-state="done"]', { timeout: 60_000 })
      const barTotal = (await a.page.locator('[data-testid="timeline-bar"]').evaluateAll((bars) => bars.map((b) => Number((b as HTMLElement).dataset.count)))).reduce((x, y) => x + y, 0)
      assert(barTotal === before, `the timeline's bars add up to ${barTotal}, the server holds ${before}`)
      const streets = await listed(a.page, 'streets')
      const { rows: [{ n: serverStreets }] } = await server.db.query<{ n: number }>("select count(*)::int as n from areas where layer = 'street'")
      assert(streets.origin === 'server' && streets.count === serverStreets && serverStreets > 0, `streets: ${JSON.stringify(streets)}, server ${serverStreets}`)
      assert((await listed(a.page, 'incidents')).count === rows, 'the data dialog lists another incident count than the page holds')
      await closeDialog(a.page)
      await a.page.screenshot({ path: `${OUT}/server-mode-signed-in.png` })

      // a month the page does not hold is ranked by the server, as the core ranks it on the demo's files
      const expected = expectedRanking()
      await nextRanking(a.page, '2025-12-01')
      assertSameRanking(await shownRanking(a.page), expected('streets', null), 'server mode, latest month')
      const months = await a.page.locator('[data-testid="safety-month"] option').count()
      assert(months === 24, `the month picker offers ${months} months, the server has 24`)
      await a.page.locator('[data-testid="safety-month"]').selectOption('2024-05')
      await nextRanking(a.page, '2024-05-01')
      assertSameRanking(await shownRanking(a.page), expected('streets', monthPeriod(2024, 5)), 'server mode, May 2024 (not in the page)')

      // brushing early 2024 on the timeline brings those months into the page
      const box = (await a.page.locator('[data-testid="timeline"] .track').boundingBox())!
      await a.page.mouse.move(box.x + box.width * 0.02, box.y + box.height / 2)
      await a.page.mouse.down()
      await a.page.mouse.move(box.x + box.width * 0.04, box.y + box.height / 2, { steps: 3 })
      await a.page.mouse.move(box.x + box.width * 0.06, box.y + box.height / 2, { steps: 3 })
      await a.page.mouse.up()
      await a.page.waitForFunction((from) => Number(document.querySelector('[data-testid="timeline-held"]')?.getAttribute('data-from')) === from, parseLocalDate('2024-01-01'), { timeout: 60_000 })
      await a.page.waitForFunction(() => document.querySelector('[data-testid="load-status"]')?.getAttribute('data-state') !== 'loading', null, { timeout: 60_000 })
      const early = await held(a.page, server)
      assert(early.to <= parseLocalDate('2024-04-01') && early.count > 0 && await shownRows(a.page) === early.count,
        `brushed early 2024: the page holds ${await shownRows(a.page)}, the server ${early.count} in ${new Date(early.from).toISOString()} – ${new Date(early.to).toISOString()}`)
      await a.page.screenshot({ path: `${OUT}/server-mode-window.png` })
      // cleared: back to the latest months
      await a.page.locator('[data-testid="timeline-clear"]').click()
      await a.page.waitForFunction((from) => Number(document.querySelector('[data-testid="timeline-held"]')?.getAttribute('data-from')) === from, latest.from, { timeout: 60_000 })

      // A imports a file with bad rows into the server: the same per-row report as a browser import
      await pickFile(a.page, IMPORTED, 'incidents')
      const result = await startImport(a.page, 120_000)
      const reasons = (await a.page.locator('.reasons li').allTextContents()).length
      assert(result.applied && result.count > 0 && reasons > 0, `import into the server: ${JSON.stringify(result)}, ${reasons} reject reasons listed`)
      const after = await serverCount(server)
      assert(after === before + result.count, `the server holds ${after} incidents after keeping ${result.count} of the file (before ${before})`)
      await closeDialog(a.page)
      await a.page.waitForFunction(() => document.querySelector('[data-testid="load-status"]')?.getAttribute('data-state') === 'done', null, { timeout: 60_000 })
      const again = await held(a.page, server)
      assert(await shownRows(a.page) === again.count, `after the import the page holds ${await shownRows(a.page)}, the server ${again.count} in the window`)

      // B, another browser context (another seat): the import is there after a reload
      const b = await signedIn(ctx, server.url, 'admin', ADMIN_PASSWORD, problems)
      await b.page.reload()
      await waitForMap(b.page)
      const seen = await listed(b.page, 'incidents')
      const inB = await held(b.page, server)
      assert(seen.count === inB.count, `the second browser lists ${seen.count} incidents, the server holds ${inB.count} in the window`)
      // the imported rows are of January 2024, outside the latest months: the timeline counts them
      await closeDialog(b.page)
      await b.page.waitForSelector('[data-testid="timeline"][data-state="done"]', { timeout: 60_000 })
      const barsB = (await b.page.locator('[data-testid="timeline-bar"]').evaluateAll((bars) => bars.map((x) => Number((x as HTMLElement).dataset.count)))).reduce((x, y) => x + y, 0)
      assert(barsB === after, `the second browser's timeline counts ${barsB} incidents, the server holds ${after}`)
      await a.context.close()
      await b.context.close()

      // the wall's role reads but may not import, and is told why
      const wall = await signedIn(ctx, server.url, 'wall', 'wall-password', problems)
      await wall.page.locator('[data-testid="open-data"]').click()
      await wall.page.waitForSelector('[data-testid="import-disabled"]', { timeout: 30_000 })
      assert(await wall.page.locator('[data-testid="drop-zone"]').count() === 0, 'a viewer is offered the import')
      await wall.context.close()
      assert(problems.length === 0, problems.join('\n'))
    })
  },
}
