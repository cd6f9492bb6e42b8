import { usePlanStore } from '../stores/plan'

/** A plan's name by its id (the id itself for a plan no longer in the list). */
export function usePlanName(): (id: string) => string {
  const plan = usePlanStore()
  return (id) => plan.plans.find((p) => p.id === id)?.name ?? id
}
