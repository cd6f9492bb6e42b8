/**
 * UI-side handle on the one long-lived analytics worker (started on first use).
 * Incident columns are copied into the worker (structured clone): the UI keeps its own for
 * drawing, and the worker keeps them for every later request.
 */
import * as Comlink from 'comlink'
import type { AnalyticsWorkerApi } from './analytics.worker'

let remote: Comlink.Remote<AnalyticsWorkerApi> | null = null

export function analyticsWorker(): Comlink.Remote<AnalyticsWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./analytics.worker.ts', import.meta.url), { type: 'module' })
    remote = Comlink.wrap<AnalyticsWorkerApi>(worker)
  }
  return remote
}
