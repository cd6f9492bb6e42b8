import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { CATEGORIES, packedString, type IncidentColumns } from '../../../src/core/incidents'
import { decodeIncidentColumns, encodeIncidentColumns } from '../../../src/io/incident-columns-file'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { createIncidentLoader } from '../../../src/workers/incidents-loader'

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)
const arrayBufferOf = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer

/** every column byte for byte (typed arrays of 200,000 rows: comparing bytes is exact and quick) */
function expectSameColumns(a: IncidentColumns, b: IncidentColumns) {
  expect(a.count).toBe(b.count)
  expect(a.subtypes).toEqual(b.subtypes)
  for (const k of ['lon', 'lat', 'time', 'category', 'subtype'] as const) expect(bytesOf(a[k]).equals(bytesOf(b[k])), k).toBe(true)
  for (const k of ['id', 'address'] as const) {
    expect(bytesOf(a[k].bytes).equals(bytesOf(b[k].bytes)), `${k}.bytes`).toBe(true)
    expect(bytesOf(a[k].offsets).equals(bytesOf(b[k].offsets)), `${k}.offsets`).toBe(true)
  }
}

describe('incident columns file', () => {
  const csv = 'id,time,category,subtype,lon,lat,address\n' +
    'A1,2024-01-01T00:00:00,problem,hazard_report,119.083913,36.715403,月河路附近\n' +
    'A2,2024-02-29T23:59:59+00:00,fire,,119.1,36.7,\n' +
    'A3,2025-12-31T12:00:00,刑事,fraud,118.95,36.65,"潍城区, ""东关"""\n'

  it('reads back a hand-checked file exactly: values, strings, category codes and times', () => {
    const read = readIncidentsCsv(new TextEncoder().encode(csv), { fileName: 'x.csv' })
    const { columns, report } = decodeIncidentColumns(arrayBufferOf(encodeIncidentColumns(read.columns, read.report)))
    expect(columns.count).toBe(3)
    expect([...columns.lon]).toEqual([119.083913, 119.1, 118.95])
    expect([...columns.lat]).toEqual([36.715403, 36.7, 36.65])
    // times without an offset are Asia/Shanghai (UTC+8)
    expect([...columns.time]).toEqual([Date.UTC(2023, 11, 31, 16), Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(2025, 11, 31, 4)])
    expect([...columns.category].map((c) => CATEGORIES[c])).toEqual(['problem', 'fire', 'criminal'])
    expect([0, 1, 2].map((i) => packedString(columns.id, i))).toEqual(['A1', 'A2', 'A3'])
    expect([0, 1, 2].map((i) => packedString(columns.address, i))).toEqual(['月河路附近', '', '潍城区, "东关"'])
    expect([0, 1, 2].map((i) => columns.subtypes[columns.subtype[i]])).toEqual(['hazard_report', '', 'fraud'])
    expect(report).toEqual(read.report)
    // each column has a buffer of its own: they are transferred one by one
    expect(new Set([columns.lon, columns.lat, columns.time, columns.category, columns.subtype, columns.id.bytes, columns.id.offsets].map((a) => a.buffer)).size).toBe(7)
  })

  it('refuses what is not a columns file, another version, or a file cut short', () => {
    const read = readIncidentsCsv(new TextEncoder().encode(csv))
    const good = encodeIncidentColumns(read.columns, read.report)
    expect(() => decodeIncidentColumns(arrayBufferOf(new TextEncoder().encode(csv)))).toThrow(/not an incident columns file/)
    const v2 = good.slice()
    new DataView(v2.buffer).setUint32(4, 2, true)
    expect(() => decodeIncidentColumns(arrayBufferOf(v2))).toThrow(/version 2/)
    expect(() => decodeIncidentColumns(arrayBufferOf(good.subarray(0, good.length - 16)))).toThrow(/out of bounds/)
  })

  it('the demo ships incidents.cols with exactly the columns and report of incidents.csv', () => {
    const read = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv'), { fileName: 'incidents.csv' })
    const decoded = decodeIncidentColumns(arrayBufferOf(readFileSync('geodata/demo/incidents.cols')))
    expectSameColumns(decoded.columns, read.columns)
    expect(decoded.report).toEqual(read.report)
    expect(decoded.columns.count).toBe(200_000)
  })

  it('the loader reads a columns URL in one fetch, with one progress report at the end', async () => {
    const read = readIncidentsCsv(new TextEncoder().encode(csv), { fileName: 'incidents.csv' })
    const file = encodeIncidentColumns(read.columns, read.report)
    const fetchMock = vi.fn(async () => new Response(arrayBufferOf(file)))
    vi.stubGlobal('fetch', fetchMock)
    try {
      const progress: number[] = []
      const result = await createIncidentLoader().load({ url: '/x.cols', columns: true }, { fileName: 'incidents.csv' }, (p) => void progress.push(p.rows))
      expect(fetchMock).toHaveBeenCalledTimes(1)
      expect(progress).toEqual([3])
      expectSameColumns(result.columns, read.columns)
      expect(result.report).toEqual(read.report)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
