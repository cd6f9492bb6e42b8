/**
 * The synthetic city (geodata/lib/city.ts, city-incidents.ts) on a tiny run: 10,000 incidents
 * and coarse grid cells. Oracles: the DataV outlines read and converted here with gcoord and
 * tested with turf, the census file read here, the two years written as literal dates.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import gcoord from 'gcoord'
import Papa from 'papaparse'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import type { Feature, MultiPolygon, Position } from 'geojson'
import { realData } from '../../fixtures/real'
import { buildCity, districtLayers, type CityDistrict } from '../../../geodata/lib/city'
import { cityIncidentId, cityIncidents, type CityBatch } from '../../../geodata/lib/city-incidents'

const N = 10_000
const SEED = 7
const GRID = 5000

const outlines = (JSON.parse(readFileSync(realData('china-districts/370700.json'), 'utf8')) as { properties: { adcode: number }; geometry: MultiPolygon }[])
  .map((f) => ({
    code: String(f.properties.adcode),
    feature: {
      type: 'Feature', properties: {},
      geometry: { type: 'MultiPolygon', coordinates: f.geometry.coordinates.map((p) => p.map((r) => r.map((c) => gcoord.transform(c as [number, number], gcoord.GCJ02, gcoord.WGS84) as Position))) },
    } as Feature<MultiPolygon>,
  }))
const census = Papa.parse<Record<string, string>>(readFileSync(realData('china-districts/3707_population_census2020.csv'), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data

let city: CityDistrict[]
let batches: CityBatch[]

function digest(bs: CityBatch[]): string {
  const h = createHash('sha256')
  for (const b of bs) {
    h.update(`${b.district},${b.month},${b.count},${b.firstSeq}`)
    for (const a of [b.lon, b.lat, b.time]) h.update(new Uint8Array(a.buffer))
    h.update(b.category)
    h.update(b.subtype.join() + b.address.join())
  }
  return h.digest('hex')
}

beforeAll(() => {
  city = buildCity({ seed: SEED, gridMetres: GRID })
  batches = [...cityIncidents(city, N, SEED)]
}, 600_000)

describe('the synthetic city', () => {
  it('has the 12 county-level units of Weifang with their census population', () => {
    expect(city.map((d) => d.code)).toEqual(outlines.map((o) => o.code))
    expect(city).toHaveLength(12)
    const pop = (code: string) => Number(census.find((r) => r.CODE === code)!.POPU)
    // 滨海开发区 (370772) has no outline of its own: it is counted in 寒亭区 (370703)
    for (const d of city) expect(d.population).toBe(pop(d.code) + (d.code === '370703' ? pop('370772') : 0))
    expect(city.reduce((s, d) => s + d.population, 0)).toBe(census.reduce((s, r) => s + Number(r.POPU), 0))
  })

  it('makes streets, compounds and grid cells inside each outline, streets holding all its people', () => {
    for (const [k, d] of city.entries()) {
      const layers = districtLayers(d)
      expect(layers.street.features.length).toBeGreaterThanOrEqual(6)
      expect(layers.compound.features.length).toBeGreaterThan(50)
      expect(layers.grid.features.length).toBeGreaterThan(5)
      expect(d.streets.reduce((s, st) => s + st.population, 0)).toBe(d.population)
      const outline = outlines[k].feature
      for (const f of layers.compound.features) {
        const ring = (f.geometry as { coordinates: Position[][] }).coordinates[0]
        for (const p of ring) expect(booleanPointInPolygon(p, outline)).toBe(true)
      }
      const streetIds = new Set(layers.street.features.map((f) => f.properties!.id))
      for (const f of layers.compound.features) expect(streetIds.has(f.properties!.parent_id)).toBe(true)
    }
  })

  it('splits N incidents over the districts by population, each inside its own outline', () => {
    const per = new Array(12).fill(0)
    for (const b of batches) per[b.district] += b.count
    expect(per.reduce((a, b) => a + b, 0)).toBe(N)
    const total = city.reduce((s, d) => s + d.population, 0)
    for (const [k, d] of city.entries()) expect(Math.abs(per[k] - (N * d.population) / total)).toBeLessThan(1)
    let outside = 0
    for (const b of batches) {
      const outline = outlines[b.district].feature
      for (let i = 0; i < b.count; i++) if (!booleanPointInPolygon([b.lon[i], b.lat[i]], outline)) outside++
    }
    expect(outside).toBe(0)
  })

  it('dates every incident in 2024–2025 (Asia/Shanghai), each batch in its month, with the four categories', () => {
    const from = Date.parse('2024-01-01T00:00:00+08:00'), to = Date.parse('2026-01-01T00:00:00+08:00')
    const cats = new Array(4).fill(0)
    for (const b of batches) {
      const y = 2024 + Math.floor(b.month / 12), m = (b.month % 12) + 1
      const mFrom = Date.parse(`${y}-${String(m).padStart(2, '0')}-01T00:00:00+08:00`)
      const mTo = Date.parse(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01T00:00:00+08:00`)
      for (let i = 0; i < b.count; i++) {
        expect(b.time[i] >= from && b.time[i] < to).toBe(true)
        expect(b.time[i] >= mFrom && b.time[i] < mTo).toBe(true)
        cats[b.category[i]]++
      }
    }
    // the demo's mix: public order the most, fire the least, none missing
    expect(cats.every((n) => n > 0)).toBe(true)
    expect(cats[1]).toBe(Math.max(...cats))
    expect(cats[2]).toBe(Math.min(...cats))
  })

  it('numbers the incidents of a district without gaps, ids unique', () => {
    const ids = new Set<string>()
    const next = new Array(12).fill(1)
    for (const b of batches) {
      expect(b.firstSeq).toBe(next[b.district])
      next[b.district] += b.count
      for (let i = 0; i < b.count; i++) ids.add(cityIncidentId(city[b.district], b.firstSeq + i))
    }
    expect(ids.size).toBe(N)
  })

  it('is deterministic for a seed and differs for another', () => {
    expect(digest([...cityIncidents(city, N, SEED)])).toBe(digest(batches))
    expect(digest([...cityIncidents(city, N, SEED + 1)])).not.toBe(digest(batches))
    const again = buildCity({ seed: SEED, gridMetres: GRID })
    expect(JSON.stringify(again.map(districtLayers))).toBe(JSON.stringify(city.map(districtLayers)))
  }, 600_000)
})
