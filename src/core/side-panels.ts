/**
 * The desk's right column: which analysis panels the visible layers bring, which one of them is
 * expanded (one at a time, so that the task at hand gets the column's height), and how wide the
 * user may drag the column.
 */

/** The column's panels top to bottom; the ranking is always there, the others come with their layers. */
export const SIDE_PANELS = ['safety', 'coverage', 'patrol', 'plan', 'crime', 'units'] as const
export type SidePanel = (typeof SIDE_PANELS)[number]

const PANEL_LAYERS: Record<Exclude<SidePanel, 'safety'>, readonly string[]> = {
  coverage: ['coverage', 'gaps'],
  patrol: ['patrol', 'isochrones', 'presence'],
  plan: ['plan'],
  crime: ['nearRepeat', 'emerging', 'repeatPlaces'],
  units: ['units', 'response'],
}

/**
 * Which panel to expand when several arrive at once (a link, a reload): the most specific task
 * first; planning a camera reads coverage, so the planner wins over the coverage figures, and
 * the units' dispatch list over the analyses.
 */
const PRIORITY: readonly SidePanel[] = ['plan', 'units', 'crime', 'patrol', 'coverage', 'safety']

export function isSidePanel(x: unknown): x is SidePanel {
  return typeof x === 'string' && (SIDE_PANELS as readonly string[]).includes(x)
}

/** The panels the visible layers bring, in the column's order. */
export function presentPanels(layers: Iterable<string>): SidePanel[] {
  const on = new Set(layers)
  return SIDE_PANELS.filter((p) => p === 'safety' || PANEL_LAYERS[p].some((l) => on.has(l)))
}

const firstByPriority = (panels: readonly SidePanel[]): SidePanel | null => PRIORITY.find((p) => panels.includes(p)) ?? null

/**
 * The panel expanded when the page opens: the one remembered from the last visit if it is there,
 * none if the user had collapsed them all, else the most specific one present.
 */
export function initialExpanded(remembered: SidePanel | 'none' | null, present: readonly SidePanel[]): SidePanel | null {
  if (remembered === 'none') return null
  if (remembered && present.includes(remembered)) return remembered
  return firstByPriority(present)
}

/**
 * The panel expanded after the visible layers changed: a panel that just arrived opens (turning
 * coverage on is asking for its figures); when the expanded one left, the most specific one
 * still there takes its place; otherwise the user's choice stays, a collapsed column included.
 */
export function expandedAfter(expanded: SidePanel | null, before: readonly SidePanel[], after: readonly SidePanel[]): SidePanel | null {
  const arrived = after.filter((p) => !before.includes(p))
  if (arrived.length) return firstByPriority(arrived)
  if (expanded && !after.includes(expanded)) return firstByPriority(after)
  return expanded
}

/** The column's default width, in CSS pixels (34rem: the ranking's nine columns fit). */
export const SIDE_WIDTH_DEFAULT = 544
export const SIDE_WIDTH_MIN = 360
export const SIDE_WIDTH_MAX = 960
/**
 * What the window keeps beside the column, in CSS pixels: the timeline's left edge (24rem), its
 * least width (18rem), the gap to the column (1rem) and the map's zoom buttons right of it (3.5rem).
 */
const BESIDE_COLUMN = 384 + 288 + 16 + 56

/** The width to draw: the user's, within the bounds and within what this window leaves beside the map's other panels. */
export function clampSideWidth(width: number, windowWidth: number): number {
  const room = Math.max(SIDE_WIDTH_MIN, Math.min(SIDE_WIDTH_MAX, windowWidth - BESIDE_COLUMN))
  const w = Number.isFinite(width) ? width : SIDE_WIDTH_DEFAULT
  return Math.round(Math.min(room, Math.max(SIDE_WIDTH_MIN, w)))
}
