/**
 * A unit's track played back on the timeline (issue 26, point 1): a unit picked in the units
 * panel moves along its track as the playback clock advances and stops when paused. Where it
 * should be is interpolated here, in Node, from the `demo-units` file of the same day (the desk
 * generates the same tracks), not by the app's code.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { WebMercatorViewport } from '@math.gl/web-mercator'
import { PNG } from 'pngjs'
import { areasFromGeoJson } from '../../src/core/areas'
import { SHANGHAI_OFFSET_MS } from '../../src/core/periods'
import { UNIT_KINDS, UNIT_STATUSES, type UnitTracks } from '../../src/core/unit-tracks'
import { readTracksCsv } from '../../src/io/tracks-csv'
import { demoUnitsCommand } from '../../src/cli/commands/units'
import { PLAYBACK_MARKER } from '../../src/map/layers/unit-playback-layer'
import { colourNear } from './png-colour'
import { assert, openApp, type Ctx } from './app.e2e'

const OUT = 'tests/e2e/output'
const DEMO = 'geodata/demo'
const CENTER = (JSON.parse(readFileSync(`${DEMO}/meta.json`, 'utf8')) as { center: [number, number] }).center
const quiet = { warn: () => {}, info: () => {} }
const clock = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(11, 19)
const MIN = 60_000
const R = 6_371_008.8

/** Straight between the fixes around t (none bridged over 10 minutes of silence): the brief's rule, written again. */
function expectedAt(tr: UnitTracks, u: number, t: number): [number, number] {
  let i = tr.unitStart[u]
  while (i + 1 < tr.unitStart[u + 1] && tr.time[i + 1] <= t) i++
  const j = i + 1
  if (j >= tr.unitStart[u + 1] || tr.time[j] - tr.time[i] > 10 * MIN || t <= tr.time[i]) return [tr.lon[i], tr.lat[i]]
  const f = (t - tr.time[i]) / (tr.time[j] - tr.time[i])
  return [tr.lon[i] + f * (tr.lon[j] - tr.lon[i]), tr.lat[i] + f * (tr.lat[j] - tr.lat[i])]
}

/** Kilometres and minutes of a whole day on patrol or on an alert, silences over 5 minutes left out. */
function dayFigures(tr: UnitTracks, u: number): { km: number; minutes: number } {
  let m = 0, ms = 0
  const rad = Math.PI / 180
  for (let i = tr.unitStart[u]; i + 1 < tr.unitStart[u + 1]; i++) {
    const status = UNIT_STATUSES[tr.status[i]]
    const dt = tr.time[i + 1] - tr.time[i]
    if (dt > 5 * MIN || status === 'at_station' || status === 'offline') continue
    ms += dt
    const dLat = (tr.lat[i + 1] - tr.lat[i]) * rad, dLon = (tr.lon[i + 1] - tr.lon[i]) * rad
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(tr.lat[i] * rad) * Math.cos(tr.lat[i + 1] * rad) * Math.sin(dLon / 2) ** 2
    m += 2 * R * Math.asin(Math.sqrt(h))
  }
  return { km: m / 1000, minutes: ms / MIN }
}

/** Plays for `ms` and pauses, both clicks in the page (a loaded machine's round trips would stretch the play); the clock where it stopped. */
async function playFor(page: Page, ms: number): Promise<number> {
  await page.evaluate(async (wait) => {
    const button = document.querySelector<HTMLButtonElement>('[data-testid="playback-play"]')!
    button.click()
    await new Promise((r) => setTimeout(r, wait))
    button.click()
  }, ms)
  await page.waitForSelector('[data-testid="playback-bar"][data-playing="false"]')
  return Number(await page.locator('[data-testid="playback-bar"]').getAttribute('data-now'))
}

export const UNIT_PLAYBACK_TESTS: Record<string, (ctx: Ctx) => Promise<void>> = {
  async 'unit playback: a picked unit moves along its track as the clock plays, and stops when paused'(ctx) {
    mkdirSync(OUT, { recursive: true })
    const started = Date.now()
    const zoom = 13, viewport = { width: 1400, height: 900 }
    const opening = openApp(ctx, `l=streets,units&c=${CENTER[0]},${CENTER[1]}&z=${zoom}`, viewport)
    await new Promise((r) => setTimeout(r, 500))
    const csv = `${OUT}/units-playback.csv`
    demoUnitsCommand.run({ out: csv }, quiet)
    const district = areasFromGeoJson(JSON.parse(readFileSync(`${DEMO}/district.geojson`, 'utf8')), { idOptional: true }).areas
    const { tracks } = readTracksCsv(readFileSync(csv), { district })

    const o = await opening
    console.log(`    [${((Date.now() - started) / 1000).toFixed(1)} s] opened, tracks made`)
    try {
      const page = o.page
      const box = (await page.locator('[data-testid="map"]').boundingBox())!
      const vp = new WebMercatorViewport({ width: box.width, height: box.height, longitude: CENTER[0], latitude: CENTER[1], zoom })
      const inMiddle = ([lon, lat]: [number, number]) => {
        const [x, y] = vp.project([lon, lat])
        return x > box.width * 0.2 && x < box.width * 0.92 && y > box.height * 0.12 && y < box.height * 0.72
      }
      // a car on the move where no panel covers the map for the eight minutes from t0 (between 09:00
      // and 17:00), never standing: every 20 seconds it is some pixels on
      const day = tracks.time[0]
      let unit = -1, t0 = 0
      for (let u = 0; u < tracks.unitIds.length && unit < 0; u++) {
        if (UNIT_KINDS[tracks.unitKind[u]] !== 'car') continue
        for (let t = day + 9 * 60 * MIN; t < day + 17 * 60 * MIN && unit < 0; t += 5 * MIN) {
          const pts = Array.from({ length: 25 }, (_, k) => expectedAt(tracks, u, t + k * 20_000))
          const xy = pts.map((p) => vp.project(p))
          if (pts.every(inMiddle) && xy.every((p, k) => k === 0 || Math.hypot(p[0] - xy[k - 1][0], p[1] - xy[k - 1][1]) > 2)) [unit, t0] = [u, t]
        }
      }
      assert(unit >= 0, 'no car moving for 8 minutes in the open map between 09:00 and 17:00')
      const id = tracks.unitIds[unit]

      await page.waitForSelector('[data-testid="units-panel"][data-state="done"]', { timeout: 60_000 })
      await page.waitForSelector('[data-testid="playback-pick"]', { state: 'attached', timeout: 30_000 })
      if (!(await page.locator('[data-testid="playback-pick"]').isVisible())) await page.locator('[data-testid="units-bar"]').click()
      await page.locator('[data-testid="playback-pick"]').selectOption(id)
      console.log(`    [${((Date.now() - started) / 1000).toFixed(1)} s] picked ${id}`)
      await page.waitForSelector(`[data-testid="playback-bar"][data-unit="${id}"][data-state="done"] [data-testid="playback-figures"]`, { timeout: 20_000 })
      // the window is the whole day (no dates brushed): the figures are the day's
      const fig = await page.locator('[data-testid="playback-figures"]').evaluate((e) => ({ ...(e as HTMLElement).dataset }))
      const want = dayFigures(tracks, unit)
      assert(Math.abs(Number(fig.km) - want.km) < 1e-3 && Math.abs(Number(fig.minutes) - want.minutes) < 1e-3,
        `${id}: desk ${fig.km} km ${fig.minutes} min, Node ${want.km} km ${want.minutes} min`)
      console.log(`    [${((Date.now() - started) / 1000).toFixed(1)} s] figures`)
      // the panel folds away: the playback bar in the timeline stays, and the map's right half shows
      await page.locator('[data-testid="units-bar"]').click()
      await page.locator('[data-testid="playback-speed"]').selectOption('60')
      await page.locator('[data-testid="playback-scrub"]').evaluate((e, t) => {
        const input = e as HTMLInputElement
        input.value = String(t)
        input.dispatchEvent(new Event('input', { bubbles: true }))
      }, t0)
      await page.mouse.move(box.x + box.width / 2, box.y + box.height - 5)

      const shots: { t: number; xy: number[]; png: PNG }[] = []
      for (const k of [1, 2]) {
        const t = await playFor(page, 400)
        const before = shots.at(-1)?.t ?? t0
        assert(t > before + 15_000, `played to ${clock(t)}: the clock hardly moved from ${clock(before)}`)
        // paused: the clock stays
        await page.waitForTimeout(500)
        const still = Number(await page.locator('[data-testid="playback-bar"]').getAttribute('data-now'))
        assert(still === t, `paused at ${clock(t)}, the clock went on to ${clock(still)}`)
        // one capture of the page, looked at, and read where the map is
        const shot = await page.screenshot({ path: `${OUT}/unit-playback-${k}.png` })
        const png = PNG.sync.read(shot)
        const xy = vp.project(expectedAt(tracks, unit, t)).map((v, j) => v + (j ? box.y : box.x))
        assert(colourNear(png, xy[0], xy[1], PLAYBACK_MARKER, 3, 25), `${id} at ${clock(t)}: no marker at (${xy.map(Math.round)})`)
        shots.push({ t, xy, png })
        console.log(`    [${((Date.now() - started) / 1000).toFixed(1)} s] shot ${k}`)
      }
      const [a, b] = shots
      const moved = Math.hypot(b.xy[0] - a.xy[0], b.xy[1] - a.xy[1])
      // where the pauses land depends on the machine's speed (a loaded one pauses minutes later, when
      // the car may have stopped): the marker must have left its first place when the track says so
      if (moved > 14) assert(!colourNear(b.png, a.xy[0], a.xy[1], PLAYBACK_MARKER, 2, 25), `${id}: the marker is still at its ${clock(a.t)} place`)
      else console.log(`    the track moved ${id} only ${moved.toFixed(1)} px from ${clock(a.t)} to ${clock(b.t)}: its leaving the first place is not checked`)
      console.log(`    ${id}: ${clock(t0)} → ${clock(a.t)} → ${clock(b.t)} at 1 min/s, marker at the Node-interpolated place both times, moved ${moved.toFixed(0)} px; ` +
        `day ${want.km.toFixed(1)} km ${want.minutes.toFixed(0)} min (= desk); ${((Date.now() - started) / 1000).toFixed(1)} s`)
      const errors = o.problems.filter((p) => p.startsWith('pageerror'))
      assert(errors.length === 0, errors.join('\n'))
    } finally {
      await o.close()
    }
  },
}
