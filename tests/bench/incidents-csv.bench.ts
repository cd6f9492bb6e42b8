/**
 * 1,000,000 incident rows (deterministic, ~97 MB): IncidentCsvReader vs papaparse
 * (header: true, objects; the decode to a string is part of papaparse's time, as in the app).
 */
import Papa from 'papaparse'
import { incidentBuffers } from '../../src/core/incidents'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { measure, type Row } from './harness'
import { makeIncidentsCsv } from './make-incidents-csv'

export async function run(): Promise<Row[]> {
  const n = Number(process.env.BENCH_INCIDENTS_N ?? 1_000_000)
  const bytes = makeIncidentsCsv(n, 1)
  const mb = (bytes.length / 2 ** 20).toFixed(0)
  const baseline = 'papaparse header:true (objects)'
  const rows: Row[] = []
  rows.push(measure(baseline, n, () => Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true }).data, {
    note: (d) => `${d.length} objects from ${mb} MB`,
  }))
  rows.push(measure('papaparse header:false (arrays)', n, () => Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: true }).data, { baseline }))
  rows.push(measure('IncidentCsvReader (wgs84)', n, () => readIncidentsCsv(bytes), {
    baseline,
    note: (r) => `${r.columns.count} rows; columns ${(incidentBuffers(r.columns).reduce((s, b) => s + b.byteLength, 0) / 2 ** 20).toFixed(1)} MB`,
  }))
  rows.push(measure('IncidentCsvReader (gcj02 → wgs84)', n, () => readIncidentsCsv(bytes, { crs: 'gcj02' }), { baseline }))
  return rows
}
