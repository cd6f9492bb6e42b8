/**
 * Browser tests: the production build served by `vite preview`, driven by playwright-core in
 * Debian's chromium (WebGL2 through SwiftShader). Prints "browser: N passed, N failed" at the end.
 *
 *   tsx tests/e2e/run.ts                  every test (soaks shortened; SOAK=1 for full length)
 *   tsx tests/e2e/run.ts "wall" "persist"  the tests whose name contains any of the words
 *   E2E_LIMIT_SCALE=2 tsx tests/e2e/run.ts every time limit doubled
 *   E2E_LANES=1 tsx tests/e2e/run.ts       one suite after another (by default two lanes side by side)
 *
 * Each test file gets a browser of its own, and each test of a file that crashes pages
 * (`browserPerTest`) one of its own too; a browser that went down is launched again before the
 * next test. Each test has a time limit: past it the test fails with a message saying so and its
 * browser is closed, taking whatever the test still had open with it.
 */
import { mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { launchChromium, startPreview } from './chromium'
import type { Ctx } from './app.e2e'
import { TESTS } from './app.e2e'
import { IMPORT_TESTS } from './import.e2e'
import { IMPORT_GUESS_TESTS } from './import-guess.e2e'
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
import { SERVER_MODE_TESTS } from './server-mode.e2e'
import { AUDIT_TESTS } from './audit.e2e'
import { SEATS_TESTS } from './seats.e2e'
import { LIVE_SERVER_TESTS } from './live-server.e2e'
import { BRIEFINGS_TESTS } from './briefings.e2e'
import { CRIME_TESTS } from './crime.e2e'
import { HEAT_TESTS } from './heat.e2e'
import { COLOUR_TESTS } from './colours.e2e'
import { WORDS_TESTS } from './words.e2e'
import { LAYOUT_TESTS } from './layout.e2e'
import { UNITS_TESTS } from './units.e2e'
import { UNITS_IMPORT_TESTS } from './units-import.e2e'
import { UNITS_LIVE_TESTS } from './units-live.e2e'
import { RESPONSE_TESTS } from './response.e2e'
import { WALL_UNITS_TESTS } from './wall-units.e2e'
import { PRESENCE_TESTS } from './presence.e2e'
import { CITY_VIEW_TESTS } from './city-view.e2e'
import { UNIT_PLAYBACK_TESTS } from './unit-playback.e2e'

type Test = (ctx: Ctx) => Promise<void>

interface Suite {
  file: string
  tests: Record<string, Test>
  /** a fresh browser for every test (tests that crash renderers) */
  browserPerTest?: boolean
  /** seconds per test, unless `limits` names it (by a part of its name) */
  limitS?: number
  limits?: Record<string, number>
  /**
   * Which of two lanes runs it (default 0). The lanes run side by side, each with its own browser
   * and its suites one after another: the tests mostly wait (timers, servers, polling), so a
   * second lane nearly halves the run on two cores. Lane 0 holds the tests that count frames or
   * measure memory, and every suite sharing a file or the live simulator with another.
   */
  lane?: 0 | 1
}

const SOAK = process.env.SOAK === '1'

// Limits are some three times what a test took on a 2-core machine loaded far beyond its cores
// (load average 10–14): they end a hung test, they are not a speed requirement.
const SUITES: Suite[] = [
  { file: 'app.e2e.ts', tests: TESTS, limits: { 'camera coverage': 600 } },
  { file: 'import.e2e.ts', tests: IMPORT_TESTS, limits: { '1,000,000-row': 900 } },
  { file: 'import-guess.e2e.ts', tests: IMPORT_GUESS_TESTS, limitS: 120 },
  { file: 'patrol.e2e.ts', tests: PATROL_TESTS, lane: 1 },
  { file: 'plan.e2e.ts', tests: PLAN_TESTS, lane: 1 },
  { file: 'filters.e2e.ts', tests: FILTER_TESTS, limitS: 900 },
  // lane 1: it counts no frames and shares no file, and it evens the lanes (CI sums some 935 s each)
  { file: 'display.e2e.ts', tests: DISPLAY_TESTS, lane: 1 },
  { file: 'colours.e2e.ts', tests: COLOUR_TESTS, limitS: 240 },
  { file: 'time.e2e.ts', tests: TIME_TESTS, limitS: 600 },
  { file: 'wall.e2e.ts', tests: WALL_TESTS, limits: { 'wall soak': SOAK ? 2400 : 900 } },
  { file: 'snapshot.e2e.ts', tests: SNAPSHOT_TESTS, limitS: 600, lane: 1 },
  { file: 'wall-units.e2e.ts', tests: WALL_UNITS_TESTS, limitS: 180, lane: 1 },
  { file: 'snapshot-cli.e2e.ts', tests: SNAPSHOT_CLI_TESTS, limitS: 600, lane: 1 },
  { file: 'csp.e2e.ts', tests: CSP_TESTS, lane: 1 },
  { file: 'hostile.e2e.ts', tests: HOSTILE_TESTS, lane: 1 },
  { file: 'persist.e2e.ts', tests: PERSIST_TESTS, browserPerTest: true, limitS: 900, lane: 1 },
  { file: 'live-feed.e2e.ts', tests: LIVE_FEED_TESTS, limitS: SOAK ? 1200 : 600, lane: 1 },
  { file: 'server-mode.e2e.ts', tests: SERVER_MODE_TESTS, limitS: 300, lane: 1 },
  { file: 'audit.e2e.ts', tests: AUDIT_TESTS, limitS: 300, lane: 1 },
  { file: 'seats.e2e.ts', tests: SEATS_TESTS, limitS: 300, lane: 1 },
  { file: 'city-view.e2e.ts', tests: CITY_VIEW_TESTS, limitS: 300, lane: 1 },
  { file: 'live-server.e2e.ts', tests: LIVE_SERVER_TESTS, limitS: 180, lane: 1 },
  { file: 'briefings.e2e.ts', tests: BRIEFINGS_TESTS, limitS: 300, lane: 1 },
  { file: 'crime.e2e.ts', tests: CRIME_TESTS, limitS: 180 },
  { file: 'heat.e2e.ts', tests: HEAT_TESTS, limitS: 120 },
  { file: 'words.e2e.ts', tests: WORDS_TESTS, limitS: 180 },
  { file: 'layout.e2e.ts', tests: LAYOUT_TESTS, limitS: 360 },
  { file: 'units.e2e.ts', tests: UNITS_TESTS, limitS: 180, lane: 1 },
  { file: 'units-live.e2e.ts', tests: UNITS_LIVE_TESTS, limitS: 180, lane: 1 },
  { file: 'response.e2e.ts', tests: RESPONSE_TESTS, limitS: 120 },
  { file: 'presence.e2e.ts', tests: PRESENCE_TESTS, limitS: 420 },
  { file: 'units-import.e2e.ts', tests: UNITS_IMPORT_TESTS, limitS: 300, lane: 1 },
  { file: 'unit-playback.e2e.ts', tests: UNIT_PLAYBACK_TESTS, limitS: 120 },
]
const DEFAULT_LIMIT_S = 300
/** E2E_LANES=1 runs every suite in one lane, one after another */
const LANES = process.env.E2E_LANES === '1' ? 1 : 2

/** E2E_LIMIT_SCALE=2 doubles every limit (a slower machine); 0.01 shows what a time-out does. */
const LIMIT_SCALE = Number(process.env.E2E_LIMIT_SCALE ?? 1) || 1

function limitOf(suite: Suite, name: string): number {
  let s = suite.limitS ?? DEFAULT_LIMIT_S
  for (const [part, limit] of Object.entries(suite.limits ?? {})) if (name.includes(part)) s = limit
  return Math.max(1, Math.round(s * LIMIT_SCALE))
}

class TimedOut extends Error {}

/** Runs `test`, failing it after `limitS` seconds; the caller closes the browser of a test that timed out. */
async function runWithLimit(test: Test, ctx: Ctx, limitS: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`timed out after ${limitS} s (the test's limit; its browser is closed)`)), limitS * 1000)
  })
  const running = test(ctx)
  // once timed out, what the test still does fails as its browser closes: that must not end the run
  running.catch(() => {})
  try {
    await Promise.race([running, limit])
  } finally {
    clearTimeout(timer)
  }
}

/** The pages the test left open, as pictures, to see where it stood when it failed. */
async function picturesOfFailure(browser: Browser, name: string): Promise<string[]> {
  const dir = 'tests/e2e/output/failures'
  mkdirSync(dir, { recursive: true })
  const base = name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)
  const written: string[] = []
  let k = 0
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      const path = `${dir}/${base}-${++k}.png`
      try {
        await page.screenshot({ path, timeout: 10_000 })
        written.push(path)
      } catch {
        // a crashed or frozen page has no picture to give
      }
    }
  }
  return written
}

async function main() {
  mkdirSync('tests/e2e/output', { recursive: true })
  // a test that ran out of time may still reject later, as its browser goes
  process.on('unhandledRejection', (e) => console.log(`    (after its test ended) ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`))
  // E2E_PORT / E2E_OUTDIR let several builds be tested side by side
  const port = Number(process.env.E2E_PORT ?? 4173)
  // startPreview takes any answer on the port as its server: another build served there would be tested instead
  const taken = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)
  if (taken) {
    console.log(`port ${port} already serves something (another preview?): set E2E_PORT to a free port\nbrowser: 0 passed, 1 failed`)
    process.exit(1)
  }
  const server = await startPreview(port, process.env.E2E_OUTDIR ?? 'dist')
  const only = process.argv.slice(2)
  const wanted = (name: string) => only.length === 0 || only.some((w) => name.includes(w))
  let passed = 0
  let failed = 0
  let relaunched = 0
  const started = Date.now()
  const times: [string, number][] = []
  const browsers = new Set<Browser>()

  async function runLane(suites: Suite[]) {
    let browser: Browser | null = null
    const fresh = async () => {
      if (browser) {
        browsers.delete(browser)
        await browser.close().catch(() => {})
      }
      browser = await launchChromium()
      browsers.add(browser)
      return browser
    }
    for (const suite of suites) {
      const names = Object.keys(suite.tests).filter(wanted)
      if (names.length === 0) continue
      let b = await fresh()
      for (const [i, name] of names.entries()) {
        if (i > 0 && (suite.browserPerTest || !b.isConnected())) {
          if (!b.isConnected()) relaunched++
          b = await fresh()
        }
        const t0 = Date.now()
        const limitS = limitOf(suite, name)
        const seconds = () => ((Date.now() - t0) / 1000).toFixed(1)
        try {
          await runWithLimit(suite.tests[name], { browser: b, baseUrl: server.url }, limitS)
          passed++
          console.log(`✓ ${name} (${seconds()} s)`)
        } catch (e) {
          failed++
          const why = e instanceof TimedOut ? e.message : e instanceof Error ? e.stack ?? e.message : String(e)
          console.log(`✗ ${name} (${seconds()} s, ${suite.file})\n    ${why}`)
          const pictures = b.isConnected() ? await picturesOfFailure(b, name) : []
          if (pictures.length > 0) console.log(`    pages at the failure: ${pictures.join(', ')}`)
          // a timed-out test may still hold its pages: a new browser for the next one
          if (e instanceof TimedOut) b = await fresh()
        }
        times.push([name, (Date.now() - t0) / 1000])
      }
    }
  }

  try {
    const lanes = LANES === 1 ? [SUITES] : [SUITES.filter((x) => !x.lane), SUITES.filter((x) => x.lane === 1)]
    await Promise.all(lanes.map(runLane))
  } finally {
    await Promise.all([...browsers].map((b) => b.close().catch(() => {})))
    server.stop()
  }
  const slowest = [...times].sort((a, b) => b[1] - a[1]).slice(0, 5)
  console.log(`browser tests took ${((Date.now() - started) / 1000).toFixed(0)} s in ${LANES} lane${LANES > 1 ? 's' : ''}${relaunched ? `; the browser went down and was launched again ${relaunched} times` : ''}; slowest: ${slowest.map(([n, s]) => `${n.slice(0, 40)}… ${s.toFixed(0)} s`).join('; ')}`)
  console.log(`browser: ${passed} passed, ${failed} failed`)
  process.exit(failed > 0 || passed === 0 ? 1 : 0)
}

void main()
