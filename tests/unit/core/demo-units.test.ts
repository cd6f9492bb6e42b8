import type { FeatureCollection } from 'geojson'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { demoUnits, localMidnight } from '../../../src/core/demo-units'
import { patrolGrid } from '../../../src/core/patrol-grid'
import { buildRoadNetwork } from '../../../src/core/road-network'
import { buildAreaIndex, joinPoints } from '../../../src/core/spatial-join'
import { STATUS_AT_STATION, positionsAt, tracksFromFixes } from '../../../src/core/unit-tracks'
import { detectArrivals } from '../../../src/core/unit-arrivals'
import { rankUnits } from '../../../src/core/unit-dispatch'
import { readTracksCsv, tracksToCsv } from '../../../src/io/tracks-csv'

const DEMO = join(resolve(__dirname, '../../..'), 'geodata/demo')
const read = (f: string) => JSON.parse(readFileSync(join(DEMO, f), 'utf8')) as FeatureCollection

describe('demoUnits on the demo district', () => {
  const district = read('district.geojson')
  const net = buildRoadNetwork(read('roads.geojson'))
  const grids = areasFromGeoJson(patrolGrid(district, 'square', 1500), { idOptional: true }).areas
  const index = buildAreaIndex(grids)
  const day = localMidnight(2026, 1, 5)
  const f = demoUnits(net, index, grids.count, { units: 30, seed: 3, dayStart: day, hours: 2, intervalS: 10 })

  it('30 units, one fix per interval each, deterministic for a seed', () => {
    expect(f.unitIds).toHaveLength(30)
    expect(new Set(f.unitIds).size).toBe(30)
    expect(f.time.length).toBe(30 * 720)
    const again = demoUnits(net, index, grids.count, { units: 30, seed: 3, dayStart: day, hours: 2, intervalS: 10 })
    expect(Array.from(again.lon)).toEqual(Array.from(f.lon))
    const other = demoUnits(net, index, grids.count, { units: 30, seed: 4, dayStart: day, hours: 2, intervalS: 10 })
    expect(Array.from(other.lon)).not.toEqual(Array.from(f.lon))
  })

  it('units stay in their grid (a road may lead out only when no road stays in)', () => {
    const g = joinPoints(index, f.lon, f.lat, f.time.length)
    let home = 0
    for (let u = 0; u < 30; u++) {
      const counts = new Map<number, number>()
      for (let i = u * 720; i < (u + 1) * 720; i++) counts.set(g[i], (counts.get(g[i]) ?? 0) + 1)
      home += Math.max(...counts.values())
    }
    expect(home / f.time.length).toBeGreaterThan(0.9)
  })

  it('reads back through the tracks reader without a bad fix', () => {
    const full = demoUnits(net, index, grids.count, { units: 10, seed: 5, dayStart: day, hours: 24, intervalS: 30 })
    const districtAreas = areasFromGeoJson(district, { idOptional: true }).areas
    const { tracks, report } = readTracksCsv(new TextEncoder().encode(tracksToCsv(full)), { district: districtAreas })
    expect(report.rejectedCount).toBe(0)
    expect(tracks.count).toBe(10 * 2880)
    // shift handovers at 08:00 and 20:00 local: at the station for half an hour each
    let atStation = 0
    for (let i = 0; i < tracks.count; i++) if (tracks.status[i] === STATUS_AT_STATION) atStation++
    expect(atStation).toBe(10 * 2 * 60)
  })

  it('responds to alerts: the tracks show an arrival at each, after the call handling and about the nearest unit\'s ETA', () => {
    const lines = readFileSync(join(DEMO, 'incidents.csv'), 'utf8').split('\n').slice(1, 200)
    const places = [lines[3], lines[50], lines[120]].map((l) => l.split(',')).map((c) => [Number(c[4]), Number(c[5])])
    const alerts = places.map(([lon, lat], k) => ({ lon, lat, time: day + (20 + 40 * k) * 60_000 }))
    const f = demoUnits(net, index, grids.count, { units: 30, seed: 8, dayStart: day, hours: 3, intervalS: 5, alerts })
    const districtAreas = areasFromGeoJson(district, { idOptional: true }).areas
    const { tracks, report } = readTracksCsv(new TextEncoder().encode(tracksToCsv(f)), { district: districtAreas })
    expect(report.rejectedCount).toBe(0)
    const a = detectArrivals(tracks, { lon: Float64Array.from(alerts.map((x) => x.lon)), lat: Float64Array.from(alerts.map((x) => x.lat)), time: Float64Array.from(alerts.map((x) => x.time)), count: 3 })
    alerts.forEach((al, k) => {
      expect(a.unit[k]).toBeGreaterThanOrEqual(0)
      // every unit is free at the first alert: the arriving one is the fastest by the ranking
      const ranked = rankUnits(net, positionsAt(tracksFromFixes({ ...f }), al.time), tracks.unitKind, al.lon, al.lat)
      if (k === 0) expect(tracks.unitIds[a.unit[k]]).toBe(f.unitIds[ranked[0].unit])
      // 30–90 s of call handling, then about the ETA (the last metres run straight, the fix is every 5 s)
      expect(a.seconds[k]).toBeGreaterThanOrEqual(30)
      expect(a.seconds[k]).toBeLessThanOrEqual(ranked[0].seconds + 90 + 60)
    })
  })
})
