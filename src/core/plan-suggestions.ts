/**
 * Suggested cameras kept with their plan. Each carries its rank (1 = chosen first by the greedy
 * placement), and that rank is the one number the planner sees, in the list and on the map: it
 * stays with the suggestion when others are accepted or rejected, so "#3" means the same camera
 * before and after the planner decides on #1 (a renumbered map would point at another one).
 */
import { validatePlanCamera, type PlanCamera } from './plan-cameras'

export const SUGGESTION_STATUSES = ['pending', 'accepted', 'rejected'] as const
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number]

export interface Suggestion {
  /** 1-based order of choice; never renumbered */
  rank: number
  camera: PlanCamera
  gain: number
  newlyCovered: number
  status: SuggestionStatus
}

/** The map's labels: the pending suggestions, each with the number the list shows for it. */
export function pendingSuggestionLabels(list: readonly Suggestion[]): { camera: PlanCamera; label: string }[] {
  return list.filter((s) => s.status === 'pending').map((s) => ({ camera: s.camera, label: String(s.rank) }))
}

/** Rows as the worker ranks them: ranks 1..n in that order, all pending. */
export function rankSuggestions(rows: readonly { camera: PlanCamera; gain: number; newlyCovered: number }[]): Suggestion[] {
  return rows.map((r, k) => ({ rank: k + 1, camera: r.camera, gain: r.gain, newlyCovered: r.newlyCovered, status: 'pending' }))
}

/** A plain copy (no Vue proxy), fit for IndexedDB or JSON. */
export function plainSuggestions(list: readonly Suggestion[]): Suggestion[] {
  return list.map((s) => ({ rank: s.rank, camera: { ...s.camera }, gain: s.gain, newlyCovered: s.newlyCovered, status: s.status }))
}

/**
 * Suggestions as read back from storage or a request: each row is checked on its own, a bad one
 * drops only itself (its rank is not given to another) and is named in `errors` by its position.
 * Anything but an array (an old plan has none) reads as no suggestions.
 */
export function readSuggestions(x: unknown): { suggestions: Suggestion[]; errors: string[] } {
  const suggestions: Suggestion[] = []
  const errors: string[] = []
  if (!Array.isArray(x)) return { suggestions, errors }
  const ranks = new Set<number>()
  x.forEach((raw, i) => {
    try {
      const r = raw as Partial<Suggestion> | null
      if (typeof r !== 'object' || r === null) throw new Error('not an object')
      if (!Number.isInteger(r.rank) || (r.rank as number) < 1 || ranks.has(r.rank as number)) throw new Error(`rank must be a unique whole number ≥ 1 (got ${String(r.rank)})`)
      if (typeof r.gain !== 'number' || !Number.isFinite(r.gain)) throw new Error(`gain must be a number (got ${String(r.gain)})`)
      if (typeof r.newlyCovered !== 'number' || !Number.isFinite(r.newlyCovered)) throw new Error(`newlyCovered must be a number (got ${String(r.newlyCovered)})`)
      if (!SUGGESTION_STATUSES.includes(r.status as SuggestionStatus)) throw new Error(`status must be one of ${SUGGESTION_STATUSES.join(', ')} (got ${String(r.status)})`)
      const camera = validatePlanCamera(r.camera)
      ranks.add(r.rank as number)
      suggestions.push({ rank: r.rank as number, camera, gain: r.gain, newlyCovered: r.newlyCovered, status: r.status as SuggestionStatus })
    } catch (e) {
      errors.push(`suggestion ${i + 1}: ${(e as Error).message}`)
    }
  })
  suggestions.sort((a, b) => a.rank - b.rank)
  return { suggestions, errors }
}
