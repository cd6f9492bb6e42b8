import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, toRaw } from 'vue'
import type { CameraType } from '../core/cameras'
import { redoEdit, undoEdit } from '../core/undo-history'
import { newPlanCamera, validatePlanCamera, type PlanCamera } from '../core/plan-cameras'
import { nextPlanName, patchCamera, PLAN_WORD } from '../core/plan-edits'
import { newRecordId } from '../core/record-id'
import { errorMessage } from '../core/text-format'
import type { StoredPlan } from '../io/plan-db'
import type { ImportReport } from '../io/import-report'
import { downloadBlob, fileStem } from '../io/download'
import { rememberActivePlan, rememberedActivePlan } from '../io/page-prefs'
import { translate } from '../i18n'
import { usePlanHistory } from '../composables/use-plan-history'
import { usePlanStorage } from '../composables/use-plan-storage'
import { usePlanMetrics } from '../composables/use-plan-metrics'
import { usePlanSuggestions } from '../composables/use-plan-suggestions'
import { useViewStore } from './view'

export type { PlanNotice } from '../composables/use-plan-storage'
export type { PlanAreaLayer } from '../composables/use-plan-metrics'
export type { SuggestSettings, Suggestion } from '../composables/use-plan-suggestions'

export type PlanTool = 'select' | 'add'

/**
 * Camera plans: the one being edited and its edits, each one undoable. Keeping them (IndexedDB,
 * following the other tabs) is use-plan-storage, the undo histories use-plan-history, the figures
 * after each edit and the comparison of plans use-plan-metrics, the suggested cameras
 * use-plan-suggestions; this store holds the plans and joins those parts.
 */
export const usePlanStore = defineStore('plan', () => {
  const view = useViewStore()

  const plans = ref<StoredPlan[]>([])
  const activeId = ref<string | null>(null)
  const active = computed(() => plans.value.find((p) => p.id === activeId.value) ?? null)
  const cameras = computed<PlanCamera[]>(() => active.value?.cameras ?? [])
  const selectedId = ref<string | null>(null)
  const selected = computed(() => cameras.value.find((c) => c.id === selectedId.value) ?? null)
  const tool = ref<PlanTool>('select')
  const addType = ref<CameraType>('bullet')
  const loadState = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')

  const history = usePlanHistory(activeId)
  const storage = usePlanStorage({ plans, activeId, replace: replacePlan, drop: dropLocal, ensureActive })
  const figures = usePlanMetrics(plans, active, cameras)
  const suggesting = usePlanSuggestions(active, cameras, commit, (p) => void storage.persist(p))

  /** Puts the database's version of a plan in place of this tab's (or adds it), without its undo history. */
  function replacePlan(fresh: StoredPlan) {
    const i = plans.value.findIndex((p) => p.id === fresh.id)
    plans.value = i < 0 ? [...plans.value, fresh] : plans.value.map((p, k) => (k === i ? fresh : p))
    history.forget(fresh.id)
    if (activeId.value === fresh.id && selectedId.value && !fresh.cameras.some((c) => c.id === selectedId.value)) selectedId.value = null
  }

  function dropLocal(id: string) {
    plans.value = plans.value.filter((p) => p.id !== id)
    history.forget(id)
  }

  async function ensureActive() {
    if (plans.value.length === 0) await createPlan(null)
    else if (!plans.value.some((p) => p.id === activeId.value)) setActive(plans.value[plans.value.length - 1].id)
  }

  const now = () => new Date().toISOString()

  async function init() {
    if (loadState.value !== 'idle') return
    loadState.value = 'loading'
    await storage.open()
    if (plans.value.length === 0) await createPlan(null)
    const remembered = rememberedActivePlan()
    activeId.value = plans.value.some((p) => p.id === remembered) ? remembered : plans.value[plans.value.length - 1].id
    loadState.value = 'ready'
  }

  /** A conflict settled by keeping both: this window's cameras become a new plan, the original takes the database's version. */
  async function saveConflictAsNew(id: string) {
    const mine = plans.value.find((p) => p.id === id)
    if (!mine) return
    const copy = mine.cameras.map((c) => ({ ...toRaw(c) }))
    const name = translate('storage.copyName', { name: mine.name })
    await storage.loadStored(id)
    await createPlan(name, copy)
  }

  /** `name` null: "Plan n" in the UI language, numbered after the existing ones. */
  async function createPlan(name: string | null, planCameras: PlanCamera[] = []): Promise<StoredPlan> {
    const at = now()
    const p: StoredPlan = {
      id: newRecordId('plan'), name: name ?? nextPlanName(plans.value.map((x) => x.name), PLAN_WORD[view.lang]),
      createdAt: at, updatedAt: at, cameras: planCameras, rev: 0,
    }
    plans.value = [...plans.value, p]
    setActive(p.id)
    await storage.persist(p)
    return p
  }

  function setActive(id: string) {
    activeId.value = id
    selectedId.value = null
    suggesting.clear()
    rememberActivePlan(id)
  }

  async function renamePlan(id: string, name: string) {
    const p = plans.value.find((x) => x.id === id)
    if (!p || !name.trim()) return
    p.name = name.trim()
    p.updatedAt = now()
    await storage.persist(p)
  }

  async function deletePlan(id: string) {
    dropLocal(id)
    storage.forget(id)
    await storage.remove(id)
    await ensureActive()
  }

  /** Replaces the active plan's cameras as one undoable edit. */
  function commit(next: PlanCamera[], before: PlanCamera[] = cameras.value) {
    const p = active.value
    if (!p) return
    history.record(p.id, before)
    setCameras(p, next)
    void storage.persist(p)
  }

  function setCameras(p: StoredPlan, next: PlanCamera[]) {
    p.cameras = next
    p.updatedAt = now()
    figures.markEdit()
  }

  function addCamera(lon: number, lat: number) {
    const cam = newPlanCamera(lon, lat, addType.value, cameras.value.map((c) => c.id))
    commit([...cameras.value, cam])
    selectedId.value = cam.id
  }

  function updateCamera(id: string, patch: Partial<Omit<PlanCamera, 'id'>>) {
    const i = cameras.value.findIndex((c) => c.id === id)
    if (i < 0) return
    let next: PlanCamera
    try {
      next = validatePlanCamera(patchCamera(cameras.value[i], patch))
    } catch {
      return // the panel's inputs keep an out-of-range value from reaching the plan
    }
    commit(cameras.value.map((c, k) => (k === i ? next : c)))
  }

  function deleteCamera(id: string) {
    if (!cameras.value.some((c) => c.id === id)) return
    commit(cameras.value.filter((c) => c.id !== id))
    if (selectedId.value === id) selectedId.value = null
  }

  // A drag shows the camera moving (and the figures following) but is one edit: undo takes it
  // back to where the drag began, and it is stored when the drag ends.
  let dragStart: PlanCamera[] | null = null
  function dragCamera(id: string, patch: Partial<Pick<PlanCamera, 'lon' | 'lat' | 'azimuth'>>, phase: 'move' | 'end') {
    const p = active.value
    if (!p) return
    if (!dragStart) dragStart = p.cameras
    const next = p.cameras.map((c) => (c.id === id ? patchCamera(c, patch) : c))
    if (phase === 'move') setCameras(p, next)
    else {
      commit(next, dragStart)
      dragStart = null
    }
  }

  function step(move: typeof undoEdit) {
    const p = active.value
    const state = p && history.step(p.id, move, p.cameras)
    if (!p || !state) return
    setCameras(p, state)
    void storage.persist(p)
  }
  const undo = () => step(undoEdit)
  const redo = () => step(redoEdit)

  // The file readers pull in the CSV, shapefile and projection code: loaded when a file is read or written, not at start.
  const planFiles = () => import('../io/plan-file')

  async function exportPlan(format: 'csv' | 'geojson') {
    const p = active.value
    if (!p) return
    const { planToCsv, planToGeoJson } = await planFiles()
    // downloadBlob makes the plan's name safe as a file name
    if (format === 'csv') downloadBlob(new Blob([planToCsv(p.cameras)], { type: 'text/csv' }), `${p.name}.csv`)
    else downloadBlob(new Blob([planToGeoJson(p.name, p.cameras)], { type: 'application/geo+json' }), `${p.name}.geojson`)
  }

  const importReport = shallowRef<ImportReport | null>(null)
  const importError = ref<string | null>(null)

  /** A plan file becomes a new plan (the current ones stay as they are). */
  async function importPlan(file: File) {
    importError.value = null
    try {
      const { readPlanFile } = await planFiles()
      const { name, cameras: read, report } = readPlanFile(await file.text(), file.name)
      importReport.value = markRaw(report)
      if (read.length === 0) throw new Error(report.rejected.length ? `${report.rejected.length} rows rejected, none usable` : 'no cameras in the file')
      await createPlan(name ?? fileStem(file.name), read)
    } catch (e) {
      importError.value = errorMessage(e)
    }
  }

  const { saveState, saveError, conflicts, notice, storageError, skippedOnLoad, retrySave, loadStored, hasHistory } = storage
  const planHistory = (id: string) => storage.history(id)
  const restoreRevision = (id: string, revision: number) => storage.restore(id, revision)
  const { canUndo, canRedo } = history
  const { selectedArea, metrics, metricsState, metricsError, metricsLatency, refreshMetrics, comparison, comparisonState, comparisonError, compare } = figures
  const { suggestSettings, suggestions, suggestSummary, suggestState, suggestError, candidateSites, suggest, accept, reject, loadCandidates } = suggesting
  return {
    plans, activeId, active, cameras, selectedId, selected, tool, addType, loadState, saveState, saveError, conflicts, notice, storageError, skippedOnLoad,
    hasHistory, planHistory, restoreRevision,
    canUndo, canRedo, init, createPlan, setActive, renamePlan, deletePlan, retrySave, loadStored, saveConflictAsNew,
    addCamera, updateCamera, deleteCamera, dragCamera, undo, redo,
    selectedArea, metrics, metricsState, metricsError, metricsLatency, refreshMetrics,
    comparison, comparisonState, comparisonError, compare,
    suggestSettings, suggestions, suggestSummary, suggestState, suggestError, candidateSites, suggest, accept, reject, loadCandidates,
    exportPlan, importPlan, importReport, importError,
  }
})
