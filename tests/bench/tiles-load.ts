/**
 * The city view's tiles under load (issue 25): N viewers panning at once, each replaying the
 * tile requests a 1920×1080 map asks for as it pans across the city at zooms 10-13, against a
 * running server. Prints one cold pass (every tile once, one at a time, through a filter no
 * one asked before, so every tile is counted in PostGIS), then the viewers' p50/p95 and the
 * server's resident memory sampled through the run (flat within 10 %?).
 *   npm run bench:tiles            (TILES_VIEWERS=50 TILES_SECONDS=30 by default)
 * starts a throw-away cluster with the demo and the server in a child process; `runTilesLoad`
 * is the same load against any server (the 20M city benchmark calls it).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { ensureDatabase, freePort, removeCluster, startCluster } from '../../src/server/pg-cluster'

export interface TilesLoadOptions {
  /** the server's origin, e.g. http://127.0.0.1:8080/ */
  baseUrl: string
  /** `pingan_session=…` of a signed-in user */
  cookie: string
  /** 'z/x/y' in panning order (panTiles) */
  tiles: string[]
  viewers: number
  seconds: number
  /** the tiles' filter, e.g. '?from=…&to=…' (default none) */
  query?: string
  /** the server's process id, on this machine: its memory is sampled (Linux /proc) */
  serverPid?: number
}

export interface Percentiles { count: number; p50: number; p95: number; max: number }

export interface TilesLoadResult {
  /** every tile once, one at a time, each counted in the database (a filter no cache holds) */
  cold: Percentiles
  /** the viewers' requests */
  load: Percentiles & { perSecond: number; non2xx: number; errors: number }
  /** the server's RSS (MiB) every half second of the load; empty without serverPid */
  rssMiB: number[]
  /** the highest sample over the one after the first tenth of the run (warm-up), minus 1 */
  rssGrowth: number | null
}

const percentiles = (ms: number[]): Percentiles => {
  const s = [...ms].sort((a, b) => a - b)
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN
  return { count: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? NaN }
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024

const lon2x = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const lat2y = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
}

/**
 * The tiles a 1920×1080 view of 512-px tiles (4×3 of them) shows as it pans over `bbox` row
 * by row, one tile a step, at each zoom: what a seat asks for, in its order.
 */
export function panTiles(bbox: [number, number, number, number], zooms: readonly number[] = [10, 11, 12, 13]): string[] {
  const out: string[] = []
  for (const z of zooms) {
    const x0 = lon2x(bbox[0], z), x1 = lon2x(bbox[2], z), y0 = lat2y(bbox[3], z), y1 = lat2y(bbox[1], z)
    for (let vy = y0; vy <= Math.max(y0, y1 - 2); vy++) {
      const row = vy - y0
      const xs: number[] = []
      for (let vx = x0; vx <= Math.max(x0, x1 - 3); vx++) xs.push(vx)
      // a snake: back along the next row, as a hand pans
      if (row % 2) xs.reverse()
      for (const vx of xs) {
        for (let y = vy; y < vy + 3; y++) for (let x = vx; x < vx + 4; x++) out.push(`${z}/${x}/${y}`)
      }
    }
  }
  return out
}

export async function runTilesLoad(o: TilesLoadOptions): Promise<TilesLoadResult> {
  const query = o.query ?? ''
  const path = (tile: string, q: string) => `/api/tiles/incidents/${tile}.mvt${q}`
  // the cold pass: `from` moved up to a second earlier (before 1970 when there is none) makes
  // a cache key no one asked for, and changes no count unless an incident falls in that second
  const params = new URLSearchParams(query)
  params.set('from', String(Number(params.get('from') ?? 0) - 1 - (Date.now() % 999)))
  const coldQuery = `?${params}`
  const unique = [...new Set(o.tiles)]
  const cold: number[] = []
  for (const tile of unique) {
    const t0 = performance.now()
    const r = await fetch(new URL(path(tile, coldQuery), o.baseUrl), { headers: { cookie: o.cookie } })
    await r.arrayBuffer()
    if (r.status !== 200 && r.status !== 204) throw new Error(`${tile}: ${r.status}`)
    cold.push(performance.now() - t0)
  }

  const rssMiB: number[] = []
  const sampler = o.serverPid ? setInterval(() => rssMiB.push(rssOf(o.serverPid!)), 500) : null
  const times: number[] = []
  const paths = o.tiles.map((t) => path(t, query))
  let viewer = 0
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: o.baseUrl, connections: o.viewers, duration: o.seconds, headers: { cookie: o.cookie },
      requests: [{
        method: 'GET',
        // each connection is a viewer walking the pan from its own starting point
        setupRequest: (req, context) => {
          const ctx = context as { at?: number }
          ctx.at = ctx.at === undefined ? Math.floor(((viewer++ % o.viewers) / o.viewers) * paths.length) : (ctx.at + 1) % paths.length
          return { ...req, path: paths[ctx.at] }
        },
      }],
    }, (err, res) => (err ? reject(err) : resolve(res)))
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms))
  })
  if (sampler) clearInterval(sampler)
  if (o.serverPid) rssMiB.push(rssOf(o.serverPid))
  const base = rssMiB[Math.max(0, Math.round(rssMiB.length / 10) - 1)]
  return {
    cold: percentiles(cold),
    load: { ...percentiles(times), perSecond: result.requests.average, non2xx: result.non2xx, errors: result.errors },
    rssMiB,
    rssGrowth: rssMiB.length ? Math.max(...rssMiB) / base - 1 : null,
  }
}

export function printTilesLoad(title: string, o: TilesLoadOptions, r: TilesLoadResult): void {
  const f = (p: Percentiles) => `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)} / ${p.max.toFixed(1)}`
  const at = (q: number) => r.rssMiB[Math.min(r.rssMiB.length - 1, Math.max(0, Math.round(q * r.rssMiB.length) - 1))]?.toFixed(1)
  console.log(`\n${title}: ${o.viewers} viewers panning for ${o.seconds} s over ${new Set(o.tiles).size} tiles (${o.tiles.length} requests a pan)`)
  console.table({
    'cold pass, one at a time: tiles': r.cold.count,
    'cold pass p50 / p95 / max (ms)': f(r.cold),
    'viewers: requests (non-2xx, errors)': `${r.load.count} (${r.load.non2xx}, ${r.load.errors})`,
    'viewers: requests/s': Math.round(r.load.perSecond),
    'viewers: p50 / p95 / max (ms)': f(r.load),
    ...(r.rssMiB.length ? {
      'server RSS at 10 % / 50 % / end (MiB)': `${at(0.1)} / ${at(0.5)} / ${at(1)}`,
      'server RSS peak over 10 % (flat within 10 %?)': `${((r.rssGrowth ?? 0) * 100).toFixed(1)} % ${(r.rssGrowth ?? 0) <= 0.1 ? 'yes' : 'NO'}`,
    } : {}),
  })
}

/**
 * The server alone, as its own process so that its memory is its own (live-soak-server.ts), with
 * `password` for admin; serving the app built in `distDir` when given.
 */
export function spawnBenchServer(url: string, port: number, password: string, distDir?: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'tests/bench/live-soak-server.ts'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), PINGAN_ADMIN_PASSWORD: password, ...(distDir && { DIST_DIR: distDir }) }, stdio: ['ignore', 'pipe', 'inherit'],
  })
}

/** Once `child` listens: its address and an admin's session cookie. */
export async function benchServerSession(child: ChildProcess, password: string): Promise<{ baseUrl: string; cookie: string }> {
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      const m = /listening (\S+)/.exec(b.toString())
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)))
  })
  const r = await fetch(new URL('/api/login', baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password }) })
  if (r.status !== 200) throw new Error(`login: ${r.status}`)
  return { baseUrl, cookie: r.headers.get('set-cookie')!.split(';')[0] }
}

async function main(): Promise<void> {
  const viewers = Number(process.env.TILES_VIEWERS ?? 50)
  const seconds = Number(process.env.TILES_SECONDS ?? 30)
  const dir = mkdtempSync(join(tmpdir(), 'pingan-tiles-'))
  chmodSync(dir, 0o755)
  const cluster = await startCluster(join(dir, 'pg'), { throwaway: true })
  let child: ChildProcess | null = null
  try {
    const url = await ensureDatabase(cluster, 'tiles')
    const port = await freePort()
    console.log('starting the server on the demo (migrations, seeding 200,000 incidents) …')
    child = spawnBenchServer(url, port, 'tiles-admin-password')
    const { baseUrl, cookie } = await benchServerSession(child, 'tiles-admin-password')
    const city = await (await fetch(new URL('/api/city', baseUrl), { headers: { cookie } })).json() as { bbox: [number, number, number, number] }
    const tiles = panTiles(city.bbox)
    const opts: TilesLoadOptions = { baseUrl, cookie, tiles, viewers, seconds, serverPid: child.pid }
    printTilesLoad('tiles, the demo (200,000 incidents, two years)', opts, await runTilesLoad(opts))
    // a month: the filter a seat most often has
    const month = { ...opts, query: `?from=${Date.parse('2025-06-01T00:00:00+08:00')}&to=${Date.parse('2025-07-01T00:00:00+08:00')}` }
    printTilesLoad('tiles, the demo, one month (2025-06)', month, await runTilesLoad(month))
  } finally {
    child?.kill('SIGTERM')
    if (child && child.exitCode === null) await new Promise((r) => child!.once('exit', r))
    removeCluster(cluster)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
