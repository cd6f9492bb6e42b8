/**
 * Space-time cube of incident counts (the input of emerging hot spot analysis): square cells
 * of the analysis grid (square-grid.ts, in the local projection) × calendar steps, weeks
 * starting on Monday or months, in Asia/Shanghai local time (periods.ts).
 *
 * Extent, as ArcGIS's Create Space Time Cube By Aggregating Points builds it:
 * - cells: every grid cell holding at least one counted incident over the whole period;
 *   cells that never see one are not part of the cube (not zeros);
 * - steps: every week or month from the one holding the first counted incident to the one
 *   holding the last, empty steps included (they are zeros).
 * Incidents without coordinates or time are not counted (`skipped`). An incident with an
 * uncertain time (a window [time, timeTo), aoristic.ts) is spread over the steps its window
 * overlaps, in proportion; the steps then run to the last window's end.
 */
import { spreadOverBins, windowEndOf } from './aoristic'
import { formatLocalDate, localMonthKey, localWeekday, monthBoundaries, monthIndex, SHANGHAI_OFFSET_MS } from './periods'
import { cellOfPoints, gridOverBbox, type SquareGrid } from './square-grid'

export type CubeStep = 'week' | 'month'

const DAY_MS = 86_400_000

export interface SpaceTimeCube {
  grid: SquareGrid
  step: CubeStep
  /** grid index (row · cols + col) of each cube cell, ascending */
  cells: Int32Array
  /** step boundaries, epoch ms, length steps + 1: step t is [bounds[t], bounds[t + 1]) */
  bounds: Float64Array
  steps: number
  /** incidents per bin, cell-major: counts[c · steps + t] */
  counts: Float64Array
  /** first and last counted incident, epoch ms: where the data really start and end inside the first and last steps */
  timeRange: [number, number]
  /** incidents counted */
  counted: number
  /** of them, incidents spread over their time window */
  spread: number
  /** kept incidents left out for a missing coordinate or time */
  skipped: number
}

export interface CubeOptions {
  /** cell side, metres */
  cell: number
  step: CubeStep
  /** rows to count (category / period / app filter); all when absent */
  keep?: Uint8Array
  /** window ends of uncertain times (IncidentColumns.timeTo) */
  timeTo?: Float64Array
}

/** Local day number (days since 1970-01-01 local) of the Monday starting t's week. */
function mondayDay(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS) - localWeekday(t)
}

/** Step number of instant t on a calendar of weeks or months (consecutive integers). */
function stepNumber(step: CubeStep, t: number): number {
  return step === 'week' ? mondayDay(t) / 7 : monthIndex(t)
}

/** Start instants of steps first..last (inclusive step numbers) and the end of the last. */
function stepBounds(step: CubeStep, tMin: number, tMax: number): Float64Array {
  if (step === 'month') return monthBoundaries(tMin, tMax + 1)
  const first = mondayDay(tMin), last = mondayDay(tMax)
  const out = new Float64Array((last - first) / 7 + 2)
  for (let i = 0; i < out.length; i++) out[i] = (first + 7 * i) * DAY_MS - SHANGHAI_OFFSET_MS
  return out
}

/**
 * Whole local days of the final step that the data do not reach (0 when the last counted
 * incident falls on the step's last day). A final step cut short holds fewer incidents for
 * want of data, not of crime, and the patterns read the final step most closely (new,
 * consecutive, historical…); callers warn about it.
 */
export function finalStepDaysMissing(cube: Pick<SpaceTimeCube, 'bounds' | 'steps' | 'timeRange'>): number {
  const localDay = (t: number) => Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS)
  return Math.max(0, localDay(cube.bounds[cube.steps] - 1) - localDay(cube.timeRange[1]))
}

/** The step's label in outputs: the Monday as YYYY-MM-DD, or the month as YYYY-MM. */
export function stepLabel(cube: Pick<SpaceTimeCube, 'step' | 'bounds'>, t: number): string {
  return cube.step === 'week' ? formatLocalDate(cube.bounds[t]) : localMonthKey(cube.bounds[t])
}

export function buildCube(
  lon: Float64Array, lat: Float64Array, time: Float64Array, count: number, opts: CubeOptions,
): SpaceTimeCube {
  const { keep, step } = opts
  // Rows that can be placed in space and time; the bbox and the step range come from them only.
  const usable = new Uint8Array(count)
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity, tMin = Infinity, tMax = -Infinity
  let skipped = 0
  for (let i = 0; i < count; i++) {
    if (keep && !keep[i]) continue
    const x = lon[i], y = lat[i], t = time[i]
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(t))) { skipped++; continue }
    usable[i] = 1
    if (x < minLon) minLon = x
    if (x > maxLon) maxLon = x
    if (y < minLat) minLat = y
    if (y > maxLat) maxLat = y
    if (t < tMin) tMin = t
    // a window's last instant, so that the steps hold all of it
    const end = windowEndOf(time, opts.timeTo, i)
    const last = Number.isNaN(end) ? t : end - 1
    if (last > tMax) tMax = last
  }
  if (!(tMin <= tMax)) throw new Error('no incidents with coordinates and a time to build a space-time cube from')
  const grid = gridOverBbox([minLon, minLat, maxLon, maxLat], opts.cell)
  const bounds = stepBounds(step, tMin, tMax)
  const steps = bounds.length - 1
  const first = stepNumber(step, tMin)

  const gridCell = cellOfPoints(grid, lon, lat, count)
  const stepOf = new Int32Array(count)
  const occupied = new Uint8Array(grid.cols * grid.rows)
  for (let i = 0; i < count; i++) {
    if (!usable[i]) continue
    // Cannot happen for a grid over these very points; kept so a bad cell never indexes -1.
    if (gridCell[i] < 0) { usable[i] = 0; skipped++; continue }
    stepOf[i] = stepNumber(step, time[i]) - first
    occupied[gridCell[i]] = 1
  }
  let nCells = 0
  for (let g = 0; g < occupied.length; g++) nCells += occupied[g]
  const cells = new Int32Array(nCells)
  const cubeIndex = new Int32Array(occupied.length).fill(-1)
  for (let g = 0, c = 0; g < occupied.length; g++) if (occupied[g]) { cells[c] = g; cubeIndex[g] = c++ }

  const counts = new Float64Array(nCells * steps)
  let counted = 0, spread = 0
  for (let i = 0; i < count; i++) {
    if (!usable[i]) continue
    const row = cubeIndex[gridCell[i]] * steps
    const end = windowEndOf(time, opts.timeTo, i)
    if (Number.isNaN(end)) counts[row + stepOf[i]] += 1
    else {
      spreadOverBins(time[i], end, bounds, (k, w) => { counts[row + k] += w })
      spread++
    }
    counted++
  }
  return { grid, step, cells, bounds, steps, counts, timeRange: [tMin, tMax], counted, spread, skipped }
}
