/**
 * Browser tests of the time views: the timeline's histogram, brush and play; the ranking's fly-to,
 * outline and area detail; periods side by side. Expected figures come from the same worker code
 * run here in Node, or from plain counts over the demo CSV.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { NO_FILTER } from '../../src/core/incident-filter'
import { localHour } from '../../src/core/periods'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { AnalyticsSession } from '../../src/workers/analytics-session'
import { assert, isHeat, openApp, pixelShare, settle, type Ctx } from './app.e2e'
import { readmeShot } from './readme-shots'

let demo: { session: AnalyticsSession; time: Float64Array; count: number } | null = null
/** The demo incidents and streets in a Node session (loaded once). */
function node() {
  if (!demo) {
    const session = new AnalyticsSession()
    session.setAreas('streets', JSON.parse(readFileSync('geodata/demo/streets.geojson', 'utf8')))
    const { columns } = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv'))
    session.setIncidents(columns)
    demo = { session, time: columns.time, count: columns.count }
  }
  return demo
}
/** incidents with a time in [from, to) and, when given, a local hour in [h0, h1) */
function countWhere(from: number, to: number, hours?: [number, number]): number {
  const { time, count } = node()
  let n = 0
  for (let i = 0; i < count; i++) {
    const t = time[i]
    if (t >= from && t < to && (!hours || (localHour(t) >= hours[0] && localHour(t) < hours[1]))) n++
  }
  return n
}

const frames = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.overlayFrames ?? 0))
const label = (page: Page) => page.locator('[data-testid="timeline-label"]').innerText()
const bars = (page: Page) => page.locator('[data-testid="timeline-bar"]').evaluateAll((els) =>
  els.map((e) => ({ from: Number((e as HTMLElement).dataset.from), count: Number((e as HTMLElement).dataset.count) })))
const barSum = (page: Page) => page.evaluate(() =>
  [...document.querySelectorAll<HTMLElement>('[data-testid="timeline-bar"]')].reduce((a, e) => a + Number(e.dataset.count), 0))

async function openTimeline(ctx: Ctx, query: string) {
  const o = await openApp(ctx, query, { width: 1920, height: 1080 })
  await o.page.waitForSelector('[data-testid="timeline"][data-state="done"] [data-testid="timeline-bar"]', { timeout: 60_000 })
  return o
}

/** Share of the map's pixels that differ (by more than a little) between two screenshots of it. */
async function mapScreenshot(page: Page) {
  const box = await page.locator('[data-testid="map"]').boundingBox()
  assert(box, 'map element has no box')
  return PNG.sync.read(await page.screenshot({ clip: box }))
}
function changedShare(a: PNG, b: PNG): number {
  let n = 0
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 30) n++
  }
  return n / (a.width * a.height)
}

export const TIME_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'timeline: the histogram equals Node, brushing filters the map, and hour play recounts the bars'(ctx) {
    const o = await openTimeline(ctx, 'l=incidents')
    try {
      const page = o.page
      const expected = node().session.histogram({ ...NO_FILTER })
      const shown = await bars(page)
      assert(shown.length === expected.counts.length, `${shown.length} bars shown, ${expected.counts.length} in Node`)
      shown.forEach((b, k) => assert(b.from === expected.from + k * expected.binMs && b.count === expected.counts[k],
        `bar ${k}: ${b.count} from ${b.from}, Node ${expected.counts[k]} from ${expected.from + k * expected.binMs}`))
      const total = shown.reduce((a, b) => a + b.count, 0)
      assert(total === countWhere(-Infinity, Infinity), `bars add up to ${total}, Node counts ${countWhere(-Infinity, Infinity)}`)
      assert((await label(page)).includes('全部日期'), `label without dates: ${await label(page)}`)

      // brush about 5% of the track: fewer incidents drawn, the filter's dates set, the bars unchanged
      const before = await mapScreenshot(page)
      const heatBefore = await pixelShare(page, isHeat)
      const track = await page.locator('[data-testid="timeline"] .track').boundingBox()
      assert(track, 'no track')
      const f0 = await frames(page)
      await page.mouse.move(track.x + track.width * 0.45, track.y + track.height / 2)
      await page.mouse.down()
      await page.mouse.move(track.x + track.width * 0.48, track.y + track.height / 2, { steps: 4 })
      await page.mouse.move(track.x + track.width * 0.5, track.y + track.height / 2, { steps: 4 })
      await page.mouse.up()
      await settle(page, f0)
      const brushed = await label(page)
      assert(/^\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d/.test(brushed), `label after brushing: ${brushed}`)
      assert(await page.locator('[data-testid="timeline-brush"]').isVisible(), 'no brush drawn')
      const changed = changedShare(before, await mapScreenshot(page))
      const heatAfter = await pixelShare(page, isHeat)
      console.log(`    brushed ${brushed}: ${(changed * 100).toFixed(1)}% of map pixels changed; heat ${(heatBefore * 100).toFixed(1)}% → ${(heatAfter * 100).toFixed(1)}%`)
      assert(changed > 0.01, `brushing changed only ${(changed * 100).toFixed(2)}% of the map`)
      assert((await barSum(page)) === total, 'the bars changed with the dates')
      await page.screenshot({ path: 'tests/e2e/output/time-brushed.png' })

      // moving the brush keeps its length
      const brush = await page.locator('[data-testid="timeline-brush"]').boundingBox()
      assert(brush, 'no brush box')
      const f1 = await frames(page)
      await page.mouse.move(brush.x + brush.width / 2, brush.y + brush.height / 2)
      await page.mouse.down()
      await page.mouse.move(brush.x + brush.width / 2 + track.width * 0.1, brush.y + brush.height / 2, { steps: 5 })
      await page.mouse.up()
      await settle(page, f1)
      const moved = await label(page)
      const days = (l: string) => { const [a, b] = l.split(' · ')[0].split(' – ').map((d) => Date.parse(d)); return (b - a) / 86_400_000 }
      assert(moved !== brushed && days(moved) === days(brushed), `moving the brush: ${brushed} → ${moved}`)

      // hour play: a 1-hour window around the clock; the bars recount under it (pause, then compare with Node)
      await page.locator('[data-testid="timeline-clear"]').click()
      await page.locator('[data-testid="timeline-mode"]').selectOption('hour')
      await page.locator('[data-testid="timeline-play"]').click()
      await page.waitForFunction(() => /\d\d:00–\d\d:00/.test(document.querySelector('[data-testid="timeline-label"]')?.textContent ?? ''))
      await page.locator('[data-testid="timeline-play"]').click()
      const hl = await label(page)
      const m = /(\d\d):00–(\d\d):00/.exec(hl)
      assert(m, `no hours in ${hl}`)
      const h: [number, number] = [Number(m[1]), Number(m[2]) === 0 ? 24 : Number(m[2])]
      const want = countWhere(-Infinity, Infinity, h)
      await page.waitForFunction((n) => [...document.querySelectorAll<HTMLElement>('[data-testid="timeline-bar"]')]
        .reduce((a, e) => a + Number(e.dataset.count), 0) === n, want, { timeout: 30_000 })
      console.log(`    hours ${h[0]}–${h[1]}: bars add up to ${want} as in Node`)
      assert(o.problems.filter((p) => p.startsWith('pageerror')).length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },

  async 'timeline: play moves the day window at least twice and pause stops it'(ctx) {
    const o = await openTimeline(ctx, 'l=incidents')
    try {
      const page = o.page
      await page.locator('[data-testid="timeline-mode"]').selectOption('day')
      await page.locator('[data-testid="timeline-speed"]').selectOption('4')
      await page.locator('[data-testid="timeline-play"]').click()
      const seen = new Set<string>()
      const start = Date.now()
      while (seen.size < 3 && Date.now() - start < 30_000) {
        seen.add(await label(page))
        await page.waitForTimeout(100)
      }
      const windows = [...seen].filter((l) => /^\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d/.test(l))
      assert(windows.length >= 2, `play showed ${[...seen].join(' | ')}`)
      // each window is one local day: its first and last date are the same
      for (const w of windows) {
        const [a, b] = w.split(' · ')[0].split(' – ')
        assert(a === b, `a day window spans ${a} to ${b}`)
      }
      await page.locator('[data-testid="timeline-play"]').click()
      assert((await page.locator('[data-testid="timeline"]').getAttribute('data-playing')) === 'false', 'still playing after pause')
      const paused = await label(page)
      // four steps a second when playing: 1.5 s without a change shows the timer is gone
      await page.waitForTimeout(1500)
      assert((await label(page)) === paused, `the window moved after pause: ${paused} → ${await label(page)}`)
      console.log(`    played ${windows.length} windows, e.g. ${windows.slice(0, 3).join(', ')}; paused at ${paused}`)
    } finally {
      await o.close()
    }
  },

  async 'ranking: arrows and sparklines, a click flies to the street, outlines it and shows its hour × weekday profile as in Node'(ctx) {
    const o = await openTimeline(ctx, 'l=streets')
    try {
      const page = o.page
      await page.waitForSelector('[data-testid="safety-index"][data-state="done"] [data-testid="safety-spark"]', { timeout: 60_000 })
      const ranking = node().session.safetyIndex('streets', null)
      // arrows agree with the sign of 环比 / 同比
      const arrows = await page.locator('[data-testid="safety-row"]').evaluateAll((rows) => rows.map((r) => ({
        id: (r as HTMLElement).dataset.id, mom: r.querySelector<HTMLElement>('[data-testid="safety-mom"]')?.dataset.arrow,
        spark: r.querySelector<HTMLElement>('[data-testid="safety-spark"]')?.dataset.values,
      })))
      const profile = node().session.profile('streets')
      const end = profile.months.indexOf('2025-12')
      for (const a of arrows) {
        const row = ranking.rows.find((r) => r.id === a.id)!
        const want = row.mom === null || row.mom === 0 ? '' : row.mom > 0 ? '▲' : '▼'
        assert(a.mom === want, `${a.id}: arrow ${a.mom}, 环比 ${row.mom}`)
        const months = Array.from(profile.monthly.subarray(row.area * profile.months.length + end - 11, row.area * profile.months.length + end + 1))
        assert(a.spark === months.join(','), `${a.id}: sparkline ${a.spark}, Node ${months.join(',')}`)
      }

      const urlBefore = new URL(page.url()).searchParams
      const target = ranking.rows[2]
      const f0 = await frames(page)
      await page.locator(`[data-testid="safety-row"][data-id="${target.id}"]`).click()
      await page.waitForFunction((c) => new URL(location.href).searchParams.get('c') !== c, urlBefore.get('c'), { timeout: 30_000 })
      await settle(page, f0)
      const urlAfter = new URL(page.url()).searchParams
      assert(urlAfter.get('z') !== urlBefore.get('z') || urlAfter.get('c') !== urlBefore.get('c'), 'the map did not move')
      console.log(`    flew ${urlBefore.get('c')} z${urlBefore.get('z')} → ${urlAfter.get('c')} z${urlAfter.get('z')}`)

      await page.waitForSelector(`[data-testid="area-detail"][data-id="${target.id}"][data-state="done"]`, { timeout: 30_000 })
      const cells = await page.locator('[data-testid="area-detail-cell"]').evaluateAll((els) => els.map((e) => {
        const d = (e as HTMLElement).dataset
        return { wd: Number(d.weekday), h: Number(d.hour), count: Number(d.count) }
      }))
      assert(cells.length === 168, `${cells.length} profile cells`)
      for (const c of cells) {
        const want = profile.hourWeekday[target.area * 168 + c.wd * 24 + c.h]
        assert(c.count === want, `${target.id} weekday ${c.wd} hour ${c.h}: ${c.count}, Node ${want}`)
      }
      // the desk view of the README: ranking with arrows and sparklines, the area's detail, filters, timeline
      await page.screenshot({ path: readmeShot('desk-1920x1080.png') })
      // the outline is white: closing the detail (which clears the selection) at the same camera takes it away
      const isOutline = (c: [number, number, number]) => c[0] > 245 && c[1] > 245 && c[2] > 245
      const withOutline = await pixelShare(page, isOutline)
      const f1 = await frames(page)
      await page.locator('[data-testid="area-detail-close"]').click()
      await settle(page, f1)
      assert((await page.locator('[data-testid="area-detail"]').count()) === 0, 'detail still shown after ×')
      const without = await pixelShare(page, isOutline)
      console.log(`    outline white: ${(withOutline * 100).toFixed(2)}% selected, ${(without * 100).toFixed(2)}% after ×`)
      assert(withOutline > without + 0.002, `no outline drawn: white ${withOutline} selected, ${without} without`)
    } finally {
      await o.close()
    }
  },

  async 'side by side: the selected month and its 环比 / 同比 base, with totals as in Node, moving together'(ctx) {
    const o = await openTimeline(ctx, 'l=incidents')
    try {
      const page = o.page
      for (const mode of ['mom', 'yoy'] as const) {
        await page.locator('[data-testid="timeline-compare"]').selectOption(mode)
        await page.waitForSelector('[data-testid="compare-view"][data-state="done"] [data-testid="compare-legend"]', { timeout: 60_000 })
        for (const side of ['current', 'base']) {
          const title = page.locator(`[data-testid="compare-title-${side}"]`)
          await page.waitForFunction((s) => document.querySelector(`[data-testid="compare-title-${s}"]`)?.getAttribute('data-total') !== '', side)
          const [from, to, total] = await Promise.all(['data-from', 'data-to', 'data-total'].map(async (a) => Number(await title.getAttribute(a))))
          const want = countWhere(from, to)
          assert(total === want, `${mode} ${side}: total ${total}, Node ${want}`)
          console.log(`    ${mode} ${side}: ${await title.innerText()}`)
        }
        await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('[data-testid^="compare-map-"]')].every((m) => Number(m.dataset.frames) > 0))
        await page.screenshot({ path: `tests/e2e/output/time-compare-${mode}.png` })
      }
      // the current month is December 2025, the bases November 2025 (环比) and December 2024 (同比)
      const from = Number(await page.locator('[data-testid="compare-title-current"]').getAttribute('data-from'))
      assert(from === Date.UTC(2025, 11, 1) - 8 * 3600_000, `current period starts at ${new Date(from).toISOString()}`)

      // the two maps cover the stage from top to bottom (no strip of the main map on its own scale), the main
      // legend gives way to the comparison's, the timeline stays on top of them and clear of the comparison's scale
      const box = async (sel: string) => (await page.locator(sel).first().boundingBox())!
      const [stage, compare, timeline, compareLegend] = await Promise.all(['main.stage', '[data-testid="compare-view"]', '[data-testid="timeline"]', '[data-testid="compare-legend"]'].map(box))
      console.log(`    compare: stage y ${stage.y}–${stage.y + stage.height}, compare ${compare.y}–${compare.y + compare.height}, its scale ${compareLegend.y}–${compareLegend.y + compareLegend.height}, timeline from ${timeline.y}`)
      assert(Math.abs(compare.y - stage.y) < 1 && Math.abs(compare.y + compare.height - stage.y - stage.height) < 1, 'the comparison leaves a strip of the main map')
      assert(compareLegend.y + compareLegend.height <= timeline.y, 'the comparison scale is under the timeline')
      assert(await page.locator('[data-testid="legend"]').count() === 0, 'the main legend (its own scale) stays beside the comparison')
      const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid="timeline"]') !== null, [timeline.x + timeline.width / 2, timeline.y + 10])
      assert(onTop, 'the timeline is covered by the comparison')

      // heat on both sides, on one scale
      for (const side of ['current', 'base']) {
        const box = await page.locator(`[data-testid="compare-map-${side}"]`).boundingBox()
        assert(box, 'no map box')
        const png = PNG.sync.read(await page.screenshot({ clip: box }))
        let heat = 0
        for (let i = 0; i < png.data.length; i += 4) if (isHeat([png.data[i], png.data[i + 1], png.data[i + 2]])) heat++
        assert(heat / (png.width * png.height) > 0.005, `${side}: heat covers ${heat / (png.width * png.height)}`)
      }
      // drag the left map: the right one follows
      const left = await page.locator('[data-testid="compare-map-current"]').boundingBox()
      assert(left, 'no left map')
      const cam = (s: string) => page.locator(`[data-testid="compare-map-${s}"]`).getAttribute('data-camera')
      const before = await cam('base')
      await page.mouse.move(left.x + left.width / 2, left.y + left.height / 2)
      await page.mouse.down()
      await page.mouse.move(left.x + left.width / 2 - 120, left.y + left.height / 2 + 60, { steps: 8 })
      await page.mouse.up()
      await page.waitForFunction((b) => {
        const [l, r] = ['current', 'base'].map((s) => document.querySelector(`[data-testid="compare-map-${s}"]`)?.getAttribute('data-camera'))
        return r !== b && l === r
      }, before, { timeout: 30_000 })
      console.log(`    panned together: ${before} → ${await cam('base')}`)
      await page.locator('[data-testid="timeline-compare"]').selectOption('off')
      assert((await page.locator('[data-testid="compare-view"]').count()) === 0, 'compare view still shown')
      assert(o.problems.filter((p) => p.startsWith('pageerror')).length === 0, o.problems.join('\n'))
    } finally {
      await o.close()
    }
  },
}
