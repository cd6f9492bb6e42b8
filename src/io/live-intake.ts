/**
 * What the live feed's messages may add to the map: oversized messages are dropped before any
 * parsing, unreadable ones are counted, and an incident whose id was already taken is a replay
 * (servers without Last-Event-ID resend what the client has seen after a reconnect).
 * Pure (no Vue): the live store feeds it and keeps the counts.
 */
import { packedString, type IncidentColumns } from '../core/incidents'
import { SeenIds } from '../core/seen-ids'
import { readLiveBatch, takeRows } from './live-incidents'

/** A message longer than this (UTF-16 code units) is dropped unread: no incident is that long. */
export const MAX_LIVE_MESSAGE_CHARS = 16_384
/** Live incidents kept on the map unless config.json's live.keep says otherwise. */
export const DEFAULT_LIVE_KEEP = 200_000

export interface IntakeResult {
  /** the new incidents, in message order */
  columns: IncidentColumns
  /** messages longer than MAX_LIVE_MESSAGE_CHARS */
  oversized: number
  /** messages that are no incident, or rows the incident reader rejects */
  rejected: number
  /** incidents whose id was taken before (in an earlier batch or earlier in this one) */
  replayed: number
}

export class LiveIntake {
  private readonly seen: SeenIds

  /**
   * Ids are remembered for the last `remember` new incidents: a replay of an id older than
   * that is taken again (it left the map's live window long ago, so the map shows it once).
   */
  constructor(remember = DEFAULT_LIVE_KEEP) {
    this.seen = new SeenIds(remember)
  }

  take(messages: readonly string[]): IntakeResult {
    const fit: string[] = []
    for (const m of messages) if (m.length <= MAX_LIVE_MESSAGE_CHARS) fit.push(m)
    const oversized = messages.length - fit.length
    const batch = readLiveBatch(fit)
    // the reader itself rejects a second row with the same id: that is a replay, not an error
    const sameBatch = batch.report.rejectedByReason.duplicate_id ?? 0
    const rejected = batch.unreadable + batch.report.rejectedCount - sameBatch
    const c = batch.columns
    const fresh: number[] = []
    for (let i = 0; i < c.count; i++) if (this.seen.add(packedString(c.id, i))) fresh.push(i)
    const replayed = sameBatch + c.count - fresh.length
    return { columns: fresh.length === c.count ? c : takeRows(c, fresh), oversized, rejected, replayed }
  }
}

/**
 * Keeps at most `keep` live rows: `c`'s first `base` rows (the loaded file) are never dropped,
 * the live rows after them lose their oldest first.
 */
export function trimLiveWindow(c: IncidentColumns, base: number, keep: number): { columns: IncidentColumns; trimmed: number } {
  const trimmed = Math.max(0, c.count - base - keep)
  if (trimmed === 0) return { columns: c, trimmed }
  const rows = new Uint32Array(c.count - trimmed)
  for (let i = 0; i < base; i++) rows[i] = i
  for (let i = base; i < rows.length; i++) rows[i] = i + trimmed
  return { columns: takeRows(c, rows), trimmed }
}
