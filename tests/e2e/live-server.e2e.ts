/**
 * The wall served by the command centre's server follows the district's live alerts by itself
 * (no config.json entry): an alert the police platform's connector (`feed` role) posts shows in
 * the wall's arrived counter; with the server stopped the wall says 连接中断 and keeps its map,
 * and once the server is back it reads the alert posted meanwhile, once. A small district of
 * its own in a throw-away cluster (the demo's seeding is not what is tested here).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { loadAreaLayer } from '../../src/server/load-areas'
import { migrate } from '../../src/server/migrate'
import { ensureDatabase, freePort, PG_VERSION, startCluster, type Cluster } from '../../src/server/pg-cluster'
import { startServer, type RunningServer } from '../../src/server/server'
import { assert, type Ctx } from './app.e2e'

const OUT = 'tests/e2e/output'
const postgresPresent = () => existsSync(`/usr/lib/postgresql/${PG_VERSION}/bin/initdb`) && existsSync(`/usr/share/postgresql/${PG_VERSION}/extension/postgis.control`)

export const LIVE_SERVER_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  'live server: an alert posted by the feed account reaches the wall; 连接中断 while the server is down, then the missed alert': async (ctx) => {
    if (!postgresPresent() && process.getuid?.() !== 0) {
      console.log(`    skipped: PostgreSQL ${PG_VERSION} with PostGIS is not installed and this is not root`)
      return
    }
    mkdirSync(OUT, { recursive: true })
    const dir = mkdtempSync(join(tmpdir(), 'pingan-e2e-live-'))
    chmodSync(dir, 0o755)
    let cluster: Cluster | null = null
    let server: RunningServer | null = null
    try {
      cluster = await startCluster(join(dir, 'pg'))
      const url = await ensureDatabase(cluster, 'live')
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await migrate(c)
      const district = (await c.query<{ id: number }>("insert into districts (code, name) values ('live', '实时测试区') returning id")).rows[0].id
      const square = (id: string, x: number) => ({ type: 'Feature', properties: { id, name: id }, geometry: { type: 'Polygon', coordinates: [[[x, 30], [x + 0.05, 30], [x + 0.05, 30.05], [x, 30.05], [x, 30]]] } })
      await loadAreaLayer(c, district, 'street', { type: 'FeatureCollection', features: [square('W', 120), square('E', 120.05)] } as never)
      await c.query(`insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'seed-1', now(), 0, 120.02, 30.02), ($1, 'seed-2', now(), 1, 120.07, 30.03)`, [district])
      await createUser(c, 'admin', 'admin', 'e2e-admin-password')
      await createUser(c, 'wall', 'viewer', 'wall-password')
      await createUser(c, 'feed', 'feed', 'feed-password')
      await grantDistrict(c, 'wall', 'live')
      await grantDistrict(c, 'feed', 'live')
      await c.end()

      const port = await freePort()
      const start = async () => {
        server = await startServer({ port, distDir: resolve(process.env.E2E_OUTDIR ?? 'dist'), env: { DATABASE_URL: url }, log: () => {} })
        return server.url
      }
      const base = await start()
      const feedCookie = async () => {
        const r = await fetch(new URL('/api/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'feed', password: 'feed-password' }) })
        return r.headers.get('set-cookie')!.split(';')[0]
      }
      const post = async (id: string) => {
        const r = await fetch(new URL(`/api/districts/${district}/incidents`, base), {
          method: 'POST', headers: { cookie: await feedCookie(), 'content-type': 'application/json' },
          body: JSON.stringify({ id, time: Date.now(), category: 'criminal', subtype: 'theft', lon: 120.03, lat: 30.02, address: '测试路 1 号' }),
        })
        assert(r.status === 200, `POST ${id}: HTTP ${r.status}`)
      }

      const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 })
      const page = await context.newPage()
      const problems: string[] = []
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
      page.on('request', (r) => {
        if (!r.url().startsWith(new URL(base).origin) && !/^(data|blob):/.test(r.url())) problems.push(`request to another origin: ${r.url()}`)
      })
      await page.goto(`${base}?mode=wall`)
      await page.waitForSelector('[data-testid="login-form"]', { timeout: 60_000 })
      await page.locator('[data-testid="login-name"]').fill('wall')
      await page.locator('[data-testid="login-password"]').fill('wall-password')
      await page.locator('[data-testid="login-submit"]').click()
      const status = '[data-testid="wall-status"]'
      await page.waitForSelector(`${status}[data-live="open"]`, { timeout: 60_000 })
      // the wall names the server's district, not the demo's
      const named = await page.locator('[data-testid="wall-district"]').textContent()
      assert(named?.includes('实时测试区') && !named.includes('潍城区'), `the wall's header reads ${named}`)

      const t0 = Date.now()
      await post('alert-1')
      await page.waitForSelector(`${status}[data-arrived="1"]`, { timeout: 30_000 })
      const took = Date.now() - t0
      // reported, not asserted: a wall-clock budget fails on a loaded CI machine (9 s seen under
      // two browser lanes) without anything being wrong; the latency is measured by bench:live
      console.log(`    alert posted → on the wall's counter: ${took} ms (the wall reads its feed in 1 s batches)`)
      await page.screenshot({ path: `${OUT}/live-server-arrived.png` })

      // the server goes away: the wall says so, in the UI language
      await server!.close()
      server = null
      await page.waitForSelector(`${status}[data-live="broken"]`, { timeout: 30_000 })
      const text = await page.locator(status).textContent()
      assert(text?.includes('连接中断') ?? false, `the wall's status while broken: ${text}`)
      await page.screenshot({ path: `${OUT}/live-server-broken.png` })

      // an alert stored while no server streams, then the server back: the wall reads it once
      const pc = new pg.Client({ connectionString: url })
      await pc.connect()
      await pc.query(`insert into incidents (district_id, source_id, time, category, lon, lat) values ($1, 'alert-2', now(), 2, 120.06, 30.01)`, [district])
      await pc.end()
      await start()
      await page.waitForSelector(`${status}[data-arrived="2"]`, { timeout: 30_000 })
      await page.waitForSelector(`${status}[data-live="open"]`, { timeout: 30_000 })
      const replayed = Number(await page.locator(status).getAttribute('data-replayed'))
      assert(replayed === 0, `${replayed} alerts came twice`)
      await page.screenshot({ path: `${OUT}/live-server-resumed.png` })
      await context.close()
      assert(problems.length === 0, problems.join('\n'))
    } finally {
      await (server as RunningServer | null)?.close()
      cluster?.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
