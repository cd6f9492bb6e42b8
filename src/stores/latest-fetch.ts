import type { Ref } from 'vue'
import { errorMessage } from '../core/text-format'

/**
 * One request at a time for a dialog's list: a newer call aborts the older one, whose result
 * and error are dropped, so a slow first page never overwrites the page asked for after it.
 * `loading` is true while the newest one runs; `error` keeps the last failure until a request
 * succeeds (a list asked again every few seconds does not flicker its message).
 */
export function latestFetch(loading: Ref<boolean>, error: Ref<string | null>) {
  let inFlight: AbortController | null = null
  /** false when a newer call (or `abort`) cut this one off */
  async function run(work: (signal: AbortSignal) => Promise<void>): Promise<boolean> {
    inFlight?.abort()
    const ctl = new AbortController()
    inFlight = ctl
    loading.value = true
    try {
      await work(ctl.signal)
      if (!ctl.signal.aborted) error.value = null
    } catch (e) {
      if (!ctl.signal.aborted) error.value = errorMessage(e)
    } finally {
      if (inFlight === ctl) {
        loading.value = false
        inFlight = null
      }
    }
    return !ctl.signal.aborted
  }
  return { run, abort: () => inFlight?.abort() }
}
