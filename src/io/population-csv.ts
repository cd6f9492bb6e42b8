/**
 * Population as a CSV `area_id,population` (src/ARCHITECTURE.md, "Population"), joined onto areas by
 * id. Header names are matched as the import dialog's column mapping does (area_id / id /
 * 区域编号 …, population / 人口 / 实有人口); rows with a missing id, a non-numeric or negative
 * population, or a repeated id are rejected into the report with their line.
 */
import Papa from 'papaparse'
import type { FeatureCollection } from 'geojson'
import type { AreaSet } from '../core/areas'
import { addRejected, emptyReport, type ImportReport } from './import-report'
import { autoMap } from './field-mapping'


export interface PopulationTable {
  byId: Map<string, number>
  report: ImportReport
}

export function readPopulationCsv(text: string, fileName?: string): PopulationTable {
  const report = emptyReport('population-csv', fileName)
  const byId = new Map<string, number>()
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' })
  const [header, ...rows] = parsed.data
  if (!header) {
    report.errors.push('empty file: no header row')
    return { byId, report }
  }
  // the same header names as the import dialog's column mapping
  const mapping = autoMap('population', header)
  const idCol = mapping.area_id ?? -1, popCol = mapping.population ?? -1
  if (idCol < 0 || popCol < 0) {
    report.errors.push(`missing column${idCol < 0 && popCol < 0 ? 's' : ''}: ${[idCol < 0 ? 'area_id' : '', popCol < 0 ? 'population' : ''].filter(Boolean).join(', ')} (header has: ${header.join(', ')})`)
    return { byId, report }
  }
  const firstLine = new Map<string, number>()
  rows.forEach((r, k) => {
    const line = k + 2
    report.rowsRead++
    const id = (r[idCol] ?? '').trim()
    const raw = (r[popCol] ?? '').trim().replace(/,/g, '')
    const pop = raw === '' ? NaN : Number(raw)
    if (!id) return addRejected(report, line, 'missing_id')
    if (firstLine.has(id)) return addRejected(report, line, 'duplicate_id', `${id} (first on line ${firstLine.get(id)})`)
    if (!Number.isFinite(pop) || pop < 0) return addRejected(report, line, 'bad_population', r[popCol] ?? '')
    firstLine.set(id, line)
    byId.set(id, pop)
    report.rowsKept++
  })
  return { byId, report }
}

/** Sets each area's population from the table (in place); returns the ids of areas the table lacks. */
export function applyPopulation(areas: AreaSet, byId: Map<string, number>): string[] {
  const missing: string[] = []
  areas.ids.forEach((id, a) => {
    const p = byId.get(id)
    if (p === undefined) missing.push(id)
    else areas.population[a] = p
  })
  return missing
}

/**
 * A copy of an area layer with `population` set from the table for every area whose id it
 * lists; areas it does not list keep theirs. Features are copied only where they change.
 */
export function withPopulation(fc: FeatureCollection, byId: ReadonlyMap<string, number>): FeatureCollection {
  return {
    ...fc,
    features: fc.features.map((f) => {
      const id = f.properties?.id
      const p = id === undefined || id === null ? undefined : byId.get(String(id))
      return p === undefined ? f : { ...f, properties: { ...f.properties, population: p } }
    }),
  }
}
