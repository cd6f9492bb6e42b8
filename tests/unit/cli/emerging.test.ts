import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cli, csvRows } from './run-cli'

let dir = ''
const path = (f: string) => join(dir, f)

afterEach(() => vi.restoreAllMocks())

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pingan-emerging-'))
  // Two places 0.01° apart (≈ 890 m east–west at 36° N): A gets incidents in January and March
  // 2024, B in March only; February has none. A fire in April is left out by --category.
  writeFileSync(path('incidents.csv'), [
    'id,time,category,subtype,lon,lat',
    'a1,2024-01-10T10:00:00,criminal,盗窃,119.000,36.000',
    'a2,2024-03-05T10:00:00,criminal,盗窃,119.000,36.000',
    'a3,2024-03-06T10:00:00,criminal,盗窃,119.000,36.000',
    'b1,2024-03-20T10:00:00,criminal,盗窃,119.010,36.000',
    'f1,2024-04-02T10:00:00,fire,火灾,119.010,36.000',
    'x1,2024-03-07T10:00:00,criminal,盗窃,,36.000', // line 7: no longitude
  ].join('\n') + '\n')
})

describe('emerging', () => {
  it('writes one row per cube cell and one per bin, and the pattern tally on stdout', async () => {
    const r = await cli('emerging', '--incidents', path('incidents.csv'), '--category', 'criminal', '--cell', '250', '--band', '500',
      '--step', 'month', '--out', path('cells.csv'), '--bins-out', path('bins.csv'))
    expect(r.code).toBe(0)
    const cells = csvRows(path('cells.csv'))
    expect(cells[0]).toEqual(['id', 'x', 'y', 'lon', 'lat', 'pattern', 'trend_z', 'trend_p'])
    // extent 889 m × 0 m → 4 × 1 cells of 250 m; A in column 0, B in column 3; columns 1, 2 empty → not in the cube
    expect(cells.slice(1).map((row) => row.slice(0, 3))).toEqual([['0', '125', '125'], ['3', '875', '125']])
    expect(cells.slice(1).every((row) => row[5] === 'no_pattern')).toBe(true)
    const bins = csvRows(path('bins.csv'))
    expect(bins[0]).toEqual(['id', 'step', 'count', 'z', 'p'])
    // 2 cells × 3 months (Jan, the empty Feb, Mar); April's fire is not counted
    expect(bins.slice(1).map((row) => row.slice(0, 3))).toEqual([
      ['0', '2024-01', '1'], ['0', '2024-02', '0'], ['0', '2024-03', '2'],
      ['3', '2024-01', '0'], ['3', '2024-02', '0'], ['3', '2024-03', '1'],
    ])
    expect(r.out).toMatch(/^pattern\s+cells\nno_pattern\s+2\nnew_hot_spot\s+0\n/)
    expect(r.out).toMatch(/historical_cold_spot\s+0\n$/)
    expect(r.err).toContain('2 cells of 250 m with incidents × 3 months (2024-01 – 2024-03), 4 incidents')
    expect(r.err).toContain('only 3 steps')
    // the last counted incident is b1 on 20 March: 21..31 March (11 days) have no data
    expect(r.err).toContain('the data end on 2024-03-20, 11 days before the end of the final month (2024-03)')
    expect(r.err).toContain('--from 2024-01-01 --to 2024-03-01 ends the cube at the last whole month')
  })

  it('weeks are labelled by their Monday; --from/--to narrow the incidents and so the cube', async () => {
    const r = await cli('emerging', '--incidents', path('incidents.csv'), '--step', 'week', '--from', '2024-03-01', '--to', '2024-04-01',
      '--out', path('w.csv'), '--bins-out', path('wb.csv'))
    expect(r.code).toBe(0)
    // 2024-03-04 (Mon) holds a2, a3; 2024-03-18 (Mon) holds b1; the week of 03-11 is empty
    expect([...new Set(csvRows(path('wb.csv')).slice(1).map((row) => row[1]))]).toEqual(['2024-03-04', '2024-03-11', '2024-03-18'])
  })

  it('refuses bad flags with exit code 2 and a message naming the flag', async () => {
    const base = ['emerging', '--incidents', path('incidents.csv'), '--out', path('c.csv')]
    expect((await cli(...base, '--step', 'day')).err).toContain('--step must be week or month')
    expect((await cli(...base, '--k', '1.5')).code).toBe(2)
    expect((await cli(...base, '--alpha', '0.2')).err).toContain('--alpha must be one of 0.1, 0.05, 0.01')
    expect((await cli(...base, '--band', '0')).code).toBe(2)
  })

  it('documents the patterns in --help', async () => {
    const r = await cli('emerging', '--help')
    expect(r.out).toContain('intensifying_hot_spot')
    expect(r.out).toContain('Mann–Kendall')
  })
})
