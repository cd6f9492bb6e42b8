/**
 * What a key press does in the planner, decided from the key and where the focus is (the
 * composable use-plan-keys reads those off the event). Typing in a field keeps its keys, with one
 * exception: Escape ends the add tool wherever the focus is (a planner who typed a range and
 * then wants to stop adding cameras should not have to click the map first), unless the focused
 * element uses Escape itself (a search field, or something that already handled it). A select
 * does not count: while its list is open the browser takes Escape before the page sees it, and
 * once closed (the camera type just picked) Escape is the planner's.
 */
export type PlanKeyAction = 'undo' | 'redo' | 'delete' | 'endAdd' | null

export interface PlanKeyPress {
  key: string
  ctrl: boolean
  shift: boolean
  /** already handled by the focused element (preventDefault) */
  handled: boolean
  /** the focus is in a text field, select or text area */
  typing: boolean
  /** the focused element uses Escape itself */
  ownsEscape: boolean
}

export interface PlanKeyState {
  /** the plan layer is shown */
  planShown: boolean
  adding: boolean
  hasSelection: boolean
}

export function planKeyAction(k: PlanKeyPress, s: PlanKeyState): PlanKeyAction {
  if (k.key === 'Escape') return s.adding && !k.handled && !k.ownsEscape ? 'endAdd' : null
  if (!s.planShown || k.typing) return null
  const key = k.key.toLowerCase()
  if (k.ctrl && key === 'z') return k.shift ? 'redo' : 'undo'
  if (k.ctrl && key === 'y') return 'redo'
  if ((k.key === 'Delete' || k.key === 'Backspace') && s.hasSelection) return 'delete'
  return null
}

/** Input types whose own behaviour uses Escape (a search field clears itself). */
const ESCAPE_INPUT_TYPES = new Set(['search'])

/** Whether an element (tag, input type, attribute) keeps Escape for itself: a search field, or one marked data-own-escape. */
export function ownsEscape(tag: string, inputType: string | null, marked: boolean): boolean {
  return marked || (tag === 'INPUT' && ESCAPE_INPUT_TYPES.has((inputType ?? '').toLowerCase()))
}
