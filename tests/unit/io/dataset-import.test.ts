import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import writeXlsxFile from 'write-excel-file/node'
import type { FeatureCollection } from 'geojson'
import { CATEGORIES, packedString } from '../../../src/core/incidents'
import { demoAsPoliceExport } from '../../fixtures/police-export'
import { previewImport, runImport, sourceFromBytes, type ImportPreview, type ImportReference } from '../../../src/io/dataset-import'
import type { DatasetKind } from '../../../src/io/dataset-kinds'
import { featuresBbox } from '../../../src/io/dataset-bbox'
import { reportToCsv } from '../../../src/io/import-report'
import distance from '@turf/distance'
import { zip as shpZip } from '@mapbox/shp-write'
import { realData } from '../../fixtures/real'

const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as FeatureCollection
const demoCompounds = readJson('geodata/demo/compounds.geojson')
const demoStreets = readJson('geodata/demo/streets.geojson')
const demoRef: ImportReference = { areas: demoCompounds, bbox: featuresBbox(demoStreets) }

async function preview(name: string, bytes: Uint8Array, kind: DatasetKind, reference = demoRef): Promise<ImportPreview> {
  const p = await previewImport(sourceFromBytes(name, bytes), kind, { reference })
  if ('error' in p) throw new Error(p.error)
  return p
}

/** Metres between two lon/lat points (local projection: exact enough at 1 m). */
function metres(a: [number, number], b: [number, number]): number {
  return distance(a, b, { units: 'meters' })
}

/** The first 600 demo incidents, in GCJ-02 with a Chinese police export header, GBK-encoded, with bad rows mixed in. */
function gbkGcjIncidents() {
  const rows = demoAsPoliceExport(600, { criminal: '刑事案件', public_order: '治安案件', fire: '火警', problem: '安全隐患' })
  const truth = rows.map((r) => r.wgs84)
  const out = ['接警单号,报警时间,警情类别,警情细类,经度,纬度,发案地点']
  for (const r of rows) out.push([r.id, r.time, r.category, r.subtype, r.lon, r.lat, r.address].join(','))
  // lines 602.. : one of each bad class
  out.push('BAD1,2025-01-01 10:00:00,刑事案件,x,,36.7,缺坐标')
  out.push('BAD2,2025-13-45 10:00:00,刑事案件,x,119.1,36.7,坏时间')
  out.push('BAD3,2025-01-01 10:00:00,刑事案件,x,219.1,36.7,越界')
  out.push(`${rows[0].id},2025-01-01 10:00:00,刑事案件,x,119.1,36.7,重复编号`)
  out.push('BAD5,2025-01-01 10:00:00,交通事故,x,119.1,36.7,<script>alert(1)</script>')
  return { bytes: new Uint8Array(iconv.encode(out.join('\r\n') + '\r\n', 'gbk')), truth }
}

describe('import: a GBK, GCJ-02 incident export with Chinese headers', () => {
  it('is previewed with its encoding, columns, categories and coordinate system detected', async () => {
    const { bytes } = gbkGcjIncidents()
    const p = await preview('警情.csv', bytes, 'incidents')
    expect(p.format).toBe('csv')
    expect(p.encoding?.name).toBe('gb18030')
    expect(p.header[p.mapping.time]).toBe('报警时间')
    expect(p.header[p.mapping.lon]).toBe('经度')
    expect(p.header[p.mapping.id]).toBe('接警单号')
    expect(p.missing).toEqual([])
    expect(p.crs.crs).toBe('gcj02')
    expect(p.crs.confident).toBe(true)
    const suggested = Object.fromEntries(p.categories.map((c) => [c.label, c.suggested]))
    expect(suggested).toMatchObject({ '刑事案件': 'criminal', '治安案件': 'public_order', '火警': 'fire', '安全隐患': 'problem', '交通事故': 'other' })
    expect(p.rows[0][0]).toBe('I000001')
    expect(p.lines[0]).toBe(2)
  })

  it('imports at the right place, names every bad row by its line, and can reject unknown categories', async () => {
    const { bytes, truth } = gbkGcjIncidents()
    const p = await preview('警情.csv', bytes, 'incidents')
    const categories = Object.fromEntries(p.categories.map((c) => [c.label, c.suggested]))
    const progress: number[] = []
    const o = await runImport(sourceFromBytes('警情.csv', bytes, 4096), {
      kind: 'incidents', encoding: 'auto', crs: p.crs.crs, mapping: p.mapping, categories, unknownCategory: 'reject',
    }, (pr) => progress.push(pr.bytesRead))
    expect(o.payload?.type).toBe('incidents')
    if (o.payload?.type !== 'incidents') return
    const c = o.payload.columns
    expect(c.count).toBe(600)
    let worst = 0
    for (let i = 0; i < c.count; i++) worst = Math.max(worst, metres(truth[i], [c.lon[i], c.lat[i]]))
    expect(worst).toBeLessThan(1)
    expect(o.report.crs).toEqual({ from: 'gcj02', converted: true })
    expect(o.report.encoding).toEqual({ name: 'gb18030', detected: true })
    expect(o.report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [602, 'missing_coordinates'], [603, 'bad_time'], [604, 'coordinates_out_of_range'], [605, 'duplicate_id'], [606, 'unknown_category'],
    ])
    expect(o.report.rejected[4].detail).toBe('交通事故')
    expect(CATEGORIES[c.category[0]]).toBe(lineCategory(0))
    expect(progress.at(-1)).toBe(bytes.length)
    expect(reportToCsv(o.report).split('\r\n')[1]).toBe('602,missing_coordinates,lon')
  })

  it('keeps unknown categories as other by default, and text with HTML as plain text', async () => {
    const { bytes } = gbkGcjIncidents()
    const p = await preview('警情.csv', bytes, 'incidents')
    const o = await runImport(sourceFromBytes('警情.csv', bytes), { kind: 'incidents', encoding: 'gbk', crs: 'gcj02', mapping: p.mapping })
    if (o.payload?.type !== 'incidents') throw new Error('no incidents')
    expect(o.count).toBe(601)
    expect(o.report.otherCategoryLabels).toMatchObject({ '交通事故': 1 })
    expect(packedString(o.payload.columns.address, 600)).toBe('<script>alert(1)</script>')
  })
})

function lineCategory(i: number): string {
  return readFileSync('geodata/demo/incidents.csv', 'utf8').split('\n')[i + 1].split(',')[2]
}

describe('import: spreadsheets, shapes and tables', () => {
  it('reads cameras from an .xlsx with Chinese headers; rejected rows carry their sheet row', async () => {
    const rows = [
      ['设备编号', '经度', '纬度', '设备类型', '方向角', '视场角', '可视距离', '在线状态'],
      ['C1', 119.1, 36.7, '枪机', 90, 60, 50, '在线'],
      ['C2', 119.2, 36.71, '球机', 0, null, null, '离线'],
      [null, 119.3, 36.72, '半球', 0, 360, 20, '在线'],
      ['C1', 119.3, 36.72, '半球', 0, 360, 20, '在线'],
    ].map((r) => r.map((v) => (v === null ? null : { value: v })))
    const bytes = new Uint8Array(await writeXlsxFile(rows as never).toBuffer())
    const p = await preview('摄像机.xlsx', bytes, 'cameras')
    expect(p.format).toBe('xlsx')
    expect(p.missing).toEqual([])
    const o = await runImport(sourceFromBytes('摄像机.xlsx', bytes), { kind: 'cameras', encoding: 'auto', crs: 'wgs84', mapping: p.mapping })
    if (o.payload?.type !== 'cameras') throw new Error('no cameras')
    const cam = o.payload.columns
    expect(cam.ids).toEqual(['C1', 'C2'])
    expect(Array.from(cam.type)).toEqual([0, 2]) // bullet, ptz
    expect(Array.from(cam.status)).toEqual([0, 1])
    expect(o.report.rejected.map((r) => [r.line, r.reason])).toEqual([[4, 'missing_id'], [5, 'duplicate_id']])
  })

  it('reads a GeoJSON area layer, rejecting bad features by number', async () => {
    const sq = (x: number) => [[[x, 36.7], [x + 0.01, 36.7], [x + 0.01, 36.71], [x, 36.71], [x, 36.7]]]
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 网格编号: 'G1', 网格名称: '一号网格' }, geometry: { type: 'Polygon', coordinates: sq(119.10) } },
        { type: 'Feature', properties: { 网格编号: 'G2', 网格名称: '蝴蝶' }, geometry: { type: 'Polygon', coordinates: [[[119.1, 36.7], [119.11, 36.71], [119.11, 36.7], [119.1, 36.71], [119.1, 36.7]]] } },
        { type: 'Feature', properties: { 网格编号: 'G3' }, geometry: { type: 'Point', coordinates: [119.1, 36.7] } },
        { type: 'Feature', properties: { 网格编号: 'G1' }, geometry: { type: 'Polygon', coordinates: sq(119.12) } },
        { type: 'Feature', properties: { 网格编号: 'G5', 网格名称: '<b>五</b>' }, geometry: { type: 'Polygon', coordinates: sq(119.14) } },
      ],
    }
    const bytes = new TextEncoder().encode(JSON.stringify(fc))
    const p = await preview('网格.geojson', bytes, 'grids')
    expect(p.geometry).toBe(true)
    expect(p.header[p.mapping.id]).toBe('网格编号')
    expect(p.header[p.mapping.name]).toBe('网格名称')
    const o = await runImport(sourceFromBytes('网格.geojson', bytes), { kind: 'grids', encoding: 'auto', crs: 'wgs84', mapping: p.mapping })
    if (o.payload?.type !== 'features') throw new Error('no features')
    expect(o.payload.fc.features.map((f) => [f.properties?.id, f.properties?.name])).toEqual([['G1', '一号网格'], ['G5', '<b>五</b>']])
    expect(o.report.rejected.map((r) => [r.line, r.reason])).toEqual([[2, 'self_intersection'], [3, 'wrong_geometry_type'], [4, 'duplicate_id']])
  })

  it('a 5-row export with one NUL byte inside a field: previewed, imported with 4 rows, the damaged line rejected by name', async () => {
    const rows = [1, 2, 3, 4, 5].map((k) => `B${k},2025-03-0${k} 22:30:00,刑事,盗窃,119.1${k},36.7${k},城关街道${k}号`)
    rows[2] = rows[2].replace('城关', '城\u0000关')
    const bytes = new TextEncoder().encode(['警情编号,报警时间,警情类别,警情细类,经度,纬度,发案地点', ...rows].join('\n') + '\n')
    const p = await previewImport(sourceFromBytes('警情.csv', bytes), 'incidents')
    if ('error' in p) throw new Error(p.error)
    expect(p.rows).toHaveLength(5)
    const o = await runImport(sourceFromBytes('警情.csv', bytes), { kind: 'incidents', encoding: 'auto', crs: 'wgs84', mapping: p.mapping })
    expect(o.count).toBe(4)
    expect(o.report.rejected).toEqual([{ line: 4, reason: 'control_character', detail: 'column 7 (发案地点)' }])
  })

  it('a Chinese export without an id column (发案时间,类别,经度,纬度,地址; 50 rows) imports all 50 with generated ids, twice the same', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `2025-03-${String(1 + (i % 28)).padStart(2, '0')} 08:15:00,${i % 2 ? '治安' : '刑事'},119.1${i},36.7${i % 10},城关街道${i}号`)
    const bytes = new TextEncoder().encode(['发案时间,类别,经度,纬度,地址', ...rows].join('\n') + '\n')
    const p = await previewImport(sourceFromBytes('无编号.csv', bytes), 'incidents')
    if ('error' in p) throw new Error(p.error)
    expect(p.mapping.id).toBe(-1)
    const again = async () => {
      const o = await runImport(sourceFromBytes('无编号.csv', bytes), { kind: 'incidents', encoding: 'auto', crs: 'wgs84', mapping: p.mapping })
      const cols = o.payload?.type === 'incidents' ? o.payload.columns : null
      if (!cols) throw new Error('no incidents')
      return { o, ids: Array.from({ length: cols.count }, (_, i) => packedString(cols.id, i)) }
    }
    const a = await again()
    expect(a.o.count).toBe(50)
    expect(a.o.report.warnings.join('\n')).toMatch(/no id column/)
    expect(a.ids.map((id) => id.split('-')[0])).toEqual(rows.map((_, i) => `L${i + 2}`))
    expect(new Set(a.ids).size).toBe(50)
    expect((await again()).ids).toEqual(a.ids)
  })

  it('a GeoJSON of polygons (patrol_zones) offers only area kinds; imported as incidents it is refused by name', async () => {
    const zones = { type: 'FeatureCollection', features: [1, 2].map((i) => ({ type: 'Feature', properties: { id: `Z${i}`, name: `巡区${i}` },
      geometry: { type: 'Polygon', coordinates: [[[119 + i / 100, 36.7], [119.005 + i / 100, 36.7], [119.005 + i / 100, 36.705], [119 + i / 100, 36.7]]] } })) }
    const bytes = new TextEncoder().encode(JSON.stringify(zones))
    const p = await preview('patrol_zones.geojson', bytes, 'incidents')
    expect(p.offered).toEqual(['streets', 'compounds', 'grids', 'keySites', 'buildings'])
    const o = await runImport(sourceFromBytes('patrol_zones.geojson', bytes), { kind: 'incidents', encoding: 'auto', crs: 'wgs84', mapping: p.mapping })
    expect(o.payload).toBeNull()
    expect(o.report.errors[0]).toBe('patrol_zones.geojson: its geometry fits streets, compounds, grids, keySites, buildings, not incidents')
    expect((await preview('patrol_zones.geojson', bytes, 'grids')).offered).toContain('grids')
    // a table offers the point kinds and the population table
    const csvForAreas = await previewImport(sourceFromBytes('streets.csv', new TextEncoder().encode('id,name\n1,a\n')), 'streets')
    expect(csvForAreas).toMatchObject({ offered: ['incidents', 'cameras', 'population', 'stations', 'checkpoints', 'tracks'] })
  })

  it('reports an empty file, a wrong file type and a file of the wrong kind instead of reading them', async () => {
    const empty = await runImport(sourceFromBytes('x.csv', new Uint8Array(0)), { kind: 'incidents', encoding: 'auto', crs: 'wgs84', mapping: {} })
    expect(empty.payload).toBeNull()
    expect(empty.report.errors[0]).toMatch(/empty file/)
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
    const notText = await previewImport(sourceFromBytes('incidents.csv', png), 'incidents')
    expect('error' in notText && notText.error).toMatch(/not a text file|wrong file type/)
    const csvForAreas = await previewImport(sourceFromBytes('streets.csv', new TextEncoder().encode('id,name\n1,a\n')), 'streets')
    expect('error' in csvForAreas && csvForAreas.error).toMatch(/wrong file type csv for streets/)
    expect(csvForAreas).toMatchObject({ code: 'wrong_file_type', found: 'csv', expected: ['geojson', 'shapefile'] })
    expect(await previewImport(sourceFromBytes('x.csv', new Uint8Array(0)), 'incidents')).toMatchObject({ code: 'empty_file' })
    const broken = await previewImport(sourceFromBytes('streets.geojson', new TextEncoder().encode('{"type": "FeatureCollection", "features": [')), 'streets')
    expect('error' in broken && broken.error).toMatch(/JSON/)
    expect(broken).toMatchObject({ code: 'unreadable' })
    const headerOnly = await runImport(sourceFromBytes('c.csv', new TextEncoder().encode('id,lon,lat\n')), { kind: 'cameras', encoding: 'auto', crs: 'wgs84', mapping: { id: 0, lon: 1, lat: 2 } })
    expect(headerOnly.payload).toBeNull()
    expect(headerOnly.report.errors[0]).toMatch(/no data rows/)
  })
})

describe('import: the real files in tests/fixtures/real', () => {
  it('Weicheng DataV outline (GCJ-02): detected against the demo district and converted onto it', async () => {
    const bytes = new Uint8Array(readFileSync(realData('china-districts/370702.json')))
    const p = await preview('370702.json', bytes, 'streets')
    expect(p.crs).toMatchObject({ crs: 'gcj02', confident: true, method: 'bbox-overlap' })
    expect(p.header[p.mapping.id]).toBe('adcode')
    const o = await runImport(sourceFromBytes('370702.json', bytes), { kind: 'streets', encoding: 'auto', crs: 'gcj02', mapping: p.mapping })
    if (o.payload?.type !== 'features') throw new Error('nothing read')
    expect(o.count).toBe(1)
    expect(o.payload.fc.features[0].properties).toMatchObject({ id: '370702', name: '潍城区' })
    // converted, its outline matches the demo district's (built from the same outline) within tens of metres
    const got = featuresBbox(o.payload.fc)!
    const want = featuresBbox(demoStreets)!
    expect(metres([got[0], got[1]], [want[0], want[1]])).toBeLessThan(60)
    expect(metres([got[2], got[3]], [want[2], want[3]])).toBeLessThan(60)
  })

  it('Chicago homicides: 13,171 of 13,174 rows, the 3 without coordinates named; WGS-84 outside China', async () => {
    const bytes = new Uint8Array(readFileSync(realData('chicago/homicides.csv')))
    const p = await preview('homicides.csv', bytes, 'incidents')
    expect(p.crs.method).toBe('outside-china')
    const o = await runImport(sourceFromBytes('homicides.csv', bytes), { kind: 'incidents', encoding: 'auto', crs: p.crs.crs, mapping: p.mapping, categories: { HOMICIDE: 'criminal' } })
    expect(o.count).toBe(13171)
    expect(o.report.rejected.map((r) => [r.line, r.reason])).toEqual([[517, 'missing_coordinates'], [4201, 'missing_coordinates'], [5107, 'missing_coordinates']])
    if (o.payload?.type !== 'incidents') throw new Error('no incidents')
    expect(new Set(o.payload.columns.category)).toEqual(new Set([0]))
  })

  it('Chicago community areas with their population table; police districts with a repeated district number', async () => {
    const areas = new Uint8Array(readFileSync(realData('chicago/community_areas.geojson')))
    const pa = await preview('community_areas.geojson', areas, 'compounds', { areas: null, bbox: null })
    const oa = await runImport(sourceFromBytes('community_areas.geojson', areas), { kind: 'compounds', encoding: 'auto', crs: 'wgs84', mapping: pa.mapping })
    expect(oa.count).toBe(77)
    const pop = new Uint8Array(readFileSync(realData('chicago/community_populations.csv')))
    const pp = await preview('community_populations.csv', pop, 'population')
    const op = await runImport(sourceFromBytes('community_populations.csv', pop), { kind: 'population', encoding: 'auto', crs: 'wgs84', mapping: pp.mapping })
    if (op.payload?.type !== 'population') throw new Error('no population')
    expect(op.payload.rows.length).toBe(77)
    expect(new Map(op.payload.rows).get('1')).toBe(54991)
    const ids = new Set(oa.payload?.type === 'features' ? oa.payload.fc.features.map((f) => String(f.properties?.id)) : [])
    expect(op.payload.rows.every(([id]) => ids.has(id))).toBe(true)

    const districts = new Uint8Array(readFileSync(realData('chicago/police_districts.geojson')))
    const pd = await preview('police_districts.geojson', districts, 'streets', { areas: null, bbox: null })
    const od = await runImport(sourceFromBytes('police_districts.geojson', districts), {
      kind: 'streets', encoding: 'auto', crs: 'wgs84', mapping: { ...pd.mapping, id: pd.header.indexOf('dist_num'), name: pd.header.indexOf('dist_label') },
    })
    expect(od.count).toBe(23)
    expect(od.report.rejected.map((r) => [r.line, r.reason])).toEqual([[4, 'duplicate_id'], [12, 'duplicate_id']])
  })

  it('Chicago police districts as a zipped shapefile: the same 23 kept and 2 repeated ids named', async () => {
    const gj = readJson(realData('chicago/police_districts.geojson'))
    const bytes = await shpZip<'uint8array'>(gj, { outputType: 'uint8array', compression: 'DEFLATE' })
    const p = await preview('police_districts.zip', bytes, 'streets', { areas: null, bbox: null })
    expect(p.format).toBe('shapefile')
    const o = await runImport(sourceFromBytes('police_districts.zip', bytes), {
      kind: 'streets', encoding: 'auto', crs: 'wgs84', mapping: { ...p.mapping, id: p.header.indexOf('dist_num') },
    })
    expect(o.count).toBe(23)
    expect(o.report.rejected.map((r) => [r.line, r.reason])).toEqual([[4, 'duplicate_id'], [12, 'duplicate_id']])
  })

  it('the demo district re-imports whole: every layer kept as it is', async () => {
    for (const [file, kind, n] of [
      ['streets.geojson', 'streets', 7], ['compounds.geojson', 'compounds', 300], ['key_sites.geojson', 'keySites', 54],
      ['stations.geojson', 'stations', 10], ['checkpoints.geojson', 'checkpoints', 20], ['roads.geojson', 'roads', 262],
      ['cameras.csv', 'cameras', -1],
    ] as const) {
      const bytes = new Uint8Array(readFileSync(`geodata/demo/${file}`))
      const p = await preview(file, bytes, kind)
      expect([file, p.crs.crs]).toEqual([file, 'wgs84'])
      const o = await runImport(sourceFromBytes(file, bytes), { kind, encoding: 'auto', crs: 'wgs84', mapping: p.mapping })
      expect([file, o.report.rejectedCount, o.report.errors]).toEqual([file, 0, []])
      if (n > 0) expect([file, o.count]).toEqual([file, n])
    }
  })
})
