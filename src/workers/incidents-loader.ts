/**
 * The incident loader behind incidents.worker.ts, kept free of worker globals so that it can
 * be tested in Node: read a URL or Blob chunk by chunk into IncidentCsvReader.
 */
import { IncidentCsvReader } from '../io/incidents-csv'
import { decodeIncidentColumns } from '../io/incident-columns-file'
import { abortError, asError } from './worker-errors'
import type { IncidentLoadOptions, IncidentLoadProgress, IncidentLoadResult, IncidentSource } from './contracts'

export interface IncidentLoader {
  load(
    source: IncidentSource,
    opts?: IncidentLoadOptions,
    onProgress?: (p: IncidentLoadProgress) => void | Promise<void>,
  ): Promise<IncidentLoadResult>
  cancel(): void
}

/** Progress is reported at most this often (ms), plus once at the end. */
export const PROGRESS_INTERVAL_MS = 100

/** How a cancelled load rejects. */
export const loadCancelled = () => abortError('Incident import cancelled')

export function createIncidentLoader(): IncidentLoader {
  let current: AbortController | null = null

  async function load(
    source: IncidentSource,
    opts: IncidentLoadOptions = {},
    onProgress?: (p: IncidentLoadProgress) => void | Promise<void>,
  ): Promise<IncidentLoadResult> {
    current?.abort()
    const ctl = new AbortController()
    current = ctl
    try {
      if ('url' in source && source.columns) {
        const res = await fetch(source.url, { signal: ctl.signal })
        if (!res.ok) throw new Error(`cannot read ${source.url}: HTTP ${res.status}`)
        const buffer = await res.arrayBuffer()
        if (ctl.signal.aborted) throw loadCancelled()
        const result = decodeIncidentColumns(buffer)
        // the file carries the report of the CSV it was made from; the name is the one asked for
        if (opts.fileName !== undefined) result.report.fileName = opts.fileName
        await onProgress?.({ bytesRead: buffer.byteLength, totalBytes: buffer.byteLength, rows: result.columns.count })
        return result
      }
      let stream: ReadableStream<Uint8Array>
      let totalBytes: number | null
      let fileName = opts.fileName
      if ('blob' in source) {
        stream = source.blob.stream() as ReadableStream<Uint8Array>
        totalBytes = source.blob.size
        if (fileName === undefined && typeof (source.blob as File).name === 'string') fileName = (source.blob as File).name
      } else {
        const res = await fetch(source.url, { signal: ctl.signal })
        if (!res.ok || res.body === null) throw new Error(`cannot read ${source.url}: HTTP ${res.status}`)
        stream = res.body
        const len = res.headers.get('content-length')
        // with content-encoding the length is of the compressed body
        totalBytes = len !== null && res.headers.get('content-encoding') === null ? Number(len) : null
        if (fileName === undefined) fileName = decodeURIComponent(source.url.split(/[?#]/)[0].split('/').pop() ?? '') || undefined
      }
      const reader = new IncidentCsvReader({ crs: opts.crs, fileName, expectedBytes: totalBytes ?? undefined })
      const body = stream.getReader()
      const onAbort = () => { void body.cancel().catch(() => {}) }
      ctl.signal.addEventListener('abort', onAbort)
      let bytesRead = 0
      let last = 0
      try {
        for (;;) {
          const { done, value } = await body.read()
          if (ctl.signal.aborted) throw loadCancelled()
          if (done) break
          reader.push(value)
          bytesRead += value.length
          const now = Date.now()
          if (onProgress && now - last >= PROGRESS_INTERVAL_MS) {
            last = now
            const sent = onProgress({ bytesRead, totalBytes, rows: reader.rowsRead })
            if (sent instanceof Promise) sent.catch(() => {})
          }
        }
      } finally {
        ctl.signal.removeEventListener('abort', onAbort)
      }
      const result = reader.finish()
      // the last report is awaited: through Comlink it then arrives before the result
      await onProgress?.({ bytesRead, totalBytes, rows: result.report.rowsRead })
      return result
    } catch (err) {
      if (ctl.signal.aborted) throw loadCancelled()
      throw asError(err)
    } finally {
      if (current === ctl) current = null
    }
  }

  return {
    load,
    cancel() {
      current?.abort()
    },
  }
}
