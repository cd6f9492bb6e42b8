import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { applyPopulation, readPopulationCsv, withPopulation } from '../../../src/io/population-csv'
import { realData } from '../../fixtures/real'

describe('readPopulationCsv', () => {
  it('reads area_id,population; rejects bad rows by line and keeps the good ones', () => {
    const { byId, report } = readPopulationCsv('\uFEFFarea_id,population\nA,1200\nB,"3,400"\n,5\nA,7\nC,-1\nD,abc\n', 'p.csv')
    expect([...byId]).toEqual([['A', 1200], ['B', 3400]])
    expect(report.rowsRead).toBe(6)
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, 'missing_id'], [5, 'duplicate_id'], [6, 'bad_population'], [7, 'bad_population'],
    ])
  })

  it('takes Chinese headers and says which columns are missing', () => {
    expect([...readPopulationCsv('编号,实有人口\nS1,9000\n').byId]).toEqual([['S1', 9000]])
    expect(readPopulationCsv('name,households\nx,1\n').report.errors[0]).toMatch(/missing columns: area_id, population/)
    expect(readPopulationCsv('').report.errors[0]).toMatch(/empty file/)
  })

  it('joins the real Chicago community populations onto the 77 community areas', () => {
    const { byId, report } = readPopulationCsv(readFileSync(realData('chicago/community_populations.csv'), 'utf8'))
    expect(report.rejectedCount).toBe(0)
    const { areas } = areasFromGeoJson(JSON.parse(readFileSync(realData('chicago/community_areas.geojson'), 'utf8')), { idField: 'area_numbe' })
    expect(applyPopulation(areas, byId)).toEqual([])
    expect(areas.population[areas.ids.indexOf('1')]).toBe(54991)
  })

  it('withPopulation sets the population of the listed areas on a copy, leaving the others and the input alone', () => {
    const f = (id: string | number, population?: number) => ({
      type: 'Feature' as const, properties: { id, name: String(id), ...(population === undefined ? {} : { population }) },
      geometry: { type: 'Point' as const, coordinates: [0, 0] },
    })
    const fc = { type: 'FeatureCollection' as const, features: [f('A', 5), f(7), f('C', 9)] }
    const out = withPopulation(fc, new Map([['A', 100], ['7', 70]]))
    expect(out.features.map((x) => x.properties?.population)).toEqual([100, 70, 9])
    expect(fc.features.map((x) => x.properties.population)).toEqual([5, undefined, 9])
    expect(out.features[2]).toBe(fc.features[2])
  })
})
