/**
 * The district's daily briefings on the server (src/server/briefing-routes.ts), seen from the
 * app: the list, a file's address (the browser downloads it itself, the server naming it), and
 * an admin's "make today's now".
 */
import { apiUrl, ServerError } from './server-api'

export type BriefingFormat = 'pdf' | 'png'
export type BriefingStatus = 'making' | 'done' | 'failed'

export interface BriefingEntry {
  id: number
  /** the local day it is the briefing of, YYYY-MM-DD */
  day: string
  format: BriefingFormat
  status: BriefingStatus
  attempts: number
  size: number | null
  /** ISO 8601 UTC, once done */
  madeAt: string | null
  title: string
  error: string | null
}

async function refusal(res: Response): Promise<ServerError> {
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null
  return new ServerError(res.status, typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`, body)
}

export async function serverBriefings(base: string, districtId: number, signal?: AbortSignal): Promise<BriefingEntry[]> {
  const res = await fetch(apiUrl(base, `districts/${districtId}/briefings`), { headers: { accept: 'application/json' }, cache: 'no-store', signal })
  if (!res.ok) throw await refusal(res)
  return ((await res.json()) as { briefings: BriefingEntry[] }).briefings
}

/** Where a briefing's file is fetched: a same-origin link the browser downloads under the server's name for it. */
export function briefingFileUrl(base: string, districtId: number, id: number): string {
  return apiUrl(base, `districts/${districtId}/briefings/${id}`)
}

export async function serverMakeBriefing(base: string, districtId: number): Promise<void> {
  const res = await fetch(apiUrl(base, `districts/${districtId}/briefings`), { method: 'POST', headers: { accept: 'application/json' } })
  if (!res.ok) throw await refusal(res)
}

/** The briefings grouped by day, newest first, the formats of a day in a fixed order. */
export function briefingsByDay(list: readonly BriefingEntry[]): { day: string; files: BriefingEntry[] }[] {
  const days = new Map<string, BriefingEntry[]>()
  for (const b of list) days.set(b.day, [...(days.get(b.day) ?? []), b])
  return [...days].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)).map(([day, files]) => ({ day, files: files.sort((x, y) => x.format.localeCompare(y.format)) }))
}
