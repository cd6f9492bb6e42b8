/**
 * Cold start as a person sees it. A new headless chromium (empty profile and cache) records every
 * frame the page paints (DevTools `Page.startScreencast`, with timestamps) from navigation until
 * the screen has stopped changing; the last frame is the settled screen. The first frame that
 * matches it in at least 60% of what its map area shows (every pixel but the plain ground, see
 * contentPixels) is the first useful frame, the first that matches it in 95% is when the screen
 * settled. Times are from the page's navigation start. No mark the
 * page sets is read for the times, so the app and a bare MapLibre page are measured alike.
 */
import { writeFileSync } from 'node:fs'
import { PNG } from 'pngjs'
import type { Page } from 'playwright-core'
import { launchChromium } from '../../src/cli/headless'
import { ownChromiumRssMB } from './process-tree'

export interface ColdStartOptions {
  /** cookies the browser holds before it opens the page (a signed-in session of the server) */
  cookies?: { name: string; value: string; url: string }[]
  width?: number
  height?: number
  /** the screen counts as settled after this long without a changed frame */
  settleMs?: number
  /** give up (and throw) after this long */
  maxMs?: number
  /**
   * A guard, not a timer: the settle countdown may end only once this holds, so that a page
   * which pauses its painting while it reads data is not taken as settled half-way.
   */
  ready?: (page: Page) => Promise<boolean>
  /** write the first useful, the settled and the last frame here as PNGs (to look at what was measured) */
  saveFrames?: string
  /** runs before the navigation (e.g. page.addInitScript) */
  init?: (page: Page) => Promise<void>
  /** performance marks the page set, read once it settled (ms from navigation start in `marks`) */
  marks?: string[]
}

export interface ColdStart {
  usefulMs: number
  settledMs: number
  frames: number
  /** distinct colours (4 bits a channel) in the settled map area: a blank screen is not a result */
  refColours: number
  /** share of the settled map area that holds something other than the plain ground */
  contentShare: number
  /** peak resident memory of the whole browser (all its processes), MB */
  peakRssMB: number
  /** the first of each of `marks` the page set, ms from its navigation start (NaN: not set) */
  marks: Record<string, number>
}

interface Frame { t: number; png: string }

/** The map area: the middle of the screen, clear of side panels, header and timeline. */
function* mapArea(p: PNG): Generator<number> {
  for (let y = Math.floor(p.height * 0.12); y < p.height * 0.85; y += 2) {
    for (let x = Math.floor(p.width * 0.3); x < p.width * 0.68; x += 2) yield (y * p.width + x) * 4
  }
}

// a small tolerance: anti-aliasing and heatmap dithering differ between frames of one picture
const near = (a: Uint8Array, i: number, b: Uint8Array, j: number) =>
  Math.abs(a[i] - b[j]) + Math.abs(a[i + 1] - b[j + 1]) + Math.abs(a[i + 2] - b[j + 2]) < 24

/**
 * The pixels of the settled map area that hold something: all but those of its most common
 * colour (the plain ground). Without this an empty dark page before the map draws would already
 * "match" a dark map wherever the settled map shows bare ground.
 */
function contentPixels(ref: PNG): number[] {
  const count = new Map<number, number>()
  for (const i of mapArea(ref)) {
    const c = (ref.data[i] << 16) | (ref.data[i + 1] << 8) | ref.data[i + 2]
    count.set(c, (count.get(c) ?? 0) + 1)
  }
  const ground = [...count].reduce((a, b) => (b[1] > a[1] ? b : a))[0]
  const g = new Uint8Array([ground >> 16, (ground >> 8) & 255, ground & 255])
  return [...mapArea(ref)].filter((i) => !near(ref.data, i, g, 0))
}

/** Share of the settled screen's content pixels that `a` shows alike. */
function sameShare(a: PNG, ref: PNG, content: number[]): number {
  if (a.width !== ref.width || a.height !== ref.height) return 0
  let same = 0
  for (const i of content) if (near(a.data, i, ref.data, i)) same++
  return same / content.length
}

function colours(p: PNG): number {
  const seen = new Set<number>()
  for (const i of mapArea(p)) seen.add(((p.data[i] >> 4) << 8) | ((p.data[i + 1] >> 4) << 4) | (p.data[i + 2] >> 4))
  return seen.size
}

export async function measureColdStart(url: string, opts: ColdStartOptions = {}): Promise<ColdStart> {
  const { width = 1920, height = 1080, settleMs = 6000, maxMs = 120_000 } = opts
  const browser = await launchChromium()
  let peakRssMB = 0
  const sampler = setInterval(() => (peakRssMB = Math.max(peakRssMB, ownChromiumRssMB())), 200)
  try {
    const page = await browser.newPage({ viewport: { width, height } })
    if (opts.cookies) await page.context().addCookies(opts.cookies)
    if (opts.init) await opts.init(page)
    const cdp = await page.context().newCDPSession(page)
    const frames: Frame[] = []
    let changedAt = Date.now()
    cdp.on('Page.screencastFrame', (f) => {
      // frames come when the compositor draws, also when nothing visible changed
      if (frames.length === 0 || frames[frames.length - 1].png !== f.data) {
        frames.push({ t: (f.metadata.timestamp ?? 0) * 1000, png: f.data })
        changedAt = Date.now()
      }
      cdp.send('Page.screencastFrameAck', { sessionId: f.sessionId }).catch(() => {})
    })
    // a quarter of the screen is enough to tell pictures apart and keeps decoding cheap
    await cdp.send('Page.startScreencast', { format: 'png', maxWidth: width / 4, maxHeight: height / 4, everyNthFrame: 1 })
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 })
    const origin = await page.evaluate(() => performance.timeOrigin)
    const start = Date.now()
    for (;;) {
      await new Promise((r) => setTimeout(r, 250))
      if (Date.now() - start > maxMs) throw new Error(`${url}: the screen did not settle within ${maxMs} ms`)
      if (Date.now() - changedAt < settleMs) continue
      const quietSince = changedAt
      if (opts.ready && !(await opts.ready(page).catch(() => false))) continue
      // a page whose main thread was busy answers the guard late, and its next frame may still be
      // on its way: settled only if nothing changed while asking, nor a moment after
      await new Promise((r) => setTimeout(r, 1000))
      if (changedAt === quietSince) break
    }
    await cdp.send('Page.stopScreencast')
    const marks = await page.evaluate((names) => Object.fromEntries(names.map((n) => [n, performance.getEntriesByName(n)[0]?.startTime ?? NaN])), opts.marks ?? [])
    peakRssMB = Math.max(peakRssMB, ownChromiumRssMB())
    if (frames.length < 2) throw new Error(`${url}: ${frames.length} frame(s) recorded`)
    const ref = PNG.sync.read(Buffer.from(frames[frames.length - 1].png, 'base64'))
    const content = contentPixels(ref)
    let usefulMs = NaN
    let settledMs = NaN
    const save = (f: Frame, what: string) => {
      if (opts.saveFrames) writeFileSync(`${opts.saveFrames}-${what}.png`, Buffer.from(f.png, 'base64'))
    }
    for (const f of frames) {
      const share = sameShare(PNG.sync.read(Buffer.from(f.png, 'base64')), ref, content)
      if (Number.isNaN(usefulMs) && share >= 0.6) {
        usefulMs = f.t - origin
        save(f, 'useful')
      }
      if (share >= 0.95) {
        settledMs = f.t - origin
        save(f, 'settled')
        break
      }
    }
    save(frames[frames.length - 1], 'final')
    return { usefulMs, settledMs, frames: frames.length, refColours: colours(ref), contentShare: content.length / [...mapArea(ref)].length, peakRssMB, marks }
  } finally {
    clearInterval(sampler)
    await browser.close()
  }
}
