import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { FeatureCollection } from 'geojson'
import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { demoUnits, localMidnight } from '../../../src/core/demo-units'
import { patrolGrid } from '../../../src/core/patrol-grid'
import { buildRoadNetwork } from '../../../src/core/road-network'
import { buildAreaIndex } from '../../../src/core/spatial-join'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { readTracksCsv, tracksToCsv } from '../../../src/io/tracks-csv'
import { AnalyticsSession } from '../../../src/workers/analytics-session'
import { cliSync as cli, csvRows } from '../cli/run-cli'

const DEMO = join(resolve(__dirname, '../../..'), 'geodata/demo')
const demo = (f: string) => JSON.parse(readFileSync(join(DEMO, f), 'utf8')) as FeatureCollection

describe('units in the analytics session', () => {
  const district = demo('district.geojson')
  const grids = areasFromGeoJson(patrolGrid(district, 'square', 1500), { idOptional: true }).areas
  const fixes = demoUnits(buildRoadNetwork(demo('roads.geojson')), buildAreaIndex(grids), grids.count, {
    units: 30, seed: 9, dayStart: localMidnight(2025, 12, 31), hours: 12, intervalS: 30,
  })
  const dir = mkdtempSync(join(tmpdir(), 'pingan-units-w-'))
  const csv = join(dir, 'units.csv')
  writeFileSync(csv, tracksToCsv(fixes))
  const s = new AnalyticsSession()
  s.setFeatures('district', district)
  for (const [name, file] of [['roads', 'roads.geojson'], ['stations', 'stations.geojson'], ['keySites', 'key_sites.geojson']]) s.setFeatures(name, demo(file))

  it('says what is missing', () => {
    expect(() => s.nearestUnits({ lon: 119.08, lat: 36.7 })).toThrow(/no unit tracks loaded/)
  })

  it('ranks the same units with the same ETAs as the dispatch command on the same snapshot', () => {
    s.setUnitTracks(readTracksCsv(readFileSync(csv), { district: areasFromGeoJson(district, { idOptional: true }).areas }).tracks)
    // a key site's centre (school K001) and a street corner
    for (const [lon, lat] of [[119.0790, 36.7100], [119.1, 36.68]]) {
      const desk = s.nearestUnits({ lon, lat, time: Date.UTC(2025, 11, 31, 2, 30), top: 5 })
      const { code, err } = cli('dispatch', '--units', csv, '--at', `${lon},${lat}`, '--time', '2025-12-31 10:30', '--top', '5', '--out', join(dir, 'r.csv'))
      expect(code, err).toBe(0)
      const rows = csvRows(join(dir, 'r.csv')).slice(1)
      expect(desk.units.map((u) => u.unitId)).toEqual(rows.map((r) => r[0]))
      desk.units.forEach((u, i) => {
        expect(u.etaS).toBeCloseTo(Number(rows[i][3]), 0)
        expect(Math.round(u.distanceM)).toBe(Number(rows[i][4]))
        expect(desk.targetS).toBe(Number(rows[i][5]))
      })
    }
  })

  it('presence against the plan of the patrol panel', () => {
    const text = readFileSync(join(DEMO, 'incidents.csv'), 'utf8').split('\n')
    s.setIncidents(readIncidentsCsv(new TextEncoder().encode([text[0], ...text.slice(-3000)].join('\n'))).columns)
    const r = s.unitPresence({ source: 'generated', shape: 'square', sizeM: 1500 })
    expect(r.gridIds).toHaveLength(grids.count)
    expect(r.minutesPerDay).toHaveLength(grids.count * 6)
    // 30 units for 12 hours, one of them at the station at 08:00–08:30: at most 30 × 11.5 h, some time outside grids
    const total = r.minutesPerDay.reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThan(30 * 11 * 60 * 0.9)
    expect(total).toBeLessThanOrEqual(30 * 11.5 * 60 + 1e-6)
    expect(r.seenRate).toBeGreaterThan(0)
    expect(r.seenRate).toBeLessThanOrEqual(1)
  })

  it('the patrol report counts the alerts of the days the tracks cover, and every unit', () => {
    // a week around the tracks' day (2025-12-31, 00:00–12:00 local): only that day's alerts count
    const week = { from: Date.UTC(2025, 11, 29, 0), to: Date.UTC(2026, 0, 5, 0) }
    const text = readFileSync(join(DEMO, 'incidents.csv'), 'utf8').split('\n')
    const loaded = text.slice(-3000)
    const onDay = loaded.filter((l) => l.split(',')[1]?.startsWith('2025-12-31')).length
    // alerts of the week on days without tracks: not counted
    const before = loaded.filter((l) => { const t = l.split(',')[1] ?? ''; return t >= '2025-12-29T00' && t < '2025-12-31' }).length
    expect(onDay).toBeGreaterThan(50)
    expect(before).toBeGreaterThan(50)
    s.setIncidents(readIncidentsCsv(new TextEncoder().encode([text[0], ...loaded].join('\n'))).columns)
    const r = s.patrolReport({ period: week, plan: { source: 'generated', shape: 'square', sizeM: 1500 }, top: 5 })
    expect(r.days).toEqual([Date.UTC(2025, 11, 30, 16)])
    expect(r.response.all?.alerts).toBe(onDay)
    expect(r.response.byPlace.reduce((a, g) => a + g.alerts, 0)).toBe(onDay)
    expect(r.units.map((u) => u.unitId)).toEqual(fixes.unitIds)
    expect(r.makeUp.length).toBeLessThanOrEqual(5)
    expect(r.makeUpTotal).toBeGreaterThanOrEqual(r.makeUp.length)
    // 30-second fixes, 12 hours: at most 12 h of patrol per unit, and no unit still
    for (const u of r.units) {
      expect(u.minutes).toBeLessThanOrEqual(12 * 60)
      expect(u.km).toBeGreaterThan(0)
    }
    // a period without tracks: no day, no alert counted, nothing driven
    const empty = s.patrolReport({ period: { from: week.from - 7 * 86_400_000, to: week.from }, plan: { source: 'generated', shape: 'square', sizeM: 1500 } })
    expect(empty.days).toEqual([])
    expect(empty.response.all).toBeNull()
    expect(empty.units.every((u) => u.km === 0 && u.minutes === 0)).toBe(true)
  })
})
