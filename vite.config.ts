import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Connect, Plugin } from 'vite'
import { parseAppConfig } from './src/core/app-config.js'
import { contentSecurityPolicy } from './src/core/csp.js'

/**
 * The Content-Security-Policy (src/core/csp.ts) built from `public/config.json` when the server
 * or the build starts: written into index.html's one meta tag, and sent as a header with every
 * response of the dev and preview servers (the live simulator's too: this plugin comes first, so
 * its middleware runs before the simulator's). A changed tile or feed URL needs a rebuild.
 */
function contentSecurityPolicyPlugin(): Plugin {
  let policy = ''
  const META = /<meta http-equiv="Content-Security-Policy" content="[^"]*"\s*\/?>/gi
  const header: Connect.NextHandleFunction = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy)
    next()
  }
  return {
    name: 'pingan-csp',
    configResolved(config) {
      const file = `${config.publicDir}/config.json`
      let json: unknown
      try {
        json = JSON.parse(readFileSync(file, 'utf8'))
      } catch (e) {
        // no or broken config.json: the app runs on its defaults, so does the policy
        config.logger.warn(`[pingan-csp] ${file}: ${e instanceof Error ? e.message : String(e)}; same-origin policy only`)
      }
      const parsed = parseAppConfig(json)
      for (const w of parsed.warnings) config.logger.warn(`[pingan-csp] config.json: ${w}`)
      policy = contentSecurityPolicy(parsed.config)
    },
    transformIndexHtml(html) {
      const tags = html.match(META) ?? []
      // one tag, rewritten in place: a second one would only narrow the policy, a missing one would drop it
      if (tags.length !== 1) throw new Error(`index.html must hold exactly one Content-Security-Policy meta tag (found ${tags.length})`)
      return html.replace(META, `<meta http-equiv="Content-Security-Policy" content="${policy}" />`)
    },
    configureServer: (server) => void server.middlewares.use(header),
    configurePreviewServer(server) {
      // preview serves a finished build: its header is the policy that build wrote into its page
      try {
        const html = readFileSync(resolve(server.config.root, server.config.build.outDir, 'index.html'), 'utf8')
        policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html)?.[1] ?? policy
      } catch {
        /* no build there: vite preview reports that itself */
      }
      server.middlewares.use(header)
    },
  }
}

/**
 * The demo's live simulator (dev and preview servers only; nothing of it is in the build).
 * It replays the last 7 days of geodata/demo/incidents.csv on one shared clock, by default one
 * demo hour per second (`?speed=` demo seconds per second, on either URL, changes it):
 *   GET /live/incidents      Server-Sent Events, one CSV line of the incident contract per event
 *   GET /live/incidents.csv  the snapshot a data refresh fetches: every incident up to the clock
 *                            (`?days=N`: only those of the last N demo days, for a quick wall)
 * At the end of the file the replay starts again from its first day.
 */
function liveSimulator(csvPath = 'geodata/demo/incidents.csv'): Plugin {
  let rows: { header: string; lines: string[]; times: Float64Array } | null = null
  const load = () => {
    if (rows) return rows
    const [header, ...lines] = readFileSync(csvPath, 'utf8').split(/\r?\n/).filter((l) => l !== '')
    const timeCol = header.split(',').indexOf('time')
    // demo times have no offset: Asia/Shanghai
    const times = Float64Array.from(lines, (l) => Date.parse(`${l.split(',')[timeCol]}+08:00`))
    return (rows = { header, lines, times })
  }
  let speed = 3600
  let anchorReal = Date.now()
  let anchorDemo = NaN
  const replayWindow = () => {
    const { times } = load()
    const end = times[times.length - 1]
    return { start: end - 7 * 86_400_000, end }
  }
  const demoNow = () => {
    const { start, end } = replayWindow()
    if (Number.isNaN(anchorDemo)) anchorDemo = start
    const t = anchorDemo + (Date.now() - anchorReal) * speed
    return start + ((t - start) % (end - start))
  }
  const setSpeed = (q: URLSearchParams) => {
    const s = Number(q.get('speed'))
    if (!q.has('speed') || !(s > 0)) return
    anchorDemo = demoNow()
    anchorReal = Date.now()
    speed = s
  }
  /** rows with time <= t */
  const upTo = (t: number) => {
    const { times } = load()
    let lo = 0, hi = times.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (times[mid] <= t) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const handler: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/live/incidents.csv') {
      setSpeed(url.searchParams)
      const { header, lines } = load()
      const now = demoNow()
      const days = Number(url.searchParams.get('days'))
      const from = days > 0 ? upTo(now - days * 86_400_000) : 0
      const body = Buffer.from(`${header}\n${lines.slice(from, upTo(now)).join('\n')}\n`)
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' })
      res.end(body)
    } else if (url.pathname === '/live/incidents') {
      setSpeed(url.searchParams)
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write('retry: 2000\n\n')
      let sent = upTo(demoNow())
      const timer = setInterval(() => {
        const { lines } = load()
        const until = upTo(demoNow())
        if (until < sent) sent = upTo(replayWindow().start) // the replay wrapped around
        for (; sent < until; sent++) res.write(`data: ${lines[sent]}\n\n`)
      }, 250)
      req.on('close', () => clearInterval(timer))
    } else next()
  }
  return {
    name: 'pingan-live-simulator',
    configureServer: (server) => void server.middlewares.use(handler),
    configurePreviewServer: (server) => void server.middlewares.use(handler),
  }
}

/**
 * The demo's live units (dev and preview servers only): the demo's 30 units of its last day as
 * the `demo-units` command writes them (made once, in a child process, on the first request),
 * replayed at the present Shanghai time of day and stamped with the present time, on a clock
 * that runs at `?speed=` seconds per second (default 1; shared by every connection, like the
 * incidents' speed). The day repeats, the time stamps only go forward.
 *   GET /live/units   Server-Sent Events, one fix line `unit_id,time,lon,lat,speed,heading,status,kind`
 *                     per event: the last 10 minutes at once, then each fix as its time comes.
 *                     `?silent=ID:S` (tests): unit ID sends nothing more S seconds after the first beat (the
 *                     10 minutes up to now always come).
 */
function liveUnitsSimulator(): Plugin {
  const STEP_MS = 5000, DAY_TICKS = 86_400_000 / STEP_MS, BACKLOG = (10 * 60_000) / STEP_MS, SHANGHAI = 8 * 3_600_000
  /** per tick of the day: [unit id, the line after its time] */
  let day: Promise<[string, string][][]> | null = null
  const load = () => (day ??= new Promise((done, fail) => {
    const out = join(tmpdir(), `pingan-live-units-${process.pid}.csv`)
    execFile(process.execPath, ['src/cli/pingan-map.mjs', 'demo-units', '--out', out], (err) => {
      if (err) return fail(err)
      const ticks: [string, string][][] = Array.from({ length: DAY_TICKS }, () => [])
      for (const line of readFileSync(out, 'utf8').split('\n').slice(1)) {
        // unit_id,YYYY-MM-DD hh:mm:ss,rest (demo unit ids hold no comma)
        const c = line.indexOf(',')
        if (c < 0) continue
        const hms = line.slice(c + 12, c + 20).split(':').map(Number)
        ticks[(hms[0] * 3600 + hms[1] * 60 + hms[2]) / (STEP_MS / 1000)]?.push([line.slice(0, c), line.slice(c + 21)])
      }
      rmSync(out, { force: true })
      done(ticks)
    })
  }))
  let speed = 1
  let anchorReal = Date.now()
  let anchorClock = Date.now()
  const clock = () => anchorClock + (Date.now() - anchorReal) * speed
  const stamp = (t: number) => new Date(t + SHANGHAI).toISOString().slice(0, 19).replace('T', ' ')
  const handler: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== '/live/units') return next()
    const s = Number(url.searchParams.get('speed'))
    if (s > 0) {
      anchorClock = clock()
      anchorReal = Date.now()
      speed = s
    }
    const [silentId, silentS] = (url.searchParams.get('silent') ?? '').split(':')
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write('retry: 2000\n\n')
    let timer: ReturnType<typeof setInterval> | null = null
    let closed = false
    req.on('close', () => {
      closed = true
      if (timer) clearInterval(timer)
    })
    load().then((ticks) => {
      if (closed) return
      let sent = Math.floor(clock() / STEP_MS) + 1 - BACKLOG
      // from the first fix sent: the first request may wait for the day to be made
      const silentAt = Date.now() + Number(silentS) * 1000
      const first = sent
      const beat = () => {
        // at most 10 minutes per beat: a clock sped far up skips ahead rather than flood
        const until = Math.floor(clock() / STEP_MS) + 1
        const skip = silentId !== '' && sent > first && Date.now() >= silentAt
        const out: string[] = []
        for (let tick = Math.max(sent, until - BACKLOG); tick < until; tick++) {
          const text = stamp(tick * STEP_MS)
          for (const [id, rest] of ticks[(((tick * STEP_MS + SHANGHAI) % 86_400_000) / STEP_MS)]) {
            if (!(skip && id === silentId)) out.push(`data: ${id},${text},${rest}\n\n`)
          }
        }
        if (out.length) res.write(out.join(''))
        sent = until
      }
      beat()
      timer = setInterval(beat, 250)
    }, (err: unknown) => {
      res.end(`: demo units failed: ${String(err).replace(/\n/g, ' ')}\n\n`)
      day = null
    })
  }
  // made as the server starts (a child process: nothing waits), ready when a page asks
  const warm = () => void load().catch(() => { day = null })
  return {
    name: 'pingan-live-units',
    configureServer: (server) => { warm(); server.middlewares.use(handler) },
    configurePreviewServer: (server) => { warm(); server.middlewares.use(handler) },
  }
}

// Everything the app needs is served from its own origin: geodata/demo files are
// imported with `?url` so vite fingerprints and emits them with the build.
export default defineConfig({
  plugins: [contentSecurityPolicyPlugin(), vue(), liveSimulator(), liveUnitsSimulator()],
  // the PDF embeds two of the self-hosted font's files; the package's exports map only offers its CSS
  resolve: { alias: { '@noto-sc-files': fileURLToPath(new URL('./node_modules/@fontsource/noto-sans-sc/files', import.meta.url)) } },
  server: { fs: { allow: ['.'] } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    assetsInlineLimit: 0,
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60000,
    setupFiles: ['tests/unit/fast-check-seed.ts'],
  },
})
