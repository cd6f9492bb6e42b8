import { readFileSync } from 'node:fs'
import { area } from '@turf/area'
import { distance } from '@turf/distance'
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { localProjection, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import {
  PATROL_RADIUS_M, currentLevels, patrolCircle, patrolGrid, polygonCentroid, responsibleStations,
} from '../../../src/core/patrol-grid'
import { buildAreaIndex, pointInArea } from '../../../src/core/spatial-join'

// A local frame near the demo district: metres east/north of (119.0, 36.7), latRef in the middle
// of a 3 km tall district, the same projection patrolGrid picks for such a district.
const LON0 = 119.0, LAT0 = 36.7
const proj = (h: number) => localProjection(LON0, LAT0, unprojectLat(localProjection(LON0, LAT0, LAT0), h / 2))
function district(xy: [number, number][][], h = 3000): FeatureCollection {
  const p = proj(h)
  const rings = xy.map((r) => { const ll = r.map(([x, y]) => [unprojectLon(p, x), unprojectLat(p, y)]); ll.push(ll[0]); return ll })
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'd' }, geometry: { type: 'Polygon', coordinates: rings } }] }
}
const rect = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
const sumKm2 = (g: FeatureCollection<Polygon | MultiPolygon, { area_km2: number }>) => g.features.reduce((s, f) => s + f.properties.area_km2, 0)
const turfKm2 = (fc: FeatureCollection) => fc.features.reduce((s, f) => s + area(f), 0) / 1e6
const centroidOf = (f: Feature<Polygon | MultiPolygon>) => polygonCentroid(f.geometry)

describe('patrolGrid: square', () => {
  it('a 3 km × 3 km district with 1 km cells → exactly 9 cells of 1 km², P001 in the north-west, row-major', () => {
    const g = patrolGrid(district([rect(0, 0, 3000, 3000)]), 'square', 1000)
    expect(g.features.map((f) => f.properties.id)).toEqual(['P001', 'P002', 'P003', 'P004', 'P005', 'P006', 'P007', 'P008', 'P009'])
    for (const f of g.features) {
      expect(f.properties.area_km2).toBeCloseTo(1, 6)
      expect(f.properties.name).toBe(f.properties.id)
      expect(f.geometry.type).toBe('Polygon')
    }
    const c = g.features.map(centroidOf)
    const p = proj(3000)
    // P001 centre at (500, 2500) m, P003 at (2500, 2500), P007 at (500, 500)
    expect(c[0][0]).toBeCloseTo(unprojectLon(p, 500), 9)
    expect(c[0][1]).toBeCloseTo(unprojectLat(p, 2500), 9)
    expect(c[2][0]).toBeCloseTo(unprojectLon(p, 2500), 9)
    expect(c[6][1]).toBeCloseTo(unprojectLat(p, 500), 9)
    // turf's own geodesic area agrees within its Earth-radius difference (0.22 %)
    expect(Math.abs(sumKm2(g) / turfKm2(g) - 1)).toBeLessThan(0.005)
  })

  it('a district with a notch: clipped cells (one split into a MultiPolygon), areas sum to the district', () => {
    // notch 600 m wide from the north edge down to y = 1800: cuts the top-middle cell in two
    // (two 200 m × 1000 m pieces) and bites 600 × 200 m from the centre cell
    const ring: [number, number][] = [[0, 0], [3000, 0], [3000, 3000], [1800, 3000], [1800, 1800], [1200, 1800], [1200, 3000], [0, 3000]]
    const d = district([ring])
    const g = patrolGrid(d, 'square', 1000)
    expect(g.features).toHaveLength(9)
    const byId = Object.fromEntries(g.features.map((f) => [f.properties.id, f]))
    expect(byId.P002.geometry.type).toBe('MultiPolygon')
    expect(byId.P002.properties.area_km2).toBeCloseTo(0.4, 6)
    expect(byId.P005.properties.area_km2).toBeCloseTo(0.88, 6)
    expect(byId.P001.properties.area_km2).toBeCloseTo(1, 6)
    expect(sumKm2(g)).toBeCloseTo(9 - 0.72, 6)
    expect(Math.abs(sumKm2(g) / turfKm2(d) - 1)).toBeLessThan(0.005)
  })

  it('cells only touching the district along an edge, or lying outside it, are dropped', () => {
    // an L: the north-east cell of the bbox is empty
    const g = patrolGrid(district([[[0, 0], [2000, 0], [2000, 1000], [1000, 1000], [1000, 2000], [0, 2000]]], 2000), 'square', 1000)
    expect(g.features).toHaveLength(3)
    expect(sumKm2(g)).toBeCloseTo(3, 6)
  })

  it('an irregular district (a 40-gon): every cell inside it, areas sum to the district area within 0.5 %', () => {
    const ring: [number, number][] = []
    for (let k = 0; k < 40; k++) {
      const a = (2 * Math.PI * k) / 40, r = 2500 + 400 * Math.sin(3 * a)
      ring.push([3000 + r * Math.cos(a), 3000 + r * Math.sin(a)])
    }
    const d = district([ring], 6000)
    const g = patrolGrid(d, 'square', 700)
    expect(Math.abs(sumKm2(g) / turfKm2(d) - 1)).toBeLessThan(0.005)
    for (const f of g.features) expect(f.properties.area_km2).toBeLessThanOrEqual(0.49 + 1e-9)
  })

  it('several district features (the streets) are unioned: a cell across their boundary is one feature', () => {
    const p = proj(1000)
    const sq = (x0: number, x1: number): Feature<Polygon> => ({
      type: 'Feature', properties: {},
      geometry: { type: 'Polygon', coordinates: [[...rect(x0, 0, x1, 1000), [x0, 0]].map(([x, y]) => [unprojectLon(p, x), unprojectLat(p, y)])] },
    })
    const g = patrolGrid({ type: 'FeatureCollection', features: [sq(0, 500), sq(500, 1000)] }, 'square', 1000)
    expect(g.features).toHaveLength(1)
    expect(g.features[0].geometry.type).toBe('Polygon')
    expect(g.features[0].properties.area_km2).toBeCloseTo(1, 6)
  })

  it('rejects a size that is not a positive number; an empty district gives no cells', () => {
    const d = district([rect(0, 0, 3000, 3000)])
    expect(() => patrolGrid(d, 'square', 0)).toThrow(/positive/)
    expect(() => patrolGrid(d, 'hex', Number.NaN)).toThrow(/positive/)
    expect(() => patrolGrid(d, 'square', 1)).toThrow(/more than/)
    expect(patrolGrid({ type: 'FeatureCollection', features: [] }, 'square', 1000).features).toEqual([])
  })
})

describe('patrolGrid: hex', () => {
  const size = 1000
  const full = (Math.sqrt(3) / 2) * size * size / 1e6
  const d = district([rect(0, 0, 5000, 5000)], 5000)
  const g = patrolGrid(d, 'hex', size)

  it('interior cells are whole pointy-top hexagons of (√3/2)·size²; no cell is larger', () => {
    const whole = g.features.filter((f) => Math.abs(f.properties.area_km2 - full) < 1e-6)
    expect(whole.length).toBeGreaterThanOrEqual(16)
    for (const f of whole) {
      expect(f.geometry.type).toBe('Polygon')
      expect((f.geometry as Polygon).coordinates[0]).toHaveLength(7)
    }
    for (const f of g.features) expect(f.properties.area_km2).toBeLessThanOrEqual(full + 1e-9)
    // 5 km / 1 km per column, 5 km / 0.866 km per row: about 25/0.866 ≈ 29 cell areas in all
    expect(sumKm2(g) / full).toBeCloseTo(25 / full, 6)
  })

  it('covers the district without overlap: areas sum to it, and sample points lie in exactly one cell', () => {
    expect(Math.abs(sumKm2(g) / turfKm2(d) - 1)).toBeLessThan(0.005)
    const { areas, issues } = areasFromGeoJson(g)
    expect(issues).toEqual([])
    buildAreaIndex(areas)
    const p = proj(5000)
    let seed = 7
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    for (let i = 0; i < 500; i++) {
      const lon = unprojectLon(p, 1 + rnd() * 4998), lat = unprojectLat(p, 1 + rnd() * 4998)
      let n = 0
      for (let a = 0; a < areas.count; a++) if (pointInArea(areas, a, lon, lat)) n++
      expect(n).toBe(1)
    }
  })

  it('ids are row-major from the north-west (whole cells: rows go south, west to east within a row)', () => {
    const whole = g.features.filter((f) => Math.abs(f.properties.area_km2 - full) < 1e-6)
    const c = whole.map(centroidOf)
    const eps = 1e-7
    for (let i = 1; i < c.length; i++) {
      const sameRow = Math.abs(c[i][1] - c[i - 1][1]) < eps
      if (sameRow) expect(c[i][0]).toBeGreaterThan(c[i - 1][0])
      else expect(c[i][1]).toBeLessThan(c[i - 1][1])
    }
    expect(g.features.map((f) => f.properties.id)).toEqual(g.features.map((_, i) => `P${String(i + 1).padStart(3, '0')}`))
  })
})

describe('currentLevels', () => {
  // 2 × 2 km district in 1 km cells: P001 NW, P002 NE, P003 SW, P004 SE
  const p = proj(2000)
  const ll = ([x, y]: number[]): Position => [unprojectLon(p, x), unprojectLat(p, y)]
  const grids = patrolGrid(district([rect(0, 0, 2000, 2000)], 2000), 'square', 1000)
  const site = (kind: string, x: number, y: number): Feature<Polygon> => ({
    type: 'Feature', properties: { kind }, geometry: { type: 'Polygon', coordinates: [[...rect(x, y, x + 100, y + 100), [x, y]].map(ll)] },
  })
  const road = (cls: string | undefined, a: [number, number], b: [number, number]): Feature => ({
    type: 'Feature', properties: cls ? { class: cls } : {}, geometry: { type: 'LineString', coordinates: [ll(a), ll(b)] },
  })
  const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })

  it('reaches each level once: school → 1, main road → 2, back street → 3, nothing → 4', () => {
    const levels = currentLevels(grids, fc([site('school', 300, 1300)]), fc([road('main', [1100, 1500], [1900, 1500]), road('back', [200, 500], [800, 500])]))
    expect(Array.from(levels)).toEqual([1, 2, 3, 4])
  })

  it('level 1 beats 2: a main road through the school grid keeps it at 1; a business key site gives 2, a station none', () => {
    const levels = currentLevels(
      grids,
      fc([site('hospital', 300, 1300), site('business', 1300, 1300), site('station', 1300, 300)]),
      fc([road('main', [100, 1800], [900, 1800]), road(undefined, [300, 300], [600, 600])]),
    )
    expect(Array.from(levels)).toEqual([1, 2, 3, 4])
  })

  it('a road crossing a cell boundary counts for both cells; plazas and government sites are level 1', () => {
    const levels = currentLevels(grids, fc([site('plaza', 1300, 300), site('government', 300, 300)]), fc([road('secondary', [200, 1500], [1800, 1500])]))
    expect(Array.from(levels)).toEqual([3, 3, 1, 1])
  })

  it('imported grids keep a level 1–4 from their properties; no layers → 4', () => {
    const imported = fc(grids.features.map((f, i) => ({ ...f, properties: { ...f.properties, level: [2, '3', 7, null][i] } })))
    expect(Array.from(currentLevels(imported, null, null))).toEqual([2, 3, 4, 4])
    expect(Array.from(currentLevels(imported, fc([site('school', 300, 300)]), null))).toEqual([2, 3, 1, 4])
  })
})

describe('responsibleStations', () => {
  const p = proj(2000)
  const grids = patrolGrid(district([rect(0, 0, 2000, 2000)], 2000), 'square', 1000)
  const st = (id: string, x: number, y: number): Feature => ({ type: 'Feature', properties: { id }, geometry: { type: 'Point', coordinates: [unprojectLon(p, x), unprojectLat(p, y)] } })
  it('is the station nearest each grid centroid', () => {
    // A near P001 (500,1500); B at the district centre is 707 m from every centroid; C near P004 (1500,500)
    const stations: FeatureCollection = { type: 'FeatureCollection', features: [st('A', 400, 1600), st('B', 1000, 1000), st('C', 1600, 400)] }
    expect(responsibleStations(grids, stations)).toEqual(['A', 'B', 'B', 'C'])
  })
  it('ties go to the earlier station; no stations → empty ids', () => {
    const stations: FeatureCollection = { type: 'FeatureCollection', features: [st('X', 1000, 1000), st('Y', 1000, 1000)] }
    expect(responsibleStations(grids, stations)).toEqual(['X', 'X', 'X', 'X'])
    expect(responsibleStations(grids, { type: 'FeatureCollection', features: [] })).toEqual(['', '', '', ''])
  })
})

describe('patrolCircle', () => {
  it('is a closed, counter-clockwise 64-gon whose vertices are 1.5 km from the centre', () => {
    const ring = patrolCircle(119.1, 36.7, PATROL_RADIUS_M)
    expect(PATROL_RADIUS_M).toBe(1500)
    expect(ring).toHaveLength(65)
    expect(ring[64]).toEqual(ring[0])
    for (const v of ring) expect(distance([119.1, 36.7], v, { units: 'meters' }) / 1500).toBeCloseTo(1, 3)
    // positive shoelace in lon/lat = counter-clockwise (RFC 7946 outer ring)
    let s = 0
    for (let i = 0; i < 64; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
    expect(s).toBeGreaterThan(0)
    // a 64-gon inscribed in the circle: area = 32·r²·sin(2π/64)
    const poly: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }
    expect(area(poly) / (32 * 1500 * 1500 * Math.sin((2 * Math.PI) / 64))).toBeCloseTo(1, 2)
  })
})

describe('demo district (geodata/demo)', () => {
  const read = (f: string) => JSON.parse(readFileSync(`geodata/demo/${f}`, 'utf8')) as FeatureCollection
  it('a 1500 m square grid: cells, levels and responsible stations', () => {
    const d = read('district.geojson')
    const g = patrolGrid(d, 'square', 1500)
    const levels = currentLevels(g, read('key_sites.geojson'), read('roads.geojson'))
    const stations = responsibleStations(g, read('stations.geojson'))
    const hist = [0, 0, 0, 0]
    for (const l of levels) hist[l - 1]++
    const perStation = new Map<string, number>()
    for (const s of stations) perStation.set(s, (perStation.get(s) ?? 0) + 1)
    console.log(`demo 1500 m square grid: ${g.features.length} cells, ${sumKm2(g).toFixed(2)} km² (district ${turfKm2(d).toFixed(2)} km² by turf), levels 1–4: ${hist.join(' / ')}, stations: ${[...perStation].map(([k, v]) => `${k}:${v}`).join(' ')}`)
    expect(g.features.length).toBeGreaterThan(100)
    expect(Math.abs(sumKm2(g) / turfKm2(d) - 1)).toBeLessThan(0.005)
    for (const f of g.features) expect(f.properties.area_km2).toBeLessThanOrEqual(2.25 + 1e-6)
    expect(hist.every((n) => n > 0)).toBe(true)
    expect(stations.every((s) => /^PS\d\d$/.test(s))).toBe(true)
    expect(perStation.size).toBe(10)
    // the school K001 lies in a level-1 grid
    const school = read('key_sites.geojson').features.find((f) => f.properties?.id === 'K001')!
    const c = polygonCentroid(school.geometry as Polygon)
    const { areas } = areasFromGeoJson(g)
    const idx = buildAreaIndex(areas)
    let hit = -1
    for (let a = 0; a < areas.count; a++) if (pointInArea(areas, a, c[0], c[1])) hit = a
    expect(idx.areas.count).toBe(g.features.length)
    expect(levels[hit]).toBe(1)
  })
})
