import { onBeforeUnmount, onMounted } from 'vue'
import { usePlanStore } from '../stores/plan'
import { useViewStore } from '../stores/view'

/**
 * The planner's keys while the plan layer is shown: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and
 * redo, Delete removes the selected camera, Escape leaves the add tool. They work while the map
 * or the panel has focus, not while typing in a field.
 */
export function usePlanKeys() {
  const plan = usePlanStore()
  const view = useViewStore()
  function onKey(e: KeyboardEvent) {
    if (!view.visible.has('plan')) return
    const target = e.target as HTMLElement | null
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return
    const mod = e.ctrlKey || e.metaKey
    if (mod && e.key.toLowerCase() === 'z') {
      e.preventDefault()
      if (e.shiftKey) plan.redo()
      else plan.undo()
    } else if (mod && e.key.toLowerCase() === 'y') {
      e.preventDefault()
      plan.redo()
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && plan.selected) {
      plan.deleteCamera(plan.selected.id)
    } else if (e.key === 'Escape') {
      plan.tool = 'select'
    }
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
