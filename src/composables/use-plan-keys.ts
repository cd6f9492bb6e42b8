import { onBeforeUnmount, onMounted } from 'vue'
import { ownsEscape, planKeyAction } from '../core/plan-keys'
import { usePlanStore } from '../stores/plan'
import { useViewStore } from '../stores/view'

/**
 * The planner's keys (core/plan-keys decides): Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo,
 * Delete removes the selected camera while the plan layer is shown and no field has focus;
 * Escape leaves the add tool wherever the focus is. Listened to on the window in the bubbling
 * phase, so an element that handles Escape itself (preventDefault) keeps it.
 */
export function usePlanKeys() {
  const plan = usePlanStore()
  const view = useViewStore()
  function onKey(e: KeyboardEvent) {
    const target = e.target as HTMLElement | null
    const tag = target?.tagName ?? ''
    const action = planKeyAction(
      {
        key: e.key, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey, handled: e.defaultPrevented,
        typing: tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || target?.isContentEditable === true,
        ownsEscape: target ? ownsEscape(tag, target.getAttribute('type'), target.closest('[data-own-escape]') !== null) : false,
      },
      { planShown: view.visible.has('plan'), adding: plan.tool === 'add', hasSelection: plan.selected !== null },
    )
    if (action === 'undo' || action === 'redo') e.preventDefault()
    if (action === 'undo') plan.undo()
    else if (action === 'redo') plan.redo()
    else if (action === 'delete' && plan.selected) plan.deleteCamera(plan.selected.id)
    else if (action === 'endAdd') plan.tool = 'select'
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
