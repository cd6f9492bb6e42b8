import { describe, expect, it } from 'vitest'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { exportFileName, filterText, localMinute, periodText, subtitleText } from '../../../src/export/snapshot-text'
import { i18n, translate as t } from '../../../src/i18n'

// 2025-12-01 00:00 and 2026-01-01 00:00 in Asia/Shanghai
const DEC1 = Date.UTC(2025, 10, 30, 16)
const JAN1 = Date.UTC(2025, 11, 31, 16)

describe('export texts (zh-CN)', () => {
  it('period: the filter dates with an exclusive end, else the data range', () => {
    expect(periodText({ ...NO_FILTER, from: DEC1, to: JAN1 }, null, t)).toBe('2025-12-01 至 2025-12-31')
    expect(periodText(NO_FILTER, [DEC1 + 3600_000, JAN1 - 1], t)).toBe('2025-12-01 至 2025-12-31')
    expect(periodText(NO_FILTER, null, t)).toBe('全部时间')
  })
  it('filters: categories, hours across midnight and weekdays, in the words of the panels', () => {
    expect(filterText(NO_FILTER, t)).toBe('全部警情')
    expect(filterText({ ...NO_FILTER, categories: [0, 2], hours: [22, 6], weekdays: [5, 6] }, t)).toBe('类别：刑事、消防；时段 22:00–06:00；星期六、日')
    expect(filterText({ ...NO_FILTER, subtypes: [1, 2, 3] }, t)).toBe('细类 3 项')
  })
  it('subtitle joins area, period and filters', () => {
    expect(subtitleText('潍城区', { ...NO_FILTER, from: DEC1, to: JAN1, categories: [1] }, null, t)).toBe('潍城区；2025-12-01 至 2025-12-31；类别：治安')
  })
  it('English too', () => {
    i18n.global.locale.value = 'en'
    try {
      expect(filterText({ ...NO_FILTER, categories: [0], weekdays: [0] }, t)).toBe('Categories: Criminal; Days: Mo')
    } finally {
      i18n.global.locale.value = 'zh-CN'
    }
  })
  it('local minute in Asia/Shanghai', () => {
    expect(localMinute(Date.UTC(2026, 10, 24, 0, 5))).toBe('2026-11-24 08:05')
  })
  it('file names: no path, markup or control characters, never empty, bounded', () => {
    const at = Date.UTC(2026, 10, 24, 0, 5)
    expect(exportFileName('平安地图 警情态势图', at, 'png')).toBe('平安地图_警情态势图_202611240805.png')
    expect(exportFileName('../../etc/<script>alert(1)</script>', at, 'pdf')).not.toMatch(/[\\/<>:"|?*]/)
    expect(exportFileName('///', at, 'pdf')).toBe('pingan-map_202611240805.pdf')
    expect(exportFileName('x'.repeat(10_000), at, 'png').length).toBeLessThan(80)
  })
})
