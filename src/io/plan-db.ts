/**
 * Camera plans kept in IndexedDB: every edit is written at once, so a reload or a crash loses
 * nothing the planner did. A database of its own (not a store in the datasets' database), so
 * resetting the imported data never touches the plans and neither schema waits on the other.
 */
import { openOneStoreDb } from './idb-store'
import { validatePlanCamera, type PlanCamera } from '../core/plan-cameras'

export interface StoredPlan {
  id: string
  name: string
  /** ISO 8601 */
  createdAt: string
  updatedAt: string
  cameras: PlanCamera[]
}

export interface PlanDb {
  /** Stored plans, oldest first; a damaged record is skipped and named in `skipped`. */
  list(): Promise<{ plans: StoredPlan[]; skipped: string[] }>
  put(p: StoredPlan): Promise<void>
  delete(id: string): Promise<void>
  close(): void
}

const STORE = 'plans'
export const PLAN_DB_NAME = 'pingan-map-plans'

/** A record as read back: the cameras are checked one by one, a bad camera drops only itself. */
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
  return { plan: { id: r.id, name: r.name, createdAt: r.createdAt ?? at, updatedAt: r.updatedAt ?? at, cameras }, badCameras }
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
    async put(p) {
      // plain objects only: a Vue proxy cannot be cloned into IndexedDB
      await db.put(STORE, { ...p, cameras: p.cameras.map((c) => ({ ...c })) })
    },
    async delete(id) {
      await db.delete(STORE, id)
    },
    close() {
      db.close()
    },
  }
}
