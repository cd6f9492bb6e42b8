/**
 * Worker entry point: reads an incident CSV (URL or Blob) off the UI thread and hands the
 * columns back as transferred buffers. Use it through incidents-client.ts.
 */
import * as Comlink from 'comlink'
import { incidentBuffers } from '../core/incidents'
import { createIncidentLoader } from './incidents-loader'
import type { IncidentLoadOptions, IncidentLoadProgress, IncidentLoadResult, IncidentSource } from './contracts'

const loader = createIncidentLoader()

const api = {
  async load(
    source: IncidentSource,
    opts: IncidentLoadOptions,
    onProgress?: (p: IncidentLoadProgress) => void | Promise<void>,
  ): Promise<IncidentLoadResult> {
    const result = await loader.load(source, opts, onProgress)
    return Comlink.transfer(result, incidentBuffers(result.columns))
  },
  cancel(): void {
    loader.cancel()
  },
}

export type IncidentsWorkerApi = typeof api

Comlink.expose(api)
