import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { FeatureCollection } from 'geojson'
import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { demoUnits, localMidnight } from '../../../src/core/demo-units'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { localProjection, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import { patrolGrid } from '../../../src/core/patrol-grid'
import { buildRoadNetwork } from '../../../src/core/road-network'
import { buildAreaIndex } from '../../../src/core/spatial-join'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { roundAsCsv } from '../../../src/io/tracks-csv'
import { tracksFromFixes } from '../../../src/core/unit-tracks'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const DEMO = join(resolve(__dirname, '../../..'), 'geodata/demo')
const demo = (f: string) => JSON.parse(readFileSync(join(DEMO, f), 'utf8')) as FeatureCollection

describe('the desk\'s demo units', () => {
  it('are the demo-units file of the incidents\' last day, fix for fix', () => {
    const s = new AnalyticsSession()
    const inc = readIncidentsCsv(readFileSync(join(DEMO, 'incidents.csv'))).columns
    s.setIncidents(inc)
    s.setFeatures('district', demo('district.geojson'))
    s.setFeatures('roads', demo('roads.geojson'))
    const r = s.demoUnitTracks()
    // what `demo-units` writes for 2025-12-31 (the demo's last day), as the file reads back (tests/unit/io/tracks-round.test.ts)
    const dayStart = localMidnight(2025, 12, 31)
    const alerts = Array.from({ length: inc.count }, (_, i) => i).filter((i) => inc.time[i] >= dayStart && inc.time[i] < dayStart + 86_400_000)
      .map((i) => ({ lon: inc.lon[i], lat: inc.lat[i], time: inc.time[i] }))
    const grids = areasFromGeoJson(patrolGrid(demo('district.geojson'), 'square', 1500), { idOptional: true }).areas
    const file = tracksFromFixes(roundAsCsv(demoUnits(buildRoadNetwork(demo('roads.geojson')), buildAreaIndex(grids), grids.count, { dayStart, alerts })))
    expect([r.units, r.fixes, r.alerts, r.span[0]]).toEqual([30, file.count, alerts.length, dayStart])
    // a snapshot at noon: every unit where the file says
    const snap = s.unitsAt(dayStart + 12 * 3_600_000)
    expect(snap.ids).toEqual(file.unitIds)
    for (let k = 0; k < snap.ids.length; k++) {
      const f = file.unitStart[k] + 12 * 720
      expect([snap.lon[k], snap.lat[k], snap.fixTime[k]]).toEqual([file.lon[f], file.lat[f], file.time[f]])
    }
  })
})

describe('alertNear', () => {
  const P = localProjection(119, 36.7, 36.7)
  const at = (x: number, y: number) => [unprojectLon(P, x), unprojectLat(P, y)]
  // three incidents 0, 30 and 100 m east of the origin; the middle one a fire (category 2)
  const pts = [at(0, 0), at(30, 0), at(100, 0)]
  const s = new AnalyticsSession()
  s.setIncidents({
    count: 3, lon: Float64Array.from(pts.map((p) => p[0])), lat: Float64Array.from(pts.map((p) => p[1])),
    time: Float64Array.of(0, 0, 0), category: Uint8Array.of(0, 2, 0),
  })
  const click = (x: number, radiusM: number, categories: number[] | null = null) => {
    const [lon, lat] = at(x, 0)
    return s.alertNear({ lon, lat, radiusM, spec: { ...NO_FILTER, categories } })
  }
  it('the nearest kept incident within the radius', () => {
    expect(click(20, 50)).toBe(1)
    expect(click(20, 50, [0])).toBe(0)
    expect(click(70, 25)).toBe(-1)
    expect(click(70, 35)).toBe(2)
  })
})
