/**
 * Exports of the desk's map: a PNG at a preset or given size, or the PDF briefing (map page,
 * ranking, monthly trend, blind spots). The desk's panel and the automation API both call
 * this; it reads the same stores the screen shows, so the export is what is on the screen.
 */
import { translate as t } from '../i18n'
import { mapHandle } from '../map/map-handle'
import { useDataStore } from '../stores/data'
import { useFiltersStore } from '../stores/filters'
import { useTimelineStore } from '../stores/timeline'
import { useViewStore } from '../stores/view'
import { useAnalyticsStore } from '../stores/analytics'
import { useCrimeAnalysisStore } from '../stores/crime-analysis'
import { useUnitsStore } from '../stores/units'
import type { Period } from '../core/periods'
import type { Layer } from '@deck.gl/core'
import { DATASET_KINDS } from '../io/dataset-kinds'
import { composeSnapshot, type SnapshotTexts } from './compose-snapshot'
import { cameraOf, renderMapCanvas, type MapCamera } from './map-render'
import { snapshotLayout } from './snapshot-layout'
import { exportFileName, localMinute, subtitleText } from './snapshot-text'
import { withPngDpi } from './png-dpi'
import { PAPER_MM, type Paper } from './snapshot-options'
import type { LegendBlock } from '../map/legend-model'
import type { BriefRequest } from './brief-content'
import { lightPrintStyle } from './print-style'
import type { PrintPlacement } from '../map/layers/print-layers'
import { LABEL_FONT } from '../map/theme'
import { WebMercatorViewport } from '@deck.gl/core'
import { featuresBbox, type Bbox } from '../io/dataset-bbox'
import { DEMO_META } from '../io/demo-files'
import { currentLegendBlocks } from '../composables/use-legend-blocks'

export interface ExportJob {
  format: 'png' | 'pdf'
  /** png: image size */
  width: number
  height: number
  /** png: resolution written into the file (paper presets) */
  dpi?: number
  /** pdf: paper */
  paper?: Paper
  title?: string
  marking?: string
  /** pdf: add the crime-analysis pages (near-repeat risk zone of 14 days, emerging hot spots) */
  crimePages?: boolean
  /** pdf: the 8:00 daily or weekly briefing of a date (brief-content.ts) instead of the view's briefing */
  brief?: BriefRequest
}

export interface ExportOutput {
  bytes: Uint8Array
  mime: 'image/png' | 'application/pdf'
  fileName: string
  width: number
  height: number
  pages?: number
  ms: number
  /** the legend blocks drawn */
  legend: LegendBlock[]
  /** where the time went: map drawn off screen, furniture, encoding (and the PDF's figures and layout) */
  phases: Record<string, number>
}

/** The map's CSS size on the screen now. */
export async function screenSize(): Promise<{ width: number; height: number }> {
  const c = (await mapHandle()).map.getContainer()
  return { width: c.clientWidth, height: c.clientHeight }
}

/** The data-source line: each loaded dataset's file, or that it is the demo's; kinds from one source share it. */
function sourceLine(): string {
  const data = useDataStore()
  const bySource = new Map<string, string[]>()
  for (const k of DATASET_KINDS.filter((k) => ['streets', 'compounds', 'incidents', 'cameras', 'population'].includes(k))) {
    const info = data.info[k]
    const file = info.origin === 'demo' ? t('export.sourceDemo') : info.origin === 'imported' || info.origin === 'server' ? info.fileName ?? '' : null
    if (file !== null) bySource.set(file, [...(bySource.get(file) ?? []), t(`datasetKind.${k}`)])
  }
  const items = [...bySource].map(([file, kinds]) => t('export.sourceItem', { kind: kinds.join(t('export.listSep')), file }))
  return t('export.source', { list: items.join(t('export.sep')) })
}

function areaName(): string {
  const info = useDataStore().info.streets
  if (info.origin === 'server') return t('export.serverAreas', { name: info.fileName ?? '' })
  return info.origin === 'imported' ? t('export.importedAreas', { file: info.fileName ?? '' }) : t('export.demoDistrict')
}

/** The dates the map holds: the data's, or the months a server source loaded of them. */
function mapRange(): [number, number] | null {
  const full = useTimelineStore().histogram?.range ?? null
  const w = useDataStore().incidentWindow
  return w && full ? [Math.max(w.from, full[0]), Math.min(w.to - 1, full[1])] : full
}

export function exportTexts(job: Pick<ExportJob, 'title' | 'marking' | 'format'>, now = Date.now()): SnapshotTexts {
  const range = mapRange()
  const title = job.title?.trim() || t(job.format === 'pdf' ? 'export.briefingTitle' : 'export.defaultTitle')
  return {
    title,
    subtitle: subtitleText(areaName(), useFiltersStore().spec, range, t),
    marking: job.marking ?? t('export.defaultMarking'),
    source: sourceLine(),
    madeAt: t('export.madeAt', { time: localMinute(now) }),
    north: t('export.north'),
  }
}

async function canvasBytes(canvas: HTMLCanvasElement, type: 'image/png' | 'image/jpeg', quality?: number): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality))
  if (!blob) throw new Error(`the browser could not encode a ${canvas.width} × ${canvas.height} image`)
  return new Uint8Array(await blob.arrayBuffer())
}

/** The district's extent: the imported or the server's streets, else the demo's. */
export function districtBbox(): Bbox {
  const data = useDataStore()
  return ((data.info.streets.origin === 'imported' || data.info.streets.origin === 'server') && data.streets && featuresBbox(data.streets)) || DEMO_META.bbox
}

/**
 * CSS pixels of a printed map per device pixel: at 200 dpi on A4 a 12 px label is then 9 pt
 * and the legend's 11 px small print 8 pt (issue 23: labels ≥ 7 pt at A4).
 */
const PRINT_PIXEL_RATIO = 2.2

/**
 * The composed map at width × height: the map re-drawn off screen, then title, legend, scale and
 * north. `print`: the whole district in a light print style at print type sizes, not the screen's view.
 */
async function composedMap(
  width: number, height: number, texts: SnapshotTexts, legend: LegendBlock[], bands: boolean, phases: Record<string, number>,
  only?: Layer[] | ((place: PrintPlacement) => Layer[]), print = false,
) {
  const handle = await mapHandle()
  const screen = print ? { width: width / PRINT_PIXEL_RATIO, height: height / PRINT_PIXEL_RATIO } : await screenSize()
  const layout = snapshotLayout(width, height, screen, bands)
  let t0 = performance.now()
  const camera = print ? districtCamera(layout.cssWidth, layout.cssHeight) : cameraOf(handle.map)
  const layers = typeof only === 'function' ? only(placementOn(camera, layout.cssWidth, layout.cssHeight)) : only
  const mapCanvas = await renderMapCanvas(handle, camera, layout, phases, layers, print ? lightPrintStyle : undefined)
  phases.map = Math.round(performance.now() - t0)
  t0 = performance.now()
  const out = await composeSnapshot(mapCanvas, layout, camera, texts, legend)
  phases.compose = Math.round(performance.now() - t0)
  return out
}

/** Where `camera` puts a point on a map of width × height CSS pixels, and text widths in the label font, for placing names. */
function placementOn(camera: MapCamera, width: number, height: number): PrintPlacement {
  const v = new WebMercatorViewport({ width, height, longitude: camera.center[0], latitude: camera.center[1], zoom: camera.zoom })
  const ctx = document.createElement('canvas').getContext('2d')
  return {
    project: (p) => v.project(p) as [number, number],
    textWidth: (text, size) => {
      if (!ctx) return size * text.length
      ctx.font = `${size}px '${LABEL_FONT}', sans-serif`
      return ctx.measureText(text).width
    },
  }
}

function districtCamera(width: number, height: number) {
  const [w, s, e, n] = districtBbox()
  const v = new WebMercatorViewport({ width, height }).fitBounds([[w, s], [e, n]], { padding: Math.round(Math.min(width, height) * 0.04) })
  return { center: [v.longitude, v.latitude] as [number, number], zoom: v.zoom, bearing: 0, pitch: 0 }
}

/** Map pixels of a PDF page: the page's map box (paper less margins and bands) at 200 dpi. */
export function pdfMapSize(paper: Paper): { width: number; height: number } {
  const [w, h] = PAPER_MM[paper]
  const px = (mm: number) => Math.round((mm / 25.4) * 200)
  return { width: px(w - 24), height: px(h - 50) }
}

export async function exportMap(job: ExportJob): Promise<ExportOutput> {
  const started = performance.now()
  const now = Date.now()
  const texts = exportTexts(job, now)
  const legend = currentLegendBlocks()
  const phases: Record<string, number> = {}
  if (job.format === 'png') {
    const canvas = await composedMap(job.width, job.height, texts, legend, true, phases)
    const t0 = performance.now()
    let bytes = await canvasBytes(canvas, 'image/png')
    if (job.dpi) bytes = withPngDpi(bytes, job.dpi)
    phases.encode = Math.round(performance.now() - t0)
    return { bytes, mime: 'image/png', fileName: exportFileName(texts.title, now, 'png'), width: canvas.width, height: canvas.height, ms: Math.round(performance.now() - started), legend, phases }
  }
  const paper = job.paper ?? 'a4'
  const size = pdfMapSize(paper)
  const lang = useViewStore().lang
  const [{ buildBriefingPdf }, { loadPdfFonts }, { briefingFigures }, { briefContent }] = await Promise.all([
    import('./pdf-briefing'), import('./pdf-font-urls'), import('./briefing-data'), import('./brief-content'),
  ])
  let t0 = performance.now()
  const brief = job.brief ? await briefContent(job.brief, t, lang) : null
  if (brief) {
    phases.brief = Math.round(performance.now() - t0)
    texts.title = job.title?.trim() || t(`brief.title.${job.brief!.kind}`)
    texts.subtitle = t('brief.subtitle', { kind: t(`brief.kind.${job.brief!.kind}`), window: brief.windowText, area: areaName() })
  }
  // the page carries the marking; the map image does not repeat it
  const canvas = brief
    ? await composedMap(size.width, size.height, { ...texts, marking: '' }, brief.map.legend, false, phases, brief.map.layers, true)
    : await composedMap(size.width, size.height, { ...texts, marking: '' }, legend, false, phases)
  t0 = performance.now()
  const [jpeg, fonts, figures] = await Promise.all([canvasBytes(canvas, 'image/jpeg', 0.9), loadPdfFonts(), briefingFigures(t, lang, !brief)])
  phases.figures = Math.round(performance.now() - t0)
  t0 = performance.now()
  const caption = brief ? brief.map.caption : t('export.mapCaption', { layers: useViewStore().layers.map((id) => t(`layers.${id}`)).join(t('export.listSep')) })
  const bytes = await buildBriefingPdf({
    paper, title: texts.title, subtitle: texts.subtitle, marking: texts.marking, source: texts.source, madeAt: texts.madeAt,
    pageLabel: t('export.pageLabel', { n: '{n}', total: '{total}' }),
    ...(brief ? { summary: brief.summary } : {}),
    maps: [{ jpeg, width: canvas.width, height: canvas.height, caption }],
    ...figures,
    ...(job.brief?.kind === 'weekly' && brief ? { patrol: await patrolBriefing(brief.window, brief.windowText, phases) } : {}),
    ...(job.crimePages ? { crime: await crimeBriefing(size, texts, phases) } : {}),
  }, fonts)
  phases.pdf = Math.round(performance.now() - t0)
  return { bytes, mime: 'application/pdf', fileName: exportFileName(texts.title, now, 'pdf'), width: canvas.width, height: canvas.height, pages: countPdfPages(bytes), ms: Math.round(performance.now() - started), legend: brief ? brief.map.legend : legend, phases }
}

/**
 * The crime-analysis pages: each map is the desk's view with the street outlines and labels
 * under that one analysis (crime-pages.ts), its legend alone.
 */
async function crimeBriefing(size: { width: number; height: number }, texts: SnapshotTexts, phases: Record<string, number>) {
  const t0 = performance.now()
  const data = useDataStore()
  const remote = await useAnalyticsStore().incidentsRemote()
  if (!remote || !data.incidents) throw new Error(t('crime.noData'))
  const crime = useCrimeAnalysisStore()
  const { crimePages } = await import('./crime-pages')
  const pages = await crimePages({
    remote, incidents: data.incidents, filter: { ...useFiltersStore().spec }, near: crime.nearSettings, emerging: crime.emergingSettings, t, lang: useViewStore().lang,
  })
  const handle = await mapHandle()
  const maps = []
  for (const m of pages.maps) {
    // a layer belongs to one deck: each map gets its own clones of the street outlines
    const outlines = handle.layers().filter((l) => l.id === 'streets' || l.id === 'streets-labels').map((l) => l.clone({}))
    const canvas = await composedMap(size.width, size.height, { ...texts, marking: '' }, m.legend, false, {}, [...outlines, ...m.layers])
    maps.push({ jpeg: await canvasBytes(canvas, 'image/jpeg', 0.9), width: canvas.width, height: canvas.height, caption: m.caption })
  }
  phases.crime = Math.round(performance.now() - t0)
  return { maps, tables: pages.tables }
}

/**
 * The weekly patrol report page over the units' tracks the worker holds: the desk's, or the
 * demo's generated now when the desk has none (the units layer off, a headless briefing).
 */
async function patrolBriefing(period: Period, periodText: string, phases: Record<string, number>) {
  const t0 = performance.now()
  const analytics = useAnalyticsStore()
  const remote = await analytics.patrolRemote()
  if (!remote) throw new Error(t('crime.noData'))
  if (!useUnitsStore().tracks) await remote.demoUnitTracks()
  const { patrolReportPart } = await import('./patrol-report-page')
  const { page } = await patrolReportPart(remote, period, analytics.patrolRequest(), periodText, t, useViewStore().lang)
  phases.patrol = Math.round(performance.now() - t0)
  return page
}

/** Pages of a PDF jsPDF wrote: its page objects ("/Type /Page", not "/Pages"). */
function countPdfPages(bytes: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(bytes)
  return (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length
}
