/**
 * Writes incidents.cols (src/io/incident-columns-file.ts) from incidents.csv in a demo folder:
 * the same rows, read by the app's own CSV reader, so the binary says exactly what the CSV says.
 * generate-demo.ts calls it; on its own it refreshes the binary of an existing CSV:
 *   npx tsx geodata/incident-columns.ts [geodata/demo]
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readIncidentsCsv } from '../src/io/incidents-csv'
import { encodeIncidentColumns } from '../src/io/incident-columns-file'

export function writeIncidentColumns(dir: string): number {
  const read = readIncidentsCsv(readFileSync(join(dir, 'incidents.csv')), { fileName: 'incidents.csv' })
  writeFileSync(join(dir, 'incidents.cols'), encodeIncidentColumns(read.columns, read.report))
  return read.columns.count
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'geodata/demo'
  console.log(`${dir}/incidents.cols: ${writeIncidentColumns(dir)} incidents`)
}
