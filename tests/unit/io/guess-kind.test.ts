import { describe, expect, it } from 'vitest'
import type { FeatureCollection, Geometry } from 'geojson'
import { geometryClasses, guessKind, offeredKinds } from '../../../src/io/guess-kind'

describe('guessKind', () => {
  it('reads the kind from Chinese and English file names', () => {
    expect(guessKind('2025年警情.csv')).toBe('incidents')
    expect(guessKind('homicides.csv')).toBe('incidents')
    expect(guessKind('视频监控点位.xlsx')).toBe('cameras')
    expect(guessKind('治安卡口.csv')).toBe('checkpoints')
    expect(guessKind('stations.geojson')).toBe('stations')
    expect(guessKind('community_populations.csv')).toBe('population')
    expect(guessKind('小区边界.geojson')).toBe('compounds')
    expect(guessKind('key_sites.geojson')).toBe('keySites')
    expect(guessKind('巡逻网格.zip')).toBe('grids')
    expect(guessKind('police_districts.geojson')).toBe('streets')
    expect(guessKind('roads.geojson')).toBe('roads')
    expect(guessKind('buildings.zip')).toBe('buildings')
    expect(guessKind('data.csv')).toBeNull()
  })
})

const fc = (...geometries: (Geometry | null)[]): FeatureCollection<Geometry | null> => ({
  type: 'FeatureCollection', features: geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry })),
})
const polygon: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }
const multiPolygon: Geometry = { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }
const point: Geometry = { type: 'Point', coordinates: [0, 0] }
const line: Geometry = { type: 'LineString', coordinates: [[0, 0], [1, 1]] }

describe('the kinds a file is offered as', () => {
  it('polygons: areas and buildings only, never incidents', () => {
    expect(offeredKinds('geojson', fc(polygon, multiPolygon))).toEqual(['streets', 'compounds', 'grids', 'keySites', 'buildings'])
    expect(offeredKinds('shapefile', fc(polygon))).not.toContain('incidents')
  })
  it('points: the point kinds; lines: roads; a table: points and the population table', () => {
    expect(offeredKinds('geojson', fc(point, { type: 'MultiPoint', coordinates: [[0, 0]] }))).toEqual(['incidents', 'cameras', 'stations', 'checkpoints'])
    expect(offeredKinds('geojson', fc(line, { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] }))).toEqual(['roads'])
    expect(offeredKinds('csv', null)).toEqual(['incidents', 'cameras', 'population', 'stations', 'checkpoints', 'tracks'])
    expect(offeredKinds('xlsx', null)).toEqual(offeredKinds('csv', null))
  })
  it('mixed geometry offers the kinds of the most common class (all tied ones); none known offers every geometry kind', () => {
    expect(offeredKinds('geojson', fc(point, line))).toEqual(['incidents', 'cameras', 'stations', 'checkpoints', 'roads'])
    // polygons with a stray point are still an area layer (the point is rejected by line on import)
    expect(offeredKinds('geojson', fc(polygon, polygon, point))).toEqual(['streets', 'compounds', 'grids', 'keySites', 'buildings'])
    expect(geometryClasses(fc(null, null, polygon, { type: 'GeometryCollection', geometries: [] }))).toEqual(new Set(['polygon']))
    expect(offeredKinds('geojson', fc(null))).not.toContain('population')
    expect(offeredKinds('geojson', fc(null))).toHaveLength(10)
  })
  it('guesses by name among the kinds offered, else the first offered', () => {
    const areas = offeredKinds('geojson', fc(polygon))
    // the file: patrol zones are the cells a patrol plan uses
    expect(guessKind('patrol_zones.geojson', areas)).toBe('grids')
    expect(guessKind('incidents.geojson', areas)).toBe('streets')
    expect(guessKind('街道.geojson', areas)).toBe('streets')
    expect(guessKind('roads.geojson', offeredKinds('geojson', fc(point)))).toBe('incidents')
    expect(guessKind('cameras.geojson', offeredKinds('geojson', fc(point)))).toBe('cameras')
  })
})
