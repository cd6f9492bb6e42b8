import { planNameIn } from '../core/plan-edits'
import { usePlanStore } from '../stores/plan'
import { useViewStore } from '../stores/view'

/** A plan's name by its id, in the UI language (the id itself for a plan no longer in the list). */
export function usePlanName(): (id: string) => string {
  const plan = usePlanStore()
  const view = useViewStore()
  return (id) => {
    const name = plan.plans.find((p) => p.id === id)?.name
    return name === undefined ? id : planNameIn(name, view.lang)
  }
}
