/**
 * The dialogs' one-request-at-a-time loader: a newer request aborts the older one, whose
 * late answer and error are dropped; loading follows the newest; an error stays until a success.
 */
import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { latestFetch } from '../../../src/stores/latest-fetch'

/** A request that settles when the test says so, and rejects as fetch does when aborted. */
function pending<T>() {
  let settle!: (v: T) => void
  let fail!: (e: Error) => void
  const work = (signal: AbortSignal) => new Promise<T>((res, rej) => {
    settle = res
    fail = rej
    signal.addEventListener('abort', () => rej(new DOMException('aborted', 'AbortError')))
  })
  return { work, settle: (v: T) => settle(v), fail: (e: Error) => fail(e) }
}

describe('latestFetch', () => {
  it('drops the answer of a request a newer one replaced, and keeps loading until the newest ends', async () => {
    const loading = ref(false)
    const error = ref<string | null>(null)
    const shown: string[] = []
    const f = latestFetch(loading, error)
    const a = pending<string>()
    const b = pending<string>()
    const first = f.run(async (s) => { shown.push(await a.work(s)) })
    expect(loading.value).toBe(true)
    const second = f.run(async (s) => { shown.push(await b.work(s)) })
    expect(await first).toBe(false)
    expect(loading.value).toBe(true)
    b.settle('page 2')
    expect(await second).toBe(true)
    expect(shown).toEqual(['page 2'])
    expect(loading.value).toBe(false)
    expect(error.value).toBeNull()
  })

  it('reports a failure, keeps it while the next request runs, clears it when one succeeds', async () => {
    const loading = ref(false)
    const error = ref<string | null>(null)
    const f = latestFetch(loading, error)
    const a = pending<void>()
    const failed = f.run((s) => a.work(s))
    a.fail(new Error('HTTP 500'))
    expect(await failed).toBe(true)
    expect(error.value).toContain('HTTP 500')
    const b = pending<void>()
    const next = f.run((s) => b.work(s))
    expect(error.value).toContain('HTTP 500')
    b.settle()
    await next
    expect(error.value).toBeNull()
  })

  it('abort ends the request without an error and stops loading', async () => {
    const loading = ref(false)
    const error = ref<string | null>(null)
    const f = latestFetch(loading, error)
    const a = pending<void>()
    const run = f.run((s) => a.work(s))
    f.abort()
    expect(await run).toBe(false)
    expect(error.value).toBeNull()
    expect(loading.value).toBe(false)
  })
})
