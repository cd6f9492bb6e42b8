/**
 * Browser figures of the production build in headless Debian chromium (SwiftShader WebGL):
 * bundle size, cold start to the first map frame, and loading a 1,000,000-row incidents CSV.
 * Needs `dist/` (npm run bench builds it first).
 */
import { importWatched, longTasksByPhase, pickFile, startImport, watchImport } from '../e2e/import-dialog'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { launchChromium, startPreview } from '../e2e/chromium'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { makeIncidentsCsv } from './make-incidents-csv'
import type { Row } from './harness'
import { chromiumRssMB, samplePeak } from './process-tree'

const RUNS = 3
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function bundleSizes(): string {
  const dir = 'dist/assets'
  const groups: Record<string, { raw: number; gz: number; files: number }> = {}
  for (const f of readdirSync(dir)) {
    const group = /\.(js|mjs|css)$/.test(f) ? 'code (js+css)' : /\.woff2?$/.test(f) ? 'fonts' : 'demo data'
    const bytes = readFileSync(join(dir, f))
    const g = (groups[group] ??= { raw: 0, gz: 0, files: 0 })
    g.raw += statSync(join(dir, f)).size
    g.gz += gzipSync(bytes).length
    g.files++
  }
  const initial = readFileSync('dist/index.html', 'utf8').match(/assets\/[^"]+\.(js|css)/g) ?? []
  const initialGz = initial.reduce((s, f) => s + gzipSync(readFileSync(join('dist', f))).length, 0)
  const kb = (b: number) => `${(b / 1024).toFixed(0)} kB`
  return [
    `bundle: entry js+css loaded by index.html ${kb(initialGz)} gzip`,
    ...Object.entries(groups).map(([k, g]) => `bundle: ${k}: ${g.files} files, ${kb(g.raw)} raw, ${kb(g.gz)} gzip`),
  ].join('\n')
}

export async function run(): Promise<Row[]> {
  if (!existsSync('dist/index.html')) throw new Error('run `npm run build` first')
  console.log(bundleSizes())
  const server = await startPreview(4174)
  const rows: Row[] = []
  try {
    // Cold start: a new browser (empty profile and cache) per run.
    const dom: number[] = []
    const first: number[] = []
    const drawn: number[] = []
    for (let k = 0; k < RUNS; k++) {
      const browser = await launchChromium()
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
      await page.goto(`${server.url}/`)
      await page.waitForFunction(() => document.documentElement.dataset.mapFirstFrame, null, { timeout: 120_000 })
      await page.waitForSelector('[data-testid="load-status"][data-state="done"]', { timeout: 120_000 })
      await page.waitForFunction(() => Number(document.documentElement.dataset.overlayFrames ?? 0) > 0 && document.documentElement.dataset.mapIdle, null, { timeout: 120_000 })
      const t = await page.evaluate(() => ({
        dom: performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming,
        first: Number(document.documentElement.dataset.mapFirstFrame),
        idle: Number(document.documentElement.dataset.mapIdle),
      }))
      dom.push(t.dom.domContentLoadedEventEnd)
      first.push(t.first)
      drawn.push(t.idle)
      await browser.close()
    }
    rows.push({ name: 'cold start: DOMContentLoaded (baseline)', n: RUNS, medianMs: median(dom) })
    rows.push({ name: 'cold start: first map frame', n: RUNS, medianMs: median(first), baseline: 'cold start: DOMContentLoaded (baseline)', note: `runs ${first.join(', ')} ms` })
    rows.push({ name: 'cold start: map idle with 200k-incident heatmap', n: RUNS, medianMs: median(drawn), baseline: 'cold start: DOMContentLoaded (baseline)', note: `runs ${drawn.join(', ')} ms` })

    // 1,000,000 incidents through the file input, parsed in the worker; heatmap off so that
    // the figure is the load, not SwiftShader drawing a million points.
    mkdirSync('tests/bench/output', { recursive: true })
    const file = 'tests/bench/output/incidents-1m.csv'
    if (!existsSync(file)) writeFileSync(file, makeIncidentsCsv(1_000_000, 7))
    const bytes = readFileSync(file)
    const nodeTimes: number[] = []
    for (let k = 0; k < RUNS; k++) {
      const t0 = performance.now()
      readIncidentsCsv(bytes)
      nodeTimes.push(performance.now() - t0)
    }
    rows.push({ name: 'Node: IncidentCsvReader, same 1M file (baseline)', n: 1_000_000, medianMs: median(nodeTimes) })
    const loads: number[] = []
    const peaks: number[] = []
    const gaps: string[] = []
    for (let k = 0; k < RUNS; k++) {
      const browser = await launchChromium()
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.goto(`${server.url}/?l=streets`)
      await page.waitForSelector('[data-testid="load-status"][data-state="done"]', { timeout: 120_000 })
      const before = chromiumRssMB()
      const sampler = samplePeak()
      await pickFile(page, file, 'incidents')
      await watchImport(page)
      const result = await startImport(page)
      if (result.count !== 1_000_000) throw new Error(`imported ${result.count} rows`)
      loads.push(result.ms)
      peaks.push(sampler.stop() - before)
      const w = await importWatched(page)
      const { inReadOrStore, handOver } = longTasksByPhase(w)
      gaps.push(`${w.maxGap} ms with ${inReadOrStore.length} long tasks / ${w.handOverGap} ms with a task of ${handOver.map(([, d]) => Math.round(d)).join(' + ') || 0} ms`)
      await browser.close()
    }
    rows.push({
      name: 'browser: import 1M-row CSV (dialog → worker → map → IndexedDB)', n: 1_000_000, medianMs: median(loads),
      baseline: 'Node: IncidentCsvReader, same 1M file (baseline)',
      note: `${(bytes.length / 2 ** 20).toFixed(0)} MiB file; chromium RSS (all processes) rose by ${peaks.map((p) => p.toFixed(0)).join(', ')} MB at peak; ` +
        `longest frame gap while the worker read and stored / at the hand-over to the map: ${gaps.join(', ')}`,
    })
  } finally {
    server.stop()
  }
  return rows
}
