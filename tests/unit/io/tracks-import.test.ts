import { describe, expect, it } from 'vitest'
import type { FeatureCollection } from 'geojson'
import writeXlsxFile from 'write-excel-file/node'
import { fromWgs84 } from '../../../src/io/coords'
import { previewImport, runImport, sourceFromBytes, type ImportPreview } from '../../../src/io/dataset-import'
import { exportPayload } from '../../../src/io/dataset-file-export'
import { guessKind, guessKindByHeader } from '../../../src/io/guess-kind'
import { autoMap } from '../../../src/io/field-mapping'
import { readTracksCsv } from '../../../src/io/tracks-csv'

// a district of about 2.7 × 3.3 km around (119.015, 36.015)
const district: FeatureCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id: 'd' }, geometry: { type: 'Polygon', coordinates: [[[119, 36], [119.03, 36], [119.03, 36.03], [119, 36.03], [119, 36]]] } }],
}
const reference = { areas: district, bbox: [119, 36, 119.03, 36.03] as [number, number, number, number] }
const bytes = (s: string) => new TextEncoder().encode(s)

/** Great-circle metres (haversine), independent of the app's projections. */
function metres(a: [number, number], b: [number, number]): number {
  const r = Math.PI / 180
  const dLat = (b[1] - a[1]) * r, dLon = (b[0] - a[0]) * r
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(dLon / 2) ** 2
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h))
}

describe('a tracks file is recognised', () => {
  it('by its name', () => {
    expect(guessKind('巡逻车轨迹.csv')).toBe('tracks')
    expect(guessKind('unit_tracks_0105.xlsx')).toBe('tracks')
    expect(guessKind('北斗定位.csv')).toBe('tracks')
  })

  it('by its header, whatever its name; an incident file with a time and lon/lat is not one', () => {
    expect(guessKindByHeader(['unit_id', 'time', 'lon', 'lat'])).toBe('tracks')
    expect(guessKindByHeader(['序号', '车辆编号', '定位时间', '经度', '纬度', '速度', '方向'])).toBe('tracks')
    // 类型 and 状态 are the unit's kind and status, not an incident's category
    expect(guessKindByHeader(['序号', '车辆编号', '定位时间', '经度', '纬度', '状态', '类型'])).toBe('tracks')
    expect(guessKindByHeader(['id', 'time', 'lon', 'lat'])).toBeNull()
    expect(guessKindByHeader(['id', 'time', 'category', 'lon', 'lat'])).toBeNull()
    // a unit column in an incident export (who answered it) does not make it a track
    expect(guessKindByHeader(['警情编号', '报警时间', '警情类别', '经度', '纬度', '警力编号'])).toBeNull()
    expect(guessKindByHeader(['unit_id', 'lon', 'lat'])).toBeNull()
    // a camera list: its device id and installation time are not a unit and a fix time
    expect(guessKindByHeader(['设备编号', '设备名称', '安装时间', '经度', '纬度'])).toBeNull()
  })
})

// Chinese headers in another order than the contract's, an extra column, a quoted cell with a
// line break (so the file's lines and the rows part ways), a blank line.
const FILE = [
  '序号,定位时间,车辆编号,纬度,经度,速度,状态,备注',                 // 1
  '1,2026-01-05 10:00:00,巡A01,36.010,119.010,30,巡逻,',             // 2
  '2,2026-01-05 10:00:05,巡A01,36.010,119.0102,30,巡逻,"two',        // 3
  'lines"',                                                          // 4
  '3,2026-01-05 10:00:05,巡A01,36.010,119.0103,,,',                  // 5: same time again
  '4,2026-01-05 10:00:10,巡A01,36.010,119.020,,,',                   // 6: 880 m in 5 s
  '',                                                                // 7
  '5,,巡A01,36.010,119.0104,,,',                                     // 8: no time
  '6,2026-01-05 10:00:00,巡B02,36.010,119.1,,,',                     // 9: ~6.3 km east of the district
  '7,2026-01-05 10:00:00,巡B02,36.010,119.029,,出警,',               // 10
  '8,2026-01-05 10:00:20,巡A01,36.010,119.0106,,,',                  // 11
  '',
].join('\n')

describe('importing tracks through the data dialog\'s path', () => {
  it('maps Chinese headers, names every bad fix by its own line in the file and keeps the good ones', async () => {
    const p = await previewImport(sourceFromBytes('export.csv', bytes(FILE)), 'tracks', { reference }) as ImportPreview
    expect(p.suggested).toBe('tracks')
    expect(p.missing).toEqual([])
    expect(p.mapping).toMatchObject({ unit_id: 2, time: 1, lon: 4, lat: 3, speed: 5, status: 6 })
    const o = await runImport(sourceFromBytes('export.csv', bytes(FILE)), { kind: 'tracks', encoding: 'auto', crs: 'wgs84', mapping: p.mapping, district })
    expect(o.report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [5, 'duplicate_fix'], [6, 'impossible_jump'], [8, 'bad_time'], [9, 'outside_district'],
    ])
    expect(o.report.rowsRead).toBe(8)
    expect(o.count).toBe(4)
    expect(o.payload?.type).toBe('tracks')
    if (o.payload?.type !== 'tracks') return
    const t = o.payload.tracks
    expect(t.unitIds).toEqual(['巡A01', '巡B02'])
    expect(Array.from(t.line)).toEqual([2, 3, 11, 10])
    expect(Array.from(t.lon)).toEqual([119.010, 119.0102, 119.0106, 119.029])
  })

  it('without a district nothing is outside it', async () => {
    const p = await previewImport(sourceFromBytes('export.csv', bytes(FILE)), 'tracks') as ImportPreview
    const o = await runImport(sourceFromBytes('export.csv', bytes(FILE)), { kind: 'tracks', encoding: 'auto', crs: 'wgs84', mapping: p.mapping })
    // line 9 is kept then, and line 10 is a second fix of 巡B02 at its time
    expect(o.report.rejected.map((r) => [r.line, r.reason])).toEqual([[5, 'duplicate_fix'], [6, 'impossible_jump'], [8, 'bad_time'], [10, 'duplicate_fix']])
  })

  it('a GCJ-02 file is detected against the district and lands within 1 m of the WGS-84 truth', async () => {
    const truth: [number, number][] = []
    const lines = ['unit_id,time,lng,lat']
    for (let k = 0; k < 40; k++) {
      // near the east edge (read as WGS-84 the GCJ-02 point, ~500 m east, falls outside) and
      // the west edge (read as BD-09 it moves west, outside): only GCJ-02 keeps them all inside
      const p: [number, number] = [k % 2 ? 119.001 + 0.00005 * k : 119.028 - 0.00005 * k, 36.004 + 0.0005 * k]
      truth.push(p)
      const [x, y] = fromWgs84(p[0], p[1], 'gcj02')
      lines.push(`P${k % 2},2026-01-05 10:${String(k).padStart(2, '0')}:00,${x.toFixed(7)},${y.toFixed(7)}`)
    }
    const file = bytes(lines.join('\r\n'))
    const p = await previewImport(sourceFromBytes('gps.csv', file), 'tracks', { reference }) as ImportPreview
    expect(p.crs).toMatchObject({ crs: 'gcj02', confident: true })
    const o = await runImport(sourceFromBytes('gps.csv', file), { kind: 'tracks', encoding: 'auto', crs: p.crs.crs, mapping: p.mapping, district })
    expect(o.report.rejectedCount).toBe(0)
    expect(o.report.crs).toMatchObject({ from: 'gcj02', converted: true })
    if (o.payload?.type !== 'tracks') throw new Error('no tracks')
    const t = o.payload.tracks
    expect(t.count).toBe(40)
    let worst = 0
    for (let i = 0; i < t.count; i++) {
      // the fix's own line (header = 1) says which truth it is
      worst = Math.max(worst, metres([t.lon[i], t.lat[i]], truth[t.line[i] - 2]))
    }
    expect(worst).toBeLessThan(1)
  })

  it('an .xlsx with a date-time cell: sheet rows are the report lines', async () => {
    const rows = [
      ['终端编号', '定位时间', '经度', '纬度'],
      ['T1', new Date(Date.UTC(2026, 0, 5, 10, 0, 0)), 119.01, 36.01],
      ['T1', null, 119.011, 36.01],
      ['T1', '2026-01-05 10:01:00', 119.012, 36.01],
    ].map((r) => r.map((v) => (v === null ? null : v instanceof Date ? { value: v, type: Date, format: 'yyyy-mm-dd hh:mm:ss' } : { value: v })))
    const xlsx = new Uint8Array(await writeXlsxFile(rows as never).toBuffer())
    const p = await previewImport(sourceFromBytes('终端.xlsx', xlsx), 'tracks', { reference }) as ImportPreview
    expect(p.format).toBe('xlsx')
    expect(p.suggested).toBe('tracks')
    const o = await runImport(sourceFromBytes('终端.xlsx', xlsx), { kind: 'tracks', encoding: 'auto', crs: 'wgs84', mapping: p.mapping, district })
    expect(o.report.rejected.map((r) => [r.line, r.reason])).toEqual([[3, 'bad_time']])
    if (o.payload?.type !== 'tracks') throw new Error('no tracks')
    // the sheet's 10:00 is wall-clock time in the district (UTC+8)
    expect(Array.from(o.payload.tracks.time)).toEqual([Date.UTC(2026, 0, 5, 2, 0, 0), Date.UTC(2026, 0, 5, 2, 1, 0)])
  })

  it('the kept tracks export as a tracks CSV the reader takes back unchanged', async () => {
    const p = await previewImport(sourceFromBytes('export.csv', bytes(FILE)), 'tracks', { reference }) as ImportPreview
    const o = await runImport(sourceFromBytes('export.csv', bytes(FILE)), { kind: 'tracks', encoding: 'auto', crs: 'wgs84', mapping: p.mapping, district })
    if (o.payload?.type !== 'tracks') throw new Error('no tracks')
    const csv = exportPayload(o.payload, 'csv').parts.join('')
    const back = readTracksCsv(bytes(csv), { district: null })
    expect(back.report.rejectedCount).toBe(0)
    expect(Array.from(back.tracks.lon)).toEqual(Array.from(o.payload.tracks.lon))
    expect(Array.from(back.tracks.time)).toEqual(Array.from(o.payload.tracks.time))
    expect(autoMap('tracks', csv.replace(/^\uFEFF/, '').split('\n')[0].split(','))).toMatchObject({ unit_id: 0, time: 1, lon: 2, lat: 3, speed: 4, heading: 5, status: 6, kind: 7 })
  })
})
