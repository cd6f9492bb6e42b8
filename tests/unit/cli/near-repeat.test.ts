import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cliSync as cli, csvRows } from './run-cli'

let dir = ''
const path = (f: string) => join(dir, f)


beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pingan-knox-'))
  // The six incidents of tests/unit/core/near-repeat.test.ts (metres north of a1 ≈ Δlat·111,000,
  // days after 1 Jan): a 0 m day 0, b 50 m day 3, c 160 m day 10, d 1000 m day 1, e 1050 m day 20,
  // f 5000 m day 2; plus a fire next to a, which --category criminal leaves out.
  // Criminal pairs closer than 200 m: ab 50 m 3 days, ac 160 m 10 days, bc 110 m 7 days, de 50 m 19 days.
  const rows: [string, string, string, number][] = [
    ['a', '2024-01-01T10:00:00', 'criminal', 0], ['b', '2024-01-04T10:00:00', 'criminal', 50],
    ['c', '2024-01-11T10:00:00', 'criminal', 160], ['d', '2024-01-02T10:00:00', 'criminal', 1000],
    ['e', '2024-01-21T10:00:00', 'criminal', 1050], ['f', '2024-01-03T10:00:00', 'criminal', 5000],
    ['x', '2024-01-01T11:00:00', 'fire', 10],
  ]
  writeFileSync(path('six.csv'), ['id,time,category,subtype,lon,lat',
    ...rows.map(([id, t, c, m]) => `${id},${t},${c},s,116.4,${(39.9 + m / 111_000).toFixed(7)}`)].join('\n'))
})

describe('near-repeat', () => {
  it('documents the method in --help', () => {
    const { code, out } = cli('near-repeat', '--help')
    expect(code).toBe(0)
    expect(out).toContain('(1 + number of permutations with a count ≥ the')
    expect(out).toContain('from ≤ value < to')
    expect(out).toContain('--roles-out')
  })

  it('writes the Knox table computed by hand, and the roles of the window', () => {
    const { code, err } = cli('near-repeat', '--incidents', path('six.csv'), '--category', 'criminal',
      '--distance-bands', '0,100,200', '--time-bands', '0,7,14', '--permutations', '999', '--seed', '1',
      '--out', path('knox.csv'), '--roles-out', path('roles.csv'), '--window', '30', '--zone-out', path('zone.geojson'))
    expect(code).toBe(0)
    const rows = csvRows(path('knox.csv'))
    expect(rows[0]).toEqual(['distance_from', 'distance_to', 'days_from', 'days_to', 'observed', 'expected', 'ratio', 'p'])
    // Observed [[1, 0], [0, 2]]; expected 2·6/15 = 0.8 and 2·5/15 ≈ 0.667 (core test); with 999
    // permutations within 0.1.
    expect(rows.slice(1).map((r) => r.slice(0, 5))).toEqual([
      ['0', '100', '0', '7', '1'], ['0', '100', '7', '14', '0'], ['100', '200', '0', '7', '0'], ['100', '200', '7', '14', '2'],
    ])
    const expected = rows.slice(1).map((r) => Number(r[5]))
    expect(expected.map((e, k) => Math.abs(e - [0.8, 2 / 3, 0.8, 2 / 3][k]) < 0.1)).toEqual([true, true, true, true])
    expect(Number(rows[1][6])).toBeCloseTo(1 / expected[0], 3)
    expect(err).toContain('6 incidents, 4 pairs closer than 200 m, 999 permutations (seed 1)')
    // Six incidents cannot be significant: the first bands (100 m, 7 days) make the roles.
    expect(err).toContain('significant distance: none; significant days: none')
    expect(err).toContain('using the first bands, 100 m and 7 days')
    const roles = csvRows(path('roles.csv'))
    expect(roles[0]).toEqual(['id', 'lon', 'lat', 'time', 'role'])
    // Window: the 30 days up to e (21 Jan): all six, listed in time order; only ab is within
    // 100 m and 7 days.
    expect(roles.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      ['a', '2024-01-01T10:00:00', 'originator'], ['d', '2024-01-02T10:00:00', 'isolated'], ['f', '2024-01-03T10:00:00', 'isolated'],
      ['b', '2024-01-04T10:00:00', 'near_repeat'], ['c', '2024-01-11T10:00:00', 'isolated'], ['e', '2024-01-21T10:00:00', 'isolated'],
    ])
  })

  it('writes the risk zone: circles of the window merged where they touch', () => {
    cli('near-repeat', '--incidents', path('six.csv'), '--category', 'criminal', '--distance-bands', '0,100,200', '--time-bands', '0,7,14',
      '--permutations', '9', '--out', path('k2.csv'), '--window', '30', '--zone-out', path('zone.geojson'))
    const fc = JSON.parse(readFileSync(path('zone.geojson'), 'utf8'))
    // Radius 100 m (the fallback): a, b, c (0, 50, 160 m) touch; d, e (1000, 1050 m) touch; f alone.
    expect(fc.features[0].properties).toEqual({ radius_m: 100, from: '2023-12-22T10:00:00', to: '2024-01-21T10:00:00', incidents: 6 })
    expect(fc.features[0].geometry.type).toBe('MultiPolygon')
    expect(fc.features[0].geometry.coordinates).toHaveLength(3)
  })

  it('replays with the same seed and differs with another', () => {
    const run = (seed: string, f: string) => {
      cli('near-repeat', '--incidents', path('six.csv'), '--distance-bands', '0,100,200', '--time-bands', '0,7,14', '--permutations', '99', '--seed', seed, '--out', path(f))
      return readFileSync(path(f), 'utf8')
    }
    expect(run('5', 'a.csv')).toBe(run('5', 'b.csv'))
    expect(run('5', 'a.csv')).not.toBe(run('6', 'c.csv'))
  })

  it('ends the window at --as-of', () => {
    // (4 Jan 10:00 − 3 days, 4 Jan 10:00]: d (2 Jan), f (3 Jan), b (4 Jan 10:00); not a (1 Jan 10:00, on the open end).
    const r = cli('near-repeat', '--incidents', path('six.csv'), '--category', 'criminal', '--distance-bands', '0,100,200', '--time-bands', '0,7,14',
      '--permutations', '9', '--out', path('k3.csv'), '--window', '3', '--as-of', '2024-01-04T10:00', '--roles-out', path('r3.csv'))
    expect(r.code).toBe(0)
    expect(csvRows(path('r3.csv')).slice(1).map((x) => [x[0], x[4]])).toEqual([['d', 'isolated'], ['f', 'isolated'], ['b', 'near_repeat']])
    expect(cli('near-repeat', '--incidents', path('six.csv'), '--as-of', '2024-13-01', '--out', path('k3.csv')).err).toContain('--as-of is not a date')
  })

  it('keeps only the named subtypes', () => {
    // Every row has subtype "s": the same table as all rows; an unknown label is an error.
    const r = cli('near-repeat', '--incidents', path('six.csv'), '--subtype', 's', '--category', 'criminal', '--distance-bands', '0,100,200', '--time-bands', '0,7,14', '--permutations', '9', '--out', path('st.csv'))
    expect(r.code).toBe(0)
    expect(csvRows(path('st.csv')).slice(1).map((x) => x[4])).toEqual(['1', '0', '0', '2'])
    const bad = cli('near-repeat', '--incidents', path('six.csv'), '--subtype', 'burglary', '--out', path('st.csv'))
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('--subtype: no incident has subtype "burglary" (there are s)')
  })

  it('refuses bands that do not increase, naming the flag', () => {
    const r = cli('near-repeat', '--incidents', path('six.csv'), '--distance-bands', '0,200,100', '--out', path('bad.csv'))
    expect(r.code).toBe(2)
    expect(r.err).toContain('distance bands: edges must increase (200 then 100)')
    const p = cli('near-repeat', '--incidents', path('six.csv'), '--permutations', '0', '--out', path('bad.csv'))
    expect(p.code).toBe(2)
    expect(p.err).toContain('--permutations must be a whole number ≥ 1')
  })
})
