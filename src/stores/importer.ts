import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, toRaw } from 'vue'
import type { Category } from '../core/incidents'
import { isLayerId } from '../core/layer-ids'
import type { Crs } from '../io/coords'
import type { ImportPreview, ImportProgress, PreviewError } from '../io/dataset-import'
import type { CrsChoice, DatasetKind, EncodingChoice } from '../io/dataset-kinds'
import type { FieldMapping } from '../io/field-mapping'
import { reportToCsv, type ImportReport } from '../io/import-report'
import { guessKind } from '../io/guess-kind'
import { featuresBbox } from '../io/dataset-bbox'
import { DEMO_META } from '../io/demo-files'
import { downloadBlob, fileStem } from '../io/download'
import { exportDataset as exportInWorker, importFile, previewFile } from '../workers/import-client'
import { exportFormats, type ExportFormat } from '../io/dataset-file-export'
import { useDataStore } from './data'
import { useViewStore } from './view'
import { useServerStore } from './server'
import { ServerError } from '../io/server-api'
import { errorMessage } from '../core/text-format'

export type ImportStep = 'pick' | 'map' | 'running' | 'done'

/** The map layer an imported kind is drawn in (tracks: the units at the timeline's time). */
const layerOf = (kind: DatasetKind): string => (kind === 'tracks' ? 'units' : kind)

export interface ImportResult {
  report: ImportReport
  count: number
  /** false: nothing usable was read and what was loaded stays as it was */
  applied: boolean
  /** false: on the map, but the browser did not keep it (storage error) */
  saved: boolean
  /** from the start to the data on the map and stored */
  ms: number
}

/** The import dialog's state: one file at a time, from picking it to its report. */
export const useImporterStore = defineStore('importer', () => {
  const data = useDataStore()
  const view = useViewStore()
  const server = useServerStore()
  const open = ref(false)
  const step = ref<ImportStep>('pick')
  const file = shallowRef<File | null>(null)
  const kind = ref<DatasetKind>('incidents')
  const encoding = ref<EncodingChoice>('auto')
  const crsChoice = ref<CrsChoice>('auto')
  const preview = shallowRef<ImportPreview | null>(null)
  const previewError = shallowRef<PreviewError | null>(null)
  const previewing = ref(false)
  const mapping = ref<FieldMapping>({})
  const categories = ref<Record<string, Category>>({})
  const unknownCategory = ref<'other' | 'reject'>('other')
  const progress = ref<ImportProgress | null>(null)
  const result = shallowRef<ImportResult | null>(null)
  const runError = ref<string | null>(null)
  /** the worker is writing the import to IndexedDB */
  const storing = ref(false)
  let abort: AbortController | null = null
  let previewSeq = 0
  /** the kinds the file can be imported as (its format and geometry decide); null before a preview */
  const offered = ref<DatasetKind[] | null>(null)
  /** a new file's preview may move the kind at most twice (a format's kinds, then a geometry's) */
  let kindSwitches = 0

  /** The coordinate system the import will use: the user's choice, else the detected one. */
  const crs = computed<Crs>(() => (crsChoice.value === 'auto' ? preview.value?.crs.crs ?? 'wgs84' : crsChoice.value))
  const missing = computed(() => {
    const p = preview.value
    if (!p) return []
    return p.fields.filter((f) => f.required && (mapping.value[f.field] ?? -1) < 0).map((f) => f.field)
  })

  function openDialog(f?: File) {
    open.value = true
    // a role that may not import into the server sees the dialog's reason instead
    if (f && server.canImport) void setFile(f)
    else if (step.value === 'done') reset()
  }

  function close() {
    if (step.value === 'running') return
    open.value = false
    reset()
  }

  function reset() {
    step.value = 'pick'
    file.value = null
    offered.value = null
    preview.value = null
    previewError.value = null
    result.value = null
    runError.value = null
    progress.value = null
  }

  async function setFile(f: File) {
    reset()
    file.value = markRaw(f)
    kindSwitches = 0
    kind.value = guessKind(f.name) ?? kind.value
    encoding.value = 'auto'
    crsChoice.value = 'auto'
    await loadPreview(undefined, true)
  }

  async function setKind(k: DatasetKind) {
    kind.value = k
    if (file.value) await loadPreview()
  }

  async function setEncoding(e: EncodingChoice) {
    encoding.value = e
    if (file.value) await loadPreview()
  }

  /** What a new file is checked against to tell its coordinate system. */
  function reference() {
    const areas = data.compounds ?? data.streets ?? data.grids
    const bbox = (data.streets && featuresBbox(data.streets)) || (areas && featuresBbox(areas)) || DEMO_META.bbox
    return { areas, bbox }
  }

  /** `byHeader`: a new file, whose header may name its kind better than its name did (a tracks file). */
  async function loadPreview(keepMapping?: FieldMapping, byHeader = false) {
    const f = file.value
    if (!f) return
    const seq = ++previewSeq
    previewing.value = true
    previewError.value = null
    try {
      const p = await previewFile(f, f.name, kind.value, { encoding: encoding.value, mapping: keepMapping, reference: reference() })
      if (seq !== previewSeq) return
      offered.value = p.offered ?? null
      // the file's geometry rules the kind out (polygons read as incidents): the name's guess among the kinds it fits
      if (p.offered && !p.offered.includes(kind.value) && kindSwitches < 2) {
        kindSwitches++
        kind.value = guessKind(f.name, p.offered) ?? kind.value
        return await loadPreview(undefined, byHeader)
      }
      // the header speaks only where the name says nothing the file fits (视频监控.csv stays cameras)
      const named = guessKind(f.name)
      const nameFits = named !== null && (p.offered ?? []).includes(named)
      if (byHeader && !nameFits && 'suggested' in p && p.suggested && p.suggested !== kind.value && kindSwitches < 2) {
        kindSwitches++
        kind.value = p.suggested
        return await loadPreview()
      }
      if ('error' in p) {
        preview.value = null
        previewError.value = p
        step.value = 'pick'
        return
      }
      preview.value = markRaw(p)
      mapping.value = { ...p.mapping }
      if (!keepMapping) categories.value = Object.fromEntries(p.categories.map((c) => [c.label, c.suggested]))
      step.value = 'map'
    } catch (e) {
      if (seq === previewSeq) previewError.value = { code: 'unreadable', error: errorMessage(e) }
    } finally {
      if (seq === previewSeq) previewing.value = false
    }
  }

  /** Map a field to a column (-1: none). Moving lon/lat or the category column reads the preview again. */
  async function mapField(field: string, column: number) {
    mapping.value = { ...mapping.value, [field]: column }
    if (field === 'lon' || field === 'lat' || field === 'category') await loadPreview({ ...toRaw(mapping.value) })
  }

  /**
   * Reads and stores the file in a worker. The UI thread only takes the result: the phases are
   * left on the performance timeline (import:read and import:store while the worker works,
   * import:apply for the UI's own part) so that a long task can be told apart from the import.
   */
  async function run() {
    const f = file.value
    const p = preview.value
    if (!f || !p || missing.value.length > 0) return
    if (server.mode === 'in') return runOnServer(f, p)
    const controller = new AbortController()
    abort = controller
    const t0 = performance.now()
    let storeFrom: number | null = null
    step.value = 'running'
    storing.value = false
    progress.value = { bytesRead: 0, totalBytes: f.size, rows: 0 }
    runError.value = null
    try {
      const outcome = await importFile(f, f.name, {
        kind: kind.value,
        encoding: encoding.value,
        crs: crs.value,
        // plain copies: a reactive proxy cannot be posted to the worker
        mapping: { ...toRaw(mapping.value) },
        categories: { ...toRaw(categories.value) },
        unknownCategory: unknownCategory.value,
        // fixes far outside the district are left out (ARCHITECTURE.md, "Unit tracks")
        ...(kind.value === 'tracks' && { district: toRaw(await data.districtOutline()) }),
      }, crsChoice.value !== 'auto' ? 'chosen' : p.crs.confident ? 'detected' : 'undetected', {
        signal: controller.signal,
        onProgress: ({ phase, ...pr }) => {
          if (abort !== controller) return
          if (phase === 'store' && storeFrom === null) {
            storeFrom = performance.now()
            storing.value = true
          }
          progress.value = pr
        },
      })
      const received = performance.now()
      performance.measure('import:read', { start: t0, end: storeFrom ?? received })
      if (storeFrom !== null) performance.measure('import:store', { start: storeFrom, end: received })
      if (outcome.payload) {
        data.applyImport(kind.value, outcome.payload, outcome.report, f.name, outcome)
        if (outcome.bbox) view.fitBounds(outcome.bbox)
        const layer = layerOf(kind.value)
        if (isLayerId(layer)) view.toggleLayer(layer, true)
      }
      result.value = { report: outcome.report, count: outcome.count, applied: outcome.payload !== null, saved: outcome.saved, ms: performance.now() - t0 }
      step.value = 'done'
      performance.measure('import:apply', { start: received, end: performance.now() })
    } catch (e) {
      const cancelled = e instanceof Error && e.name === 'AbortError'
      runError.value = cancelled ? null : errorMessage(e)
      step.value = cancelled ? 'map' : 'done'
    } finally {
      storing.value = false
      if (abort === controller) abort = null
    }
  }

  /**
   * Server mode: the server reads the file with the same import code and the dialog's choices
   * (only what the user changed from what the server would choose itself), stores it for every
   * seat, and answers with the same per-row report; the map then reads that kind from the server.
   */
  async function runOnServer(f: File, p: ImportPreview) {
    if (!server.canImport) return
    const t0 = performance.now()
    step.value = 'running'
    progress.value = { bytesRead: 0, totalBytes: f.size, rows: 0 }
    runError.value = null
    const fields: Record<string, string> = {}
    for (const [field, k] of Object.entries(mapping.value)) if (k >= 0 && k !== p.mapping[field]) fields[field] = p.header[k]
    const changed: Record<string, string> = {}
    for (const c of p.categories) if (categories.value[c.label] !== undefined && categories.value[c.label] !== c.suggested) changed[c.label] = categories.value[c.label]
    try {
      const { report } = await server.loadFile(kind.value, f, {
        name: f.name, crs: crs.value, encoding: encoding.value, fields, categories: changed,
      })
      result.value = { report, count: report.rowsKept, applied: true, saved: true, ms: performance.now() - t0 }
      const layer = layerOf(kind.value)
      if (isLayerId(layer)) view.toggleLayer(layer, true)
    } catch (e) {
      const report = e instanceof ServerError ? (e.body as { report?: ImportReport } | undefined)?.report : undefined
      if (report) result.value = { report, count: 0, applied: false, saved: false, ms: performance.now() - t0 }
      runError.value = errorMessage(e)
    } finally {
      step.value = 'done'
    }
  }

  /** Once the worker writes the record, the import is past cancelling: ending it then could leave it stored but not shown. */
  function cancel() {
    if (!storing.value) abort?.abort()
  }

  function downloadReport(report: ImportReport) {
    const base = fileStem(report.fileName ?? report.kind)
    downloadBlob(new Blob(['\uFEFF' + reportToCsv(report, { info: true })], { type: 'text/csv;charset=utf-8' }), `${base}-report.csv`)
  }

  /** A loaded dataset written out as a file by the import worker, and downloaded; nothing when it has no such format. */
  async function exportDataset(kind: DatasetKind, format: ExportFormat): Promise<void> {
    const payload = await data.payloadOf(kind)
    if (!payload || !exportFormats(payload).includes(format)) return
    const blob = await exportInWorker(payload, format)
    downloadBlob(blob, `${kind}.${format === 'csv' ? 'csv' : 'geojson'}`)
  }

  return {
    open, step, file, kind, offered, encoding, crsChoice, crs, preview, previewError, previewing, mapping, missing, categories, unknownCategory,
    progress, result, runError, storing,
    openDialog, close, setFile, setKind, setEncoding, mapField, run, cancel, downloadReport, exportDataset,
  }
})
