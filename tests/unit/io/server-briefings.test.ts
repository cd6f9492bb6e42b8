import { describe, expect, it } from 'vitest'
import { briefingsByDay, type BriefingEntry } from '../../../src/io/server-briefings'

const entry = (id: number, day: string, format: 'pdf' | 'png'): BriefingEntry =>
  ({ id, day, format, status: 'done', attempts: 1, size: 10, madeAt: null, title: '', error: null })

describe('briefings by day', () => {
  it('groups the files of a day, newest day first, pdf before png whatever the order given', () => {
    const grouped = briefingsByDay([entry(1, '2026-02-28', 'png'), entry(2, '2026-03-01', 'png'), entry(3, '2026-02-28', 'pdf'), entry(4, '2026-03-01', 'pdf'), entry(5, '2025-12-31', 'pdf')])
    expect(grouped.map((d) => [d.day, d.files.map((f) => f.id)])).toEqual([['2026-03-01', [4, 2]], ['2026-02-28', [3, 1]], ['2025-12-31', [5]]])
  })

  it('an empty list has no days', () => {
    expect(briefingsByDay([])).toEqual([])
  })
})
