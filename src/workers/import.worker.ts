/**
 * Worker entry point for imports: previews and reads a user's file off the UI thread (a
 * 1,000,000-row CSV takes seconds) and hands the result back with its buffers transferred.
 * Use it through import-client.ts.
 */
import * as Comlink from 'comlink'
import { incidentBuffers } from '../core/incidents'
import type { DatasetKind, EncodingChoice } from '../io/dataset-kinds'
import type { FieldMapping } from '../io/field-mapping'
import { previewImport, runImport, type ImportChoices, type ImportProgress, type ImportReference } from '../io/dataset-import'
import { sourceFromBlob } from './blob-source'
import type { DatasetPayload } from '../io/dataset-db'
import { exportPayload, type ExportFormat } from '../io/dataset-file-export'

const api = {
  preview(file: Blob, name: string, kind: DatasetKind, opts: { encoding?: EncodingChoice; mapping?: FieldMapping; reference?: ImportReference }) {
    return previewImport(sourceFromBlob(file, name), kind, opts)
  },
  async run(file: Blob, name: string, choices: ImportChoices, onProgress?: (p: ImportProgress) => void) {
    const outcome = await runImport(sourceFromBlob(file, name), choices, onProgress)
    const p = outcome.payload
    if (p?.type === 'incidents') return Comlink.transfer(outcome, incidentBuffers(p.columns))
    return outcome
  },
  /** The dataset as a file (1,000,000 incidents take a second or two: not on the UI thread). */
  export(payload: DatasetPayload, format: ExportFormat): Blob {
    const { parts, type } = exportPayload(payload, format)
    return new Blob(parts, { type })
  },
}

export type ImportWorkerApi = typeof api

Comlink.expose(api)
