/**
 * Imported datasets kept in IndexedDB, so that a reload (or a crash) brings back what the user
 * imported. One record per kind; a record with `removed` says the user took that kind off the
 * map, so the demo's data does not come back in its place. Columns are stored as typed arrays
 * (structured clone), not as text: 1,000,000 incidents come back in well under a second.
 */
import { openOneStoreDb } from './idb-store'
import type { FeatureCollection } from 'geojson'
import type { IncidentColumns } from '../core/incidents'
import type { CameraColumns } from '../core/cameras'
import type { UnitTracks } from '../core/unit-tracks'
import type { ImportReport } from './import-report'
import { isDatasetKind, type DatasetKind } from './dataset-kinds'

export type DatasetPayload =
  | { type: 'features'; fc: FeatureCollection }
  | { type: 'incidents'; columns: IncidentColumns }
  | { type: 'cameras'; columns: CameraColumns }
  | { type: 'population'; rows: [string, number][] }
  | { type: 'tracks'; tracks: UnitTracks }

export interface StoredDataset {
  kind: DatasetKind
  /** ISO 8601 time of the import (or of the removal) */
  at: string
  fileName?: string
  report?: ImportReport
  /** absent when `removed` */
  payload?: DatasetPayload
  removed?: boolean
}

export interface DatasetDb {
  list(): Promise<StoredDataset[]>
  /** The record of `kind`; null when there is none, or it cannot be read. */
  get(kind: DatasetKind): Promise<StoredDataset | null>
  /** Replace the record of `d.kind` in one transaction: on failure the old record stays. */
  put(d: StoredDataset): Promise<void>
  delete(kind: DatasetKind): Promise<void>
  clear(): Promise<void>
  close(): void
}

const STORE = 'datasets'
export const DB_NAME = 'pingan-map'

// a record written by a later version, or damaged, is skipped rather than breaking the start
function isStoredDataset(r: unknown): r is StoredDataset {
  const d = r as StoredDataset
  return typeof d === 'object' && d !== null && isDatasetKind(d.kind) && (d.removed === true || d.payload !== undefined)
}

export async function openDatasetDb(factory: IDBFactory = globalThis.indexedDB, name = DB_NAME): Promise<DatasetDb> {
  const db = await openOneStoreDb(factory, name, STORE, 'kind')
  return {
    async list() {
      return ((await db.getAll(STORE)) as unknown[]).filter(isStoredDataset)
    },
    async get(kind) {
      const r: unknown = await db.get(STORE, kind)
      return isStoredDataset(r) ? r : null
    },
    async put(d) {
      await db.put(STORE, d)
    },
    async delete(kind) {
      await db.delete(STORE, kind)
    },
    async clear() {
      await db.clear(STORE)
    },
    close() {
      db.close()
    },
  }
}
