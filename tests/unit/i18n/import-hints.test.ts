import { describe, expect, it } from 'vitest'
import { i18n } from '../../../src/i18n'
import { importHint } from '../../../src/i18n/import-hints'
import inspect, { importHints, progress } from '../../../src/i18n/sections/words23'
import { readCamerasCsv } from '../../../src/io/cameras-csv'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'

const tIn = (locale: 'zh-CN' | 'en') => (k: string, v?: Record<string, unknown>) => i18n.global.t(k, v ?? {}, { locale })
/** an English word of four letters or more: what must not be left in a Chinese note (UTF-8 and GBK are names) */
const english = (s: string) => (s.match(/[A-Za-z]{4,}/g) ?? []).filter((w) => !['UTF', 'GBK'].includes(w))

describe('import notes in the UI language', () => {
  it('an incidents file without subtype, id and address columns: every note in Chinese, and in English as written', () => {
    const { report } = readIncidentsCsv(new TextEncoder().encode('time,category,lon,lat\n2025-01-01 08:00,刑事,119.1,36.7\n'))
    expect(report.warnings.length).toBe(3)
    for (const w of report.warnings) {
      expect(english(importHint(w, tIn('zh-CN'))), w).toEqual([])
      expect(importHint(w, tIn('en')), w).toMatch(/column/)
    }
    expect(importHint(report.warnings[0], tIn('zh-CN'))).toMatch(/细类|编号|地址/)
  })

  it('a missing required column names the columns in either language', () => {
    const { report } = readIncidentsCsv(new TextEncoder().encode('id,time,lon\nA,2025-01-01,119\n'))
    const zh = importHint(report.errors[0], tIn('zh-CN'))
    expect(zh).toContain('缺少必填列')
    expect(zh).toContain('category, lat')
  })

  it('camera defaults and missing azimuths', () => {
    const { report } = readCamerasCsv('id,lon,lat,type,azimuth,fov,range\nC1,119.1,36.7,枪机,,,\n')
    expect(report.warnings.length).toBeGreaterThan(0)
    for (const w of report.warnings) expect(importHint(w, tIn('zh-CN')), w).not.toBe(w)
  })

  it('the notes of map files, plans and tracks: in Chinese, and in English exactly as io writes them', () => {
    // as src/io writes them (geo-file, dataset-import, tabular, plan-file, feature-validate, tracks-csv)
    const notes = [
      '3 feature(s) have floors that are not a number ≥ 0: value dropped, feature kept (features 2, 5, 9)',
      '4 road(s) have an unknown class, read as back: "alley" ×3, (none) ×1',
      'Aliyun DataV layout (a bare array of Features with adcode): DataV coordinates are GCJ-02',
      'the file declares crs "urn:ogc:def:crs:EPSG::3857": GeoJSON is read as longitude/latitude and is not reprojected',
      '街道.shp: its .cpg names an unknown encoding "xyz"; the text encoding was guessed',
      '街道.shp: no usable .cpg and the text is not UTF-8, so it was read as GBK (GB18030)',
      '街道.prj: proj4 cannot read this projection, so the coordinates are left as in the file (projected, not longitude/latitude)',
      '小区.prj differs from the first layer\'s .prj',
      '街道.shp: no .prj, and the coordinates are not longitude/latitude (projected?)',
      '街道.shp has 7 shapes but 街道.dbf has 6 records',
      '街道.shp has no .dbf: its features have no attributes',
      '2 layers merged into one: 街道 7, 小区 300',
      '街道.zip: reprojected to WGS-84 from its .prj',
      'line 12: a quoted cell is not closed, so the rest of the file was read into this row',
      '2 row(s) have a source other than hand or suggested: read as hand',
      '1 row(s) have a gain that is not a number: left out',
      '5 row(s) have an unknown type: read as bullet',
      '3 row(s) without a usable azimuth: every orientation is tried',
      "2 row(s) without a usable fov: the type's or the command's",
      "2 row(s) without a usable range: the type's or the command's",
      '9 fix(es) with an unknown status, read as patrolling',
      '4 fix(es) with an unknown unit kind',
    ]
    // names that stay as they are in Chinese text: formats, systems and what the file itself says
    const names = new Set(['DataV', 'adcode', 'GeoJSON', 'alley', 'none', 'EPSG'])
    for (const w of notes) {
      const zh = importHint(w, tIn('zh-CN'))
      expect(zh, w).not.toBe(w)
      expect(english(zh).filter((x) => !names.has(x)), w).toEqual([])
      expect(importHint(w, tIn('en')), w).toBe(w)
    }
  })

  it('keeps a note it does not know as written', () => {
    expect(importHint('something new happened', tIn('zh-CN'))).toBe('something new happened')
  })

  it('zh-CN and en have the same keys', () => {
    for (const s of [inspect, importHints, progress]) expect(Object.keys(s.en).sort()).toEqual(Object.keys(s['zh-CN']).sort())
  })
})
