/**
 * Worker entry point for imports: previews, reads and stores a user's file off the UI thread (a
 * 1,000,000-row CSV takes seconds to read and a second to store) and hands the result back with
 * its buffers transferred. Use it through import-client.ts.
 */
import * as Comlink from 'comlink'
import { incidentBuffers } from '../core/incidents'
import type { DatasetKind, EncodingChoice } from '../io/dataset-kinds'
import type { FieldMapping } from '../io/field-mapping'
import { previewImport, runImport, type ImportChoices, type ImportProgress, type ImportReference } from '../io/dataset-import'
import { sourceFromBlob } from './blob-source'
import type { DatasetPayload } from '../io/dataset-db'
import { exportPayload, type ExportFormat } from '../io/dataset-file-export'
import { keepImport } from './import-keep'
import type { CrsDetection, RunProgress } from './contracts'

const api = {
  preview(file: Blob, name: string, kind: DatasetKind, opts: { encoding?: EncodingChoice; mapping?: FieldMapping; reference?: ImportReference }) {
    return previewImport(sourceFromBlob(file, name), kind, opts)
  },
  /** Reads the file and, when something was read, keeps it in IndexedDB before handing it over. */
  async run(file: Blob, name: string, choices: ImportChoices, detection: CrsDetection, onProgress?: (p: RunProgress) => void) {
    let last: ImportProgress = { bytesRead: 0, totalBytes: file.size, rows: 0 }
    const outcome = await runImport(sourceFromBlob(file, name), choices, (p) => {
      last = p
      onProgress?.(p)
    })
    if (outcome.payload) onProgress?.({ ...last, phase: 'store' })
    const kept = await keepImport(choices.kind, name, outcome, detection)
    const p = kept.payload
    if (p?.type === 'incidents') return Comlink.transfer(kept, incidentBuffers(p.columns))
    if (p?.type === 'tracks') {
      const t = p.tracks
      return Comlink.transfer(kept, [t.unitKind, t.unitStart, t.unit, t.time, t.lon, t.lat, t.speed, t.heading, t.status, t.line].map((a) => a.buffer as ArrayBuffer))
    }
    return kept
  },
  /** The dataset as a file (1,000,000 incidents take a second or two: not on the UI thread). */
  export(payload: DatasetPayload, format: ExportFormat): Blob {
    const { parts, type } = exportPayload(payload, format)
    return new Blob(parts, { type })
  },
}

export type ImportWorkerApi = typeof api

Comlink.expose(api)
