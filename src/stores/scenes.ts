import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { parseScenesFile, scenesFileJson, validateScene, type Scene } from '../core/scenes'
import { openSceneDb, SCENES_CHANNEL, type SceneDb } from '../io/scene-db'
import { openTabChannel, type TabChannel } from '../io/tab-channel'
import { createSaveQueue } from '../io/save-queue'
import { isQuotaError } from '../io/idb-store'
import { errorMessage } from '../core/text-format'
import { newRecordId } from '../core/record-id'
import { useViewStore } from './view'
import { useFiltersStore } from './filters'
import { useServerStore } from './server'
import { openServerScenes } from '../io/server-scenes'
import { worthRetrying } from '../io/seat-http'

export interface SceneImportReport {
  added: number
  replaced: number
  errors: string[]
}

export const DEFAULT_SCENE_DURATION_S = 30

/**
 * The wall's scenes, in rotation order: made at the desk from the current view, kept in
 * IndexedDB (every change is written at once, the whole list in one transaction, one write at a
 * time) or, in server mode, on the server for every seat of the district (io/server-scenes.ts,
 * followed by polling instead of the tabs' channel), exported and imported as JSON. When the browser refuses to store, the list in memory
 * stays as edited, `saveState` is 'error' and `saveError` says why; `retrySave` writes it again.
 */
export const useScenesStore = defineStore('scenes', () => {
  const scenes = shallowRef<Scene[]>([])
  const storageError = ref<string | null>(null)
  const saveState = ref<'idle' | 'saving' | 'saved' | 'error'>('idle')
  const saveError = ref<{ quota: boolean; message: string } | null>(null)
  /** messages for stored scenes that could not be read back */
  const skipped = ref<string[]>([])
  let db: SceneDb | null = null
  let channel: TabChannel<{ kind: 'saved' }> | null = null
  /** a write failed because the server was unreachable: written again as soon as it answers */
  const retryWhenBack = () => {
    if (queue.state === 'error' && worthRetrying(queue.error)) queue.retry()
  }

  // one key: every write replaces the whole list as it is when the write starts
  const queue = createSaveQueue<'all'>({
    async write() {
      if (!db) return
      await db.replaceAll(scenes.value)
      channel?.post({ kind: 'saved' })
    },
    isConflict: () => false,
    onChange(q) {
      saveState.value = q.state === 'conflict' ? 'error' : q.state
      saveError.value = q.state === 'error' ? { quota: isQuotaError(q.error), message: errorMessage(q.error) } : null
    },
  })

  const ready = (async () => {
    try {
      const server = await useServerStore().seatServer()
      const shared = server && openServerScenes(server.base, server.districtId)
      db = shared || (await openSceneDb())
      const r = await db.list()
      scenes.value = r.scenes
      skipped.value = r.skipped
      if (shared) {
        const poller = shared.follow(() => void reread(), retryWhenBack)
        channel = { post() {}, close: () => poller.stop() }
      } else channel = openTabChannel(SCENES_CHANNEL, () => void reread())
    } catch (e) {
      storageError.value = errorMessage(e)
    }
  })()

  /** Another tab wrote the list: take it, unless this tab has a change of its own not yet written. */
  async function reread() {
    await queue.exclusive(async () => {
      if (!db || queue.anyUnwritten()) return
      const r = await db.list()
      if (queue.anyUnwritten()) return
      scenes.value = r.scenes
      skipped.value = r.skipped
    })
  }

  /** Shows `next` at once and writes it; resolves when nothing is left queued (saveState says how it went). */
  async function commit(next: Scene[]) {
    scenes.value = next
    await ready
    if (!db) return
    queue.mark('all')
    await queue.idle()
  }

  async function retrySave() {
    queue.retry()
    await queue.idle()
  }

  /** The desk's current camera, layers and filter as a new last scene. Throws (a SceneError) on a bad title or duration. */
  async function saveCurrent(title: string, durationS = DEFAULT_SCENE_DURATION_S): Promise<Scene> {
    const view = useViewStore()
    const filters = useFiltersStore()
    const id = newRecordId('s')
    const scene = validateScene({ id, title, center: view.center, zoom: view.zoom, bounds: view.bounds, layers: view.layers, filter: filters.spec, durationS }, scenes.value.length + 1)
    await commit([...scenes.value, scene])
    return scene
  }

  async function remove(id: string) {
    await commit(scenes.value.filter((s) => s.id !== id))
  }

  /** Moves a scene `delta` places in the rotation (clamped to the ends). */
  async function move(id: string, delta: number) {
    const from = scenes.value.findIndex((s) => s.id === id)
    if (from < 0) return
    const to = Math.max(0, Math.min(scenes.value.length - 1, from + delta))
    const next = [...scenes.value]
    next.splice(to, 0, ...next.splice(from, 1))
    await commit(next)
  }

  const exportJson = () => scenesFileJson(scenes.value)

  /** Adds the file's good scenes; one with the id of a scene already here replaces it in place. */
  async function importJson(text: string): Promise<SceneImportReport> {
    const { scenes: incoming, errors } = parseScenesFile(text)
    const next = [...scenes.value]
    let added = 0, replaced = 0
    for (const s of incoming) {
      const i = next.findIndex((x) => x.id === s.id)
      if (i >= 0) {
        next[i] = s
        replaced++
      } else {
        next.push(s)
        added++
      }
    }
    if (incoming.length) await commit(next)
    return { added, replaced, errors }
  }

  return { scenes, storageError, saveState, saveError, skipped, ready, saveCurrent, remove, move, exportJson, importJson, retrySave }
})
