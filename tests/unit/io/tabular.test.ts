import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import writeXlsxFile from 'write-excel-file/node'
import { realData } from '../../fixtures/real'
import { excelDateText, guessDelimiter, listZipEntries, readTable, readZipEntry, sniffFormat } from '../../../src/io/tabular'
import { makeZip } from './fixtures/h1-zip'

const utf8 = (s: string) => new TextEncoder().encode(s)
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'))
const BOM = Uint8Array.of(0xef, 0xbb, 0xbf)
const withBom = (b: Uint8Array) => { const o = new Uint8Array(b.length + 3); o.set(BOM); o.set(b, 3); return o }

/**
 * An incident export as Excel writes it on Chinese Windows: GBK, CRLF. Line 1 is blank, the
 * header is line 2, a quoted address spans lines 3-4, line 5 is blank, line 7 holds only
 * delimiters, and the last row has spaces around a value and an empty last cell.
 */
const GBK_CSV = [
  '',
  '编号, 经度 ,纬度,发案时间,警情类别,地址',
  'JQ001,119.1034,36.7101,2024-03-05 08:30:00,刑事,"潍城区西关街道',
  '胜利街 1 号"',
  '',
  'JQ002,119.0275,36.6968,2024-03-05 22:45:10,治安,"北关 ""老城"""',
  ',,,,,',
  'JQ003, 119.12 ,36.7222,2024-03-06 01:05:00,问题隐患,',
].join('\r\n') + '\r\n'

describe('readTable: CSV', () => {
  it('GBK with blank lines and a multi-line quoted cell: every cell, every true line number', async () => {
    const t = await readTable(gbk(GBK_CSV), '警情.csv')
    expect(t).toMatchObject({ format: 'csv', encoding: 'gb18030', bom: false, truncated: false, warnings: [] })
    expect(t.header).toEqual(['编号', '经度', '纬度', '发案时间', '警情类别', '地址'])
    expect(t.rows).toEqual([
      ['JQ001', '119.1034', '36.7101', '2024-03-05 08:30:00', '刑事', '潍城区西关街道\r\n胜利街 1 号'],
      ['JQ002', '119.0275', '36.6968', '2024-03-05 22:45:10', '治安', '北关 "老城"'],
      ['JQ003', ' 119.12 ', '36.7222', '2024-03-06 01:05:00', '问题隐患', ''],
    ])
    expect(t.lines).toEqual([3, 6, 8])
    expect(t.sheet).toBeUndefined()
  })

  it('the same text as UTF-8 with BOM, and forced encodings', async () => {
    const t = await readTable(withBom(utf8(GBK_CSV)), 'a.csv')
    expect(t).toMatchObject({ encoding: 'utf8', bom: true })
    expect(t.rows[2][4]).toBe('问题隐患')
    expect(t.lines).toEqual([3, 6, 8])
    expect((await readTable(gbk(GBK_CSV), 'a.csv', { encoding: 'gbk' })).rows[0][4]).toBe('刑事')
    expect((await readTable(utf8(GBK_CSV), 'a.csv', { encoding: 'utf8' })).encoding).toBe('utf8')
  })

  it('semicolons with LF, tabs with lone CR line ends', async () => {
    const semi = await readTable(utf8('id;lon;lat\n1;119,1;36,7\n\n2;119,2;36,8\n'), 's.csv')
    expect(semi.header).toEqual(['id', 'lon', 'lat'])
    expect(semi.rows).toEqual([['1', '119,1', '36,7'], ['2', '119,2', '36,8']])
    expect(semi.lines).toEqual([2, 4])
    const tabs = await readTable(utf8('\r名称\t人口\r西关\t1,200\r\r北关\t800'), 't.txt')
    expect(tabs.header).toEqual(['名称', '人口'])
    expect(tabs.rows).toEqual([['西关', '1,200'], ['北关', '800']])
    expect(tabs.lines).toEqual([3, 5])
  })

  it('guessDelimiter counts on the first non-blank line, outside quotes', () => {
    expect(guessDelimiter('\n\n"a;b",c,d\n')).toBe(',')
    expect(guessDelimiter('"a,b";c;d\n1,2,3,4,5\n')).toBe(';')
    expect(guessDelimiter('a\tb\tc;d\n')).toBe('\t')
    expect(guessDelimiter('one column\n1\n')).toBe(',')
  })

  it('an empty file, whitespace only, or a header only gives no rows (not an error)', async () => {
    for (const bytes of [new Uint8Array(0), utf8('\r\n\r\n'), withBom(new Uint8Array(0))]) {
      const t = await readTable(bytes, 'empty.csv')
      expect(t.header).toEqual([])
      expect(t.rows).toEqual([])
    }
    const h = await readTable(utf8('id,lon,lat\n'), 'h.csv')
    expect(h.header).toEqual(['id', 'lon', 'lat'])
    expect(h.rows).toEqual([])
    expect(h.lines).toEqual([])
  })

  it('a PNG renamed .csv is not a text file; UTF-16 says so', async () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52)
    await expect(readTable(png, 'photo.csv')).rejects.toThrow('photo.csv is not a text file')
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(utf8('id,lon')).flatMap((c) => [c, 0])])
    await expect(readTable(utf16, 'u16.csv')).rejects.toThrow(/u16\.csv is not a text file \(it looks like UTF-16/)
  })

  it('a text file with a NUL byte in one field is read (the readers reject that row); a file mostly of control bytes is not', async () => {
    const text = utf8('id,lon,lat\n1,1,2\n2,1,2\n3,1\u0000,2\n4,1,2\n5,1,2\n')
    const t = await readTable(text, 'damaged.csv')
    expect(t.rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5'])
    // 11 control bytes in 100: more than a tenth
    const binary = new Uint8Array(100).fill(0x41)
    for (let i = 0; i < 11; i++) binary[i * 9] = 0
    await expect(readTable(binary, 'blob.csv')).rejects.toThrow(/blob\.csv is not a text file \(11% of its first 100 bytes/)
    binary[90] = 0x41
    await expect(readTable(binary, 'blob.csv')).resolves.toMatchObject({ format: 'csv' })
  })

  it('maxRows: truncated only when more rows follow', async () => {
    const text = 'id\n1\n2\n\n3\n'
    const two = await readTable(utf8(text), 'a.csv', { maxRows: 2 })
    expect(two.rows).toEqual([['1'], ['2']])
    expect(two.truncated).toBe(true)
    const three = await readTable(utf8(text), 'a.csv', { maxRows: 3 })
    expect(three.rows).toEqual([['1'], ['2'], ['3']])
    expect(three.lines).toEqual([2, 3, 5])
    expect(three.truncated).toBe(false)
  })

  it('an unterminated quote is a warning naming its line; the rows before it are kept', async () => {
    const t = await readTable(utf8('id,name\n1,a\n2,"b\n3,c\n'), 'q.csv')
    expect(t.rows[0]).toEqual(['1', 'a'])
    expect(t.lines).toEqual([2, 3])
    expect(t.rows[1]).toEqual(['2', 'b\n3,c\n'])
    expect(t.warnings).toEqual(['line 3: a quoted cell is not closed, so the rest of the file was read into this row'])
  })

  it('a zip is not a table', async () => {
    await expect(readTable(makeZip({ 'a.txt': 'x' }), 'a.csv')).rejects.toThrow('a.csv is a zip archive, not a CSV or xlsx table')
  })

  it('real file: Chicago homicides, 13,174 rows, lines 2..13175 (no multi-line cells), quoted Location cells', async () => {
    const bytes = new Uint8Array(readFileSync(realData('chicago/homicides.csv')))
    const t = await readTable(bytes, 'homicides.csv')
    expect(t.encoding).toBe('utf8')
    expect(t.header.slice(0, 6)).toEqual(['ID', 'Case Number', 'Date', 'Block', 'IUCR', 'Primary Type'])
    expect(t.header).toHaveLength(22)
    expect(t.rows).toHaveLength(13174)
    expect(t.lines[0]).toBe(2)
    expect(t.lines.every((l, i) => l === i + 2)).toBe(true)
    expect(t.rows[0]).toEqual(['26262', 'JE366265', '09/08/2021 04:45:00 PM', '047XX W HARRISON ST', '0110', 'HOMICIDE',
      'FIRST DEGREE MURDER', 'CAR WASH', 'true', 'false', '1131', '011', '24', '25', '01A', '1144907', '1896933', '2021',
      '09/14/2023 03:41:59 PM', '41.873191445', '-87.743446563', '(41.873191445, -87.743446563)'])
    const last = await readTable(bytes, 'homicides.csv', { maxRows: 100 })
    expect(last.rows).toHaveLength(100)
    expect(last.truncated).toBe(true)
  })

  it('real file: Weicheng units (NBS 2016), no header row, so the district row is the header; 261 rows of Chinese names', async () => {
    const t = await readTable(new Uint8Array(readFileSync(realData('china-districts/370702_units_nbs2016.csv'))), 'units.csv')
    expect(t.encoding).toBe('utf8')
    expect(t.header.slice(0, 3)).toEqual(['370702000000', '370700000000', '潍城区'])
    expect(t.rows).toHaveLength(261)
    expect(t.rows.every((r) => r.length === 20)).toBe(true)
    expect(t.rows.filter((r) => r[3] === 'town').map((r) => r[2]).slice(0, 6))
      .toEqual(['城关街道办事处', '南关街道办事处', '西关街道办事处', '北关街道办事处', '于河街道办事处', '望留街道办事处'])
    // the same file re-saved as GBK reads the same
    const again = await readTable(gbk(new TextDecoder().decode(readFileSync(realData('china-districts/370702_units_nbs2016.csv')))), 'units-gbk.csv')
    expect(again.encoding).toBe('gb18030')
    expect(again.rows).toEqual(t.rows)
  })
})

// ---------------------------------------------------------------------------------------------

/** 2024-03-05 08:30 as the clock in Weifang shows it: Excel keeps wall-clock time, no zone. */
const wall = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi, s))

async function incidentWorkbook(): Promise<Uint8Array> {
  const dt = (d: Date) => ({ value: d, format: 'yyyy-mm-dd hh:mm:ss' })
  const sheet1 = [
    [null, null, null, null, null, null], // row 1 empty
    ['编号', ' 经度 ', '纬度', '发案时间', null, '警情类别'], // row 2: header, an empty header cell
    ['JQ001', 119.1034, 36.7101, dt(wall(2024, 3, 5, 8, 30)), null, '刑事'], // row 3
    ['JQ002', 120, 36.5, dt(wall(2024, 12, 31, 23, 59, 59)), true, ' 治安 '], // row 4
    [null, null, null, null, null, null], // row 5 empty
    ['JQ003', -0.25, 0, { value: wall(2024, 2, 29), format: 'yyyy-mm-dd' }, null, null], // row 6
    ['JQ004', 119.2, 36.8, null, null, null, null, '多出的'], // row 7: a value beyond the header
  ]
  const buf = await writeXlsxFile([
    { data: sheet1 as never, sheet: '警情' },
    { data: [['月份'], ['二月']], sheet: '二月' },
    { data: [['x']], sheet: 'A & B' },
  ]).toBuffer()
  return new Uint8Array(buf)
}

describe('readTable: xlsx', () => {
  it('every cell of a generated workbook: header, numbers, dates (local ISO), booleans, empty cells, sheet rows', async () => {
    const bytes = await incidentWorkbook()
    const t = await readTable(bytes, '警情.xlsx')
    expect(t.format).toBe('xlsx')
    expect(t.encoding).toBeUndefined()
    expect(t.sheet).toBe('警情')
    expect(t.warnings).toEqual(['only the first sheet "警情" was read; not read: "二月", "A & B"'])
    expect(t.header).toEqual(['编号', '经度', '纬度', '发案时间', '', '警情类别'])
    expect(t.rows).toEqual([
      ['JQ001', '119.1034', '36.7101', '2024-03-05T08:30:00', '', '刑事'],
      ['JQ002', '120', '36.5', '2024-12-31T23:59:59', 'TRUE', ' 治安 '],
      ['JQ003', '-0.25', '0', '2024-02-29T00:00:00', '', ''],
      ['JQ004', '119.2', '36.8', '', '', '', '', '多出的'],
    ])
    expect(t.lines).toEqual([3, 4, 6, 7])
    expect(t.truncated).toBe(false)
  })

  it('maxRows', async () => {
    const t = await readTable(await incidentWorkbook(), 'a.xlsx', { maxRows: 2 })
    expect(t.rows.map((r) => r[0])).toEqual(['JQ001', 'JQ002'])
    expect(t.truncated).toBe(true)
  })

  it('a byte view into a larger buffer is read the same (no stray bytes around it)', async () => {
    const bytes = await incidentWorkbook()
    const big = new Uint8Array(bytes.length + 20)
    big.set(bytes, 10)
    const t = await readTable(big.subarray(10, 10 + bytes.length), 'a.xlsx')
    expect(t.rows).toHaveLength(4)
  })

  it('a broken or fake xlsx throws an Error naming the file', async () => {
    const bytes = await incidentWorkbook()
    await expect(readTable(bytes.subarray(0, bytes.length - 200), '坏.xlsx')).rejects.toThrow(/^坏\.xlsx is not a readable xlsx file/)
    await expect(readTable(utf8('not a workbook'), 'fake.xlsx')).rejects.toThrow(/^fake\.xlsx is not a readable xlsx file/)
    const ole2 = new Uint8Array(1024)
    ole2.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    await expect(readTable(ole2, 'old.xlsx')).rejects.toThrow('old.xlsx is a legacy .xls or a password-protected workbook: save it as .xlsx without a password')
  })

  it('excelDateText rounds the millisecond that read-excel-file can lose', () => {
    expect(excelDateText(new Date(Date.UTC(2024, 2, 5, 8, 29, 59, 999)))).toBe('2024-03-05T08:30:00')
    expect(excelDateText(new Date(Date.UTC(2024, 2, 5, 8, 30, 0, 1)))).toBe('2024-03-05T08:30:00')
    expect(excelDateText(new Date(NaN))).toBe('')
  })
})

// ---------------------------------------------------------------------------------------------

describe('sniffFormat', () => {
  it('zip contents decide: xlsx, shapefile, neither; also from only the first bytes', async () => {
    const xlsx = await incidentWorkbook()
    expect(sniffFormat(xlsx, 'upload.bin')).toBe('xlsx')
    expect(sniffFormat(xlsx, 'upload.zip')).toBe('xlsx')
    expect(sniffFormat(xlsx.subarray(0, 400), 'upload.bin')).toBe('xlsx')
    const shp = new Uint8Array(20000)
    shp.set([0, 0, 0x27, 0x0a])
    const zip = makeZip({ '街道.cpg': 'GBK', '街道.dbf': new Uint8Array(100), '街道.shp': shp }, { gbkNames: true })
    expect(sniffFormat(zip, 'upload.bin')).toBe('shapefile')
    expect(sniffFormat(zip.subarray(0, 4096), 'upload.bin')).toBe('shapefile')
    expect(sniffFormat(makeZip({ 'readme.txt': 'hi' }), 'data.zip')).toBeNull()
  })

  it('text starting with { or [ after a BOM and whitespace is GeoJSON, whatever the name', () => {
    expect(sniffFormat(withBom(utf8(' \r\n\t{"type":"FeatureCollection"}')), 'areas.txt')).toBe('geojson')
    expect(sniffFormat(utf8('[{"type":"Feature"}]'), '370702')).toBe('geojson')
  })

  it('the extension decides when the bytes do not', () => {
    expect(sniffFormat(utf8('id,lon,lat\n'), 'a.CSV')).toBe('csv')
    expect(sniffFormat(utf8('id\tlon\n'), 'a.tsv')).toBe('csv')
    expect(sniffFormat(new Uint8Array(0), 'empty.csv')).toBe('csv')
    expect(sniffFormat(new Uint8Array(0), 'empty.xlsx')).toBe('xlsx')
    expect(sniffFormat(new Uint8Array(0), 'empty.geojson')).toBe('geojson')
    expect(sniffFormat(utf8('PK\x03\x04 cut'), 'cut.zip')).toBe('shapefile')
    expect(sniffFormat(utf8('id,lon\n'), 'notes')).toBeNull()
    expect(sniffFormat(utf8('id,lon\n'), 'a.doc')).toBeNull()
  })

  it('a bare .shp is recognised by its file code', () => {
    const shp = new Uint8Array(100)
    shp.set([0, 0, 0x27, 0x0a])
    expect(sniffFormat(shp, 'roads.dat')).toBe('shapefile')
  })
})

describe('zip entries', () => {
  it('names (UTF-8 flag or GBK), stored data, data descriptors', async () => {
    for (const opts of [{}, { gbkNames: true }, { dataDescriptor: true }]) {
      const zip = makeZip({ '街道/北关.prj': 'GEOGCS[]', 'b.txt': 'hello' }, opts)
      const entries = listZipEntries(zip)!
      expect(entries.map((e) => e.name)).toEqual(['街道/北关.prj', 'b.txt'])
      expect(new TextDecoder().decode(await readZipEntry(zip, entries[1]))).toBe('hello')
    }
    expect(listZipEntries(utf8('not a zip'))).toBeNull()
  })

  it('deflated entries (write-excel-file deflates)', async () => {
    const xlsx = await incidentWorkbook()
    const entries = listZipEntries(xlsx)!
    const wb = entries.find((e) => e.name === 'xl/workbook.xml')!
    expect(wb.method).toBe(8)
    const xml = new TextDecoder().decode(await readZipEntry(xlsx, wb))
    expect(xml).toContain('name="警情"')
    expect(xml).toContain('name="A &amp; B"')
  })
})
