/**
 * Small choices this browser remembers across reloads (localStorage, per origin). Not data: the
 * plans themselves are in IndexedDB (plan-db.ts).
 */
const ACTIVE_PLAN_KEY = 'pingan-map.activePlan'

/** The plan that was being edited when the page was last open here. */
export function rememberedActivePlan(): string | null {
  return localStorage.getItem(ACTIVE_PLAN_KEY)
}

export function rememberActivePlan(id: string): void {
  localStorage.setItem(ACTIVE_PLAN_KEY, id)
}
