import fc from 'fast-check'
import '../fast-check-seed'
import { describe, expect, it } from 'vitest'
import { mannKendall } from '../../../src/core/mann-kendall'

describe('mannKendall, hand computed', () => {
  it('one pair of ties, upward', () => {
    // x = 1 3 2 3 5 (n = 5). sign(x_j − x_i) for i < j:
    //   i=0 (1): +  +  +  +   = +4
    //   i=1 (3):    −  0  +   =  0
    //   i=2 (2):       +  +   = +2
    //   i=3 (3):          +   = +1      S = 7
    // ties: the value 3 twice, t = 2: 2·1·9 = 18
    // Var = (5·4·15 − 18)/18 = 282/18 = 15.666…
    // z = (7 − 1)/√15.666… = 6/3.9581140 = 1.5158736, p = 2·(1 − Φ(1.5159)) = 0.12955
    const r = mannKendall([1, 3, 2, 3, 5])
    expect(r.s).toBe(7)
    expect(r.variance).toBeCloseTo(282 / 18, 12)
    expect(r.z).toBeCloseTo(6 / Math.sqrt(282 / 18), 12)
    expect(r.z).toBeCloseTo(1.5158736, 6)
    expect(r.p).toBeCloseTo(0.12955, 4)
  })

  it('a triple tie, downward', () => {
    // x = 4 4 4 2 1: i=0: 0 0 − − = −2; i=1: 0 − − = −2; i=2: − − = −2; i=3: − = −1 → S = −7
    // ties: 4 three times: 3·2·11 = 66 → Var = (300 − 66)/18 = 13
    // z = (−7 + 1)/√13 = −1.6641006
    const r = mannKendall([4, 4, 4, 2, 1])
    expect(r.s).toBe(-7)
    expect(r.variance).toBe(13)
    expect(r.z).toBeCloseTo(-6 / Math.sqrt(13), 12)
    expect(r.z).toBeCloseTo(-1.6641006, 6)
  })

  it('S = ±1 gives z = 0 (continuity correction); all equal gives Var 0, z 0, p 1', () => {
    // 1 2 1: pairs (1,2)+, (1,1)0, (2,1)− → S = 0
    expect(mannKendall([1, 2, 1]).z).toBe(0)
    // 1 2: S = 1 → (1 − 1)/√Var = 0
    expect(mannKendall([1, 2]).z).toBe(0)
    const flat = mannKendall([3, 3, 3, 3])
    expect(flat).toEqual({ s: 0, variance: 0, z: 0, p: 1 })
  })

  it('reads a strided series in place (a row of a steps-major cube)', () => {
    // column 1 of a 3-column table: 3, 2, 1 → S = −3
    const cube = [9, 3, 9, 9, 2, 9, 9, 1, 9]
    expect(mannKendall(cube, 3, 1, 3).s).toBe(-3)
  })

  it('NaN is an error naming the value', () => {
    expect(() => mannKendall([1, NaN, 2])).toThrow(/value 1 is NaN/)
  })
})

describe('mannKendall, properties', () => {
  const series = fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 2, maxLength: 30 })

  it('S equals the brute-force count of concordant minus discordant pairs, and reversing negates S and z', () => {
    fc.assert(fc.property(series, (x) => {
      let conc = 0, disc = 0
      for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) {
        if (x[j] > x[i]) conc++
        else if (x[j] < x[i]) disc++
      }
      const r = mannKendall(x)
      expect(r.s).toBe(conc - disc)
      const rev = mannKendall([...x].reverse())
      expect(rev.s + r.s).toBe(0)
      expect(rev.z).toBeCloseTo(-r.z, 12)
      expect(r.p).toBeGreaterThan(0)
      expect(r.p).toBeLessThanOrEqual(1)
    }))
  })

  it('without ties the variance is n(n−1)(2n+5)/18', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 30 }), (x) => {
      const n = x.length
      expect(mannKendall(x).variance).toBeCloseTo((n * (n - 1) * (2 * n + 5)) / 18, 9)
    }))
  })
})
