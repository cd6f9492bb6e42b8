/**
 * Undo and redo over whole snapshots. A plan is a few hundred cameras at most, so keeping
 * each earlier state is cheaper to get right than inverse operations, and a snapshot is
 * what the store persists anyway.
 */
export interface History<T> {
  readonly past: readonly T[]
  readonly future: readonly T[]
}

export const DEFAULT_HISTORY_LIMIT = 200

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [] }
}

/** After an edit that replaced `before`: it becomes undoable and the redo branch is dropped; the oldest states go past `limit`. */
export function recordEdit<T>(h: History<T>, before: T, limit = DEFAULT_HISTORY_LIMIT): History<T> {
  const past = [...h.past, before]
  return { past: past.length > limit ? past.slice(past.length - limit) : past, future: [] }
}

/** The state to go back to and the history after it, or null when there is nothing to undo. */
export function undoEdit<T>(h: History<T>, current: T): { state: T; history: History<T> } | null {
  if (h.past.length === 0) return null
  return { state: h.past[h.past.length - 1], history: { past: h.past.slice(0, -1), future: [current, ...h.future] } }
}

export function redoEdit<T>(h: History<T>, current: T): { state: T; history: History<T> } | null {
  if (h.future.length === 0) return null
  return { state: h.future[0], history: { past: [...h.past, current], future: h.future.slice(1) } }
}
