import { describe, expect, it } from 'vitest'
import { densityScaleMax, halvingClassEdges, halvingClassOf, niceCeil } from '../../../src/core/density-scale'

describe('density scale', () => {
  it('rounds up to 1, 2 or 5 × 10^k', () => {
    expect([0.3, 1, 1.01, 2, 2.5, 5, 7, 10, 19_999, 20_001, 28_557].map(niceCeil)).toEqual([0.5, 1, 2, 2, 5, 5, 10, 10, 20_000, 50_000, 50_000])
    expect(niceCeil(0)).toBe(1)
    expect(niceCeil(NaN)).toBe(1)
  })

  it("is the 99th percentile of the busy 500 m cells' incidents per km², rounded up", () => {
    // 10 incidents at one spot, 1 incident 5 km east: of the two busy 500 m cells (0.25 km²), the
    // 99th percentile is the denser, 10 → 40/km² → 50
    const lon = new Float64Array(11).fill(119.1), lat = new Float64Array(11).fill(36.7)
    lon[10] = 119.1 + 5000 / (111_195 * Math.cos((36.7 * Math.PI) / 180))
    expect(densityScaleMax(lon, lat, 11)).toBe(50)
    // 1,000 at the spot: 4,000/km² → 5,000
    const many = 1000
    expect(densityScaleMax(new Float64Array(many).fill(119.1), new Float64Array(many).fill(36.7), many)).toBe(5000)
    expect(densityScaleMax(new Float64Array(0), new Float64Array(0), 0)).toBe(1)
    // 200 busy cells of 1 incident and one of 1,000: the extreme cell is above the 99th percentile → 1/0.25 = 4 → 5
    const n = 1200
    const lon2 = new Float64Array(n).fill(119.1), lat2 = new Float64Array(n).fill(36.7)
    for (let i = 0; i < 200; i++) lon2[i] = 119.1 + ((i + 1) * 1000) / (111_195 * Math.cos((36.7 * Math.PI) / 180))
    expect(densityScaleMax(lon2, lat2, n)).toBe(5)
  })

  it('is fitted to the kept incidents only, on cells of the size asked for', () => {
    // 400 incidents at one spot (everything), 3 of them kept plus 1 kept incident 5 km east:
    // everything → 400 / 0.25 km² = 1,600 → 2,000; the kept → cells of 3 and 1 → 99th pct 3 → 12/km² → 20
    const n = 401
    const lon = new Float64Array(n).fill(119.1), lat = new Float64Array(n).fill(36.7)
    lon[400] = 119.1 + 5000 / (111_195 * Math.cos((36.7 * Math.PI) / 180))
    const keep = new Uint8Array(n)
    keep[0] = keep[1] = keep[2] = keep[400] = 1
    expect(densityScaleMax(lon, lat, 400)).toBe(2000)
    expect(densityScaleMax(lon, lat, n, 500, keep)).toBe(20)
    // 100 m cells (0.01 km²): 3 → 300/km² → 500
    expect(densityScaleMax(lon, lat, n, 100, keep)).toBe(500)
    // nothing kept: the neutral 1
    expect(densityScaleMax(lon, lat, n, 500, new Uint8Array(n))).toBe(1)
    // one kept incident: 1 / 0.25 km² = 4 → 5, a scale one incident reaches
    const one = new Uint8Array(n)
    one[400] = 1
    expect(densityScaleMax(lon, lat, n, 500, one)).toBe(5)
  })
})

describe('halving classes (hexagons)', () => {
  it('edges halve down from the top; a density falls in the first class whose edge it does not exceed', () => {
    expect(halvingClassEdges(64, 6)).toEqual([2, 4, 8, 16, 32, 64])
    // by hand with top 64: ≤2 → 0, (2,4] → 1, (4,8] → 2, (8,16] → 3, (16,32] → 4, above 32 → 5
    const cases: [number, number][] = [[0, 0], [1, 0], [2, 0], [2.01, 1], [4, 1], [5, 2], [8, 2], [9, 3], [16, 3], [17, 4], [32, 4], [33, 5], [64, 5], [1e6, 5]]
    for (const [d, k] of cases) expect([d, halvingClassOf(d, 64, 6)]).toEqual([d, k])
  })
})
