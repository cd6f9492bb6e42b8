/**
 * The live-alert soak (issue 22): 50 real SSE clients on one district while autocannon posts
 * 100 alerts/s (its overallRate pacing, 10 connections) for SOAK_SECONDS (default 60), against
 * the server in a child process over a throw-away cluster:
 *   npm run bench:live            (SOAK_SECONDS=10 npm run bench:live for a short run)
 * Prints sent, received per client (min/max), duplicates, delivery latency (the moment
 * autocannon built the request → the moment a client parsed the event) p50/p95/max, and the
 * server's RSS at start, middle and end. Exits 1 when a client missed an alert or got one twice.
 */
import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { createUser, grantDistrict } from '../../src/server/accounts'
import { loadAreaLayer } from '../../src/server/load-areas'
import { migrate } from '../../src/server/migrate'
import { ensureDatabase, freePort, removeCluster, startCluster } from '../../src/server/pg-cluster'
import { SseClient, until } from '../server/sse-client'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60)
const CLIENTS = 50
const RATE = 100
const OUT = 'tests/bench/output'

const dir = mkdtempSync(join(tmpdir(), 'pingan-soak-'))
chmodSync(dir, 0o755)
const cluster = await startCluster(join(dir, 'pg'))
let child: ReturnType<typeof spawn> | null = null
const clients: SseClient[] = []
try {
  const url = await ensureDatabase(cluster, 'soak')
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await migrate(c)
  const { rows } = await c.query<{ id: number }>("insert into districts (code, name) values ('soak', 'soak') returning id")
  const district = rows[0].id
  const square = (id: string, x: number) => ({ type: 'Feature', properties: { id, name: id }, geometry: { type: 'Polygon', coordinates: [[[x, 30], [x + 0.5, 30], [x + 0.5, 30.5], [x, 30.5], [x, 30]]] } })
  await loadAreaLayer(c, district, 'street', { type: 'FeatureCollection', features: [square('W', 120), square('E', 120.5)] } as never)
  await createUser(c, 'admin', 'admin', 'soak-admin-password')
  await createUser(c, 'feed', 'feed', 'soak-feed-password')
  await createUser(c, 'wall', 'viewer', 'soak-wall-password')
  await grantDistrict(c, 'feed', 'soak')
  await grantDistrict(c, 'wall', 'soak')
  await c.end()

  const port = await freePort()
  child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/live-soak-server.ts'], { env: { ...process.env, DATABASE_URL: url, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] })
  const base = await new Promise<string>((resolve, reject) => {
    child!.stdout!.on('data', (b: Buffer) => {
      const m = /listening (\S+)/.exec(b.toString())
      if (m) resolve(m[1])
    })
    child!.once('exit', (code) => reject(new Error(`server exited (${code})`)))
  })
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child!.pid}/status`, 'utf8'))![1]) / 1024
  const login = async (name: string, password: string) => {
    const r = await fetch(new URL('/api/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) })
    if (r.status !== 200) throw new Error(`login ${name}: ${r.status}`)
    return r.headers.get('set-cookie')!.split(';')[0]
  }
  const wall = await login('wall', 'soak-wall-password')
  const feed = await login('feed', 'soak-feed-password')

  const sentAt = new Map<string, number>()
  const latencies: number[] = []
  const seen = Array.from({ length: CLIENTS }, () => new Set<string>())
  const duplicates = new Array<number>(CLIENTS).fill(0)
  for (let k = 0; k < CLIENTS; k++) {
    clients.push(new SseClient(new URL(`/api/districts/${district}/live`, base).href, {
      cookie: wall, keep: false, retryMs: 200,
      onEvent: (e) => {
        const id = (JSON.parse(e.data) as { id: string }).id
        if (seen[k].has(id)) duplicates[k]++
        else seen[k].add(id)
        const t = sentAt.get(id)
        if (t !== undefined) latencies.push(e.at - t)
      },
    }))
  }
  await until(() => clients.every((x) => x.opened === 1), 'every client connected', 30_000)
  // a moment for the server to settle after 50 connections before its memory is read
  await new Promise((r) => setTimeout(r, 1000))
  const rssIdle = rss()
  // sampled every second of the load: "start" is after the first tenth (the code's warm-up:
  // compiled functions, the pool's connections, the heap's first growth), then middle and end
  const samples: number[] = []
  const sampler = setInterval(() => samples.push(rss()), 1000)

  let n = 0
  const result = await autocannon({
    url: base, connections: 10, overallRate: RATE, duration: SECONDS,
    requests: [{
      method: 'POST', path: `/api/districts/${district}/incidents`,
      headers: { cookie: feed, 'content-type': 'application/json' },
      setupRequest: (req) => {
        const id = `soak-${n++}`
        sentAt.set(id, Date.now())
        const lon = 120 + (n % 1000) / 1000
        return { ...req, body: JSON.stringify({ id, time: Date.now(), category: 'public_order', subtype: 'fight', lon, lat: 30.25, address: `${id} road` }) }
      },
    }],
  })
  clearInterval(sampler)
  const at = (f: number) => samples[Math.min(samples.length - 1, Math.max(0, Math.round(f * samples.length) - 1))]
  const rssStart = at(0.1), rssMiddle = at(0.5)
  // autocannon returns with its last requests still answered after it: let them land first
  await new Promise((r) => setTimeout(r, 1000))
  const verify = new pg.Client({ connectionString: url })
  await verify.connect()
  const stored = (await verify.query<{ n: number }>("select count(*)::int as n from incidents where source_id like 'soak-%'")).rows[0].n
  await verify.end()
  // what was stored must reach every client; give the last ones a moment
  await until(() => seen.every((s) => s.size >= stored), 'every client to have every alert', 30_000).catch(() => {})
  const rssEnd = rss()

  const per = seen.map((s) => s.size)
  latencies.sort((a, b) => a - b)
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]
  const figures = {
    seconds: SECONDS, clients: CLIENTS, rate: RATE,
    posted: result.requests.total, non2xx: result.non2xx, errors: result.errors, stored,
    receivedMin: Math.min(...per), receivedMax: Math.max(...per), duplicates: duplicates.reduce((a, b) => a + b, 0),
    reconnects: clients.reduce((a, x) => a + x.breaks, 0),
    latencyP50: q(0.5), latencyP95: q(0.95), latencyMax: latencies[latencies.length - 1],
    rssIdleMiB: +rssIdle.toFixed(1), rssStartMiB: +rssStart.toFixed(1), rssMiddleMiB: +rssMiddle.toFixed(1), rssEndMiB: +rssEnd.toFixed(1),
    postP50ms: result.latency.p50, postP99ms: result.latency.p99,
  }
  console.log(`\nlive soak: ${CLIENTS} SSE clients, autocannon overallRate ${RATE}/s for ${SECONDS} s`)
  console.table({
    'alerts sent (autocannon 2xx / non-2xx)': `${result.requests.total - result.non2xx} / ${result.non2xx}`,
    'alerts stored (those in flight at the end included)': stored,
    'received per client (min / max)': `${figures.receivedMin} / ${figures.receivedMax}`,
    'duplicates (all clients)': figures.duplicates,
    'client reconnects': figures.reconnects,
    'delivery latency p50 / p95 / max (ms)': `${figures.latencyP50} / ${figures.latencyP95} / ${figures.latencyMax}`,
    'POST latency p50 / p99 (ms)': `${figures.postP50ms} / ${figures.postP99ms}`,
    'server RSS idle (MiB)': figures.rssIdleMiB,
    'server RSS start (10 %) / middle / end (MiB)': `${figures.rssStartMiB} / ${figures.rssMiddleMiB} / ${figures.rssEndMiB}`,
    'RSS end / start': +(rssEnd / rssStart).toFixed(3),
    'RSS max during the load (MiB)': +Math.max(...samples).toFixed(1),
  })
  mkdirSync(OUT, { recursive: true })
  writeFileSync(join(OUT, 'live-soak.json'), JSON.stringify(figures, null, 2) + '\n')
  if (figures.receivedMin !== stored || figures.duplicates > 0 || stored === 0) process.exitCode = 1
} finally {
  await Promise.all(clients.map((x) => x.stop()))
  if (child && child.exitCode === null) {
    child.kill('SIGTERM')
    await new Promise((r) => child!.once('exit', r))
  }
  removeCluster(cluster)
  rmSync(dir, { recursive: true, force: true })
}
