/**
 * Worker of incidents-parallel.ts (Node only): reads bytes [start, end) of an incident CSV,
 * after the file's header row, into columns, and posts them back (buffers transferred).
 */
import { closeSync, openSync, readSync } from 'node:fs'
import type { MessagePort } from 'node:worker_threads'
import { incidentBuffers } from '../core/incidents'
import { IncidentCsvReader, type IncidentCsvOptions } from '../io/incidents-csv'
import { errorMessage } from '../core/text-format'

export interface PartJob {
  path: string
  header: Uint8Array
  start: number
  end: number
  opts: IncidentCsvOptions
  port: MessagePort
  /** set to 1 (and notified) once the answer is on the port */
  done: Int32Array
}

export function run(job: PartJob): void {
  let message: unknown
  let transfer: ArrayBuffer[] = []
  try {
    const reader = new IncidentCsvReader({ ...job.opts, encoding: 'utf8', expectedBytes: job.end - job.start + job.header.length })
    reader.push(job.header)
    const fd = openSync(job.path, 'r')
    const buf = new Uint8Array(1 << 20)
    try {
      for (let pos = job.start; pos < job.end;) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, job.end - pos), pos)
        if (n === 0) break
        reader.push(buf.subarray(0, n))
        pos += n
      }
    } finally {
      closeSync(fd)
    }
    const result = reader.finish()
    message = { result }
    transfer = incidentBuffers(result.columns)
  } catch (err) {
    message = { error: errorMessage(err) }
  }
  job.port.postMessage(message, [...new Set(transfer)])
  Atomics.store(job.done, 0, 1)
  Atomics.notify(job.done, 0)
}
