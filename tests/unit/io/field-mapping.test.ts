import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import type { FeatureCollection, Geometry } from 'geojson'
import {
  KIND_FIELDS, autoMap, missingRequired, normaliseHeader, pointFeaturesToTable, remapToCsv,
} from '../../../src/io/field-mapping'
import { DATASET_KINDS } from '../../../src/io/dataset-kinds'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { readCamerasCsv } from '../../../src/io/cameras-csv'
import { readPopulationCsv } from '../../../src/io/population-csv'
import { realData } from '../../fixtures/real'

function table(path: string): { header: string[]; rows: string[][] } {
  const data = Papa.parse<string[]>(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data
  return { header: data[0], rows: data.slice(1) }
}

function firstLine(path: string): string[] {
  return readFileSync(path, 'utf8').split(/\r?\n/)[0].split(',')
}

const POLICE_HEADER = '序号,接警单号,报警时间,警情类别,警情细类,经度,纬度,发案地点'.split(',')

describe('normaliseHeader', () => {
  it('drops case, separators, a BOM and units in brackets (full-width too)', () => {
    expect(normaliseHeader(' Primary_Type ')).toBe('primarytype')
    expect(normaliseHeader('\uFEFFID')).toBe('id')
    expect(normaliseHeader('经度(°)')).toBe('经度')
    expect(normaliseHeader('可视距离（米）')).toBe('可视距离')
    expect(normaliseHeader('range [m]')).toBe('range')
    expect(normaliseHeader('ＩＤ')).toBe('id')
    expect(normaliseHeader('(id)')).toBe('id')
  })
})

describe('KIND_FIELDS', () => {
  it('has every kind, the canonical name first among each field\'s aliases, and no field twice', () => {
    for (const kind of DATASET_KINDS) {
      const fields = KIND_FIELDS[kind].map((f) => f.field)
      expect(fields.length).toBeGreaterThan(0)
      expect(new Set(fields).size).toBe(fields.length)
      for (const f of KIND_FIELDS[kind]) expect(f.aliases[0]).toBe(f.field)
    }
    // the readers' required columns
    const req = (kind: (typeof DATASET_KINDS)[number]) => KIND_FIELDS[kind].filter((f) => f.required).map((f) => f.field)
    // an incident export without an id is read with generated ids (incidents-csv.test.ts)
    expect(req('incidents')).toEqual(['time', 'category', 'lon', 'lat'])
    expect(req('cameras')).toEqual(['id', 'lon', 'lat'])
    expect(req('population')).toEqual(['area_id', 'population'])
    expect(req('streets')).toEqual(['id'])
    expect(req('buildings')).toEqual([])
  })
})

describe('autoMap on real headers', () => {
  it('maps the Chicago crime schema (homicides.csv) and leaves the State Plane X/Y alone', () => {
    const h = firstLine(realData('chicago/homicides.csv'))
    const m = autoMap('incidents', h)
    const col = (name: string) => h.indexOf(name)
    expect(m).toEqual({
      id: col('ID'), time: col('Date'), category: col('Primary Type'), subtype: col('Description'),
      lon: col('Longitude'), lat: col('Latitude'), address: col('Block'), time_to: -1, victim: -1,
    })
    expect(missingRequired('incidents', m)).toEqual([])
  })

  it('finds the id of real exports under Case No, 案件编号, 警情编号, 接警单号; a file with none maps no id and lacks nothing', () => {
    for (const name of ['Case No', 'case_no', 'CASE NUMBER', '案件编号', '警情编号', '接警单号']) {
      expect(autoMap('incidents', ['发案时间', '类别', name, '经度', '纬度']).id).toBe(2)
    }
    const none = autoMap('incidents', ['发案时间', '类别', '经度', '纬度', '地址'])
    expect(none).toMatchObject({ id: -1, time: 0, category: 1, lon: 2, lat: 3, address: 4 })
    expect(missingRequired('incidents', none)).toEqual([])
  })

  it('maps a Chinese police export header: the alarm number is the id, not the row number', () => {
    expect(autoMap('incidents', POLICE_HEADER)).toEqual({ id: 1, time: 2, category: 3, subtype: 4, lon: 5, lat: 6, address: 7, time_to: -1, victim: -1 })
  })

  it('maps the demo contract headers onto themselves', () => {
    for (const [kind, file] of [['incidents', 'incidents.csv'], ['cameras', 'cameras.csv']] as const) {
      const h = firstLine(`geodata/demo/${file}`)
      const m = autoMap(kind, h)
      for (const f of KIND_FIELDS[kind]) expect([f.field, m[f.field]]).toEqual([f.field, h.indexOf(f.field)])
      expect(Object.values(m).filter((k) => k >= 0).length).toBe(h.length)
    }
  })

  it('maps the Chicago population table by Community Area', () => {
    const h = firstLine(realData('chicago/community_populations.csv'))
    expect(autoMap('population', h)).toEqual({ area_id: 0, population: 2 })
  })

  it('maps area properties: demo compounds, Chicago community areas (shapefile-cut name), DataV', () => {
    const props = (path: string) => Object.keys(JSON.parse(readFileSync(path, 'utf8')).features[0].properties)
    const compounds = props('geodata/demo/compounds.geojson')
    expect(autoMap('compounds', compounds)).toEqual({
      id: compounds.indexOf('id'), name: compounds.indexOf('name'), parent_id: compounds.indexOf('parent_id'), population: compounds.indexOf('population'),
    })
    const chicago = props(realData('chicago/community_areas.geojson'))
    const m = autoMap('streets', chicago)
    expect([chicago[m.id], chicago[m.name], m.parent_id, m.population]).toEqual(['area_numbe', 'community', -1, -1])
    const datav = Object.keys(JSON.parse(readFileSync(realData('china-districts/370702.json'), 'utf8'))[0].properties)
    const d = autoMap('streets', datav)
    expect([datav[d.id], datav[d.name]]).toEqual(['adcode', 'name'])
  })
})

describe('autoMap rules', () => {
  it('reads "type" as the category of an incident but as the type of a camera', () => {
    const h = ['编号', 'type', '经度', '纬度']
    expect(autoMap('incidents', h)).toMatchObject({ id: 0, category: 1, lon: 2, lat: 3 })
    expect(autoMap('cameras', h)).toMatchObject({ id: 0, type: 1, lon: 2, lat: 3 })
  })

  it('matches headers with units and Chinese camera inventories', () => {
    const h = ['设备编号', '经度(°)', '纬度（度）', '设备类型', '方向角(°)', '水平视场角（度）', '可视距离(米)', '设备状态', '焦距(mm)']
    expect(autoMap('cameras', h)).toEqual({
      id: 0, lon: 1, lat: 2, type: 3, azimuth: 4, fov: 5, range: 6, class: -1, status: 7, focal_mm: 8, sensor_mm: -1, resolution_px: -1,
    })
  })

  it('takes exact matches before partial ones, and partial ones by Chinese substring or whole English words', () => {
    // 案件发生时间 holds 时间; "Report Date" holds the word date, "Updated On" does not
    expect(autoMap('incidents', ['案件发生时间', '编号']).time).toBe(0)
    expect(autoMap('incidents', ['Updated On', 'Report Date']).time).toBe(1)
    expect(autoMap('incidents', ['Updated On']).time).toBe(-1)
    // an exact 时间 wins over an earlier partial 处警时间
    expect(autoMap('incidents', ['处警时间', '时间']).time).toBe(1)
    // alias order: 警情编号 before 序号 whatever the column order
    expect(autoMap('incidents', ['序号', '警情编号']).id).toBe(1)
  })

  it('never matches id / lon / lat partially', () => {
    const m = autoMap('incidents', ['residents', '坐标经度', 'X Coordinate', 'latitude_gcj', 'idx'])
    expect([m.id, m.lon, m.lat]).toEqual([-1, -1, -1])
    // the degrees, not the projected X, when both are there
    expect(autoMap('incidents', ['X', 'Longitude']).lon).toBe(1)
  })

  it('never maps one column to two fields', () => {
    // 发案时间及地址 holds both 时间 and 地址: the first field in contract order takes it
    const m = autoMap('incidents', ['发案时间及地址'])
    expect([m.time, m.address]).toEqual([0, -1])
    const cols = Object.values(autoMap('incidents', ['时间', '时间', 'type', 'type'])).filter((k) => k >= 0)
    expect(new Set(cols).size).toBe(cols.length)
  })

  it('pins lon/lat to the geometry columns for GeoJSON points and does not ask for them', () => {
    const header = ['lon', 'lat', 'id', '经度', '纬度']
    expect(autoMap('cameras', header, { geometry: true })).toMatchObject({ lon: 0, lat: 1, id: 2 })
    expect(missingRequired('cameras', { id: 2, lon: -1, lat: -1 }, { geometry: true })).toEqual([])
    expect(missingRequired('cameras', { id: -1, lon: -1, lat: -1 })).toEqual(['id', 'lon', 'lat'])
    expect(missingRequired('incidents', autoMap('incidents', ['编号', '经度', '纬度']))).toEqual(['time', 'category'])
    // a field missing from the mapping object counts as unmapped
    expect(missingRequired('population', {})).toEqual(['area_id', 'population'])
  })
})

describe('remapToCsv', () => {
  it('writes the canonical header and one line per row, with CR/LF in cells replaced', () => {
    const header = ['序号', '接警单号', '经度', '纬度', '警情类别', '报警时间', '发案地点']
    const rows = [
      ['1', 'J1', '119.1', '36.7', '刑事', '2024-01-01 08:00', '东风街,3号'],
      ['2', 'J2', '-87.7', '41.8', '治安', '2024-01-02 09:00', '第一行\r\n第二行 "甲"\n'],
      ['3', 'J3', '119.2'],
    ]
    const m = autoMap('incidents', header)
    const csv = remapToCsv('incidents', header, rows, m)
    expect(csv).toBe(
      'id,time,category,lon,lat,address\n' +
        'J1,2024-01-01 08:00,刑事,119.1,36.7,"东风街,3号"\n' +
        'J2,2024-01-02 09:00,治安,-87.7,41.8,"第一行 第二行 ""甲"" "\n' +
        'J3,,,119.2,,\n',
    )
  })

  it('keeps row k on line k+2 through the incident reader', () => {
    const src = [
      POLICE_HEADER.join(','),
      '1,J001,2024-03-01 08:10:00,刑事,盗窃,119.10,36.70,东风街1号',
      '2,J002,2024-03-01 09:00:00,治安,纠纷,,36.71,"胜利街\n2号"',
      '3,J003,not a time,治安,纠纷,119.11,36.71,和平路',
      '4,J004,2024-03-02 10:00:00,消防,火灾,119.12,36.72,北宫街',
    ].join('\n')
    const { header, rows } = table_(src)
    const csv = remapToCsv('incidents', header, rows, autoMap('incidents', header))
    const { columns, report } = readIncidentsCsv(new TextEncoder().encode(csv))
    expect(columns.count).toBe(2)
    // row k of the table is line k+2 of the remapped text even though row 1's address held a
    // newline: the caller turns table rows back into the original file's lines
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([[3, 'missing_coordinates'], [4, 'bad_time']])
  })

  it('round-trips the real Chicago homicides: same rows kept and rejected, same line numbers', () => {
    const path = realData('chicago/homicides.csv')
    const { header, rows } = table(path)
    const direct = readIncidentsCsv(readFileSync(path), { categoryLabels: { homicide: 'criminal' } })
    const csv = remapToCsv('incidents', header, rows, autoMap('incidents', header))
    const remapped = readIncidentsCsv(new TextEncoder().encode(csv), { categoryLabels: { homicide: 'criminal' } })
    expect(remapped.report.rowsRead).toBe(13174)
    expect(remapped.columns.count).toBe(13171)
    expect(remapped.report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [517, 'missing_coordinates'], [4201, 'missing_coordinates'], [5107, 'missing_coordinates'],
    ])
    expect(remapped.report.rejected.map((r) => r.line)).toEqual(direct.report.rejected.map((r) => r.line))
    expect(Array.from(remapped.columns.lon)).toEqual(Array.from(direct.columns.lon))
    expect(Array.from(remapped.columns.time)).toEqual(Array.from(direct.columns.time))
    expect(remapped.columns.category.every((c) => c === 0)).toBe(true)
  })

  it('feeds the camera and population readers', () => {
    const cams = table_('设备编号,经度,纬度,设备类型,方向角(°),可视距离(米)\nC1,119.1,36.7,dome,,25\nC2,119.2,36.8,bullet,90,\n')
    const camCsv = remapToCsv('cameras', cams.header, cams.rows, autoMap('cameras', cams.header))
    const { cameras, report } = readCamerasCsv(camCsv)
    expect(report.errors).toEqual([])
    expect(cameras.ids).toEqual(['C1', 'C2'])
    expect(Array.from(cameras.range)).toEqual([25, 60])
    expect(Array.from(cameras.azimuth)).toEqual([0, 90])
    const pop = table(realData('chicago/community_populations.csv'))
    const popCsv = remapToCsv('population', pop.header, pop.rows, autoMap('population', pop.header))
    expect(popCsv.split('\n')[0]).toBe('area_id,population')
    const { byId } = readPopulationCsv(popCsv)
    expect(byId.size).toBe(77)
    expect(byId.get('1')).toBe(54991)
  })
})

/** A table from CSV text as papaparse reads it (quoted newlines kept inside the cell). */
function table_(text: string): { header: string[]; rows: string[][] } {
  const data = Papa.parse<string[]>(text, { skipEmptyLines: true }).data
  return { header: data[0], rows: data.slice(1) }
}

describe('pointFeaturesToTable', () => {
  it('puts the point first, properties after in first-seen order, and empties for non-points', () => {
    const fc: FeatureCollection<Geometry | null> = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [119.1, 36.7, 12] }, properties: { id: 'A', 方向角: 90, lon: 'x' } },
        { type: 'Feature', geometry: null, properties: { id: 'B', extra: { a: [1, 2] }, online: true } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, properties: { id: 'C' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-87.5, 41.75] }, properties: { id: 'D', 方向角: null } },
      ],
    }
    const { header, rows } = pointFeaturesToTable(fc)
    expect(header).toEqual(['lon', 'lat', 'id', '方向角', 'properties.lon', 'extra', 'online'])
    expect(pointFeaturesToTable({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null, properties: null }] }))
      .toEqual({ header: ['lon', 'lat'], rows: [['', '']] })
    expect(rows).toEqual([
      ['119.1', '36.7', 'A', '90', 'x', '', ''],
      ['', '', 'B', '', '', '{"a":[1,2]}', 'true'],
      ['', '', 'C', '', '', '', ''],
      ['-87.5', '41.75', 'D', '', '', '', ''],
    ])
    const m = autoMap('cameras', header, { geometry: true })
    expect(m).toMatchObject({ lon: 0, lat: 1, id: 2, azimuth: 3 })
    const { cameras, report } = readCamerasCsv(remapToCsv('cameras', header, rows, m))
    expect(cameras.ids).toEqual(['A', 'D'])
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([[3, 'missing_coordinates'], [4, 'missing_coordinates']])
  })

  it('reads the demo police stations', () => {
    const fc = JSON.parse(readFileSync('geodata/demo/stations.geojson', 'utf8')) as FeatureCollection
    const { header, rows } = pointFeaturesToTable(fc)
    expect(header).toEqual(['lon', 'lat', 'id', 'name', 'parent_id'])
    expect(rows.length).toBe(10)
    const [lon, lat] = (fc.features[0].geometry as { coordinates: number[] }).coordinates
    expect(rows[0].slice(0, 4)).toEqual([String(lon), String(lat), 'PS01', '城关派出所'])
    const m = autoMap('stations', header, { geometry: true })
    expect(m).toEqual({ id: 2, name: 3, lon: 0, lat: 1 })
    const csv = remapToCsv('stations', header, rows, m)
    expect(csv.split('\n')[0]).toBe('id,name,lon,lat')
    expect(csv.split('\n').length).toBe(12)
  })
})
