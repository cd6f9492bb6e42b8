/**
 * The incident filter on the GPU with 1,000,000 incidents in the browser (headless chromium,
 * SwiftShader: relative figures): time from a filter change to the first frame drawn with it,
 * and frame times while the map is dragged, for the points and the heatmap modes. Each latency
 * row's baseline is the median frame of the same mode while panning, so its ratio says how many
 * frames a filter change takes ("one or two frames"). Needs `dist/` (npm run bench builds it first).
 */
import { launchChromium, startPreview } from '../e2e/chromium'
import { filterFigures } from '../e2e/filters.e2e'
import type { Row } from './harness'

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]
const p95 = (a: number[]) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * 0.95))]

export async function run(): Promise<Row[]> {
  const server = await startPreview()
  const browser = await launchChromium()
  try {
    const rows: Row[] = []
    for (const f of await filterFigures({ browser, baseUrl: server.url })) {
      const pan = `frame time while panning, ${f.mode}, 1,000,000 incidents`
      rows.push({
        name: pan, n: f.frames.length,
        medianMs: median(f.frames), note: `p95 ${p95(f.frames).toFixed(1)} ms over ${f.frames.length} frames in 2 s`,
      })
      rows.push({
        name: `filter change → first frame, ${f.mode}, 1,000,000 incidents (median of ${f.latency.length})`, n: 1_000_000,
        medianMs: median(f.latency), baseline: pan, note: f.latency.map((x) => x.toFixed(0)).join(', '),
      })
    }
    return rows
  } finally {
    await browser.close()
    server.stop()
  }
}
