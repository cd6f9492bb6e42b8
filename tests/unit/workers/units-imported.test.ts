import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { FeatureCollection } from 'geojson'
import { describe, expect, it } from 'vitest'
import { previewImport, runImport, sourceFromBytes, type ImportPreview } from '../../../src/io/dataset-import'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const ROOT = resolve(__dirname, '../../..')
const demo = (f: string) => JSON.parse(readFileSync(join(ROOT, 'geodata/demo', f), 'utf8')) as FeatureCollection
// 10:00 and 10:20 on 2026-01-05 in the district (UTC+8)
const T0 = Date.UTC(2026, 0, 5, 2, 0), T1 = Date.UTC(2026, 0, 5, 2, 20)

describe('imported tracks are the units of the analytics session', async () => {
  const file = readFileSync(join(ROOT, 'tests/fixtures/units/patrol-0105.csv'))
  const district = demo('district.geojson')
  const p = await previewImport(sourceFromBytes('patrol-0105.csv', file), 'tracks') as ImportPreview
  const o = await runImport(sourceFromBytes('patrol-0105.csv', file), { kind: 'tracks', encoding: 'auto', crs: 'wgs84', mapping: p.mapping, district })
  if (o.payload?.type !== 'tracks') throw new Error('no tracks')
  const s = new AnalyticsSession()
  s.setFeatures('district', district)
  s.setFeatures('roads', demo('roads.geojson'))

  it('summed up as the demo is, from the file', () => {
    expect(s.setUnitTracks(o.payload?.type === 'tracks' ? o.payload.tracks : null)).toMatchObject({ source: 'imported', units: 3, fixes: 10, span: [T0, T1], alerts: 0 })
  })

  it('drawn where the file puts them at 10:20 (its lines 13 to 15), nearest units among them', () => {
    const at = s.unitsAt(T1)
    expect(at.ids).toEqual(['巡A01', '巡B02', '步C03'])
    expect(Array.from(at.lon)).toEqual([119.014, 119.0232, 119.035])
    expect(Array.from(at.lat)).toEqual([36.7054, 36.715, 36.699])
    const near = s.nearestUnits({ lon: 119.0232, lat: 36.7054, top: 5 })
    expect(near.time).toBe(T1)
    expect(near.units.map((u) => u.unitId).sort()).toEqual(['巡A01', '巡B02', '步C03'])
  })

  it('null forgets them', () => {
    expect(s.setUnitTracks(null)).toBeNull()
    expect(() => s.unitsAt(T1)).toThrow(/no unit tracks/)
  })
})
