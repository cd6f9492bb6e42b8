/**
 * How the demo's 200,000 incidents could reach the worker: the CSV parsed by the app's reader,
 * the binary columns file (src/io/incident-columns-file.ts), and Apache Arrow IPC (the standard
 * columnar format; `apache-arrow`, here through deck.gl's loaders.gl) decoded to the same
 * columns. Sizes raw and gzip (vite preview and most servers compress).
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import type { IncidentColumns } from '../../src/core/incidents'
import { decodeIncidentColumns, encodeIncidentColumns } from '../../src/io/incident-columns-file'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { measure, type Row } from './harness'

const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`

export async function run(): Promise<Row[]> {
  const csv = readFileSync('geodata/demo/incidents.csv')
  const read = readIncidentsCsv(csv, { fileName: 'incidents.csv' })
  const c = read.columns
  const cols = encodeIncidentColumns(c, read.report)
  const rows: Row[] = []
  const BASE = 'incidents.csv → columns (IncidentCsvReader, baseline)'
  rows.push(measure(BASE, c.count, () => readIncidentsCsv(csv, { fileName: 'incidents.csv' }), { note: () => `${kb(csv.length)}, gzip ${kb(gzipSync(csv).length)}` }))
  const buf = cols.buffer.slice(cols.byteOffset, cols.byteOffset + cols.byteLength) as ArrayBuffer
  rows.push(measure('incidents.cols → columns (decodeIncidentColumns)', c.count, () => decodeIncidentColumns(buf), { baseline: BASE, note: () => `${kb(cols.length)}, gzip ${kb(gzipSync(cols).length)}` }))
  let arrow: typeof import('apache-arrow') | null = null
  try {
    arrow = await import('apache-arrow')
  } catch {
    /* not installed on its own: deck.gl's loaders.gl brings it; without it the row is left out */
  }
  if (arrow) {
    const A = arrow
    const strings = (p: IncidentColumns['id']) => A.makeData({ type: new A.Utf8(), length: c.count, valueOffsets: new Int32Array(p.offsets), data: p.bytes })
    const table = new A.Table({
      lon: A.makeVector(c.lon), lat: A.makeVector(c.lat), time: A.makeVector(c.time), category: A.makeVector(c.category), subtype: A.makeVector(c.subtype),
      id: A.makeVector(strings(c.id)), address: A.makeVector(strings(c.address)),
    })
    const ipc = A.tableToIPC(table, 'file')
    rows.push(measure('Arrow IPC file → columns (apache-arrow tableFromIPC)', c.count, () => {
      const t = A.tableFromIPC(ipc)
      const str = (name: string) => {
        const d = t.getChild(name)!.data[0]
        return { bytes: d.values as Uint8Array, offsets: new Uint32Array(d.valueOffsets as Int32Array) }
      }
      return {
        count: t.numRows, lon: t.getChild('lon')!.toArray(), lat: t.getChild('lat')!.toArray(), time: t.getChild('time')!.toArray(),
        category: t.getChild('category')!.toArray(), subtype: t.getChild('subtype')!.toArray(), id: str('id'), address: str('address'),
      }
    }, { baseline: BASE, note: () => `${kb(ipc.length)}, gzip ${kb(gzipSync(ipc).length)}; the library adds to the worker's code` }))
  }
  return rows
}
