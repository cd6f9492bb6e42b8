/**
 * The real inputs: the Weicheng outline (Aliyun DataV, GCJ-02 -> WGS-84), the NBS 2016 unit
 * list (streets, communities, villages) and the 2020 census population.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import gcoord from 'gcoord'
import Papa from 'papaparse'
import type { Pt } from './geo'

export const DISTRICT = { id: '370702', name: '潍城区', name_en: 'Weicheng District' }

export interface Unit {
  code: string
  parent: string
  name: string
  level: string
  urCode: string
  /** WGS-84, converted from the GCJ-02 point in the source, when the row has one */
  point: Pt | null
}

export interface SourceData {
  /** outline rings in WGS-84: polygons -> rings -> [lon,lat] */
  outline: Pt[][][]
  units: Unit[]
  population: number
  urbanShare: number
  dataDir: string
}

export function gcjToWgs(lon: number, lat: number): Pt {
  const [x, y] = gcoord.transform([lon, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number]
  return [x, y]
}

/** Copies of the three source files live in geodata/sources (see its PROVENANCE.md), so the demo rebuilds from the repository alone. */
export function defaultDataDir(): string {
  return process.env.PINGAN_SOURCE_DATA ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'sources')
}

export function loadSourceData(dataDir = defaultDataDir()): SourceData {
  const raw = JSON.parse(readFileSync(join(dataDir, '370702.json'), 'utf8')) as Array<{
    properties: { adcode: number }
    geometry: { type: string; coordinates: number[][][] | number[][][][] }
  }>
  const f = raw.find((x) => String(x.properties.adcode) === DISTRICT.id)
  if (!f) throw new Error('370702 not found in outline file')
  const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][]
  const outline = polys.map((p) => p.map((r) => r.map(([lon, lat]) => gcjToWgs(lon, lat))))

  const unitsCsv = readFileSync(join(dataDir, '370702_units_nbs2016.csv'), 'utf8').replace(/^\uFEFF/, '')
  const rows = Papa.parse<string[]>(unitsCsv, { skipEmptyLines: true }).data
  const seen = new Set<string>()
  const units: Unit[] = []
  for (const r of rows) {
    const code = r[0]
    if (seen.has(code)) continue // the district row is listed twice
    seen.add(code)
    const lon = r[12] ? Number(r[12]) : NaN, lat = r[13] ? Number(r[13]) : NaN
    units.push({
      code, parent: r[1], name: r[2], level: r[3], urCode: r[8] ?? '',
      point: Number.isFinite(lon) && Number.isFinite(lat) ? gcjToWgs(lon, lat) : null,
    })
  }

  const popCsv = readFileSync(join(dataDir, '3707_population_census2020.csv'), 'utf8').replace(/^\uFEFF/, '')
  const pop = Papa.parse<Record<string, string>>(popCsv, { header: true, skipEmptyLines: true }).data
  const row = pop.find((p) => p.CODE === DISTRICT.id)
  if (!row) throw new Error('370702 not found in census file')
  return { outline, units, population: Number(row.POPU), urbanShare: Number(row.POPU_URB), dataDir }
}
