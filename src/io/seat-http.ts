/**
 * The requests of the shared scenes and plans: JSON both ways, the status kept for the caller
 * (409 is an answer here, not a failure). A network failure throws, so a save queue keeps the
 * edit and reports it unsaved.
 */
import { apiUrl, ServerError } from './server-api'

export interface SeatAnswer { status: number; body: unknown }

export async function seatRequest(base: string, path: string, method = 'GET', body?: unknown): Promise<SeatAnswer> {
  const res = await fetch(apiUrl(base, path), {
    method,
    cache: 'no-store',
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json: unknown = (res.headers.get('content-type') ?? '').includes('application/json') ? await res.json().catch(() => null) : null
  return { status: res.status, body: json }
}

/** An answer none of the caller's cases expected: thrown as the server's refusal. */
export function unexpected(a: SeatAnswer): ServerError {
  const m = (a.body as { error?: unknown } | null)?.error
  return new ServerError(a.status, typeof m === 'string' ? m : `HTTP ${a.status}`, a.body)
}

/** Whether a failed write is worth sending again unasked once the server answers: it never reached it, or the server failed; not a refusal. */
export const worthRetrying = (e: unknown) => !(e instanceof ServerError) || e.status >= 500
