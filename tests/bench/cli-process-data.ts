/**
 * The files the whole-process benchmark runs on, written once into tests/bench/output/cli/:
 * 1,000,000 incidents without addresses (~73 MB, no quoted field, so the GEOS anchor reads the
 * same file) and 10,000 areas, a Voronoi partition of a box a little larger than the
 * incidents' (points on the outer boundary would be counted by GEOS, which counts boundary
 * points, and not by the east-of rule of `join`).
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeIncidentsCsv } from './make-incidents-csv'
import { voronoiAreas } from './synthetic-areas'

export const BENCH_DIR = 'tests/bench/output/cli'

export interface BenchFiles {
  incidents: string
  areas: string
  n: number
  areaCount: number
}

export function benchFiles(n = 1_000_000, areaCount = 10_000): BenchFiles {
  mkdirSync(BENCH_DIR, { recursive: true })
  const incidents = join(BENCH_DIR, `incidents-${n}.csv`)
  const areas = join(BENCH_DIR, `areas-${areaCount}.geojson`)
  if (!existsSync(incidents) || statSync(incidents).size === 0) writeFileSync(incidents, makeIncidentsCsv(n, 1, { addresses: false }))
  if (!existsSync(areas) || statSync(areas).size === 0) {
    // incidents: lon 119.1 ± 0.15, lat 36.7 ± 0.1 (make-incidents-csv.ts)
    writeFileSync(areas, JSON.stringify(voronoiAreas(areaCount, [118.94, 36.59, 119.26, 36.81], 7, 'A')))
  }
  return { incidents, areas, n, areaCount }
}
