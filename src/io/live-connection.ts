/**
 * The live feed's connection and intake, off the UI thread (src/workers/live-feed.worker.ts):
 * a wall busy drawing must not stop the socket being read, or the unread backlog sits in the
 * network buffers, where a server that dies takes it along (and resends only a little).
 * Reconnects with a growing delay (1 s, 2 s, 4 s … 30 s; back to 1 s once open).
 */
import { incidentBuffers, type IncidentColumns } from '../core/incidents'
import { LiveIntake, type IntakeResult } from './live-intake'

export type LiveConnState = 'connecting' | 'open' | 'broken'
export interface LiveFeedStart {
  type: 'start'; url: string; kind: 'sse' | 'websocket'; remember: number; batchMs: number
  /**
   * SSE from the app's own server: each reconnection asks for what was missed since the last
   * event read, as `?lastEventId=` (a new EventSource sends no Last-Event-ID header). Off for a
   * configured endpoint, whose URL is used as given.
   */
  resume?: boolean
}
export type LiveFeedReport =
  | { type: 'state'; state: LiveConnState; reconnects: number }
  | ({ type: 'batch' } & IntakeResult)

/** Messages waiting for the next batch; more (or longer ones) are read at once. */
const MAX_PENDING = 20_000
const MAX_PENDING_CHARS = 8 << 20

export function runLiveFeed(cfg: LiveFeedStart, post: (r: LiveFeedReport, transfer: ArrayBuffer[]) => void): () => void {
  const intake = new LiveIntake(cfg.remember)
  let pending: string[] = []
  let pendingChars = 0
  let stopped = false
  let reconnects = 0
  let close: (() => void) | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let lastEventId = ''
  const sseUrl = () => {
    if (!cfg.resume || lastEventId === '') return cfg.url
    const u = new URL(cfg.url)
    u.searchParams.set('lastEventId', lastEventId)
    return u.href
  }

  const state = (s: LiveConnState) => post({ type: 'state', state: s, reconnects }, [])
  function read() {
    if (!pending.length) return
    const r = intake.take(pending)
    pending = []
    pendingChars = 0
    const c: IncidentColumns = r.columns
    post({ type: 'batch', ...r }, c.count ? incidentBuffers(c) : [])
  }
  function onMessage(text: string) {
    pending.push(text)
    pendingChars += text.length
    if (pending.length >= MAX_PENDING || pendingChars >= MAX_PENDING_CHARS) read()
  }
  const batchTimer = setInterval(read, cfg.batchMs)

  function connect(attempt: number) {
    state('connecting')
    const retry = () => {
      close?.()
      close = null
      state('broken')
      if (stopped) return
      retryTimer = setTimeout(() => {
        reconnects++
        connect(attempt + 1)
      }, Math.min(30_000, 1000 * 2 ** attempt))
    }
    try {
      if (cfg.kind === 'sse') {
        const es = new EventSource(sseUrl())
        es.onopen = () => {
          attempt = 0
          state('open')
        }
        es.onmessage = (e: MessageEvent<string>) => {
          if (e.lastEventId) lastEventId = e.lastEventId
          onMessage(e.data)
        }
        // EventSource retries by itself; we take over so that the mark and the delay are ours
        es.onerror = () => {
          es.onerror = null
          retry()
        }
        close = () => es.close()
      } else {
        const ws = new WebSocket(cfg.url.replace(/^http/, 'ws'))
        ws.onopen = () => {
          attempt = 0
          state('open')
        }
        ws.onmessage = (e: MessageEvent) => {
          if (typeof e.data === 'string') onMessage(e.data)
        }
        ws.onclose = retry
        close = () => {
          ws.onclose = null
          ws.close()
        }
      }
    } catch {
      retry()
    }
  }
  connect(0)

  return () => {
    stopped = true
    clearInterval(batchTimer)
    if (retryTimer) clearTimeout(retryTimer)
    close?.()
    close = null
  }
}
