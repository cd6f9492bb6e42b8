import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliSync as cli, csvRows } from './run-cli'


describe('profile with time windows', () => {
  it('spreads a 22:00–07:00 window over nine hours and counts it as one incident', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pingan-aoristic-'))
    const path = (f: string) => join(dir, f)
    // w1: Tue 7 May 22:00 → Wed 8 May 07:00 (1/9 in each hour); x1: Fri 10 May 14:00, exact
    writeFileSync(path('incidents.csv'), [
      'id,time_from,time_to,category,lon,lat',
      'w1,2024-05-07 22:00,2024-05-08 07:00,public_order,119.005,36.005',
      'x1,2024-05-10 14:00,,criminal,119.005,36.005',
    ].join('\n') + '\n')
    const r = cli('profile', '--incidents', path('incidents.csv'), '--out', path('profile.csv'), '--summary', path('summary.csv'))
    expect(r.code).toBe(0)
    expect(r.err).toContain('1 spread over their time window')
    const rows = csvRows(path('profile.csv'))
    const day = (d: string) => rows.find((row) => row[1] === d)!
    const ninth = String(Math.round(1e4 / 9) / 1e4)
    expect(day('tue').slice(2 + 22, 2 + 24)).toEqual([ninth, ninth])
    expect(day('wed').slice(2, 2 + 8)).toEqual([ninth, ninth, ninth, ninth, ninth, ninth, ninth, '0'])
    expect(day('fri')[2 + 14]).toBe('1')
    const summary = csvRows(path('summary.csv'))
    // night 18:00–06:00 holds 8 of w1's nine hours (22, 23, 0..5; 06:00 is day): night 8/9, share 8/9 of 2
    expect(summary[0].slice(0, 7)).toEqual(['id', 'total', 'night', 'night_share', 'trend_per_month', 'trend_relative', 'spread'])
    expect(summary[1].slice(0, 4)).toEqual(['all', '2', String(Math.round((8 / 9) * 1e4) / 1e4), String(Math.round((8 / 9 / 2) * 1e4) / 1e4)])
    expect(summary[1][6]).toBe('1')
  })
})
