/** The wall's KPI tiles. */
import { dayCounts, hotCells95, localDay } from '../core/wall-kpis'
import type { AnalyticsData } from './analytics-data'
import { hotspots as gridHotspots } from './analytics-hotspots'
import type { WallKpis, WallKpisRequest } from './contracts'

/**
 * Alerts of `day` (an instant in it; null: the local day of the latest incident) and of the
 * same day last year, the top three areas of `layer` by alerts that day, and Gi* cells hot at
 * 95 %+ over the 7 days ending with that day (within the layer's areas).
 */
export function wallKpis(d: AnalyticsData, req: WallKpisRequest = {}): WallKpis {
  const inc = d.requireIncidents()
  const name = req.layer ?? 'streets'
  const l = d.layer(name)
  const day = localDay(req.day ?? d.requireLatest())
  const counts = dayCounts(inc.time, inc.count, l && d.assignOf(l), l?.areas.count ?? 0, day)
  const week = { from: day.to - 7 * 86_400_000, to: day.to }
  let hotspots: number | null = null
  try {
    const h = gridHotspots(d, { cell: req.cell ?? 250, band: req.band ?? 500, period: week, within: l ? name : undefined })
    hotspots = hotCells95(h.classes, h.mask)
  } catch {
    // no incident with coordinates in the week: the tile says "—" rather than 0
  }
  return {
    ...counts, layer: name, week, hotspots,
    top: counts.top.map((r) => ({ ...r, id: l!.areas.ids[r.area], name: l!.areas.names[r.area] })),
  }
}
