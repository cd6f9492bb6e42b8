/** Road fixtures shared by the units tests: a hand-drawn plus in metres, and the demo's roads with a random point inside their extent. */
import type { Feature, FeatureCollection, LineString } from 'geojson'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { localProjection, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import { buildRoadNetwork, type RoadNetwork } from '../../../src/core/road-network'

// Drawn in metres (symmetric in y, so the network's projection has the same scale: lengths exact).
export const P = localProjection(119, 36.7, 36.7)
export type XY = [number, number]
export const ll = ([x, y]: XY): [number, number] => [unprojectLon(P, x), unprojectLat(P, y)]
export const road = (cls: string, ...pts: XY[]): Feature<LineString> => ({ type: 'Feature', properties: { class: cls }, geometry: { type: 'LineString', coordinates: pts.map(ll) } })
/** main road (−500,0)–(500,0) and secondary road (0,−500)–(0,500), crossing at the origin */
export const PLUS: FeatureCollection = { type: 'FeatureCollection', features: [road('main', [-500, 0], [500, 0]), road('secondary', [0, -500], [0, 500])] }

/** The demo's road network and a function drawing a uniform point of its roads' bounding box from `rnd`. */
export function demoRoads(): { net: RoadNetwork; pointIn: (rnd: () => number) => [number, number] } {
  const roads = JSON.parse(readFileSync(join(resolve(__dirname, '../../..'), 'geodata/demo/roads.geojson'), 'utf8')) as FeatureCollection
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity
  for (const f of roads.features) for (const c of (f.geometry as LineString).coordinates) {
    minLon = Math.min(minLon, c[0]); maxLon = Math.max(maxLon, c[0]); minLat = Math.min(minLat, c[1]); maxLat = Math.max(maxLat, c[1])
  }
  return { net: buildRoadNetwork(roads), pointIn: (rnd) => [minLon + rnd() * (maxLon - minLon), minLat + rnd() * (maxLat - minLat)] }
}
