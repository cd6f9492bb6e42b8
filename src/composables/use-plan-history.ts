import { computed, ref, type Ref } from 'vue'
import { emptyHistory, recordEdit, type History, type undoEdit } from '../core/undo-history'
import type { PlanCamera } from '../core/plan-cameras'

/**
 * One undo history per plan, of its cameras. Kept in memory only: a reload, or another tab's
 * version of a plan taking its place, starts that plan without one.
 */
export function usePlanHistory(activeId: Ref<string | null>) {
  const histories = new Map<string, History<PlanCamera[]>>()
  // the Map is not reactive: this says when it changed
  const tick = ref(0)
  const current = () => histories.get(activeId.value ?? '') ?? emptyHistory<PlanCamera[]>()
  const canUndo = computed(() => (tick.value, current().past.length > 0))
  const canRedo = computed(() => (tick.value, current().future.length > 0))

  /** An edit of plan `id`: undo brings back `before`. */
  function record(id: string, before: PlanCamera[]) {
    histories.set(id, recordEdit(histories.get(id) ?? emptyHistory(), before))
    tick.value++
  }

  /** Moves plan `id` (the active one) back or forward: the cameras to put in place, null when there is nothing to move to. */
  function step(id: string, move: typeof undoEdit, present: PlanCamera[]): PlanCamera[] | null {
    const r = move(current(), present)
    if (!r) return null
    histories.set(id, r.history)
    tick.value++
    return r.state
  }

  function forget(id: string) {
    histories.delete(id)
    tick.value++
  }

  return { canUndo, canRedo, record, step, forget }
}
