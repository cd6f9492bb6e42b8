/**
 * Makes one district's briefing files the way the `snapshot` command does: Debian's headless
 * chromium (src/cli/headless.ts) opens the app this same server serves, signed in with a
 * session of the server's own account, shows the district, and asks the page's automation API
 * (src/export/page-api.ts) for each file: the desk's own export, nothing drawn twice.
 */
import type { Browser } from 'playwright-core'
import { launchChromium } from '../cli/headless'
import type { SnapshotRequest, SnapshotResult } from '../export/page-api'
import type { BriefingFormat } from './briefing-schedule'

/** sessionStorage key the app's server store reads the district to show from (stores/server.ts) */
const DISTRICT_KEY = 'pingan-map-district'
const VIEWPORT = { width: 1920, height: 1080 }

/** What each format is asked for: the PDF on A4 (the snapshot command's default), the PNG screen-sized for a phone or a message. */
export const BRIEFING_REQUESTS: Record<BriefingFormat, SnapshotRequest> = {
  pdf: { format: 'pdf', paper: 'a4' },
  png: { format: 'png', width: VIEWPORT.width, height: VIEWPORT.height },
}

export interface RenderJob {
  /** the app's address on this server, e.g. http://127.0.0.1:8080/ */
  baseUrl: string
  /** the session cookie (name, token) the page signs in with */
  session: { name: string; token: string }
  districtId: number
  districtName: string
  title: string
  formats: BriefingFormat[]
  /** the district's first wall scene, when it has one; otherwise the district fitted (the PNG's view) */
  scene?: unknown
  /**
   * the briefing's day (YYYY-MM-DD): the PDF is the 8:00 daily briefing of it (core/briefing-window.ts:
   * the day before 08:00 to this day 08:00), the export panel's and `snapshot --brief daily`'s document
   */
  day?: string
  /** how long loading and drawing may take, and each export */
  timeoutMs: number
}

export interface RenderedFile { bytes: Uint8Array; ms: number }

/** Each format's file, or the error that kept it from being made. */
export type RenderOutcome = Partial<Record<BriefingFormat, RenderedFile | Error>>

export type BriefingRenderer = (job: RenderJob) => Promise<RenderOutcome>

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new Error(what)), ms) })
  return Promise.race([p, limit]).finally(() => clearTimeout(timer))
}

/** The page's own message, without playwright's call log. */
const short = (e: unknown) => (e instanceof Error ? e.message : String(e)).split(/\n(=+ logs =+|Call log:)/)[0].trim()

export const renderInChromium: BriefingRenderer = async (job) => {
  let browser: Browser | null = null
  const problems: string[] = []
  try {
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 })
    await context.addCookies([{ name: job.session.name, value: job.session.token, url: job.baseUrl, httpOnly: true, sameSite: 'Strict' }])
    // the page shows the district this tab showed last: this one
    await context.addInitScript(([key, id]) => sessionStorage.setItem(key, id), [DISTRICT_KEY, String(job.districtId)] as const)
    const page = await context.newPage()
    page.on('pageerror', (e) => problems.push(e.message))
    await page.goto(`${job.baseUrl}?lang=zh-CN`, { timeout: job.timeoutMs })
    const started = Date.now()
    await page.waitForFunction(() => window.pinganAutomation !== undefined, null, { timeout: job.timeoutMs })
    await within(page.evaluate(() => window.pinganAutomation!.ready()), job.timeoutMs, `the page did not load and draw the district within ${job.timeoutMs / 1000} s`)
    // the header names the district shown: a page that fell back to another is no briefing of this one
    const shown = await page.evaluate(() => {
      const pick = document.querySelector<HTMLSelectElement>('[data-testid="district-pick"]')
      return pick ? Number(pick.value) : document.querySelector('[data-testid="district-name"]')?.textContent ?? null
    })
    if (shown !== job.districtId && shown !== job.districtName) throw new Error(`the page shows another district (${String(shown)}) than ${job.districtName}`)
    const loadMs = Date.now() - started
    const out: RenderOutcome = {}
    for (const format of job.formats) {
      const req: SnapshotRequest = format === 'pdf' && job.day !== undefined
        ? { ...BRIEFING_REQUESTS.pdf, title: job.title, brief: { kind: 'daily', date: job.day } }
        : { ...BRIEFING_REQUESTS[format], title: job.title, ...(job.scene === undefined ? {} : { scene: job.scene }) }
      const t0 = Date.now()
      try {
        const r: SnapshotResult = await within(page.evaluate((q) => window.pinganAutomation!.snapshot(q), req), job.timeoutMs, `the ${format} took over ${job.timeoutMs / 1000} s`)
        const want = format === 'pdf' ? 'application/pdf' : 'image/png'
        if (r.mime !== want) throw new Error(`the page returned ${r.mime}, not ${want}`)
        // the first file carries the page's load, so each format's figure is what it cost in all
        out[format] = { bytes: new Uint8Array(Buffer.from(r.base64, 'base64')), ms: Date.now() - t0 + (format === job.formats[0] ? loadMs : 0) }
      } catch (e) {
        out[format] = new Error(short(e))
      }
    }
    return out
  } catch (e) {
    const err = new Error(short(e) + (problems.length ? ` (page errors: ${problems.slice(0, 3).join('; ')})` : ''))
    return Object.fromEntries(job.formats.map((f) => [f, err]))
  } finally {
    await browser?.close().catch(() => {})
  }
}
