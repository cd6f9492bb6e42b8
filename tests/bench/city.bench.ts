/**
 * The city benchmark (issue 25): the generated city (geodata/lib/city.ts, 12 districts in
 * Weifang's outlines) loaded into a throw-away cluster, then the server in its own process
 * answering a month's ranking of every compound of the city (from the rollups and from the
 * raw rows), incident tiles cold and warm for a month and for the two years, and 50 viewers
 * panning (tiles-load.ts) while its memory is sampled.
 *   npm run bench:city                  CITY_INCIDENTS (default 20,000,000), CITY_VIEWER_SECONDS (30),
 *                                       CITY_BULK=0 to load with the insert triggers on (default off, rollups counted after)
 *                                       CITY_PGDATA=<folder> keeps the cluster there: a later run on the same
 *                                       folder migrates it and measures without loading again
 *                                       CITY_BROWSER=0 leaves out the browser rows (city-browser.ts), which
 *                                       need the app built in BENCH_OUTDIR (dist): npx vite build --outDir dist
 * Prints one table; times are medians of CITY_RUNS (5) unless the row says otherwise.
 */
import type { ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { ensureDatabase, freePort, removeCluster, startCluster } from '../../src/server/pg-cluster'
import { migrate } from '../../src/server/migrate'
import { loadCity } from '../../src/server/city-load'
import { CITY_DEFAULT_INCIDENTS, CITY_DEFAULT_SEED, generatedCity } from '../../src/cli/commands/city-load'
import { describeCityBrowser, measureCityBrowser } from './city-browser'
import { benchServerSession, panTiles, printTilesLoad, runTilesLoad, spawnBenchServer, type TilesLoadOptions } from './tiles-load'

interface Line { what: string; n: string; p50: string; p95: string; note: string }

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : '—')
const pct = (ms: number[], p: number) => {
  const s = [...ms].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN
}
const median = (ms: number[]) => pct(ms, 0.5)
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`

const lon2x = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const lat2y = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
}
/** the 8×6 tiles (two screens' worth) around a point at zoom z */
function tilesAround(lon: number, lat: number, z: number): string[] {
  const cx = lon2x(lon, z), cy = lat2y(lat, z), out: string[] = []
  for (let y = cy - 3; y < cy + 3; y++) for (let x = cx - 4; x < cx + 4; x++) out.push(`${z}/${x}/${y}`)
  return out
}

function table(lines: Line[]): string {
  const head: Line = { what: 'measure', n: 'n', p50: 'p50 / median ms', p95: 'p95 ms', note: 'note' }
  const all = [head, ...lines]
  const keys = Object.keys(head) as (keyof Line)[]
  const w = keys.map((k) => Math.max(...all.map((l) => l[k].length)))
  const row = (l: Line) => '| ' + keys.map((k, i) => (i >= 1 && i <= 3 ? l[k].padStart(w[i]) : l[k].padEnd(w[i]))).join(' | ') + ' |'
  return [row(head), '|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...lines.map(row)].join('\n')
}

async function main(): Promise<void> {
  const total = Number((process.env.CITY_INCIDENTS ?? String(CITY_DEFAULT_INCIDENTS)).replace(/_/g, ''))
  const runs = Number(process.env.CITY_RUNS ?? 5)
  const viewerSeconds = Number(process.env.CITY_VIEWER_SECONDS ?? 30)
  const lines: Line[] = []
  // a kept cluster: a 20M load takes most of an hour, the measures a few minutes
  const kept = process.env.CITY_PGDATA
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'pingan-city-'))
  chmodSync(dir, 0o755)
  const cluster = await startCluster(join(dir, 'pg'), { throwaway: true })
  let child: ChildProcess | null = null
  try {
    const url = await ensureDatabase(cluster, 'city')
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    await migrate(c)
    const rollups = (await c.query("select to_regclass('incident_rollup_months') is not null as there")).rows[0].there as boolean
    const cells = (await c.query("select to_regclass('incident_cells') is not null as there")).rows[0].there as boolean

    const already = Number((await c.query<{ n: string }>('select count(*)::text as n from incidents')).rows[0].n)
    if (already > 0 && already !== total) throw new Error(`CITY_PGDATA=${kept} holds ${already} incidents, not CITY_INCIDENTS=${total}`)

    // ---- load
    let t0 = performance.now()
    const input = generatedCity({ seed: CITY_DEFAULT_SEED, incidents: total })
    const genMs = performance.now() - t0
    const counts = { streets: 0, compounds: input.city.reduce((s, d) => s + d.compounds.length, 0), grids: input.city.reduce((s, d) => s + d.grids.length, 0) }
    counts.streets = input.city.reduce((s, d) => s + d.streets.length, 0)
    console.error(`city built in ${(genMs / 1000).toFixed(1)} s: ${counts.streets} streets, ${counts.compounds} compounds, ${counts.grids} grid cells; loading ${total.toLocaleString('en')} incidents …`)
    t0 = performance.now()
    const loaded = already > 0 ? null : await loadCity(c, input.districts, total, input.batches, { bulk: process.env.CITY_BULK !== '0', log: (s) => console.error(`  ${s}`) })
    const loadMs = performance.now() - t0
    await c.query('analyze')
    // were incidents partitioned (a later migration), the parent would hold no storage of its own
    const size = (await c.query<{ inc: string; roll: string; cells: string; cell_rows: string }>(`select (pg_total_relation_size('incidents')
        + coalesce((select sum(pg_total_relation_size(inhrelid)) from pg_inherits where inhparent = 'incidents'::regclass), 0))::text as inc,
      ${rollups ? "(pg_total_relation_size('incident_rollups') + pg_total_relation_size('incident_rollup_months'))::text" : "'0'"} as roll,
      coalesce(pg_total_relation_size(to_regclass('incident_cells')), 0)::text as cells,
      ${cells ? '(select count(*) from incident_cells)' : '0'}::text as cell_rows`)).rows[0]
    await c.end()
    const cellsNote = cells ? `, cell rollups ${mib(Number(size.cells))} (${Number(size.cell_rows).toLocaleString('en')} rows)` : ''
    lines.push({ what: 'city built (outlines, streets, compounds, grid cells)', n: '12 districts', p50: fmt(genMs), p95: '', note: `${counts.streets} streets, ${counts.compounds} compounds, ${counts.grids} grid cells; one run` })
    if (!loaded) {
      lines.push({ what: 'load', n: total.toLocaleString('en'), p50: '—', p95: '', note: `loaded by an earlier run into ${kept}; incidents ${mib(Number(size.inc))}, rollups ${mib(Number(size.roll))}${cellsNote}` })
    } else {
      lines.push({ what: 'load: areas (area loader)', n: String(loaded.areas), p50: fmt(loaded.areasMs), p95: '', note: 'one run' })
      lines.push({
        what: `load: incidents (generate + assign + COPY${!rollups ? '' : loaded.bulk ? ' + rollups counted after' : ' + rollup triggers'})`, n: total.toLocaleString('en'), p50: fmt(loaded.incidentsMs), p95: '',
        note: `${Math.round(total / (loaded.incidentsMs / 1000)).toLocaleString('en')} rows/s; total ${(loadMs / 1000).toFixed(1)} s; incidents ${mib(Number(size.inc))}, rollups ${mib(Number(size.roll))}${cellsNote}; one run`,
      })
    }

    // ---- the server, its own process
    const port = await freePort()
    const dist = resolve(process.env.BENCH_OUTDIR ?? 'dist')
    const browser = process.env.CITY_BROWSER !== '0' && existsSync(join(dist, 'index.html'))
    child = spawnBenchServer(url, port, 'city-admin-password', browser ? dist : undefined)
    const { baseUrl, cookie } = await benchServerSession(child, 'city-admin-password')
    const get = async (path: string): Promise<{ ms: number; status: number; body: ArrayBuffer }> => {
      const t = performance.now()
      const res = await fetch(new URL(path, baseUrl), { headers: { cookie } })
      const body = await res.arrayBuffer()
      return { ms: performance.now() - t, status: res.status, body }
    }

    // ---- a month's ranking of every compound of the city
    const month = '2025-06'
    for (const source of ['rollups', 'raw'] as const) {
      const path = `/api/city/ranking?layer=compound&month=${month}&source=${source}`
      const first = await get(path)
      if (first.status === 404) {
        lines.push({ what: `ranking of every compound, ${month}, from ${source}`, n: '', p50: '—', p95: '', note: 'no ranking route in this build (rollup25 not merged)' })
        continue
      }
      if (first.status !== 200) throw new Error(`${path}: ${first.status}`)
      const ranked = JSON.parse(Buffer.from(first.body).toString()) as { areas: { count: number }[] }
      const ms: number[] = []
      for (let k = 0; k < runs; k++) ms.push((await get(path)).ms)
      const counted = ranked.areas.reduce((s, a) => s + a.count, 0)
      lines.push({ what: `ranking of every compound with 环比/同比, ${month}, from ${source}`, n: `${ranked.areas.length} compounds`, p50: fmt(median(ms)), p95: fmt(pct(ms, 0.95)), note: `first (cold) ${fmt(first.ms)} ms; ${counted} incidents in compounds that month${source === 'rollups' ? '; target ≤ 200 ms' : ''}` })
    }

    // ---- tiles: z10/12/13 (13 is the tiles' highest zoom; at street zoom the app reads the binary window), a month and two years
    const cityInfo = await get('/api/city')
    if (cityInfo.status === 404) {
      lines.push({ what: 'tiles', n: '', p50: '—', p95: '', note: 'no tile route in this build (tiles25 not merged)' })
    } else {
      // the tiles around the main city (潍城/奎文), where the most incidents are
      const seat = input.city.find((d) => d.code === '370705')!
      const [clon, clat] = seat.frame.toLonLat(...seat.centre)
      const periods = [
        { name: 'one month', from: Date.parse(`${month}-01T00:00:00+08:00`), to: Date.parse('2025-07-01T00:00:00+08:00') },
        { name: 'two years', from: Date.parse('2024-01-01T00:00:00+08:00'), to: Date.parse('2026-01-01T00:00:00+08:00') },
        // whole months from the cell rollups, the half months at either end from the incidents
        { name: 'two years from the 15th', from: Date.parse('2024-01-15T00:00:00+08:00'), to: Date.parse('2025-12-15T00:00:00+08:00') },
      ]
      let shift = 1
      for (const p of periods) for (const z of [10, 12, 13]) {
        const tiles = tilesAround(clon, clat, z)
        // a `to` a few ms later is a filter no cache holds, with the same whole months (an
        // earlier `from` would make the first month a partial one, read from the incidents)
        const pass = async (s: number) => {
          const ms: number[] = []
          for (const t of tiles) {
            const res = await get(`/api/tiles/incidents/${t}.mvt?from=${p.from}&to=${p.to + s}`)
            if (res.status !== 200 && res.status !== 204) throw new Error(`tile ${t}: ${res.status}`)
            ms.push(res.ms)
          }
          return ms
        }
        const cold = await pass(shift++)
        const warm = await pass(shift++)
        const cached = await pass(shift - 1)
        lines.push({ what: `tile z${z}, ${p.name}: cold`, n: `${tiles.length} tiles`, p50: fmt(median(cold)), p95: fmt(pct(cold, 0.95)), note: `first request of each tile, counted in PostGIS${cells ? ' (whole months from the cell rollups)' : ''}` })
        lines.push({ what: `tile z${z}, ${p.name}: warm`, n: `${tiles.length} tiles`, p50: fmt(median(warm)), p95: fmt(pct(warm, 0.95)), note: 'counted again (a new filter key), database pages warm' })
        lines.push({ what: `tile z${z}, ${p.name}: from the tile cache`, n: `${tiles.length} tiles`, p50: fmt(median(cached)), p95: fmt(pct(cached, 0.95)), note: '' })
      }
      // ---- 50 viewers panning over the central city (潍城, 寒亭, 坊子, 奎文; the whole city at z13 is
      // ~2,700 tiles, whose cold pass alone would take most of an hour here), a month's filter
      const central = input.city.filter((d) => ['370702', '370703', '370704', '370705'].includes(d.code)).map((d) => [...d.frame.toLonLat(d.bbox[0], d.bbox[1]), ...d.frame.toLonLat(d.bbox[2], d.bbox[3])])
      const centralBox: [number, number, number, number] = [Math.min(...central.map((b) => b[0])), Math.min(...central.map((b) => b[1])), Math.max(...central.map((b) => b[2])), Math.max(...central.map((b) => b[3]))]
      const opts: TilesLoadOptions = {
        baseUrl, cookie, tiles: panTiles(centralBox, [10, 11, 12, 13]), viewers: 50, seconds: viewerSeconds, serverPid: child.pid,
        query: `?from=${periods[0].from}&to=${periods[0].to}`,
      }
      const load = await runTilesLoad(opts)
      printTilesLoad(`the central city (${total.toLocaleString('en')} incidents in the city), one month`, opts, load)
      const rss = load.rssMiB
      lines.push({ what: `50 viewers panning z10-13 over the central city, ${month}`, n: `${load.load.count} requests`, p50: fmt(load.load.p50), p95: fmt(load.load.p95), note: `${Math.round(load.load.perSecond)}/s, ${load.load.non2xx} non-2xx, ${load.load.errors} errors; target p95 ≤ 300 ms` })
      lines.push({ what: 'server RSS under the viewers', n: `${rss.length} samples`, p50: '', p95: '', note: `${rss[Math.round(rss.length / 10)]?.toFixed(0)} → ${rss[rss.length - 1]?.toFixed(0)} MiB, peak +${((load.rssGrowth ?? 0) * 100).toFixed(1)} % over the 10 % mark (target flat within 10 %)` })
    }

    // ---- the city view in a browser: first frame, the tab's memory over a pan of the whole city
    if (!browser) {
      lines.push({ what: 'browser: the city view', n: '', p50: '—', p95: '', note: process.env.CITY_BROWSER === '0' ? 'left out (CITY_BROWSER=0)' : `no app build in ${dist}: npx vite build --outDir dist` })
    } else {
      const b = await measureCityBrowser(baseUrl, 'city-admin-password')
      for (const l of describeCityBrowser(b)) console.log(`  ${l}`)
      const m = b.memory
      const ratio = (x: typeof m.first) => `heap ${(x.heapMiB / m.first.heapMiB).toFixed(2)}, renderer ${(x.rendererMiB / m.first.rendererMiB).toFixed(2)}, GPU ${(x.gpuMiB / m.first.gpuMiB).toFixed(2)}×`
      const mem = (x: typeof m.first) => `heap ${x.heapMiB.toFixed(0)} / renderer ${x.rendererMiB.toFixed(0)} / GPU ${x.gpuMiB.toFixed(0)} MiB`
      lines.push({ what: 'browser: first frame of the city view, from navigation', n: '1920×1080', p50: fmt(b.firstUsefulMs), p95: '', note: `screencast, 60 % of the settled map; settled ${fmt(b.settledMs)} ms; page mark city-hexagons-drawn ${fmt(b.markMs)} ms; one run` })
      lines.push({ what: 'browser: tab memory after the first frame', n: '', p50: '', p95: '', note: mem(m.first) })
      lines.push({ what: `browser: … after ${b.serpentineSteps} screens at district zoom over the whole city`, n: `${b.districts} districts`, p50: '', p95: '', note: mem(m.district) })
      lines.push({ what: `browser: … after ${b.streetSteps} screens at street zoom`, n: '', p50: '', p95: '', note: `${mem(m.street)}; ${ratio(m.street)} of the first` })
      lines.push({ what: `browser: … after ${b.streetSteps} more in the next busiest district`, n: '', p50: '', p95: '', note: `${mem(m.street2)}; ${ratio(m.street2)} of the first` })
      lines.push({ what: 'browser: … back on the whole city', n: '', p50: '', p95: '', note: `${mem(m.back)}; ${ratio(m.back)} of the first (flat: what is not drawn is not held)` })
    }
    console.log(`\nThe city benchmark: ${total.toLocaleString('en')} incidents, 12 districts (${new Date().toISOString()})`)
    console.log(table(lines))
  } finally {
    child?.kill('SIGTERM')
    if (child && child.exitCode === null) await new Promise((r) => child!.once('exit', r))
    if (kept) cluster.stop()
    else removeCluster(cluster)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
