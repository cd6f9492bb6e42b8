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

const SIDE_LAYOUT_KEY = 'pingan-map.sideLayout'

/** The desk's right column as the user left it: the expanded panel ('none': all collapsed), the area detail folded or not, the width in CSS pixels. */
export interface SideLayoutPrefs { expanded?: string; detailOpen?: boolean; width?: number }

export function rememberedSideLayout(): SideLayoutPrefs {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(SIDE_LAYOUT_KEY) ?? '{}')
    return v && typeof v === 'object' ? v as SideLayoutPrefs : {}
  } catch {
    // written by an older or foreign page: start from the defaults
    return {}
  }
}

export function rememberSideLayout(prefs: SideLayoutPrefs): void {
  localStorage.setItem(SIDE_LAYOUT_KEY, JSON.stringify(prefs))
}
