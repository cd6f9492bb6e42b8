import { describe, expect, it } from 'vitest'
import { projectX, projectY } from '../../../src/core/local-projection'
import { buildRoadNetwork } from '../../../src/core/road-network'
import { rankUnits } from '../../../src/core/unit-dispatch'
import { unitRoute } from '../../../src/core/unit-route'
import { UNIT_KINDS } from '../../../src/core/unit-tracks'
import { mulberry32 } from '../../../src/core/seeded-random'
import { demoRoads, ll, P, PLUS, type XY } from './road-fixtures'

const xy = ([lon, lat]: [number, number]): XY => [projectX(P, lon), projectY(P, lat)]

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
  const { net, pointIn } = demoRoads()
  it('20 random unit–alert pairs', () => {
    const rnd = mulberry32(11)
    const at = (): [number, number] => pointIn(rnd)
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
