/**
 * The wall's scenes kept on the command centre's server (server mode), behind the same SceneDb
 * the IndexedDB store offers: the store still replaces the whole list, and this module turns
 * that into the server's per-scene writes, diffing against the list as it last read it (so a
 * scene another seat added meanwhile is not deleted). A scene is changed or deleted on the
 * revision last read; when another seat changed it meanwhile, this seat's deliberate save or
 * delete is applied on top (scenes are saved whole, the latest save wins). The order is sent
 * last and refused when the list changed under it; the next poll brings the server's list.
 */
import { validateScene, type Scene } from '../core/scenes'
import { errorMessage } from '../core/text-format'
import { pollList, type ListPoller } from './list-poller'
import type { SceneDb } from './scene-db'
import { apiUrl } from './server-api'
import { seatRequest, unexpected } from './seat-http'

interface ServerScene { id: string; revision: number; scene: unknown }

export interface ServerSceneDb extends SceneDb {
  /** Calls `onChange` when the district's list changed on the server, `onAnswer` whenever the server answers a poll. */
  follow(onChange: () => void, onAnswer?: () => void): ListPoller
}

export function openServerScenes(base: string, districtId: number): ServerSceneDb {
  const path = `districts/${districtId}/scenes`
  /** each scene as last read or written: its revision and its JSON */
  const known = new Map<string, { revision: number; json: string }>()
  let knownOrder: string[] = []

  const remember = (s: ServerScene) => known.set(s.id, { revision: s.revision, json: JSON.stringify(s.scene) })
  const current = (body: unknown) => (body as { current?: ServerScene } | null)?.current

  async function put(s: Scene, json: string, revision: number): Promise<void> {
    const a = await seatRequest(base, `${path}/${encodeURIComponent(s.id)}`, 'PUT', { scene: s, baseRevision: revision })
    if (a.status === 409 && current(a.body)) return put(s, json, current(a.body)!.revision)
    if (a.status === 404) return create(s, json)
    if (a.status !== 200) throw unexpected(a)
    remember(a.body as ServerScene)
  }

  async function create(s: Scene, json: string): Promise<void> {
    const a = await seatRequest(base, path, 'POST', { scene: s })
    if (a.status === 409 && current(a.body)) {
      remember(current(a.body)!)
      if (known.get(s.id)!.json !== json) await put(s, json, known.get(s.id)!.revision)
      return
    }
    if (a.status !== 201) throw unexpected(a)
    remember(a.body as ServerScene)
  }

  async function remove(id: string, revision: number): Promise<void> {
    const a = await seatRequest(base, `${path}/${encodeURIComponent(id)}?baseRevision=${revision}`, 'DELETE')
    if (a.status === 409 && current(a.body)) return remove(id, current(a.body)!.revision)
    if (a.status !== 200 && a.status !== 404) throw unexpected(a)
    known.delete(id)
  }

  return {
    async list() {
      const a = await seatRequest(base, path)
      if (a.status !== 200) throw unexpected(a)
      const rows = (a.body as { scenes: ServerScene[] }).scenes
      known.clear()
      const scenes: Scene[] = []
      const skipped: string[] = []
      rows.forEach((r, i) => {
        remember(r)
        try {
          scenes.push(validateScene(r.scene, i + 1))
        } catch (e) {
          skipped.push(errorMessage(e))
        }
      })
      knownOrder = rows.map((r) => r.id)
      return { scenes, skipped }
    },
    async replaceAll(list) {
      // copied before the first await: the write holds the list as it was when asked for
      const wanted = list.map((s) => ({ s: JSON.parse(JSON.stringify(s)) as Scene, json: JSON.stringify(s) }))
      const ids = new Set(wanted.map((w) => w.s.id))
      for (const [id, k] of [...known]) if (!ids.has(id)) await remove(id, k.revision)
      for (const w of wanted) {
        const k = known.get(w.s.id)
        if (!k) await create(w.s, w.json)
        else if (k.json !== w.json) await put(w.s, w.json, k.revision)
      }
      const order = wanted.map((w) => w.s.id)
      const stillKnown = knownOrder.filter((id) => ids.has(id))
      if (order.join('\n') !== [...stillKnown, ...order.filter((id) => !stillKnown.includes(id))].join('\n')) {
        const a = await seatRequest(base, `districts/${districtId}/scene-order`, 'PUT', { ids: order })
        if (a.status !== 200 && a.status !== 409) throw unexpected(a)
      }
      knownOrder = order
    },
    follow(onChange, onAnswer) {
      return pollList({ url: apiUrl(base, path), onChange: () => onChange(), onAnswer })
    },
    close() {},
  }
}
