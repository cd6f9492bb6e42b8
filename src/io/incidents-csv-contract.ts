/**
 * What the incident CSV reader reads and returns: the contract's fields in column order, the
 * category labels it knows, its options and its result (src/ARCHITECTURE.md, "Incidents").
 */
import type { Category, IncidentColumns } from '../core/incidents'
import type { Crs } from './coords'
import type { EncodingChoice } from './dataset-kinds'
import type { ImportReport } from './import-report'

/** The fields of the incident contract, in CSV column order (what the live feed and the server write). */
export const INCIDENT_FIELDS = ['id', 'time', 'category', 'subtype', 'lon', 'lat', 'address'] as const
/**
 * The fields the reader takes: the contract's and `time_to`, the end of the window of an
 * incident whose time is uncertain (`time` is then its start; core/aoristic.ts), and `victim`
 * (受害人: who it was against, for repeat victims; personal data the server does not take).
 * Kept out of INCIDENT_FIELDS so that the lines the live feed and the server write keep their
 * 7 columns.
 */
export const INCIDENT_READ_FIELDS = [...INCIDENT_FIELDS, 'time_to', 'victim'] as const
export type IncidentField = (typeof INCIDENT_READ_FIELDS)[number]

export interface IncidentCsvOptions {
  /** coordinate system of lon/lat in the file (default wgs84); converted to WGS-84 */
  crs?: Crs
  fileName?: string
  /** size of the whole file when known: the columns are then sized once from the first rows
   *  instead of doubling, which keeps the peak memory of a 1,000,000-row read near its result */
  expectedBytes?: number
  /** false: leave the address column empty (analytics never read it; saves ~25 bytes a row) */
  addresses?: boolean
  /** extra category labels (matched trimmed and lower-cased), e.g. { homicide: 'criminal' } */
  categoryLabels?: Readonly<Record<string, Category>>
  /** field → column index (0-based), from the column-mapping step; replaces the header aliases */
  columns?: Readonly<Partial<Record<IncidentField, number>>>
  /** 'reject': a row whose category label is not known (nor in categoryLabels) is rejected as
   *  unknown_category instead of being kept as `other` (the default in src/ARCHITECTURE.md, "Incidents") */
  unknownCategory?: 'other' | 'reject'
  /** text encoding of the file (default 'auto': UTF-8 unless the first 64 KiB are not UTF-8,
   *  then GB18030, of which GBK is a subset) */
  encoding?: EncodingChoice
  /** keep the id index after finish(), for findId (a reader of part of a file, see
   *  src/cli/incidents-parallel.ts) */
  keepIdIndex?: boolean
}

export interface IncidentCsvResult {
  columns: IncidentColumns
  report: ImportReport
}

/** Category labels (trimmed, lower-cased) → code in CATEGORIES. Anything else is `other`. */
export const CATEGORY_LABELS: Readonly<Record<string, number>> = {
  criminal: 0, '刑事': 0,
  public_order: 1, '治安': 1,
  fire: 2, '消防': 2, '火警': 2,
  problem: 3, '问题隐患': 3, '隐患': 3,
}
