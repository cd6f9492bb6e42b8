import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { PNG } from 'pngjs'
import { scenesFileJson, type Scene } from '../../src/core/scenes'
import { pdfPages } from './pdf-text'

/**
 * The headless `snapshot` command, run as a person or a cron job runs it: a child process with
 * its own chromium, pointed at the build the other browser tests use (--base-url).
 */
export const SNAPSHOT_CLI_TESTS: Record<string, (ctx: { browser: Browser; baseUrl: string }) => Promise<void>> = {
  'snapshot CLI: a 1280×720 PNG of the default view, not blank': async (ctx) => {
    await inTempDir(async (dir) => {
      const out = join(dir, 'view.png')
      const r = await snapshotCli(ctx.baseUrl, '--width', '1280', '--height', '720', '--out', out)
      assert(r.code === 0, `exit ${r.code}:\n${r.stderr}`)
      assert(r.stderr.includes(`opening ${ctx.baseUrl}/?lang=zh-CN`), `the served URL is logged:\n${r.stderr}`)
      assert(/export took \d+ ms/.test(r.stderr) && /wrote .*view\.png \(.*1280 × 720 px\)/.test(r.stderr), `timings and the file are logged:\n${r.stderr}`)
      const png = PNG.sync.read(readFileSync(out))
      assert(png.width === 1280 && png.height === 720, `size ${png.width}×${png.height}`)
      const all = colours(png, 0, 0, png.width, png.height)
      assert(all.distinct > 500, `only ${all.distinct} distinct colours in the image`)
      // the middle of the map: the district, its streets and the heatmap, never one flat fill
      const mid = colours(png, 320, 180, 960, 540)
      assert(mid.distinct > 200 && mid.lumaSd > 8, `the map's middle looks blank: ${mid.distinct} colours, luminance sd ${mid.lumaSd.toFixed(1)}`)
    })
  },

  'snapshot CLI: a scene file to a PDF briefing with the scene title': async (ctx) => {
    await inTempDir(async (dir) => {
      const title = '夜间盗窃警情 Night thefts'
      writeFileSync(join(dir, 'scenes.json'), scenesFileJson([scene({ id: 'night', title }), scene({ id: 'other', title: '另一场景' })]))
      const out = join(dir, 'brief.pdf')
      const r = await snapshotCli(ctx.baseUrl, '--scene', join(dir, 'scenes.json'), '--scene-id', 'night', '--dpi', '100', '--out', out)
      assert(r.code === 0, `exit ${r.code}:\n${r.stderr}`)
      const bytes = readFileSync(out)
      assert(bytes.subarray(0, 4).toString('latin1') === '%PDF', `not a PDF: ${JSON.stringify(bytes.subarray(0, 8).toString('latin1'))}`)
      const text = await pdfText(bytes)
      const squash = (s: string) => s.replace(/\s+/g, '')
      assert(squash(text).includes(squash(title)), `the scene title is not in the PDF text: ${text.slice(0, 400)}`)
      assert(!squash(text).includes('另一场景'), 'the PDF used the scene --scene-id did not pick')
    })
  },

  'snapshot CLI: the 8:00 daily briefing counts its window like the demo file does': async (ctx) => {
    await inTempDir(async (dir) => {
      const out = join(dir, 'brief.pdf')
      const t0 = Date.now()
      const r = await snapshotCli(ctx.baseUrl, '--brief', 'daily', '--date', '2025-12-31', '--out', out)
      assert(r.code === 0, `exit ${r.code}:\n${r.stderr}`)
      const pages = await pdfPages(readFileSync(out))
      // the oracle: the demo's CSV read as text; local times compare as strings
      const now = demoCount('2025-12-30T08:00:00', '2025-12-31T08:00:00')
      const before = demoCount('2024-12-30T08:00:00', '2024-12-31T08:00:00')
      console.log(`    daily 2025-12-31: ${now.total} alerts (a year earlier ${before.total}), groups ${now.groups.join('/')} vs ${before.groups.join('/')}, notable ${now.notable}; ${pages.length} pages in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
      assert(now.total > 50 && before.total > 50, `the demo's window is nearly empty: ${now.total}, ${before.total}`)
      const window = '2025-12-3008:00至2025-12-3108:00'
      assert(pages[0].includes(window), `the subtitle or summary does not state the window: ${pages[0].slice(0, 300)}`)
      const summary = pages[0]
      const rows: [string, number, number][] = [['警情总数', now.total, before.total], ['刑事', now.groups[0], before.groups[0]], ['治安', now.groups[1], before.groups[1]], ['两抢一盗', now.groups[2], before.groups[2]], ['电动车被盗', now.groups[3], before.groups[3]]]
      for (const [label, a, b] of rows) assert(summary.includes(`${label}${a}${b}`), `the summary's ${label} row is not ${a} / ${b}: ${summary.slice(0, 600)}`)
      assert(summary.includes('去年同期：2024-12-3008:00至2024-12-3108:00'), 'the 同比 window is not stated')
      assert(/近7日活跃热点（Gi\*，2025-12-2408:00至2025-12-3108:00）/.test(summary), `no hot spots of the last 7 days: ${summary.slice(0, 800)}`)
      const all = pages.join('|')
      assert(all.includes(`本期共${now.notable}起`), `the notable alerts are not ${now.notable}`)
      assert(all.includes(`图1本期警情分布（${window}，${now.total}起`), 'the map is not captioned with its window and count')
      assert(/平安指数排名（[^）]*2025-12）/.test(all) && /月度警情趋势（近12个月）2025-01至2025-12/.test(all), 'the ranking or the trend lacks its own period')
      // the map prints light: the page rendered, its map's middle mostly pale, with the window's dots on it
      const mapPage = pages.findIndex((p) => p.includes('图1本期警情分布'))
      const ppm = spawnSync('pdftoppm', ['-png', '-r', '40', '-f', String(mapPage + 1), '-l', String(mapPage + 1), '-singlefile', out, join(dir, 'map')])
      assert(ppm.status === 0, `pdftoppm failed: ${ppm.stderr}`)
      const png = PNG.sync.read(readFileSync(join(dir, 'map.png')))
      const mid = { x: Math.round(png.width * 0.25), y: Math.round(png.height * 0.2), w: Math.round(png.width * 0.5), h: Math.round(png.height * 0.6) }
      let dark = 0, pale = 0
      for (let y = mid.y; y < mid.y + mid.h; y++) {
        for (let x = mid.x; x < mid.x + mid.w; x++) {
          const i = (y * png.width + x) * 4
          const l = 0.2126 * png.data[i] + 0.7152 * png.data[i + 1] + 0.0722 * png.data[i + 2]
          if (l < 60) dark++
          if (l > 200) pale++
        }
      }
      const n = mid.w * mid.h
      const spread = colours(png, mid.x, mid.y, mid.w, mid.h)
      console.log(`    map page ${mapPage + 1}: ${((100 * pale) / n).toFixed(0)} % pale, ${((100 * dark) / n).toFixed(1)} % dark, ${spread.distinct} colours`)
      assert(pale / n > 0.6 && dark / n < 0.08, `the map does not print light: ${pale} pale, ${dark} dark of ${n}`)
      assert(spread.distinct > 100, `the map's middle looks blank: ${spread.distinct} colours`)
    })
  },

  'snapshot CLI: a broken scene fails with the scene error on stderr': async (ctx) => {
    await inTempDir(async (dir) => {
      writeFileSync(join(dir, 'bad.json'), JSON.stringify(scene({ id: 'bad', center: [500, 36.7] })))
      const out = join(dir, 'bad.png')
      const r = await snapshotCli(ctx.baseUrl, '--scene', join(dir, 'bad.json'), '--preset', 'screen', '--viewport', '800x600', '--out', out)
      assert(r.code !== 0, `exit 0 for a broken scene:\n${r.stderr}`)
      assert(/scene 1 \(bad\): center must be \[lon, lat\]/.test(r.stderr), `the scene error is not on stderr:\n${r.stderr}`)
      let written = true
      try {
        readFileSync(out)
      } catch {
        written = false
      }
      assert(!written, 'a file was written for a broken scene')
    })
  },
}

const THEFT_FAMILY = new Set(['robbery', 'snatching', 'theft', 'burglary', 'ebike_theft'])
const NOTABLE = new Set(['robbery', 'snatching', 'burglary'])

/** Alerts of the demo file with from ≤ time < to (local ISO texts), per briefing group, and the notable ones. */
export function demoCount(from: string, to: string): { total: number; groups: number[]; notable: number } {
  const out = { total: 0, groups: [0, 0, 0, 0], notable: 0 }
  for (const line of readFileSync('geodata/demo/incidents.csv', 'utf8').split('\n').slice(1)) {
    const [, time, category, subtype] = line.split(',')
    if (!time || time < from || time >= to) continue
    out.total++
    if (category === 'criminal') out.groups[0]++
    if (category === 'public_order') out.groups[1]++
    if (THEFT_FAMILY.has(subtype)) out.groups[2]++
    if (subtype === 'ebike_theft') out.groups[3]++
    if (NOTABLE.has(subtype)) out.notable++
  }
  return out
}

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message)
}

const DEMO_CENTER = (JSON.parse(readFileSync('geodata/demo/meta.json', 'utf8')) as { center: [number, number] }).center

/** The demo district's middle: criminal incidents at night, over the street outlines. */
function scene(over: Partial<Scene>): Scene {
  return {
    id: 's', title: 'scene', center: DEMO_CENTER, zoom: 12.5, layers: ['incidents', 'streets'],
    filter: { categories: [0], subtypes: null, from: null, to: null, hours: [20, 6], weekdays: null }, durationS: 30,
    ...over,
  }
}

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pingan-snapshot-cli-'))
  try {
    await body(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Runs the package's `bin` (`pingan-map snapshot …`, the bundled command line, rebuilt first if
 * src/ is newer) against the served build; kills it after 150 s. The bin, not `tsx main.ts`: it
 * is what users run, and it starts some 4 s sooner than compiling the TypeScript each time.
 */
function snapshotCli(baseUrl: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['src/cli/pingan-map.mjs', 'snapshot', ...args, '--base-url', baseUrl, '--timeout', '90'], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      stderr += '\n[stopped after 150 s]'
      // SIGTERM: the command then closes its chromium
      child.kill('SIGTERM')
    }, 150_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code: code ?? -1, stderr })
    })
  })
}

/** Distinct colours (RGB) and the spread of luminance in a rectangle. */
function colours(png: PNG, x0: number, y0: number, w: number, h: number): { distinct: number; lumaSd: number } {
  const seen = new Set<number>()
  let sum = 0
  let sum2 = 0
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const i = (y * png.width + x) * 4
      const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]]
      seen.add((r << 16) | (g << 8) | b)
      const l = 0.2126 * r + 0.7152 * g + 0.0722 * b
      sum += l
      sum2 += l * l
    }
  }
  const n = w * h
  return { distinct: seen.size, lumaSd: Math.sqrt(Math.max(0, sum2 / n - (sum / n) ** 2)) }
}

async function pdfText(bytes: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise
  const parts: string[] = []
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent()
    for (const item of content.items) if ('str' in item) parts.push(item.str)
  }
  await doc.destroy()
  return parts.join(' ')
}
