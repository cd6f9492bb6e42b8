import { wrap, type IDBPDatabase } from 'idb'

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
