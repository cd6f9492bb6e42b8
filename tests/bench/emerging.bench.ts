/**
 * Emerging hot spot analysis: 200,000 synthetic incidents over 24 months (2024–2025) in a
 * 12 × 10 km district, 250 m cells, band 500 m, k = 1.
 * Baselines measured in the same run:
 * - the plain Gi* of the same incidents on the same cells (gridHotspots, no time axis): what
 *   the time axis costs on top of a hotspot map;
 * - the space-time Gi* of the same cube by a naive neighbour search per bin (every cube cell's
 *   centre distance, every step of the window): what the windowed sums and the cell stencil save.
 */
import { emergingHotspots, spaceTimeGiStar } from '../../src/core/emerging-hotspots'
import { gridHotspots } from '../../src/core/grid-hotspots'
import { buildCube, type SpaceTimeCube } from '../../src/core/space-time-cube'
import { cellCentreX, cellCentreY } from '../../src/core/square-grid'
import { measure, type Row } from './harness'
import { prng } from './make-incidents-csv'

const N = 200_000
const CELL = 250, BAND = 500, K = 1

/** 70 % uniform background, 30 % in 12 Gaussian clusters (σ 300 m) whose weight grows, stays or fades over the 24 months. */
function incidents() {
  const rnd = prng(27)
  const lon = new Float64Array(N), lat = new Float64Array(N), time = new Float64Array(N)
  const t0 = Date.UTC(2024, 0, 1) - 8 * 3600_000, span = Date.UTC(2026, 0, 1) - Date.UTC(2024, 0, 1)
  const kx = 89_300, ky = 111_200 // metres per degree near 36.7° N
  const clusters = Array.from({ length: 12 }, (_, j) => ({ x: rnd() * 12_000, y: rnd() * 10_000, trend: (j % 3) - 1 }))
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())
  for (let i = 0; i < N; i++) {
    let x = rnd() * 12_000, y = rnd() * 10_000, u = rnd()
    if (rnd() < 0.3) {
      const c = clusters[Math.floor(rnd() * clusters.length)]
      x = c.x + 300 * gauss()
      y = c.y + 300 * gauss()
      // rising clusters draw their times towards the end, fading ones towards the start
      if (c.trend > 0) u = Math.sqrt(u)
      else if (c.trend < 0) u = 1 - Math.sqrt(1 - u)
    }
    lon[i] = 119.05 + x / kx
    lat[i] = 36.65 + y / ky
    time[i] = t0 + Math.floor(u * span)
  }
  return { lon, lat, time }
}

/** Gi* numerators by brute force: for each bin, every cube cell's centre distance and every step in the window. */
function naiveWindowSums(cube: SpaceTimeCube): Float64Array {
  const { cells, steps, counts, grid } = cube
  const n = cells.length
  const x = Float64Array.from(cells, (g) => cellCentreX(grid, g))
  const y = Float64Array.from(cells, (g) => cellCentreY(grid, g))
  const out = new Float64Array(n * steps)
  const b2 = BAND * BAND * (1 + 1e-9)
  for (let a = 0; a < n; a++) {
    for (let t = 0; t < steps; t++) {
      let s = 0
      for (let b = 0; b < n; b++) {
        const dx = x[a] - x[b], dy = y[a] - y[b]
        if (dx * dx + dy * dy > b2) continue
        for (let u = Math.max(0, t - K); u <= t; u++) s += counts[b * steps + u]
      }
      out[a * steps + t] = s
    }
  }
  return out
}

export async function run(): Promise<Row[]> {
  const { lon, lat, time } = incidents()
  const cube = buildCube(lon, lat, time, N, { cell: CELL, step: 'month' })
  const bins = cube.cells.length * cube.steps
  const tally = (p: Uint8Array) => {
    const m = new Map<number, number>()
    for (const v of p) m.set(v, (m.get(v) ?? 0) + 1)
    return [...m].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(' ')
  }
  return [
    measure('gridHotspots, plain Gi* (no time)', N, () => gridHotspots(lon, lat, N, { cell: CELL, band: BAND }),
      { note: (h) => `${h.n} cells` }),
    measure('emergingHotspots, 250 m × months, band 500, k 1', N, () => emergingHotspots(lon, lat, time, N, { cell: CELL, step: 'month', band: BAND, k: K }),
      { baseline: 'gridHotspots, plain Gi* (no time)', note: (e) => `${e.cube.cells.length} cells × ${e.cube.steps} steps; patterns ${tally(e.patterns)}` }),
    measure('naive neighbour search per bin (same cube)', bins, () => naiveWindowSums(cube), { runs: 1, note: () => `${bins} bins` }),
    measure('spaceTimeGiStar (same cube)', bins, () => spaceTimeGiStar(cube, BAND, K),
      { baseline: 'naive neighbour search per bin (same cube)' }),
  ]
}
