import { describe, expect, it } from 'vitest'
import { i18n } from '../../../src/i18n'
import { actionWord, detailText } from '../../../src/i18n/audit-text'
import { AUDIT_ACTIONS } from '../../../src/stores/audit'

const inLocale = (locale: 'zh-CN' | 'en') => ({
  t: (k: string) => i18n.global.t(k, {}, { locale }),
  te: (k: string) => i18n.global.te(k, locale),
})

describe('audit rows in words', () => {
  it('every action the filter offers, and every code the server writes, has a word in both languages, and the two differ', () => {
    const written = ['login', 'login.failed', 'logout', 'import', 'import.refused', 'export', 'user.create', 'user.password', 'user.change', 'user.delete', 'grant.add', 'grant.remove', 'district.insert', 'district.update', 'district.delete']
    for (const code of new Set([...AUDIT_ACTIONS, ...written])) {
      const zh = inLocale('zh-CN'), en = inLocale('en')
      const [a, b] = [actionWord(code, zh.t, zh.te), actionWord(code, en.t, en.te)]
      expect(a, code).not.toBe(code)
      expect(b, code).not.toBe(code)
      expect(a, code).not.toBe(b)
    }
  })

  it('an unknown code, or one that is no key, is shown as it is', () => {
    const en = inLocale('en')
    expect(actionWord('beacon.insert', en.t, en.te)).toBe('beacon.insert')
    expect(actionWord('actions', en.t, en.te)).toBe('actions')
    expect(actionWord('<b>x</b>', en.t, en.te)).toBe('<b>x</b>')
  })

  it('the detail reads as name: value pairs, the table left out, nested values flattened', () => {
    const en = inLocale('en')
    expect(detailText({ table: 'users', kind: 'incidents', file: 'a,b.csv', stored: { inserted: 2 }, changed: ['role', 'name'], zzz: null }, en.t, en.te))
      .toBe('kind: incidents; file: a,b.csv; stored: inserted 2; changed: role, name; zzz: —')
  })
})
