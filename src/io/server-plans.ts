/**
 * Camera plans kept on the command centre's server (server mode), behind the same PlanDb the
 * IndexedDB store offers: a write names the revision it is based on and the server refuses it
 * (409, with what it holds) when another seat wrote since, which becomes the PlanConflictError
 * the plan panel already turns into "load theirs / save as new". The plans list is followed by
 * polling (list-poller.ts) and each change becomes the message another tab would have sent.
 */
import { pollList, type ListPoller } from './list-poller'
import { plainSuggestions } from '../core/plan-suggestions'
import { PlanConflictError, readStoredPlan, type PlanDb, type PlanMessage, type StoredPlan } from './plan-db'
import { apiUrl } from './server-api'
import { seatRequest, unexpected } from './seat-http'

interface ServerPlan { id: string; name: string; revision: number; plan: { createdAt?: string; updatedAt?: string; cameras?: unknown[]; suggestions?: unknown[] } }

/** One saved revision of a plan, for its history. */
export interface PlanRevision { revision: number; name: string; cameras: number; savedBy: string; savedAt: string }

export interface ServerPlanDb extends PlanDb {
  /** Calls `onMessage` for each plan another seat saved or deleted, `onAnswer` whenever the server answers a poll. */
  follow(onMessage: (m: PlanMessage) => void, onAnswer?: () => void): ListPoller
  history(id: string): Promise<PlanRevision[]>
  /** Makes revision `revision` the plan's newest, if the plan is still at `baseRev`; resolves with the plan as now stored. */
  restore(id: string, revision: number, baseRev: number): Promise<StoredPlan>
}

function toStored(p: ServerPlan): StoredPlan | null {
  return readStoredPlan({ ...p.plan, id: p.id, name: p.name, rev: p.revision })?.plan ?? null
}

export function openServerPlans(base: string, districtId: number): ServerPlanDb {
  const path = `districts/${districtId}/plans`
  const one = (id: string) => `${path}/${encodeURIComponent(id)}`
  /** the revision of each plan as last read or written here (a delete names it) */
  const revs = new Map<string, number>()
  const current = (body: unknown) => {
    const c = (body as { current?: ServerPlan } | null)?.current
    return c ? toStored(c) : null
  }

  const body = (p: StoredPlan) => ({ name: p.name, plan: { createdAt: p.createdAt, updatedAt: p.updatedAt, cameras: p.cameras.map((c) => ({ ...c })), suggestions: plainSuggestions(p.suggestions ?? []) } })

  const db: ServerPlanDb = {
    async list() {
      const a = await seatRequest(base, path)
      if (a.status !== 200) throw unexpected(a)
      const plans: StoredPlan[] = []
      const skipped: string[] = []
      for (const raw of (a.body as { plans: ServerPlan[] }).plans) {
        const p = toStored(raw)
        if (p) {
          plans.push(p)
          revs.set(p.id, p.rev)
        } else skipped.push(raw.id)
      }
      return { plans, skipped }
    },
    async get(id) {
      const a = await seatRequest(base, one(id))
      if (a.status === 404) return null
      if (a.status !== 200) throw unexpected(a)
      const p = toStored(a.body as ServerPlan)
      if (p) revs.set(p.id, p.rev)
      return p
    },
    async put(p, baseRev) {
      const sent = body(p)
      const a = baseRev === null
        ? await seatRequest(base, path, 'POST', { id: p.id, ...sent })
        : await seatRequest(base, one(p.id), 'PUT', { ...sent, baseRevision: baseRev })
      if (a.status === 409) throw new PlanConflictError(p.id, current(a.body))
      if (a.status === 404 && baseRev !== null) throw new PlanConflictError(p.id, null)
      if (a.status !== 200 && a.status !== 201) throw unexpected(a)
      const rev = (a.body as ServerPlan).revision
      revs.set(p.id, rev)
      return rev
    },
    async delete(id) {
      const rev = revs.get(id)
      if (rev === undefined) return // never stored on the server
      const a = await seatRequest(base, `${one(id)}?baseRevision=${rev}`, 'DELETE')
      if (a.status !== 200 && a.status !== 404) throw unexpected(a)
      revs.delete(id)
    },
    async history(id) {
      const a = await seatRequest(base, `${one(id)}/revisions`)
      if (a.status !== 200) throw unexpected(a)
      return a.body as PlanRevision[]
    },
    async restore(id, revision, baseRev) {
      const a = await seatRequest(base, `${one(id)}/restore`, 'POST', { revision, baseRevision: baseRev })
      if (a.status === 409) throw new PlanConflictError(id, current(a.body))
      if (a.status !== 200) throw unexpected(a)
      const p = toStored(a.body as ServerPlan)
      if (!p) throw unexpected(a)
      revs.set(id, p.rev)
      return p
    },
    follow(onMessage, onAnswer) {
      // what the list said last time: a plan whose revision moved was saved, one gone was deleted
      let seen: Map<string, number> | null = null
      return pollList({
        url: apiUrl(base, path),
        onAnswer,
        onChange(b) {
          const now = new Map(((b as { plans?: ServerPlan[] }).plans ?? []).map((p) => [p.id, p.revision]))
          const before = seen ?? new Map(revs)
          seen = now
          for (const [id, rev] of now) if (before.get(id) !== rev) onMessage({ kind: 'saved', id, rev })
          // a list answered just before this seat's own first write of a plan lacks it: asked again before saying deleted
          for (const id of before.keys()) {
            if (!now.has(id)) void db.get(id).then((p) => p === null && onMessage({ kind: 'deleted', id, rev: 0 }), () => {})
          }
        },
      })
    },
    close() {},
  }
  return db
}
