/**
 * Keeping an import in IndexedDB from the import worker. IndexedDB copies a record by structured
 * clone inside `put`, synchronously on the calling thread: for 1,000,000 incidents (some 50 MB of
 * columns) that is a second or more, which on the UI thread froze the page at the end of every
 * large import. Done here, before the columns are transferred to the UI, it costs the UI nothing.
 */
import { errorMessage } from '../core/text-format'
import { payloadBbox } from '../io/dataset-bbox'
import { openDatasetDb, type DatasetDb } from '../io/dataset-db'
import type { DatasetKind } from '../io/dataset-kinds'
import type { ImportOutcome } from '../io/dataset-import'
import type { CrsDetection, KeptImport } from './contracts'

/**
 * Writes an outcome with a payload as the record of `kind` (one transaction: on failure the old
 * record stays) and says how it went. An outcome without payload is returned unstored.
 */
export async function keepImport(
  kind: DatasetKind,
  fileName: string,
  outcome: ImportOutcome,
  detection: CrsDetection,
  open: () => Promise<DatasetDb> = () => openDatasetDb(),
): Promise<KeptImport> {
  outcome.report.crs.detection = detection
  const at = new Date().toISOString()
  const p = outcome.payload
  if (!p) return { ...outcome, saved: false, storageError: null, at, bbox: null }
  const bbox = payloadBbox(p)
  let db: DatasetDb | null = null
  try {
    db = await open()
    await db.put({ kind, at, fileName, report: outcome.report, payload: p })
    return { ...outcome, saved: true, storageError: null, at, bbox }
  } catch (e) {
    return { ...outcome, saved: false, storageError: errorMessage(e), at, bbox }
  } finally {
    db?.close()
  }
}
