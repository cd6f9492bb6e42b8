/**
 * The command line timed as a user runs it: whole processes (`node src/cli/pingan-map.mjs …`,
 * the package bin on the esbuild bundle), 1,000,000 incidents (~73 MB CSV) into 10,000 areas.
 *   - `join` against the GEOS C program of ../shared/bench/geos-join (its whole run, reading the
 *     CSV included), alternately, N runs each; counts compared area by area; where the CLI's
 *     time goes (its --timings phases, medians)
 *   - reading 1M rows into columns in this process: two threads, one thread, papaparse
 *   - `index` and `hotspots` whole processes against the naive turf loop (every point against
 *     every area with @turf/boolean-point-in-polygon, timed on a sample and scaled)
 * The GEOS rows are skipped, with a note, when ../shared/bench/geos-join is missing.
 *   npm run bench:cli      (BENCH_CLI_RUNS=5 for more runs)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import type { FeatureCollection, Polygon } from 'geojson'
import Papa from 'papaparse'
import { ensureCliBundle } from '../../src/cli/build-cli.mjs'
import { readIncidentsFileParallel } from '../../src/cli/incidents-parallel'
import { REPO_ROOT } from '../../src/cli/repo-root'
import { gc, measure, type Row } from './harness'
import { BENCH_DIR, benchFiles } from './cli-process-data'

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 3)
const GEOS_DIR = resolve(REPO_ROOT, '../shared/bench/geos-join')
const GEOS = join(GEOS_DIR, 'run')
/** where `run` compiles the C program (see its script); timed directly, without the script's untimed Python step */
const GEOS_BIN = join(process.env.TMPDIR ?? '/tmp', 'pingan-geos-join')
const BIN = join(REPO_ROOT, 'src/cli/pingan-map.mjs')
const READ_TARGET_MS = 500

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const TIME = '/usr/bin/time'
const CPU_FILE = join(BENCH_DIR, 'cpu.txt')

/**
 * A whole process: wall ms and, where /usr/bin/time exists, its CPU ms (user + system, all
 * threads and children). On a shared machine the wall time depends on the others' load; CPU
 * time much less so.
 */
function timed(cmd: string, args: string[]): { ms: number; cpuMs: number; stdout: string; stderr: string } {
  const withTime = existsSync(TIME)
  const t0 = performance.now()
  const r = withTime
    ? spawnSync(TIME, ['-f', '%U %S', '-o', CPU_FILE, cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 })
  const ms = performance.now() - t0
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`)
  const cpu = withTime ? readFileSync(CPU_FILE, 'utf8').trim().split(/\s+/).slice(-2).map(Number) : [NaN, NaN]
  return { ms, cpuMs: (cpu[0] + cpu[1]) * 1000, stdout: r.stdout, stderr: r.stderr }
}
const cpuText = (xs: number[]) => (Number.isFinite(xs[0]) ? `CPU ${median(xs).toFixed(0)} ms` : 'CPU not measured (no /usr/bin/time)')

/** `timings: start-up 41 ms, read areas 95 ms, …` → { 'start-up': 41, … } */
function phases(stderr: string): Record<string, number> {
  const line = /timings: (.*?), total/.exec(stderr)?.[1] ?? ''
  const out: Record<string, number> = {}
  for (const m of line.matchAll(/([^,]+?) (\d+) ms/g)) out[m[1].trim()] = Number(m[2])
  return out
}

function medianPhases(all: Record<string, number>[]): string {
  return Object.keys(all[0] ?? {}).map((k) => `${k} ${median(all.map((p) => p[k] ?? 0))}`).join(', ') + ' ms'
}

/** id → count from a CSV whose first two columns are id,count (the CLI's and GEOS's outputs) */
function countsById(path: string): Map<string, number> {
  const rows = readFileSync(path, 'utf8').trim().split('\n').slice(1)
  return new Map(rows.map((r) => { const [id, n] = r.split(','); return [id, Number(n)] }))
}

export async function run(): Promise<Row[]> {
  const files = benchFiles()
  const { bundle, rebuilt } = await ensureCliBundle()
  console.error(`bundle ${bundle}${rebuilt ? ' (rebuilt)' : ''}; ${(statSync(files.incidents).size / 2 ** 20).toFixed(0)} MB of incidents; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`)
  const rows: Row[] = []
  const out = (f: string) => join(BENCH_DIR, f)

  // start-up alone
  const bare: number[] = [], help: number[] = [], bareCpu: number[] = [], helpCpu: number[] = []
  for (let k = 0; k < RUNS; k++) {
    const b = timed(process.execPath, ['-e', '0']), h = timed(process.execPath, [BIN, '--help'])
    bare.push(b.ms)
    bareCpu.push(b.cpuMs)
    help.push(h.ms)
    helpCpu.push(h.cpuMs)
  }
  rows.push({ name: 'node -e 0 (a bare node process)', n: 1, medianMs: median(bare), note: cpuText(bareCpu) })
  rows.push({ name: 'CLI --help, whole process (bin → bundle)', n: 1, medianMs: median(help), baseline: 'node -e 0 (a bare node process)', note: cpuText(helpCpu) })

  // join against GEOS, alternately
  const joinArgs = ['join', '--areas', files.areas, '--incidents', files.incidents, '--out', out('join-cli.csv'), '--timings']
  const haveGeos = existsSync(GEOS)
  const cliMs: number[] = [], cliCpu: number[] = [], cliPhases: Record<string, number>[] = []
  const geosMs: number[] = [], geosWall: number[] = [], geosJoin: number[] = [], geosCpu: number[] = []
  let geosCmd: [string, string[]] = [GEOS, [files.areas, files.incidents, out('join-geos.csv')]]
  if (haveGeos) {
    timed(...geosCmd) // installs GEOS and builds the program when needed
    if (existsSync(GEOS_BIN)) {
      // the areas as id<TAB>WKT once, untimed (as `run` does), then the C program alone
      timed('/usr/bin/python3', [join(GEOS_DIR, 'areas_to_tsv.py'), files.areas, out('areas.tsv'), 'id'])
      geosCmd = [GEOS_BIN, [out('areas.tsv'), files.incidents, out('join-geos.csv')]]
    }
  } else console.error(`note: ${GEOS_DIR} is missing: the GEOS rows are skipped`)
  for (let k = 0; k < RUNS; k++) {
    const c = timed(process.execPath, [BIN, ...joinArgs])
    cliMs.push(c.ms)
    cliCpu.push(c.cpuMs)
    cliPhases.push(phases(c.stderr))
    if (haveGeos) {
      const g = timed(...geosCmd)
      const m = /geos_join_s ([\d.]+) join_s ([\d.]+)/.exec(g.stdout)
      if (!m) throw new Error(`unexpected GEOS output: ${g.stdout}`)
      geosMs.push(g.ms)
      geosJoin.push(Number(m[2]) * 1000)
      geosWall.push(Number(m[1]) * 1000)
      geosCpu.push(g.cpuMs)
    }
  }
  const geosName = `GEOS C join, whole process (${geosCmd[0] === GEOS ? 'the run script, its Python areas → WKT step included' : 'the C program'})`
  if (haveGeos) {
    rows.push({
      name: geosName, n: files.n, medianMs: median(geosMs),
      note: `${cpuText(geosCpu)}; geos_join_s (its own clock) ${median(geosWall).toFixed(0)} ms, of which join_s (prepare + STRtree + queries) ${median(geosJoin).toFixed(0)} ms`,
    })
  }
  const cli = countsById(out('join-cli.csv'))
  let note = `${cpuText(cliCpu)}${haveGeos ? ` (${(median(cliCpu) / median(geosCpu)).toFixed(2)}× GEOS's CPU)` : ''}, 2 threads while reading; phases (medians): ${medianPhases(cliPhases)}`
  if (haveGeos) {
    const geos = countsById(out('join-geos.csv'))
    let differ = 0, diffPoints = 0, total = 0
    for (const [id, n] of geos) {
      total += n
      const mine = cli.get(id)
      if (mine !== n) { differ++; diffPoints += Math.abs((mine ?? 0) - n) }
    }
    note += `; counts ${differ === 0 && cli.size === geos.size ? 'identical to GEOS' : `differ from GEOS in ${differ} of ${geos.size} areas (${diffPoints} points)`} (${total.toLocaleString('en')} points matched)`
  }
  rows.push({ name: 'CLI join, whole process (node, bin → bundle)', n: files.n, medianMs: median(cliMs), baseline: haveGeos ? geosName : undefined, note })

  // reading 1M rows in this process
  const readOne = () => readIncidentsFileParallel(files.incidents, { addresses: false, minBytes: Infinity })
  const readTwo = () => readIncidentsFileParallel(files.incidents, { addresses: false })
  // CPU of this process (both threads) per read, beside the wall-clock medians
  const cpuOf = (f: () => unknown) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000 }
  const papaName = 'read 1M rows: papaparse (decode + arrays, header:false)'
  rows.push(measure(papaName, files.n, () => Papa.parse<string[]>(readFileSync(files.incidents, 'utf8'), { skipEmptyLines: true }).data.length, { runs: RUNS }))
  const one = measure('read 1M rows: IncidentCsvReader, 1 thread', files.n, () => readOne().columns.count, { runs: RUNS, baseline: papaName })
  one.note = `CPU ${median(Array.from({ length: RUNS }, () => cpuOf(readOne))).toFixed(0)} ms`
  rows.push(one)
  const two = measure('read 1M rows: CLI reader, 2 threads', files.n, () => readTwo(), { runs: RUNS, baseline: papaName, note: (r) => `mode ${r.mode}; ${r.columns.count} rows` })
  two.note = `${two.medianMs <= READ_TARGET_MS ? 'meets' : `misses by ${(two.medianMs - READ_TARGET_MS).toFixed(0)} ms`} the ${READ_TARGET_MS} ms target; CPU ${median(Array.from({ length: RUNS }, () => cpuOf(readTwo))).toFixed(0)} ms (both threads); ${two.note}`
  rows.push(two)
  gc()

  // index and hotspots whole processes against the naive turf loop
  const areasFc = JSON.parse(readFileSync(files.areas, 'utf8')) as FeatureCollection<Polygon>
  const sample = readIncidentsFileParallel(files.incidents, { addresses: false, minBytes: Infinity }).columns
  const SAMPLE = 1000
  const naiveName = `naive turf loop: 1M points × ${files.areaCount.toLocaleString('en')} areas (${SAMPLE.toLocaleString('en')} points, scaled)`
  const naive = measure(naiveName, files.n, () => {
    let hits = 0
    for (let i = 0; i < SAMPLE; i++) {
      const pt = [sample.lon[i], sample.lat[i]]
      for (const f of areasFc.features) if (booleanPointInPolygon(pt, f)) { hits++; break }
    }
    return hits
  }, { runs: 1, note: (h) => `${h}/${SAMPLE} sampled points in an area` })
  naive.medianMs *= files.n / SAMPLE
  rows.push(naive)
  for (const [name, args] of [
    ['CLI index, whole process', ['index', '--areas', files.areas, '--incidents', files.incidents, '--out', out('index-cli.csv'), '--timings']],
    ['CLI hotspots (--areas, 250 m cells, band 500 m), whole process', ['hotspots', '--areas', files.areas, '--incidents', files.incidents, '--out', out('hotspots-cli.csv'), '--timings']],
  ] as const) {
    const ms: number[] = [], cpu: number[] = [], ph: Record<string, number>[] = []
    for (let k = 0; k < RUNS; k++) {
      const r = timed(process.execPath, [BIN, ...args])
      ms.push(r.ms)
      cpu.push(r.cpuMs)
      ph.push(phases(r.stderr))
    }
    rows.push({ name, n: files.n, medianMs: median(ms), baseline: naiveName, note: `${cpuText(cpu)}; phases (medians): ${medianPhases(ph)}` })
  }
  return rows
}
