/**
 * The two-thread reader of the command line against the single reader (itself tested against
 * papaparse in tests/unit/io): the same columns and the same report, rejected rows and their
 * line numbers included, wherever the file is cut.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { IncidentColumns } from '../../../src/core/incidents'
import { readIncidentsCsv, type IncidentCsvOptions } from '../../../src/io/incidents-csv'
import { headerEnd, readIncidentsFileParallel, type ParallelReadResult } from '../../../src/cli/incidents-parallel'
import { prng } from '../../bench/make-incidents-csv'

const dir = mkdtempSync(join(tmpdir(), 'pingan-parallel-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let fileNo = 0

function write(bytes: Uint8Array): string {
  const p = join(dir, `f${fileNo++}.csv`)
  writeFileSync(p, bytes)
  return p
}

const SUBS = ['盗窃', '诈骗', '纠纷', '"引号""子类"', '"多,逗号"', '火灾', 'theft', '']
const CATS = ['criminal', '治安', 'fire', 'problem', 'HOMICIDE', '未知类']

/** A messy incident file: quoted fields with commas, quotes and line breaks, bad rows, duplicates. */
function messyCsv(rows: number, seed: number, o: { crlf?: boolean; bom?: boolean; dupEvery?: number; multiline?: boolean } = {}): Uint8Array {
  const rnd = prng(seed)
  const nl = o.crlf ? '\r\n' : '\n'
  const lines = ['id,time,category,subtype,lon,lat,address']
  for (let i = 0; i < rows; i++) {
    const r = rnd()
    const id = o.dupEvery && i % o.dupEvery === o.dupEvery - 1 ? `X${Math.floor(rnd() * i)}` : `X${i}`
    const lon = (119 + rnd() * 0.3).toFixed(6), lat = (36.6 + rnd() * 0.2).toFixed(6)
    const cat = CATS[Math.floor(rnd() * CATS.length)], sub = SUBS[Math.floor(rnd() * SUBS.length)]
    const time = `2024-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)} 0${Math.floor(rnd() * 9)}:15:00`
    let addr = `潍城区${i}号`
    if (o.multiline && rnd() < 0.05) addr = `"第一行${nl}第二行, ""引号"""`
    else if (rnd() < 0.1) addr = `"${i}号,东门"`
    if (r < 0.02) lines.push(`${id},${time},${cat},${sub},abc,${lat},${addr}`) // bad coordinates
    else if (r < 0.04) lines.push(`${id},not a time,${cat},${sub},${lon},${lat},${addr}`)
    else if (r < 0.05) lines.push(`${id},${time},${cat},${sub},${lon}`) // too few fields
    else if (r < 0.06) lines.push('') // blank line
    else if (r < 0.07) lines.push(`,${time},${cat},${sub},${lon},${lat},${addr}`) // no id
    else lines.push(`${id},${time},${cat},${sub},${lon},${lat},${addr}`)
  }
  const text = (o.bom ? '\uFEFF' : '') + lines.join(nl) + nl
  return new TextEncoder().encode(text)
}

const plain = (c: IncidentColumns) => ({
  count: c.count,
  lon: Array.from(c.lon), lat: Array.from(c.lat), time: Array.from(c.time),
  category: Array.from(c.category), subtype: Array.from(c.subtype), subtypes: c.subtypes,
  id: [Array.from(c.id.bytes), Array.from(c.id.offsets)], address: [Array.from(c.address.bytes), Array.from(c.address.offsets)],
})

function expectSame(bytes: Uint8Array, cutAt: number, opts: IncidentCsvOptions = {}): ParallelReadResult {
  const one = readIncidentsCsv(bytes, opts)
  const two = readIncidentsFileParallel(write(bytes), { ...opts, minBytes: 0, cutAt })
  expect(plain(two.columns)).toEqual(plain(one.columns))
  expect(two.report).toEqual(one.report)
  return two
}

describe('readIncidentsFileParallel equals the single reader', () => {
  it('on a messy file cut in the middle, with rejected rows at their lines', () => {
    const bytes = messyCsv(3000, 1)
    const r = expectSame(bytes, bytes.length >> 1)
    expect(r.mode).toBe('parallel')
    expect(r.report.rejectedCount).toBeGreaterThan(100)
    // rows of the second part keep their own lines, not lines counted from the cut
    expect(r.report.rejected.at(-1)!.line).toBeGreaterThan(1500)
  })

  it('with CRLF, a BOM, quoted line breaks, category labels and gcj02 coordinates', () => {
    const bytes = messyCsv(3000, 2, { crlf: true, bom: true, multiline: true })
    const r = expectSame(bytes, bytes.length >> 1, { crs: 'gcj02', categoryLabels: { homicide: 'criminal' }, addresses: false })
    expect(['parallel', 'quoted-cut']).toContain(r.mode)
    expect(r.report.crs.converted).toBe(true)
  })

  it('duplicate ids within the second part name their first line in the whole file', () => {
    const rnd = prng(9)
    const rows = ['id,time,category,subtype,lon,lat']
    for (let i = 0; i < 4000; i++) rows.push(`${i >= 3000 && i % 7 === 0 ? 'D' + (i % 3) : 'U' + i},2024-01-01 08:00,fire,火灾,${(119 + rnd() * 0.1).toFixed(5)},36.7`)
    const bytes = new TextEncoder().encode(rows.join('\n') + '\n')
    const r = expectSame(bytes, Math.floor(bytes.length * 0.7))
    expect(r.mode).toBe('parallel')
    expect(r.report.rejected.some((x) => x.reason === 'duplicate_id' && /first on line 30\d\d\)/.test(x.detail ?? ''))).toBe(true)
  })

  it('an id in both parts: read again in one piece, with the same result', () => {
    const bytes = messyCsv(2000, 3, { dupEvery: 5 })
    const r = expectSame(bytes, bytes.length >> 1)
    expect(r.mode).toBe('merge')
  })

  it('a cut inside a quoted line break: the first thread reads on, the same result', () => {
    const head = 'id,time,category,subtype,lon,lat,address\n'
    const body = Array.from({ length: 4000 }, (_, i) => `q${i},2024-01-01 08:00,fire,火灾,119.1,36.7,"a\nb\nc"`).join('\n') + '\n'
    const bytes = new TextEncoder().encode(head + body)
    // just after the opening quote of a row's address: the next LF is inside the quotes
    const cutAt = (head + body).indexOf('"a\n', body.length >> 1) + 2
    const r = expectSame(bytes, new TextEncoder().encode((head + body).slice(0, cutAt)).length)
    expect(r.mode).toBe('quoted-cut')
  })

  it('wherever the cut falls (fast-check over cut positions and files)', () => {
    // cuts fall past the first 64 KiB (the reader's encoding sniff); the files are ~200 KB
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.boolean(), fc.boolean(), fc.double({ min: 0.3, max: 1, noNaN: true }), (seed, crlf, multiline, where) => {
      const bytes = messyCsv(3000, seed, { crlf, multiline, bom: seed % 2 === 0 })
      expectSame(bytes, Math.floor(bytes.length * where))
    }), { numRuns: 30 })
  })

  it('small files and non-UTF-8 files are read in one piece', () => {
    const bytes = messyCsv(200, 4)
    expect(readIncidentsFileParallel(write(bytes)).mode).toBe('small')
    const gbk = new Uint8Array([...new TextEncoder().encode('id,time,category,subtype,lon,lat\n'), ...Array.from({ length: 3000 }, (_, i) => [...new TextEncoder().encode(`g${i},2024-01-01,fire,`), 0xbb, 0xf0, 0xd4, 0xd6, ...new TextEncoder().encode(',119.1,36.7\n')]).flat()])
    const r = readIncidentsFileParallel(write(gbk), { minBytes: 0 })
    expect(r.mode).toBe('encoding')
    expect(r.columns.subtypes).toEqual(['火灾'])
  })
})

describe('headerEnd', () => {
  it('finds the end of the header row past quoted line breaks, and refuses a lone CR', () => {
    const e = (s: string) => headerEnd(new TextEncoder().encode(s))
    expect(e('id,time\n1,2\n')).toBe(8)
    expect(e('"i\nd",time\r\n1,2\n')).toBe(12)
    expect(e('id,time\r1,2\r')).toBe(-1)
    expect(e('id,time')).toBe(-1)
  })
})
