import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { describe, expect, it } from 'vitest'
import { ellipsoidDistance, radiiOfCurvature } from '../../../src/core/near-repeat'
import { circleRing, riskZonePolygon } from '../../../src/core/near-repeat-zone'

const LAT = 41.88
const east = (lon: number, m: number) => lon + (m / (radiiOfCurvature(LAT).n * Math.cos((LAT * Math.PI) / 180))) * (180 / Math.PI)

describe('risk zone polygons', () => {
  it('puts every vertex of a circle at the radius', () => {
    const ring = circleRing(-87.63, LAT, 200, 36)
    expect(ring).toHaveLength(37)
    expect(ring[36]).toEqual(ring[0])
    for (const [x, y] of ring) expect(Math.abs(ellipsoidDistance(-87.63, LAT, x, y) - 200)).toBeLessThan(0.01)
  })

  it('unions overlapping circles into one polygon and keeps distant ones apart', () => {
    const lon = Float64Array.from([-87.63, east(-87.63, 300), east(-87.63, 5000)])
    const lat = new Float64Array(3).fill(LAT)
    // 0 and 1 are 300 m apart with radius 200 m: their circles overlap; 2 is 5 km away.
    const z = riskZonePolygon(lon, lat, [0, 1, 2], 200)!
    expect(z.geometry.type).toBe('MultiPolygon')
    expect((z.geometry.coordinates as unknown[]).length).toBe(2)
    const at = (m: number): [number, number] => [east(-87.63, m), LAT]
    // Inside: 150 m east (in the overlap) and 480 m (inside circle 1, 180 m from its centre).
    expect(booleanPointInPolygon(at(150), z)).toBe(true)
    expect(booleanPointInPolygon(at(480), z)).toBe(true)
    // Outside: 510 m (210 m from circle 1) and 2 km (between the groups).
    expect(booleanPointInPolygon(at(510), z)).toBe(false)
    expect(booleanPointInPolygon(at(2000), z)).toBe(false)
    expect(riskZonePolygon(lon, lat, [], 200)).toBeNull()
    expect(riskZonePolygon(lon, lat, [2], 200)!.geometry.type).toBe('Polygon')
  })
})
