import { ref, toRaw, type Ref } from 'vue'
import { openPlanDb, PlanConflictError, PLAN_CHANNEL, type PlanDb, type PlanMessage, type StoredPlan } from '../io/plan-db'
import { createSaveQueue, type SaveState } from '../io/save-queue'
import { isQuotaError } from '../io/idb-store'
import { openTabChannel, type TabChannel } from '../io/tab-channel'
import { guardUnload } from '../io/unload-guard'
import { errorMessage } from '../core/text-format'
import { openServerPlans, type PlanRevision, type ServerPlanDb } from '../io/server-plans'
import { useServerStore } from '../stores/server'
import { worthRetrying } from '../io/seat-http'

/** A notice shown once (role=status): its message key and values. */
export interface PlanNotice { key: string; values: Record<string, unknown> }

/** What the plan store does with a plan when storage or another tab says so. */
export interface PlanStorageHooks {
  /** the plans in memory, as the store holds them (the storage reads and fills this list) */
  plans: Ref<StoredPlan[]>
  activeId: Ref<string | null>
  /** Puts the database's version of a plan in place of this tab's (or adds it). */
  replace(fresh: StoredPlan): void
  /** Takes a plan out of this tab (the storage forgets it by itself). */
  drop(id: string): void
  /** Makes sure some plan is active after the active one went. */
  ensureActive(): Promise<void>
}

/**
 * Keeping the plans: every edit is written to IndexedDB at once (one transaction, one write at a
 * time, see save-queue), so a reload or a crash finds a plan as it was before or after an edit,
 * never half of one. Each stored plan carries a rev: a write based on an older rev than the stored
 * one (another tab wrote meanwhile) is refused and shown as a conflict instead of overwriting, and
 * the other tabs hear of every committed write and follow it.
 */
export function usePlanStorage(h: PlanStorageHooks) {
  const saveState = ref<SaveState>('idle')
  /** why the last write failed while saveState is 'error' */
  const saveError = ref<{ quota: boolean; message: string } | null>(null)
  /** plans whose write was refused because another tab changed (null: deleted) them: what the database holds */
  const conflicts = ref<{ id: string; stored: StoredPlan | null }[]>([])
  const notice = ref<PlanNotice | null>(null)
  const storageError = ref<string | null>(null)
  /** plans or cameras that could not be read back from storage (named, not silently dropped) */
  const skippedOnLoad = ref<string[]>([])
  /** whether the plans keep a history (on the server) */
  const hasHistory = ref(false)

  let db: PlanDb | null = null
  /** the server's plans (server mode): their history, restore */
  let shared: ServerPlanDb | null = null
  /** the rev of each plan as this tab last wrote or read it */
  const storedRev = new Map<string, number>()
  let channel: TabChannel<PlanMessage> | null = null

  const queue = createSaveQueue<string>({
    write: writePlan,
    isConflict: (e) => e instanceof PlanConflictError,
    onChange(q) {
      saveState.value = q.state
      saveError.value = q.state === 'error' ? { quota: isQuotaError(q.error), message: errorMessage(q.error) } : null
    },
  })

  async function writePlan(id: string) {
    const p = h.plans.value.find((x) => x.id === id)
    if (!p || !db) return
    try {
      const rev = await db.put(toRaw(p), storedRev.get(id) ?? null)
      storedRev.set(id, rev)
      p.rev = rev
      conflicts.value = conflicts.value.filter((c) => c.id !== id)
      channel?.post({ kind: 'saved', id, rev })
    } catch (e) {
      if (e instanceof PlanConflictError) {
        conflicts.value = [...conflicts.value.filter((c) => c.id !== id), { id, stored: e.stored }]
        notice.value = null // an older "loaded the latest version" would only confuse the choice now asked for
      }
      throw e
    }
  }

  /** Another tab committed a write or a delete: follow it, unless this tab has edits of its own not yet written (those meet the rev check). */
  async function onMessage(m: PlanMessage) {
    if (!m || typeof m.id !== 'string' || !db) return
    await queue.exclusive(async () => {
      if (queue.unwritten(m.id) || !db) return
      const mine = h.plans.value.find((p) => p.id === m.id)
      if (m.kind === 'deleted') {
        if (!mine) return
        drop(m.id)
        if (h.activeId.value === m.id) {
          await h.ensureActive()
          notice.value = { key: shared ? 'seats.planDeletedElsewhere' : 'storage.planDeletedElsewhere', values: { name: mine.name } }
        }
        return
      }
      if ((storedRev.get(m.id) ?? -1) >= m.rev) return
      const fresh = await db.get(m.id)
      if (!fresh || queue.unwritten(m.id)) return
      replace(fresh)
      if (mine) notice.value = { key: shared ? 'seats.planReloaded' : 'storage.planReloaded', values: { name: fresh.name } }
    })
  }

  function replace(fresh: StoredPlan) {
    storedRev.set(fresh.id, fresh.rev)
    h.replace(fresh)
  }

  function drop(id: string) {
    h.drop(id)
    forget(id)
  }

  /** This tab no longer has plan `id`: nothing of it is left to write or to settle. */
  function forget(id: string) {
    storedRev.delete(id)
    conflicts.value = conflicts.value.filter((c) => c.id !== id)
    queue.resolve(id)
  }

  /** Reads the stored plans into `plans` and starts following the other tabs; without storage (private mode, quota) plans last for this session, and storageError says so. */
  async function open() {
    try {
      const server = await useServerStore().seatServer()
      shared = server && openServerPlans(server.base, server.districtId)
      db = shared || (await openPlanDb())
      const { plans: stored, skipped } = await db.list()
      for (const p of stored) storedRev.set(p.id, p.rev)
      h.plans.value = stored
      skippedOnLoad.value = skipped
      hasHistory.value = shared !== null
      if (shared) {
        // another seat's saves arrive by polling; an edit that failed while the server was away is written once it answers
        const poller = shared.follow((m) => void onMessage(m), () => {
          if (queue.state === 'error' && worthRetrying(queue.error)) queue.retry()
        })
        channel = { post() {}, close: () => poller.stop() }
      } else channel = openTabChannel(PLAN_CHANNEL, (m) => void onMessage(m))
      // the browser asks the user to confirm leaving while some edits are only in this tab
      guardUnload(() => queue.anyUnwritten())
    } catch (e) {
      storageError.value = errorMessage(e)
    }
  }

  /** Queues the plan's write; resolves when nothing is left queued (whether that write succeeded or not: saveState says). */
  async function persist(p: StoredPlan) {
    if (!db) return
    queue.mark(p.id)
    await queue.idle()
  }

  /** After a failed write (a full disk): write everything unwritten again. */
  async function retrySave() {
    queue.retry()
    await queue.idle()
  }

  /** A conflict settled by taking the database's version (the other window's); this window's edit of that plan is dropped. */
  async function loadStored(id: string) {
    await queue.exclusive(async () => {
      const fresh = db ? await db.get(id) : null
      if (fresh) replace(fresh)
      else drop(id)
      conflicts.value = conflicts.value.filter((c) => c.id !== id)
      queue.resolve(id)
    })
    await h.ensureActive()
  }

  /** Deletes the stored plan, after any write of it in flight, so that write cannot bring it back. */
  async function remove(id: string) {
    await queue.exclusive(async () => {
      try {
        await db?.delete(id)
        channel?.post({ kind: 'deleted', id, rev: 0 })
      } catch (e) {
        storageError.value = errorMessage(e)
      }
    })
  }

  /** The plan's saved revisions, newest first (server mode; none in the browser-only app). */
  async function history(id: string): Promise<PlanRevision[]> {
    return shared ? shared.history(id) : []
  }

  /**
   * Makes an earlier revision the plan's newest, based on the revision this seat holds: refused
   * while this seat has edits of it not yet saved, and a conflict (the usual choice) when another
   * seat saved since.
   */
  async function restore(id: string, revision: number): Promise<boolean> {
    return queue.exclusive(async () => {
      const base = storedRev.get(id)
      if (!shared || base === undefined || queue.unwritten(id)) return false
      try {
        replace(await shared.restore(id, revision, base))
        return true
      } catch (e) {
        if (!(e instanceof PlanConflictError)) throw e
        conflicts.value = [...conflicts.value.filter((c) => c.id !== id), { id, stored: e.stored }]
        return false
      }
    })
  }

  return { saveState, saveError, conflicts, notice, storageError, skippedOnLoad, hasHistory, open, persist, retrySave, loadStored, remove, forget, history, restore }
}
