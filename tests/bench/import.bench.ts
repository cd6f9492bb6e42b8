/**
 * The import pipeline on 1,000,000 incident rows in Node, against the bare reader (baseline):
 * what the column mapping, GBK transcoding and GCJ-02 conversion cost on top of reading.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { previewImport, runImport, sourceFromBytes } from '../../src/io/dataset-import'
import { makeIncidentsCsv } from './make-incidents-csv'
import type { Row } from './harness'

const RUNS = 3
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function timeImport(name: string, bytes: Uint8Array, crs: 'wgs84' | 'gcj02'): Promise<number> {
  const src = sourceFromBytes(name, bytes)
  const p = await previewImport(src, 'incidents')
  if ('error' in p) throw new Error(p.error)
  const times: number[] = []
  for (let k = 0; k < RUNS; k++) {
    const t0 = performance.now()
    const o = await runImport(src, { kind: 'incidents', encoding: 'auto', crs, mapping: p.mapping })
    times.push(performance.now() - t0)
    if (o.count !== 1_000_000) throw new Error(`${name}: ${o.count} rows kept`)
  }
  return median(times)
}

export async function run(): Promise<Row[]> {
  mkdirSync('tests/bench/output', { recursive: true })
  const file = 'tests/bench/output/incidents-1m.csv'
  if (!existsSync(file)) writeFileSync(file, makeIncidentsCsv(1_000_000, 7))
  const utf8 = new Uint8Array(readFileSync(file))
  const gbk = new Uint8Array(iconv.encode(iconv.decode(Buffer.from(utf8), 'utf8'), 'gbk'))
  const base = 'reader: readIncidentsCsv, UTF-8 (baseline)'
  const reads: number[] = []
  for (let k = 0; k < RUNS; k++) {
    const t0 = performance.now()
    readIncidentsCsv(utf8)
    reads.push(performance.now() - t0)
  }
  const mb = (b: Uint8Array) => `${(b.length / 2 ** 20).toFixed(0)} MiB`
  return [
    { name: base, n: 1_000_000, medianMs: median(reads), note: mb(utf8) },
    { name: 'import: UTF-8, columns mapped, WGS-84', n: 1_000_000, medianMs: await timeImport('utf8.csv', utf8, 'wgs84'), baseline: base },
    { name: 'import: UTF-8, GCJ-02 → WGS-84', n: 1_000_000, medianMs: await timeImport('gcj.csv', utf8, 'gcj02'), baseline: base },
    { name: 'import: GBK (detected, transcoded), WGS-84', n: 1_000_000, medianMs: await timeImport('gbk.csv', gbk, 'wgs84'), baseline: base, note: mb(gbk) },
  ]
}
