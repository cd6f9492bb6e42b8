import { expect, it } from 'vitest'
import { interleavePositions } from '../../../src/core/positions'

it('interleaves lon/lat and keeps about a metre of precision', () => {
  const p = interleavePositions(Float64Array.of(119.101234, 119.2), Float64Array.of(36.7, 36.712345))
  expect(p.length).toBe(4)
  expect(Math.abs(p[0] - 119.101234)).toBeLessThan(1e-5) // ~1 m in longitude here
  expect(p[1]).toBeCloseTo(36.7, 5)
  expect(p[3]).toBeCloseTo(36.712345, 5)
})
