import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { parseScenesFile, scenesFileJson, validateScene, type Scene } from '../core/scenes'
import { openSceneDb, type SceneDb } from '../io/scene-db'
import { useViewStore } from './view'
import { useFiltersStore } from './filters'

export interface SceneImportReport {
  added: number
  replaced: number
  errors: string[]
}

export const DEFAULT_SCENE_DURATION_S = 30

/**
 * The wall's scenes, in rotation order: made at the desk from the current view, kept in
 * IndexedDB (every change is written at once), exported and imported as JSON. When the browser
 * refuses to store, the list in memory stays as edited and `storageError` says why.
 */
export const useScenesStore = defineStore('scenes', () => {
  const scenes = shallowRef<Scene[]>([])
  const storageError = ref<string | null>(null)
  /** messages for stored scenes that could not be read back */
  const skipped = ref<string[]>([])
  let db: SceneDb | null = null

  const ready = (async () => {
    try {
      db = await openSceneDb()
      const r = await db.list()
      scenes.value = r.scenes
      skipped.value = r.skipped
    } catch (e) {
      storageError.value = e instanceof Error ? e.message : String(e)
    }
  })()

  async function commit(next: Scene[]) {
    scenes.value = next
    await ready
    try {
      await db?.replaceAll(next)
      storageError.value = null
    } catch (e) {
      storageError.value = e instanceof Error ? e.message : String(e)
    }
  }

  /** The desk's current camera, layers and filter as a new last scene. Throws (a SceneError) on a bad title or duration. */
  async function saveCurrent(title: string, durationS = DEFAULT_SCENE_DURATION_S): Promise<Scene> {
    const view = useViewStore()
    const filters = useFiltersStore()
    const id = `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`
    const scene = validateScene({ id, title, center: view.center, zoom: view.zoom, layers: view.layers, filter: filters.spec, durationS }, scenes.value.length + 1)
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

  return { scenes, storageError, skipped, ready, saveCurrent, remove, move, exportJson, importJson }
})
