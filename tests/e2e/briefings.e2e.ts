/**
 * The server's daily briefing made for real, once: an admin asks for today's from the app's
 * "每日简报" dialog, the server's headless page makes the PDF and the PNG of the demo district,
 * the list shows them and downloads them. The PDF in the table is checked with poppler, an
 * independent reader: page 1 rendered is no blank page, and its text names 潍城区. Prints the
 * generation times (the figure an operator sizes the schedule by).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { PNG } from 'pngjs'
import { formatLocalDate } from '../../src/core/periods'
import { PG_VERSION } from '../../src/server/pg-cluster'
import { BRIEFING_USER } from '../../src/server/briefings'
import { assert, type Ctx } from './app.e2e'
import { ADMIN_PASSWORD, postgresPresent, signedIn, withServer } from './server-mode.e2e'

const OUT = 'tests/e2e/output'

/** Distinct colours among a sample of the image's pixels: a blank page has one or two. */
function colours(png: PNG): number {
  const seen = new Set<number>()
  const step = Math.max(1, Math.floor((png.width * png.height) / 20_000))
  for (let i = 0; i < png.width * png.height; i += step) seen.add(png.data.readUInt32BE(i * 4))
  return seen.size
}

export const BRIEFINGS_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  'daily briefings: made by the server\'s headless page on request, the PDF names the district, listed and downloaded in the app': async (ctx) => {
    if (!postgresPresent() && process.getuid?.() !== 0) {
      console.log(`    skipped: PostgreSQL ${PG_VERSION} with PostGIS is not installed and this is not root`)
      return
    }
    mkdirSync(OUT, { recursive: true })
    await withServer(async (server) => {
      const problems: string[] = []
      const { context, page } = await signedIn(ctx, server.url, 'admin', ADMIN_PASSWORD, problems)
      const day = formatLocalDate(Date.now())
      await page.locator('[data-testid="briefings-open"]').click()
      await page.waitForSelector('[data-testid="briefings-empty"]', { timeout: 30_000 })

      const asked = Date.now()
      await page.locator('[data-testid="briefings-make"]').click()
      await page.waitForSelector(`[data-testid="briefing-day"][data-day="${day}"] [data-testid="briefing-file"][data-format="pdf"]`, { timeout: 150_000 })
      await page.waitForSelector(`[data-testid="briefing-day"][data-day="${day}"] [data-testid="briefing-file"][data-format="png"]`, { timeout: 30_000 })
      const shownAfter = Date.now() - asked
      const { rows } = await server.db.query<{ id: number; format: string; status: string; bytes: Buffer; ms: number; title: string }>(
        "select b.id, b.format, b.status, b.bytes, b.ms, b.title from briefings b join districts d on d.id = b.district_id where d.code = 'demo' and b.day = $1::date order by format", [day])
      assert(rows.length === 2 && rows.every((r) => r.status === 'done'), `the table holds ${JSON.stringify(rows.map((r) => [r.format, r.status]))}`)
      const [pdf, png] = rows
      console.log(`    briefing made: pdf ${(pdf.ms / 1000).toFixed(1)} s (with the page's load), png ${(png.ms / 1000).toFixed(1)} s; listed ${(shownAfter / 1000).toFixed(1)} s after the click; pdf ${Math.round(pdf.bytes.length / 1024)} KB, png ${Math.round(png.bytes.length / 1024)} KB`)

      // the PDF, read by poppler
      writeFileSync(`${OUT}/briefing.pdf`, pdf.bytes)
      const ppm = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', `${OUT}/briefing.pdf`, `${OUT}/briefing-page1`])
      assert(ppm.status === 0, `pdftoppm failed: ${ppm.stderr}`)
      const page1 = PNG.sync.read(readFileSync(`${OUT}/briefing-page1.png`))
      assert(page1.width > page1.height && colours(page1) > 50, `page 1 is ${page1.width}×${page1.height} with ${colours(page1)} colours: blank?`)
      const text = spawnSync('pdftotext', ['-layout', `${OUT}/briefing.pdf`, '-'], { encoding: 'utf8' })
      assert(text.status === 0 && text.stdout.includes('潍城区') && text.stdout.includes(day), `the PDF's text does not name 潍城区 and ${day}: ${text.stdout.slice(0, 300)}`)
      // the PNG: a real image of the asked size, not blank
      const image = PNG.sync.read(png.bytes)
      assert(image.width === 1920 && image.height === 1080 && colours(image) > 50, `the PNG is ${image.width}×${image.height} with ${colours(image)} colours`)

      await page.screenshot({ path: `${OUT}/briefings-zh.png` })
      // the app's link downloads the stored file under a name with the day
      const download = page.waitForEvent('download', { timeout: 30_000 })
      await page.locator(`[data-testid="briefing-file"][data-format="pdf"][data-id="${pdf.id}"]`).click()
      const got = await download
      const saved = await got.path()
      assert(got.suggestedFilename().includes(day) && got.suggestedFilename().endsWith('.pdf'), `downloaded as ${got.suggestedFilename()}`)
      assert(Buffer.compare(readFileSync(saved), pdf.bytes) === 0, 'the downloaded file is not the stored PDF')

      // made by the system account, asked for by the admin: both in the audit trail
      const { rows: audit } = await server.db.query<{ action: string; user_name: string }>("select action, user_name from audit_log where action like 'briefing%' order by id")
      const actions = audit.map((r) => `${r.action}:${r.user_name}`)
      for (const want of ['briefing.request:admin', `briefing.made:${BRIEFING_USER}`, 'briefing.download:admin']) assert(actions.includes(want), `audit rows ${JSON.stringify(actions)} lack ${want}`)

      await page.locator('[data-testid="briefings-close"]').click()
      await page.locator('[data-testid="lang-switch"]').click()
      await page.locator('[data-testid="briefings-open"]').click()
      await page.waitForSelector('[data-testid="briefing-file"][data-format="png"]', { timeout: 30_000 })
      await page.screenshot({ path: `${OUT}/briefings-en.png` })
      assert(problems.length === 0, problems.join('\n'))
      await context.close()
    })
  },
}
