import { emergingHotspots, PATTERN_NAMES, type Alpha } from '../../core/emerging-hotspots'
import { formatLocalDate } from '../../core/periods'
import { finalStepDaysMissing, stepLabel, type CubeStep } from '../../core/space-time-cube'
import { cellCentreLonLat, cellCentreX, cellCentreY } from '../../core/square-grid'
import {
  CliError, categoryKeep, incidentsFromFlags, parseNumberFlag, periodKeep, requireFlag, round, significant, writeCsv,
} from '../cli-io'
import type { Command } from '../command'
import { INCIDENTS_FLAG, periodFlags, periodFromFlags, READING_FLAGS } from '../flag-groups'
import { phase } from '../timings'

const ALPHAS: readonly Alpha[] = [0.1, 0.05, 0.01]

export const emergingCommand: Command = {
  name: 'emerging',
  summary: 'Emerging hot spot analysis: space-time Gi* on a cube of cells × weeks or months, Mann–Kendall trend, ArcGIS patterns.',
  flags: [
    INCIDENTS_FLAG,
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV, one row per cell of the cube: id,x,y,lon,lat,pattern,trend_z,trend_p' },
    { name: 'bins-out', type: 'string', arg: 'FILE', desc: 'also write one row per bin (cell × step): id,step,count,z,p' },
    { name: 'cell', type: 'string', arg: 'METRES', desc: 'cell side (default 250)' },
    { name: 'step', type: 'string', arg: 'week|month', desc: 'time step: calendar weeks from Monday or calendar months, Asia/Shanghai (default month)' },
    { name: 'band', type: 'string', arg: 'METRES', desc: 'neighbourhood distance: cells whose centres lie within it, the cell itself included (default 500)' },
    { name: 'k', type: 'string', arg: 'STEPS', desc: 'neighbourhood time: the bin\'s step and the k steps before it (default 1)' },
    { name: 'alpha', type: 'string', arg: '0.1|0.05|0.01', desc: 'significance level of the bins and of the trend (default 0.05)' },
    { name: 'fdr', type: 'boolean', desc: 'false discovery rate correction of the bins (Benjamini–Hochberg over all bins, as ArcGIS Pro applies it)' },
    { name: 'category', type: 'string', arg: 'CAT,...', desc: 'count only these categories (criminal,public_order,fire,problem,other)' },
    ...periodFlags(),
    ...READING_FLAGS,
  ],
  notes: `
Cube (as ArcGIS's Create Space Time Cube By Aggregating Points): square cells of --cell
metres in the local projection (as the hotspots command: x = (lon − lon0)·kx, y = (lat −
lat0)·ky from the south-west corner of the counted incidents; cell i = row·cols + col, row 0
in the south; x,y,lon,lat are cell centres) × steps, calendar weeks (Monday 00:00) or months
in Asia/Shanghai time. The cube holds every cell with at least one counted incident over the
whole period and every step from the first counted incident's to the last one's, empty
steps included. count = incidents in the bin. An incident with an uncertain time (a time_to
column, 发案时间止: the window [time, time_to)) counts in each step its window overlaps, in
proportion to the overlap (aoristic), so counts may be fractions; the steps then run to the
end of the last window.

Gi* per bin (Getis & Ord 1995), binary weights over its space-time neighbours: the cube
cells whose centres lie within --band (the cell itself included) in the bin's step and the
--k steps before it (fewer at the start):
  z = (Σ_j w_j·x_j − X̄·W) / (S·√((n·W − W²)/(n − 1))),  W = Σ_j w_j
  X̄, S = mean and population standard deviation of all n = cells × steps bins.
p is two-sided from the standard normal; where Gi* is undefined (S = 0) z = 0, p = 1.
A bin is a significant hot (cold) spot when z > 0 (< 0) and p ≤ --alpha (with --fdr: at the
Benjamini–Hochberg critical p of --alpha over all bins).

Trend: Mann–Kendall test of the cell's z series, S = Σ_{i<j} sign(z_j − z_i),
Var = (m(m−1)(2m+5) − Σ t(t−1)(2t+5))/18 over the m steps and tie groups t, trend_z =
(S − 1)/√Var for S > 0, (S + 1)/√Var for S < 0, else 0; trend_p two-sided; the trend is
significant when trend_p ≤ --alpha (no FDR).

Patterns (ArcGIS Pro, "How Emerging Hot Spot Analysis works"; "hot" = a significant hot spot
bin, 90 % = at least 0.9 × the number of steps; cold spots: swap hot and cold, and
intensifying means z falling):
  intensifying_hot_spot  hot in ≥ 90 % of the steps, the final one included, significant upward trend
  persistent_hot_spot    hot in ≥ 90 % of the steps, the final one included, no significant trend
  diminishing_hot_spot   hot in ≥ 90 % of the steps, the final one included, significant downward trend
  historical_hot_spot    hot in ≥ 90 % of the steps, but not the final one
  oscillating_hot_spot   hot in the final step, < 90 %, and a significant cold spot in an earlier step
  new_hot_spot           hot in the final step only, never hot or cold before
  consecutive_hot_spot   one uninterrupted run of ≥ 2 hot steps ending at the final step, not hot
                         before it, never cold, < 90 %
  sporadic_hot_spot      hot in the final step, < 90 %, hot on and off before, never cold
  no_pattern             none of these, hot or cold
Every cell gets exactly one pattern, tested in this order (a cell that is hot in the final
step is tested against the hot patterns, cold in the final step the cold ones). ArcGIS needs
at least 10 steps for a meaningful trend; with fewer, 90 % means every step.

A final step that the data do not cover to its last day (an export taken mid-month) holds
fewer incidents for want of data; the command warns and names the --from/--to that drop it.

Output: --out, one row per cube cell; --bins-out, one row per bin, step = the week's Monday
(YYYY-MM-DD) or the month (YYYY-MM). The pattern tally is printed on stdout.`,
  run(v, log) {
    const cell = parseNumberFlag('cell', v.cell as string | undefined, 250)
    const band = parseNumberFlag('band', v.band as string | undefined, 500)
    const k = parseNumberFlag('k', v.k as string | undefined, 1)
    if (!Number.isInteger(k) || k < 0) throw new CliError(`--k must be a whole number of steps ≥ 0 (got ${v.k})`, 2)
    const alpha = parseNumberFlag('alpha', v.alpha as string | undefined, 0.05) as Alpha
    if (!ALPHAS.includes(alpha)) throw new CliError(`--alpha must be one of ${ALPHAS.join(', ')} (got ${v.alpha})`, 2)
    const step = (v.step as string | undefined) ?? 'month'
    if (step !== 'week' && step !== 'month') throw new CliError(`--step must be week or month (got ${step})`, 2)
    const out = requireFlag('out', v.out as string)
    const period = periodFromFlags(v)
    const inc = incidentsFromFlags(v, log)
    phase('read incidents')
    const keep = periodKeep(inc, period, categoryKeep(v.category as string | undefined, inc))
    let e
    try {
      e = emergingHotspots(inc.lon, inc.lat, inc.time, inc.count, { cell, step: step as CubeStep, band, k, alpha, fdr: v.fdr === true, keep, timeTo: inc.timeTo })
    } catch (err) {
      throw new CliError((err as Error).message, 2)
    }
    phase('emerging hot spots')
    const { cube, gi } = e
    const { grid, cells, steps } = cube
    const rows: (string | number | null)[][] = []
    const tally = new Map<string, number>(PATTERN_NAMES.map((n) => [n, 0]))
    for (let c = 0; c < cells.length; c++) {
      const g = cells[c]
      const [lon, lat] = cellCentreLonLat(grid, g)
      const pattern = PATTERN_NAMES[e.patterns[c]]
      tally.set(pattern, tally.get(pattern)! + 1)
      rows.push([g, round(cellCentreX(grid, g), 1), round(cellCentreY(grid, g), 1), round(lon, 7), round(lat, 7),
        pattern, round(e.trendZ[c], 6), significant(e.trendP[c], 6)])
    }
    writeCsv(out, ['id', 'x', 'y', 'lon', 'lat', 'pattern', 'trend_z', 'trend_p'], rows)
    if (v['bins-out']) {
      const labels = Array.from({ length: steps }, (_, t) => stepLabel(cube, t))
      const bins: (string | number | null)[][] = []
      for (let c = 0; c < cells.length; c++) {
        for (let t = 0; t < steps; t++) {
          const b = c * steps + t
          bins.push([cells[c], labels[t], cube.counts[b], round(gi.z[b], 6), significant(gi.p[b], 6)])
        }
      }
      writeCsv(v['bins-out'] as string, ['id', 'step', 'count', 'z', 'p'], bins)
    }
    phase('write')
    log.info(`${out}: ${cells.length} cells of ${cell} m with incidents × ${steps} ${step}s (${stepLabel(cube, 0)} – ${stepLabel(cube, steps - 1)}), ` +
      `${cube.counted} incidents${cube.spread > 0 ? ` (${cube.spread} spread over their time window)` : ''}, band ${band} m, k ${k}, alpha ${alpha}${v.fdr ? ', FDR' : ''}`)
    if (cube.skipped > 0) log.warn(`${out}: ${cube.skipped} incidents without coordinates or time were not counted`)
    if (grid.cols * cell > 100_000 || grid.rows * cell > 100_000) {
      const km = (n: number) => ((n * cell) / 1000).toFixed(0)
      log.warn(`${out}: the incidents span ${km(grid.cols)} × ${km(grid.rows)} km: some coordinates may be placeholders or typos far from the district (--category, --from/--to or a cleaned file leave them out)`)
    }
    const missing = finalStepDaysMissing(cube)
    if (missing > 0) {
      log.warn(`${out}: the data end on ${formatLocalDate(cube.timeRange[1])}, ${missing} days before the end of the final ${step} (${stepLabel(cube, steps - 1)}): ` +
        `its counts are low for want of data and the final-step rules read that as a drop; ` +
        `--from ${formatLocalDate(cube.bounds[0])} --to ${formatLocalDate(cube.bounds[steps - 1])} ends the cube at the last whole ${step}`)
    }
    if (steps < 10) log.warn(`${out}: only ${steps} steps; the trend test and the 90 % rules need about 10 or more to mean much`)
    const width = Math.max(...PATTERN_NAMES.map((n) => n.length))
    process.stdout.write(['pattern'.padEnd(width) + '  cells', ...PATTERN_NAMES.map((n) => `${n.padEnd(width)}  ${tally.get(n)}`), ''].join('\n'))
  },
}
