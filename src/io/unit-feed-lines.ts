/**
 * A batch of live unit fix lines `unit_id,time,lon,lat[,speed,heading,status,kind]` (one per
 * feed message, no header) read as a tracks file would be (core/unit-tracks.ts contract:
 * status and kind labels, times, checks within the batch), then into the feed's ring buffers,
 * which check each fix against the unit's last kept one. Never throws on bad content.
 */
import type { AreaSet } from '../core/areas'
import { UnitFeed } from '../core/unit-feed'
import { readTracksCsv } from './tracks-csv'

/** A message longer than this is dropped unread: no fix is that long. */
export const MAX_FIX_MESSAGE_CHARS = 1024
const HEADER = 'unit_id,time,lon,lat,speed,heading,status,kind\n'

export interface FeedBatchResult {
  /** fixes kept */
  taken: number
  /** lines left out: unreadable, oversized, duplicates, impossible jumps, far outside the district, older than the unit's last fix */
  rejected: number
}

/** `district`: fixes more than 5 km outside it are left out, as an imported file's are. */
export function takeFixLines(feed: UnitFeed, lines: readonly string[], district: AreaSet | null = null): FeedBatchResult {
  const fit = lines.filter((l) => l.length <= MAX_FIX_MESSAGE_CHARS && !l.includes('\n'))
  let rejected = lines.length - fit.length
  if (fit.length === 0) return { taken: 0, rejected }
  const { tracks, report } = readTracksCsv(new TextEncoder().encode(HEADER + fit.join('\n')), { district })
  rejected += report.rejectedCount
  let taken = 0
  for (let u = 0; u < tracks.unitIds.length; u++) {
    for (let i = tracks.unitStart[u]; i < tracks.unitStart[u + 1]; i++) {
      const why = feed.push({
        unitId: tracks.unitIds[u], kind: tracks.unitKind[u], time: tracks.time[i], lon: tracks.lon[i], lat: tracks.lat[i],
        speed: tracks.speed[i], heading: tracks.heading[i], status: tracks.status[i],
      })
      if (why) rejected++
      else taken++
    }
  }
  return { taken, rejected }
}
