import { describe, expect, it } from 'vitest'
import crime from '../../../src/i18n/sections/crime'
import { PATTERN_NAMES } from '../../../src/core/emerging-hotspots'
import { ROLE_NAMES } from '../../../src/core/near-repeat'

/** Every leaf key path of a message tree. */
const paths = (o: object, at = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? paths(v, `${at}${k}.`) : [`${at}${k}`]))

describe('crime-analysis messages', () => {
  it('zh-CN and en have the same keys', () => {
    expect(paths(crime.en).sort()).toEqual(paths(crime['zh-CN']).sort())
  })
  it('every pattern and role the worker returns has a name in both languages', () => {
    for (const m of [crime['zh-CN'], crime.en]) {
      expect(Object.keys(m.patterns).sort()).toEqual([...PATTERN_NAMES].sort())
      expect(Object.keys(m.near.roles).sort()).toEqual([...ROLE_NAMES].sort())
    }
  })
  it('the Chinese messages carry no English words but units, method names and placeholders', () => {
    // allowed: {placeholders}, Knox, Gi*, z, p, km
    for (const p of paths(crime['zh-CN'])) {
      const text = p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], crime['zh-CN']) as string
      const words = text.replace(/\{\w+\}/g, '').match(/[A-Za-z]{2,}/g) ?? []
      expect(words.filter((w) => !['Knox', 'Gi'].includes(w)), p).toEqual([])
    }
  })
})
