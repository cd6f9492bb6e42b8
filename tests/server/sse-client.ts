/**
 * A Server-Sent Events client over Node's fetch, for the live tests and the soak: it parses
 * the stream as the EventSource specification says (id, data, comments), and reconnects after
 * a break with Last-Event-ID, as a browser's EventSource does, counting the breaks.
 */

export interface SseEvent { id: string; data: string; at: number }

export interface SseClientOptions {
  cookie?: string
  /** wait before reconnecting after a break (ms) */
  retryMs?: number
  /** keep every event (tests); false: count only (the soak) */
  keep?: boolean
  onEvent?: (e: SseEvent) => void
}

export class SseClient {
  readonly events: SseEvent[] = []
  received = 0
  lastId: string | null = null
  /** connections that opened (status 200) */
  opened = 0
  /** connections that ended or failed */
  breaks = 0
  /** status of the last answer */
  status = 0
  private stopped = false
  private abort: AbortController | null = null
  private readonly done: Promise<void>

  constructor(readonly url: string, private readonly opts: SseClientOptions = {}, lastId: string | null = null) {
    this.lastId = lastId
    this.done = this.run()
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.once()
      } catch {
        // a refused connection or a reset socket: a break like any other
      }
      if (this.stopped) break
      this.breaks++
      await new Promise((r) => setTimeout(r, this.opts.retryMs ?? 200))
    }
  }

  private async once(): Promise<void> {
    this.abort = new AbortController()
    const headers: Record<string, string> = { accept: 'text/event-stream' }
    if (this.opts.cookie) headers.cookie = this.opts.cookie
    if (this.lastId !== null) headers['last-event-id'] = this.lastId
    const res = await fetch(this.url, { headers, signal: this.abort.signal })
    this.status = res.status
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel()
      return
    }
    this.opened++
    const decoder = new TextDecoder()
    let buf = ''
    let id: string | null = null
    let data: string[] = []
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true })
      // lines are cut out by position and the rest kept once per chunk (cutting the buffer per
      // line would copy it once per line)
      let from = 0, nl: number
      for (; (nl = buf.indexOf('\n', from)) >= 0; from = nl + 1) {
        const line = buf.slice(from, nl).replace(/\r$/, '')
        if (line === '') {
          if (id !== null) this.lastId = id
          if (data.length) {
            const e = { id: this.lastId ?? '', data: data.join('\n'), at: Date.now() }
            this.received++
            if (this.opts.keep !== false) this.events.push(e)
            this.opts.onEvent?.(e)
          }
          id = null
          data = []
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':')
          const field = colon < 0 ? line : line.slice(0, colon)
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
          if (field === 'id') id = value
          else if (field === 'data') data.push(value)
        }
      }
      buf = buf.slice(from)
    }
  }

  /** the incidents' source ids, in arrival order */
  ids(): string[] {
    return this.events.map((e) => (JSON.parse(e.data) as { id: string }).id)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.abort?.abort()
    await this.done
  }
}

/** Waits until `ok()` holds, polling; throws with `what` after `ms`. */
export async function until(ok: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
