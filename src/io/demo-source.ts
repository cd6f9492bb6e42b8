/**
 * The embedded demo district as a data source (data-source.ts): its files, fetched from our own
 * origin. Roads and buildings stay URLs of the base style until something needs them as data;
 * those, and the district's outline, are fetched once.
 */
import type { FeatureCollection } from 'geojson'
import type { IncidentColumns } from '../core/incidents'
import { DEMO_URLS } from './demo-files'
import type { DatasetKind } from './dataset-kinds'
import { fetchFeatureCollection } from './geojson-layer-file'
import type { ImportReport } from './import-report'
import type { BaseLayerKind, DataSource, LoadOptions, SourceEntry } from './data-source'

/** Reads a binary incident columns file (incident-columns-file.ts) at a URL: the app gives its worker. */
export type ColumnsReader = (url: string, opts: LoadOptions & { fileName: string }) => Promise<{ columns: IncidentColumns; report: ImportReport }>

/** The demo's files that are loaded at start, with the names their reports and the data dialog show. */
const FILES: Partial<Record<DatasetKind, [string, string]>> = {
  streets: [DEMO_URLS.streets, 'streets.geojson'],
  compounds: [DEMO_URLS.compounds, 'compounds.geojson'],
  keySites: [DEMO_URLS.keySites, 'key_sites.geojson'],
  stations: [DEMO_URLS.stations, 'stations.geojson'],
  checkpoints: [DEMO_URLS.checkpoints, 'checkpoints.geojson'],
  cameras: [DEMO_URLS.cameras, 'cameras.csv'],
  // the binary columns of incidents.csv: the same rows and report, read without parsing text
  incidents: [DEMO_URLS.incidentColumns, 'incidents.csv'],
}
const BASE: Record<BaseLayerKind, [string, string]> = {
  roads: [DEMO_URLS.roads, 'roads.geojson'],
  buildings: [DEMO_URLS.buildings, 'buildings.geojson'],
  district: [DEMO_URLS.district, 'district.geojson'],
}

export function createDemoSource(readColumns: ColumnsReader): DataSource {
  const fetchedOnce = new Map<BaseLayerKind, Promise<FeatureCollection>>()
  const isBase = (kind: string): kind is BaseLayerKind => kind in BASE

  return {
    id: 'demo',
    label: 'geodata/demo',
    async list() {
      const entries: SourceEntry[] = (Object.keys(FILES) as DatasetKind[]).map((kind) => ({ kind, origin: 'demo' }))
      return [...entries, { kind: 'roads', origin: 'demo', deferred: true }, { kind: 'buildings', origin: 'demo', deferred: true }]
    },
    async load(kind, opts = {}) {
      if (isBase(kind)) {
        let p = fetchedOnce.get(kind)
        if (!p) fetchedOnce.set(kind, (p = fetchFeatureCollection(...BASE[kind])))
        return { payload: { type: 'features', fc: await p }, fileName: BASE[kind][1] }
      }
      const file = FILES[kind]
      if (!file) return null
      const [url, fileName] = file
      if (kind === 'incidents') {
        const { columns, report } = await readColumns(url, { ...opts, fileName })
        return { payload: { type: 'incidents', columns }, fileName, report }
      }
      if (kind === 'cameras') {
        const text = await fetch(url).then((r) => r.text())
        // the CSV reader (papaparse) is only needed for this one small file: it loads with it
        const { readCamerasCsv } = await import('./cameras-csv')
        const { cameras, report } = readCamerasCsv(text, fileName)
        return { payload: { type: 'cameras', columns: cameras }, fileName, report }
      }
      return { payload: { type: 'features', fc: await fetchFeatureCollection(url, fileName) }, fileName }
    },
    urlOf: (kind) => BASE[kind][0],
  }
}
