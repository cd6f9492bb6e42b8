import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { CATEGORIES, packedString, type IncidentColumns } from '../../../src/core/incidents'
import { IncidentCsvReader, parseDecimal, parseTimeBytes, readIncidentsCsv } from '../../../src/io/incidents-csv'
import { toWgs84 } from '../../../src/io/coords'

const fixture = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/io/${name}`, import.meta.url))))
const enc = new TextEncoder()
const ids = (c: IncidentColumns) => Array.from({ length: c.count }, (_, i) => packedString(c.id, i))
const addresses = (c: IncidentColumns) => Array.from({ length: c.count }, (_, i) => packedString(c.address, i))
const T = Date.UTC(2024, 2, 5, 14, 31)

function readChunks(bytes: Uint8Array, cuts: number[]) {
  const r = new IncidentCsvReader()
  let s = 0
  for (const c of [...cuts].sort((a, b) => a - b)) {
    r.push(bytes.slice(s, c))
    s = c
  }
  r.push(bytes.slice(s))
  return r.finish()
}

describe('parseTimeBytes', () => {
  const t = (s: string) => { const b = enc.encode(s); return parseTimeBytes(b, 0, b.length) }
  it('reads ISO times, no offset = Asia/Shanghai', () => {
    expect(t('2024-03-05T22:31:00')).toBe(T)
    expect(t('2024-03-05 22:31')).toBe(T)
    expect(t('2024-03-05T14:31:00Z')).toBe(T)
    expect(t('2024-03-05T22:31:00+08:00')).toBe(T)
    expect(t('2024-03-05T22:31:00+0800')).toBe(T)
    expect(t('2024-03-05T22:31:00+08')).toBe(T)
    expect(t('2024-03-05T16:01:30.250+0200')).toBe(Date.UTC(2024, 2, 5, 14, 1, 30, 250))
    expect(t('2024-03-05T22:31:00.5')).toBe(T + 500)
    expect(t('2024/03/05')).toBe(Date.UTC(2024, 2, 4, 16))
    expect(t('2024/3/5 8:05')).toBe(Date.UTC(2024, 2, 5, 0, 5))
    expect(t('1969-12-31T23:00:00Z')).toBe(-3600_000)
    expect(t('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29))
  })
  it('rejects what is not a valid time', () => {
    for (const s of ['', 'yesterday', '2024-13-01', '2024-02-30', '2023-02-29', '1900-02-29', '2024-03-05T24:00',
      '2024-03-05T22:60', '2024-03-05X22:31', '2024-03-05T22:31:00+8', '2024-03-05T22:31:00 PM', '2024-03/05',
      '2024-03-05T22:31:00.', '20240305']) {
      expect(t(s), s).toBeNaN()
    }
  })
  it('reads US exports (MM/DD/YYYY hh:mm[:ss] AM|PM), no offset = Asia/Shanghai', () => {
    expect(t('03/05/2024 10:31:00 PM')).toBe(T)
    expect(t('3/5/2024 10:31 pm')).toBe(T)
    expect(t('03/05/2024 22:31:00')).toBe(T)
    expect(t('03/05/2024')).toBe(Date.UTC(2024, 2, 4, 16))
    expect(t('03/05/2024 12:00:00 AM')).toBe(Date.UTC(2024, 2, 4, 16))
    expect(t('03/05/2024 12:00:00 PM')).toBe(Date.UTC(2024, 2, 5, 4))
    for (const s of ['13/05/2024', '02/30/2024', '03/05/24 10:31', '03/05/2024 13:00 PM', '03/05/2024 10:3 PM',
      '03/05/2024 10:31 XM', '03/05/2024T10:31', '03-05/2024', '03/05/2024 00:10 AM']) {
      expect(t(s), s).toBeNaN()
    }
  })
})

describe('parseDecimal', () => {
  const p = (s: string) => { const b = enc.encode(s); return parseDecimal(b, 0, b.length) }
  it('gives the same doubles as Number()', () => {
    for (const s of ['119.103784', '-87.743446563', '0', '-0.5', '+36.7', '180', '1e2', '.5', '5.', '119.12345678901234567']) {
      expect(p(s), s).toBe(Number(s))
    }
    fc.assert(fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.integer({ min: 0, max: 12 }), (x, d) => {
      const s = x.toFixed(d)
      return Object.is(p(s), Number(s)) || (p(s) === 0 && Number(s) === 0)
    }))
  })
  it('NaN for junk', () => {
    for (const s of ['abc', '-', '.', '1.2.3', '0x10', 'Infinity', '1,5', '１２']) expect(p(s), s).toBeNaN()
  })
})

describe('IncidentCsvReader on fixtures', () => {
  it('reads good rows with exact values', () => {
    const { columns: c, report } = readIncidentsCsv(fixture('incidents-good.csv'), { fileName: 'good.csv' })
    expect(report.errors).toEqual([])
    expect(report.fileName).toBe('good.csv')
    expect(report.rowsRead).toBe(10)
    expect(report.rowsKept).toBe(10)
    expect(report.rejectedCount).toBe(0)
    expect(c.count).toBe(10)
    expect(ids(c)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10'])
    expect(Array.from(c.time)).toEqual([T, T, T, T, Date.UTC(2024, 2, 5, 14, 1, 30, 250), Date.UTC(2024, 2, 4, 16),
      Date.UTC(2024, 1, 29, 5, 30), T, T, T])
    expect(Array.from(c.category)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 3, 2])
    expect(c.subtypes).toEqual(['盗窃', '纠纷', '火灾', '井盖缺失', '路灯损坏'])
    expect(Array.from(c.subtype)).toEqual([0, 1, 2, 3, 0, 1, 2, 4, 4, 2])
    expect(Array.from(c.lon)).toEqual([119.103784, 119.1, 119.2, -87.5, 0, 119, 180, -180, 119.1, 119.1])
    expect(Array.from(c.lat)).toEqual([36.710062, 36.7, 36.6, 41.8, 0, 36, -90, 90, 36.7, 36.7])
    expect(addresses(c)).toEqual(['潍城区胜利街1号', '', '和平路', 'x', 'y', 'z', '', 'w', 'v', 'u'])
    // trimmed: buffers are exactly count long (they are transferred)
    expect(c.lon.buffer.byteLength).toBe(80)
    expect(c.id.offsets.length).toBe(11)
    expect(report.otherCategoryLabels).toEqual({})
    expect(report.crs).toEqual({ from: 'wgs84', converted: false })
  })

  it('reads BOM, CRLF and quoted fields with commas, quotes and newlines', () => {
    const { columns: c, report } = readIncidentsCsv(fixture('incidents-quoted.csv'))
    expect(report.errors).toEqual([])
    expect(report.rejectedCount).toBe(0)
    expect(ids(c)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5'])
    expect(addresses(c)).toEqual(['胜利街, 1号', '他说"你好"', 'line one\r\nline two', '', "=cmd|' /C calc'!A0"])
    expect(c.subtypes).toEqual(['theft', 'the "big" one'])
    expect(Array.from(c.time)).toEqual([T, T, T, T, T])
    expect(Array.from(c.lon)).toEqual([119.1, 119.1, 119.1, 119.1, 119.1])
  })

  it('rejects bad rows with line numbers and reasons, keeps the rest', () => {
    const { columns: c, report } = readIncidentsCsv(fixture('incidents-bad.csv'))
    expect(report.errors).toEqual([])
    expect(ids(c)).toEqual(['B1', 'B9', 'B11', 'B12', 'B14'])
    expect(Array.from(c.category)).toEqual([0, 4, 4, 4, 0])
    expect(addresses(c)[4]).toBe('quoted\nnewline')
    expect(report.otherCategoryLabels).toEqual({ burglary: 2, Burglary: 1 })
    expect(report.rowsRead).toBe(17)
    expect(report.rowsKept).toBe(5)
    expect(report.rejectedCount).toBe(12)
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, 'missing_coordinates'],
      [4, 'missing_coordinates'],
      [5, 'bad_coordinates'],
      [6, 'coordinates_out_of_range'],
      [7, 'coordinates_out_of_range'],
      [8, 'bad_time'],
      [9, 'bad_time'],
      [11, 'duplicate_id'],
      [12, 'bad_column_count'],
      [16, 'missing_id'],
      [17, 'bad_time'],
      [20, 'duplicate_id'],
    ])
    expect(report.rejectedByReason).toEqual({
      missing_coordinates: 2, bad_coordinates: 1, coordinates_out_of_range: 2, bad_time: 3,
      duplicate_id: 2, bad_column_count: 1, missing_id: 1,
    })
    expect(report.rejected.find((r) => r.line === 11)?.detail).toBe('B1 (first on line 2)')
    expect(report.rejected.find((r) => r.line === 8)?.detail).toBe('2024-13-01T08:00:00')
  })

  it('accepts header aliases in any order, ignores extra columns', () => {
    const { columns: c, report } = readIncidentsCsv(fixture('incidents-aliases.csv'))
    expect(report.errors).toEqual([])
    expect(ids(c)).toEqual(['C1'])
    expect([c.lon[0], c.lat[0], c.time[0], c.category[0]]).toEqual([119.1, 36.7, T, 0])
    expect(c.subtypes).toEqual(['盗窃'])
    expect(addresses(c)).toEqual([''])
    expect(report.warnings.join()).toMatch(/address/)
  })

  it('reports a missing column, an empty file and a header-only file as errors/warnings, never throws', () => {
    const m = readIncidentsCsv(fixture('incidents-missing-column.csv'))
    expect(m.report.errors.length).toBe(1)
    expect(m.report.errors[0]).toMatch(/missing required column: lat/)
    expect(m.columns.count).toBe(0)
    const e = readIncidentsCsv(fixture('incidents-empty.csv'))
    expect(e.report.errors).toEqual(['empty file: no header row'])
    expect(e.columns.count).toBe(0)
    expect(e.columns.id.offsets.length).toBe(1)
    const blank = readIncidentsCsv(enc.encode('\n\r\n  \n'))
    expect(blank.report.errors).toEqual(['empty file: no header row'])
    const h = readIncidentsCsv(fixture('incidents-header-only.csv'))
    expect(h.report.errors).toEqual([])
    expect(h.report.rowsRead).toBe(0)
    expect(h.report.warnings.join()).toMatch(/no data rows/)
  })

  it('rejects an unterminated quote at the end of the file', () => {
    const { columns: c, report } = readIncidentsCsv(enc.encode('id,time,category,subtype,lon,lat\n1,2024-01-01,fire,x,1,2\n2,2024-01-01,fire,"x,1,2\n3,4\n'))
    expect(c.count).toBe(1)
    expect(report.rejected).toEqual([{ line: 3, reason: 'unterminated_quote' }])
  })

  it('rejects a row holding a control character by line and column, keeps the other rows, wherever the chunks are cut', () => {
    // 5 rows; line 4 has a NUL inside its address (a truncated export), line 6 a 0x01 inside a quoted subtype;
    // a tab inside a field and a line break inside quotes are text, not damage
    const text = 'id,time,category,subtype,lon,lat,address\n' +
      'A1,2024-01-01 08:00,fire,x,119.1,36.7,城关\tA座\n' +
      'A2,2024-01-01 09:00,fire,"two\nlines",119.1,36.7,西关\n' +
      'A3,2024-01-01 10:00,fire,x,119.1,36.7,北\u0000关\n' +
      'A4,2024-01-01 11:00,fire,x,119.1,36.7,南关\n' +
      'A5,2024-01-01 12:00,fire,"a\u0001b",119.1,36.7,东关\n'
    const bytes = enc.encode(text)
    const expected = [
      { line: 5, reason: 'control_character', detail: 'column 7 (address)' },
      { line: 7, reason: 'control_character', detail: 'column 4 (subtype)' },
    ]
    const whole = readIncidentsCsv(bytes)
    expect(ids(whole.columns)).toEqual(['A1', 'A2', 'A4'])
    expect(addresses(whole.columns)[0]).toBe('城关\tA座')
    expect(whole.report.rejected).toEqual(expected)
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 6 }), (cuts) => {
      const r = readChunks(bytes, cuts)
      expect(ids(r.columns)).toEqual(['A1', 'A2', 'A4'])
      expect(r.report.rejected).toEqual(expected)
    }))
  })

  it('reads GBK files (detected, or chosen) and says so when told they are UTF-8', () => {
    const text = '警情编号,报警时间,警情类别,警情细类,经度,纬度,发案地点\nA1,2025-03-01 22:30:00,刑事,盗窃,119.1,36.7,城关街道某小区\n'
    const gbk = new Uint8Array(iconv.encode(text, 'gbk'))
    for (const encoding of ['auto', 'gbk'] as const) {
      const { columns: c, report } = readIncidentsCsv(gbk, { encoding })
      expect(report.errors).toEqual([])
      expect(report.encoding).toEqual({ name: 'gb18030', detected: encoding === 'auto' })
      expect(c.count).toBe(1)
      expect(CATEGORIES[c.category[0]]).toBe('criminal')
      expect(c.subtypes[c.subtype[0]]).toBe('盗窃')
      expect(packedString(c.address, 0)).toBe('城关街道某小区')
    }
    // chunks cut inside a two-byte character
    const reader = new IncidentCsvReader({ encoding: 'gbk' })
    for (let i = 0; i < gbk.length; i += 3) reader.push(gbk.subarray(i, i + 3))
    expect(packedString(reader.finish().columns.address, 0)).toBe('城关街道某小区')
    expect(readIncidentsCsv(gbk, { encoding: 'utf8' }).report.errors[0]).toMatch(/UTF-8/)
  })

  it('takes an explicit column mapping, and can reject unknown categories', () => {
    const csv = enc.encode('X,Y,when,what,no\n119.1,36.7,2025-01-01,火警,a\n119.2,36.8,2025-01-02,纠纷,b\n119.3,36.9,2025-01-03,fire,a\n')
    const columns = { lon: 0, lat: 1, time: 2, category: 3, id: 4 }
    const kept = readIncidentsCsv(csv, { columns })
    expect(kept.columns.count).toBe(2)
    expect(kept.report.otherCategoryLabels).toEqual({ '纠纷': 1 })
    expect(kept.report.rejected).toEqual([{ line: 4, reason: 'duplicate_id', detail: 'a (first on line 2)' }])
    expect(kept.report.warnings).toContain('no subtype column: subtypes are empty')
    const strict = readIncidentsCsv(csv, { columns, unknownCategory: 'reject', categoryLabels: {} })
    expect(strict.report.rejected).toEqual([
      { line: 3, reason: 'unknown_category', detail: '纠纷' },
      { line: 4, reason: 'duplicate_id', detail: 'a (first on line 2)' },
    ])
    expect(strict.report.otherCategoryLabels).toEqual({})
    // a rejected row does not claim its id
    const again = readIncidentsCsv(enc.encode('X,Y,when,what,no\n119.1,36.7,2025-01-01,纠纷,a\n119.3,36.9,2025-01-03,fire,a\n'), { columns, unknownCategory: 'reject' })
    expect(again.columns.count).toBe(1)
    expect(readIncidentsCsv(csv, { columns: { ...columns, id: 9 } }).report.errors[0]).toMatch(/column 10 is mapped to id/)
  })

  it('converts GCJ-02 and BD-09 to WGS-84 and records it', () => {
    const csv = enc.encode('id,time,category,subtype,lon,lat\n1,2024-01-01,fire,x,119.103784,36.710062\n')
    for (const crs of ['gcj02', 'bd09'] as const) {
      const { columns: c, report } = readIncidentsCsv(csv, { crs })
      expect(report.crs).toEqual({ from: crs, converted: true })
      const [x, y] = toWgs84(119.103784, 36.710062, crs)
      expect([c.lon[0], c.lat[0]]).toEqual([x, y])
      expect(Math.abs(c.lon[0] - 119.103784)).toBeGreaterThan(0.004)
    }
  })

  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 200 }), (junk, s) => {
      for (const bytes of [junk, enc.encode('id,time,category,subtype,lon,lat\n' + s)]) {
        const { columns, report } = readIncidentsCsv(bytes)
        expect(columns.count).toBe(report.rowsKept)
        expect(report.rowsRead).toBe(report.rowsKept + report.rejectedCount)
      }
    }), { numRuns: 300 })
  })
})

describe('chunk boundaries', () => {
  const names = ['incidents-good.csv', 'incidents-quoted.csv', 'incidents-bad.csv', 'incidents-aliases.csv']
  for (const name of names) {
    it(`${name}: a split at every byte offset gives identical columns and report`, () => {
      const bytes = fixture(name)
      const whole = readIncidentsCsv(bytes)
      for (let k = 0; k <= bytes.length; k++) expect(readChunks(bytes, [k]), `cut at ${k}`).toEqual(whole)
    })
  }
  it('random multi-way splits (fast-check), including 1-byte chunks', () => {
    const all = names.map(fixture)
    fc.assert(fc.property(fc.integer({ min: 0, max: all.length - 1 }), fc.array(fc.nat(), { maxLength: 40 }), (f, cuts) => {
      const bytes = all[f]
      const whole = readIncidentsCsv(bytes)
      expect(readChunks(bytes, cuts.map((c) => c % (bytes.length + 1)))).toEqual(whole)
    }), { numRuns: 300 })
    const bytes = all[1]
    expect(readChunks(bytes, Array.from({ length: bytes.length }, (_, i) => i))).toEqual(readIncidentsCsv(bytes))
  })
})

describe('sizing from the file size', () => {
  const rows = (n: number, from = 0) => Array.from({ length: n }, (_, k) => {
    const i = k + from
    return `r${i},2024-03-05T22:31:00,criminal,盗窃,${(119 + i * 1e-6).toFixed(6)},36.7,地址${i}号`
  })
  const file = enc.encode(['id,time,category,subtype,lon,lat,address', ...rows(20_000), 'r5,2024-03-05T22:31:00,fire,x,119,36.7,dup'].join('\n'))

  const read = (opts: { expectedBytes?: number; addresses?: boolean }, chunk: number) => {
    const r = new IncidentCsvReader(opts)
    for (let s = 0; s < file.length; s += chunk) r.push(file.subarray(s, Math.min(file.length, s + chunk)))
    return r.finish()
  }

  it('gives the same columns, duplicates found, whether the size is known, wrong or unknown', () => {
    const plain = read({}, 4096)
    expect(plain.columns.count).toBe(20_000)
    expect(plain.report.rejected.map((x) => [x.line, x.reason])).toEqual([[20_002, 'duplicate_id']])
    for (const expectedBytes of [file.length, file.length / 3, file.length * 3]) {
      const hinted = read({ expectedBytes }, 4096)
      expect(ids(hinted.columns)).toEqual(ids(plain.columns))
      expect(addresses(hinted.columns)).toEqual(addresses(plain.columns))
      expect(Array.from(hinted.columns.lon)).toEqual(Array.from(plain.columns.lon))
      expect(hinted.report.rejected).toEqual(plain.report.rejected)
    }
  })

  it('leaves addresses empty when asked to', () => {
    const r = read({ expectedBytes: file.length, addresses: false }, 65536)
    expect(r.columns.count).toBe(20_000)
    expect(r.columns.address.bytes.length).toBe(0)
    expect(packedString(r.columns.address, 19_999)).toBe('')
    expect(packedString(r.columns.id, 19_999)).toBe('r19999')
  })
})
