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

  it('keeps a note it does not know as written', () => {
    expect(importHint('something new happened', tIn('zh-CN'))).toBe('something new happened')
  })

  it('zh-CN and en have the same keys', () => {
    for (const s of [inspect, importHints, progress]) expect(Object.keys(s.en).sort()).toEqual(Object.keys(s['zh-CN']).sort())
  })
})
