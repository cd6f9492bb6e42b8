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
import type { DataSource, SourceEntry } from './data-source'

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
}

export function createServerSource(o: ServerSourceOptions): DataSource {
  const path = (p: string) => `districts/${o.districtId}/${p}`
  // every kind names the district it came from, so exports list them as one source
  const fileName = (_kind: DatasetKind) => o.districtName
  return {
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
        const { columns, report } = await o.readColumns(apiUrl(o.base, path('incidents')), { ...opts, fileName: fileName(kind) })
        return { payload: { type: 'incidents', columns }, fileName: fileName(kind), report }
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
