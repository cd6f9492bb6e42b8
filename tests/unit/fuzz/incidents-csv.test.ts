import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { packedString, type IncidentColumns } from '../../../src/core/incidents'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { expectRowsNamed, runs, TEST_TIMEOUT } from './fuzz-budget'
import { countLines, lineMutation, mutateLine, mutateText, textMutation } from './mutations'

const enc = new TextEncoder()
const ids = (c: IncidentColumns) => Array.from({ length: c.count }, (_, i) => packedString(c.id, i))
const HEADER = 'id,time,category,subtype,lon,lat,address'
const ROWS = Array.from({ length: 20 }, (_, i) =>
  `I${String(i + 1).padStart(2, '0')},2024-03-05T${String(i).padStart(2, '0')}:15:00,criminal,盗窃,${(119 + i / 100).toFixed(4)},36.7${i},胜利街${i}号`)
const lineCount = countLines

describe('fuzz: incident CSV (readIncidentsCsv)', () => {
  it('arbitrary bytes: a report, never a throw or a hang', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      const { columns, report } = readIncidentsCsv(bytes, { fileName: 'x.csv' })
      expect(columns.count).toBe(report.rowsKept)
      expectRowsNamed(report, bytes.length + 2)
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)

  it('arbitrary text under a valid header', () => {
    fc.assert(fc.property(fc.string({ maxLength: 1000, unit: 'binary' }), (body) => {
      const text = `${HEADER}\n${body}`
      const { columns, report } = readIncidentsCsv(enc.encode(text))
      expect(columns.count).toBe(report.rowsKept)
      expectRowsNamed(report, lineCount(text))
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)

  it('one mutated row of 20: the 19 untouched rows are kept with their ids; rejects name that line', () => {
    fc.assert(fc.property(fc.nat(19), fc.array(lineMutation, { minLength: 1, maxLength: 3 }), (k, ms) => {
      const rows = [...ROWS]
      rows[k] = ms.reduce(mutateLine, rows[k])
      const text = [HEADER, ...rows].join('\n') + '\n'
      const { columns, report } = readIncidentsCsv(enc.encode(text))
      const kept = new Set(ids(columns))
      for (let i = 0; i < 20; i++) if (i !== k) expect(kept.has(`I${String(i + 1).padStart(2, '0')}`), `row ${i + 2} of\n${text.slice(0, 2000)}`).toBe(true)
      expect(report.rowsKept).toBeGreaterThanOrEqual(19)
      for (const r of report.rejected) expect(r.line).toBe(k + 2)
      expectRowsNamed(report, lineCount(text))
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)

  it('whole-file mutations (quotes, breaks, dropped and repeated lines): a report naming lines in the file', () => {
    fc.assert(fc.property(fc.array(textMutation, { minLength: 1, maxLength: 6 }), (ms) => {
      const text = ms.reduce(mutateText, [HEADER, ...ROWS].join('\n') + '\n')
      const { columns, report } = readIncidentsCsv(enc.encode(text))
      expect(columns.count).toBe(report.rowsKept)
      expectRowsNamed(report, lineCount(text))
    }), { numRuns: runs(300) })
  }, TEST_TIMEOUT)
})
