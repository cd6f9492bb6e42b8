/**
 * Child process of analytics.bench.ts: the whole pipeline on one CSV file as the CLI runs it,
 * reporting its own peak RSS as JSON on the last line of stdout.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { areaSafetyIndex } from '../../src/core/area-safety'
import { areasFromGeoJson } from '../../src/core/areas'
import { gridHotspots } from '../../src/core/grid-hotspots'
import { monthPeriod } from '../../src/core/periods'
import { buildAreaIndex, joinPoints } from '../../src/core/spatial-join'
import { timeProfile } from '../../src/core/time-profile'
import { readIncidentsFile } from '../../src/cli/cli-io'
import { voronoiAreas } from './synthetic-areas'

const rss = () => process.memoryUsage().rss / 2 ** 20
const startRssMB = rss()
const t0 = performance.now()
const quiet = { warn: () => {}, info: () => {} }
const inc = readIncidentsFile(process.argv[2], { crs: 'wgs84' }, quiet)
const bbox: [number, number, number, number] = [118.95, 36.6, 119.25, 36.8]
const compounds = areasFromGeoJson(voronoiAreas(10_000, bbox, 7)).areas
const streets = areasFromGeoJson(JSON.parse(readFileSync(join(process.cwd(), 'geodata/demo/streets.geojson'), 'utf8'))).areas
const assignC = joinPoints(buildAreaIndex(compounds), inc.lon, inc.lat, inc.count)
const assignS = joinPoints(buildAreaIndex(streets), inc.lon, inc.lat, inc.count)
for (const [assign, areas] of [[assignC, compounds], [assignS, streets]] as const) {
  areaSafetyIndex({ assign, category: inc.category, time: inc.time, count: inc.count, population: areas.population, period: monthPeriod(2024, 6) })
}
gridHotspots(inc.lon, inc.lat, inc.count, { cell: 250, band: 500 })
timeProfile(assignC, inc.time, inc.count, compounds.count)
const ms = performance.now() - t0
console.log(JSON.stringify({ startRssMB, peakRssMB: process.resourceUsage().maxRSS / 1024, ms, count: inc.count }))
