/**
 * UI-side entry for imports. One worker per call, terminated when the call ends; cancelling a
 * run terminates its worker at once, so nothing of a cancelled import reaches the stores.
 */
import * as Comlink from 'comlink'
import type { ImportChoices, ImportPreview, ImportReference, PreviewError } from '../io/dataset-import'
import type { DatasetKind, EncodingChoice } from '../io/dataset-kinds'
import type { FieldMapping } from '../io/field-mapping'
import type { ImportWorkerApi } from './import.worker'
import { abortError, asError } from './worker-errors'
import type { CrsDetection, KeptImport, RunProgress } from './contracts'
import type { DatasetPayload } from '../io/dataset-db'
import type { ExportFormat } from '../io/dataset-file-export'

function withWorker<T>(signal: AbortSignal | undefined, call: (api: Comlink.Remote<ImportWorkerApi>) => Promise<T>): Promise<T> {
  const cancelled = () => abortError('import cancelled')
  if (signal?.aborted) return Promise.reject(cancelled())
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' })
  const api = Comlink.wrap<ImportWorkerApi>(worker)
  return new Promise<T>((resolve, reject) => {
    let settled = false
    const end = (fn: () => void) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      api[Comlink.releaseProxy]()
      worker.terminate()
      fn()
    }
    const onAbort = () => end(() => reject(cancelled()))
    signal?.addEventListener('abort', onAbort)
    worker.addEventListener('error', (ev: ErrorEvent) => end(() => reject(new Error(`import worker failed: ${ev.message || 'could not start'}`))))
    call(api).then(
      (v) => end(() => resolve(v)),
      (e: unknown) => end(() => reject(asError(e))),
    )
  })
}

export function previewFile(
  file: Blob, name: string, kind: DatasetKind,
  opts: { encoding?: EncodingChoice; mapping?: FieldMapping; reference?: ImportReference },
): Promise<ImportPreview | PreviewError> {
  return withWorker<ImportPreview | PreviewError>(undefined, (api) => api.preview(file, name, kind, opts))
}

/** Reads the file in a worker, which also stores what it read (see import-keep.ts). */
export function importFile(
  file: Blob, name: string, choices: ImportChoices, detection: CrsDetection,
  opts: { onProgress?: (p: RunProgress) => void; signal?: AbortSignal } = {},
): Promise<KeptImport> {
  return withWorker(opts.signal, (api) => api.run(file, name, choices, detection, opts.onProgress ? Comlink.proxy(opts.onProgress) : undefined))
}

export function exportDataset(payload: DatasetPayload, format: ExportFormat): Promise<Blob> {
  return withWorker(undefined, (api) => api.export(payload, format))
}
