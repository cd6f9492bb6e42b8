import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import { inspectedRecords, INSPECT_CAP, type InspectedIncident, type InspectWhere } from '../core/incident-inspect'
import { cellOfPoints } from '../core/square-grid'
import { cellCorners } from '../map/layers/hotspot-cells-layer'
import { formatLocalMinute } from '../core/periods'
import { useAnalyticsStore } from './analytics'
import { useAreaDisplayStore } from './area-display'
import { useDataStore } from './data'
import { useFiltersStore } from './filters'

export interface InspectedRow extends InspectedIncident {
  /** local (Asia/Shanghai) date and minute */
  timeText: string
}

export interface Inspection {
  kind: InspectWhere['kind']
  /** where the popup opens, CSS pixels in the page */
  at: { x: number; y: number }
  /** the incidents there under the filter */
  total: number
  rows: InspectedRow[]
  /** what a test needs to count the same incidents itself: the clicked point and radius, or the cell's corners */
  place: { lon: number; lat: number; radiusM?: number; cell?: [number, number, number, number] }
}

/**
 * The incidents behind a click on the map (a dot, a hexagon, a hot cell), found by the
 * analytics worker under the shared filter; the popup lists them. A change of incidents or of
 * the filter closes it: its list would no longer be what the map shows.
 */
export const useInspectionStore = defineStore('inspection', () => {
  const data = useDataStore()
  const filters = useFiltersStore()
  const analytics = useAnalyticsStore()
  const areaDisplay = useAreaDisplayStore()
  const shown = shallowRef<Inspection | null>(null)
  let latest = 0

  async function inspect(where: InspectWhere, at: Inspection['at'], place: Inspection['place']): Promise<boolean> {
    const id = ++latest
    const inc = data.incidents
    const remote = inc && (await analytics.incidentsRemote())
    if (!remote || !inc) return false
    const r = await remote.inspect(where, { ...filters.spec }, INSPECT_CAP)
    if (id !== latest || inc !== data.incidents) return false
    if (r.total === 0) {
      shown.value = null
      return false
    }
    const rows = inspectedRecords(inc, r.rows).map((x) => ({ ...x, timeText: formatLocalMinute(x.time) }))
    shown.value = { kind: where.kind, at, total: r.total, rows, place }
    return true
  }

  /** The significant Gi* cell under a point, or null (cold cells count too: the click asks what is there). */
  function hotCellAt(lon: number, lat: number): { where: InspectWhere; corners: [number, number, number, number] } | null {
    const h = areaDisplay.hotspots
    if (!h) return null
    const cell = cellOfPoints(h.grid, Float64Array.of(lon), Float64Array.of(lat), 1)[0]
    if (cell < 0 || !h.mask[cell] || h.classes[cell] === 0) return null
    // SW, SE, NE, NW corners: the cell's west, south, east and north edges
    const c = cellCorners(h.grid, [cell])
    return { where: { kind: 'cell', grid: h.grid, cell }, corners: [c[0], c[1], c[4], c[5]] }
  }

  function close() {
    latest++
    shown.value = null
  }

  watch([() => data.incidents, () => filters.spec], close)
  return { shown, inspect, hotCellAt, close }
})
