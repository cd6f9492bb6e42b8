import { markRaw, ref, shallowRef, toRaw, watch, type Ref } from 'vue'
import type { PlanCamera } from '../core/plan-cameras'
import type { PlanMetrics } from '../core/plan-metrics'
import type { StoredPlan } from '../io/plan-db'
import { errorMessage } from '../core/text-format'
import { latestOnly, useAnalyticsStore, type AnalyticsState } from '../stores/analytics'
import { useDataStore } from '../stores/data'
import { useViewStore } from '../stores/view'

export type PlanAreaLayer = 'streets' | 'compounds'

/**
 * What the plans add to the network, from the analytics worker: the active plan's figures after
 * each edit, and the comparison of every plan with the current network.
 */
export function usePlanMetrics(plans: Ref<StoredPlan[]>, active: Ref<StoredPlan | null>, cameras: Ref<PlanCamera[]>) {
  const data = useDataStore()
  const analytics = useAnalyticsStore()
  const view = useViewStore()

  const planWanted = () => view.visible.has('plan')
  const selectedArea = ref<{ layer: PlanAreaLayer; index: number } | null>(null)
  const metrics = shallowRef<PlanMetrics | null>(null)
  const metricsState = ref<AnalyticsState>('idle')
  const metricsError = ref<string | null>(null)
  /** ms from the last edit to its figures on screen (worker round trip included) */
  const metricsLatency = ref<number | null>(null)
  let editAt = 0
  let inFlight = false
  let again = false

  /** The cameras just changed: the latency of the next figures counts from now. */
  function markEdit() {
    editAt = performance.now()
  }

  // One request at a time, and only the newest state after it: dragging a camera sends many
  // edits, and figures for positions already left would only queue up in the worker.
  async function refreshMetrics() {
    if (!planWanted() || !active.value) return
    if (inFlight) {
      again = true
      return
    }
    inFlight = true
    try {
      do {
        again = false
        const since = editAt
        const req = analytics.networkRequest()
        const planCameras = cameras.value.map((c) => ({ ...toRaw(c) }))
        const area = selectedArea.value && { ...selectedArea.value }
        metricsState.value = 'running'
        const remote = await analytics.coverageRemote(req.occlusion)
        if (!remote) {
          metrics.value = null
          metricsState.value = 'idle'
          return
        }
        const m = await remote.planMetrics(req, planCameras, area)
        metrics.value = markRaw(m)
        metricsLatency.value = since ? performance.now() - since : null
        metricsState.value = 'done'
        metricsError.value = null
      } while (again)
    } catch (e) {
      metricsState.value = 'error'
      metricsError.value = errorMessage(e)
    } finally {
      inFlight = false
    }
  }

  watch([cameras, selectedArea, planWanted, () => analytics.coverageSettings, () => data.incidents, () => data.cameras, () => data.streets, () => data.compounds],
    () => void refreshMetrics(), { deep: true })

  const comparison = shallowRef<{ id: string; metrics: PlanMetrics }[] | null>(null)
  const comparisonState = ref<AnalyticsState>('idle')
  const comparisonError = ref<string | null>(null)
  const runComparison = latestOnly(comparison, comparisonState, comparisonError)

  async function compare() {
    const req = analytics.networkRequest()
    const all = plans.value.map((p) => ({ id: p.id, cameras: p.cameras.map((c) => ({ ...toRaw(c) })) }))
    await runComparison(async () => {
      const remote = await analytics.coverageRemote(req.occlusion)
      return remote && markRaw(await remote.comparePlans(req, all))
    })
  }

  return {
    selectedArea, metrics, metricsState, metricsError, metricsLatency, refreshMetrics, markEdit,
    comparison, comparisonState, comparisonError, compare,
  }
}
