import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { write as shpWrite, zip as shpZip } from '@mapbox/shp-write'
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { realData } from '../../fixtures/real'
import { lineColumn, readGeoFile } from '../../../src/io/geo-file'
import { makeZip } from './fixtures/h1-zip'

const utf8 = (s: string) => new TextEncoder().encode(s)
const gbkBytes = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'))
/** shp-write puts the low byte of each UTF-16 unit into the .dbf, so text given as one char per byte lands as those bytes. */
const asBytes = (b: Uint8Array) => String.fromCharCode(...b)
const gbkChars = (s: string) => asBytes(gbkBytes(s))
const utf8Chars = (s: string) => asBytes(utf8(s))

const feature = (geometry: Geometry | null, properties: Record<string, unknown> = {}): Feature<Geometry | null> =>
  ({ type: 'Feature', properties, geometry })
/** A clockwise square (the shapefile's outer-ring order), closed. */
const square = (x: number, y: number, d: number): Position[] => [[x, y], [x, y + d], [x + d, y + d], [x + d, y], [x, y]]

async function zipOf(fc: FeatureCollection, prj?: string): Promise<Uint8Array> {
  return shpZip<'uint8array'>(fc as FeatureCollection, { outputType: 'uint8array', compression: 'DEFLATE', ...(prj ? { prj } : {}) })
}

/** .shp/.dbf bytes for polygons written by shp-write, to zip with our own .cpg/.prj choices. */
function polygonFiles(rows: Record<string, unknown>[], rings: Position[][]): { shp: Uint8Array; dbf: Uint8Array } {
  let out: { shp: Uint8Array; dbf: Uint8Array } | undefined
  shpWrite(rows, 'POLYGON', rings.map((r) => [r]), (err, files) => {
    if (err) throw err
    const b = (v: DataView) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
    out = { shp: b(files.shp as DataView), dbf: b(files.dbf as DataView) }
  })
  return out!
}

const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]'
const MERCATOR_PRJ = 'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]'
/** What Chinese survey data usually comes in: CGCS2000, 3-degree Gauss-Kruger zone with central meridian 120°E. */
const GK120_PRJ = 'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'

const R = 6378137
const mercator = ([lon, lat]: Position): Position => [R * lon * Math.PI / 180, R * Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360))]

// ---------------------------------------------------------------------------------------------

describe('readGeoFile: GeoJSON containers', () => {
  const fc = {
    type: 'FeatureCollection',
    features: [
      feature({ type: 'Point', coordinates: [119.1, 36.7] }, { id: 'a', name: '西关派出所' }),
      feature({ type: 'Polygon', coordinates: [square(119, 36.6, 0.1)] }, { id: 'b' }),
    ],
  }

  it('a FeatureCollection comes back as it is', async () => {
    const r = await readGeoFile(utf8(JSON.stringify(fc)), 'areas.geojson')
    expect(r).toEqual({ fc, format: 'geojson', warnings: [] })
    expect(r.prj).toBeUndefined()
    expect(r.reprojected).toBeUndefined()
  })

  it('a bare array of Features is wrapped; with adcode it is DataV, said in a warning, coordinates untouched', async () => {
    const datav = [feature({ type: 'Point', coordinates: [119.103784, 36.710062] }, { adcode: 370702, name: '潍城区' })]
    const r = await readGeoFile(utf8(JSON.stringify(datav)), '370702.json')
    expect(r.fc).toEqual({ type: 'FeatureCollection', features: datav })
    expect(r.warnings).toEqual(['Aliyun DataV layout (a bare array of Features with adcode): DataV coordinates are GCJ-02'])
    const plain = await readGeoFile(utf8(JSON.stringify(fc.features)), 'plain.json')
    expect(plain.fc.features).toHaveLength(2)
    expect(plain.warnings).toEqual([])
    expect((await readGeoFile(utf8('[]'), 'none.json')).fc).toEqual({ type: 'FeatureCollection', features: [] })
  })

  it('a single Feature or a bare Geometry is wrapped', async () => {
    const f = fc.features[1]
    expect((await readGeoFile(utf8(JSON.stringify(f)), 'f.geojson')).fc).toEqual({ type: 'FeatureCollection', features: [f] })
    const g = { type: 'MultiPoint', coordinates: [[119, 36], [120, 37]] }
    expect((await readGeoFile(utf8(JSON.stringify(g)), 'g.geojson')).fc).toEqual({ type: 'FeatureCollection', features: [feature(g as Geometry)] })
    const gc = { type: 'GeometryCollection', geometries: [g] }
    expect((await readGeoFile(utf8(JSON.stringify(gc)), 'gc.geojson')).fc.features[0].geometry).toEqual(gc)
  })

  it('features are not validated here: bad ones are passed on for the importer to number', async () => {
    const odd = { type: 'FeatureCollection', features: [null, feature(null), { type: 'Point', coordinates: [0, 0] }] }
    expect((await readGeoFile(utf8(JSON.stringify(odd)), 'odd.geojson')).fc.features).toEqual(odd.features)
    const mixed = [feature({ type: 'Point', coordinates: [1, 2] }), 7]
    expect((await readGeoFile(utf8(JSON.stringify(mixed)), 'mixed.json')).fc.features).toHaveLength(2)
  })

  it('GBK text is decoded (auto or forced), a BOM is stripped', async () => {
    const text = JSON.stringify({ type: 'Feature', properties: { name: '北关街道' }, geometry: null })
    expect((await readGeoFile(gbkBytes(text), 'gbk.geojson')).fc.features[0].properties).toEqual({ name: '北关街道' })
    expect((await readGeoFile(gbkBytes(text), 'gbk.geojson', { encoding: 'gbk' })).fc.features[0].properties).toEqual({ name: '北关街道' })
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)])
    expect((await readGeoFile(bom, 'bom.geojson')).fc.features[0].properties).toEqual({ name: '北关街道' })
  })

  it('an old-style crs member that is not lon/lat is a warning; CRS84, 4326 and 4490 are not', async () => {
    const withCrs = (name: string) => utf8(JSON.stringify({ ...fc, crs: { type: 'name', properties: { name } } }))
    expect((await readGeoFile(withCrs('urn:ogc:def:crs:EPSG::3857'), 'm.geojson')).warnings)
      .toEqual(['the file declares crs "urn:ogc:def:crs:EPSG::3857": GeoJSON is read as longitude/latitude and is not reprojected'])
    for (const name of ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326', 'urn:ogc:def:crs:EPSG::4490']) {
      expect((await readGeoFile(withCrs(name), 'ok.geojson')).warnings).toEqual([])
    }
  })
})

describe('readGeoFile: errors name the file', () => {
  it('empty: no bytes, whitespace, a BOM only', async () => {
    await expect(readGeoFile(new Uint8Array(0), 'e.geojson')).rejects.toThrow('e.geojson: empty file')
    await expect(readGeoFile(utf8(' \r\n\t'), 'e.geojson')).rejects.toThrow('e.geojson: empty file')
    await expect(readGeoFile(Uint8Array.of(0xef, 0xbb, 0xbf), 'e.geojson')).rejects.toThrow('e.geojson: empty file')
  })

  it('not JSON: the line and column when the engine gives a position', async () => {
    // line 4 is `    {"type": "Feature" "geometry": null}`: the second key starts at column 24
    const text = '{\n  "type": "FeatureCollection",\n  "features": [\n    {"type": "Feature" "geometry": null}\n  ]\n}\n'
    await expect(readGeoFile(utf8(text), 'bad.geojson')).rejects.toThrow(new Error('bad.geojson is not valid JSON: syntax error at line 4, column 24'))
    await expect(readGeoFile(utf8('{"type": "FeatureCollection", "features": ['), 'cut.geojson'))
      .rejects.toThrow(/^cut\.geojson is not valid JSON(: the text ends too early|: syntax error at line 1, column 44)$/)
    // V8 words some errors without a position
    await expect(readGeoFile(utf8('{"a": tru}'), 'tru.geojson')).rejects.toThrow(/^tru\.geojson is not valid JSON/)
    await expect(readGeoFile(utf8('id,lon,lat\n1,2,3\n'), 'table.geojson')).rejects.toThrow(/^table\.geojson is not valid JSON/)
  })

  it('lineColumn counts lines and UTF-16 columns', () => {
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumn('ab\ncd\r\nef', 3)).toEqual({ line: 2, column: 1 })
    expect(lineColumn('ab\ncd\r\nef', 8)).toEqual({ line: 3, column: 2 })
    expect(lineColumn('名称\n', 2)).toEqual({ line: 1, column: 3 })
  })

  it('JSON that is not GeoJSON says what it is', async () => {
    const cases: [string, string][] = [
      ['{"name":"x","rows":[1]}', 'x.json is JSON but not GeoJSON: it is an object with keys "name", "rows"'],
      ['{"type":"Sheet"}', 'x.json is JSON but not GeoJSON: it is an object of type "Sheet"'],
      ['{}', 'x.json is JSON but not GeoJSON: it is an empty object'],
      ['"hello"', 'x.json is JSON but not GeoJSON: it is a string'],
      ['42', 'x.json is JSON but not GeoJSON: it is a number'],
      ['null', 'x.json is JSON but not GeoJSON: it is null'],
      ['[1,2,3]', 'x.json is a JSON array but not of GeoJSON Features (its first item is a number)'],
      ['[{"id":1}]', 'x.json is a JSON array but not of GeoJSON Features (its first item is an object with keys "id")'],
      ['{"type":"FeatureCollection"}', 'x.json: a FeatureCollection without a "features" array'],
      ['{"type":"Topology","objects":{}}', 'x.json is TopoJSON, not GeoJSON: convert it to GeoJSON first'],
    ]
    for (const [text, message] of cases) await expect(readGeoFile(utf8(text), 'x.json')).rejects.toThrow(new Error(message))
  })
})

describe('readGeoFile: real GeoJSON files', () => {
  it('DataV 370702.json (Weicheng): one MultiPolygon feature, wrapped, GCJ-02 coordinates as in the file', async () => {
    const bytes = new Uint8Array(readFileSync(realData('china-districts/370702.json')))
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Feature<MultiPolygon>[]
    const r = await readGeoFile(bytes, '370702.json')
    expect(r.format).toBe('geojson')
    expect(r.fc.features).toHaveLength(1)
    const f = r.fc.features[0] as Feature<MultiPolygon>
    expect(f.properties).toMatchObject({ adcode: 370702, name: '潍城区' })
    expect(f.geometry.type).toBe('MultiPolygon')
    expect(f.geometry.coordinates[0][0][0]).toEqual([119.065784, 36.58869])
    expect(f.geometry).toEqual(raw[0].geometry)
    expect(r.warnings).toHaveLength(1)
  })

  it('Chicago police districts (25) and community areas (77)', async () => {
    const pd = await readGeoFile(new Uint8Array(readFileSync(realData('chicago/police_districts.geojson'))), 'police_districts.geojson')
    expect(pd.fc.features).toHaveLength(25)
    expect(pd.warnings).toEqual([])
    expect(pd.fc.features.map((f) => f.properties?.dist_num).sort((a, b) => Number(a) - Number(b)).slice(0, 3)).toEqual(['1', '2', '3'])
    const ca = await readGeoFile(new Uint8Array(readFileSync(realData('chicago/community_areas.geojson'))), 'community_areas.geojson')
    expect(ca.fc.features).toHaveLength(77)
    expect(new Set(ca.fc.features.map((f) => f.properties?.community)).size).toBe(77)
  })
})

// ---------------------------------------------------------------------------------------------

describe('readGeoFile: zipped shapefiles', () => {
  const polys = (rings: Position[][], props: Record<string, unknown>[]): FeatureCollection =>
    ({ type: 'FeatureCollection', features: rings.map((r, i) => feature({ type: 'Polygon', coordinates: [r] }, props[i])) as Feature<Geometry>[] })

  it('polygons with attributes, as shp-write writes them (deflated, WGS-84 .prj): coordinates exact, not reprojected', async () => {
    const rings = [square(119.0, 36.7, 0.01), square(119.1, 36.6, 0.02)]
    const r = await readGeoFile(await zipOf(polys(rings, [{ id: 'S1', pop: 1200 }, { id: 'S2', pop: null }])), 'streets.zip')
    expect(r.format).toBe('shapefile')
    expect(r.prj).toBe(WGS84_PRJ)
    expect(r.reprojected).toBe(false)
    expect(r.warnings).toEqual([])
    expect(r.fc.features.map((f) => (f.geometry as Polygon).coordinates)).toEqual(rings.map((ring) => [ring]))
    // an empty numeric field is NaN in parsedbf: null here, so the properties stay JSON
    expect(r.fc.features.map((f) => f.properties)).toEqual([{ id: 'S1', pop: 1200 }, { id: 'S2', pop: null }])
  })

  it('shp-write writes text as the low byte of each UTF-16 unit: Chinese given as text does not survive', async () => {
    const { dbf } = polygonFiles([{ 名称: '西关' }], [square(0, 0, 1)])
    // field name at byte 32: 名 U+540D -> 0x0D, 称 U+79F0 -> 0xF0
    expect(Array.from(dbf.subarray(32, 34))).toEqual([0x0d, 0xf0])
  })

  it('GBK attribute names and values without a .cpg: detected, read as GBK, with a warning', async () => {
    const props = [{ [gbkChars('名称')]: gbkChars('西关街道'), [gbkChars('人口')]: 52000 }, { [gbkChars('名称')]: gbkChars('北关街道'), [gbkChars('人口')]: 61000 }]
    const r = await readGeoFile(await zipOf(polys([square(119, 36.7, 0.01), square(119.1, 36.7, 0.01)], props)), '街道.zip')
    expect(r.fc.features.map((f) => f.properties)).toEqual([{ 名称: '西关街道', 人口: 52000 }, { 名称: '北关街道', 人口: 61000 }])
    expect(r.warnings).toEqual(['POLYGON.dbf: no usable .cpg and the text is not UTF-8, so it was read as GBK (GB18030)'])
  })

  it('UTF-8 attributes without a .cpg are read as UTF-8 (what shpjs does), no warning', async () => {
    const r = await readGeoFile(await zipOf(polys([square(119, 36.7, 0.01)], [{ [utf8Chars('名称')]: utf8Chars('于河街道') }])), 'u.zip')
    expect(r.fc.features[0].properties).toEqual({ 名称: '于河街道' })
    expect(r.warnings).toEqual([])
  })

  it('a .cpg decides: GBK, 936, ANSI 936, CP936, UTF-8; the user\'s explicit choice overrides it', async () => {
    const gbkFiles = polygonFiles([{ [gbkChars('名称')]: gbkChars('望留街道') }], [square(119, 36.7, 0.01)])
    for (const cpg of ['GBK', '936', 'ANSI 936\r\n', 'CP936', 'gb2312']) {
      const zip = makeZip({ '街道.shp': gbkFiles.shp, '街道.dbf': gbkFiles.dbf, '街道.cpg': cpg, '街道.prj': WGS84_PRJ })
      const r = await readGeoFile(zip, 'z.zip')
      expect(r.fc.features[0].properties).toEqual({ 名称: '望留街道' })
      expect(r.warnings).toEqual([])
    }
    // a .cpg that lies: the user sees mojibake and picks GBK
    const lying = makeZip({ 'a.shp': gbkFiles.shp, 'a.dbf': gbkFiles.dbf, 'a.cpg': 'UTF-8' })
    expect((await readGeoFile(lying, 'z.zip')).fc.features[0].properties).not.toEqual({ 名称: '望留街道' })
    expect((await readGeoFile(lying, 'z.zip', { encoding: 'gbk' })).fc.features[0].properties).toEqual({ 名称: '望留街道' })
    // an unknown .cpg: guessed, and said so
    const unknown = await readGeoFile(makeZip({ 'a.shp': gbkFiles.shp, 'a.dbf': gbkFiles.dbf, 'a.cpg': 'System' }), 'z.zip')
    expect(unknown.fc.features[0].properties).toEqual({ 名称: '望留街道' })
    expect(unknown.warnings).toEqual([
      'a.dbf: its .cpg names an unknown encoding "System"; the text encoding was guessed',
      'a.dbf: no usable .cpg and the text is not UTF-8, so it was read as GBK (GB18030)',
    ])
  })

  it('GBK entry names, a folder, macOS junk, data descriptors', async () => {
    const { shp, dbf } = polygonFiles([{ id: 'G1' }], [square(119, 36.7, 0.01)])
    for (const opts of [{ gbkNames: true }, { dataDescriptor: true }]) {
      const zip = makeZip({ '潍城/网格.shp': shp, '潍城/网格.dbf': dbf, '__MACOSX/潍城/._网格.shp': 'junk', '潍城/说明.txt': 'x' }, opts)
      const r = await readGeoFile(zip, 'grids.zip')
      expect(r.fc.features.map((f) => f.properties)).toEqual([{ id: 'G1' }])
      expect(r.warnings).toEqual([])
      expect(r.prj).toBeUndefined()
      expect(r.reprojected).toBe(false)
    }
  })

  it('Web Mercator .prj: reprojected to lon/lat (checked against the spherical formula)', async () => {
    const lonlat = square(119.05, 36.68, 0.05)
    const r = await readGeoFile(await zipOf(polys([lonlat.map(mercator)], [{ id: 'M' }]), MERCATOR_PRJ), 'merc.zip')
    expect(r.reprojected).toBe(true)
    expect(r.prj).toBe(MERCATOR_PRJ)
    const got = (r.fc.features[0].geometry as Polygon).coordinates[0]
    got.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(lonlat[i][0], 9)
      expect(p[1]).toBeCloseTo(lonlat[i][1], 9)
    })
  })

  it('CGCS2000 Gauss-Kruger 120E: easting 500 km is the central meridian; northing 4,000 km is the meridian arc to ~36.13°N', async () => {
    const pt: FeatureCollection = { type: 'FeatureCollection', features: [feature({ type: 'Point', coordinates: [500000, 4000000] }, { id: 'P' }) as Feature<Point>] }
    const r = await readGeoFile(await zipOf(pt, GK120_PRJ), 'gk.zip')
    expect(r.reprojected).toBe(true)
    const [lon, lat] = (r.fc.features[0].geometry as Point).coordinates
    expect(lon).toBeCloseTo(120, 9)
    // meridian arc length (series for a WGS-84-like ellipsoid, good to a metre): 4,000 km at the returned latitude
    const arc = (deg: number) => 111132.952 * deg - 16038.509 * Math.sin(2 * deg * Math.PI / 180) + 16.833 * Math.sin(4 * deg * Math.PI / 180)
    expect(Math.abs(arc(lat) - 4000000)).toBeLessThan(5)
  })

  it('a .prj proj4 cannot read: coordinates left as they are, with a warning', async () => {
    const bad = 'PROJCS["Local",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]],PROJECTION["No_Such_Projection"],UNIT["Meter",1.0]]'
    const r = await readGeoFile(await zipOf(polys([square(500000, 4000000, 100)], [{ id: 'L' }]), bad), 'local.zip')
    expect(r.reprojected).toBe(false)
    expect(r.prj).toBe(bad)
    expect((r.fc.features[0].geometry as Polygon).coordinates[0]).toEqual(square(500000, 4000000, 100))
    expect(r.warnings).toEqual(['POLYGON.prj: proj4 cannot read this projection, so the coordinates are left as in the file (projected, not longitude/latitude)'])
  })

  it('no .prj with projected coordinates: a warning; no .dbf: a warning and empty properties', async () => {
    const { shp } = polygonFiles([{ id: 'X' }], [square(500000, 4000000, 100)])
    const r = await readGeoFile(makeZip({ 'x.shp': shp }), 'x.zip')
    expect(r.fc.features).toEqual([feature({ type: 'Polygon', coordinates: [square(500000, 4000000, 100)] }, {})])
    expect(r.warnings).toEqual([
      'x.shp: no .prj, and the coordinates are not longitude/latitude (projected?)',
      'x.shp has no .dbf: its features have no attributes',
    ])
  })

  it('several layers are merged, with a warning naming them', async () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        feature({ type: 'Point', coordinates: [119.1, 36.7] }, { kind: 'station' }) as Feature<Geometry>,
        feature({ type: 'Polygon', coordinates: [square(119, 36.6, 0.1)] }, { kind: 'area' }) as Feature<Geometry>,
      ],
    }
    const r = await readGeoFile(await zipOf(fc), 'mixed.zip')
    expect(r.fc.features.map((f) => [f.geometry?.type, f.properties?.kind])).toEqual([['Point', 'station'], ['Polygon', 'area']])
    expect(r.warnings).toEqual(['2 layers merged into one: POINT.shp (1), POLYGON.shp (1)'])
  })

  it('file-level problems throw, naming the file', async () => {
    await expect(readGeoFile(makeZip({ 'roads.dbf': new Uint8Array(40), 'readme.txt': 'x' }), 'roads.zip'))
      .rejects.toThrow(new Error('roads.zip: the zip archive holds no .shp file (it holds roads.dbf, readme.txt)'))
    await expect(readGeoFile(makeZip({}), 'empty.zip')).rejects.toThrow(new Error('empty.zip: the zip archive holds no .shp file (it is empty)'))
    const good = await zipOf(polys([square(119, 36.7, 0.01)], [{ id: 'S1' }]))
    await expect(readGeoFile(good.subarray(0, good.length - 30), 'cut.zip')).rejects.toThrow(new Error('cut.zip is not a readable zip archive'))
    const { shp } = polygonFiles([{ id: 'X' }], [square(0, 0, 1)])
    await expect(readGeoFile(shp, 'x.shp')).rejects.toThrow(/^x\.shp is a bare \.shp file: import the shapefile as one \.zip/)
    await expect(readGeoFile(utf8('hello'), 'areas.zip')).rejects.toThrow(new Error('areas.zip is not a zip archive'))
    const broken = makeZip({ 'a.shp': shp.subarray(0, 50) })
    await expect(readGeoFile(broken, 'broken.zip')).rejects.toThrow(/^broken\.zip: a\.shp cannot be read/)
  })

  it('real data: the 25 Chicago police districts through shp-write and back', async () => {
    const gj = JSON.parse(readFileSync(realData('chicago/police_districts.geojson'), 'utf8')) as FeatureCollection<MultiPolygon>
    const r = await readGeoFile(await zipOf(gj as FeatureCollection), 'police_districts.zip')
    expect(r.fc.features).toHaveLength(25)
    expect(r.warnings).toEqual([])
    const vertices = (g: Geometry | null) => JSON.stringify(g && 'coordinates' in g ? g.coordinates : []).split('],[').length
    r.fc.features.forEach((f, i) => {
      expect(f.properties).toEqual(gj.features[i].properties)
      expect(vertices(f.geometry)).toBe(vertices(gj.features[i].geometry))
    })
  })
})
