import { describe, expect, it } from 'vitest'
import { buildRoadNetwork } from '../../../src/core/road-network'
import { rankUnits, rankUnitsBrute } from '../../../src/core/unit-dispatch'
import { UNIT_KINDS, type UnitPosition } from '../../../src/core/unit-tracks'
import { mulberry32 } from '../../../src/core/seeded-random'
import { demoRoads, ll, PLUS, type XY } from './road-fixtures'

/** PLUS: main road A (−500,0)–(500,0) at 40 km/h, secondary road B (0,−500)–(0,500) at 30 km/h, crossing at the origin */
const A = 40 / 3.6, B = 30 / 3.6, WALK = 10 / 3.6
const CAR = UNIT_KINDS.indexOf('car'), FOOT = UNIT_KINDS.indexOf('foot')

const pos = (unit: number, p: XY, status = 0): UnitPosition => { const [lon, lat] = ll(p); return { unit, fix: unit, lon, lat, status } }

describe('rankUnits on a hand-computed plus', () => {
  const net = buildRoadNetwork(PLUS)
  const kinds = Uint8Array.from([CAR, CAR, CAR, CAR, FOOT, CAR])
  const units = [
    pos(0, [-300, 0]),            // 300 m on A, 400 m on B
    pos(1, [0, -200]),            // 600 m on B
    pos(2, [0, 450]),             // on the alert's own edge, 50 m away
    pos(3, [-300, 20]),           // as unit 0, after a 20 m walk to the road
    pos(4, [500, 0]),             // foot patrol: 500 m + 400 m at 5 km/h
    pos(5, [0, 420], 3),          // offline: never dispatched
  ]
  const [lon, lat] = ll([0, 400])

  it('ranks by travel time with the route length', () => {
    const r = rankUnits(net, units, kinds, lon, lat)
    expect(r.map((u) => u.unit)).toEqual([2, 1, 0, 3, 4])
    const by = new Map(r.map((u) => [u.unit, u]))
    expect(by.get(2)!.seconds).toBeCloseTo(50 / B, 6)
    expect(by.get(2)!.metres).toBeCloseTo(50, 6)
    expect(by.get(1)!.seconds).toBeCloseTo(600 / B, 6)
    expect(by.get(1)!.metres).toBeCloseTo(600, 6)
    expect(by.get(0)!.seconds).toBeCloseTo(300 / A + 400 / B, 6)
    expect(by.get(0)!.metres).toBeCloseTo(700, 6)
    expect(by.get(3)!.seconds).toBeCloseTo(20 / WALK + 300 / A + 400 / B, 6)
    expect(by.get(3)!.metres).toBeCloseTo(720, 6)
    expect(by.get(4)!.seconds).toBeCloseTo(900 / (5 / 3.6), 6)
  })

  it('top and offline', () => {
    expect(rankUnits(net, units, kinds, lon, lat, { top: 2 }).map((u) => u.unit)).toEqual([2, 1])
    expect(rankUnits(net, units, kinds, lon, lat, { offline: true })[0].unit).toBe(5)
  })

  it('an alert off the road adds the walk from the road', () => {
    const [lon2, lat2] = ll([15, 400])
    const r = rankUnits(net, units, kinds, lon2, lat2)
    expect(r[0].unit).toBe(2)
    expect(r[0].seconds).toBeCloseTo(50 / B + 15 / WALK, 6)
  })
})

describe('rankUnits equals one Dijkstra per unit (the demo roads)', () => {
  const { net, pointIn } = demoRoads()
  it('same order and times for 40 random units and 5 alerts', () => {
    const rnd = mulberry32(7)
    const at = (): [number, number] => pointIn(rnd)
    const units: UnitPosition[] = Array.from({ length: 40 }, (_, u) => { const [lon, lat] = at(); return { unit: u, fix: u, lon, lat, status: 0 } })
    const kinds = new Uint8Array(40).map((_, u) => (u % 7 === 0 ? FOOT : CAR))
    for (let k = 0; k < 5; k++) {
      const [lon, lat] = at()
      const fast = rankUnits(net, units, kinds, lon, lat)
      const slow = rankUnitsBrute(net, units, kinds, lon, lat)
      expect(fast.map((u) => u.unit)).toEqual(slow.map((u) => u.unit))
      fast.forEach((u, i) => {
        expect(u.seconds).toBeCloseTo(slow[i].seconds, 6)
        expect(u.metres).toBeCloseTo(slow[i].metres, 6)
      })
    }
  })
})
