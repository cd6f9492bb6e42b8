import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, toRaw, watch } from 'vue'
import type { CameraType } from '../core/cameras'
import { emptyHistory, recordEdit, redoEdit, undoEdit, type History } from '../core/undo-history'
import { newPlanCamera, nextPlanCameraId, normaliseAzimuth, validatePlanCamera, type PlanCamera } from '../core/plan-cameras'
import { DEFAULT_PLACEMENT_WEIGHTS, validatePlacementWeights, type PlacementWeights } from '../core/placement-weights'
import type { PlanMetrics } from '../core/plan-metrics'
import { DEFAULT_SITE_SPACING_M, DEFAULT_STEP_DEG, type SitePoints } from '../core/candidate-poses'
import { openPlanDb, PlanConflictError, type PlanDb, type StoredPlan } from '../io/plan-db'
import { createSaveQueue, type SaveState } from '../io/save-queue'
import { isQuotaError } from '../io/idb-store'
import { translate } from '../i18n'
import type { ImportReport } from '../io/import-report'
import type { SuggestSummary } from '../workers/contracts'
import { downloadBlob } from '../export/download'
import { useAnalyticsStore, latestOnly, type AnalyticsState } from './analytics'
import { useDataStore } from './data'
import { useViewStore } from './view'
import { errorMessage } from '../core/text-format'

const ACTIVE_KEY = 'pingan-map.activePlan'
/** Tabs of this origin tell each other about committed writes, so none keeps editing a stale plan. */
export const PLAN_CHANNEL = 'pingan-map-plans'

export type PlanMessage = { kind: 'saved' | 'deleted'; id: string; rev: number }

/** A notice shown once (role=status): its message key and values. */
export interface PlanNotice { key: string; values: Record<string, unknown> }

export type PlanTool = 'select' | 'add'
export type PlanAreaLayer = 'streets' | 'compounds'

export interface SuggestSettings {
  n: number
  candidates: 'roads' | 'imported'
  siteSpacing: number
  stepDeg: number
  type: CameraType
  minSpacing: number
  weights: PlacementWeights
}

export interface Suggestion {
  camera: PlanCamera
  gain: number
  newlyCovered: number
  status: 'pending' | 'accepted' | 'rejected'
}

/**
 * Camera plans: the one being edited, its undo history, what it adds to the network (from the
 * analytics worker after each edit), suggestions and the comparison of plans. Every edit is
 * written to IndexedDB at once (one transaction, one write at a time, see save-queue), so a
 * reload or a crash finds the plan as it was before or after an edit, never half of one. Each
 * stored plan carries a rev: a write based on an older rev than the stored one (another tab wrote
 * meanwhile) is refused and shown as a conflict instead of overwriting.
 */
export const usePlanStore = defineStore('plan', () => {
  const data = useDataStore()
  const analytics = useAnalyticsStore()
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
  const saveState = ref<SaveState>('idle')
  /** why the last write failed while saveState is 'error' */
  const saveError = ref<{ quota: boolean; message: string } | null>(null)
  /** plans whose write was refused because another tab changed (null: deleted) them: what the database holds */
  const conflicts = ref<{ id: string; stored: StoredPlan | null }[]>([])
  const notice = ref<PlanNotice | null>(null)
  const storageError = ref<string | null>(null)
  /** plans or cameras that could not be read back from storage (named, not silently dropped) */
  const skippedOnLoad = ref<string[]>([])

  const histories = new Map<string, History<PlanCamera[]>>()
  const historyTick = ref(0)
  const history = () => histories.get(activeId.value ?? '') ?? emptyHistory<PlanCamera[]>()
  const canUndo = computed(() => (historyTick.value, history().past.length > 0))
  const canRedo = computed(() => (historyTick.value, history().future.length > 0))

  let db: PlanDb | null = null
  /** the rev of each plan as this tab last wrote or read it */
  const storedRev = new Map<string, number>()
  let channel: BroadcastChannel | null = null

  const queue = createSaveQueue<string>({
    write: writePlan,
    isConflict: (e) => e instanceof PlanConflictError,
    onChange(q) {
      saveState.value = q.state
      saveError.value = q.state === 'error' ? { quota: isQuotaError(q.error), message: errorMessage(q.error) } : null
    },
  })

  async function writePlan(id: string) {
    const p = plans.value.find((x) => x.id === id)
    if (!p || !db) return
    try {
      const rev = await db.put(toRaw(p), storedRev.get(id) ?? null)
      storedRev.set(id, rev)
      p.rev = rev
      conflicts.value = conflicts.value.filter((c) => c.id !== id)
      post({ kind: 'saved', id, rev })
    } catch (e) {
      if (e instanceof PlanConflictError) {
        conflicts.value = [...conflicts.value.filter((c) => c.id !== id), { id, stored: e.stored }]
        notice.value = null // an older "loaded the latest version" would only confuse the choice now asked for
      }
      throw e
    }
  }

  function post(m: PlanMessage) {
    try {
      channel?.postMessage(m)
    } catch {
      // a closed channel: the rev check still catches what the other tabs miss
    }
  }

  function openChannel() {
    if (typeof BroadcastChannel === 'undefined') return
    channel = new BroadcastChannel(PLAN_CHANNEL)
    channel.onmessage = (ev: MessageEvent<PlanMessage>) => void onMessage(ev.data)
  }

  /** Another tab committed a write or a delete: follow it, unless this tab has edits of its own not yet written (those meet the rev check). */
  async function onMessage(m: PlanMessage) {
    if (!m || typeof m.id !== 'string' || !db) return
    await queue.exclusive(async () => {
      if (queue.unwritten(m.id) || !db) return
      const mine = plans.value.find((p) => p.id === m.id)
      if (m.kind === 'deleted') {
        if (!mine) return
        dropPlan(m.id)
        if (activeId.value === m.id) {
          await ensureActive()
          notice.value = { key: 'storage.planDeletedElsewhere', values: { name: mine.name } }
        }
        return
      }
      if ((storedRev.get(m.id) ?? -1) >= m.rev) return
      const fresh = await db.get(m.id)
      if (!fresh || queue.unwritten(m.id)) return
      replacePlan(fresh)
      if (mine) notice.value = { key: 'storage.planReloaded', values: { name: fresh.name } }
    })
  }

  /** Puts the database's version of a plan in place of this tab's (or adds it), without its undo history. */
  function replacePlan(fresh: StoredPlan) {
    storedRev.set(fresh.id, fresh.rev)
    const i = plans.value.findIndex((p) => p.id === fresh.id)
    plans.value = i < 0 ? [...plans.value, fresh] : plans.value.map((p, k) => (k === i ? fresh : p))
    histories.delete(fresh.id)
    historyTick.value++
    if (activeId.value === fresh.id && selectedId.value && !fresh.cameras.some((c) => c.id === selectedId.value)) selectedId.value = null
  }

  function dropPlan(id: string) {
    plans.value = plans.value.filter((p) => p.id !== id)
    histories.delete(id)
    storedRev.delete(id)
    conflicts.value = conflicts.value.filter((c) => c.id !== id)
    queue.resolve(id)
  }

  async function ensureActive() {
    if (plans.value.length === 0) await createPlan(null)
    else if (!plans.value.some((p) => p.id === activeId.value)) setActive(plans.value[plans.value.length - 1].id)
  }

  function onBeforeUnload(e: BeforeUnloadEvent) {
    if (!queue.anyUnwritten()) return
    // the browser asks the user to confirm leaving: some edits are only in this tab
    e.preventDefault()
    e.returnValue = ''
  }

  const now = () => new Date().toISOString()
  const newId = () => `plan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`

  async function init() {
    if (loadState.value !== 'idle') return
    loadState.value = 'loading'
    try {
      db = await openPlanDb()
      const { plans: stored, skipped } = await db.list()
      for (const p of stored) storedRev.set(p.id, p.rev)
      plans.value = stored
      skippedOnLoad.value = skipped
      openChannel()
      window.addEventListener('beforeunload', onBeforeUnload)
    } catch (e) {
      // no storage (private mode, quota): plans still work for this session, and say so
      storageError.value = errorMessage(e)
    }
    if (plans.value.length === 0) await createPlan(null)
    const remembered = localStorage.getItem(ACTIVE_KEY)
    activeId.value = plans.value.some((p) => p.id === remembered) ? remembered : plans.value[plans.value.length - 1].id
    loadState.value = 'ready'
  }

  /** Queues the plan's write; resolves when nothing is left queued (whether that write succeeded or not: saveState says). */
  async function persist(p: StoredPlan) {
    if (!db) return
    queue.mark(p.id)
    await queue.idle()
  }

  /** After a failed write (a full disk): write everything unwritten again. */
  async function retrySave() {
    queue.retry()
    await queue.idle()
  }

  /** A conflict settled by taking the database's version (the other window's); this window's edit of that plan is dropped. */
  async function loadStored(id: string) {
    await queue.exclusive(async () => {
      const fresh = db ? await db.get(id) : null
      if (fresh) replacePlan(fresh)
      else dropPlan(id)
      conflicts.value = conflicts.value.filter((c) => c.id !== id)
      queue.resolve(id)
    })
    await ensureActive()
  }

  /** A conflict settled by keeping both: this window's cameras become a new plan, the original takes the database's version. */
  async function saveConflictAsNew(id: string) {
    const mine = plans.value.find((p) => p.id === id)
    if (!mine) return
    const copy = mine.cameras.map((c) => ({ ...toRaw(c) }))
    const name = translate('storage.copyName', { name: mine.name })
    await loadStored(id)
    await createPlan(name, copy)
  }

  /** `name` null: "Plan n" in the UI language, numbered after the existing ones. */
  async function createPlan(name: string | null, planCameras: PlanCamera[] = []): Promise<StoredPlan> {
    const at = now()
    const p: StoredPlan = { id: newId(), name: name ?? defaultName(), createdAt: at, updatedAt: at, cameras: planCameras, rev: 0 }
    plans.value = [...plans.value, p]
    setActive(p.id)
    await persist(p)
    return p
  }

  function defaultName() {
    const used = new Set(plans.value.map((p) => p.name))
    for (let k = plans.value.length + 1; ; k++) {
      const name = `${view.lang === 'en' ? 'Plan' : '方案'} ${k}`
      if (!used.has(name)) return name
    }
  }

  function setActive(id: string) {
    activeId.value = id
    selectedId.value = null
    suggestions.value = []
    suggestSummary.value = null
    localStorage.setItem(ACTIVE_KEY, id)
  }

  async function renamePlan(id: string, name: string) {
    const p = plans.value.find((x) => x.id === id)
    if (!p || !name.trim()) return
    p.name = name.trim()
    p.updatedAt = now()
    await persist(p)
  }

  async function deletePlan(id: string) {
    dropPlan(id)
    // after any write of it in flight, so that write cannot bring it back
    await queue.exclusive(async () => {
      try {
        await db?.delete(id)
        post({ kind: 'deleted', id, rev: 0 })
      } catch (e) {
        storageError.value = errorMessage(e)
      }
    })
    await ensureActive()
  }

  /** Replaces the active plan's cameras as one undoable edit. */
  function commit(next: PlanCamera[], before: PlanCamera[] = cameras.value) {
    const p = active.value
    if (!p) return
    histories.set(p.id, recordEdit(histories.get(p.id) ?? emptyHistory(), before))
    historyTick.value++
    setCameras(p, next)
    void persist(p)
  }

  function setCameras(p: StoredPlan, next: PlanCamera[]) {
    p.cameras = next
    p.updatedAt = now()
    editAt = performance.now()
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
      next = validatePlanCamera({ ...cameras.value[i], ...patch, azimuth: normaliseAzimuth(patch.azimuth ?? cameras.value[i].azimuth) })
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
    const next = p.cameras.map((c) => (c.id === id ? { ...c, ...patch, azimuth: normaliseAzimuth(patch.azimuth ?? c.azimuth) } : c))
    if (phase === 'move') setCameras(p, next)
    else {
      commit(next, dragStart)
      dragStart = null
    }
  }

  function step(move: typeof undoEdit) {
    const p = active.value
    const r = p && move(history(), p.cameras)
    if (!p || !r) return
    histories.set(p.id, r.history)
    historyTick.value++
    setCameras(p, r.state)
    void persist(p)
  }
  const undo = () => step(undoEdit)
  const redo = () => step(redoEdit)

  // -------------------------------------------------------------------------------------------
  // figures after each edit

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

  // -------------------------------------------------------------------------------------------
  // comparison of the plans with the current network

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

  // -------------------------------------------------------------------------------------------
  // suggestions

  const suggestSettings = ref<SuggestSettings>({
    n: 10, candidates: 'roads', siteSpacing: DEFAULT_SITE_SPACING_M, stepDeg: DEFAULT_STEP_DEG, type: 'bullet', minSpacing: 30, weights: structuredClone(DEFAULT_PLACEMENT_WEIGHTS),
  })
  const suggestions = ref<Suggestion[]>([])
  const suggestSummary = shallowRef<Omit<SuggestSummary, 'rows'> | null>(null)
  const suggestState = ref<AnalyticsState>('idle')
  const suggestError = ref<string | null>(null)
  const candidateSites = shallowRef<{ fileName: string; sites: SitePoints; report: ImportReport } | null>(null)

  async function suggest() {
    const s = structuredClone(toRaw(suggestSettings.value))
    const req = analytics.networkRequest()
    const planCameras = cameras.value.map((c) => ({ ...toRaw(c) }))
    suggestState.value = 'running'
    suggestError.value = null
    try {
      const weights = validatePlacementWeights(s.weights)
      const remote = await analytics.coverageRemote(req.occlusion)
      if (!remote) throw new Error('no incidents, cameras or streets loaded')
      await analytics.syncFeatures(remote, 'roads', await data.roadLines())
      const r = await remote.suggest(req, planCameras, { ...s, weights })
      const { rows, ...summary } = r
      suggestions.value = rows.map((x) => ({ ...x, status: 'pending' }))
      suggestSummary.value = markRaw(summary)
      suggestState.value = 'done'
    } catch (e) {
      suggestState.value = 'error'
      suggestError.value = errorMessage(e)
    }
  }

  function accept(k: number) {
    const s = suggestions.value[k]
    if (!s || s.status !== 'pending') return
    // the id was free when suggested; an edit since may have taken it
    const ids = new Set(cameras.value.map((c) => c.id))
    const camera = { ...s.camera, id: ids.has(s.camera.id) ? nextPlanCameraId(ids) : s.camera.id }
    commit([...cameras.value, camera])
    s.status = 'accepted'
  }

  function reject(k: number) {
    const s = suggestions.value[k]
    if (s && s.status === 'pending') s.status = 'rejected'
  }

  async function loadCandidates(file: File) {
    const text = await file.text()
    const { readCandidatesCsv } = await planFiles()
    const { sites, report } = readCandidatesCsv(text, file.name)
    candidateSites.value = markRaw({ fileName: file.name, sites, report })
    const remote = await analytics.coverageRemote(false)
    await remote?.setCandidateSites(sites)
    suggestSettings.value.candidates = 'imported'
  }

  // -------------------------------------------------------------------------------------------
  // files

  // The file readers pull in the CSV, shapefile and projection code: loaded when a file is read or written, not at start.
  const planFiles = () => import('../io/plan-file')

  async function exportPlan(format: 'csv' | 'geojson') {
    const p = active.value
    if (!p) return
    const { planToCsv, planToGeoJson } = await planFiles()
    const base = p.name.replace(/[\\/:*?"<>|]+/g, '_')
    if (format === 'csv') downloadBlob(new Blob([planToCsv(p.cameras)], { type: 'text/csv' }), `${base}.csv`)
    else downloadBlob(new Blob([planToGeoJson(p.name, p.cameras)], { type: 'application/geo+json' }), `${base}.geojson`)
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
      await createPlan(name ?? file.name.replace(/\.[^.]+$/, ''), read)
    } catch (e) {
      importError.value = errorMessage(e)
    }
  }

  return {
    plans, activeId, active, cameras, selectedId, selected, tool, addType, loadState, saveState, saveError, conflicts, notice, storageError, skippedOnLoad,
    canUndo, canRedo, init, createPlan, setActive, renamePlan, deletePlan, retrySave, loadStored, saveConflictAsNew,
    addCamera, updateCamera, deleteCamera, dragCamera, undo, redo,
    selectedArea, metrics, metricsState, metricsError, metricsLatency, refreshMetrics,
    comparison, comparisonState, comparisonError, compare,
    suggestSettings, suggestions, suggestSummary, suggestState, suggestError, candidateSites, suggest, accept, reject, loadCandidates,
    exportPlan, importPlan, importReport, importError,
  }
})
