/**
 * The byte reader against papaparse on the same inputs: an awkwardly quoted generated file
 * (both LF and CRLF) and the Chicago homicides file converted into the contract.
 */
import { realData } from '../../fixtures/real'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { packedString, type IncidentColumns } from '../../../src/core/incidents'
import { readIncidentsCsv, CATEGORY_LABELS } from '../../../src/io/incidents-csv'
import { prng } from '../../bench/make-incidents-csv'

const enc = new TextEncoder()

/** Reference semantics, written independently with strings and regular expressions. */
function refTime(s: string): number {
  const m = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(s)
  if (!m) return NaN
  const [y, mo, d, h, mi, sec] = [m[1], m[3], m[4], m[5] ?? '0', m[6] ?? '0', m[7] ?? '0'].map(Number)
  const ms = m[8] ? Number((m[8] + '00').slice(0, 3)) : 0
  let off = 480
  if (m[9] === 'Z') off = 0
  else if (m[9]) off = (m[9][0] === '-' ? -1 : 1) * (Number(m[9].slice(1, 3)) * 60 + Number(m[9].slice(-2) === m[9].slice(1, 3) && m[9].length === 3 ? 0 : m[9].slice(-2)))
  const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms)
  const dt = new Date(t)
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) return NaN
  return t - off * 60000
}

interface Ref { ids: string[]; lon: number[]; lat: number[]; time: number[]; cat: number[]; sub: string[]; addr: string[]; rejected: [number, string][] }

function reference(text: string): Ref {
  const out: Ref = { ids: [], lon: [], lat: [], time: [], cat: [], sub: [], addr: [], rejected: [] }
  const seen = new Set<string>()
  const num = (s: string) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN)
  let prev = 0, line = 1, header: string[] | null = null
  Papa.parse<string[]>(text, {
    header: false,
    step: (res) => {
      const rowLine = line
      const cursor = res.meta.cursor
      for (let i = prev; i < cursor; i++) if (text.charCodeAt(i) === 10) line++
      prev = cursor
      const row = res.data
      if (!header) { header = row; return }
      if (row.length === 1 && row[0] === '') return
      const f = Object.fromEntries(header.map((h, i) => [h, row[i]]))
      const reject = (r: string) => out.rejected.push([rowLine, r])
      if (row.length !== header.length) return reject('bad_column_count')
      if (f.lon === '' || f.lat === '') return reject('missing_coordinates')
      const x = num(f.lon), y = num(f.lat)
      if (Number.isNaN(x) || Number.isNaN(y)) return reject('bad_coordinates')
      if (Math.abs(x) > 180 || Math.abs(y) > 90) return reject('coordinates_out_of_range')
      const t = refTime(f.time)
      if (Number.isNaN(t)) return reject('bad_time')
      if (f.id === '') return reject('missing_id')
      if (seen.has(f.id)) return reject('duplicate_id')
      seen.add(f.id)
      out.ids.push(f.id); out.lon.push(x); out.lat.push(y); out.time.push(t)
      out.cat.push(CATEGORY_LABELS[f.category.toLowerCase()] ?? 4); out.sub.push(f.subtype); out.addr.push(f.address ?? '')
    },
  })
  return out
}

function fromReader(c: IncidentColumns, rejected: { line: number; reason: string }[]): Ref {
  const r = (n: number, g: (i: number) => unknown) => Array.from({ length: n }, (_, i) => g(i))
  return {
    ids: r(c.count, (i) => packedString(c.id, i)) as string[],
    lon: Array.from(c.lon), lat: Array.from(c.lat), time: Array.from(c.time), cat: Array.from(c.category),
    sub: r(c.count, (i) => c.subtypes[c.subtype[i]]) as string[],
    addr: r(c.count, (i) => packedString(c.address, i)) as string[],
    rejected: rejected.map((x) => [x.line, x.reason]),
  }
}

/** A few thousand rows with awkward quoting, some bad rows, no surrounding spaces. */
function awkwardCsv(n: number, seed: number, nl: string): string {
  const rnd = prng(seed)
  const pick = <T,>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]
  const q = (s: string) => (rnd() < 0.3 || /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s)
  const cols = ['id', 'time', 'category', 'subtype', 'lon', 'lat', 'address']
  const rows = [cols.join(',')]
  for (let i = 0; i < n; i++) {
    const r = rnd()
    const id = r < 0.02 ? `R${Math.floor(rnd() * i)}` : r < 0.025 ? '' : `R${i}`
    const time = pick(['2024-03-05T22:31:00', '2024-03-05 22:31', '2024/3/5', '2024-03-05T14:31:00.5Z', '2024-03-05T22:31:00+08:00',
      '2024-03-05T22:31:00-0330', '2024-02-30T00:00:00', 'not a time', '2024-12-31T23:59:59.999'])
    const category = pick(['criminal', 'Fire', 'public_order', 'problem', '刑事', '治安', '火警', '隐患', 'burglary', '未知'])
    const subtype = pick(['盗窃', 'a,b', 'say "hi"', 'x\ny', '', '😀'])
    const lon = pick([(119 + rnd()).toFixed(6), (119 + rnd()).toFixed(6), String(-180 + 360 * rnd()), '', '181', 'x', '1e2'])
    const lat = pick([(36 + rnd()).toFixed(6), (36 + rnd()).toFixed(6), String(-90 + 180 * rnd()), '', '-90.5'])
    const address = pick(['潍城区胜利街1号', 'a, b', 'he said ""no""'.replace(/""/g, '"'), `two${nl}lines`, '', '"quoted"', 'trailing\r'])
    const fields = [id, time, category, subtype, lon, lat, address].map(q)
    if (rnd() < 0.01) fields.pop()
    rows.push(fields.join(','))
  }
  return rows.join(nl) + (seed % 2 ? nl : '')
}

describe('reference: papaparse on the same inputs', () => {
  for (const nl of ['\n', '\r\n']) {
    for (const seed of [1, 2]) {
      it(`generated awkward CSV (${JSON.stringify(nl)}, seed ${seed})`, () => {
        const text = awkwardCsv(4000, seed, nl)
        const { columns, report } = readIncidentsCsv(enc.encode(text))
        const ref = reference(text)
        expect(ref.ids.length).toBeGreaterThan(800)
        expect(ref.rejected.length).toBeGreaterThan(500)
        const got = fromReader(columns, report.rejected)
        expect(got.rejected).toEqual(ref.rejected)
        expect(got).toEqual(ref)
        expect(report.rowsRead).toBe(ref.ids.length + ref.rejected.length)
      })
    }
  }
})

describe('real data: Chicago homicides', () => {
  it('keeps 13,171 rows and rejects the 3 without coordinates', () => {
    const src = Papa.parse<Record<string, string>>(readFileSync(realData('chicago/homicides.csv'), 'utf8'), {
      header: true, skipEmptyLines: true,
    }).data
    expect(src.length).toBe(13174)
    const iso = (d: string) => {
      const m = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d) (AM|PM)$/.exec(d)
      if (!m) throw new Error(d)
      const h = (Number(m[4]) % 12) + (m[7] === 'PM' ? 12 : 0)
      return `${m[3]}-${m[1]}-${m[2]}T${String(h).padStart(2, '0')}:${m[5]}:${m[6]}`
    }
    const rows = src.map((r) => ({
      id: r.ID, time: iso(r.Date), category: r['Primary Type'] === 'HOMICIDE' ? 'criminal' : r['Primary Type'],
      subtype: r.Description, lon: r.Longitude, lat: r.Latitude, address: r.Block,
    }))
    const csv = Papa.unparse(rows, { columns: ['id', 'time', 'category', 'subtype', 'lon', 'lat', 'address'], newline: '\n' })
    const expectedLines = rows.flatMap((r, i) => (r.lon === '' || r.lat === '' ? [i + 2] : []))
    expect(expectedLines.length).toBe(3)
    const { columns, report } = readIncidentsCsv(enc.encode(csv), { fileName: 'homicides.csv' })
    expect(report.errors).toEqual([])
    expect(report.rowsRead).toBe(13174)
    expect(columns.count).toBe(13171)
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual(expectedLines.map((l) => [l, 'missing_coordinates']))
    // spot check: the first row, 09/08/2021 04:45:00 PM read as UTC+8 (the contract's default)
    expect(packedString(columns.id, 0)).toBe('26262')
    expect(columns.time[0]).toBe(Date.UTC(2021, 8, 8, 16 - 8, 45))
    expect([columns.lon[0], columns.lat[0]]).toEqual([-87.743446563, 41.873191445])
    expect(columns.category.every((c) => c === 0)).toBe(true)
  })

  it('reads the portal file as it is, with a category label mapped by the caller', () => {
    const bytes = readFileSync(realData('chicago/homicides.csv'))
    const { columns, report } = readIncidentsCsv(bytes, { fileName: 'homicides.csv', categoryLabels: { homicide: 'criminal' } })
    expect(report.errors).toEqual([])
    expect(columns.count).toBe(13171)
    expect(report.rejected.every((r) => r.reason === 'missing_coordinates')).toBe(true)
    expect(packedString(columns.id, 0)).toBe('26262')
    expect(columns.time[0]).toBe(Date.UTC(2021, 8, 8, 16 - 8, 45))
    expect(columns.subtypes).toContain('FIRST DEGREE MURDER')
    expect(columns.category.every((c) => c === 0)).toBe(true)
  })
})
