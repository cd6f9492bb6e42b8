/**
 * Cold start of the production build as a person sees it (screencast, see screencast.ts),
 * against a bare MapLibre page drawing the same district from GeoJSON (bare-map/), measured
 * alternately in the same run: absolute times on software-rendered, shared machines mean
 * little, the ratio does. Targets: first useful frame ≤ 1.5× and settled screen (heatmap drawn)
 * ≤ 2.5× the bare page's settled screen.
 *   npm run bench:coldstart            (builds dist/ first)
 *   BENCH_OUTDIR=dist-x BENCH_RUNS=5 npx tsx tests/bench/run.ts coldstart
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { freePort, startPreview } from '../../src/cli/headless'
import { startBareMapServer } from './bare-map-server'
import type { Row } from './harness'
import { measureColdStart, type ColdStart } from './screencast'

const OUT = process.env.BENCH_OUTDIR ?? 'dist'
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
/** the frames each measurement picked, to look at (git-ignored) */
const FRAMES = 'tests/bench/output/coldstart'
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** What index.html makes the browser fetch before any code runs: its scripts, styles and preloads, gzip-compressed. */
export function entryBundleGzip(outDir: string): { files: number; bytes: number } {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8')
  const files = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|mjs|css))"/g)].map((m) => m[1]))
  let bytes = 0
  for (const f of files) bytes += gzipSync(readFileSync(join(outDir, f))).length
  return { files: files.size, bytes }
}

export async function run(): Promise<Row[]> {
  if (!existsSync(join(OUT, 'index.html'))) throw new Error(`${OUT}/index.html missing: build first (npx vite build --outDir ${OUT})`)
  const entry = entryBundleGzip(OUT)
  const entryNote = `entry bundle ${(entry.bytes / 1024).toFixed(0)} kB gzip in ${entry.files} files`
  console.error(`coldstart: ${OUT}: ${entryNote}`)
  mkdirSync(FRAMES, { recursive: true })
  const app = await startPreview(await freePort(), OUT)
  const bare = await startBareMapServer(await freePort())
  const appRuns: ColdStart[] = []
  const bareRuns: ColdStart[] = []
  try {
    for (let k = 0; k < RUNS; k++) {
      bareRuns.push(await measureColdStart(bare.url, {
        ready: (page) => page.evaluate(() => document.documentElement.dataset.idle === 'true'),
        saveFrames: `${FRAMES}/bare-${k + 1}`,
      }))
      appRuns.push(await measureColdStart(`${app.url}/`, {
        saveFrames: `${FRAMES}/app-${k + 1}`,
        // the heatmap is part of the settled screen: never settle while the incidents are still being read
        ready: (page) => page.evaluate(() => document.querySelector('[data-testid="load-status"][data-state="done"]') !== null && Number(document.documentElement.dataset.overlayFrames ?? 0) > 0),
      }))
      console.error(`coldstart run ${k + 1}/${RUNS}: bare ${JSON.stringify(bareRuns[k])}\n  app ${JSON.stringify(appRuns[k])}`)
    }
  } finally {
    app.stop()
    bare.stop()
  }
  for (const r of [...appRuns, ...bareRuns]) {
    if (r.refColours < 8) throw new Error(`a settled screen is nearly blank (${r.refColours} colours): nothing was drawn`)
  }
  const list = (rs: ColdStart[], k: keyof ColdStart) => rs.map((r) => r[k].toFixed(0)).join(', ')
  const BASE = 'cold start: bare MapLibre page, settled (baseline)'
  return [
    { name: BASE, n: RUNS, medianMs: median(bareRuns.map((r) => r.settledMs)), peakRssMB: median(bareRuns.map((r) => r.peakRssMB)), note: `runs ${list(bareRuns, 'settledMs')} ms; first useful ${list(bareRuns, 'usefulMs')} ms` },
    { name: 'cold start: app, first useful frame (target ≤ 1.5)', n: RUNS, medianMs: median(appRuns.map((r) => r.usefulMs)), baseline: BASE, note: `runs ${list(appRuns, 'usefulMs')} ms; ${entryNote}` },
    { name: 'cold start: app, settled with heatmap (target ≤ 2.5)', n: RUNS, medianMs: median(appRuns.map((r) => r.settledMs)), baseline: BASE, peakRssMB: median(appRuns.map((r) => r.peakRssMB)), note: `runs ${list(appRuns, 'settledMs')} ms; peak RSS ${list(appRuns, 'peakRssMB')} MB` },
  ]
}
