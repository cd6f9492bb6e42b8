/**
 * Line-oriented text importers other than incidents: cameras, population, plan CSV, candidate
 * poses. Each gets arbitrary text, a 20-row file with one row mutated (the other 19 must be
 * kept, by id) and whole-file mutations.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { ImportReport } from '../../../src/io/import-report'
import { readCamerasCsv } from '../../../src/io/cameras-csv'
import { readPopulationCsv } from '../../../src/io/population-csv'
import { readCandidatesCsv, readPlanFile } from '../../../src/io/plan-file'
import { expectNamedError, expectRowsNamed, quietPapaparse, runs, TEST_TIMEOUT } from './fuzz-budget'
import { countLines, lineMutation, mutateLine, mutateText, textMutation } from './mutations'

interface Format {
  name: string
  file: string
  header: string
  row: (i: number) => string
  read: (text: string) => { ids: string[]; report: ImportReport }
  /** the importer's documented failure for a whole file (an Error naming the file); else it never throws */
  throws: boolean
}

const id = (i: number) => `R${String(i + 1).padStart(2, '0')}`
const lonLat = (i: number) => `${(119 + i / 100).toFixed(5)},${(36.7 + i / 1000).toFixed(5)}`

const FORMATS: Format[] = [
  {
    name: 'cameras CSV', file: 'cams.csv', header: 'id,lon,lat,type,azimuth,fov,range,class,status',
    row: (i) => `${id(i)},${lonLat(i)},bullet,${i * 10},60,80,A,online`,
    read: (t) => { const r = readCamerasCsv(t, 'cams.csv'); return { ids: r.cameras.ids, report: r.report } },
    throws: false,
  },
  {
    name: 'population CSV', file: 'pop.csv', header: 'area_id,population',
    row: (i) => `${id(i)},${1000 + i}`,
    read: (t) => { const r = readPopulationCsv(t, 'pop.csv'); return { ids: [...r.byId.keys()], report: r.report } },
    throws: false,
  },
  {
    name: 'plan CSV', file: 'plan.csv', header: 'id,lon,lat,type,azimuth,fov,range,status,source,gain',
    row: (i) => `${id(i)},${lonLat(i)},dome,${i * 10},360,30,online,suggested,${i / 10}`,
    read: (t) => { const r = readPlanFile(t, 'plan.csv'); return { ids: r.cameras.map((c) => c.id), report: r.report } },
    throws: true,
  },
  {
    name: 'candidate poses CSV', file: 'cand.csv', header: 'id,lon,lat,azimuth,fov,range,type',
    row: (i) => `${id(i)},${lonLat(i)},${i * 10},70,60,bullet`,
    read: (t) => { const r = readCandidatesCsv(t, 'cand.csv'); return { ids: r.sites.ids, report: r.report } },
    throws: false,
  },
]

/** Runs the importer: either it returns a report naming lines within the file, or (if allowed) throws an Error naming the file. */
function readOrNamedError(f: Format, text: string): { ids: string[]; report: ImportReport } | null {
  try {
    const out = f.read(text)
    expectRowsNamed(out.report, countLines(text) + 1)
    expect(out.ids.length).toBe(out.report.rowsKept)
    return out
  } catch (e) {
    if (!f.throws || (e as Error).name === 'AssertionError') throw e
    expectNamedError(e, f.file)
    return null
  }
}

quietPapaparse()

describe.each(FORMATS)('fuzz: $name', (f) => {
  const good = [f.header, ...Array.from({ length: 20 }, (_, i) => f.row(i))]

  it('the unmutated file is read whole (the baseline the properties mutate)', () => {
    const out = f.read(good.join('\n') + '\n')
    expect(out.ids).toEqual(Array.from({ length: 20 }, (_, i) => id(i)))
    expect(out.report.rejectedCount).toBe(0)
  })

  it('arbitrary text: a report naming lines, never a stray exception or a hang', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 800, unit: 'binary' }), fc.string({ maxLength: 800 }).map((s) => `${f.header}\n${s}`)), (text) => {
      readOrNamedError(f, text)
    }), { numRuns: runs(200) })
  }, TEST_TIMEOUT)

  it('one mutated row of 20: the 19 untouched rows are kept with their ids', () => {
    fc.assert(fc.property(fc.nat(19), fc.array(lineMutation, { minLength: 1, maxLength: 3 }), (k, ms) => {
      const lines = [...good]
      lines[k + 1] = ms.reduce(mutateLine, lines[k + 1])
      const text = lines.join('\n') + '\n'
      const out = readOrNamedError(f, text)
      expect(out, 'a file with a good header must not be refused whole').not.toBeNull()
      const kept = new Set(out!.ids)
      for (let i = 0; i < 20; i++) if (i !== k) expect(kept.has(id(i)), `${id(i)} lost; mutated line ${k + 2}: ${lines[k + 1].slice(0, 200)}`).toBe(true)
      for (const r of out!.report.rejected) expect(r.line).toBe(k + 2)
    }), { numRuns: runs(200) })
  }, TEST_TIMEOUT)

  it('whole-file mutations: a report naming lines, or the documented file error', () => {
    fc.assert(fc.property(fc.array(textMutation, { minLength: 1, maxLength: 6 }), (ms) => {
      readOrNamedError(f, ms.reduce(mutateText, good.join('\n') + '\n'))
    }), { numRuns: runs(200) })
  }, TEST_TIMEOUT)
})
