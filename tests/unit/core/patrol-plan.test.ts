import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Feature, FeatureCollection } from 'geojson'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import { patrolPlan, type PatrolPlanInput } from '../../../src/core/patrol-plan'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'

const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })
const demo = (f: string) => JSON.parse(readFileSync(`geodata/demo/${f}`, 'utf8')) as FeatureCollection
const NO_INCIDENTS = { lon: new Float64Array(0), lat: new Float64Array(0), time: new Float64Array(0), count: 0 }

// a 2 km square district at 119.0E 36.7N with one main road along its south edge
const dLat = 2000 / 111_195, dLon = dLat / Math.cos((36.7 * Math.PI) / 180)
const lonAt = (m: number) => 119 + (m / 2000) * dLon
const square = fc([{ type: 'Feature', properties: { id: 'D' }, geometry: { type: 'Polygon', coordinates: [[[119, 36.7], [119 + dLon, 36.7], [119 + dLon, 36.7 + dLat], [119, 36.7 + dLat], [119, 36.7]]] } }])
const road = fc([{ type: 'Feature', properties: { class: 'main' }, geometry: { type: 'LineString', coordinates: [[119, 36.7], [119 + dLon, 36.7]] } }])
const point = (id: string, lon: number, lat: number, props: Record<string, unknown> = {}): Feature => ({ type: 'Feature', properties: { id, name: id, ...props }, geometry: { type: 'Point', coordinates: [lon, lat] } })

function tiny(): PatrolPlanInput {
  return {
    district: square, grids: null, shape: 'square', sizeM: 2000, incidents: NO_INCIDENTS, seenBy: null, hotspots: null,
    roads: road, stations: fc([point('S1', lonAt(0), 36.7)]),
    // a school on the road 300 m from the station (27 s at 40 km/h), a hospital 1,800 m away (162 s)
    keySites: fc([point('near', lonAt(300), 36.7, { kind: 'school' }), point('far', lonAt(1800), 36.7, { kind: 'hospital' }), point('plaza', lonAt(1800), 36.7, { kind: 'plaza' })]),
  }
}

describe('patrolPlan', () => {
  it('times responses along the road: a key site 300 m away in 27 s, one 1,800 m away late, a plaza within 3 minutes', () => {
    const p = patrolPlan({ ...tiny(), grids: fc([]) })
    expect(p.response.keySites).toEqual({ total: 2, within: 1, withinFromStations: 1 })
    expect(p.response.publicPlaces).toEqual({ total: 1, within: 1, withinFromStations: 1 })
    expect(p.response.late.map((s) => s.id)).toEqual(['far'])
    expect(p.response.late[0].seconds).toBeCloseTo(162, 0)
    expect(p.network.fallback).toBe(false)
  })

  it('without roads falls back to straight lines (× 1.3 at 25 km/h)', () => {
    const p = patrolPlan({ ...tiny(), grids: fc([]), roads: null })
    expect(p.network.fallback).toBe(true)
    const near = (300 * 1.3) / (25 / 3.6)
    expect(near).toBeLessThan(60)
    expect(p.response.keySites.withinFromStations).toBe(1)
  })

  it('on the demo district: grids with levels and stations, a schedule, isochrones per station and band, patrol radius rings', () => {
    const { columns } = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv'))
    const stations = demo('stations.geojson')
    const p = patrolPlan({
      district: demo('district.geojson'), grids: null, shape: 'square', sizeM: 1500,
      incidents: columns, seenBy: null, hotspots: null, keySites: demo('key_sites.geojson'), roads: demo('roads.geojson'), stations,
    })
    const n = p.grids.features.length
    expect(n).toBe(160)
    for (const f of p.grids.features) {
      expect([1, 2, 3, 4]).toContain(f.properties?.level_now)
      expect([1, 2, 3, 4]).toContain(f.properties?.level_suggested)
      expect(f.properties?.level_change).toBe(f.properties?.level_now !== f.properties?.level_suggested)
      expect(String(f.properties?.station)).toMatch(/^PS\d\d$/)
    }
    expect(p.priority.schedule.length).toBeGreaterThan(0)
    expect(p.priority.schedule[0].checkAt).toMatch(/^\d\d:30$/)
    expect(p.stationIsochrones.features).toHaveLength(stations.features.length * 3)
    // each station lies inside its own 1-minute isochrone
    for (const s of stations.features) {
      const iso = p.stationIsochrones.features.find((f) => f.properties?.station_id === s.properties?.id && f.properties?.minutes === 1)!
      expect(booleanPointInPolygon(s.geometry as never, iso as never)).toBe(true)
    }
    expect(p.isochrones.features.map((f) => f.properties?.minutes)).toEqual([1, 3, 10])
    expect(p.circles.features).toHaveLength(stations.features.length + n)
    const r = p.response
    expect(r.keySites.total).toBe(38)
    expect(r.publicPlaces.total).toBe(16)
    expect(r.keySites.withinFromStations).toBeLessThanOrEqual(r.keySites.within)
    expect(r.late.length).toBe(r.keySites.total - r.keySites.within + r.publicPlaces.total - r.publicPlaces.within)
    console.log(`    demo: key sites within 1 min ${r.keySites.within}/${r.keySites.total} (stations alone ${r.keySites.withinFromStations}); public places within 3 min ${r.publicPlaces.within}/${r.publicPlaces.total} (stations alone ${r.publicPlaces.withinFromStations}); isochrones ${Math.round(p.ms.isochrones)} ms`)
  })
})
