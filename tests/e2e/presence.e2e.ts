/**
 * Patrol against plan (issue 26 point 4): the desk's make-up list and 见警率 equal the `presence`
 * command's on the `demo-units` file of the same day, a click on a row flies to its grid, drawn
 * with the make-up outline; the weekly PDF briefing's patrol page gives the day's alerts (counted
 * in the demo CSV as text), and each unit's patrol kilometres as a plain sum over the file's rows.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { PNG } from 'pngjs'
import { demoUnitsCommand, presenceCommand } from '../../src/cli/commands/units'
import { MAKE_UP_LINE } from '../../src/map/layers/presence-layer'
import { colourClose } from './png-colour'
import { pdfPages } from './pdf-text'
import { demoCount } from './snapshot-cli.e2e'
import { assert, openApp, type Ctx } from './app.e2e'

const OUT = 'tests/e2e/output'
const DEMO = 'geodata/demo'
const CENTER = (JSON.parse(readFileSync(`${DEMO}/meta.json`, 'utf8')) as { center: [number, number] }).center

/**
 * Patrol km per unit from the tracks CSV's rows as text: consecutive rows of a unit, the first
 * patrolling or on an alert, at most 600 s apart and under 200 km/h (the report's stated rules).
 */
function kmByUnit(csv: string): Map<string, number> {
  const R = 6_371_008.8, rad = Math.PI / 180
  const out = new Map<string, number>()
  let prev: string[] | null = null
  for (const line of csv.split('\n').slice(1)) {
    const row = line.split(',')
    if (row.length < 7) continue
    if (prev && prev[0] === row[0] && (prev[6] === 'patrolling' || prev[6] === 'on_alert')) {
      const dt = (Date.parse(`${row[1].replace(' ', 'T')}Z`) - Date.parse(`${prev[1].replace(' ', 'T')}Z`)) / 1000
      const [lon1, lat1, lon2, lat2] = [prev[2], prev[3], row[2], row[3]].map(Number)
      const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2
      const m = 2 * R * Math.asin(Math.sqrt(a))
      if (dt > 0 && dt <= 600 && m / dt <= 200 / 3.6) out.set(row[0], (out.get(row[0]) ?? 0) + m / 1000)
    }
    prev = row
  }
  return out
}

export const PRESENCE_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'presence: the desk\'s make-up list and 见警率 = the presence command\'s, a row flies to its outlined grid; the weekly PDF\'s patrol page counts like the files'(ctx) {
    mkdirSync(OUT, { recursive: true })
    const started = Date.now()
    const opening = openApp(ctx, `l=streets,presence&c=${CENTER[0]},${CENTER[1]}&z=12`, { width: 1600, height: 1000 })
    // Node: the day's file and the command on it, while the page loads
    const unitsCsv = `${OUT}/presence-units.csv`, makeupCsv = `${OUT}/presence-makeup.csv`
    const quiet = { warn: () => {}, info: () => {} }
    demoUnitsCommand.run({ out: unitsCsv }, quiet)
    const said: string[] = []
    presenceCommand.run({ units: unitsCsv, out: `${OUT}/presence.csv`, makeup: makeupCsv }, { warn: () => {}, info: (s: string) => said.push(s) })
    const cli = readFileSync(makeupCsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
    const seen = /见警率 ([\d.]+)% \((\d+)\/(\d+) grid-hours\)/.exec(said.join('\n'))
    assert(seen && cli.length >= 10, `the command said: ${said.join(' | ')}`)

    const nodeS = (Date.now() - started) / 1000
    const o = await opening
    try {
      const page = o.page
      await page.waitForSelector('[data-testid="presence-section"][data-state="done"] [data-testid="presence-row"]', { timeout: 90_000 })
      const deskS = (Date.now() - started) / 1000
      const desk = await page.locator('[data-testid="presence-row"]').evaluateAll((rs) => rs.map((r) => ({ ...(r as HTMLElement).dataset })))
      const r1 = (x: string | undefined) => Number(Number(x).toFixed(1))
      desk.forEach((d, k) => {
        const [rank, grid, , band, priority, minutes, gap] = cli[k]
        assert(d.grid === grid && d.band === band && r1(d.priority) === Number(priority) && r1(d.minutes) === Number(minutes) && r1(d.gap) === Number(gap),
          `make-up row ${rank}: desk ${JSON.stringify(d)}, command ${cli[k].join(',')}`)
      })
      const s = await page.locator('[data-testid="presence-seen"]').evaluate((e) => ({ ...(e as HTMLElement).dataset }))
      assert(s.present === seen[2] && s.scheduled === seen[3], `见警率: desk ${s.present}/${s.scheduled}, command ${seen[2]}/${seen[3]}`)
      console.log(`    desk = command: ${desk.length} make-up rows of ${cli.length}, first ${cli[0][1]} ${cli[0][3]} gap ${cli[0][6]}; 见警率 ${seen[1]}% (${seen[2]}/${seen[3]}); command done at ${nodeS.toFixed(1)} s, desk's list at ${deskS.toFixed(1)} s`)

      await page.screenshot({ path: `${OUT}/presence-overview.png` })
      // the first row: the map flies there and the band switches to it; the grid's outline is vermillion
      await page.locator('[data-testid="presence-row"]').first().click()
      await page.waitForFunction(() => document.documentElement.dataset.mapIdle, null, { timeout: 20_000 })
      await page.waitForTimeout(1200)
      const box = (await page.locator('[data-testid="map"]').boundingBox())!
      const shot = await page.screenshot({ path: `${OUT}/presence-desk.png` })
      const png = PNG.sync.read(shot)
      let vermillion = 0
      // the middle of the map (the grid flown to), clear of the side panels
      for (let y = Math.round(box.y + box.height * 0.3); y < box.y + box.height * 0.7; y++) {
        for (let x = Math.round(box.x + box.width * 0.3); x < box.x + box.width * 0.6; x++) {
          const i = (y * png.width + x) * 4
          if (colourClose([png.data[i], png.data[i + 1], png.data[i + 2]], MAKE_UP_LINE, 30)) vermillion++
        }
      }
      assert(vermillion > 200, `only ${vermillion} vermillion pixels around the grid flown to`)
      console.log(`    row 1 clicked: ${vermillion} make-up outline pixels in the map's middle; screenshot ${OUT}/presence-desk.png`)

      // the weekly briefing of the week holding the units' day (Mon 2025-12-29 08:00 → Mon 2026-01-05 08:00)
      const t0 = Date.now()
      const res = await page.evaluate(() => window.pinganAutomation!.snapshot({ format: 'pdf', paper: 'a4', brief: { kind: 'weekly', date: '2026-01-05' } }))
      const pdfMs = Date.now() - t0
      const bytes = Buffer.from(res.base64, 'base64')
      writeFileSync(`${OUT}/presence-weekly.pdf`, bytes)
      const pages = await pdfPages(bytes)
      const first = pages.findIndex((p) => p.includes('周巡逻报告'))
      assert(first >= 0, `no patrol report page in ${pages.length} pages`)
      const report = pages.slice(first).join('|')
      const day = demoCount('2025-12-31T00:00:00', '2026-01-01T00:00:00').total
      assert(new RegExp(`全部—${day}\\d`).test(report), `the response table's 全部 row does not count the day's ${day} alerts: ${report.slice(0, 500)}`)
      assert(report.includes('2025-12-31') && report.includes(`见警率${seen[1]}%（${seen[2]}/${seen[3]}`), `the page lacks the tracks' day or 见警率 ${seen[1]}%: ${report.slice(0, 800)}`)
      const one = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
      for (const row of cli.slice(0, 10)) {
        const printed = `${row[0]}${row[2]}${row[3]}${row.slice(4).map((x) => one.format(Number(x))).join('')}`
        assert(report.includes(printed), `make-up row ${row.join(',')} is not on the page as ${printed}`)
      }
      const km = kmByUnit(readFileSync(unitsCsv, 'utf8'))
      let total = 0
      for (const [unit, k] of km) {
        total += k
        assert(new RegExp(`${unit}[^0-9|]*${one.format(k).replace(/[.,]/g, '\\$&')}`).test(report), `${unit}: ${one.format(k)} km is not on the page`)
      }
      assert(report.includes(`合计${one.format(total)}公里`), `the total ${one.format(total)} km is not stated`)
      const ppm = spawnSync('pdftoppm', ['-png', '-r', '70', '-f', String(first + 1), '-l', String(first + 2), `${OUT}/presence-weekly.pdf`, `${OUT}/presence-weekly`])
      assert(ppm.status === 0, `pdftoppm failed: ${ppm.stderr}`)
      console.log(`    weekly PDF in ${(pdfMs / 1000).toFixed(1)} s: patrol report on page ${first + 1} of ${pages.length}; ${day} alerts of 2025-12-31, ${km.size} units, ${one.format(total)} km (= the CSV's rows summed); total ${((Date.now() - started) / 1000).toFixed(1)} s`)
      const errors = o.problems.filter((p) => p.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await o.close()
    }
  },
}
