/**
 * Browser tests: the production build served by `vite preview`, driven by playwright-core in
 * Debian's chromium (WebGL2 through SwiftShader). Prints "N passed, N failed" at the end.
 */
import { mkdirSync } from 'node:fs'
import { launchChromium, startPreview } from './chromium'
import { TESTS } from './app.e2e'
import { IMPORT_TESTS } from './import.e2e'
import { PATROL_TESTS } from './patrol.e2e'
import { PLAN_TESTS } from './plan.e2e'
import { FILTER_TESTS } from './filters.e2e'
import { DISPLAY_TESTS } from './display.e2e'
import { TIME_TESTS } from './time.e2e'
import { WALL_TESTS } from './wall.e2e'
import { SNAPSHOT_TESTS } from './snapshot.e2e'
import { SNAPSHOT_CLI_TESTS } from './snapshot-cli.e2e'
import { HOSTILE_TESTS } from './hostile.e2e'
import { CSP_TESTS } from './csp.e2e'
import { PERSIST_TESTS } from './persist.e2e'
import { LIVE_FEED_TESTS } from './live-feed.e2e'

async function main() {
  mkdirSync('tests/e2e/output', { recursive: true })
  // E2E_PORT / E2E_OUTDIR let several builds be tested side by side
  const server = await startPreview(Number(process.env.E2E_PORT ?? 4173), process.env.E2E_OUTDIR ?? 'dist')
  const browser = await launchChromium()
  const only = process.argv[2]
  let passed = 0
  let failed = 0
  try {
    for (const [name, test] of Object.entries({ ...TESTS, ...IMPORT_TESTS, ...PATROL_TESTS, ...PLAN_TESTS, ...FILTER_TESTS, ...DISPLAY_TESTS, ...TIME_TESTS, ...WALL_TESTS, ...SNAPSHOT_TESTS, ...SNAPSHOT_CLI_TESTS, ...CSP_TESTS, ...HOSTILE_TESTS, ...PERSIST_TESTS, ...LIVE_FEED_TESTS })) {
      if (only && !name.includes(only)) continue
      const started = Date.now()
      try {
        await test({ browser, baseUrl: server.url })
        passed++
        console.log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      } catch (e) {
        failed++
        console.log(`✗ ${name}\n    ${e instanceof Error ? e.stack ?? e.message : String(e)}`)
      }
    }
  } finally {
    await browser.close()
    server.stop()
  }
  console.log(`browser: ${passed} passed, ${failed} failed`)
  process.exit(failed > 0 || passed === 0 ? 1 : 0)
}

void main()
