import type { Feature, FeatureCollection, LineString } from 'geojson'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CAMERA_DEFAULTS, CAMERA_TYPES, RANGE_DEFAULT, RANGE_GIVEN } from '../../../src/core/cameras'
import { localProjection, projectX, projectY, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import {
  DEFAULT_MAX_SITES, SITE_TYPE_UNSET, posesAtSites, sitesAlongRoads, type SitePoints,
} from '../../../src/core/candidate-poses'

// Fixtures are drawn in metres in P and converted to lon/lat; they are symmetric in y about 0,
// so the road network's own projection has P's latRef and metres come back exact.
const P = localProjection(119, 36.7, 36.7)
type XY = [number, number]
const ll = ([x, y]: XY): [number, number] => [unprojectLon(P, x), unprojectLat(P, y)]
const road = (...pts: XY[]): Feature<LineString> => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: pts.map(ll) } })
const roads = (...features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })
/** the sites in P metres, rounded to the millimetre */
const xy = (s: SitePoints): XY[] =>
  Array.from({ length: s.count }, (_, i) => [projectX(P, s.lon[i]), projectY(P, s.lat[i])].map((v) => Math.round(v * 1000) / 1000 + 0) as XY)

// A cross: west–east (−100,0)–(100,0) and south–north (0,−100)–(0,100), no shared vertex.
const CROSS = roads(road([-100, 0], [100, 0]), road([0, -100], [0, 100]))

describe('sitesAlongRoads', () => {
  it('an L: 200 m east then 100 m north, every 50 m', () => {
    // ends first (node order: the start, then the far end), then the stretch from the start:
    // 50, 100, 150 m east, the bend at 200, 50 m up; the site at 300 m is the far end again
    const s = sitesAlongRoads(roads(road([0, -50], [200, -50], [200, 50])), 50)
    expect(xy(s)).toEqual([[0, -50], [200, 50], [50, -50], [100, -50], [150, -50], [200, -50], [200, 0]])
    expect(s.ids).toEqual(['R-000001', 'R-000002', 'R-000003', 'R-000004', 'R-000005', 'R-000006', 'R-000007'])
    expect(s.azimuth).toBeUndefined()
  })

  it('an L at 80 m: the last stretch site falls 60 m short of the end, 20 m from it after the bend', () => {
    // stretch sites at 80, 160, 240 (= 40 m up the north leg); 300 is the end itself
    expect(xy(sitesAlongRoads(roads(road([0, -50], [200, -50], [200, 50])), 80))).toEqual([[0, -50], [200, 50], [80, -50], [160, -50], [200, -10]])
  })

  it('a cross gives one intersection site, first, then the four ends and the midpoints of the arms', () => {
    const s = xy(sitesAlongRoads(CROSS, 50))
    expect(s[0]).toEqual([0, 0])
    expect(s.length).toBe(9)
    const key = ([x, y]: XY) => `${x},${y}`
    expect(new Set(s.map(key))).toEqual(new Set([[0, 0], [-100, 0], [100, 0], [0, -100], [0, 100], [-50, 0], [50, 0], [0, -50], [0, 50]].map((p) => key(p as XY))))
  })

  it('drops sites within spacing / 2 of an earlier one: a parallel road 10 m away adds nothing', () => {
    const s = xy(sitesAlongRoads(roads(road([0, 0], [100, 0]), road([0, 10], [100, 10])), 50))
    expect(s).toEqual([[0, 0], [100, 0], [0, 10], [100, 10], [50, 0], [50, 10]].filter(([, y]) => y === 0))
    // at 15 m spacing (drop within 7.5 m) both roads keep their sites
    expect(sitesAlongRoads(roads(road([0, 0], [100, 0]), road([0, 10], [100, 10])), 15).count).toBe(2 * (Math.floor(100 / 15) + 2))
  })

  it('keeps the intersection over a dead end 10 m from it', () => {
    // a T with a 10 m stub north of (0,0): the stub's end is 10 m < 25 m from the junction
    const s = xy(sitesAlongRoads(roads(road([-100, 0], [100, 0]), road([0, 0], [0, 10])), 50))
    expect(s).toEqual([[0, 0], [-100, 0], [100, 0], [-50, 0], [50, 0]])
  })

  it('walks a closed loop of bends (no junction, no dead end)', () => {
    // a 100 m square: its first corner, then every 50 m round it
    const s = xy(sitesAlongRoads(roads(road([0, -50], [100, -50], [100, 50], [0, 50], [0, -50])), 50))
    expect(s).toEqual([[0, -50], [50, -50], [100, -50], [100, 0], [100, 50], [50, 50], [0, 50], [0, 0]])
  })

  it('within: only the sites inside the lon/lat box', () => {
    const [w, south] = ll([25, -10]), [e, north] = ll([150, 10])
    expect(xy(sitesAlongRoads(CROSS, 50, { within: [w, south, e, north] }))).toEqual([[100, 0], [50, 0]])
  })

  it('throws past max, naming a spacing that fits', () => {
    expect(DEFAULT_MAX_SITES).toBe(50_000)
    // 9 sites at 50 m; 400 m of road, 1 intersection + 4 ends: ceil(400 / (6 − 5)) = 400 m
    expect(() => sitesAlongRoads(CROSS, 50, { max: 6 })).toThrow('more than 6 sites along 0.4 km of road at 50 m spacing: a spacing of 400 m or more fits')
    // and it does: at 400 m the ends are 100 m < 200 m from the junction, so the junction alone stays
    expect(xy(sitesAlongRoads(CROSS, 400, { max: 6 }))).toEqual([[0, 0]])
    expect(() => sitesAlongRoads(CROSS, 50, { max: 4 })).toThrow(/the 5 intersections and dead ends alone are too many/)
    expect(() => sitesAlongRoads(CROSS, 0)).toThrow(/positive number of metres/)
  })

  it('no roads, no sites; points and polygons are not roads', () => {
    const point: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [119, 36.7] } }
    expect(sitesAlongRoads(roads(point), 50).count).toBe(0)
  })

  it('property: sites are ≥ spacing/2 apart and every road point is within spacing (+ 1 m snap) of one', () => {
    const pt = fc.tuple(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -300, max: 300 }))
    const line = fc.array(pt, { minLength: 2, maxLength: 4 })
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 3 }), fc.integer({ min: 10, max: 200 }), (lines, spacing) => {
      const s = xy(sitesAlongRoads(roads(...lines.map((l) => road(...(l as XY[])))), spacing))
      let closest = Infinity, farthest = 0
      for (let i = 0; i < s.length; i++) {
        for (let j = i + 1; j < s.length; j++) closest = Math.min(closest, Math.hypot(s[i][0] - s[j][0], s[i][1] - s[j][1]))
      }
      for (const l of lines) {
        for (let k = 1; k < l.length; k++) {
          const [ax, ay] = l[k - 1], [bx, by] = l[k]
          for (let t = 0; t <= 1; t += 0.05) {
            const px = ax + t * (bx - ax), py = ay + t * (by - ay)
            farthest = Math.max(farthest, Math.min(...s.map(([x, y]) => Math.hypot(x - px, y - py))))
          }
        }
      }
      expect(closest).toBeGreaterThanOrEqual(spacing / 2 - 1e-3)
      expect(farthest).toBeLessThanOrEqual(spacing + 1.001)
    }))
  })
})

const SITES: SitePoints = { count: 2, ids: ['A', 'B'], lon: Float64Array.of(119, 119.001), lat: Float64Array.of(36.7, 36.7) }

describe('posesAtSites', () => {
  it('bullets every 45°: 8 poses a site, ids site@azimuth, type defaults with RANGE_DEFAULT', () => {
    const p = posesAtSites(SITES, { type: 'bullet', stepDeg: 45 })
    expect(p.count).toBe(16)
    expect(p.ids.slice(0, 9)).toEqual(['A@0', 'A@45', 'A@90', 'A@135', 'A@180', 'A@225', 'A@270', 'A@315', 'B@0'])
    expect([...p.azimuth.slice(0, 8)]).toEqual([0, 45, 90, 135, 180, 225, 270, 315])
    expect([...p.site]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1])
    expect(p.lon[9]).toBe(119.001)
    expect([...new Set(p.fov)]).toEqual([CAMERA_DEFAULTS.bullet.fov])
    expect([...new Set(p.range)]).toEqual([CAMERA_DEFAULTS.bullet.range])
    expect([...new Set(p.rangeSource)]).toEqual([RANGE_DEFAULT])
    expect([...new Set(p.type)]).toEqual([CAMERA_TYPES.indexOf('bullet')])
    expect([...new Set(p.status)]).toEqual([0])
    expect(Number.isNaN(p.focalMm[0])).toBe(true)
  })

  it('a step that does not divide 360 stops below 360: 25° gives 15 orientations (0 … 350)', () => {
    const p = posesAtSites(SITES, { type: 'ptz', stepDeg: 25, range: 200 })
    expect(p.count).toBe(30)
    expect(p.azimuth[14]).toBe(350)
    expect([...new Set(p.range)]).toEqual([200])
    expect([...new Set(p.rangeSource)]).toEqual([RANGE_GIVEN])
    expect(posesAtSites(SITES, { type: 'bullet', stepDeg: 15 }).count).toBe(48)
  })

  it('domes and fov 360 give one pose; a site azimuth gives that pose with the site id; site columns beat options', () => {
    expect(posesAtSites(SITES, { type: 'dome', stepDeg: 30 }).ids).toEqual(['A@0', 'B@0'])
    expect(posesAtSites(SITES, { type: 'bullet', stepDeg: 30, fov: 360 }).count).toBe(2)
    const own: SitePoints = {
      ...SITES,
      azimuth: Float32Array.of(NaN, 37.5),
      fov: Float32Array.of(90, NaN),
      range: Float32Array.of(NaN, 80),
      type: Uint8Array.of(SITE_TYPE_UNSET, CAMERA_TYPES.indexOf('ptz')),
    }
    const p = posesAtSites(own, { type: 'bullet', stepDeg: 90, fov: 50 })
    expect(p.ids).toEqual(['A@0', 'A@90', 'A@180', 'A@270', 'B'])
    expect([...p.fov]).toEqual([90, 90, 90, 90, 50])
    expect([...p.range]).toEqual([60, 60, 60, 60, 80])
    expect([...p.rangeSource]).toEqual([RANGE_DEFAULT, RANGE_DEFAULT, RANGE_DEFAULT, RANGE_DEFAULT, RANGE_GIVEN])
    expect([...p.type]).toEqual([0, 0, 0, 0, CAMERA_TYPES.indexOf('ptz')])
    expect(p.azimuth[4]).toBe(37.5)
  })

  it('rejects steps outside 15..90 and unusable fov / range', () => {
    expect(() => posesAtSites(SITES, { type: 'bullet', stepDeg: 10 })).toThrow(/15 to 90 degrees \(got 10\)/)
    expect(() => posesAtSites(SITES, { type: 'bullet', stepDeg: 91 })).toThrow(/15 to 90/)
    expect(() => posesAtSites(SITES, { type: 'bullet', stepDeg: 45, fov: 0 })).toThrow(/fov must be 1 to 360/)
    expect(() => posesAtSites({ ...SITES, range: Float32Array.of(6000, 10) }, { type: 'bullet', stepDeg: 45 })).toThrow(/site A: range must be 1 to 5000/)
  })

  it('poses per site: ceil(360 / step), or 1 for an all-round camera', () => {
    fc.assert(fc.property(fc.integer({ min: 15, max: 90 }), fc.constantFrom(...CAMERA_TYPES), (step, type) => {
      const p = posesAtSites(SITES, { type, stepDeg: step })
      const per = CAMERA_DEFAULTS[type].fov >= 360 ? 1 : Math.ceil(360 / step)
      expect(p.count).toBe(2 * per)
      expect(Math.max(...p.azimuth)).toBeLessThan(360)
      expect(new Set(p.ids).size).toBe(p.count)
    }))
  })
})
