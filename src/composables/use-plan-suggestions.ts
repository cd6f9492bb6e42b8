import { computed, markRaw, ref, shallowRef, toRaw, type Ref } from 'vue'
import type { CameraType } from '../core/cameras'
import type { PlanCamera } from '../core/plan-cameras'
import { withFreeId } from '../core/plan-edits'
import { rankSuggestions, type Suggestion } from '../core/plan-suggestions'
import { DEFAULT_PLACEMENT_WEIGHTS, validatePlacementWeights, type PlacementWeights } from '../core/placement-weights'
import { DEFAULT_SITE_SPACING_M, DEFAULT_STEP_DEG, type SitePoints } from '../core/candidate-poses'
import { errorMessage } from '../core/text-format'
import type { ImportReport } from '../io/import-report'
import type { StoredPlan } from '../io/plan-db'
import type { SuggestSummary } from '../workers/contracts'
import { useAnalyticsStore, type AnalyticsState } from '../stores/analytics'
import { useDataStore } from '../stores/data'

export interface SuggestSettings {
  n: number
  candidates: 'roads' | 'imported'
  siteSpacing: number
  stepDeg: number
  type: CameraType
  minSpacing: number
  weights: PlacementWeights
}

export type { Suggestion }

/**
 * Cameras the analytics worker suggests adding to the active plan, each accepted (one undoable
 * edit, through `commit`) or rejected by the planner; candidate sites from the roads or from a
 * file of the planner's. The suggestions belong to the plan they were made for and are stored
 * with it (`persist`), so a reload or another plan and back finds them as they were.
 */
export function usePlanSuggestions(
  active: Ref<StoredPlan | null>, cameras: Ref<PlanCamera[]>, commit: (next: PlanCamera[]) => void, persist: (p: StoredPlan) => void,
) {
  const data = useDataStore()
  const analytics = useAnalyticsStore()

  const suggestSettings = ref<SuggestSettings>({
    n: 10, candidates: 'roads', siteSpacing: DEFAULT_SITE_SPACING_M, stepDeg: DEFAULT_STEP_DEG, type: 'bullet', minSpacing: 30, weights: structuredClone(DEFAULT_PLACEMENT_WEIGHTS),
  })
  const suggestions = computed<Suggestion[]>(() => active.value?.suggestions ?? [])
  const suggestSummary = shallowRef<Omit<SuggestSummary, 'rows'> | null>(null)
  const suggestState = ref<AnalyticsState>('idle')
  const suggestError = ref<string | null>(null)
  const candidateSites = shallowRef<{ fileName: string; sites: SitePoints; report: ImportReport } | null>(null)

  async function suggest() {
    const s = structuredClone(toRaw(suggestSettings.value))
    const req = analytics.networkRequest()
    const planCameras = cameras.value.map((c) => ({ ...toRaw(c) }))
    const plan = active.value
    suggestState.value = 'running'
    suggestError.value = null
    try {
      const weights = validatePlacementWeights(s.weights)
      const remote = await analytics.coverageRemote(req.occlusion)
      if (!remote) throw new Error('no incidents, cameras or streets loaded')
      await analytics.syncFeatures(remote, 'roads', await data.roadLines())
      const r = await remote.suggest(req, planCameras, { ...s, weights })
      const { rows, ...summary } = r
      // the planner may have switched plans meanwhile: the rows still belong to the one they were made for
      if (plan) {
        plan.suggestions = rankSuggestions(rows)
        persist(plan)
      }
      suggestSummary.value = plan === active.value ? markRaw(summary) : null
      suggestState.value = 'done'
    } catch (e) {
      suggestState.value = 'error'
      suggestError.value = errorMessage(e)
    }
  }

  function accept(k: number) {
    const s = suggestions.value[k]
    if (!s || s.status !== 'pending') return
    // status first: the commit's write then stores both
    s.status = 'accepted'
    commit([...cameras.value, withFreeId(s.camera, cameras.value)])
  }

  function reject(k: number) {
    const s = suggestions.value[k]
    if (!s || s.status !== 'pending' || !active.value) return
    s.status = 'rejected'
    persist(active.value)
  }

  async function loadCandidates(file: File) {
    const text = await file.text()
    // the reader pulls in the CSV and projection code: loaded when a file is read, not at start
    const { readCandidatesCsv } = await import('../io/plan-file')
    const { sites, report } = readCandidatesCsv(text, file.name)
    candidateSites.value = markRaw({ fileName: file.name, sites, report })
    const remote = await analytics.coverageRemote(false)
    await remote?.setCandidateSites(sites)
    suggestSettings.value.candidates = 'imported'
  }

  /** Another plan became the active one: the summary of the last run was about the other plan (its suggestions stay with it). */
  function clear() {
    suggestSummary.value = null
  }

  return { suggestSettings, suggestions, suggestSummary, suggestState, suggestError, candidateSites, suggest, accept, reject, loadCandidates, clear }
}
