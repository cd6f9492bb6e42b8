import { gridHotspots } from '../../core/grid-hotspots'
import { HOTSPOT_CLASS_NAMES, type HotspotClass } from '../../core/getis-ord'
import { hotspotAccuracy, topCells } from '../../core/hotspot-accuracy'
import { kernelDensity } from '../../core/kernel-density'
import { formatLocalDate } from '../../core/periods'
import { buildAreaIndex } from '../../core/spatial-join'
import { cellCentreLonLat, cellCentreX, cellCentreY, cellOfPoints, countPerCell } from '../../core/square-grid'
import {
  CliError, areasFromFlags, categoryKeep, incidentsFromFlags, parseNumberFlag, parsePeriod, periodKeep, requireFlag, round,
  significant, writeCsv,
} from '../cli-io'
import type { Command } from '../command'
import { ID_FIELD_FLAGS, INCIDENTS_FLAG, periodFlags, periodFromFlags, READING_FLAGS } from '../flag-groups'
import { phase } from '../timings'

export const hotspotsCommand: Command = {
  name: 'hotspots',
  summary: 'Getis-Ord Gi* hotspots on a square grid (fixed distance band), optional kernel density and PAI.',
  flags: [
    INCIDENTS_FLAG,
    { name: 'out', type: 'string', arg: 'FILE', required: true, desc: 'output CSV, one row per grid cell' },
    { name: 'cell', type: 'string', arg: 'METRES', desc: 'cell side (default 250)' },
    { name: 'band', type: 'string', arg: 'METRES', desc: 'fixed distance band: cells whose centres lie within it are neighbours, the cell itself included (default 500)' },
    { name: 'areas', type: 'string', arg: 'FILE', desc: 'restrict the grid to cells whose centre lies in these areas (the district); the grid then covers their extent' },
    { name: 'fdr', type: 'boolean', desc: 'false discovery rate correction (Benjamini–Hochberg per confidence level, as ArcGIS applies it)' },
    { name: 'category', type: 'string', arg: 'CAT,...', desc: 'count only these categories (criminal,public_order,fire,problem,other)' },
    ...periodFlags(),
    { name: 'kde', type: 'string', arg: 'FILE', desc: 'also write the kernel density surface: id,x,y,lon,lat,density (incidents per km²)' },
    { name: 'bandwidth', type: 'string', arg: 'METRES', desc: 'kernel bandwidth for --kde (default: the band)' },
    { name: 'evaluate-from', type: 'string', arg: 'YYYY-MM-DD', desc: 'with --evaluate-to: measure how well the top cells of [from,to) predict this next period (PAI, recapture)' },
    { name: 'evaluate-to', type: 'string', arg: 'YYYY-MM-DD', desc: 'end of the evaluation period, exclusive' },
    { name: 'top', type: 'string', arg: 'PERCENT', desc: 'share of study-area cells taken as hotspots for the evaluation (default 5)' },
    ...ID_FIELD_FLAGS,
    ...READING_FLAGS,
  ],
  notes: `
Projection: x,y are metres in a local equirectangular projection: x = (lon − lon0)·kx,
y = (lat − lat0)·ky, ky = π·R/180, kx = ky·cos(φm), R = 6,371,008.8 m, where (lon0, lat0) is
the south-west corner of the grid's extent (the incidents' or the areas' bounding box) and φm
its middle latitude. Against great-circle distances: within 0.1% up to about 8 km north or
south of φm and 0.2% up to 15 km; north-south distances are exact.

Grid: cell i = row·cols + col, row 0 in the south; cells are squares of --cell metres from
the south-west corner; x,y,lon,lat are cell centres.

Gi* (Getis & Ord 1995, as ArcGIS Hot Spot Analysis reports it), binary weights w_ij = 1
when the centres of i and j are within --band (w_ii = 1):
  z_i = (Σ_j w_ij·x_j − X̄·Σ_j w_ij) / (S·√((n·Σ_j w_ij² − (Σ_j w_ij)²)/(n − 1)))
  X̄ = Σx/n, S = √(Σx²/n − X̄²), n = cells in the study area, x = incident count per cell.
p is two-sided from the standard normal. class: hot_99/hot_95/hot_90 (p < 0.01/0.05/0.10,
z > 0), cold_* likewise, else not_significant.

Output: id,x,y,lon,lat,count,z,p,class for every cell of the grid (cells outside --areas
have count 0 and empty z and p).

Kernel density: quartic kernel K(d) = 3/(π·h²)·(1 − d²/h²)² for d < h, evaluated exactly for
every incident at every cell centre, in incidents per km².

Evaluation: the top --top % of cells by count in [from,to) are the hotspots. Hit rate =
share of the next period's incidents inside them; PAI = hit rate / area share (Chainey 2008);
RRI, the recapture rate index = (n_next/n_now in hotspots) / (N_next/N_now) (Levine 2008).`,
  run(v, log) {
    const cell = parseNumberFlag('cell', v.cell as string | undefined, 250)
    const band = parseNumberFlag('band', v.band as string | undefined, 500)
    const out = requireFlag('out', v.out as string)
    const period = periodFromFlags(v)
    const next = parsePeriod(v['evaluate-from'] as string | undefined, v['evaluate-to'] as string | undefined)
    if (next && !period) throw new CliError('--evaluate-from/--evaluate-to need --from/--to (the period whose hotspots are evaluated)', 2)
    const topShare = parseNumberFlag('top', v.top as string | undefined, 5) / 100
    if (topShare > 1) throw new CliError('--top is a percentage of cells, at most 100', 2)
    const areas = v.areas ? buildAreaIndex(areasFromFlags(v, log)) : undefined
    phase('read areas + index')
    const inc = incidentsFromFlags(v, log)
    phase('read incidents')
    const byCategory = categoryKeep(v.category as string | undefined, inc)
    const keep = periodKeep(inc, period, byCategory)
    let h
    try {
      h = gridHotspots(inc.lon, inc.lat, inc.count, { cell, band, fdr: v.fdr === true, keep, areas })
    } catch (err) {
      throw new CliError((err as Error).message, 2)
    }
    phase('Gi*')
    const { grid } = h
    const cells = grid.cols * grid.rows
    const rows: (string | number | null)[][] = []
    const tally = new Map<string, number>()
    for (let i = 0; i < cells; i++) {
      const [lon, lat] = cellCentreLonLat(grid, i)
      const cls = h.mask[i] ? HOTSPOT_CLASS_NAMES[h.classes[i] as HotspotClass] : ''
      if (cls) tally.set(cls, (tally.get(cls) ?? 0) + 1)
      rows.push([i, round(cellCentreX(grid, i), 1), round(cellCentreY(grid, i), 1), round(lon, 7), round(lat, 7),
        h.counts[i], round(h.z[i], 6), significant(h.p[i], 6), cls])
    }
    writeCsv(out, ['id', 'x', 'y', 'lon', 'lat', 'count', 'z', 'p', 'class'], rows)
    phase('write')
    log.info(`${out}: ${grid.cols}×${grid.rows} cells of ${cell} m, ${h.n} in the study area, band ${band} m${v.fdr ? ', FDR' : ''}`)
    const km = (n: number) => ((n * cell) / 1000).toFixed(0)
    if (!areas && (grid.cols * cell > 100_000 || grid.rows * cell > 100_000)) {
      log.warn(`${out}: the incidents span ${km(grid.cols)} × ${km(grid.rows)} km: some coordinates may be placeholders or typos far from the district; --areas restricts the grid to it`)
    }
    log.info(`${out}: ${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')}`)

    if (v.kde) {
      const bandwidth = parseNumberFlag('bandwidth', v.bandwidth as string | undefined, band)
      const density = kernelDensity(grid, inc.lon, inc.lat, inc.count, { bandwidth, keep })
      const kdeRows: (string | number | null)[][] = []
      for (let i = 0; i < cells; i++) {
        if (!h.mask[i]) continue
        const [lon, lat] = cellCentreLonLat(grid, i)
        kdeRows.push([i, round(cellCentreX(grid, i), 1), round(cellCentreY(grid, i), 1), round(lon, 7), round(lat, 7), round(density[i], 4)])
      }
      writeCsv(v.kde as string, ['id', 'x', 'y', 'lon', 'lat', 'density'], kdeRows)
      log.info(`${v.kde}: quartic kernel density, bandwidth ${bandwidth} m, incidents per km²`)
    }

    if (next && period) {
      const nextKeep = periodKeep(inc, next, byCategory)
      const countsNext = countPerCell(grid, cellOfPoints(grid, inc.lon, inc.lat, inc.count), inc.count, nextKeep)
      for (let i = 0; i < cells; i++) if (!h.mask[i]) countsNext[i] = 0
      const selected = topCells(h.counts, topShare, h.mask)
      const a = hotspotAccuracy(h.counts, countsNext, selected, h.mask)
      process.stdout.write([
        `hotspots of ${formatLocalDate(period.from)} – ${formatLocalDate(period.to)} predicting ${formatLocalDate(next.from)} – ${formatLocalDate(next.to)}:`,
        `  top cells      ${a.cells} (${(a.areaShare * 100).toFixed(2)}% of the study area)`,
        `  hit rate       ${(a.hitRate * 100).toFixed(2)}% of the next period's incidents`,
        `  PAI            ${a.pai.toFixed(2)}`,
        `  recaptured     ${a.recaptured}`,
        `  RRI            ${a.rri.toFixed(3)}`,
        '',
      ].join('\n'))
    }
  },
}
