import { realData } from '../../fixtures/real'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import type { FeatureCollection, Geometry, Position } from 'geojson'
import { convertFeatureCollection, fromWgs84, toWgs84 } from '../../../src/io/coords'
import { datavToFeatureCollection } from '../../../src/io/datav'

/** metres between two lon/lat points (equirectangular, fine at these distances) */
function metres(a: [number, number], b: [number, number]): [number, number] {
  const k = (Math.PI / 180) * 6371008.8
  return [(b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180)), (b[1] - a[1]) * k]
}

function positions(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point': return [g.coordinates]
    case 'MultiPoint': case 'LineString': return g.coordinates
    case 'MultiLineString': case 'Polygon': return g.coordinates.flat()
    case 'MultiPolygon': return g.coordinates.flat(2)
    case 'GeometryCollection': return g.geometries.flatMap(positions)
  }
}

function vertexMean(fc: FeatureCollection<Geometry | null>): [number, number] {
  const ps = fc.features.flatMap((f) => (f.geometry ? positions(f.geometry) : []))
  return [ps.reduce((s, p) => s + p[0], 0) / ps.length, ps.reduce((s, p) => s + p[1], 0) / ps.length]
}

describe('coords', () => {
  it('wgs84 is the identity', () => {
    expect(toWgs84(119.1, 36.7, 'wgs84')).toEqual([119.1, 36.7])
  })
  it('GCJ-02 and BD-09 round trips are within 1 m (China)', () => {
    fc.assert(fc.property(fc.double({ min: 98, max: 134, noNaN: true }), fc.double({ min: 18, max: 53, noNaN: true }), (lon, lat) => {
      for (const crs of ['gcj02', 'bd09'] as const) {
        const [x, y] = fromWgs84(lon, lat, crs)
        const back = toWgs84(x, y, crs)
        const [dx, dy] = metres([lon, lat], back)
        expect(Math.hypot(dx, dy)).toBeLessThan(1)
      }
    }), { numRuns: 300 })
  })
  it('GCJ-02 near Weifang is a few hundred metres east of WGS-84', () => {
    const [dx, dy] = metres([119.1, 36.7], fromWgs84(119.1, 36.7, 'gcj02'))
    expect(dx).toBeGreaterThan(400)
    expect(dx).toBeLessThan(650)
    expect(Math.abs(dy)).toBeLessThan(150)
  })
  it('converts every geometry type without changing the input', () => {
    const input: FeatureCollection<Geometry | null> = {
      type: 'FeatureCollection',
      bbox: [0, 0, 1, 1],
      features: [
        { type: 'Feature', properties: { a: 1 }, geometry: { type: 'Point', coordinates: [119.1, 36.7, 12] } },
        { type: 'Feature', properties: null, geometry: { type: 'MultiPoint', coordinates: [[119.1, 36.7], [119.2, 36.8]] } },
        { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[119.1, 36.7], [119.2, 36.8]] } },
        { type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: [[[119.1, 36.7], [119.2, 36.8]]] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[119.1, 36.7], [119.2, 36.7], [119.2, 36.8], [119.1, 36.7]]] } },
        { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[[[119.1, 36.7], [119.2, 36.7], [119.2, 36.8], [119.1, 36.7]]]] } },
        { type: 'Feature', properties: {}, geometry: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [119.1, 36.7] }] } },
        { type: 'Feature', properties: {}, geometry: null },
      ],
    }
    const copy = JSON.parse(JSON.stringify(input))
    const out = convertFeatureCollection(input, 'gcj02')
    expect(input).toEqual(copy)
    expect(out.bbox).toBeUndefined()
    expect(out.features.length).toBe(8)
    const expectPoint = toWgs84(119.1, 36.7, 'gcj02')
    for (const f of out.features) {
      if (!f.geometry) continue
      const p = positions(f.geometry)[0]
      expect([p[0], p[1]]).toEqual(expectPoint)
    }
    expect((out.features[0].geometry as { coordinates: number[] }).coordinates[2]).toBe(12)
    expect(out.features[0].properties).toEqual({ a: 1 })
  })
})

describe('datav', () => {
  const raw = JSON.parse(readFileSync(realData('china-districts/370702.json'), 'utf8'))

  it('converts the Weicheng outline (GCJ-02 → WGS-84): about 526 m west and 62 m south', () => {
    const out = datavToFeatureCollection(raw)
    expect(out.type).toBe('FeatureCollection')
    expect(out.features.length).toBe(Array.isArray(raw) ? raw.length : raw.features.length)
    const f = out.features[0]
    expect(f.geometry?.type).toBe('MultiPolygon')
    expect(f.properties?.name).toBe('潍城区')
    expect(f.properties?.id).toBe('370702')
    const before = vertexMean({ type: 'FeatureCollection', features: Array.isArray(raw) ? raw : raw.features })
    const after = vertexMean(out)
    const [dx, dy] = metres(before, after)
    // the GCJ-02 offset varies across the district (about 508–532 m east, 27–64 m north):
    // the vertex mean moves about 525 m west and 38 m south
    expect(Math.abs(dx + 526)).toBeLessThan(30)
    expect(Math.abs(dy + 62)).toBeLessThan(30)
    // the centroid property is converted too
    const [cx, cy] = metres(raw[0]?.properties?.centroid ?? raw.features[0].properties.centroid, f.properties?.centroid as [number, number])
    expect(Math.hypot(cx + 526, cy + 62)).toBeLessThan(40)
  })

  it('accepts a FeatureCollection as well as an array, and text', () => {
    const features = Array.isArray(raw) ? raw : raw.features
    const a = datavToFeatureCollection({ type: 'FeatureCollection', features })
    const b = datavToFeatureCollection(JSON.stringify(features))
    expect(a).toEqual(b)
  })

  it('throws clear errors on malformed input', () => {
    expect(() => datavToFeatureCollection(42)).toThrow(/array of Features or a FeatureCollection/)
    expect(() => datavToFeatureCollection('{oops')).toThrow(/not valid JSON/)
    expect(() => datavToFeatureCollection([{ type: 'Nope' }])).toThrow(/feature 0: not a GeoJSON Feature/)
    expect(() => datavToFeatureCollection([{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[1, 'x']]] } }]))
      .toThrow(/feature 0.*finite numbers/)
    expect(() => datavToFeatureCollection([{ type: 'Feature', properties: {}, geometry: { type: 'Blob', coordinates: [] } }]))
      .toThrow(/unknown type/)
  })
})
