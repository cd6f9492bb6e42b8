import { describe, expect, it } from 'vitest'
import { areasFromGeoJson, areaSetBbox } from '../../../src/core/areas'

type Pos = [number, number]
const square = (x0: number, y0: number, x1: number, y1: number): Pos[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
const poly = (props: Record<string, unknown>, ...rings: Pos[][]) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: rings } })
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features })

describe('areasFromGeoJson: columns', () => {
  it('packs two squares: open rings, vertex-unit offsets, bboxes, properties', () => {
    const { areas, issues } = areasFromGeoJson(fc(
      poly({ id: 'a', name: '东风街', parent_id: 'd1', population: 1200 }, square(0, 0, 1, 1)),
      poly({ id: 'b' }, square(1, 0, 3, 2)),
    ))
    expect(issues).toEqual([])
    expect(areas.count).toBe(2)
    expect(areas.ids).toEqual(['a', 'b'])
    expect(areas.names).toEqual(['东风街', ''])
    expect(areas.parentIds).toEqual(['d1', null])
    expect(areas.population[0]).toBe(1200)
    expect(areas.population[1]).toBeNaN()
    // closing vertex dropped: 4 vertices per ring
    expect(Array.from(areas.coords)).toEqual([0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 3, 0, 3, 2, 1, 2])
    expect(Array.from(areas.ringStart)).toEqual([0, 4, 8])
    expect(Array.from(areas.areaRingStart)).toEqual([0, 1, 2])
    expect(Array.from(areas.bbox)).toEqual([0, 0, 1, 1, 1, 0, 3, 2])
    expect(areaSetBbox(areas)).toEqual([0, 0, 3, 2])
  })

  it('stores an unclosed ring like a closed one and drops repeated consecutive vertices', () => {
    const { areas, issues } = areasFromGeoJson(fc(
      poly({ id: 1 }, [[0, 0], [1, 0], [1, 0], [1, 1], [0, 1]]),
    ))
    expect(issues).toEqual([])
    expect(Array.from(areas.coords)).toEqual([0, 0, 1, 0, 1, 1, 0, 1])
  })

  it('keeps holes and multipolygon parts as rings of one area', () => {
    const { areas } = areasFromGeoJson(fc(
      poly({ id: 'h' }, square(0, 0, 4, 4), square(1, 1, 3, 3)),
      { type: 'Feature', properties: { id: 'm' }, geometry: { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(2, 0, 3, 1), square(2.2, 0.2, 2.8, 0.8)]] } },
    ))
    expect(areas.count).toBe(2)
    expect(Array.from(areas.areaRingStart)).toEqual([0, 2, 5])
    expect(Array.from(areas.ringStart)).toEqual([0, 4, 8, 12, 16, 20])
    expect(Array.from(areas.bbox.subarray(4))).toEqual([0, 0, 3, 1])
  })

  it('accepts a DataV-style plain array of features', () => {
    const { areas, issues } = areasFromGeoJson([poly({ id: 370702, name: '潍城区' }, square(119, 36, 119.1, 36.1))])
    expect(issues).toEqual([])
    expect(areas.ids).toEqual(['370702'])
    expect(areas.names).toEqual(['潍城区'])
  })

  it('gives an empty set for an empty collection', () => {
    const { areas, issues } = areasFromGeoJson(fc())
    expect(issues).toEqual([])
    expect(areas.count).toBe(0)
    expect(areas.coords.length).toBe(0)
    expect(Array.from(areas.ringStart)).toEqual([0])
    expect(Array.from(areas.areaRingStart)).toEqual([0])
    expect(areaSetBbox(areas)).toBeNull()
  })

  it('uses the configured id, name and population fields', () => {
    const { areas, issues } = areasFromGeoJson(fc(poly({ dist_num: '17', label: '17TH', pop: '5300' }, square(0, 0, 1, 1))), { idField: 'dist_num', nameField: 'label', populationField: 'pop' })
    expect(issues).toEqual([])
    expect(areas.ids).toEqual(['17'])
    expect(areas.names).toEqual(['17TH'])
    expect(areas.population[0]).toBe(5300)
  })
})

describe('areasFromGeoJson: footprints without ids', () => {
  it('names a feature without an id by its number when ids are optional, and still rejects bad ids', () => {
    const input = fc(poly({}, square(0, 0, 1, 1)), poly({ id: 'B7' }, square(1, 0, 2, 1)), poly({ id: { x: 1 } }, square(2, 0, 3, 1)))
    const optional = areasFromGeoJson(input, { idOptional: true })
    expect(optional.areas.ids).toEqual(['#0', 'B7'])
    expect(optional.issues.map((i) => [i.feature, i.reason])).toEqual([[2, 'missing_id']])
    expect(areasFromGeoJson(input).areas.ids).toEqual(['B7'])
  })
})

describe('areasFromGeoJson: issues', () => {
  it.each([null, 'text', 42, { type: 'Feature' }, { type: 'FeatureCollection' }, { features: [] }])('rejects a non-collection (%j) as a whole', (input) => {
    const { areas, issues } = areasFromGeoJson(input)
    expect(areas.count).toBe(0)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ feature: -1, reason: 'not_feature_collection' })
  })

  it('reports each bad feature with its index in the file and keeps the good ones', () => {
    const good = square(0, 0, 1, 1)
    const features = [
      poly({ id: 'ok0' }, good), //                                                      0
      { type: 'Feature', properties: { id: 'g' }, geometry: null }, //                   1 no_geometry
      { type: 'Feature', properties: { id: 'g2' } }, //                                  2 no_geometry
      'not a feature', //                                                                3 no_geometry
      { type: 'Feature', properties: { id: 'p' }, geometry: { type: 'Point', coordinates: [0, 0] } }, // 4 wrong type
      { type: 'Feature', properties: { id: 'l' }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } }, // 5
      poly({ id: 'nan' }, [[0, 0], [NaN, 0], [1, 1], [0, 0]]), //                          6 bad_coordinates
      poly({ id: 'str' }, [[0, 0], ['1', 0] as unknown as Pos, [1, 1], [0, 0]]), //       7
      poly({ id: 'lon' }, square(179.5, 0, 180.5, 1)), //                                  8 out of range
      poly({ id: 'lat' }, square(0, 89.5, 1, 90.5)), //                                    9
      poly({ id: 'two' }, [[0, 0], [1, 1], [0, 0], [1, 1], [0, 0]]), //                   10 < 3 distinct
      { type: 'Feature', properties: { id: 'e' }, geometry: { type: 'Polygon', coordinates: [] } }, // 11
      { type: 'Feature', properties: { id: 'em' }, geometry: { type: 'MultiPolygon', coordinates: [] } }, // 12
      poly({ name: 'no id' }, good), //                                                   13 missing_id
      poly({ id: '' }, good), //                                                          14
      poly({ id: { x: 1 } }, good), //                                                    15
      poly({ id: 'ok0' }, good), //                                                       16 duplicate_id
      poly({ id: 'pop', population: 'many' }, good), //                                   17 bad_population, kept
      poly({ id: 'neg', population: -3 }, good), //                                       18 bad_population, kept
      poly({ id: 'inf', population: Infinity }, good), //                                 19 bad_population, kept
      poly({ id: 'hole', population: '' }, square(0, 0, 4, 4), [[1, 1], [2, 2], [1, 1]]), // 20 degenerate hole
    ]
    const { areas, issues } = areasFromGeoJson(fc(...features))
    expect(issues.map((i) => [i.feature, i.reason])).toEqual([
      [1, 'no_geometry'], [2, 'no_geometry'], [3, 'no_geometry'],
      [4, 'wrong_geometry_type'], [5, 'wrong_geometry_type'],
      [6, 'bad_coordinates'], [7, 'bad_coordinates'], [8, 'bad_coordinates'], [9, 'bad_coordinates'],
      [10, 'bad_coordinates'], [11, 'bad_coordinates'], [12, 'bad_coordinates'],
      [13, 'missing_id'], [14, 'missing_id'], [15, 'missing_id'],
      [16, 'duplicate_id'],
      [17, 'bad_population'], [18, 'bad_population'], [19, 'bad_population'],
      [20, 'bad_coordinates'],
    ])
    expect(issues.every((i) => i.detail.length > 0)).toBe(true)
    expect(issues.find((i) => i.feature === 16)?.detail).toContain('feature 0')
    expect(areas.ids).toEqual(['ok0', 'pop', 'neg', 'inf'])
    expect(Array.from(areas.population).every((p) => Number.isNaN(p))).toBe(true)
  })

  it('stringifies ids, so 7 and "7" collide and the later one is skipped', () => {
    const { areas, issues } = areasFromGeoJson(fc(poly({ id: 7 }, square(0, 0, 1, 1)), poly({ id: '7' }, square(1, 0, 2, 1)), poly({ id: 8.5 }, square(2, 0, 3, 1))))
    expect(areas.ids).toEqual(['7', '8.5'])
    expect(issues).toMatchObject([{ feature: 1, reason: 'duplicate_id' }])
    expect(areas.bbox[0]).toBe(0) // the first one was kept
  })

  it('falls back to the Feature id member when properties have no id', () => {
    const { areas, issues } = areasFromGeoJson(fc({ ...poly({}, square(0, 0, 1, 1)), id: 12 }))
    expect(issues).toEqual([])
    expect(areas.ids).toEqual(['12'])
  })

  it('parses population: numbers, numeric strings, missing as NaN without an issue', () => {
    const { areas, issues } = areasFromGeoJson(fc(
      poly({ id: 'a', population: 0 }, square(0, 0, 1, 1)),
      poly({ id: 'b', population: ' 1250 ' }, square(0, 0, 1, 1)),
      poly({ id: 'c', population: '1e3' }, square(0, 0, 1, 1)),
      poly({ id: 'd', population: null }, square(0, 0, 1, 1)),
      poly({ id: 'e' }, square(0, 0, 1, 1)),
      poly({ id: 'f', population: '12,345' }, square(0, 0, 1, 1)),
    ))
    expect(Array.from(areas.population)).toEqual([0, 1250, 1000, NaN, NaN, NaN])
    expect(issues).toMatchObject([{ feature: 5, reason: 'bad_population' }])
  })
})
