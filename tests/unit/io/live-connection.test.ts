import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runLiveFeed, type LiveFeedReport } from '../../../src/io/live-connection'
import { packedString } from '../../../src/core/incidents'

/** A stand-in EventSource: the test opens, feeds and breaks it. */
class FakeEventSource {
  static all: FakeEventSource[] = []
  onopen: (() => void) | null = null
  onmessage: ((e: { data: string }) => void) | null = null
  onerror: (() => void) | null = null
  closed = false
  constructor(readonly url: string) {
    FakeEventSource.all.push(this)
  }
  close() {
    this.closed = true
  }
}

describe('runLiveFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeEventSource.all = []
    vi.stubGlobal('EventSource', FakeEventSource)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('reconnects after 1, 2, 4 … 30 s, back to 1 s once open; batches carry new incidents and the counts', () => {
    const reports: LiveFeedReport[] = []
    const stop = runLiveFeed({ type: 'start', url: 'http://x/live', kind: 'sse', remember: 100, batchMs: 1000 }, (r) => reports.push(r))
    const delays: number[] = []
    // fail seven times in a row, measuring when each new try comes
    for (let k = 0; k < 7; k++) {
      const es = FakeEventSource.all.at(-1)!
      es.onerror!()
      expect(es.closed).toBe(true)
      let waited = 0
      while (FakeEventSource.all.at(-1) === es) {
        vi.advanceTimersByTime(500)
        waited += 500
      }
      delays.push(waited)
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
    const es = FakeEventSource.all.at(-1)!
    es.onopen!()
    expect(reports.at(-1)).toEqual({ type: 'state', state: 'open', reconnects: 7 })
    for (const m of ['L1,2025-12-31T23:00:00,fire,fire,119.08,36.71,', 'L1,2025-12-31T23:00:00,fire,fire,119.08,36.71,', '{bad', 'x'.repeat(20_000)]) es.onmessage!({ data: m })
    vi.advanceTimersByTime(1000)
    const batch = reports.find((r) => r.type === 'batch')!
    expect(batch).toMatchObject({ oversized: 1, rejected: 1, replayed: 1 })
    expect(batch.type === 'batch' && packedString(batch.columns.id, 0)).toBe('L1')
    // once open, a break is retried after 1 s again
    es.onerror!()
    vi.advanceTimersByTime(999)
    expect(FakeEventSource.all.at(-1)).toBe(es)
    vi.advanceTimersByTime(1)
    expect(FakeEventSource.all.at(-1)).not.toBe(es)
    stop()
    expect(FakeEventSource.all.at(-1)!.closed).toBe(true)
    const n = FakeEventSource.all.length
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.all.length).toBe(n)
  })
})
