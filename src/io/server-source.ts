/**
 * The command centre's server as a data source (data-source.ts): one district's data, read
 * through the server's API on the app's own origin with the browser's session cookie. Incidents
 * arrive as the binary columns the demo's file uses (incident-columns-file.ts), read by the
 * ColumnsReader the app gives (its incidents worker), so everything downstream is unchanged.
 */
import type { FeatureCollection } from 'geojson'
import type { DatasetKind } from './dataset-kinds'
import type { ColumnsReader } from './demo-source'
import { apiUrl, serverJson, ServerError } from './server-api'
import type { DataSource, IncidentExtent, RankedLayerName, SourceAnalytics, SourceEntry, SourceSafetyIndex } from './data-source'
import { defaultWindow, DEFAULT_WINDOW_MONTHS } from '../core/incident-window'
import { CATEGORIES } from '../core/incidents'
import type { TimeHistogram } from '../core/time-histogram'

/** The area kinds and the server's layer names. */
const AREA_LAYERS: Partial<Record<DatasetKind, string>> = { streets: 'street', compounds: 'compound', grids: 'grid', keySites: 'site' }
const FEATURE_KINDS: readonly DatasetKind[] = ['stations', 'checkpoints', 'roads', 'buildings']
/** every kind the server keeps, in the order the data dialog lists them */
export const SERVER_KINDS: readonly DatasetKind[] = ['streets', 'compounds', 'grids', 'keySites', 'incidents', 'cameras', ...FEATURE_KINDS]

export interface ServerSourceOptions {
  /** the page's base (import.meta.env.BASE_URL) */
  base: string
  districtId: number
  /** the district's name, for messages */
  districtName: string
  readColumns: ColumnsReader
  /** whole months of incidents loaded at first (the latest); default DEFAULT_WINDOW_MONTHS */
  windowMonths?: number
}

export function createServerSource(o: ServerSourceOptions): DataSource {
  const path = (p: string) => `districts/${o.districtId}/${p}`
  // every kind names the district it came from, so exports list them as one source
  const fileName = (_kind: DatasetKind) => o.districtName
  const analytics: SourceAnalytics = {
    extent: () => serverJson<IncidentExtent>(o.base, path('extent')),
    async histogram(f) {
      const q = new URLSearchParams()
      if (f.categories) q.set('categories', f.categories.map((k) => CATEGORIES[k]).join(','))
      if (f.subtypes) q.set('subtypes', JSON.stringify(f.subtypes))
      if (f.hours) q.set('hours', f.hours.join(','))
      if (f.weekdays) q.set('weekdays', f.weekdays.join(','))
      const h = await serverJson<Omit<TimeHistogram, 'counts'> & { counts: number[] }>(o.base, path(`histogram?${q}`))
      return { ...h, counts: Float64Array.from(h.counts) }
    },
    safetyIndex: (layer: RankedLayerName, period, w) => serverJson<SourceSafetyIndex>(o.base,
      path(`safety-index?layer=${AREA_LAYERS[layer]}&from=${period.from}&to=${period.to}&weights=case=${w.case},fire=${w.fire},problem=${w.problem}`)),
  }
  return {
    analytics,
    id: 'server',
    label: `server: ${o.districtName}`,
    async list() {
      // roads and buildings are drawn by the base map from their URL, loaded here only when an analysis needs them
      return SERVER_KINDS.map((kind): SourceEntry => ({ kind, origin: 'server', ...((kind === 'roads' || kind === 'buildings') && { deferred: true }) }))
    },
    async load(kind, opts = {}) {
      // the outline drawn under the streets is the streets layer itself (the data store falls back to it)
      if (kind === 'district') return null
      const layer = AREA_LAYERS[kind]
      if (layer) {
        const fc = await serverJson<FeatureCollection>(o.base, path(`areas?layer=${layer}`), opts.signal)
        return fc.features.length ? { payload: { type: 'features', fc }, fileName: fileName(kind) } : null
      }
      if (FEATURE_KINDS.includes(kind)) {
        const fc = await serverJson<FeatureCollection>(o.base, path(`features?kind=${kind}`), opts.signal)
        return fc.features.length ? { payload: { type: 'features', fc }, fileName: fileName(kind) } : null
      }
      if (kind === 'incidents') {
        // a district may hold years of incidents: the page holds a window of whole months, and
        // what spans all of them (the timeline's bars, the index of any month) is asked of the server
        const asked = analytics.extent()
        // awaited below; a failed read of the incidents must not leave this one unhandled
        asked.catch(() => undefined)
        const extent = opts.window ? undefined : await asked
        const window = opts.window ?? defaultWindow(extent!.range, o.windowMonths ?? DEFAULT_WINDOW_MONTHS) ?? undefined
        const q = window ? `?from=${window.from}&to=${window.to}` : ''
        const { columns, report } = await o.readColumns(apiUrl(o.base, path(`incidents${q}`)), { ...opts, fileName: fileName(kind) })
        return { payload: { type: 'incidents', columns }, fileName: fileName(kind), report, extent: extent ?? await asked, ...(window && { window }) }
      }
      if (kind === 'cameras') {
        const res = await fetch(apiUrl(o.base, path('cameras')), { signal: opts.signal })
        if (!res.ok) throw new ServerError(res.status, `cameras: HTTP ${res.status}`)
        const { readCamerasCsv } = await import('./cameras-csv')
        const { cameras, report } = readCamerasCsv(await res.text(), fileName(kind))
        return cameras.count ? { payload: { type: 'cameras', columns: cameras }, fileName: fileName(kind), report } : null
      }
      return null
    },
    urlOf: (kind) => apiUrl(o.base, kind === 'district' ? path('areas?layer=street') : path(`features?kind=${kind}`)),
  }
}
