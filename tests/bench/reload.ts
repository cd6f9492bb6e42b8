/**
 * A layer reload on the demo, timed (issue 25: the monthly partitions must not slow it):
 *   npx tsx tests/bench/reload.ts            (RUNS=5; PROFILE=1 prints every statement over 200 ms with its plan)
 * Seeds the demo into a throw-away cluster (timed: the demo load), then reloads its compound
 * layer RUNS times, a third of the areas left out and put back in turn: median seconds per reload.
 */
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { DEMO_DIR, seedDemoIfEmpty } from '../../src/server/demo-seed'
import { loadAreaLayer } from '../../src/server/load-areas'
import { migrate } from '../../src/server/migrate'
import { ensureDatabase, removeCluster, startCluster } from '../../src/server/pg-cluster'

const RUNS = Number(process.env.RUNS ?? 5)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const dir = mkdtempSync(join(tmpdir(), 'pingan-reload-'))
chmodSync(dir, 0o755)
const cluster = await startCluster(join(dir, 'pg'), { throwaway: true })
try {
  const c = new pg.Client({ connectionString: await ensureDatabase(cluster, 'reload') })
  await c.connect()
  await c.query('create extension if not exists postgis')
  await migrate(c)
  const tx = async (fn: () => Promise<unknown>) => {
    await c.query('begin')
    await fn()
    await c.query('commit')
  }
  const t0 = performance.now()
  await tx(() => seedDemoIfEmpty(c))
  console.log(`demo seeded (areas, ${(await c.query('select count(*)::int as n from incidents')).rows[0].n} incidents, features) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const demo = (await c.query<{ id: number }>("select id from districts where code = 'demo'")).rows[0].id
  await c.query('vacuum analyze')
  if (process.env.PROFILE) {
    c.on('notice', (m) => console.log(m.message))
    await c.query("load 'auto_explain'")
    await c.query("set auto_explain.log_min_duration = 200")
    await c.query('set auto_explain.log_analyze = on')
    await c.query('set auto_explain.log_nested_statements = on')
    await c.query("set auto_explain.log_level = 'notice'")
  }
  const compounds = JSON.parse(readFileSync(join(DEMO_DIR, 'compounds.geojson'), 'utf8'))
  const ms: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const features = run % 2 === 0 ? compounds.features.filter((_: unknown, k: number) => k % 3 !== 0) : compounds.features
    const t = performance.now()
    await tx(() => loadAreaLayer(c, demo, 'compound', { ...compounds, features }))
    ms.push(performance.now() - t)
    console.log(`  reload ${run + 1}: ${(ms[run] / 1000).toFixed(1)} s`)
  }
  console.log(`layer reload (compounds, ${RUNS} runs): median ${(median(ms) / 1000).toFixed(1)} s`)
  await c.end()
} finally {
  removeCluster(cluster)
}
