/**
 * The rollups' costs and gains (issue 25), on a throw-away cluster:
 *   npm run bench:rollups            (BENCH_ROWS=200000 for a short run; default 1,000,000)
 * 1. A month's ranking of every compound and every street of the demo with 环比/同比, from the
 *    rollups and counted from the incidents (source raw), as a user (row security on): medians.
 * 2. A layer reloaded (its incidents assigned again), with the trigger and with a rebuild.
 * 3. A load of BENCH_ROWS incidents (the demo's, repeated with new ids over later years) into a
 *    district with the demo's areas, with the rollup trigger, and with it off plus one rebuild
 *    of the district's rollups at the end: rows/s of each.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { packStrings, packedString, type IncidentColumns } from '../../src/core/incidents'
import { decodeIncidentColumns } from '../../src/io/incident-columns-file'
import { createUser } from '../../src/server/accounts'
import { asUser, openPool } from '../../src/server/db'
import { DEMO_AREA_FILES, DEMO_DIR, seedDemoIfEmpty } from '../../src/server/demo-seed'
import { loadAreaLayer } from '../../src/server/load-areas'
import { loadIncidents } from '../../src/server/load-incidents'
import { migrate } from '../../src/server/migrate'
import { ensureDatabase, removeCluster, startCluster } from '../../src/server/pg-cluster'
import { rankingOf, type RankingSource } from '../../src/server/rankings'

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const RUNS = 11
const YEAR_MS = 365 * 86_400_000

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

/** the demo's incidents repeated to `n` rows, copy k shifted k years on, ids made unique */
function repeated(demo: IncidentColumns, n: number): IncidentColumns {
  const pick = (k: number) => k % demo.count
  const lon = new Float64Array(n), lat = new Float64Array(n), time = new Float64Array(n)
  const category = new Uint8Array(n), subtype = new Uint16Array(n), ids: string[] = [], addresses: string[] = []
  for (let k = 0; k < n; k++) {
    const i = pick(k)
    lon[k] = demo.lon[i]; lat[k] = demo.lat[i]; time[k] = demo.time[i] + Math.floor(k / demo.count) * 2 * YEAR_MS
    category[k] = demo.category[i]; subtype[k] = demo.subtype[i]
    ids.push(`b${k}`); addresses.push(packedString(demo.address, i))
  }
  return { count: n, lon, lat, time, category, subtype, subtypes: demo.subtypes, id: packStrings(ids), address: packStrings(addresses) }
}

const dir = mkdtempSync(join(tmpdir(), 'pingan-rollups-'))
chmodSync(dir, 0o755)
const cluster = await startCluster(join(dir, 'pg'), { throwaway: true })
try {
  const url = await ensureDatabase(cluster, 'rollups')
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query('create extension if not exists postgis')
  await migrate(c)
  // the loaders' temporary tables last until commit
  const tx = async (fn: () => Promise<unknown>) => {
    await c.query('begin')
    await fn()
    await c.query('commit')
  }
  await tx(() => seedDemoIfEmpty(c))
  const demo = (await c.query<{ id: number }>("select id from districts where code = 'demo'")).rows[0].id
  const boss = await createUser(c, 'boss', 'admin', 'bench-password')
  await c.query('vacuum analyze')

  const db = openPool(url)
  console.log(`ranking of a month with 环比/同比, demo (${(await c.query('select count(*)::int as n from incidents')).rows[0].n} incidents), median of ${RUNS} (ms):`)
  console.log('  layer     areas  rollups     raw   raw/rollups')
  for (const layer of ['compound', 'street'] as const) {
    const ms: Record<RankingSource, number[]> = { rollups: [], raw: [] }
    let areas = 0
    for (let run = 0; run < RUNS; run++) {
      for (const source of ['rollups', 'raw'] as const) {
        const t0 = performance.now()
        areas = (await asUser(db, boss.id, (u) => rankingOf(u, { districtId: demo, layer, month: '2025-03', source }))).areas.length
        ms[source].push(performance.now() - t0)
      }
    }
    const [r, w] = [median(ms.rollups), median(ms.raw)]
    console.log(`  ${layer.padEnd(9)} ${String(areas).padStart(5)} ${r.toFixed(1).padStart(8)} ${w.toFixed(1).padStart(7)} ${(w / r).toFixed(1).padStart(8)}×`)
  }
  await db.end()

  // a layer reloaded: every incident of the district assigned again (the update trigger counts
  // only the rows whose area changed), against the trigger off and the layer's rollups rebuilt
  const compounds = JSON.parse(readFileSync(join(DEMO_DIR, 'compounds.geojson'), 'utf8'))
  console.log('the demo\'s compound layer reloaded with a third of its areas left out, then put back:')
  for (const trigger of [true, false]) {
    const t0 = performance.now()
    for (const features of [compounds.features.filter((_: unknown, k: number) => k % 3 !== 0), compounds.features]) {
      await tx(async () => {
        if (!trigger) await c.query('alter table incidents disable trigger incidents_rollups_update')
        await loadAreaLayer(c, demo, 'compound', { ...compounds, features })
        if (!trigger) {
          await c.query('alter table incidents enable trigger incidents_rollups_update')
          await c.query("select pingan_rollups_rebuild($1, 'compound')", [demo])
        }
      })
    }
    console.log(`  ${trigger ? 'with the rollup trigger      ' : 'trigger off, layer rebuilt   '} ${((performance.now() - t0) / 2000).toFixed(1).padStart(6)} s per reload`)
  }

  const buf = readFileSync(join(DEMO_DIR, 'incidents.cols'))
  const cols = repeated(decodeIncidentColumns(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).columns, ROWS)
  const withAreas = (d: number) => tx(async () => {
    for (const [layer, file] of DEMO_AREA_FILES) await loadAreaLayer(c, d, layer, JSON.parse(readFileSync(join(DEMO_DIR, file), 'utf8')))
  })
  console.log(`load of ${ROWS} incidents into a district with the demo's areas (one transaction each):`)
  for (const trigger of [true, false]) {
    const code = trigger ? 'with' : 'without'
    const d = (await c.query<{ id: number }>('insert into districts (code, name) values ($1, $1) returning id', [code])).rows[0].id
    await withAreas(d)
    await c.query('checkpoint')
    await c.query('begin')
    if (!trigger) await c.query('alter table incidents disable trigger incidents_rollups_insert')
    const t0 = performance.now()
    await loadIncidents(c, d, cols)
    const t1 = performance.now()
    if (!trigger) {
      await c.query('alter table incidents enable trigger incidents_rollups_insert')
      await c.query('select pingan_rollups_rebuild($1)', [d])
    }
    await c.query('commit')
    const t2 = performance.now()
    const s = (t2 - t0) / 1000
    console.log(`  ${trigger ? 'with the rollup trigger      ' : 'trigger off, one rebuild     '} ${s.toFixed(1).padStart(6)} s  ${Math.round(ROWS / s).toString().padStart(7)} rows/s` +
      (trigger ? '' : `  (load ${((t1 - t0) / 1000).toFixed(1)} s, rebuild and commit ${((t2 - t1) / 1000).toFixed(1)} s)`))
  }
  const d0 = (await c.query<{ id: number }>('insert into districts (code, name) values ($1, $1) returning id', ['none'])).rows[0].id
  await withAreas(d0)
  await c.query('checkpoint')
  await c.query('begin')
  await c.query('alter table incidents disable trigger incidents_rollups_insert')
  const t0 = performance.now()
  await loadIncidents(c, d0, cols)
  await c.query('alter table incidents enable trigger incidents_rollups_insert')
  await c.query('commit')
  const s = (performance.now() - t0) / 1000
  console.log(`  no rollups at all             ${s.toFixed(1).padStart(6)} s  ${Math.round(ROWS / s).toString().padStart(7)} rows/s`)
  await c.end()
} finally {
  removeCluster(cluster)
}
