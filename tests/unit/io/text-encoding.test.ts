import { describe, expect, it } from 'vitest'
import iconv from 'iconv-lite'
import { decodeText, detectEncoding, SNIFF_BYTES, Utf8Transcoder } from '../../../src/io/text-encoding'

const utf8 = (s: string) => new TextEncoder().encode(s)
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'))
const gb18030 = (s: string) => new Uint8Array(iconv.encode(s, 'gb18030'))
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}
const BOM = Uint8Array.of(0xef, 0xbb, 0xbf)

/** An incident CSV as Excel writes it on Chinese Windows ("CSV (逗号分隔)"): GBK, CRLF. */
const CSV_TEXT =
  '编号,经度,纬度,发案时间,警情类别\r\n' +
  'JQ001,119.1034,36.7101,2024-03-05 08:30:00,刑事\r\n' +
  'JQ002,119.0275,36.6968,2024-03-05 22:45:10,治安\r\n' +
  'JQ003,119.1201,36.7222,2024-03-06 01:05:00,问题隐患\r\n'

describe('detectEncoding', () => {
  it('a UTF-8 BOM means utf8 with bom; ASCII and UTF-8 Chinese mean utf8 without', () => {
    expect(detectEncoding(concat(BOM, utf8(CSV_TEXT)))).toEqual({ encoding: 'utf8', bom: true })
    expect(detectEncoding(utf8('id,lon,lat\r\n1,119.1,36.7\r\n'))).toEqual({ encoding: 'utf8', bom: false })
    expect(detectEncoding(utf8(CSV_TEXT))).toEqual({ encoding: 'utf8', bom: false })
    expect(detectEncoding(new Uint8Array(0))).toEqual({ encoding: 'utf8', bom: false })
  })

  it('GBK bytes are gb18030 (经 is BE AD in GBK, which is not UTF-8)', () => {
    const bytes = gbk(CSV_TEXT)
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0xb1, 0xe0, 0xba, 0xc5]) // 编号
    expect(detectEncoding(bytes)).toEqual({ encoding: 'gb18030', bom: false })
  })

  it('a UTF-8 sample cut inside a multi-byte character is still utf8, at every cut', () => {
    const bytes = utf8(CSV_TEXT)
    for (let k = 0; k <= bytes.length; k++) expect(detectEncoding(bytes.subarray(0, k)).encoding).toBe('utf8')
  })

  it('mostly ASCII with Chinese far in is utf8, also when a character straddles the 64 KiB sample edge', () => {
    const ascii = 'JQ000001,119.100000,36.700000,2024-03-05 08:30:00,criminal\n'.repeat(3000) // 177 KB
    expect(detectEncoding(utf8(ascii + '西关街道\n')).encoding).toBe('utf8')
    const pad = 'x'.repeat(SNIFF_BYTES - 1)
    const straddling = utf8(pad + '西关\n') // 西 = E8 A5 BF starts at byte 65535
    expect(straddling[SNIFF_BYTES - 1]).toBe(0xe8)
    expect(detectEncoding(straddling).encoding).toBe('utf8')
  })

  it('looks at the first 64 KiB only: GBK that far in is not seen (decodeText sees it)', () => {
    const bytes = concat(utf8('a'.repeat(SNIFF_BYTES)), gbk('西关'))
    expect(detectEncoding(bytes).encoding).toBe('utf8')
    expect(decodeText(bytes, 'auto')).toMatchObject({ encoding: 'gb18030', bom: false })
  })
})

describe('decodeText', () => {
  it('auto: GBK text comes back exactly', () => {
    expect(decodeText(gbk(CSV_TEXT), 'auto')).toEqual({ text: CSV_TEXT, encoding: 'gb18030', bom: false })
  })

  it('auto: UTF-8 with and without BOM; the BOM is stripped and reported', () => {
    expect(decodeText(utf8(CSV_TEXT), 'auto')).toEqual({ text: CSV_TEXT, encoding: 'utf8', bom: false })
    expect(decodeText(concat(BOM, utf8(CSV_TEXT)), 'auto')).toEqual({ text: CSV_TEXT, encoding: 'utf8', bom: true })
    expect(decodeText(concat(BOM, utf8(CSV_TEXT)), 'utf8')).toEqual({ text: CSV_TEXT, encoding: 'utf8', bom: true })
  })

  it('gbk decodes as GB18030, 4-byte characters included', () => {
    const text = '地址,潍城区𠀀路¥号,㐀\n' // 𠀀 (U+20000), ¥ and 㐀 are 4-byte sequences in GB18030, not in GBK
    const bytes = gb18030(text)
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')
    expect(hex).toContain('95 32 82 36') // 𠀀
    expect(hex).toContain('81 30 84 36') // ¥
    expect(decodeText(bytes, 'gbk')).toEqual({ text, encoding: 'gb18030', bom: false })
    expect(decodeText(bytes, 'auto')).toEqual({ text, encoding: 'gb18030', bom: false })
  })

  it('strips a GB18030 BOM (84 31 95 33) too', () => {
    const bytes = concat(Uint8Array.of(0x84, 0x31, 0x95, 0x33), gbk('经度'))
    expect(decodeText(bytes, 'gbk')).toEqual({ text: '经度', encoding: 'gb18030', bom: true })
  })

  it('auto on the head of a UTF-8 file cut inside a character stays utf8 (U+FFFD for the cut character)', () => {
    const bytes = utf8('经度,纬度\n')
    const head = bytes.subarray(0, 4) // 经 and one byte of 度
    expect(decodeText(head, 'auto')).toEqual({ text: '经\uFFFD', encoding: 'utf8', bom: false })
  })

  it('utf8 forced on GBK bytes decodes leniently instead of throwing', () => {
    const out = decodeText(gbk('经度'), 'utf8')
    expect(out.encoding).toBe('utf8')
    expect(out.text).toContain('\uFFFD')
  })
})

describe('Utf8Transcoder', () => {
  const text = CSV_TEXT + 'JQ004,119.1,36.7,2024-03-07 12:00:00,火警,𠀀路¥号㐀\r\n'
  const bytes = gb18030(text)

  const run = (chunks: Uint8Array[]) => {
    const t = new Utf8Transcoder('gb18030')
    const out = chunks.map((c) => t.push(c))
    out.push(t.end())
    return new TextDecoder().decode(concat(...out))
  }

  it('GB18030 chunks cut at every offset, also inside 2- and 4-byte characters, give the same UTF-8', () => {
    for (let k = 0; k <= bytes.length; k++) {
      expect(run([bytes.subarray(0, k), bytes.subarray(k)])).toBe(text)
    }
  })

  it('three chunks cut at every pair of offsets around the 4-byte characters', () => {
    const from = bytes.length - 20 // 𠀀路¥号㐀\r\n is the last 18 bytes
    for (let a = from; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        expect(run([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)])).toBe(text)
      }
    }
  })

  it('single-byte chunks', () => {
    expect(run(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)))).toBe(text)
  })

  it('a character cut off at the end of the file becomes U+FFFD', () => {
    const cut = gbk('经度')
    expect(run([cut.subarray(0, 3)])).toBe('经\uFFFD')
  })

  it('utf8 passes chunks through unchanged, without a copy, BOM included', () => {
    const t = new Utf8Transcoder('utf8')
    const chunk = concat(BOM, utf8('经度'))
    expect(t.push(chunk)).toBe(chunk)
    expect(t.end().length).toBe(0)
  })

  it('gb18030 leaves a BOM for the reader: it comes out as the UTF-8 BOM', () => {
    const t = new Utf8Transcoder('gb18030')
    const out = concat(t.push(concat(Uint8Array.of(0x84, 0x31, 0x95, 0x33), gbk('经'))), t.end())
    expect(Array.from(out.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(out)).toBe('经') // TextDecoder strips the BOM
  })
})
