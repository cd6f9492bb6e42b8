/**
 * Which incidents a click on the map stands for: those near a point (a dot in points mode),
 * those in a Gi* grid cell, or a CPU-filtered layer's own rows (a hexagon's points, which the
 * layer numbers among the rows the filter keeps). Rows found here; their words are read by
 * inspectedRecords on the page, for the few rows shown.
 */
import { CATEGORIES, packedString, type Category, type IncidentColumns } from './incidents'
import { EARTH_RADIUS_M } from './local-projection'
import { cellOfPoints, type SquareGrid } from './square-grid'

/** Rows a popup lists: more are counted ("and N more"), not listed. */
export const INSPECT_CAP = 20

export type InspectWhere =
  | { kind: 'near'; lon: number; lat: number; radiusM: number }
  | { kind: 'cell'; grid: SquareGrid; cell: number }
  /** positions among the rows the filter keeps, in row order (a CPU-filtered layer's indices) */
  | { kind: 'kept'; indices: readonly number[] }

export interface InspectRows {
  /** incidents there under the filter */
  total: number
  /** the first `cap` of them: nearest first for 'near', else newest first */
  rows: Uint32Array
}

interface Located { count: number; lon: Float64Array; lat: Float64Array; time: Float64Array }

const RAD = Math.PI / 180

/** Incidents at `where` that `keep` keeps (all when absent), the first `cap` of them ordered. */
export function inspectRows(inc: Located, where: InspectWhere, keep: Uint8Array | undefined, cap = INSPECT_CAP): InspectRows {
  const found: number[] = []
  let distance: Map<number, number> | null = null
  if (where.kind === 'near') {
    // equirectangular metres: exact enough over a few pixels of map
    const kx = Math.cos(where.lat * RAD) * RAD * EARTH_RADIUS_M, ky = RAD * EARTH_RADIUS_M
    const r2 = where.radiusM * where.radiusM
    distance = new Map()
    for (let i = 0; i < inc.count; i++) {
      if (keep && !keep[i]) continue
      const dx = (inc.lon[i] - where.lon) * kx, dy = (inc.lat[i] - where.lat) * ky
      const d2 = dx * dx + dy * dy
      if (d2 <= r2) { found.push(i); distance.set(i, d2) }
    }
  } else if (where.kind === 'cell') {
    const cells = cellOfPoints(where.grid, inc.lon, inc.lat, inc.count)
    for (let i = 0; i < inc.count; i++) if ((!keep || keep[i]) && cells[i] === where.cell) found.push(i)
  } else {
    const wanted = new Set(where.indices)
    for (let i = 0, k = 0; i < inc.count; i++) {
      if (keep && !keep[i]) continue
      if (wanted.has(k++)) found.push(i)
    }
  }
  const newest = (a: number, b: number) => inc.time[b] - inc.time[a] || a - b
  found.sort(distance ? (a, b) => distance.get(a)! - distance.get(b)! || newest(a, b) : newest)
  return { total: found.length, rows: Uint32Array.from(found.slice(0, Math.max(0, cap))) }
}

export interface InspectedIncident {
  row: number
  id: string
  time: number
  category: Category
  /** the subtype as the file writes it (a code such as `fight`, or the district's own words) */
  subtype: string
  address: string
}

/** The listed rows' fields, read from the page's columns (ids and words never go to the worker). */
export function inspectedRecords(inc: IncidentColumns, rows: ArrayLike<number>): InspectedIncident[] {
  return Array.from(rows, (row) => ({
    row,
    id: packedString(inc.id, row),
    time: inc.time[row],
    category: CATEGORIES[inc.category[row]] ?? 'other',
    subtype: inc.subtypes[inc.subtype[row]] ?? '',
    address: packedString(inc.address, row),
  }))
}
