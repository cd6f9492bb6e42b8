import type { Feature, FeatureCollection, LineString } from 'geojson'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { localProjection, projectX, projectY, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import { buildRoadNetwork } from '../../../src/core/road-network'
import { rankUnits } from '../../../src/core/unit-dispatch'
import { unitRoute } from '../../../src/core/unit-route'
import { UNIT_KINDS } from '../../../src/core/unit-tracks'
import { mulberry32 } from '../../../src/core/seeded-random'

const P = localProjection(119, 36.7, 36.7)
type XY = [number, number]
const ll = ([x, y]: XY): [number, number] => [unprojectLon(P, x), unprojectLat(P, y)]
const xy = ([lon, lat]: [number, number]): XY => [projectX(P, lon), projectY(P, lat)]
const road = (cls: string, ...pts: XY[]): Feature<LineString> => ({ type: 'Feature', properties: { class: cls }, geometry: { type: 'LineString', coordinates: pts.map(ll) } })
/** main road (−500,0)–(500,0) and secondary road (0,−500)–(0,500), crossing at the origin */
const PLUS: FeatureCollection = { type: 'FeatureCollection', features: [road('main', [-500, 0], [500, 0]), road('secondary', [0, -500], [0, 500])] }

describe('unitRoute on a hand-drawn plus', () => {
  const net = buildRoadNetwork(PLUS)
  const [lon, lat] = ll([15, 400])

  it('walks to the road, drives through the crossing, walks to the alert', () => {
    const r = unitRoute(net, lon, lat, ...ll([-300, 20]))!
    const pts = r.path.map(xy)
    const want: XY[] = [[-300, 20], [-300, 0], [0, 0], [0, 400], [15, 400]]
    expect(pts.length).toBe(want.length)
    pts.forEach((p, i) => { expect(p[0]).toBeCloseTo(want[i][0], 3); expect(p[1]).toBeCloseTo(want[i][1], 3) })
    expect(r.metres).toBeCloseTo(20 + 300 + 400 + 15, 3)
  })

  it('a unit on the alert\'s own road drives straight along it', () => {
    const pts = unitRoute(net, lon, lat, ...ll([0, 470]))!.path.map(xy)
    expect(pts.map(([x, y]) => [Math.round(x), Math.round(y)])).toEqual([[0, 470], [0, 470], [0, 400], [15, 400]])
  })
})

describe('unitRoute is as long as the ranking says (the demo roads)', () => {
  const roads = JSON.parse(readFileSync(join(resolve(__dirname, '../../..'), 'geodata/demo/roads.geojson'), 'utf8')) as FeatureCollection
  const net = buildRoadNetwork(roads)
  it('20 random unit–alert pairs', () => {
    const rnd = mulberry32(11)
    let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity
    for (const f of roads.features) for (const c of (f.geometry as LineString).coordinates) {
      minLon = Math.min(minLon, c[0]); maxLon = Math.max(maxLon, c[0]); minLat = Math.min(minLat, c[1]); maxLat = Math.max(maxLat, c[1])
    }
    const at = (): [number, number] => [minLon + rnd() * (maxLon - minLon), minLat + rnd() * (maxLat - minLat)]
    const car = Uint8Array.of(UNIT_KINDS.indexOf('car'))
    for (let k = 0; k < 20; k++) {
      const [ulon, ulat] = at(), [lon, lat] = at()
      const ranked = rankUnits(net, [{ unit: 0, fix: 0, lon: ulon, lat: ulat, status: 0 }], car, lon, lat)[0]
      const r = unitRoute(net, lon, lat, ulon, ulat)
      if (!Number.isFinite(ranked.seconds)) { expect(r).toBeNull(); continue }
      expect(r!.metres).toBeCloseTo(ranked.metres, 3)
      expect(r!.path[0][0]).toBeCloseTo(ulon, 9)
      expect(r!.path[r!.path.length - 1][1]).toBeCloseTo(lat, 9)
    }
  })
})
