import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson'
import { kinks } from '@turf/kinks'
import { realData } from '../../fixtures/real'
import { validateFeatures } from '../../../src/io/feature-validate'
import { fromWgs84 } from '../../../src/io/coords'
import type { DatasetKind } from '../../../src/io/dataset-kinds'

// Hand-made shapes near Weicheng, in 0.01° units from (X0, Y0).
const X0 = 119.1, Y0 = 36.7, U = 0.01
const at = (x: number, y: number): Position => [X0 + x * U, Y0 + y * U]
const ring = (...xy: [number, number][]): Position[] => xy.map(([x, y]) => at(x, y))
/** closed counter-clockwise square [x, x+s] × [y, y+s] */
const square = (x: number, y: number, s = 1) => ring([x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y])
const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings })
const feature = (geometry: unknown, properties: Record<string, unknown> | null = {}): Feature<Geometry | null> =>
  ({ type: 'Feature', geometry, properties }) as Feature<Geometry | null>
const collection = (features: unknown[]): FeatureCollection<Geometry | null> =>
  ({ type: 'FeatureCollection', features }) as FeatureCollection<Geometry | null>

/** metres between two lon/lat points (equirectangular, fine at these distances) */
function metres(a: Position, b: Position): number {
  const k = (Math.PI / 180) * 6371008.8
  return Math.hypot((b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180)), (b[1] - a[1]) * k)
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown
const demo = (name: string) => readJson(fileURLToPath(new URL(`../../../geodata/demo/${name}.geojson`, import.meta.url))) as FeatureCollection<Geometry | null>

describe('kinks: what @turf/kinks reports (the reason for the crossing test)', () => {
  it('reports a bow-tie crossing, a figure-8 touch and a vertex touching an edge alike', () => {
    const bowTie = kinks(polygon(ring([0, 0], [1, 1], [1, 0], [0, 1], [0, 0]))).features.map((f) => f.geometry.coordinates)
    expect(bowTie).toHaveLength(1)
    // figure 8 through one shared vertex (1,1): two loops touching, no crossing, yet reported
    const figure8 = kinks(polygon(ring([0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0]))).features
    expect(figure8.length).toBeGreaterThan(0)
    for (const k of figure8) expect(metres(k.geometry.coordinates, at(1, 1))).toBeLessThan(1e-6)
    // vertex (2,0) lies on the edge (0,0)-(4,0): two triangles touching from above
    const tee = kinks(polygon(ring([0, 0], [4, 0], [4, 4], [2, 0], [0, 4], [0, 0]))).features
    expect(tee.length).toBeGreaterThan(0)
    for (const k of tee) expect(metres(k.geometry.coordinates, at(2, 0))).toBeLessThan(1e-6)
  })
})

describe('validateFeatures: one feature per bad class (streets)', () => {
  const features = [
    /* 1 */ feature(polygon(square(0, 0)), { id: 'A1', name: 'Good', population: 100 }),
    /* 2 */ feature(null, { id: 'A2' }),
    /* 3 */ feature({ type: 'Point', coordinates: at(0, 0) }, { id: 'A3' }),
    /* 4 */ feature({ type: 'GeometryCollection', geometries: [polygon(square(0, 0))] }, { id: 'A4' }),
    /* 5 */ feature(polygon([at(0, 0), ['119.11', 36.7] as unknown as Position, at(1, 1), at(0, 0)]), { id: 'A5' }),
    /* 6 */ feature(polygon([at(0, 0), [200, 36.7], at(1, 1), at(0, 0)]), { id: 'A6' }),
    /* 7 */ feature(polygon(ring([0, 0], [1, 0], [0, 0])), { id: 'A7' }),
    /* 8 */ feature(polygon(ring([0, 0], [1, 0], [1, 0], [0, 0])), { id: 'A8' }),
    /* 9 */ feature(polygon(square(0, 0).slice(0, 4)), { id: 'A9' }), // not closed: closed, kept
    /* 10 */ feature(polygon(ring([0, 0], [1, 1], [1, 0], [0, 1], [0, 0])), { id: 'A10' }), // bow-tie
    /* 11 */ feature(polygon(square(2, 0)), { name: 'no id' }),
    /* 12 */ feature(polygon(square(3, 0)), { id: 'A1' }),
    /* 13 */ feature(polygon(square(0, 0, 4), square(1, 1, 2).reverse()), { id: 'A13' }), // a hole
    /* 14 */ feature({ type: 'MultiPolygon', coordinates: [[square(0, 0)], [ring([5, 0], [6, 1], [6, 0], [5, 1], [5, 0])]] }, { id: 'A14' }),
    /* 15 */ feature({ type: 'MultiPolygon', coordinates: [[square(0, 0)], [ring([5, 0], [6, 0])]] }, { id: 'A15' }),
    /* 16 */ feature(polygon(ring([0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0])), { id: 'A16' }), // figure 8
    /* 17 */ feature(polygon(square(0, 0, 4), ring([1, 1], [5, 2], [1, 3], [1, 1])), { id: 'A17' }), // hole crosses shell
    /* 18 */ feature(polygon(square(0, 0, 4), ring([0, 0], [2, 1], [1, 2], [0, 0])), { id: 'A18' }), // hole touches shell at a vertex
    /* 19 */ 'not a feature',
    /* 20 */ feature({ type: 'Polygon', coordinates: 'nope' }, { id: 'A20' }),
    /* 21 */ feature(polygon(square(7, 0)), { id: 42, name: 12 }),
    /* 22 */ feature(polygon(ring([0, 0], [4, 0], [4, 4], [2, 0], [0, 4], [0, 0])), { id: 'A22' }), // vertex touches an edge
    /* 23 */ feature(polygon(ring([0, 0], [4, 0], [4, 2], [2, 2], [2, 0], [2, -2], [0, -2], [0, 0])), { id: 'A23' }), // passes through an edge at a vertex
  ]
  const { fc, report } = validateFeatures('streets', collection(features), { crs: 'wgs84', fileName: 'bad.geojson' })
  const byLine = Object.fromEntries(report.rejected.map((r) => [r.line, r]))

  it('names every rejected feature by its number with the right reason', () => {
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, 'no_geometry'],
      [3, 'wrong_geometry_type'],
      [4, 'wrong_geometry_type'],
      [5, 'bad_coordinates'],
      [6, 'coordinates_out_of_range'],
      [7, 'invalid_geometry'],
      [8, 'invalid_geometry'],
      [10, 'self_intersection'],
      [11, 'missing_id'],
      [12, 'duplicate_id'],
      [14, 'self_intersection'],
      [15, 'invalid_geometry'],
      [17, 'self_intersection'],
      [19, 'bad_value'],
      [20, 'bad_coordinates'],
      [23, 'self_intersection'],
    ])
    expect(report.kind).toBe('streets')
    expect(report.fileName).toBe('bad.geojson')
    expect(report.rowsRead).toBe(23)
    expect(report.rowsKept).toBe(7)
    expect(report.rejectedCount).toBe(16)
    expect(report.rejectedByReason).toEqual({
      no_geometry: 1, wrong_geometry_type: 2, bad_coordinates: 2, coordinates_out_of_range: 1, invalid_geometry: 3,
      self_intersection: 4, missing_id: 1, duplicate_id: 1, bad_value: 1,
    })
    expect(report.errors).toEqual([])
  })

  it('says what is wrong in the detail', () => {
    expect(byLine[3].detail).toBe('Point (expected Polygon or MultiPolygon)')
    expect(byLine[4].detail).toBe('GeometryCollection (expected Polygon or MultiPolygon)')
    expect(byLine[5].detail).toBe('ring 1 position 2: ["119.11",36.7] is not finite numbers')
    expect(byLine[6].detail).toBe('ring 1 position 2: 200,36.7')
    expect(byLine[7].detail).toBe('ring 1: 3 positions (a ring needs 4)')
    expect(byLine[8].detail).toBe('ring 1: 2 distinct vertices (a ring needs 3)')
    // the bow-tie's diagonals cross at its centre
    expect(byLine[10].detail).toBe('ring 1 crosses itself at 119.105,36.705')
    expect(byLine[12].detail).toBe('A1 (first in feature 1)')
    // the whole MultiPolygon goes, and the detail names the bad part
    expect(byLine[14].detail).toBe('part 2: ring 1 crosses itself at 119.155,36.705')
    expect(byLine[15].detail).toBe('part 2, ring 1: 3 positions (a ring needs 4)')
    // the first crossing kinks meets: the hole's edge (5,2)-(1,3) through the shell's x = 4
    expect(byLine[17].detail).toBe('rings 1 and 2 cross at 119.14,36.7225')
    expect(byLine[23].detail).toBe('ring 1 crosses itself at 119.12,36.7')
  })

  it('keeps the good features with canonical properties', () => {
    expect(fc.features.map((f) => f.properties!.id)).toEqual(['A1', 'A9', 'A13', 'A16', 'A18', '42', 'A22'])
    expect(fc.features[0].properties).toEqual({ id: 'A1', name: 'Good', population: 100 })
    // numbers are stringified; a number name too
    expect(fc.features[5].properties).toEqual({ id: '42', name: '12' })
    // the hole is kept as a hole
    expect((fc.features[2].geometry as { coordinates: Position[][] }).coordinates).toHaveLength(2)
  })

  it('closes an unclosed ring and says so', () => {
    const coords = (fc.features[1].geometry as { coordinates: Position[][] }).coordinates[0]
    expect(coords).toHaveLength(5)
    expect(coords[4]).toEqual(coords[0])
    expect(report.warnings).toContain('1 feature(s) had a ring that was not closed: closed (features 9)')
  })

  it('keeps rings that only touch at a vertex, and counts them', () => {
    expect(report.warnings).toContain('3 feature(s) have rings touching at a vertex (not a crossing): kept (features 16, 18, 22)')
  })

  it('does not change its input', () => {
    expect((features[8] as Feature<Geometry>).geometry).toEqual(polygon(square(0, 0).slice(0, 4)))
  })
})

describe('validateFeatures: properties', () => {
  it('maps source properties to canonical names and keeps the others as they were', () => {
    const { fc, report } = validateFeatures(
      'compounds',
      collection([feature(polygon(square(0, 0)), { CODE: 7, NAME: '光明新村', POP: '2944', PARENT: 370702001, kind: 'old', built: 1991, extra: { a: [1, 'x'] } })]),
      { crs: 'wgs84', properties: { id: 'CODE', name: 'NAME', population: 'POP', parent_id: 'PARENT' } },
    )
    expect(report.rowsKept).toBe(1)
    expect(fc.features[0].properties).toEqual({
      id: '7', name: '光明新村', parent_id: '370702001', population: 2944,
      CODE: 7, NAME: '光明新村', POP: '2944', PARENT: 370702001, kind: 'old', built: 1991, extra: { a: [1, 'x'] },
    })
  })

  it('takes the Feature\'s own id when the properties have none', () => {
    const { fc } = validateFeatures('streets', collection([{ ...feature(polygon(square(0, 0)), { name: 'x' }), id: 9 }]), { crs: 'wgs84' })
    expect(fc.features[0].properties!.id).toBe('9')
  })

  it('keeps a bad population\'s feature, drops the value and names the feature', () => {
    const pops: unknown[] = [12345, '12345', ' 7.5 ', '12,345', '12345人', -5, '', null, 'NaN', true]
    const { fc, report } = validateFeatures(
      'grids',
      collection(pops.map((population, i) => feature(polygon(square(i, 0)), { id: `G${i + 1}`, population }))),
      { crs: 'wgs84' },
    )
    expect(report.rowsKept).toBe(10)
    expect(fc.features.map((f) => f.properties!.population)).toEqual([12345, 12345, 7.5, undefined, undefined, undefined, undefined, undefined, undefined, undefined])
    expect(fc.features.every((f, i) => i < 3 || !('population' in f.properties!))).toBe(true)
    expect(report.warnings).toEqual([
      '5 feature(s) have a population that is not a number ≥ 0: value dropped, feature kept (features 4 ("12,345"), 5 ("12345人"), 6 (-5), 9 ("NaN"), 10 (true))',
    ])
  })

  it('keeps HTML as plain text and strips C0 control characters except tab', () => {
    const html = '<script>alert("x")</script><b>粗</b> &amp;'
    const { fc } = validateFeatures(
      'keySites',
      collection([feature(polygon(square(0, 0)), { id: 'K\u00001', name: html + '\u0007\r\n\tend', note: { deep: ['a\u001bb'] }, memo: '<img src=x onerror=alert(1)>' })]),
      { crs: 'wgs84' },
    )
    expect(fc.features[0].properties).toEqual({
      id: 'K1', name: html + '\tend', note: { deep: ['ab'] }, memo: '<img src=x onerror=alert(1)>',
    })
  })

  it('normalises road classes (OSM, Geofabrik fclass, Chinese) and reports unknown ones', () => {
    const line = (i: number): Geometry => ({ type: 'LineString', coordinates: [at(i, 0), at(i, 1)] })
    const props: Record<string, unknown>[] = [
      { class: 'main' }, { highway: 'motorway' }, { highway: 'trunk_link' }, { fclass: 'primary' },
      { highway: 'secondary' }, { highway: 'tertiary' }, { highway: 'residential' }, { highway: 'service' },
      { class: '快速路' }, { class: '主干道' }, { class: '主干路' }, { class: '次干道' }, { class: '次干路' }, { class: '支路' },
      { class: ' Primary ' }, { class: 'boulevard' }, {}, { class: 'boulevard' },
    ]
    const { fc, report } = validateFeatures('roads', collection(props.map((p, i) => feature(line(i), p))), { crs: 'wgs84' })
    expect(fc.features.map((f) => f.properties!.class)).toEqual([
      'main', 'main', 'main', 'main', 'secondary', 'secondary', 'back', 'back',
      'main', 'main', 'main', 'secondary', 'secondary', 'back', 'main', 'back', 'back', 'back',
    ])
    // roads need no id: each gets #<feature number>
    expect(fc.features.map((f) => f.properties!.id)).toEqual(props.map((_, i) => `#${i + 1}`))
    expect(fc.features[1].properties).toEqual({ id: '#2', name: '', class: 'main', highway: 'motorway' })
    expect(report.warnings).toContain('3 road(s) have an unknown class, read as back: "boulevard" ×2, (none) ×1')
    expect(report.warnings).toContain('18 feature(s) without an id were named #<feature number> (features 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)')
  })

  it('renames a repeated id in an id-optional layer instead of dropping the feature', () => {
    const { fc, report } = validateFeatures(
      'buildings',
      collection([
        feature(polygon(square(0, 0)), { id: 'B1', floors: '5' }),
        feature(polygon(square(1, 0)), { id: 'B1', floors: 7 }),
        feature(polygon(square(2, 0)), { id: '#3', floors: 'five' }),
        feature(polygon(square(3, 0)), { floors: null }),
      ]),
      { crs: 'wgs84' },
    )
    expect(report.rejectedCount).toBe(0)
    expect(fc.features.map((f) => [f.properties!.id, f.properties!.floors])).toEqual([['B1', 5], ['#2', 7], ['#3', undefined], ['#4', undefined]])
    expect(report.warnings).toEqual([
      '1 feature(s) without an id were named #<feature number> (features 4)',
      '1 feature(s) repeat an id and were named #<feature number> (features 2 (B1))',
      '1 feature(s) have floors that are not a number ≥ 0: value dropped, feature kept (features 3 ("five"))',
    ])
  })
})

describe('validateFeatures: lines and points', () => {
  it('rejects lines with fewer than 2 distinct positions and names the part', () => {
    const { report } = validateFeatures(
      'roads',
      collection([
        feature({ type: 'LineString', coordinates: [at(0, 0), at(0, 0)] }),
        feature({ type: 'MultiLineString', coordinates: [[at(0, 0), at(1, 0)], [at(2, 0)]] }),
        feature(polygon(square(0, 0))),
        feature({ type: 'MultiLineString', coordinates: [[at(0, 0), at(1, 0)], [at(2, 0), at(3, 1)]] }),
      ]),
      { crs: 'wgs84' },
    )
    expect(report.rejected).toEqual([
      { line: 1, reason: 'invalid_geometry', detail: 'line: 1 distinct positions (a line needs 2)' },
      { line: 2, reason: 'invalid_geometry', detail: 'part 2: 1 distinct positions (a line needs 2)' },
      { line: 3, reason: 'wrong_geometry_type', detail: 'Polygon (expected LineString or MultiLineString)' },
    ])
    expect(report.rowsKept).toBe(1)
  })

  it('takes Points and one-point MultiPoints (as Points), nothing else', () => {
    const { fc, report } = validateFeatures(
      'checkpoints',
      collection([
        feature({ type: 'Point', coordinates: at(0, 0) }, { id: 'P1' }),
        feature({ type: 'MultiPoint', coordinates: [at(1, 0)] }, { id: 'P2' }),
        feature({ type: 'MultiPoint', coordinates: [at(1, 0), at(2, 0)] }, { id: 'P3' }),
        feature({ type: 'LineString', coordinates: [at(1, 0), at(2, 0)] }, { id: 'P4' }),
        feature({ type: 'Point', coordinates: [119.1] }, { id: 'P5' }),
        feature({ type: 'Point', coordinates: [119.1, 91] }, { id: 'P6' }),
        feature({ type: 'Point', coordinates: [119.1, 36.7, 12] }, { id: 'P7' }),
        feature({ type: 'Point', coordinates: at(0, 0) }, { id: '' }),
      ]),
      { crs: 'wgs84' },
    )
    expect(fc.features.map((f) => f.geometry)).toEqual([
      { type: 'Point', coordinates: at(0, 0) },
      { type: 'Point', coordinates: at(1, 0) },
      { type: 'Point', coordinates: [119.1, 36.7, 12] },
    ])
    expect(report.rejected).toEqual([
      { line: 3, reason: 'wrong_geometry_type', detail: 'MultiPoint with 2 points (expected Point)' },
      { line: 4, reason: 'wrong_geometry_type', detail: 'LineString (expected Point)' },
      { line: 5, reason: 'bad_coordinates', detail: 'point: [119.1] is not [lon, lat]' },
      { line: 6, reason: 'coordinates_out_of_range', detail: 'point: 119.1,91' },
      { line: 8, reason: 'missing_id' },
    ])
  })
})

describe('validateFeatures: coordinate systems', () => {
  it('converts GCJ-02 to WGS-84: a point made with fromWgs84 comes back within 1 m', () => {
    const wgs: Position = [119.105, 36.712]
    const gcj = fromWgs84(wgs[0], wgs[1], 'gcj02')
    // the GCJ-02 offset here is ~0.5 km: the test would fail without a conversion
    expect(metres(wgs, gcj)).toBeGreaterThan(400)
    const sq = square(0, 0).map((p) => fromWgs84(p[0], p[1], 'gcj02'))
    const { fc, report } = validateFeatures('stations', collection([feature({ type: 'Point', coordinates: gcj }, { id: 'S1' })]), { crs: 'gcj02' })
    expect(report.crs).toEqual({ from: 'gcj02', converted: true })
    expect(metres((fc.features[0].geometry as { coordinates: Position }).coordinates, wgs)).toBeLessThan(1)
    const poly = validateFeatures('streets', collection([feature(polygon(sq), { id: 'S' })]), { crs: 'gcj02' })
    const back = (poly.fc.features[0].geometry as { coordinates: Position[][] }).coordinates[0]
    back.forEach((p, i) => expect(metres(p, square(0, 0)[i])).toBeLessThan(1))
  })

  it('says nothing was converted for WGS-84', () => {
    const { report } = validateFeatures('stations', collection([feature({ type: 'Point', coordinates: at(0, 0) }, { id: 'S1' })]), { crs: 'wgs84' })
    expect(report.crs).toEqual({ from: 'wgs84', converted: false })
  })
})

describe('validateFeatures: file-level problems', () => {
  it('reports an empty collection', () => {
    const { fc, report } = validateFeatures('streets', collection([]), { crs: 'wgs84' })
    expect(report.errors).toEqual(['empty: no features'])
    expect(fc.features).toEqual([])
  })
  it('reports something that is not a FeatureCollection', () => {
    const { report } = validateFeatures('streets', [] as unknown as FeatureCollection<Geometry | null>, { crs: 'wgs84' })
    expect(report.errors).toEqual(['not a GeoJSON FeatureCollection'])
  })
  it('refuses the population kind (no geometry)', () => {
    const { report } = validateFeatures('population', collection([feature(polygon(square(0, 0)), { id: 'x' })]), { crs: 'wgs84' })
    expect(report.errors).toEqual(['kind population has no geometry'])
  })
})

describe('validateFeatures: real files', () => {
  it('Chicago police districts: 23 of 25 kept; district 31 comes in three pieces, kinks finds no crossing', () => {
    const fc = readJson(realData('chicago/police_districts.geojson')) as FeatureCollection<Geometry | null>
    const { fc: out, report } = validateFeatures('streets', fc, { crs: 'wgs84', properties: { id: 'dist_num', name: 'dist_label' } })
    expect(report.rowsRead).toBe(25)
    expect(report.rowsKept).toBe(23)
    expect(report.rejected).toEqual([
      { line: 4, reason: 'duplicate_id', detail: '31 (first in feature 3)' },
      { line: 12, reason: 'duplicate_id', detail: '31 (first in feature 3)' },
    ])
    expect(report.warnings).toEqual([])
    expect(out.features[0].properties).toEqual({ id: '17', name: '17TH', dist_num: '17', dist_label: '17TH' })
    // no polygon has a kink at all, touching or crossing
    for (const f of fc.features) expect(kinks(f.geometry as Geometry & { type: 'MultiPolygon' }).features).toEqual([])
  })

  it('Chicago community areas: all 77 kept (O\'Hare is a 3-part MultiPolygon)', () => {
    const fc = readJson(realData('chicago/community_areas.geojson')) as FeatureCollection<Geometry | null>
    const { fc: out, report } = validateFeatures('streets', fc, { crs: 'wgs84', properties: { id: 'area_numbe', name: 'community' } })
    expect(report.rowsKept).toBe(77)
    expect(report.rejectedCount).toBe(0)
    expect(report.warnings).toEqual([])
    expect(new Set(out.features.map((f) => f.properties!.id)).size).toBe(77)
    const ohare = out.features.find((f) => f.properties!.name === 'OHARE')!
    expect(ohare.geometry.type).toBe('MultiPolygon')
    expect((ohare.geometry as { coordinates: unknown[] }).coordinates).toHaveLength(3)
  })

  it('DataV 370702 (Weicheng) read as GCJ-02: its one outline kept and moved ~0.5 km west', () => {
    const raw = readJson(realData('china-districts/370702.json')) as Feature<Geometry>[]
    const { fc, report } = validateFeatures('streets', collection(raw), { crs: 'gcj02', properties: { id: 'adcode' } })
    expect(report.rowsRead).toBe(1)
    expect(report.rowsKept).toBe(1)
    expect(report.rejectedCount).toBe(0)
    expect(report.crs).toEqual({ from: 'gcj02', converted: true })
    expect(fc.features[0].properties).toMatchObject({ id: '370702', name: '潍城区', adcode: 370702 })
    const before = (raw[0].geometry as { coordinates: Position[][][] }).coordinates[0][0][0]
    const after = (fc.features[0].geometry as { coordinates: Position[][][] }).coordinates[0][0][0]
    // PROVENANCE: the GCJ-02 offset at Weicheng is about 526 m east and 62 m north
    expect(metres(before, after)).toBeGreaterThan(450)
    expect(metres(before, after)).toBeLessThan(600)
    expect(after[0]).toBeLessThan(before[0])
  })

  const demoLayers: [DatasetKind, string, number][] = [
    ['streets', 'streets', 7], ['compounds', 'compounds', 300], ['keySites', 'key_sites', 54], ['buildings', 'buildings', 12000],
    ['roads', 'roads', 262], ['stations', 'stations', 10], ['checkpoints', 'checkpoints', 20],
  ]
  for (const [kind, file, count] of demoLayers) {
    it(`demo ${file}: all ${count} kept, properties unchanged`, () => {
      const input = demo(file)
      const { fc, report } = validateFeatures(kind, input, { crs: 'wgs84', fileName: `${file}.geojson` })
      expect(report.rowsRead).toBe(count)
      expect(report.rowsKept).toBe(count)
      expect(report.rejected).toEqual([])
      expect(report.warnings).toEqual([])
      // the demo already follows the contract: properties come back the same (name '' added where none)
      fc.features.forEach((f, i) => expect(f.properties).toEqual({ name: '', ...input.features[i].properties }))
      fc.features.forEach((f, i) => expect(f.geometry).toEqual(input.features[i].geometry))
    })
  }
})
