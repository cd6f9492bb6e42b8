/**
 * Streaming reader for incident CSV files (`id,time,category,subtype,lon,lat[,address]`).
 *
 * It scans UTF-8 bytes straight into typed columns: no per-row objects, no string split of
 * the file, no string per field on the hot path (lon/lat/time are parsed from bytes, ids are
 * hashed as bytes, category and subtype go through small byte dictionaries). Chunks may be
 * cut anywhere (inside a quoted field, a CRLF or a multi-byte character). Bad rows are
 * rejected into the ImportReport; the reader never throws on bad data.
 *
 * papaparse is the reference it is tested against (tests/unit/io) and the general path for
 * files that are not in the contract.
 *
 * This module is the entry importers use; the parts: the contract's fields and options
 * (incidents-csv-contract.ts), the reader (incidents-csv-reader.ts), the tokenizer
 * (csv-byte-scanner.ts), numbers and times from bytes (decimal-bytes.ts, time-bytes.ts), the
 * duplicate-id set (incident-id-set.ts), the category/subtype dictionaries (byte-dict.ts) and
 * the growing columns (incident-column-buffers.ts).
 */
import { IncidentCsvReader } from './incidents-csv-reader'
import type { IncidentCsvOptions, IncidentCsvResult } from './incidents-csv-contract'

export { CATEGORY_LABELS, INCIDENT_FIELDS, INCIDENT_READ_FIELDS, type IncidentCsvOptions, type IncidentCsvResult, type IncidentField } from './incidents-csv-contract'
export { IncidentCsvReader } from './incidents-csv-reader'
export { parseDecimal } from './decimal-bytes'
export { DEFAULT_OFFSET_MINUTES, parseTimeBytes } from './time-bytes'

/** Read a whole file held in memory (fed in 1 MiB chunks, as a stream would be). */
export function readIncidentsCsv(bytes: Uint8Array, opts: IncidentCsvOptions = {}): IncidentCsvResult {
  const reader = new IncidentCsvReader(opts)
  const step = 1 << 20
  for (let s = 0; s < bytes.length; s += step) reader.push(bytes.subarray(s, Math.min(bytes.length, s + step)))
  return reader.finish()
}
