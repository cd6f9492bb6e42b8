/**
 * Migration 010 (incidents partitioned by month) on a populated database, timed:
 *   npx tsx tests/bench/partition-migration.ts      (BENCH_ROWS=1000000)
 * A throw-away cluster migrated to 009, BENCH_ROWS incidents over two years in one district
 * (inserted with the triggers off, the rollups then counted once), then 010 alone: seconds, and
 * seconds per million rows.
 */
import { chmodSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { migrate, readMigrations } from '../../src/server/migrate'
import { ensureDatabase, removeCluster, startCluster } from '../../src/server/pg-cluster'

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const dir = mkdtempSync(join(tmpdir(), 'pingan-partmig-'))
chmodSync(dir, 0o755)
const cluster = await startCluster(join(dir, 'pg'), { throwaway: true })
try {
  const c = new pg.Client({ connectionString: await ensureDatabase(cluster, 'partmig') })
  await c.connect()
  await c.query('create extension if not exists postgis')
  const all = readMigrations()
  await migrate(c, all.filter((m) => m.version < 10))
  const d = (await c.query<{ id: number }>("insert into districts (code, name) values ('m', 'm') returning id")).rows[0].id
  await c.query(`insert into areas (district_id, layer, source_id, ord, geometry, geom) values ($1, 'street', 'W', 0, '{}', ST_Multi(ST_MakeEnvelope(119, 36, 120, 37, 4326)))`, [d])
  const t0 = performance.now()
  await c.query('begin')
  await c.query('set local session_replication_role = replica')
  await c.query(`insert into incidents (district_id, source_id, time, category, subtype, address, lon, lat, street_id)
    select $1, 'r' || k, timestamptz '2024-01-01T00:00:00+08' + (k::float8 / $2) * interval '730 days', k % 5, 'x', '某街道某小区', 119 + random(), 36 + random(),
      (select id from areas where district_id = $1)
    from generate_series(1, $2) k`, [d, ROWS])
  await c.query('select pingan_rollups_rebuild($1)', [d])
  await c.query('commit')
  await c.query('vacuum analyze')
  console.log(`${ROWS} incidents made in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const t1 = performance.now()
  await migrate(c, all)
  const s = (performance.now() - t1) / 1000
  const parts = (await c.query<{ n: number }>("select count(*)::int as n from pg_inherits where inhparent = 'incidents'::regclass")).rows[0].n
  console.log(`migration 010 on ${ROWS} incidents: ${s.toFixed(1)} s (${(s / (ROWS / 1e6)).toFixed(1)} s per million rows), ${parts} partitions`)
  await c.end()
} finally {
  removeCluster(cluster)
}
