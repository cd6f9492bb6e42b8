/**
 * The analytics core on a district's years of incidents: 1,000,000 incidents joined into
 * 10,000 compounds (a Voronoi partition of the demo district's extent) plus its 7 streets,
 * against the naive loop of @turf/boolean-point-in-polygon over all areas; then the safety
 * index, Gi* on 40,000 cells, kernel density and time profiles; then the peak memory of a
 * fresh process that streams a 1,000,000-row CSV from disk and runs all of it.
 */
import { execFileSync } from 'node:child_process'
import { buildSync } from 'esbuild'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import type { FeatureCollection, Polygon, MultiPolygon } from 'geojson'
import { areaSafetyIndex } from '../../src/core/area-safety'
import { areasFromGeoJson } from '../../src/core/areas'
import { giStar } from '../../src/core/getis-ord'
import { kernelDensity } from '../../src/core/kernel-density'
import { monthPeriod } from '../../src/core/periods'
import { buildAreaIndex, joinPoints } from '../../src/core/spatial-join'
import { gridOverBbox, cellOfPoints, countPerCell } from '../../src/core/square-grid'
import { timeProfile } from '../../src/core/time-profile'
import { measure, type Row } from './harness'
import { makeIncidentsCsv } from './make-incidents-csv'
import { randomIncidents, voronoiAreas, type Bbox } from './synthetic-areas'

const N = Number(process.env.BENCH_JOIN_N ?? 1_000_000)
const COMPOUNDS = 10_000
const NAIVE_SAMPLE = 2_000

export async function run(): Promise<Row[]> {
  const streetsFc = JSON.parse(readFileSync('geodata/demo/streets.geojson', 'utf8')) as FeatureCollection<Polygon | MultiPolygon>
  const streets = areasFromGeoJson(streetsFc).areas
  const b = streets.bbox
  let bbox: Bbox = [Infinity, Infinity, -Infinity, -Infinity]
  for (let a = 0; a < streets.count; a++) {
    bbox = [Math.min(bbox[0], b[4 * a]), Math.min(bbox[1], b[4 * a + 1]), Math.max(bbox[2], b[4 * a + 2]), Math.max(bbox[3], b[4 * a + 3])]
  }
  const compoundsFc = voronoiAreas(COMPOUNDS, bbox, 7)
  const compounds = areasFromGeoJson(compoundsFc).areas
  const inc = randomIncidents(N, bbox, 11)
  const rows: Row[] = []

  // naive: every point against every area with turf, first hit wins; measured on a sample
  const baseline = `naive turf loop (${NAIVE_SAMPLE.toLocaleString('en')} points, ×${N / NAIVE_SAMPLE})`
  const naive = measure(baseline, N, () => {
    let hits = 0
    for (let i = 0; i < NAIVE_SAMPLE; i++) {
      const pt = [inc.lon[i], inc.lat[i]]
      for (const f of compoundsFc.features) if (booleanPointInPolygon(pt, f)) { hits++; break }
      for (const f of streetsFc.features) if (booleanPointInPolygon(pt, f)) { hits++; break }
    }
    return hits
  }, { runs: 3, note: (h) => `${h} hits in the sample; time scaled to ${N.toLocaleString('en')} points` })
  naive.medianMs *= N / NAIVE_SAMPLE
  rows.push(naive)

  rows.push(measure('index build: 10,000 compounds + 7 streets', COMPOUNDS + streets.count,
    () => [buildAreaIndex(compounds), buildAreaIndex(streets)], { runs: 5 }))
  const ci = buildAreaIndex(compounds), si = buildAreaIndex(streets)
  let assignC: Int32Array = new Int32Array(0), assignS: Int32Array = new Int32Array(0)
  rows.push(measure('join: 1M incidents → 10,000 compounds + 7 streets', N, () => {
    assignC = joinPoints(ci, inc.lon, inc.lat, N)
    assignS = joinPoints(si, inc.lon, inc.lat, N)
    return null
  }, { baseline, runs: 5, note: () => `${assignC.filter((a) => a >= 0).length} in a compound, ${assignS.filter((a) => a >= 0).length} in a street` }))
  // agreement with the naive result on the sample, so the speed is not bought with errors
  let agree = 0
  for (let i = 0; i < NAIVE_SAMPLE; i++) {
    const pt = [inc.lon[i], inc.lat[i]]
    const k = compoundsFc.features.findIndex((f) => booleanPointInPolygon(pt, f))
    if (k === assignC[i]) agree++
  }
  const joinRow = rows[rows.length - 1]
  joinRow.note = `${(naive.medianMs / joinRow.medianMs).toFixed(0)}× the naive loop; ${joinRow.note}; agrees with turf on ${agree}/${NAIVE_SAMPLE} sampled points`

  const period = monthPeriod(2024, 6)
  rows.push(measure('safety index: 10,000 compounds, month + 环比 + 同比', N, () => areaSafetyIndex({
    assign: assignC, category: inc.category, time: inc.time, count: N, population: compounds.population, period,
  }), { runs: 5 }))
  rows.push(measure('time profile: 10,000 compounds × 168 h + months', N,
    () => timeProfile(assignC, inc.time, N, compounds.count), { runs: 3 }))

  const grid = gridOverBbox(bbox, 100)
  const gi = gridOverBbox([bbox[0], bbox[1], bbox[0] + (bbox[2] - bbox[0]) * 0.999, bbox[3]], 250)
  const cells = cellOfPoints(gi, inc.lon, inc.lat, N)
  // a 200 × 200 grid: 40,000 cells of 250 m, counts from the incidents
  const g200 = { ...gi, cols: 200, rows: 200 }
  const counts200 = new Float64Array(40_000)
  const c0 = countPerCell(gi, cells, N)
  for (let r = 0; r < 200; r++) for (let c = 0; c < 200; c++) counts200[r * 200 + c] = c0[(r % gi.rows) * gi.cols + (c % gi.cols)]
  rows.push(measure('Gi*: 40,000 cells, band 500 m (13 neighbours)', 40_000, () => giStar(g200, counts200, { band: 500 }), { runs: 5 }))
  rows.push(measure('Gi*: 40,000 cells, band 1,000 m (49 neighbours)', 40_000, () => giStar(g200, counts200, { band: 1000 }), { runs: 5 }))
  rows.push(measure(`KDE: 1M incidents, h 300 m, ${grid.cols}×${grid.rows} cells of 100 m`, N,
    () => kernelDensity(grid, inc.lon, inc.lat, N, { bandwidth: 300 }), { runs: 3 }))

  rows.push(memoryRow())
  return rows
}

/**
 * A fresh process: stream 1M rows from disk, join, index, Gi*, profile; its peak RSS. The
 * child is bundled to plain JavaScript first, so its memory is the pipeline's and Node's, not
 * a TypeScript loader's.
 */
function memoryRow(): Row {
  const dir = mkdtempSync(join(tmpdir(), 'pingan-bench-'))
  try {
    const csv = join(dir, 'incidents.csv')
    writeFileSync(csv, makeIncidentsCsv(N, 3))
    const script = join(dir, 'analytics-memory.mjs')
    buildSync({ entryPoints: ['tests/bench/analytics-memory.ts'], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'error' })
    const out = execFileSync(process.execPath, [script, csv], { encoding: 'utf8' })
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { startRssMB: number; peakRssMB: number; ms: number; count: number }
    return {
      name: 'peak memory: 1M-row CSV → columns → join, index, Gi*, profile (fresh process)',
      n: r.count, medianMs: r.ms, peakRssMB: r.peakRssMB,
      note: `process RSS ${r.startRssMB.toFixed(0)} MB before the data, peak ${r.peakRssMB.toFixed(0)} MB (+${(r.peakRssMB - r.startRssMB).toFixed(0)} MB); one run`,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
