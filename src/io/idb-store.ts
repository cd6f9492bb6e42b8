import { wrap, type IDBPDatabase, type IDBPObjectStore } from 'idb'

/**
 * Opens a database of one object store keyed by `keyPath`, creating the store on first use.
 * Datasets, plans and scenes each have a database of their own, so clearing one never touches
 * the others and no schema waits on another's version.
 */
export async function openOneStoreDb(factory: IDBFactory, name: string, store: string, keyPath: string): Promise<IDBPDatabase> {
  const req = factory.open(name, 1)
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(store)) req.result.createObjectStore(store, { keyPath })
  }
  return (await wrap(req)) as IDBPDatabase
}

/**
 * Whether a failed write failed because the origin's storage is full. Browsers report it as a
 * DOMException named QuotaExceededError (legacy code 22), on the request or on the aborted
 * transaction; both reach the caller unchanged through idb.
 */
export function isQuotaError(e: unknown): boolean {
  const x = e as { name?: unknown; code?: unknown } | null
  return typeof x === 'object' && x !== null && (x.name === 'QuotaExceededError' || x.code === 22)
}

/**
 * Runs `work` on `store` in ONE readwrite transaction and resolves once it has committed, with
 * strict durability (on disk, so "saved" survives a crash of the whole machine). A throw from
 * `work` aborts the transaction and reaches the caller; a failed request (a full disk) aborts it
 * too, and the caller gets that request's error. Requests may be queued without awaiting them.
 */
export async function writeInOneTransaction(db: IDBPDatabase, store: string, work: (s: IDBPObjectStore<unknown, [string], string, 'readwrite'>) => Promise<void> | void): Promise<void> {
  const tx = db.transaction(store, 'readwrite', { durability: 'strict' })
  tx.done.catch(() => {}) // awaited below; a rejection before then must not surface as an unhandled one
  try {
    await work(tx.store)
  } catch (e) {
    try {
      tx.abort()
    } catch {
      // already aborted by a failed request
    }
    throw e
  }
  await tx.done
}
