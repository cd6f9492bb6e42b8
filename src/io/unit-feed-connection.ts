/**
 * The live units' feed connection (issue 26): an SSE endpoint sending one fix line per event,
 * read in batches (one call of `onBatch` per `batchMs`, with the lines read since). A broken
 * connection is retried with a growing delay (1 s, 2 s … 30 s; back to 1 s once open); what it
 * missed meanwhile is lost, as a unit's next fix makes it good. At most MAX_PENDING lines wait:
 * a stalled reader drops the oldest, never grows.
 */
export type UnitFeedState = 'connecting' | 'open' | 'broken'

const MAX_PENDING = 50_000

export function openUnitFeed(url: string, batchMs: number, onBatch: (lines: string[]) => void, onState: (s: UnitFeedState) => void): () => void {
  let pending: string[] = []
  let stopped = false
  let es: EventSource | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  const batchTimer = setInterval(() => {
    if (pending.length === 0) return
    const lines = pending
    pending = []
    onBatch(lines)
  }, batchMs)

  function connect(attempt: number) {
    onState('connecting')
    es = new EventSource(url)
    es.onopen = () => {
      attempt = 0
      onState('open')
    }
    es.onmessage = (e: MessageEvent<string>) => {
      pending.push(e.data)
      if (pending.length > MAX_PENDING) pending.splice(0, pending.length - MAX_PENDING)
    }
    // EventSource retries by itself; we take over so that the state and the delay are ours
    es.onerror = () => {
      es?.close()
      es = null
      onState('broken')
      if (!stopped) retryTimer = setTimeout(() => connect(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt))
    }
  }
  connect(0)
  return () => {
    stopped = true
    clearInterval(batchTimer)
    if (retryTimer) clearTimeout(retryTimer)
    es?.close()
    es = null
  }
}
