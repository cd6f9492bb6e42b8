/**
 * Cold start of the production build as a person sees it (screencast, see screencast.ts),
 * against a bare MapLibre page drawing the same district from GeoJSON (bare-map/), measured
 * alternately in the same run: absolute times on software-rendered, shared machines mean
 * little, the ratio does. Targets: first useful frame ≤ 1.5× and settled screen (heatmap drawn)
 * ≤ 2.5× the bare page's settled screen.
 *   npm run bench:coldstart            (builds dist/ first)
 *   BENCH_OUTDIR=dist-x BENCH_RUNS=5 npx tsx tests/bench/run.ts coldstart
 *   BENCH_OUTDIR=dist-before,dist npx tsx tests/bench/run.ts coldstart   (before and after in one run)
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
  // several builds (BENCH_OUTDIR=dist-before,dist) are measured in one run against one baseline: before and after alike
  const outs = OUT.split(',')
  for (const out of outs) if (!existsSync(join(out, 'index.html'))) throw new Error(`${out}/index.html missing: build first (npx vite build --outDir ${out})`)
  mkdirSync(FRAMES, { recursive: true })
  const bare = await startBareMapServer(await freePort())
  const apps = []
  for (const out of outs) apps.push({ out, entry: entryBundleGzip(out), server: await startPreview(await freePort(), out), runs: [] as ColdStart[] })
  const bareRuns: ColdStart[] = []
  try {
    for (let k = 0; k < RUNS; k++) {
      bareRuns.push(await measureColdStart(bare.url, {
        ready: (page) => page.evaluate(() => document.documentElement.dataset.idle === 'true'),
        saveFrames: `${FRAMES}/bare-${k + 1}`,
      }))
      console.error(`coldstart run ${k + 1}/${RUNS}: bare ${JSON.stringify(bareRuns[k])}`)
      for (const [i, app] of apps.entries()) {
        app.runs.push(await measureColdStart(`${app.server.url}/`, {
          saveFrames: `${FRAMES}/app${i + 1}-${k + 1}`,
          // the heatmap is part of the settled screen: never settle while the incidents are still being read
          ready: (page) => page.evaluate(() => document.querySelector('[data-testid="load-status"][data-state="done"]') !== null && Number(document.documentElement.dataset.overlayFrames ?? 0) > 0),
        }))
        console.error(`  ${app.out} ${JSON.stringify(app.runs[k])}`)
      }
    }
  } finally {
    for (const app of apps) app.server.stop()
    bare.stop()
  }
  for (const r of [...bareRuns, ...apps.flatMap((a) => a.runs)]) {
    if (r.refColours < 8) throw new Error(`a settled screen is nearly blank (${r.refColours} colours): nothing was drawn`)
  }
  const list = (rs: ColdStart[], k: 'usefulMs' | 'settledMs' | 'peakRssMB') => rs.map((r) => r[k].toFixed(0)).join(', ')
  const BASE = 'cold start: bare MapLibre page, settled (baseline)'
  const rows: Row[] = [
    { name: BASE, n: RUNS, medianMs: median(bareRuns.map((r) => r.settledMs)), peakRssMB: median(bareRuns.map((r) => r.peakRssMB)), note: `runs ${list(bareRuns, 'settledMs')} ms; first useful ${list(bareRuns, 'usefulMs')} ms` },
  ]
  for (const app of apps) {
    const entryNote = `entry bundle ${(app.entry.bytes / 1024).toFixed(0)} kB gzip in ${app.entry.files} files`
    const which = outs.length > 1 ? ` [${app.out}]` : ''
    rows.push(
      { name: `cold start: app${which}, first useful frame (target ≤ 1.5)`, n: RUNS, medianMs: median(app.runs.map((r) => r.usefulMs)), baseline: BASE, note: `runs ${list(app.runs, 'usefulMs')} ms; ${entryNote}` },
      { name: `cold start: app${which}, settled with heatmap (target ≤ 2.5)`, n: RUNS, medianMs: median(app.runs.map((r) => r.settledMs)), baseline: BASE, peakRssMB: median(app.runs.map((r) => r.peakRssMB)), note: `runs ${list(app.runs, 'settledMs')} ms; peak RSS ${list(app.runs, 'peakRssMB')} MB` },
    )
  }
  return rows
}
