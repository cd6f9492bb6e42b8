/**
 * The user's imports as a data source (data-source.ts): what the import worker kept in IndexedDB
 * (dataset-db.ts), and the kinds the user took off the map. The list brings the records' data
 * along: IndexedDB reads whole records, and 1,000,000 incidents are not read twice.
 */
import { openDatasetDb, type DatasetDb, type StoredDataset } from './dataset-db'
import { isDatasetKind } from './dataset-kinds'
import type { DataSource, LoadedDataset, SourceEntry } from './data-source'

const loaded = (d: StoredDataset): LoadedDataset | undefined => d.payload && { payload: d.payload, fileName: d.fileName, report: d.report }

export function createImportsSource(open: () => Promise<DatasetDb> = () => openDatasetDb()): DataSource {
  let db: Promise<DatasetDb> | null = null
  // opened once; a failed open is tried again next time (the browser may have been busy)
  const opened = () => {
    if (!db) db = open().catch((e: unknown) => {
      db = null
      throw e
    })
    return db
  }

  return {
    id: 'imports',
    label: 'IndexedDB',
    async list() {
      const stored = await (await opened()).list()
      return stored.map((d): SourceEntry => (d.removed
        ? { kind: d.kind, origin: 'removed', at: d.at }
        : { kind: d.kind, origin: 'imported', fileName: d.fileName, at: d.at, report: d.report, data: loaded(d) }))
    },
    async load(kind) {
      if (!isDatasetKind(kind)) return null
      const d = await (await opened()).get(kind)
      return (d && loaded(d)) ?? null
    },
    async keepRemoval(kind, at) {
      await (await opened()).put({ kind, at, removed: true })
    },
    async forget() {
      let store: DatasetDb
      try {
        store = await opened()
      } catch {
        return // no database: nothing was kept to forget
      }
      await store.clear()
    },
  }
}
