/** When incidents happen: hour × weekday profiles per area, and the timeline's bars. */
import { keepMask, type IncidentFilterSpec } from '../core/incident-filter'
import { autoBinMs, timeHistogram, type TimeHistogram } from '../core/time-histogram'
import { timeProfile, type NightHours, type TimeProfile } from '../core/time-profile'
import type { AnalyticsData } from './analytics-data'
import type { CategoriesAndPeriod } from './contracts'

/** Hour × weekday, night share and monthly counts per area of a layer (null: the whole set as one area). */
export function profile(d: AnalyticsData, layer: string | null, req: CategoriesAndPeriod & { night?: NightHours } = {}): TimeProfile {
  const inc = d.requireIncidents()
  let assign: Int32Array
  let nAreas = 1
  if (layer === null) assign = new Int32Array(inc.count)
  else {
    const l = d.requireLayer(layer)
    assign = d.assignOf(l)
    nAreas = l.areas.count
  }
  const keep = req.categories ? d.keep({ categories: req.categories }) : undefined
  return timeProfile(assign, inc.time, inc.count, nAreas, { keep, from: req.period?.from, to: req.period?.to, night: req.night, timeTo: inc.timeTo })
}

/**
 * The timeline's bars: incidents per bin over the whole data range, under the spec's
 * categories, subtypes, hours and weekdays. Its dates are ignored: they are what the timeline
 * brushes, and the bars must show what lies outside the brush too. binMs null: a local day per
 * bin, or a week when the data span more than 180 days.
 */
export function histogram(d: AnalyticsData, spec: IncidentFilterSpec, binMs: number | null = null): TimeHistogram {
  const inc = d.requireIncidents()
  const keep = keepMask(inc, { ...spec, from: null, to: null })
  return timeHistogram(inc.time, inc.count, d.timeRange, binMs ?? autoBinMs(d.timeRange), keep, inc.timeTo)
}
