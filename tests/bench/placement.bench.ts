/**
 * "Suggest N cameras" at city scale and its quality on small instances.
 * (a) The demo district generated with 20,000 cameras and 1,000,000 incidents (the same
 *     generate-demo call as coverage.bench.ts): all 20,000 cameras taken as candidate poses,
 *     no existing network (every incident is uncovered), default weights, observe level, 50
 *     suggestions, no spacing; then a stress case with every camera's range 4× (about 10M set
 *     entries). Baseline: plain greedy (every marginal gain recomputed at every step) on the
 *     same sets; its steps all cost one pass over the sets, so 10 (5) are timed and scaled to 50.
 * (b) 200 seeded random instances (10–16 candidates, 20–60 elements, n 2–5) against the exact
 *     optimum of exactBest.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRng } from '../../geodata/lib/prng'
import { cameraViews } from '../../src/core/camera-model'
import { RANGE_GIVEN, type CameraColumns } from '../../src/core/cameras'
import { exactBest, placeCameras, type PlacementInput } from '../../src/core/camera-placement'
import { projectPoints, viewMembers } from '../../src/core/incidents-in-view'
import { projectionForBbox } from '../../src/core/isochrones'
import { DEFAULT_PLACEMENT_WEIGHTS, incidentWeights } from '../../src/core/placement-weights'
import { pointsBbox } from '../../src/core/square-grid'
import { suggestCameras } from '../../src/core/suggest-cameras'
import { readCamerasCsv } from '../../src/io/cameras-csv'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { measure, type Row } from './harness'

const N = 50
const PLAIN_STEPS = 10

/** Plain greedy for `steps` steps: each step recomputes every candidate's marginal gain. */
function plainGreedy(input: PlacementInput, steps: number): number {
  const { sets, weight } = input
  const covered = new Uint8Array(weight.length)
  let total = 0
  for (let step = 0; step < steps; step++) {
    let best = -1, bestGain = 0
    for (let c = 0; c < sets.count; c++) {
      let g = 0
      for (let k = sets.start[c]; k < sets.start[c + 1]; k++) if (!covered[sets.items[k]]) g += weight[sets.items[k]]
      if (g > bestGain) { bestGain = g; best = c }
    }
    if (best < 0) break
    for (let k = sets.start[best]; k < sets.start[best + 1]; k++) covered[sets.items[k]] = 1
    total += bestGain
  }
  return total
}

/** A seeded random instance: sets of 1–15 distinct elements; weights 0 (1 in 5), whole 1–9 or real 0–10. */
function smallInstance(rng: ReturnType<typeof createRng>): { input: PlacementInput; n: number } {
  const candidates = rng.intBetween(10, 16), elements = rng.intBetween(20, 60)
  const lists = Array.from({ length: candidates }, () => {
    const s = new Set<number>()
    for (let k = rng.intBetween(1, 15); k > 0; k--) s.add(rng.int(elements))
    return [...s].sort((a, b) => a - b)
  })
  const start = Uint32Array.from([0, ...lists.map((l, c) => lists.slice(0, c + 1).reduce((a, x) => a + x.length, 0))])
  const weight = Float64Array.from({ length: elements }, () => (rng.chance(0.2) ? 0 : rng.chance(0.5) ? rng.intBetween(1, 9) : rng.range(0, 10)))
  return { input: { sets: { count: candidates, start, items: Uint32Array.from(lists.flat()) }, weight }, n: rng.intBetween(2, 5) }
}

export async function run(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pingan-placement-'))
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'geodata/generate-demo.ts', '--incidents', '1000000', '--cameras', '20000', '--buildings', '20000', '--out', dir], { stdio: 'ignore' })
    const read = (f: string) => readFileSync(join(dir, f))
    const { cameras } = readCamerasCsv(read('cameras.csv').toString())
    const { columns: inc } = readIncidentsCsv(read('incidents.csv'))
    const rows: Row[] = []

    // what suggestCameras builds (no existing network, default weights, its default projection),
    // built here once more for the plain greedy and placeCameras alone
    const proj = projectionForBbox(pointsBbox(inc.lon, inc.lat, inc.count)!)
    const { x, y } = projectPoints(proj, inc.lon, inc.lat, inc.count)
    const weight = incidentWeights(inc, DEFAULT_PLACEMENT_WEIGHTS)
    const useful = Uint8Array.from(weight, (w) => (w > 0 ? 1 : 0))
    const inputFor = (candidates: CameraColumns): PlacementInput => {
      const poses = cameraViews(candidates, proj, 'observe')
      return { sets: viewMembers(poses, x, y, inc.count, { keep: useful }), weight, x: poses.x, y: poses.y }
    }
    // The demo's sets are sparse (a camera sees a few dozen incidents). For the ~10M entries the
    // target names, a stress case gives every camera 4× its observe range (RANGE_GIVEN).
    const stress: CameraColumns = {
      ...cameras,
      range: Float32Array.from(cameraViews(cameras, proj, 'observe').range, (r) => 4 * r),
      rangeSource: new Uint8Array(cameras.count).fill(RANGE_GIVEN),
    }
    const size = `${cameras.count.toLocaleString('en')} poses × ${inc.count.toLocaleString('en')} incidents`
    for (const [label, candidates, steps] of [['observe', cameras, 10], ['stress, 4× range', stress, 5]] as const) {
      const input = inputFor(candidates)
      const plain = `plain greedy, ${label}: all marginals every step (${steps} steps, ×${N / steps})`
      const base = measure(plain, cameras.count, () => plainGreedy(input, steps), { runs: 3, note: () => `${input.sets.items.length.toLocaleString('en')} set entries` })
      base.medianMs *= N / steps
      rows.push(base)
      rows.push(measure(`placeCameras ${N}, ${label}: same sets`, cameras.count, () => placeCameras(input, { n: N }), {
        baseline: plain, runs: 3,
        note: (r) => `greedy ${r.ms.greedy.toFixed(0)} ms (${r.evaluations.toLocaleString('en')} evaluations vs ${(N * cameras.count).toLocaleString('en')} plain), ` +
          `swap ${r.ms.swap.toFixed(0)} (${r.swaps} swaps), bound ${r.ms.bound.toFixed(0)}`,
      }))
      rows.push(measure(`suggestCameras ${N}, ${label}: ${size} (total)`, inc.count, () => suggestCameras(
        { incidents: inc, cameras: null, candidates },
        { n: N, level: 'observe', minSpacing: 0, weights: DEFAULT_PLACEMENT_WEIGHTS },
      ), {
        baseline: plain, runs: 3,
        note: (r) => `sets ${r.ms.sets.toFixed(0)} ms, greedy ${r.ms.greedy.toFixed(0)}, swap ${r.ms.swap.toFixed(0)}, bound ${r.ms.bound.toFixed(0)}; ` +
          `total/bound = ${r.ratio.toFixed(4)} (greedy ${(r.greedyTotal / r.upperBound).toFixed(4)}); ${r.incidentsCovered.toLocaleString('en')} incidents newly covered`,
      }))
    }

    // (b) quality against the exact optimum
    const rng = createRng(20240607, 'placement-quality')
    const cases = Array.from({ length: 200 }, () => smallInstance(rng))
    const exact = 'exactBest (branch and bound): 200 small instances'
    let optima: number[] = []
    rows.push(measure(exact, cases.length, () => (optima = cases.map((c) => exactBest(c.input, c.n).total)), { runs: 3 }))
    rows.push(measure('placeCameras on the same 200 (quality: total/exact)', cases.length, () => cases.map((c) => placeCameras(c.input, { n: c.n })), {
      baseline: exact, runs: 3,
      note: (rs) => {
        const q = rs.map((r, i) => (optima[i] === 0 ? 1 : r.total / optima[i]))
        const g = rs.map((r, i) => (optima[i] === 0 ? 1 : r.greedyTotal / optima[i]))
        const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length
        return `mean ${mean(q).toFixed(4)}, min ${Math.min(...q).toFixed(4)}, optimal ${q.filter((v) => v > 1 - 1e-9).length}/200; ` +
          `greedy alone mean ${mean(g).toFixed(4)}, min ${Math.min(...g).toFixed(4)}; bound 1 − 1/e = ${(1 - 1 / Math.E).toFixed(4)}`
      },
    }))
    return rows
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
