import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { assert, pixelShare, type Ctx } from './app.e2e'
import { freePort } from '../../src/cli/headless'

/** 100,000 messages with SOAK=1 (npm run test:soak), 20,000 in the everyday run; two kills either way. */
const TOTAL = process.env.SOAK === '1' ? 100_000 : 20_000
const RATE = 4000
/** the live incidents kept on the map: fewer than sent, so that trimming is tested */
const KEEP = Math.round(TOTAL * 0.6)
const SERVER = 'tests/e2e/live-feed-server.mjs'

interface FeedState { cursor: number; oversized: number; malformed: number; starts: number; done: boolean }

/** The feed server as a plain node child (not tsx), so that SIGKILL kills what holds the port. */
function startServer(port: number, upstream: string, stateFile: string, gateFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVER, String(port), upstream, stateFile, String(TOTAL), String(RATE), gateFile], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`feed server exited (${code})`)))
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('listening')) resolve(child)
    })
  })
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

const status = async (page: Page) => {
  const s = await page.locator('[data-testid="wall-status"]').evaluate((el) => ({ ...(el as HTMLElement).dataset }))
  const n = (k: string) => Number(s[k] ?? NaN)
  return { live: s.live, arrived: n('arrived'), rejected: n('rejected'), oversized: n('oversized'), replayed: n('replayed'), trimmed: n('trimmed'), onMap: n('onMap'), reconnects: n('reconnects') }
}

/** The page's JS heap after garbage collection, in MiB (console entries dropped first: DevTools keeps them). */
async function heapMb(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Runtime.enable')
  await cdp.send('Runtime.discardConsoleEntries')
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  await cdp.detach()
  return usedSize / 2 ** 20
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
// anything but the page's background colour #0a1320
const isDrawn = ([r, g, b]: [number, number, number]) => Math.abs(r - 10) + Math.abs(g - 19) + Math.abs(b - 32) > 12

export const LIVE_FEED_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async [`live feed: the server killed twice during ${TOTAL.toLocaleString('en-US')} messages; the wall stays up and shows each incident once`](ctx: Ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'live-feed-'))
    const stateFile = join(dir, 'state.json'), gateFile = join(dir, 'gate')
    const port = await freePort()
    const proxy = `http://127.0.0.1:${port}`
    let server = await startServer(port, ctx.baseUrl, stateFile, gateFile)
    const context = await ctx.browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    const state = (): FeedState => JSON.parse(readFileSync(stateFile, 'utf8'))
    try {
      await page.route('**/config.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify({ live: { url: '/live/feed', kind: 'sse', keep: KEEP } }) }))
      await page.goto(`${proxy}/?mode=wall`)
      await page.waitForSelector('[data-testid="wall-kpis"][data-state="done"]', { timeout: 120_000 })
      await page.waitForFunction(() => document.documentElement.dataset.mapIdle && Number(document.documentElement.dataset.overlayFrames ?? 0) > 0, null, { timeout: 120_000 })
      await page.waitForSelector('[data-testid="wall-status"][data-live="open"]', { timeout: 30_000 })
      // the wall is up (the kills must hit the feed, not the page's own loading): open the gate
      writeFileSync(gateFile, '')
      const started = Date.now()
      const kills: { at: number; downMs: number }[] = []
      // taken without waiting: the second kill must not be late for it
      let heapHalf: Promise<number> = Promise.resolve(NaN)
      for (const share of [0.3, 0.65]) {
        while (state().cursor < share * TOTAL) await sleep(50)
        const at = state().cursor
        await kill(server)
        const down = Date.now()
        await sleep(3000)
        server = await startServer(port, ctx.baseUrl, stateFile, gateFile)
        kills.push({ at, downMs: Date.now() - down })
        if (share < 0.5) {
          while (state().cursor < 0.5 * TOTAL) await sleep(50)
          heapHalf = heapMb(page)
        }
      }
      const deadline = Date.now() + 120_000
      while (!state().done) {
        assert(Date.now() < deadline, `the feed never finished: ${JSON.stringify(state())}`)
        await sleep(200)
      }
      const sentS = (Date.now() - started) / 1000
      // every incident read, and the last join onto the map done
      const until = Date.now() + 60_000
      for (let s = await status(page); !(s.arrived >= TOTAL && s.onMap === KEEP); s = await status(page)) {
        assert(Date.now() < until, `the wall did not catch up: ${JSON.stringify(s)}; server ${JSON.stringify(state())}`)
        await sleep(250)
      }
      await sleep(1500) // a late duplicate would show here
      const s = await status(page)
      const sent = state()
      const heapEnd = await heapMb(page)
      await page.screenshot({ path: 'tests/e2e/output/live-feed.png' })
      console.log(`    live feed: ${TOTAL} incidents in ${sentS.toFixed(1)} s (${Math.round(TOTAL / sentS)}/s) with the server killed at ${kills.map((k) => `${k.at} (down ${(k.downMs / 1000).toFixed(1)} s)`).join(', ')}; ` +
        `${s.reconnects} reconnects, ${s.replayed} replays, rejected ${s.rejected}/${sent.malformed} and oversized ${s.oversized}/${sent.oversized} (client/server), trimmed ${s.trimmed}, on the map ${s.onMap}; heap ${(await heapHalf).toFixed(0)} MiB at 50 %, ${heapEnd.toFixed(0)} MiB at the end`)

      // `arrived` counts ids taken for the first time: with L000001 … up to TOTAL sent, exactly
      // TOTAL means none was lost and none shown twice
      assert(s.arrived === TOTAL, `arrived ${s.arrived} ≠ ${TOTAL}`)
      assert(s.onMap === KEEP, `${s.onMap} live incidents on the map ≠ keep ${KEEP}`)
      assert(s.trimmed === TOTAL - KEEP, `trimmed ${s.trimmed} ≠ ${TOTAL - KEEP}`)
      assert(s.replayed > 0, 'the restarted server resent ids the client had seen, yet no replay was counted')
      assert(s.reconnects >= 2, `${s.reconnects} reconnects after two kills`)
      assert(sent.starts === 3, `the server started ${sent.starts} times`)
      assert(kills.every((k) => k.at < TOTAL), `a kill came after the feed was done: ${kills.map((k) => k.at).join(', ')}`)
      // The junk follows fixed positions (every 1,000th / 997th incident): each is received at
      // least once, and at most as often as the server wrote it. The server's tally is taken at
      // its write callbacks, so a tick written but not yet tallied when it was killed may also
      // have reached the client: at most 1 oversized and 2 malformed messages per kill.
      const uniqueOversized = Math.floor(TOTAL / 1000), uniqueMalformed = Math.floor(TOTAL / 997)
      assert(s.oversized >= uniqueOversized && s.oversized <= sent.oversized + kills.length, `oversized ${s.oversized}: expected ${uniqueOversized}…${sent.oversized + kills.length}`)
      assert(s.rejected >= uniqueMalformed && s.rejected <= sent.malformed + 2 * kills.length, `rejected ${s.rejected}: expected ${uniqueMalformed}…${sent.malformed + 2 * kills.length}`)
      const drawn = await pixelShare(page, isDrawn)
      assert(drawn > 0.05, `the map draws only ${(drawn * 100).toFixed(1)}% of the wall`)
      const box = await page.locator('[data-testid="wall-status"]').boundingBox()
      assert(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 1920 && box.y + box.height <= 1080, `the status leaves the screen: ${JSON.stringify(box)}`)
      const font = await page.locator('[data-testid="wall-live-counts"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
      assert(font >= 16, `the live counts are ${font} px`)
      const text = (await page.locator('[data-testid="wall-live-counts"]').textContent()) ?? ''
      assert(text.includes(`已接收 ${TOTAL.toLocaleString('en-US')}`) && text.includes('重复'), `the status says “${text}”`)
      assert(problems.length === 0, problems.join('\n'))
    } finally {
      await context.close()
      await kill(server)
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true })
    }
  },
}
