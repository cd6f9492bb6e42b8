/**
 * UI-side entry: load an incident CSV in a worker.
 *
 *   const { columns, report } = await loadIncidents({ blob: file }, { crs: 'gcj02', onProgress, signal })
 *
 * One worker per load; it is terminated when the load ends, fails or is aborted. An aborted
 * load rejects with an Error whose name is 'AbortError'.
 */
import * as Comlink from 'comlink'
import type { Crs } from '../io/coords'
import { loadCancelled } from './incidents-loader'
import { asError } from './worker-errors'
import type { IncidentLoadProgress, IncidentLoadResult, IncidentSource } from './contracts'
import type { IncidentsWorkerApi } from './incidents.worker'

export interface LoadIncidentsOptions {
  crs?: Crs
  fileName?: string
  onProgress?: (p: IncidentLoadProgress) => void
  signal?: AbortSignal
}

export function loadIncidents(source: IncidentSource, opts: LoadIncidentsOptions = {}): Promise<IncidentLoadResult> {
  const { signal, onProgress } = opts
  if (signal?.aborted) return Promise.reject(loadCancelled())
  const worker = new Worker(new URL('./incidents.worker.ts', import.meta.url), { type: 'module' })
  const remote = Comlink.wrap<IncidentsWorkerApi>(worker)
  return new Promise<IncidentLoadResult>((resolve, reject) => {
    let settled = false
    const done = () => {
      settled = true
      signal?.removeEventListener('abort', onAbort)
      remote[Comlink.releaseProxy]()
      worker.terminate()
    }
    const onAbort = () => {
      if (settled) return
      // ask the worker to stop reading, then stop it for good: nothing more is wanted from it
      void remote.cancel().catch(() => {})
      done()
      reject(loadCancelled())
    }
    signal?.addEventListener('abort', onAbort)
    worker.addEventListener('error', (ev: ErrorEvent) => {
      if (settled) return
      done()
      reject(new Error(`incident worker failed: ${ev.message || 'could not start'}`))
    })
    remote
      .load(source, { crs: opts.crs, fileName: opts.fileName }, onProgress ? Comlink.proxy(onProgress) : undefined)
      .then(
        (result) => {
          if (settled) return
          done()
          resolve(result)
        },
        (err: unknown) => {
          if (settled) return
          done()
          reject(asError(err))
        },
      )
  })
}
