/** The 8:00 briefing's summary: counts of the window and its 同比 window, top streets, notable alerts, Gi* of the week. */
import { briefingCounts, hotspotWeek } from '../core/briefing-window'
import { cellCentreLonLat } from '../core/square-grid'
import { locatePoint } from '../core/spatial-join'
import type { AnalyticsData } from './analytics-data'
import { hotspots as gridHotspots } from './analytics-hotspots'
import type { BriefingSummary, BriefingSummaryRequest } from './contracts'

/**
 * Counts the window (core/briefing-window.ts) and finds the cells hot at 95 %+ (Gi*) over the
 * 7 days ending with it, within the layer's areas, tallied by the area their centre lies in.
 */
export function briefingSummary(d: AnalyticsData, req: BriefingSummaryRequest): BriefingSummary {
  const inc = d.requireIncidents()
  const name = req.layer ?? 'streets'
  const l = d.layer(name)
  const subtype = inc.subtype ?? new Uint16Array(inc.count)
  const counts = briefingCounts({ ...inc, subtype, subtypes: req.subtypes.length ? req.subtypes : [''] }, req.window, l && d.assignOf(l), l?.areas.count ?? 0, req.topN ?? 5)
  const week = hotspotWeek(req.window)
  const cell = req.cell ?? 250
  let hot: BriefingSummary['hot'] = null
  try {
    const h = gridHotspots(d, { cell, band: req.band ?? 500, period: week, within: l ? name : undefined })
    const perArea = new Map<number, { hot99: number; hot95: number }>()
    let hot95 = 0, hot99 = 0
    for (let i = 0; i < h.classes.length; i++) {
      if (!h.mask[i] || h.classes[i] < 2) continue
      hot95++
      if (h.classes[i] === 3) hot99++
      const [lon, lat] = cellCentreLonLat(h.grid, i)
      const a = l ? locatePoint(l.index, lon, lat) : -1
      if (a < 0) continue
      const e = perArea.get(a) ?? { hot99: 0, hot95: 0 }
      e.hot95++
      if (h.classes[i] === 3) e.hot99++
      perArea.set(a, e)
    }
    hot = {
      cell, hot95, hot99,
      areas: [...perArea].sort((x, y) => y[1].hot95 - x[1].hot95 || x[0] - y[0]).map(([a, e]) => ({ area: a, id: l!.areas.ids[a], name: l!.areas.names[a], ...e })),
    }
  } catch {
    // no incident with coordinates in the week: the summary says "—" rather than 0
  }
  return {
    ...counts, layer: name, week, hot,
    top: counts.top.map((r) => ({ ...r, id: l!.areas.ids[r.area], name: l!.areas.names[r.area] })),
  }
}
