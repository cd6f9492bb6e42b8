import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { categoryLabelsOption, distinctLabels, suggestCategory } from '../../../src/io/category-mapping'
import { CATEGORY_LABELS, readIncidentsCsv } from '../../../src/io/incidents-csv'
import { CATEGORIES, type Category } from '../../../src/core/incidents'
import { realData } from '../../fixtures/real'

function rowsOf(path: string): string[][] {
  return Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data.slice(1)
}

describe('suggestCategory', () => {
  it('knows every label the reader knows', () => {
    for (const [label, code] of Object.entries(CATEGORY_LABELS)) expect([label, suggestCategory(label)]).toEqual([label, CATEGORIES[code]])
  })

  it('reads the labels of Chinese exports and English ones, trimmed and case-blind', () => {
    const expected: Record<string, Category> = {
      '刑事案件': 'criminal', '刑事警情': 'criminal', '刑事类': 'criminal',
      '治安案件': 'public_order', '治安警情': 'public_order', '治安类': 'public_order',
      '火灾': 'fire', '火警': 'fire', '消防警情': 'fire', '消防类': 'fire',
      '问题隐患': 'problem', '安全隐患': 'problem', '隐患': 'problem',
      ' Criminal ': 'criminal', 'CRIME': 'criminal', 'Public Order': 'public_order', 'public_order': 'public_order',
      'Fire': 'fire', 'hazard': 'problem', 'Problem': 'problem', 'HOMICIDE': 'criminal',
    }
    for (const [label, cat] of Object.entries(expected)) expect([label, suggestCategory(label)]).toEqual([label, cat])
  })

  it('finds category words inside longer Chinese labels, hazards before fire and traffic before disputes', () => {
    expect(suggestCategory('刑事案件（盗窃）')).toBe('criminal')
    expect(suggestCategory('一般治安警情')).toBe('public_order')
    expect(suggestCategory('邻里纠纷')).toBe('public_order')
    expect(suggestCategory('消防安全隐患')).toBe('problem')
    expect(suggestCategory('火灾隐患')).toBe('problem')
    expect(suggestCategory('建筑火灾')).toBe('fire')
    expect(suggestCategory('交通事故')).toBe('other')
    expect(suggestCategory('交通事故纠纷')).toBe('other')
  })

  it('files fraud as criminal and noise as public order (issue 24: the usual reading of 110 statistics)', () => {
    for (const label of ['Fraud', ' fraud ', '诈骗', '电信诈骗', '网络诈骗警情', 'DECEPTIVE PRACTICE']) expect([label, suggestCategory(label)]).toEqual([label, 'criminal'])
    for (const label of ['Noise', 'noise complaint', '噪音', '噪音扰民', '施工噪声']) expect([label, suggestCategory(label)]).toEqual([label, 'public_order'])
    // a hazard stays a hazard, whatever it is about
    expect(suggestCategory('噪音隐患')).toBe('problem')
  })

  it('leaves the rest as other', () => {
    for (const label of ['', '   ', '求助', '盗窃', '打架斗殴', '12345']) expect([label, suggestCategory(label)]).toEqual([label, 'other'])
  })
})

describe('distinctLabels', () => {
  it('counts trimmed labels, most frequent first, ties in first-seen order, blanks as ""', () => {
    const rows = [['a', '治安'], ['b', ' 刑事 '], ['c', '刑事'], ['d', ''], ['e'], ['f', '火警'], ['g', '治安'], ['h', '刑事']]
    expect(distinctLabels(rows, 1)).toEqual([
      { label: '刑事', count: 3 }, { label: '治安', count: 2 }, { label: '', count: 2 }, { label: '火警', count: 1 },
    ])
    expect(distinctLabels(rows, 1, 2).map((d) => d.label)).toEqual(['刑事', '治安'])
    expect(distinctLabels(rows, -1)).toEqual([])
    expect(distinctLabels([], 0)).toEqual([])
  })

  it('lists the real columns: Chicago Primary Type, the demo categories', () => {
    const chicago = rowsOf(realData('chicago/homicides.csv'))
    expect(distinctLabels(chicago, 5)).toEqual([{ label: 'HOMICIDE', count: 13174 }])
    const demo = distinctLabels(rowsOf('geodata/demo/incidents.csv'), 2)
    expect(demo).toEqual([
      { label: 'public_order', count: 90533 }, { label: 'criminal', count: 50627 },
      { label: 'problem', count: 42957 }, { label: 'fire', count: 15883 },
    ])
    expect(demo.map((d) => suggestCategory(d.label))).toEqual(['public_order', 'criminal', 'problem', 'fire'])
  })

  it('stops at the limit (default 200) on a column of many labels', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`L${i % 300}`])
    const d = distinctLabels(rows, 0)
    expect(d.length).toBe(200)
    expect(d[0]).toEqual({ label: 'L0', count: 4 })
    expect(d.slice(0, 100).every((x) => x.count === 4) && d.slice(100).every((x) => x.count === 3)).toBe(true)
  })
})

describe('categoryLabelsOption', () => {
  it('keeps the labels that are not other, keyed as the reader matches them', () => {
    expect(categoryLabelsOption({ ' Theft ': 'criminal', '求助': 'other', '打架斗殴': 'public_order', 'Smoke': 'fire' }))
      .toEqual({ theft: 'criminal', '打架斗殴': 'public_order', smoke: 'fire' })
  })

  it('makes the reader keep the user\'s categories', () => {
    const csv = 'id,time,category,subtype,lon,lat\n' +
      'a,2024-05-01 08:00,打架斗殴,x,119.1,36.7\nb,2024-05-01 09:00,Theft,x,119.1,36.7\nc,2024-05-01 10:00,求助,x,119.1,36.7\n'
    const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','))
    const mapping = Object.fromEntries(distinctLabels(rows, 2).map(({ label }) => [label, suggestCategory(label)]))
    mapping['打架斗殴'] = 'public_order'
    mapping['Theft'] = 'criminal'
    const { columns, report } = readIncidentsCsv(new TextEncoder().encode(csv), { categoryLabels: categoryLabelsOption(mapping) })
    expect(Array.from(columns.category).map((c) => CATEGORIES[c])).toEqual(['public_order', 'criminal', 'other'])
    expect(report.otherCategoryLabels).toEqual({ '求助': 1 })
  })
})
