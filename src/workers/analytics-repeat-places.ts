/**
 * Repeat places in the worker: the places (or addresses) with the most incidents under the
 * app's filter, and the concentration curve (core/repeat-places.ts).
 */
import type { IncidentFilterSpec } from '../core/incident-filter'
import { keepMask } from '../core/incident-filter'
import { concentration, repeatPlaces as groupPlaces, type Concentration, type RepeatPlaces, type RepeatPlacesBy } from '../core/repeat-places'
import type { AnalyticsData } from './analytics-data'
import { bothKept } from './analytics-hotspots'
import type { CategoriesAndPeriod } from './contracts'

export interface RepeatPlacesRequest extends CategoriesAndPeriod {
  /**
   * 'place' (default): within `snap` metres of an anchor; 'address': equal normalised address
   * (needs the incidents' address column); 'victim': repeat victims (needs their victim column)
   */
  by?: RepeatPlacesBy
  /** metres (default 30) */
  snap?: number
  /** the shared incident filter, applied on top of categories and period (what the map shows) */
  filter?: IncidentFilterSpec
  /** return the top N places only (the counts, curve and figures still cover all); default all */
  top?: number
}

/**
 * The top `shown` places of core's RepeatPlaces (`places`, `total`, `placeOf` and the curve
 * cover all of them; a `placeOf` ≥ shown is a place not returned).
 */
export interface RepeatPlacesResult extends RepeatPlaces {
  shown: number
  concentration: Concentration
}

export function repeatPlaces(d: AnalyticsData, req: RepeatPlacesRequest): RepeatPlacesResult {
  const inc = d.requireIncidents()
  if (req.top !== undefined && !(Number.isInteger(req.top) && req.top >= 0)) throw new Error(`top must be a whole number of places (got ${req.top})`)
  if (req.by === 'address' && !inc.address) throw new Error('grouping by address needs the incidents\' addresses, which were not sent to the analytics worker')
  if (req.by === 'victim' && !inc.victim) throw new Error('grouping by victim needs a victim column (受害人), which these incidents do not have')
  const keep = bothKept(d.keep(req), req.filter && keepMask(inc, req.filter))
  const r = groupPlaces(inc.lon, inc.lat, inc.count, { by: req.by, snap: req.snap, keep, address: inc.address, victim: inc.victim })
  const shown = Math.min(r.places, req.top ?? Infinity)
  const c = concentration(r.count)
  if (shown === r.places) return { ...r, shown, concentration: c }
  const rowsEnd = r.rowStart[shown]
  return {
    ...r, shown, concentration: c,
    lon: r.lon.slice(0, shown), lat: r.lat.slice(0, shown), count: r.count.slice(0, shown), share: r.share.slice(0, shown),
    cumulativeShare: r.cumulativeShare.slice(0, shown), label: r.label.slice(0, shown), labelCount: r.labelCount.slice(0, shown),
    ...(r.victim ? { victim: r.victim.slice(0, shown) } : {}),
    rowStart: r.rowStart.slice(0, shown + 1), rows: r.rows.slice(0, rowsEnd),
  }
}

/** The typed arrays of a result, to transfer rather than copy. */
export function repeatPlacesBuffers(r: RepeatPlacesResult): ArrayBuffer[] {
  // a buffer listed twice would fail the transfer
  return [...new Set([r.lon, r.lat, r.count, r.share, r.cumulativeShare, r.labelCount, r.rowStart, r.rows, r.placeOf, r.unplaced,
    r.concentration.placeShare, r.concentration.incidentShare].map((a) => a.buffer as ArrayBuffer))]
}
