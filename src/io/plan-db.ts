/**
 * Camera plans kept in IndexedDB: every edit is written at once, so a reload or a crash loses
 * nothing the planner did. A database of its own (not a store in the datasets' database), so
 * resetting the imported data never touches the plans and neither schema waits on the other.
 */
import { openOneStoreDb, writeInOneTransaction } from './idb-store'
import { validatePlanCamera, type PlanCamera } from '../core/plan-cameras'
import { plainSuggestions, readSuggestions, type Suggestion } from '../core/plan-suggestions'

export interface StoredPlan {
  id: string
  name: string
  /** ISO 8601 */
  createdAt: string
  updatedAt: string
  cameras: PlanCamera[]
  /** suggested cameras still to decide on (and those decided, for their numbers), kept so a reload finds them; absent in older records */
  suggestions?: Suggestion[]
  /** Bumped by every committed write; what a tab last read tells whether another tab wrote since. Old records read as 0. */
  rev: number
}

/** The stored plan is not the one this write was based on: another tab wrote (or deleted) it. */
export class PlanConflictError extends Error {
  override name = 'PlanConflictError'
  /** what the database holds now; null when the plan was deleted */
  constructor(readonly id: string, readonly stored: StoredPlan | null) {
    super(stored ? `plan ${id} was changed elsewhere (rev ${stored.rev})` : `plan ${id} was deleted elsewhere`)
  }
}

export interface PlanDb {
  /** Stored plans, oldest first; a damaged record is skipped and named in `skipped`. */
  list(): Promise<{ plans: StoredPlan[]; skipped: string[] }>
  /** The stored plan, or null when there is none (or it cannot be read). */
  get(id: string): Promise<StoredPlan | null>
  /**
   * Writes `p` in one transaction, only if the stored record is still at `baseRev` (null: only if
   * there is none), and resolves with the new rev once the transaction has committed. Throws a
   * PlanConflictError otherwise, leaving the record as it was; a full disk throws the browser's
   * QuotaExceededError (see isQuotaError).
   */
  put(p: StoredPlan, baseRev: number | null): Promise<number>
  delete(id: string): Promise<void>
  close(): void
}

const STORE = 'plans'
export const PLAN_DB_NAME = 'pingan-map-plans'
/** Tabs of this origin tell each other about committed writes (tab-channel.ts), so none keeps editing a stale plan. */
export const PLAN_CHANNEL = 'pingan-map-plans'

export type PlanMessage = { kind: 'saved' | 'deleted'; id: string; rev: number }

/** A record as read back: the cameras and suggestions are checked one by one, a bad one drops only itself. */
export function readStoredPlan(x: unknown): { plan: StoredPlan; badCameras: number } | null {
  const r = x as Partial<StoredPlan> | null
  if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || typeof r.name !== 'string' || !Array.isArray(r.cameras)) return null
  const cameras: PlanCamera[] = []
  let badCameras = 0
  for (const c of r.cameras) {
    try {
      cameras.push(validatePlanCamera(c))
    } catch {
      badCameras++
    }
  }
  const at = new Date(0).toISOString()
  const rev = typeof r.rev === 'number' && Number.isInteger(r.rev) && r.rev >= 0 ? r.rev : 0
  const { suggestions } = readSuggestions(r.suggestions)
  const plan: StoredPlan = { id: r.id, name: r.name, createdAt: r.createdAt ?? at, updatedAt: r.updatedAt ?? at, cameras, rev }
  if (suggestions.length) plan.suggestions = suggestions
  return { plan, badCameras }
}

export async function openPlanDb(factory: IDBFactory = globalThis.indexedDB, name = PLAN_DB_NAME): Promise<PlanDb> {
  const db = await openOneStoreDb(factory, name, STORE, 'id')
  return {
    async list() {
      const plans: StoredPlan[] = []
      const skipped: string[] = []
      for (const raw of (await db.getAll(STORE)) as unknown[]) {
        const r = readStoredPlan(raw)
        if (!r) skipped.push(String((raw as { id?: unknown } | null)?.id ?? '?'))
        else {
          plans.push(r.plan)
          if (r.badCameras) skipped.push(`${r.plan.name}: ${r.badCameras}`)
        }
      }
      plans.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      return { plans, skipped }
    },
    async get(id) {
      return readStoredPlan(await db.get(STORE, id))?.plan ?? null
    },
    async put(p, baseRev) {
      // Copied before the first await, so the write holds the plan as it was when it was asked
      // for; plain objects only, a Vue proxy cannot be cloned into IndexedDB.
      const record = { ...p, cameras: p.cameras.map((c) => ({ ...c })), suggestions: plainSuggestions(p.suggestions ?? []), rev: (baseRev ?? 0) + 1 }
      await writeInOneTransaction(db, STORE, async (store) => {
        const raw: unknown = await store.get(p.id)
        const stored = raw === undefined ? null : readStoredPlan(raw)?.plan ?? null
        if (baseRev === null ? raw !== undefined : raw === undefined || stored?.rev !== baseRev) throw new PlanConflictError(p.id, stored)
        void store.put(record).catch(() => {}) // its failure aborts the transaction: the caller gets why
      })
      return record.rev
    },
    async delete(id) {
      await db.delete(STORE, id)
    },
    close() {
      db.close()
    },
  }
}
