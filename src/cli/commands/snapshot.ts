import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, extname, relative, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { MAX_TITLE } from '../../core/scenes'
import type { SnapshotRequest, SnapshotResult } from '../../export/page-api'
import { PAPER_MM, paperPixels, SNAPSHOT_PRESETS, type Paper, type SnapshotPreset } from '../../export/snapshot-options'
import { CliError, type Log } from '../cli-io'
import type { Command, FlagValues } from '../command'
import { buildApp, freePort, launchChromium, REPO_ROOT, startPreview } from '../headless'
import { errorMessage } from '../../core/text-format'
import { BRIEFING_KINDS, briefingWindow } from '../../core/briefing-window'

/** WebGL's largest drawing buffer in chromium's SwiftShader: a bigger image cannot be drawn at all. */
export const MAX_PIXELS = 8192
export const MIN_DPI = 72
export const MAX_DPI = 600
export const DEFAULT_VIEWPORT = { width: 1920, height: 1080 }
/** the demo's incidents take a while to load and draw under SwiftShader on a small machine */
export const DEFAULT_TIMEOUT_S = 120
/** composing a print-size image in software WebGL is slow; past this something is wrong */
const EXPORT_TIMEOUT_MS = 10 * 60_000
const LANGS = ['zh-CN', 'en'] as const
type Lang = (typeof LANGS)[number]

export interface SnapshotJob {
  out: string
  /** what the page is asked for, less the scene (read from `scenePath` after the flags are checked) */
  request: SnapshotRequest
  scenePath?: string
  lang: Lang
  viewport: { width: number; height: number }
  /** a server already running; otherwise `dist` is served (and built first when missing) */
  baseUrl?: string
  dist: string
  timeoutMs: number
}

const str = (v: FlagValues, name: string) => v[name] as string | undefined
const given = (v: FlagValues, name: string) => v[name] !== undefined

function pixels(name: string, value: string): number {
  const n = Number(value)
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1 || n > MAX_PIXELS) {
    throw new CliError(`--${name} must be a whole number of pixels 1…${MAX_PIXELS} (got "${value}")`, 2)
  }
  return n
}

function oneOf<T extends string>(name: string, value: string, options: readonly T[]): T {
  const hit = options.find((o) => o.toLowerCase() === value.toLowerCase())
  if (!hit) throw new CliError(`--${name} must be one of ${options.join(', ')} (got "${value}")`, 2)
  return hit
}

function parseViewport(value: string | undefined): { width: number; height: number } {
  if (value === undefined) return { ...DEFAULT_VIEWPORT }
  const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/i.exec(value)
  if (!m) throw new CliError(`--viewport must be WIDTHxHEIGHT in CSS pixels, e.g. 1920x1080 (got "${value}")`, 2)
  return { width: pixels('viewport', m[1]), height: pixels('viewport', m[2]) }
}

function parseBaseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new CliError(`--base-url must be an http(s) URL, e.g. http://127.0.0.1:4173 (got "${value}")`, 2)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--base-url must be an http(s) URL (got "${value}")`, 2)
  if (url.search || url.hash) throw new CliError(`--base-url must not carry a query or a fragment (got "${value}"): the command adds ?lang=`, 2)
  return url.href.replace(/\/+$/, '')
}

/** The paper the size flags name, if they name one (--paper, or --preset a4|a3). */
function paperOf(v: FlagValues): Paper | undefined {
  if (given(v, 'paper')) return oneOf('paper', str(v, 'paper')!, ['a4', 'a3'] as const)
  const p = str(v, 'preset')?.toLowerCase()
  return p === 'a4' || p === 'a3' ? p : undefined
}

function parseDpi(value: string, paper: Paper): number {
  const dpi = Number(value)
  if (value.trim() === '' || !Number.isFinite(dpi) || dpi < MIN_DPI || dpi > MAX_DPI) {
    throw new CliError(`--dpi must be a number ${MIN_DPI}…${MAX_DPI} (got "${value}")`, 2)
  }
  const px = paperPixels(paper, dpi)
  if (px.width > MAX_PIXELS || px.height > MAX_PIXELS) {
    const most = Math.floor((MAX_PIXELS * 25.4) / Math.max(...PAPER_MM[paper]))
    throw new CliError(`--dpi ${value}: ${paper.toUpperCase()} would be ${px.width} × ${px.height} px, over WebGL's ${MAX_PIXELS} px; at most ${most} dpi for ${paper.toUpperCase()}`, 2)
  }
  return dpi
}

/**
 * The size part of the request. One of --width/--height, --preset, --paper (with --dpi for paper
 * sizes); without any, 4K for a PNG and A4 for a PDF. A PDF is laid out on paper, so it takes
 * only paper sizes.
 */
function parseSize(v: FlagValues, format: 'png' | 'pdf'): Pick<SnapshotRequest, 'preset' | 'width' | 'height' | 'paper' | 'dpi'> {
  const groups = [given(v, 'width') || given(v, 'height') ? '--width/--height' : '', given(v, 'preset') ? '--preset' : '', given(v, 'paper') ? '--paper' : ''].filter(Boolean)
  if (groups.length > 1) throw new CliError(`${groups.join(' and ')} exclude each other: give one size`, 2)
  if (groups[0] === '--width/--height') {
    if (!given(v, 'width')) throw new CliError('--width is required with --height', 2)
    if (!given(v, 'height')) throw new CliError('--height is required with --width', 2)
    if (format === 'pdf') throw new CliError('--width/--height: a PDF is laid out on paper; use --paper a4|a3 [--dpi N]', 2)
    if (given(v, 'dpi')) throw new CliError('--dpi goes with a paper size (--paper, --preset a4|a3), not with --width/--height', 2)
    return { width: pixels('width', str(v, 'width')!), height: pixels('height', str(v, 'height')!) }
  }
  const preset = given(v, 'preset') ? oneOf('preset', str(v, 'preset')!, SNAPSHOT_PRESETS) : undefined
  const paper = paperOf(v) ?? (format === 'pdf' && preset === undefined ? 'a4' : undefined)
  if (format === 'pdf' && paper === undefined) throw new CliError(`--preset ${preset}: a PDF is laid out on paper; use --paper a4|a3 (or --preset a4|a3)`, 2)
  if (given(v, 'dpi') && paper === undefined) throw new CliError('--dpi goes with a paper size (--paper, --preset a4|a3)', 2)
  const dpi = given(v, 'dpi') ? parseDpi(str(v, 'dpi')!, paper!) : undefined
  if (paper) return { paper, ...(dpi === undefined ? {} : { dpi }) }
  return { preset: preset ?? ('4k' satisfies SnapshotPreset) }
}

/** --brief daily|weekly --date YYYY-MM-DD: the 8:00 briefing (core/briefing-window.ts). */
function parseBrief(v: FlagValues, format: 'png' | 'pdf', scene: boolean): NonNullable<SnapshotRequest['brief']> {
  if (!given(v, 'brief')) throw new CliError('--date goes with --brief daily|weekly', 2)
  const kind = oneOf('brief', str(v, 'brief')!, BRIEFING_KINDS)
  if (format !== 'pdf') throw new CliError('--brief makes a PDF briefing: give --out FILE.pdf', 2)
  if (scene) throw new CliError('--brief and --scene exclude each other: the briefing maps its window over the whole district', 2)
  const date = str(v, 'date')
  if (date === undefined) throw new CliError('--brief needs --date YYYY-MM-DD (the morning of the briefing)', 2)
  try {
    briefingWindow(kind, date)
  } catch (err) {
    throw new CliError(`--date: ${errorMessage(err)}`, 2)
  }
  return { kind, date: date.trim() }
}

/** Checks every flag (nothing is read or started yet); a wrong command line is exit 2. */
export function parseSnapshotFlags(v: FlagValues): SnapshotJob {
  const out = str(v, 'out')
  if (out === undefined || out === '') throw new CliError('--out is required (a .png or .pdf file)', 2)
  const ext = extname(out).toLowerCase()
  if (ext !== '.png' && ext !== '.pdf') throw new CliError(`--out must end in .png or .pdf: the format follows it (got "${out}")`, 2)
  const format = ext === '.png' ? 'png' : 'pdf'
  const folder = dirname(resolve(out))
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new CliError(`--out: the folder ${folder} does not exist`, 2)

  const request: SnapshotRequest = { format, ...parseSize(v, format) }
  const title = str(v, 'title')
  if (title !== undefined) {
    if (title.trim() === '' || title.trim().length > MAX_TITLE) throw new CliError(`--title must be a text of 1…${MAX_TITLE} characters (got ${title.trim().length})`, 2)
    request.title = title.trim()
  }
  const marking = str(v, 'marking')
  if (marking !== undefined) {
    if (marking.length > MAX_TITLE) throw new CliError(`--marking must be at most ${MAX_TITLE} characters (got ${marking.length})`, 2)
    request.marking = marking.trim()
  }

  if (v['crime-pages'] === true) {
    if (format !== 'pdf') throw new CliError('--crime-pages adds pages to a PDF briefing: give --out FILE.pdf', 2)
    request.crimePages = true
  }

  const scenePath = str(v, 'scene')
  if (scenePath === '') throw new CliError('--scene needs a file name', 2)
  if (given(v, 'brief') || given(v, 'date')) request.brief = parseBrief(v, format, scenePath !== undefined)
  const sceneId = str(v, 'scene-id')
  if (sceneId !== undefined) {
    if (scenePath === undefined) throw new CliError('--scene-id picks a scene of the --scene file: give --scene too', 2)
    if (sceneId.trim() === '') throw new CliError('--scene-id must not be empty', 2)
    request.sceneId = sceneId
  }

  if (given(v, 'base-url') && given(v, 'dist')) throw new CliError('--base-url and --dist exclude each other: the server at --base-url serves its own build', 2)
  const timeoutS = given(v, 'timeout') ? Number(str(v, 'timeout')) : DEFAULT_TIMEOUT_S
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CliError(`--timeout must be a positive number of seconds (got "${str(v, 'timeout')}")`, 2)

  return {
    out,
    request,
    scenePath,
    lang: given(v, 'lang') ? oneOf('lang', str(v, 'lang')!, LANGS) : 'zh-CN',
    viewport: parseViewport(str(v, 'viewport')),
    baseUrl: given(v, 'base-url') ? parseBaseUrl(str(v, 'base-url')!) : undefined,
    // the build next to the code, not in the caller's folder (the `pingan-map` bin runs anywhere)
    dist: given(v, 'dist') ? resolve(str(v, 'dist')!) : resolve(REPO_ROOT, 'dist'),
    timeoutMs: timeoutS * 1000,
  }
}

/**
 * The scene file as JSON, passed to the page as it is: one scene object or a scenes file. The
 * page validates the content (as it does an imported file); here only reading and JSON fail.
 */
export function readSceneFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new CliError(`--scene ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new CliError(`--scene ${path}: not valid JSON (${(err as Error).message})`)
  }
  if (typeof json !== 'object' || json === null) throw new CliError(`--scene ${path}: not a scene or a scenes file (expected a JSON object, got ${json === null ? 'null' : typeof json})`)
  return json
}

/** A playwright error as one readable line: the page's own message, without the protocol's wrapping and stack. */
export function pageMessage(err: unknown): string {
  const raw = errorMessage(err)
  return raw
    .split(/\n\s+at /)[0]
    .replace(/^(page|frame|locator|browser|browserType|context)\.\w+: /, '')
    .replace(/^(\w*Error: )+/, '')
    .replace(/\n(=+ logs =+|Browser logs:|Call log:)[\s\S]*$/, '')
    .trim()
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new CliError(what)), ms)
  })
  return Promise.race([p, limit]).finally(() => clearTimeout(timer))
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const megabytes = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`)

/**
 * Serves the build (or uses --base-url), opens it in headless chromium, waits until the page has
 * drawn, asks it for the snapshot and writes the bytes. The browser and the server are closed
 * whatever happens.
 */
export async function renderSnapshot(job: SnapshotJob, scene: unknown, log: Log): Promise<SnapshotResult> {
  const started = Date.now()
  let server: { url: string; stop: () => void } | null = null
  let browser: Browser | null = null
  // a cron job's timeout sends SIGTERM to us alone: the preview server would outlive us
  let stoppedBy: NodeJS.Signals | null = null
  const interrupted = (signal: NodeJS.Signals) => {
    stoppedBy = signal
    log.warn(`${signal}: closing the browser and the server`)
    server?.stop()
    void Promise.resolve(browser?.close()).catch(() => {}).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    let base = job.baseUrl
    if (base === undefined) {
      const shown = relative(process.cwd(), job.dist) || '.'
      if (!existsSync(resolve(job.dist, 'index.html'))) {
        log.info(`${shown}/index.html is missing: building the app with vite first (about a minute)…`)
        const t = Date.now()
        try {
          buildApp(job.dist)
        } catch (err) {
          throw new CliError(`building ${shown}/ failed: ${pageMessage(err)}`)
        }
        log.info(`built ${shown}/ in ${seconds(Date.now() - t)}`)
      } else {
        log.info(`serving the build in ${shown}/ (made ${statSync(resolve(job.dist, 'index.html')).mtime.toISOString()}; delete it to rebuild)`)
      }
      server = await startPreview(await freePort(), job.dist)
      base = server.url
    }
    const url = `${base}/?lang=${encodeURIComponent(job.lang)}`
    log.info(`opening ${url} (viewport ${job.viewport.width}×${job.viewport.height})`)

    browser = await launchChromium()
    const context = await browser.newContext({ viewport: job.viewport, deviceScaleFactor: 1 })
    const page = await context.newPage()
    page.on('console', (m) => {
      if (m.type() === 'error') log.warn(`page console error: ${m.text()}`)
    })
    page.on('pageerror', (e) => log.warn(`page error: ${e.message}`))
    page.on('crash', () => log.warn('page crashed (out of memory?)'))

    const loading = Date.now()
    await page.goto(url, { timeout: job.timeoutMs })
    try {
      // functions, not strings: the app's CSP forbids eval, which a string predicate needs; inline
      // arrows, since tsx wraps named functions in a helper the page does not have
      await page.waitForFunction(() => window.pinganAutomation !== undefined, null, { timeout: job.timeoutMs })
    } catch (err) {
      throw new CliError(`the page offered no window.pinganAutomation within ${seconds(job.timeoutMs)} (${pageMessage(err)}); a build older than the snapshot API? rebuild it`)
    }
    const left = Math.max(1000, job.timeoutMs - (Date.now() - loading))
    await within(page.evaluate(() => window.pinganAutomation!.ready()), left, `the page was not ready (data loaded, map drawn) within ${seconds(job.timeoutMs)}; try a longer --timeout`)
    log.info(`page ready after ${seconds(Date.now() - loading)}`)

    const req: SnapshotRequest = { ...job.request, ...(scene === undefined ? {} : { scene }) }
    let result: SnapshotResult
    try {
      result = await within(page.evaluate((r) => window.pinganAutomation!.snapshot(r), req), EXPORT_TIMEOUT_MS, `the export took over ${seconds(EXPORT_TIMEOUT_MS)}`)
    } catch (err) {
      if (err instanceof CliError) throw err
      throw new CliError(`the page could not make the snapshot: ${pageMessage(err)}`)
    }
    const want = job.request.format === 'png' ? 'image/png' : 'application/pdf'
    if (result.mime !== want) throw new CliError(`the page returned ${result.mime}, not ${want}`)
    log.info(`export took ${result.ms} ms in the page`)
    if (Array.isArray(result.legend)) log.info(`legend: ${result.legend.length ? result.legend.join(', ') : '(none)'}`)

    const bytes = Buffer.from(result.base64, 'base64')
    try {
      writeFileSync(job.out, bytes)
    } catch (err) {
      throw new CliError(`${job.out}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
    }
    const what = result.pages === undefined ? `${result.width} × ${result.height} px` : `${result.pages} page${result.pages === 1 ? '' : 's'}, maps ${result.width} × ${result.height} px`
    log.info(`wrote ${job.out} (${megabytes(bytes.length)}, ${what}) in ${seconds(Date.now() - started)} in all`)
    return result
  } catch (err) {
    // what fails once the browser is being closed under us says nothing more
    if (stoppedBy) throw new CliError(`stopped by ${stoppedBy}`)
    if (err instanceof CliError) throw err
    throw new CliError(pageMessage(err))
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    await browser?.close().catch(() => {})
    server?.stop()
  }
}

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Render a map image (PNG) or briefing (PDF) through headless chromium, from a saved scene or the default view',
  flags: [
    { name: 'out', type: 'string', arg: 'FILE', desc: 'the file to write; the format follows its extension, .png or .pdf', required: true },
    { name: 'scene', type: 'string', arg: 'FILE', desc: 'a scene (JSON, as the wall screen saves it) or a scenes file; without it the default view of the demo district, with the heatmap' },
    { name: 'scene-id', type: 'string', arg: 'ID', desc: 'the scene of the --scene file to use (default its first)' },
    { name: 'width', type: 'string', arg: 'PX', desc: `image width in pixels, 1…${MAX_PIXELS}, with --height (PNG only)` },
    { name: 'height', type: 'string', arg: 'PX', desc: `image height in pixels, 1…${MAX_PIXELS}, with --width (PNG only)` },
    { name: 'preset', type: 'string', arg: SNAPSHOT_PRESETS.join('|'), desc: 'a size: the viewport, twice it, 3840×2160, or A4 / A3 landscape at --dpi (default 4k for PNG)' },
    { name: 'paper', type: 'string', arg: 'a4|a3', desc: 'landscape paper at --dpi (default a4 for PDF)' },
    { name: 'dpi', type: 'string', arg: 'N', desc: `print resolution for a paper size, ${MIN_DPI}…${MAX_DPI} (default 300; A3 stops at 495, WebGL's ${MAX_PIXELS} px)` },
    { name: 'title', type: 'string', arg: 'TEXT', desc: 'the title (default: the scene\'s title, else the configured one)' },
    { name: 'marking', type: 'string', arg: 'TEXT', desc: 'the marking, e.g. "内部资料 注意保密" (default the configured one)' },
    { name: 'crime-pages', type: 'boolean', desc: 'PDF: add the crime-analysis pages (the near-repeat risk zone of the last 14 days and the emerging hot spots, with the Knox table and the pattern tally), as the export panel\'s box does' },
    { name: 'brief', type: 'string', arg: 'daily|weekly', desc: 'PDF: the 8:00 briefing of --date D instead of the view\'s briefing (below). daily: D−1 08:00 to D 08:00 Asia/Shanghai; weekly: Monday 08:00 to Monday 08:00, the week ending on the Monday on or before D' },
    { name: 'date', type: 'string', arg: 'YYYY-MM-DD', desc: 'the briefing\'s date D (with --brief): a window ends at 08:00 on D (weekly: on the Monday on or before D)' },
    { name: 'lang', type: 'string', arg: 'zh-CN|en', desc: 'language of the texts in the image (default zh-CN)' },
    { name: 'viewport', type: 'string', arg: 'WxH', desc: `browser window in CSS pixels (default ${DEFAULT_VIEWPORT.width}x${DEFAULT_VIEWPORT.height}); the screen and x2 presets follow it` },
    { name: 'base-url', type: 'string', arg: 'URL', desc: 'use the app served there (e.g. http://127.0.0.1:4173) instead of serving the build' },
    { name: 'dist', type: 'string', arg: 'DIR', desc: 'the production build to serve (default dist/ of the project; built with vite first when it has no index.html)' },
    { name: 'timeout', type: 'string', arg: 'SECONDS', desc: `how long the page may take to load its data and draw (default ${DEFAULT_TIMEOUT_S})` },
  ],
  notes: `
Without --base-url the build is served with vite preview on a free port (a preview already
running on 4173 is left alone) and stopped afterwards. The page (Debian's chromium, software WebGL) loads the data, applies the
scene, draws, and composes the image or the PDF itself: the same export as the app's buttons.
Progress, the page's errors and timings go to stderr. A scene the page rejects fails with its
message (exit 1).

The 8:00 briefing (--brief) counts alerts by start time: an alert at 08:00:00 on the first
morning is in the window, one at 07:59:59 on the last morning too, one at 08:00:00 then is not.
It opens with a summary: the window's alerts and the same window a year earlier (同比), 刑事,
治安, 两抢一盗 (robbery, snatching, theft, burglary, e-bike theft) and e-bike theft, the five
streets with the most alerts, the Gi* hot spots of the 7 days ending with the window; then the
notable alerts (robbery, snatching, burglary), the map of the window in print colours over the
whole district, the monthly ranking and the 12-month trend, each titled with its own period.

Examples:
  npm run -s cli -- snapshot --out brief.png                          # 4K PNG of the default view
  npm run -s cli -- snapshot --scene wall.json --paper a3 --out brief.pdf
  npm run -s cli -- snapshot --preset a3 --dpi 200 --lang en --out a3.png
  npm run -s cli -- snapshot --brief daily --date 2025-12-31 --out brief.pdf   # 2025-12-30 08:00 → 2025-12-31 08:00
  npm run -s cli -- snapshot --brief weekly --date 2025-12-31 --out week.pdf   # Mon 2025-12-22 08:00 → Mon 2025-12-29 08:00
`,
  async run(v, log) {
    const job = parseSnapshotFlags(v)
    const scene = job.scenePath === undefined ? undefined : readSceneFile(job.scenePath)
    await renderSnapshot(job, scene, log)
  },
}
