import { describe, expect, it } from 'vitest'
import { normalCdf, twoSidedP } from '../../../src/core/normal'

// Reference values: 2·Q(z) = erfc(z/√2) from a double-precision erfc (Python math.erfc).
describe('normal', () => {
  it('gives the two-sided p of the usual critical values', () => {
    expect(twoSidedP(1.645)).toBeCloseTo(0.09996981107824274, 12)
    expect(twoSidedP(1.96)).toBeCloseTo(0.04999579029644087, 12)
    expect(twoSidedP(2.576)).toBeCloseTo(0.009995064631470037, 12)
    expect(twoSidedP(3.2905)).toBeCloseTo(0.0010000950180775632, 12)
    expect(twoSidedP(0)).toBe(1)
  })

  it('keeps relative precision far in the tail', () => {
    expect(Math.abs(twoSidedP(5) / 5.733031437583892e-7 - 1)).toBeLessThan(1e-8)
    expect(Math.abs(twoSidedP(8) / 1.2441921148543639e-15 - 1)).toBeLessThan(1e-8)
    expect(Math.abs(twoSidedP(10) / 1.5239706048321186e-23 - 1)).toBeLessThan(1e-8)
    expect(twoSidedP(50)).toBe(0)
    expect(twoSidedP(Infinity)).toBe(0)
    expect(normalCdf(Infinity)).toBe(1)
    expect(normalCdf(-Infinity)).toBe(0)
  })

  it('is symmetric and monotone', () => {
    for (const z of [0.1, 0.5, 1, 1.645, 2, 3, 4.5, 7, 7.5]) {
      expect(normalCdf(-z) + normalCdf(z)).toBeCloseTo(1, 15)
      expect(twoSidedP(-z)).toBe(twoSidedP(z))
      expect(twoSidedP(z)).toBeCloseTo(2 * normalCdf(-z), 15)
    }
    expect(normalCdf(0)).toBe(0.5)
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14)
    let prev = 0
    for (let z = -9; z <= 9; z += 0.01) {
      const c = normalCdf(z)
      expect(c).toBeGreaterThanOrEqual(prev)
      prev = c
    }
  })

  it('passes NaN through', () => {
    expect(normalCdf(NaN)).toBeNaN()
    expect(twoSidedP(NaN)).toBeNaN()
  })
})
