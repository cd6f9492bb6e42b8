/**
 * The server's load and counts on the whole-process benchmark's files (cli-process-data.ts:
 * 1,000,000 incidents, 10,000 Voronoi areas), against the local CLI's `join` on the same files:
 *   npx tsx tests/bench/server-load.ts
 * Starts a throw-away cluster and server, loads the areas then the incidents with
 * `pingan-map load` as whole processes, and checks that the server's counts per area are the
 * local join's output line for line. Then `join` and `index` as whole processes, on the files
 * and with --server (medians of 3), whose outputs must be the same bytes. Prints the times;
 * keeps nothing but the bench files and the last outputs.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createUser } from '../../src/server/accounts'
import { countByArea } from '../../src/server/area-counts'
import { asOwner } from '../../src/server/db'
import { startServer } from '../../src/server/server'
import { benchFiles, BENCH_DIR } from './cli-process-data'

const files = benchFiles()
const dir = mkdtempSync(join(tmpdir(), 'pingan-bench-server-'))
chmodSync(dir, 0o755)
const server = await startServer({ port: 0, dataDir: join(dir, 'pg'), env: { PINGAN_ADMIN_PASSWORD: 'bench-admin-password' }, log: () => {} })
try {
  await asOwner(server.db, async (c) => {
    await c.query("insert into districts (code, name) values ('bench', 'bench')")
    await createUser(c, 'loader', 'admin', 'loader-password')
  })
  const env = { ...process.env, PINGAN_USER: 'loader', PINGAN_PASSWORD: 'loader-password' }
  // asynchronous: the server answering these processes runs in this one
  const cli = async (...args: string[]) => {
    const t0 = performance.now()
    await promisify(execFile)(process.execPath, ['src/cli/pingan-map.mjs', ...args], { env, maxBuffer: 1 << 26 })
    return (performance.now() - t0) / 1000
  }
  const tAreas = await cli('load', '--server', server.url, '--district', 'bench', '--kind', 'areas', '--layer', 'street', files.areas)
  const tLoad = await cli('load', '--server', server.url, '--district', 'bench', '--kind', 'incidents', files.incidents)
  const tReload = await cli('load', '--server', server.url, '--district', 'bench', '--kind', 'incidents', files.incidents)
  const median3 = async (...args: string[]) => {
    const t = [await cli(...args), await cli(...args), await cli(...args)].sort((a, b) => a - b)
    return t[1]
  }
  const out = join(BENCH_DIR, 'server-bench-join.csv')
  const outServer = join(BENCH_DIR, 'server-bench-join-server.csv')
  const outIndex = join(BENCH_DIR, 'server-bench-index.csv')
  const outIndexServer = join(BENCH_DIR, 'server-bench-index-server.csv')
  const onServer = ['--server', server.url, '--district', 'bench', '--layer', 'street']
  const tJoin = await median3('join', '--areas', files.areas, '--incidents', files.incidents, '--out', out)
  const tJoinServer = await median3('join', ...onServer, '--out', outServer)
  const tIndex = await median3('index', '--areas', files.areas, '--incidents', files.incidents, '--out', outIndex)
  const tIndexServer = await median3('index', ...onServer, '--out', outIndexServer)
  const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b))
  const districtId = (await server.db.query("select id from districts where code = 'bench'")).rows[0].id
  const t0 = performance.now()
  const rows = await countByArea(server.db, { districtId, layer: 'street' })
  const tCounts = (performance.now() - t0) / 1000
  const local = readFileSync(out, 'utf8').trim().split('\n').slice(1)
  const same = rows.length === local.length && rows.every((r, i) => [r.id, r.count, ...r.byCategory].join(',') === local[i])
  const n = (await server.db.query('select count(*)::int as n from incidents where district_id = $1', [districtId])).rows[0].n
  console.log(JSON.stringify({
    incidents: n, areas: rows.length,
    'load areas (s, CLI process)': +tAreas.toFixed(2),
    'load 1M incidents (s, CLI process)': +tLoad.toFixed(2),
    'load the same 1M again (s, CLI process)': +tReload.toFixed(2),
    'counts per area, SQL (s)': +tCounts.toFixed(3),
    'join, local files (s, CLI process, median of 3)': +tJoin.toFixed(2),
    'join --server (s, CLI process, median of 3)': +tJoinServer.toFixed(2),
    'index, local files (s, CLI process, median of 3)': +tIndex.toFixed(2),
    'index --server (s, CLI process, median of 3)': +tIndexServer.toFixed(2),
    'server counts equal the local join': same,
    'join --server output = join output (bytes)': sameBytes(out, outServer),
    'index --server output = index output (bytes)': sameBytes(outIndex, outIndexServer),
  }, null, 2))
  if (!same || !sameBytes(out, outServer) || !sameBytes(outIndex, outIndexServer)) process.exitCode = 1
} finally {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
}
