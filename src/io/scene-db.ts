/**
 * Wall scenes kept in IndexedDB. A database of its own (like the plans'), so resetting the
 * imported data never touches the scenes. Each record carries its place in the rotation.
 */
import { openOneStoreDb, writeInOneTransaction } from './idb-store'
import { validateScene, type Scene } from '../core/scenes'
import { errorMessage } from '../core/text-format'

export interface SceneDb {
  /** Stored scenes in rotation order; a damaged record is skipped and its message kept in `skipped`. */
  list(): Promise<{ scenes: Scene[]; skipped: string[] }>
  /** Replaces the whole list (saves, deletes and reorders are small: a wall has tens of scenes). */
  replaceAll(scenes: readonly Scene[]): Promise<void>
  close(): void
}

const STORE = 'scenes'
export const SCENE_DB_NAME = 'pingan-map-scenes'
/** Tabs (the desk, the wall) tell each other when the list was written (tab-channel.ts), so the others re-read it. */
export const SCENES_CHANNEL = 'pingan-map-scenes'

export async function openSceneDb(factory: IDBFactory = globalThis.indexedDB, name = SCENE_DB_NAME): Promise<SceneDb> {
  const db = await openOneStoreDb(factory, name, STORE, 'id')
  return {
    async list() {
      const rows = ((await db.getAll(STORE)) as { order?: unknown }[]).slice()
      rows.sort((a, b) => (Number(a.order) || 0) - (Number(b.order) || 0))
      const scenes: Scene[] = []
      const skipped: string[] = []
      rows.forEach((raw, i) => {
        try {
          scenes.push(validateScene(raw, i + 1))
        } catch (e) {
          skipped.push(errorMessage(e))
        }
      })
      return { scenes, skipped }
    },
    async replaceAll(scenes) {
      // copied before the first await: the write holds the list as it was when asked for; plain
      // objects only, a Vue proxy cannot be cloned into IndexedDB
      const rows = scenes.map((s, order) => ({ ...JSON.parse(JSON.stringify(s)), order }))
      // one transaction: a crash leaves the old list or the new one; requests queue in order
      await writeInOneTransaction(db, STORE, (store) => {
        void store.clear().catch(() => {})
        for (const r of rows) void store.put(r).catch(() => {})
      })
    },
    close() {
      db.close()
    },
  }
}
