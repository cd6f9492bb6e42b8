/**
 * Live unit fixes in the worker (issue 26, point 1): each batch of feed lines goes into the
 * session's ring buffers (core/unit-feed.ts), and the buffers become the units' tracks, so that
 * the map's snapshot (unitsAt) and the nearest units of an alert (nearestUnits) run on the
 * feed's current positions. Memory stays that of the rings however long the feed runs.
 */
import { areasFromGeoJson, type AreaSet } from '../core/areas'
import { UnitFeed } from '../core/unit-feed'
import { takeFixLines } from '../io/unit-feed-lines'
import type { AnalyticsData } from './analytics-data'
import type { DemoUnitTracksResult } from './analytics-units'

/** The feed's tracks as the units store reads generated ones, with what the batch did. */
export interface UnitFeedResult extends DemoUnitTracksResult {
  /** fixes kept of this batch, and lines left out (unreadable, repeated, impossible jumps) */
  taken: number
  rejected: number
}

const feeds = new WeakMap<AnalyticsData, UnitFeed>()
const outlines = new WeakMap<object, AreaSet>()

/** The district the units patrol, once it is loaded: fixes far outside it are left out. */
function districtOf(d: AnalyticsData): AreaSet | null {
  const fc = d.features.get('district')
  if (!fc) return null
  let a = outlines.get(fc)
  if (!a) outlines.set(fc, (a = areasFromGeoJson(fc, { idOptional: true }).areas))
  return a
}

export function unitFeedAppend(d: AnalyticsData, lines: readonly string[]): UnitFeedResult {
  const t0 = performance.now()
  let feed = feeds.get(d)
  if (!feed) feeds.set(d, (feed = new UnitFeed()))
  const r = takeFixLines(feed, lines, districtOf(d))
  const tracks = feed.tracks()
  d.unitTracks = tracks
  let first = NaN
  for (let u = 0; u < tracks.unitIds.length; u++) if (tracks.unitStart[u + 1] > tracks.unitStart[u] && !(tracks.time[tracks.unitStart[u]] >= first)) first = tracks.time[tracks.unitStart[u]]
  return { ...r, source: 'feed', units: tracks.unitIds.length, fixes: tracks.count, span: [first, feed.now], alerts: 0, ms: performance.now() - t0 }
}

/** The feed stopped: its fixes go, and with them the tracks made of them. */
export function unitFeedReset(d: AnalyticsData): void {
  if (feeds.delete(d)) d.unitTracks = null
}
