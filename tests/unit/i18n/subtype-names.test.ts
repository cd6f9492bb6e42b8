import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeIncidentColumns } from '../../../src/io/incident-columns-file'
import { subtypeName } from '../../../src/i18n/subtype-names'

const CJK = /[\u4e00-\u9fff]/

describe('subtype names', () => {
  const buf = readFileSync('geodata/demo/incidents.cols')
  const { columns } = decodeIncidentColumns(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))

  it('names every subtype of the demo in Chinese in the Chinese UI, and without Chinese in the English one', () => {
    expect(columns.subtypes.length).toBeGreaterThan(5)
    for (const code of columns.subtypes) {
      expect(subtypeName(code, 'zh-CN'), code).toMatch(CJK)
      expect(subtypeName(code, 'zh-CN'), code).not.toMatch(/[A-Za-z_]/)
      expect(subtypeName(code, 'en'), code).not.toMatch(CJK)
      expect(subtypeName(code, 'en'), code).not.toMatch(/_/)
      // a capital first letter: a name, not a code
      expect(subtypeName(code, 'en'), code).toMatch(/^[A-Z]/)
    }
  })

  it('shows a subtype it does not know as it is in the file, including names of Object.prototype', () => {
    for (const code of ['入室盗窃', 'HOMICIDE', 'constructor', '__proto__', 'toString', '']) {
      expect(subtypeName(code, 'zh-CN')).toBe(code)
      expect(subtypeName(code, 'en')).toBe(code)
    }
  })
})
