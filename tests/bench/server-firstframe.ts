/**
 * The app's time to first useful frame and to a settled screen in server mode (served by the
 * command centre's server, signed in, the demo district read from PostgreSQL) against the
 * browser-only app (vite preview of the same build), measured alternately in one run with the
 * cold-start screencast (screencast.ts). Medians; the ratio is what carries over to other machines.
 *   npx vite build --outDir dist-x && BENCH_OUTDIR=dist-x BENCH_RUNS=3 npx tsx tests/bench/server-firstframe.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort, startPreview } from '../../src/cli/headless'
import { SESSION_COOKIE } from '../../src/server/app'
import { startServer } from '../../src/server/server'
import { measureColdStart, type ColdStart } from './screencast'

const OUT = process.env.BENCH_OUTDIR ?? 'dist'
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const FRAMES = 'tests/bench/output/server-firstframe'
const PASSWORD = 'bench-admin-password'
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ready = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.querySelector('[data-testid="load-status"][data-state="done"]') !== null && Number(document.documentElement.dataset.overlayFrames ?? 0) > 0)

async function main() {
  mkdirSync(FRAMES, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'pingan-bench-server-'))
  const env: NodeJS.ProcessEnv = { ...process.env, PINGAN_ADMIN_PASSWORD: PASSWORD }
  delete env.DATABASE_URL
  const server = await startServer({ port: await freePort(), dataDir, distDir: resolve(OUT), env, log: () => {} })
  const preview = await startPreview(await freePort(), OUT)
  try {
    const r = await fetch(`${server.url}api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password: PASSWORD }) })
    const token = /pingan_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1]
    if (!token) throw new Error(`login failed: HTTP ${r.status}`)
    const cookies = [{ name: SESSION_COOKIE, value: token, url: server.url }]
    const local: ColdStart[] = [], served: ColdStart[] = []
    for (let k = 0; k < RUNS; k++) {
      local.push(await measureColdStart(`${preview.url}/`, { ready, saveFrames: `${FRAMES}/browser-only-${k + 1}` }))
      served.push(await measureColdStart(server.url, { ready, cookies, saveFrames: `${FRAMES}/server-${k + 1}` }))
      console.error(`run ${k + 1}/${RUNS}: browser-only ${JSON.stringify(local[k])}\n           server ${JSON.stringify(served[k])}`)
    }
    const row = (name: string, xs: ColdStart[]) => `${name.padEnd(13)} first useful frame ${median(xs.map((x) => x.usefulMs)).toFixed(0)} ms, settled ${median(xs.map((x) => x.settledMs)).toFixed(0)} ms (medians of ${xs.length})`
    console.log(row('browser-only', local))
    console.log(row('server mode', served))
    console.log(`ratio server/browser-only: first useful ${(median(served.map((x) => x.usefulMs)) / median(local.map((x) => x.usefulMs))).toFixed(2)}, settled ${(median(served.map((x) => x.settledMs)) / median(local.map((x) => x.settledMs))).toFixed(2)}`)
  } finally {
    preview.stop()
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

void main().catch((e) => {
  console.error(e)
  process.exit(1)
})
