import { describe, expect, it } from 'vitest'
import { numberFormats, progressPercent } from '../../../src/i18n/format'

// Intl itself as the number formatter, as vue-i18n's n() is in the app
const en = numberFormats((v, o) => new Intl.NumberFormat('en', o).format(v))
const zh = numberFormats((v, o) => new Intl.NumberFormat('zh-CN', o).format(v))

describe('panel number formats', () => {
  it('percent of a fraction with one decimal, a dash for no figure', () => {
    expect([en.pct(0.1234), en.pct(1), en.pct(0), en.pct(NaN), en.pct(Infinity)]).toEqual(['12.3%', '100.0%', '0.0%', '—', '—'])
  })
  it('signed change: plus, a true minus sign, none for no change', () => {
    expect([en.signedPct(0.25), en.signedPct(-0.04), en.signedPct(0), en.signedPct(null)]).toEqual(['+25.0%', '−4.0%', '0.0%', '—'])
  })
  it('share of a whole as a whole percent', () => {
    expect([en.share(1, 3), en.share(2, 3), en.share(3, 3), en.share(0, 0)]).toEqual(['33%', '67%', '100%', '—'])
  })
  it('km² from m² with fixed decimals and the language’s grouping', () => {
    expect([en.km2(1_234_567, 2), en.km2(1_234_567, 3), en.km2(12_345_678_900, 2)]).toEqual(['1.23', '1.235', '12,345.68'])
    expect(zh.km2(500_000, 3)).toBe('0.500')
  })
  it('figures with at most the asked decimals', () => {
    expect([en.num(3.14159), en.num(3.14159, 0), en.num(2, 2)]).toEqual(['3.1', '3', '2'])
  })
  it('progress as a whole percent, capped at 100, 0 while the total is unknown', () => {
    expect([progressPercent(1, 3), progressPercent(5, 4), progressPercent(5, null), progressPercent(5, 0)]).toEqual([33, 100, null, null])
  })
})
