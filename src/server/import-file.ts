/**
 * A file loaded into the server goes through the browser import's own code (io/dataset-import:
 * format check, column mapping, encoding, coordinate conversion, the per-row report), and what
 * it keeps is stored in one transaction: bad rows are reported by line, good rows kept, and a
 * load that fails or is stopped half-way stores nothing.
 */
import type pg from 'pg'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { Category } from '../core/incidents'
import type { Crs } from '../io/coords'
import type { DatasetPayload } from '../io/dataset-db'
import { previewImport, runImport, sourceFromBytes, type ImportReference } from '../io/dataset-import'
import { featuresBbox } from '../io/dataset-bbox'
import type { DatasetKind, EncodingChoice } from '../io/dataset-kinds'
import type { ImportReport } from '../io/import-report'
import type { AreaLayer } from './assign-areas'
import { loadAreaLayer } from './load-areas'
import { loadCameras, loadFeatureLayer, type FeatureTable } from './load-features'
import { loadIncidents } from './load-incidents'

/** The area kinds of the browser import and the layer each fills. */
export const KIND_LAYER: Partial<Record<DatasetKind, AreaLayer>> = { streets: 'street', compounds: 'compound', grids: 'grid', keySites: 'site' }
const FEATURE_KINDS: readonly string[] = ['stations', 'checkpoints', 'roads', 'buildings']

export interface LoadOptions {
  kind: DatasetKind
  fileName: string
  crs?: Crs
  encoding?: EncodingChoice
  /** field → the file's column (property) name, e.g. { id: 'area_numbe', population: 'POP' } */
  fields?: Record<string, string>
  categories?: Record<string, Category>
  /** population: the layer whose areas get it (default every layer with those ids) */
  layer?: AreaLayer
}

export interface LoadOutcome {
  report: ImportReport
  /** rows kept by the reader */
  kept: number
  /** what the database now holds of it */
  stored: Record<string, number>
}

export class LoadRefused extends Error {
  constructor(message: string, readonly report?: ImportReport) {
    super(message)
  }
}

/**
 * What a file without a stated coordinate system is checked against, as the browser import
 * does it: the district's finest areas (compounds, else streets, else grid cells) and the
 * extent of its streets. Empty for a district with no areas yet.
 */
export async function importReference(c: pg.ClientBase, districtId: number): Promise<ImportReference> {
  const { rows } = await c.query<{ layer: AreaLayer; geometry: Geometry }>(`
    select layer, geometry from areas
    where district_id = $1 and layer in ('compound', 'street', 'grid')
    order by ord`, [districtId])
  const layer = (l: AreaLayer): FeatureCollection | null => {
    const features = rows.filter((r) => r.layer === l).map((r): Feature => ({ type: 'Feature', properties: {}, geometry: r.geometry }))
    return features.length ? { type: 'FeatureCollection', features } : null
  }
  const streets = layer('street')
  const areas = layer('compound') ?? streets ?? layer('grid')
  return { areas, bbox: (streets && featuresBbox(streets)) || (areas && featuresBbox(areas)) || null }
}

/**
 * Reads the file as the browser import does; throws LoadRefused when nothing can be used.
 * Without `crs` the coordinate system is detected against `reference` (importReference).
 */
export async function readForLoad(bytes: Uint8Array, opts: LoadOptions, reference?: ImportReference): Promise<{ payload: DatasetPayload; report: ImportReport }> {
  const src = sourceFromBytes(opts.fileName, bytes)
  const encoding = opts.encoding ?? 'auto'
  const preview = await previewImport(src, opts.kind, { encoding, ...(reference && { reference }) })
  if ('error' in preview) throw new LoadRefused(preview.error)
  const mapping = { ...preview.mapping }
  for (const [field, column] of Object.entries(opts.fields ?? {})) {
    const k = preview.header.findIndex((h) => h.trim().toLowerCase() === column.trim().toLowerCase())
    if (k < 0) throw new LoadRefused(`no column ${JSON.stringify(column)} for ${field} (columns: ${preview.header.join(', ')})`)
    mapping[field] = k
  }
  // the browser's rule: what was detected, confident or not (said so in the report), unless chosen
  const crs = opts.crs ?? preview.crs.crs
  const outcome = await runImport(src, { kind: opts.kind, encoding, crs, mapping, categories: opts.categories })
  outcome.report.crs.detection = opts.crs ? 'chosen' : preview.crs.confident ? 'detected' : 'undetected'
  if (!outcome.payload) throw new LoadRefused(`nothing could be read${outcome.report.errors.length ? `: ${outcome.report.errors.join('; ')}` : ''}`, outcome.report)
  return { payload: outcome.payload, report: outcome.report }
}

/** Stores what readForLoad kept into the district, inside the caller's transaction. */
export async function storePayload(c: pg.ClientBase, districtId: number, opts: LoadOptions, payload: DatasetPayload, signal?: AbortSignal): Promise<Record<string, number>> {
  const layer = KIND_LAYER[opts.kind]
  if (layer && payload.type === 'features') {
    const r = await loadAreaLayer(c, districtId, layer, payload.fc)
    return { areas: r.areas, assigned: r.assigned }
  }
  if (FEATURE_KINDS.includes(opts.kind) && payload.type === 'features') {
    return { features: (await loadFeatureLayer(c, districtId, opts.kind as FeatureTable, payload.fc)).features }
  }
  if (payload.type === 'incidents') {
    const r = await loadIncidents(c, districtId, payload.columns, { signal })
    return { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged }
  }
  if (payload.type === 'cameras') return loadCameras(c, districtId, payload.columns)
  if (payload.type === 'population') {
    const { rowCount } = await c.query(`
      update areas a set population = u.population
      from unnest($2::text[], $3::float8[]) as u (source_id, population)
      where a.district_id = $1 and a.source_id = u.source_id and ($4::text is null or a.layer = $4)`,
    [districtId, payload.rows.map((r) => r[0]), payload.rows.map((r) => r[1]), opts.layer ?? null])
    return { areas: rowCount ?? 0 }
  }
  throw new LoadRefused(`a ${opts.kind} file cannot be loaded as ${payload.type}`)
}
