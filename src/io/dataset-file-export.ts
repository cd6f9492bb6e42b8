/** Which export a dataset offers, and the file it becomes (dataset-export.ts writes the text). */
import type { DatasetPayload } from './dataset-db'
import {
  camerasToCsv, camerasToGeoJson, featuresToGeoJson, incidentsToCsv, incidentsToGeoJson, pointFeaturesToCsv, populationToCsv,
} from './dataset-export'

import { KIND_GEOMETRY, type DatasetKind } from './dataset-kinds'
import { tracksToCsv } from './tracks-csv'

export type ExportFormat = 'csv' | 'geojson'

/** What a kind offers: shapes only as GeoJSON, points both ways, population as CSV. */
export function kindExportFormats(kind: DatasetKind): ExportFormat[] {
  const g = KIND_GEOMETRY[kind]
  return g === 'point' ? ['csv', 'geojson'] : g === 'table' ? ['csv'] : ['geojson']
}

/** Formats a payload can be written as: shapes only as GeoJSON, points both ways, population as CSV. */
export function exportFormats(p: DatasetPayload): ExportFormat[] {
  switch (p.type) {
    case 'incidents':
    case 'cameras': return ['csv', 'geojson']
    case 'population':
    case 'tracks': return ['csv']
    case 'features': return p.fc.features.every((f) => f.geometry?.type === 'Point') && p.fc.features.length > 0 ? ['csv', 'geojson'] : ['geojson']
  }
}

export function exportPayload(p: DatasetPayload, format: ExportFormat): { parts: string[]; type: string } {
  if (!exportFormats(p).includes(format)) throw new Error(`${p.type} cannot be exported as ${format}`)
  const csv = format === 'csv'
  const type = csv ? 'text/csv;charset=utf-8' : 'application/geo+json'
  switch (p.type) {
    case 'incidents': return { parts: csv ? incidentsToCsv(p.columns) : incidentsToGeoJson(p.columns), type }
    case 'cameras': return { parts: csv ? camerasToCsv(p.columns) : camerasToGeoJson(p.columns), type }
    case 'population': return { parts: populationToCsv(new Map(p.rows)), type }
    // BOM: Excel reads the Chinese unit ids as UTF-8
    case 'tracks': return { parts: ['\uFEFF' + tracksToCsv(p.tracks)], type }
    case 'features': return { parts: csv ? pointFeaturesToCsv(p.fc) : featuresToGeoJson(p.fc), type }
  }
}
