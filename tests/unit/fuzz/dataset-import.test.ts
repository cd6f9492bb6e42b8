/**
 * The import worker's path (previewImport → runImport, src/workers/import.worker.ts) over CSV,
 * xlsx, GeoJSON and zipped shapefiles: a preview or a PreviewError, then an outcome whose
 * report names rows, never a rejected promise other than a cancel, never a hang.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import writeXlsxFile from 'write-excel-file/node'
import { zip as shpZip } from '@mapbox/shp-write'
import { previewImport, runImport, sourceFromBytes, type ImportOutcome } from '../../../src/io/dataset-import'
import type { DatasetKind } from '../../../src/io/dataset-kinds'
import { expectRowsNamed, quietPapaparse, runs, TEST_TIMEOUT } from './fuzz-budget'
import { byteMutation, deepNestText, hostileValue, lineMutation, mutateBytes, mutateLine, mutateText, textMutation } from './mutations'

const enc = new TextEncoder()

/** Preview then import, as the dialog does; checks the contract of both answers. */
async function importAs(name: string, bytes: Uint8Array, kind: DatasetKind): Promise<ImportOutcome> {
  const p = await previewImport(sourceFromBytes(name, bytes), kind)
  if ('error' in p) expect(typeof p.error === 'string' && p.error.length > 0).toBe(true)
  const mapping = 'error' in p ? {} : p.mapping
  const o = await runImport(sourceFromBytes(name, bytes, 4096), { kind, encoding: 'auto', crs: 'wgs84', mapping })
  expectRowsNamed(o.report, 1_000_000)
  // nothing kept: the report says why, as a file error or as its rejected rows
  if (o.payload === null) expect(o.report.errors.length + o.report.rejectedCount).toBeGreaterThan(0)
  return o
}

const id = (i: number) => `C${String(i + 1).padStart(2, '0')}`
const CSV_HEADER = 'id,lon,lat,type,azimuth,fov,range,status'
const csvRow = (i: number) => `${id(i)},${(119 + i / 100).toFixed(5)},${(36.7 + i / 1000).toFixed(5)},bullet,${i * 10},60,80,online`

quietPapaparse()

describe('fuzz: import pipeline, CSV', () => {
  const good = [CSV_HEADER, ...Array.from({ length: 20 }, (_, i) => csvRow(i))]

  it('arbitrary bytes as every kind that takes CSV', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 500 }), fc.constantFrom<DatasetKind>('incidents', 'cameras', 'stations', 'population'), async (bytes, kind) => {
      await importAs('x.csv', bytes, kind)
    }), { numRuns: runs(150) })
  }, TEST_TIMEOUT)

  it('cameras CSV with one mutated row: the 19 untouched rows are imported', async () => {
    // A NUL byte anywhere makes the pipeline's sniffer refuse the whole file as binary ("is not a
    // text file"), by design of the format check: those mutations are left to the whole-file property.
    const noNul = fc.array(lineMutation, { minLength: 1, maxLength: 3 }).filter((ms) => !JSON.stringify(ms).includes('\\u0000'))
    await fc.assert(fc.asyncProperty(fc.nat(19), noNul, async (k, ms) => {
      const lines = [...good]
      lines[k + 1] = ms.reduce(mutateLine, lines[k + 1])
      const o = await importAs('cams.csv', enc.encode(lines.join('\n') + '\n'), 'cameras')
      if (o.payload?.type !== 'cameras') throw new Error(`no cameras: ${o.report.errors.join('; ')}`)
      const kept = new Set(o.payload.columns.ids)
      for (let i = 0; i < 20; i++) if (i !== k) expect(kept.has(id(i)), `${id(i)} lost; line ${k + 2}: ${lines[k + 1].slice(0, 200)}`).toBe(true)
    }), { numRuns: runs(100) })
  }, TEST_TIMEOUT)

  it('whole-file mutations of a CSV', async () => {
    await fc.assert(fc.asyncProperty(fc.array(textMutation, { minLength: 1, maxLength: 6 }), async (ms) => {
      await importAs('cams.csv', enc.encode(ms.reduce(mutateText, good.join('\n') + '\n')), 'cameras')
    }), { numRuns: runs(100) })
  }, TEST_TIMEOUT)
})

describe('fuzz: import pipeline, xlsx', () => {
  it('mutated workbooks (bytes), and workbooks of hostile cells: an outcome, never a throw', async () => {
    const rows = [['id', 'lon', 'lat', 'type'], ...Array.from({ length: 10 }, (_, i) => [id(i), 119 + i / 100, 36.7, 'dome'])]
    const xlsx = new Uint8Array(await writeXlsxFile(rows.map((r) => r.map((value) => ({ value }))) as never).toBuffer())
    expect((await importAs('c.xlsx', xlsx, 'cameras')).count).toBe(10)
    await fc.assert(fc.asyncProperty(fc.array(byteMutation, { minLength: 1, maxLength: 3 }), async (ms) => {
      await importAs('c.xlsx', mutateBytes(xlsx, ms), 'cameras')
    }), { numRuns: runs(60) })
    // hostile cells: the one bad row is reported, the other rows are kept
    // write-excel-file itself writes a broken cell for '__proto__'/'constructor' (an object used as
    // a string table) and XML cannot hold NUL: those cells are not what a real workbook holds.
    const cellValue = hostileValue.filter((v) => !['__proto__', 'constructor', '\u0000'].includes(v))
    await fc.assert(fc.asyncProperty(fc.nat(9), fc.nat(3), cellValue, async (k, col, value) => {
      const bad = rows.map((r, i) => (i === k + 1 ? r.map((v, c) => (c === col ? value : v)) : r))
      const bytes = new Uint8Array(await writeXlsxFile(bad.map((r) => r.map((v) => ({ value: v }))) as never).toBuffer())
      const o = await importAs('c.xlsx', bytes, 'cameras')
      expect(o.count).toBeGreaterThanOrEqual(9)
    }), { numRuns: runs(20) })
  }, TEST_TIMEOUT)
})

describe('fuzz: import pipeline, GeoJSON and shapefiles', () => {
  const square = (x: number, y: number, d: number) => [[x, y], [x, y + d], [x + d, y + d], [x + d, y], [x, y]]
  const fcOf = (n: number) => ({
    type: 'FeatureCollection' as const,
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature' as const,
      properties: { id: `S${i + 1}`, name: `街道${i + 1}` },
      geometry: { type: 'Polygon' as const, coordinates: [square(119 + i / 50, 36.7, 0.01)] },
    })),
  })

  it('mutated GeoJSON areas and deep coordinate nesting: an outcome naming features', async () => {
    const text = JSON.stringify(fcOf(8), null, 1)
    expect((await importAs('s.geojson', enc.encode(text), 'streets')).count).toBe(8)
    await fc.assert(fc.asyncProperty(fc.oneof(
      fc.array(textMutation, { minLength: 1, maxLength: 5 }).map((ms) => ms.reduce(mutateText, text)),
      fc.nat(100_000).map((d) => `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"S1"},"geometry":{"type":"Polygon","coordinates":${deepNestText(d)}}}]}`),
      fc.nat(50_000).map((d) => `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"S1","name":${deepNestText(d, '"x"')}},"geometry":{"type":"Point","coordinates":[119,36.7]}}]}`),
      fc.nat(20_000).map((d) => `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"S1"},"geometry":${'{"type":"GeometryCollection","geometries":['.repeat(d)}{"type":"Point","coordinates":[119,36.7]}${']}'.repeat(d)}}]}`),
    ), fc.constantFrom<DatasetKind>('streets', 'roads', 'stations', 'incidents'), async (t, kind) => {
      await importAs('s.geojson', enc.encode(t), kind)
    }), { numRuns: runs(100) })
  }, TEST_TIMEOUT)

  it('mutated zipped shapefiles: an outcome, never a throw', async () => {
    const zip = await shpZip<'uint8array'>(fcOf(6), { outputType: 'uint8array', compression: 'STORE' })
    expect((await importAs('s.zip', zip, 'streets')).count).toBe(6)
    await fc.assert(fc.asyncProperty(fc.array(byteMutation, { minLength: 1, maxLength: 3 }), async (ms) => {
      await importAs('s.zip', mutateBytes(zip, ms), 'streets')
    }), { numRuns: runs(100) })
  }, TEST_TIMEOUT)
})
