/**
 * The tables of the briefing's crime-analysis pages, on hand-made results: the Knox table as
 * ratio, p mark and observed pairs per cell; the pattern tally with the patterns present only.
 */
import { describe, expect, it } from 'vitest'
import { PATTERN_NAMES } from '../../../src/core/emerging-hotspots'
import type { KnoxTable } from '../../../src/core/near-repeat'
import { knoxBriefingTable, patternBriefingTable } from '../../../src/export/crime-pages'
import { translate } from '../../../src/i18n'

const t = translate

describe('crime-analysis briefing tables', () => {
  it('the Knox table: a row per distance band, ratio to two places, ** below 0.01 and * below 0.05, observed pairs in brackets', () => {
    const table: KnoxTable = {
      distanceEdges: [0, 100, 200], dayEdges: [0, 7, 14], incidents: 10, closePairs: 20, permutations: 99,
      // cells row-major: (0–100, 0–7), (0–100, 7–14), (100–200, 0–7), (100–200, 7–14)
      observed: Float64Array.of(9, 3, 4, 0),
      expected: Float64Array.of(1.5, 3, 4, 0),
      ratio: Float64Array.of(6, 1, 1, NaN),
      p: Float64Array.of(0.01, 0.04, 0.5, 1),
      significant: { distance: 100, days: 7 },
    }
    const out = knoxBriefingTable(table, t, 'en', 'note')
    expect(out.columns.slice(1)).toEqual(['0–7', '7–14'])
    // p = 0.01 is not below 0.01: one star; 0.04: one star; no expectation: a dash
    expect(out.rows).toEqual([['0–100', '6.00* (9)', '1.00* (3)'], ['100–200', '1.00 (4)', '— (0)']])
    expect(out.numeric).toEqual([false, true, true])
    expect(out.note).toBe('note')
  })

  it('the pattern tally lists the patterns present, hot before cold, no pattern last', () => {
    const code = (name: string) => PATTERN_NAMES.indexOf(name as (typeof PATTERN_NAMES)[number])
    const patterns = Uint8Array.from([0, 0, 0, code('persistent_hot_spot'), code('persistent_hot_spot'), code('new_cold_spot')])
    const out = patternBriefingTable(patterns, t, 'en', '')
    expect(out.rows.map((r) => r[1])).toEqual(['2', '1', '3'])
    expect(out.rows[0][0]).toBe(t('crime.patterns.persistent_hot_spot'))
    expect(out.rows[2][0]).toBe(t('crime.patterns.no_pattern'))
  })
})
