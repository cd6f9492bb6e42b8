/**
 * Map exports in the browser (headless chromium, SwiftShader on a 2-core machine: the map is
 * rasterised in software, so these are upper bounds): the desk at 1920 × 1080 with the demo's
 * default layers, exported at screen size, 4K and A3 at 300 dpi, and the PDF briefing. The
 * baseline is a plain page screenshot of the same view (what a user without the export would
 * do). Median of 3 each. Needs `dist/` (npm run bench builds it first).
 */
import { launchChromium, startPreview } from '../e2e/chromium'
import { openApp } from '../e2e/app.e2e'
import { snapshot } from '../e2e/snapshot.e2e'
import type { SnapshotRequest } from '../../src/export/page-api'
import type { Row } from './harness'

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]
const RUNS = 3

export async function run(): Promise<Row[]> {
  const server = await startPreview()
  const browser = await launchChromium()
  const { page, close } = await openApp({ browser, baseUrl: server.url }, '', { width: 1920, height: 1080 })
  try {
    const rows: Row[] = []
    const shots: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now()
      await page.screenshot()
      shots.push(performance.now() - t)
    }
    const base = 'page screenshot 1920 × 1080 (baseline)'
    rows.push({ name: base, n: 1920 * 1080, medianMs: median(shots) })
    const cases: [string, SnapshotRequest][] = [
      ['PNG at screen size', { format: 'png', preset: 'screen' }],
      ['PNG 4K 3840 × 2160', { format: 'png', preset: '4k' }],
      ['PNG A3 landscape 300 dpi 4961 × 3508', { format: 'png', preset: 'a3', dpi: 300 }],
      ['PDF briefing A4 (map 200 dpi, ranking, trend, blind spots)', { format: 'pdf', paper: 'a4' }],
    ]
    for (const [name, req] of cases) {
      const runs = []
      for (let i = 0; i < RUNS; i++) runs.push(await snapshot(page, req))
      const ms = runs.map((r) => r.ms)
      const mid = runs[ms.indexOf(median(ms))]
      rows.push({
        name, n: mid.width * mid.height, medianMs: median(ms), baseline: base,
        note: `${ms.join(', ')} ms; phases of the median: ${Object.entries(mid.phases).map(([k, v]) => `${k} ${v}`).join(', ')}; ${(Buffer.from(mid.base64, 'base64').length / 1e6).toFixed(2)} MB`,
      })
    }
    return rows
  } finally {
    await close()
    await browser.close()
    server.stop()
  }
}
