/**
 * Response isochrones for every police station of the demo district along its road network
 * (noded lines, Dijkstra, a 25 m travel-time raster, contours), against the same rasters and
 * contours with straight-line times (no network) as the baseline; and the whole patrol plan.
 */
import { readFileSync } from 'node:fs'
import type { FeatureCollection } from 'geojson'
import { buildRoadNetwork, shortestTimes } from '../../src/core/road-network'
import { isochronePolygons, travelTimeRaster } from '../../src/core/isochrones'
import { localProjection, projectX, projectY } from '../../src/core/local-projection'
import { featuresBbox } from '../../src/io/dataset-bbox'
import { patrolPlan, patrolSignals } from '../../src/core/patrol-plan'
import { readIncidentsCsv } from '../../src/io/incidents-csv'
import { readCamerasCsv } from '../../src/io/cameras-csv'
import type { Row } from './harness'

const RUNS = 5
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const demo = (f: string) => JSON.parse(readFileSync(`geodata/demo/${f}`, 'utf8')) as FeatureCollection

function time(fn: () => void): number {
  const ts: number[] = []
  for (let k = 0; k < RUNS; k++) {
    const t0 = performance.now()
    fn()
    ts.push(performance.now() - t0)
  }
  return median(ts)
}

export async function run(): Promise<Row[]> {
  const roads = demo('roads.geojson')
  const stations = demo('stations.geojson').features.map((f) => (f.geometry as { coordinates: number[] }).coordinates)
  const bbox = featuresBbox(demo('district.geojson'))!
  const minutes = [1, 3, 10]
  const base = 'straight-line isochrones, 10 stations (baseline)'
  const straight = time(() => {
    const proj = localProjection((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, (bbox[1] + bbox[3]) / 2)
    for (const [lon, lat] of stations) isochronePolygons(travelTimeRaster(null, null, [{ x: projectX(proj, lon), y: projectY(proj, lat) }], bbox, { proj }), minutes)
  })
  let nodes = 0
  const network = time(() => {
    const net = buildRoadNetwork(roads)
    nodes = net.nodeCount
    for (const [lon, lat] of stations) {
      const src = [{ x: projectX(net.proj, lon), y: projectY(net.proj, lat) }]
      isochronePolygons(travelTimeRaster(net, shortestTimes(net, src).seconds, src, bbox), minutes)
    }
  })
  // What tests/unit/core/isochrones.test.ts computes for the demo stations, timed here rather
  // than held to a limit there: one network, each station alone and then all ten together.
  const shared = buildRoadNetwork(roads)
  const pts = stations.map(([lon, lat]) => ({ x: projectX(shared.proj, lon), y: projectY(shared.proj, lat) }))
  const elevenRuns = time(() => {
    for (const src of [...pts.map((p) => [p]), pts]) isochronePolygons(travelTimeRaster(shared, shortestTimes(shared, src).seconds, src, bbox), minutes)
  })
  const { columns } = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv'))
  const { cameras } = readCamerasCsv(readFileSync('geodata/demo/cameras.csv', 'utf8'))
  const district = demo('district.geojson')
  const plan = time(() => {
    const { hotspots, seenBy } = patrolSignals(columns, district, cameras)
    patrolPlan({
      district, grids: null, shape: 'square', sizeM: 1500, incidents: columns, seenBy, hotspots,
      keySites: demo('key_sites.geojson'), roads, stations: demo('stations.geojson'),
    })
  })
  return [
    { name: base, n: stations.length, medianMs: straight, note: '25 m cells, 1/3/10 min' },
    { name: 'road-network isochrones, 10 stations (build network + Dijkstra + raster + contours)', n: stations.length, medianMs: network, baseline: base, note: `${nodes} nodes` },
    { name: 'isochrones on one built network: 10 stations one at a time, then all together (11 runs)', n: 11, medianMs: elevenRuns, baseline: base },
    { name: 'whole patrol plan: 160 grids, 200k incidents, 2,400 cameras, isochrones, response', n: 200_000, medianMs: plan, baseline: base },
  ]
}
