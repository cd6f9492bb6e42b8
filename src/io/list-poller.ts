/**
 * Following a list the server keeps for every seat (a district's scenes, its plans): a GET with
 * If-None-Match every SEAT_POLL_MS, which costs the server one row read and a 304 while
 * nothing changed. A polling interval rather than an event stream for now; the constant is the
 * one place to change when these lists move to the server's event stream.
 */
export const SEAT_POLL_MS = 1000

export interface ListPoller {
  stop(): void
}

export interface ListPollerOptions {
  url: string
  /** the list changed (or this is the first answer): its body */
  onChange(body: unknown): void
  /** the server answered (every poll that got an answer, 304 included) */
  onAnswer?(): void
  intervalMs?: number
}

export function pollList(o: ListPollerOptions): ListPoller {
  let etag: string | null = null
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null

  async function tick() {
    try {
      const res = await fetch(o.url, { headers: { accept: 'application/json', ...(etag ? { 'if-none-match': etag } : {}) }, cache: 'no-store' })
      if (res.ok) {
        const body: unknown = await res.json()
        etag = res.headers.get('etag')
        if (!stopped) o.onChange(body)
      }
      if (res.ok || res.status === 304) o.onAnswer?.()
    } catch {
      // unreachable for now: the next poll asks again
    }
    if (!stopped) timer = setTimeout(() => void tick(), o.intervalMs ?? SEAT_POLL_MS)
  }
  void tick()
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
