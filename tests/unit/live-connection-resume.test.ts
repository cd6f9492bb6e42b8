// The live feed's worker client reconnecting to the app's own server: the new EventSource asks
// for what it missed (`?lastEventId=`), while a configured endpoint is reconnected as given.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runLiveFeed } from '../../src/io/live-connection'

class FakeEventSource {
  static made: FakeEventSource[] = []
  onopen: (() => void) | null = null
  onmessage: ((e: { data: string; lastEventId: string }) => void) | null = null
  onerror: (() => void) | null = null
  closed = false
  constructor(readonly url: string) {
    FakeEventSource.made.push(this)
  }
  close() {
    this.closed = true
  }
}

beforeEach(() => {
  FakeEventSource.made = []
  vi.useFakeTimers()
  vi.stubGlobal('EventSource', FakeEventSource)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

function session(resume: boolean): string[] {
  const stop = runLiveFeed({ type: 'start', url: 'http://127.0.0.1:8080/api/districts/3/live', kind: 'sse', remember: 10, batchMs: 1000, resume }, () => {})
  const first = FakeEventSource.made[0]
  first.onopen!()
  first.onmessage!({ data: '{"id":"a"}', lastEventId: '41' })
  first.onmessage!({ data: '{"id":"b"}', lastEventId: '42' })
  first.onerror!()
  vi.advanceTimersByTime(1000)
  // a second break before anything arrives asks for the same point again
  FakeEventSource.made[1].onerror!()
  vi.advanceTimersByTime(2000)
  stop()
  return FakeEventSource.made.map((e) => e.url)
}

describe('live feed reconnection', () => {
  it('resumes from the last event id read, on every reconnection', () => {
    expect(session(true)).toEqual([
      'http://127.0.0.1:8080/api/districts/3/live',
      'http://127.0.0.1:8080/api/districts/3/live?lastEventId=42',
      'http://127.0.0.1:8080/api/districts/3/live?lastEventId=42',
    ])
  })

  it('leaves a configured endpoint as it is', () => {
    expect(session(false)).toEqual(Array(3).fill('http://127.0.0.1:8080/api/districts/3/live'))
  })
})
