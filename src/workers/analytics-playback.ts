/**
 * A unit's track for the timeline's window (issue 26, point 1): sliced here from the tracks the
 * worker holds, as typed arrays the page draws and plays back without the day's fixes.
 */
import { patrolFigures, trackSlice, type PatrolFigures, type TrackSlice } from '../core/unit-playback'
import { UNIT_KINDS, type UnitKind } from '../core/unit-tracks'
import type { AnalyticsData } from './analytics-data'

export interface UnitListResult {
  ids: string[]
  kinds: UnitKind[]
}

export interface UnitTrackRequest {
  unitId: string
  /** the window, epoch ms, both ends included */
  from: number
  to: number
}

export interface UnitTrackResult {
  slice: TrackSlice
  figures: PatrolFigures
  ms: number
}

/** The units of the loaded tracks, in their order (empty without tracks). */
export function unitList(d: AnalyticsData): UnitListResult {
  const t = d.unitTracks
  return { ids: t ? t.unitIds.slice() : [], kinds: t ? Array.from(t.unitKind, (k) => UNIT_KINDS[k]) : [] }
}

/** The unit's fixes in the window and what it patrolled there; null when the tracks lack the unit. */
export function unitTrack(d: AnalyticsData, req: UnitTrackRequest): UnitTrackResult | null {
  const t0 = performance.now()
  const u = d.unitTracks ? d.unitTracks.unitIds.indexOf(req.unitId) : -1
  if (u < 0) return null
  const slice = trackSlice(d.unitTracks!, u, req.from, req.to)
  return { slice, figures: patrolFigures(slice), ms: performance.now() - t0 }
}

/** The slice's buffers, to transfer rather than copy. */
export const unitTrackBuffers = (r: UnitTrackResult | null): ArrayBuffer[] =>
  r ? [r.slice.time, r.slice.lon, r.slice.lat, r.slice.status].map((x) => x.buffer as ArrayBuffer) : []
