import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readCamerasCsv } from '../../../src/io/cameras-csv'
import { localProjection, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import { cli, csvRows } from './run-cli'

let dir = ''
const path = (f: string) => join(dir, f)


// Drawn in metres east/north of (119, 36.7).
const P = localProjection(119, 36.7, 36.7)
const lon = (x: number) => unprojectLon(P, x).toFixed(9)
const lat = (y: number) => unprojectLat(P, y).toFixed(9)
const lon7 = (x: number) => unprojectLon(P, x).toFixed(7)
const lat7 = (y: number) => unprojectLat(P, y).toFixed(7)

/**
 * Incidents: A, 3 criminal at (0,40) (weight 3 each: 9); B, 2 public order at (40,0) (2 each: 4);
 * F, 1 fire at (200,40) (1). All on one day, so recency is 1 for all.
 * Candidates: S1 at (0,0) with no azimuth (tried at 0/90/180/270 with --step 90), a bullet with
 * the type's 70° and 60 m; S2 at (200,0) looking north, 70°, 60 m.
 * Who sees what (bullet ±35°, 60 m): S1@0 sees A (bearing 0°, 40 m); S1@90 sees B (90°, 40 m);
 * S2 sees F (0°, 40 m); nothing else is within 60 m and ±35°.
 */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pingan-plan-'))
  const inc = (id: string, cat: string, x: number, y: number) => `${id},2024-05-03T22:00:00,${cat},x,${lon(x)},${lat(y)}`
  writeFileSync(path('incidents.csv'), ['id,time,category,subtype,lon,lat',
    inc('a1', 'criminal', 0, 40), inc('a2', 'criminal', 0, 40), inc('a3', 'criminal', 0, 40),
    inc('b1', 'public_order', 40, 0), inc('b2', 'public_order', 40, 0),
    inc('f1', 'fire', 200, 40),
  ].join('\n') + '\n')
  writeFileSync(path('candidates.csv'), ['id,lon,lat,azimuth,fov,range',
    `S1,${lon(0)},${lat(0)},,,`,
    `S2,${lon(200)},${lat(0)},0,70,60`,
    `bad,,${lat(0)},0,70,60`, // line 4: no longitude
  ].join('\n') + '\n')
  // an existing camera 10 m south of B looking north: B is covered already
  writeFileSync(path('cameras.csv'), `id,lon,lat,type,azimuth,fov,range\nC1,${lon(40)},${lat(-10)},bullet,0,70,30\n`)
  writeFileSync(path('roads.geojson'), JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[-100, 0], [300, 0]].map(([x, y]) => [unprojectLon(P, x), unprojectLat(P, y)]) } }],
  }))
})

const base = () => ['plan', '--incidents', path('incidents.csv'), '--candidates', path('candidates.csv'), '--step', '90']

describe('plan', () => {
  it('chooses the heaviest pose first, then the next best given it; rows in order of choice', async () => {
    const r = await cli(...base(), '--n', '2', '--out', path('plan.csv'))
    expect(r.code).toBe(0)
    // S1@0: 3 × 3 = 9; then S1@90: 2 × 2 = 4 beats S2's 1; S1's range is the bullet default (empty cell)
    expect(csvRows(path('plan.csv'))).toEqual([
      ['id', 'lon', 'lat', 'azimuth', 'fov', 'range', 'type', 'gain', 'newly_covered'],
      ['S1@0', lon7(0), lat7(0), '0', '70', '', 'bullet', '9', '3'],
      ['S1@90', lon7(0), lat7(0), '90', '70', '', 'bullet', '4', '2'],
    ])
    expect(r.err).toContain(`${path('candidates.csv')}:4: missing_coordinates`)
    expect(r.err).toContain('5 candidate poses at 2 sites')
    expect(r.err).toContain('chose 2 cameras at the observe level; total gain 13')
    // bound at the empty set: the two largest gains, 9 + 4 = 13 (at the chosen set: 13 + S2's 1 = 14); the smaller holds
    expect(r.err).toContain('upper bound on the best possible total 13: this plan reaches at least 100.0% of the optimum')
    expect(r.err).toContain('incidents newly covered: 5')
    expect(r.err).toMatch(/ms: sets \d+, greedy \d+, swap \d+, bound \d+, total \d+/)
    // the output reads as a cameras CSV for the next round
    expect(readCamerasCsv(readFileSync(path('plan.csv'), 'utf8')).cameras.ids).toEqual(['S1@0', 'S1@90'])
  })

  it('--spacing keeps two cameras apart: S1@90 stands where S1@0 does, so S2 comes second', async () => {
    const r = await cli(...base(), '--n', '2', '--spacing', '100', '--out', path('spaced.csv'))
    expect(r.code).toBe(0)
    expect(csvRows(path('spaced.csv')).slice(1).map((row) => [row[0], row[5], row[7], row[8]])).toEqual([['S1@0', '', '9', '3'], ['S2', '60', '1', '1']])
  })

  it('--cameras: what they already see weighs nothing; fewer than N when nothing else adds weight', async () => {
    const r = await cli(...base(), '--cameras', path('cameras.csv'), '--n', '3', '--out', path('with-cams.csv'))
    expect(r.code).toBe(0)
    expect(csvRows(path('with-cams.csv')).slice(1).map((row) => [row[0], row[7]])).toEqual([['S1@0', '9'], ['S2', '1']])
    expect(r.err).toContain('only 2 of 3 poses add any weight')
  })

  it('--weights and --half-life change what counts', async () => {
    // public order 5 each: B = 10 > A = 9
    const r = await cli(...base(), '--n', '1', '--weights', 'public_order=5', '--half-life', '0', '--out', path('w.csv'))
    expect(r.code).toBe(0)
    expect(csvRows(path('w.csv'))[1].slice(7)).toEqual(['10', '2'])
    expect(csvRows(path('w.csv'))[1][0]).toBe('S1@90')
  })

  it('--roads: sites along the roads near the incidents', async () => {
    // sites every 50 m along x from −100 to 300 within the incidents' box grown by 60 m:
    // x = −50 (R-000001), 0 (R-000002), 50, …; at (0,0) looking north sees A (9), then B (4) from 0°/90° at (0,0) or 270° at (50,0)
    const r = await cli('plan', '--incidents', path('incidents.csv'), '--roads', path('roads.geojson'), '--site-spacing', '50', '--step', '90',
      '--n', '2', '--out', path('roads.csv'))
    expect(r.code).toBe(0)
    const rows = csvRows(path('roads.csv')).slice(1)
    expect(rows[0].slice(0, 3)).toEqual(['R-000002@0', lon7(0), lat7(0)])
    expect(rows.map((row) => row[7])).toEqual(['9', '4'])
    expect(r.err).toMatch(/roads\.geojson: 7 sites every 50 m/)
  })

  it('clear errors: missing --n, bad values, unreadable or useless files', async () => {
    const missingN = await cli(...base(), '--out', path('x.csv'))
    expect(missingN.code).toBe(2)
    expect(missingN.err).toContain('pingan-map plan: --n is required')
    expect((await cli(...base(), '--n', '2.5', '--out', path('x.csv'))).err).toContain('--n must be a whole number')
    expect((await cli(...base(), '--n', '2', '--step', '5', '--out', path('x.csv'))).err).toContain('--step must be 15 to 90 degrees')
    expect((await cli(...base(), '--n', '2', '--weights', 'murder=3', '--out', path('x.csv'))).err).toContain('--weights: "murder=3" is not CATEGORY=WEIGHT')
    const both = await cli(...base(), '--roads', path('roads.geojson'), '--n', '2', '--out', path('x.csv'))
    expect(both.code).toBe(2)
    expect(both.err).toContain('give --candidates or --roads, not both')
    const none = await cli('plan', '--incidents', path('incidents.csv'), '--n', '2', '--out', path('x.csv'))
    expect(none.err).toContain('--candidates FILE or --roads FILE is required')
    const missing = await cli('plan', '--incidents', path('incidents.csv'), '--candidates', path('nope.csv'), '--n', '2', '--out', path('x.csv'))
    expect(missing.code).toBe(1)
    expect(missing.err).toContain(`${path('nope.csv')}: cannot read (ENOENT)`)
    writeFileSync(path('empty-cand.csv'), 'name,x\na,1\n')
    const useless = await cli('plan', '--incidents', path('incidents.csv'), '--candidates', path('empty-cand.csv'), '--n', '2', '--out', path('x.csv'))
    expect(useless.code).toBe(1)
    expect(useless.err).toContain('empty-cand.csv: missing column(s): id, lon, lat')
    const tight = await cli('plan', '--incidents', path('incidents.csv'), '--roads', path('roads.geojson'), '--site-spacing', '0.001', '--n', '2', '--out', path('x.csv'))
    expect(tight.code).toBe(1)
    expect(tight.err).toMatch(/more than 50000 sites .* a spacing of \d+ m or more fits \(--site-spacing\)/)
  })
})
