/**
 * Where the app's datasets come from. The data store reads every dataset through this one
 * interface: the demo district's files (demo-source.ts), the user's imports kept in IndexedDB
 * (imports-source.ts), and one more implementation for each other place data may live (a server).
 * A source speaks in the app's own types (IncidentColumns, CameraColumns, FeatureCollections in
 * a DatasetPayload), never in files: how it reads them is its own business.
 */
import type { DatasetKind } from './dataset-kinds'
import type { DatasetPayload } from './dataset-db'
import type { ImportReport } from './import-report'
import type { Period } from '../core/periods'
import type { SafetyIndexRow, SafetyWeights } from '../core/safety-index'
import type { TimeHistogram } from '../core/time-histogram'

export type { DatasetPayload } from './dataset-db'

/** Where a kind's data on the map comes from. */
export type DatasetOrigin = 'demo' | 'imported' | 'server' | 'removed' | 'none'

export interface DatasetInfo {
  origin: DatasetOrigin
  fileName?: string
  /** ISO time of the import */
  at?: string
  report?: ImportReport
}

/** What a source can load: a dataset, or the district's outline (drawn under the streets). */
export type SourceKind = DatasetKind | 'district'

/** The base map's layers that a source may also give as a URL, which MapLibre fetches itself. */
export type BaseLayerKind = 'roads' | 'buildings' | 'district'

export interface LoadedDataset {
  payload: DatasetPayload
  fileName?: string
  report?: ImportReport
  /** incidents: the whole local months loaded when the source holds more (absent: all it has) */
  window?: Period
  /** incidents: all the source holds, when it may hold more than it loads */
  extent?: IncidentExtent
}

/** One kind a source has something for: data, or the user's removal of that kind. */
export interface SourceEntry extends DatasetInfo {
  kind: DatasetKind
  origin: Exclude<DatasetOrigin, 'none'>
  /** the data itself, when the source read it along with the list (IndexedDB reads whole records) */
  data?: LoadedDataset
  /** loaded only when something needs it as data: the base map draws it from `urlOf` */
  deferred?: boolean
}

export interface LoadProgress {
  bytesRead: number
  totalBytes: number | null
  rows: number
}

export interface LoadOptions {
  /** incidents: only those of this period (a source that holds more than a page should load) */
  window?: Period
  /** stops a long load (incidents); the load then rejects with an Error named 'AbortError' */
  signal?: AbortSignal
  onProgress?: (p: LoadProgress) => void
}

/** The incidents a source holds, whether the page loaded all of them or a window. */
export interface IncidentExtent {
  count: number
  /** first and last time, epoch ms; null without incidents */
  range: [number, number] | null
}

/** The filter of the timeline's bars, with subtypes by name (codes are the page's own dictionary). */
export interface SourceHistogramFilter {
  categories: number[] | null
  subtypes: string[] | null
  hours: [number, number] | null
  weekdays: number[] | null
}

export type RankedLayerName = 'streets' | 'compounds' | 'grids' | 'keySites'

export interface SourceSafetyIndex {
  period: Period
  /** rank order, areas named by id */
  rows: (Omit<SafetyIndexRow, 'area'> & { id: string; name: string })[]
  /** incidents in none of the layer's areas */
  unassigned: number
}

/**
 * What a source that holds more incidents than the page loads computes over all of them where
 * they are (a server's SQL), with the core's results: the timeline's bars over the whole range
 * and the safety index of any period.
 */
export interface SourceAnalytics {
  extent(): Promise<IncidentExtent>
  histogram(filter: SourceHistogramFilter): Promise<TimeHistogram>
  safetyIndex(layer: RankedLayerName, period: Period, weights: SafetyWeights): Promise<SourceSafetyIndex>
}

export interface DataSource {
  readonly id: string
  /** where the data is, for messages and logs */
  readonly label: string
  /** What the source has, one entry per kind at most. */
  list(): Promise<SourceEntry[]>
  /** The data of one kind, null when the source has none; a failure to read rejects. */
  load(kind: SourceKind, opts?: LoadOptions): Promise<LoadedDataset | null>
  /** A URL the base map can draw the layer from without it being loaded here, if the source has one. */
  urlOf?(kind: BaseLayerKind): string | null
  /** A source that keeps the user's changes: that kind stays off the map after a reload (no other source's data in its place). */
  keepRemoval?(kind: DatasetKind, at: string): Promise<void>
  /** A source that keeps the user's changes: forget them all. */
  forget?(): Promise<void>
  /** A source that loads a window of its incidents computes over all of them here. */
  readonly analytics?: SourceAnalytics
}
