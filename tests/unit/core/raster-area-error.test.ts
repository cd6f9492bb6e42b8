import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import '../fast-check-seed'
import { addSector, coverageRaster, coveredCells, rasterAreaErrorBound, sectorBoundary } from '../../../src/core/coverage-raster'
import { addParts, rasterAreaExpectedError, ringParts, sectorParts } from '../../../src/core/raster-area-error'

describe('expected raster area error', () => {
  it('adds the arc and side variances as the module comment derives them (by hand)', () => {
    // a disc of radius 30 on 2 m cells: arc 60π, variance 2³·60π/(3π) = 160, RMS √160 = 12.65
    expect(rasterAreaExpectedError(sectorParts(360, 30), 2)).toBeCloseTo(Math.sqrt(160), 10)
    // a 90° sector of range 60: arc 30π → 2³·30π/(3π) = 80; two sides 60² each → 2²·7200/12 = 2400
    expect(rasterAreaExpectedError(sectorParts(90, 60), 2)).toBeCloseTo(Math.sqrt(2480), 10)
    // fov 180: the radii are one line of 120 m: 2²·120²/12 = 4800, plus the arc 60π → 160
    expect(rasterAreaExpectedError(sectorParts(180, 60), 2)).toBeCloseTo(Math.sqrt(4960), 10)
    // a 3-4-5 triangle ring: 9 + 16 + 25 = 50 m² of side squares on 1 m cells: √(50/12)
    expect(rasterAreaExpectedError(ringParts(Float64Array.of(0, 0, 3, 0, 3, 4)), 1)).toBeCloseTo(Math.sqrt(50 / 12), 10)
    expect(addParts(sectorParts(360, 30), ringParts(Float64Array.of(0, 0, 3, 0, 3, 4)))).toEqual({ arcLength: 60 * Math.PI, sideSquares: 50 })
    expect(sectorParts(0, 30)).toEqual({ arcLength: 0, sideSquares: 0 })
  })

  it('is far below the worst case for a district-sized network (1,000 sectors of 60 m, 90°, 2 m cells)', () => {
    const one = sectorParts(90, 60)
    let all = { arcLength: 0, sideSquares: 0 }
    for (let i = 0; i < 1000; i++) all = addParts(all, one)
    const expected = rasterAreaExpectedError(all, 2)
    const bound = rasterAreaErrorBound(1000 * sectorBoundary(90, 60).length, 2)
    // √1000·√2480 = 1,575 m² against √2·1000·(120 + 30π)·2 = 606,000 m²
    expect(expected).toBeCloseTo(Math.sqrt(1000 * 2480), 6)
    expect(expected / bound).toBeLessThan(0.003)
  })

  it('matches the simulated error of single sectors: RMS over random positions within 0.05–1.25 times the estimate (property)', () => {
    const cell = 2
    fc.assert(fc.property(
      fc.constantFrom(0, 45, 90, 27, -1), fc.integer({ min: 30, max: 180 }), fc.integer({ min: 30, max: 100 }), fc.integer({ min: 1, max: 2 ** 30 }),
      (az, fov, range, seed) => {
        let s = seed
        const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
        let se = 0
        const trials = 120
        for (let t = 0; t < trials; t++) {
          const r = coverageRaster(0, 0, 240, 240, cell)
          addSector(r, 120 + rnd() * cell, 120 + rnd() * cell, az < 0 ? rnd() * 360 : az, fov, range)
          const err = coveredCells(r) * cell * cell - (fov / 360) * Math.PI * range * range
          se += err * err
        }
        const ratio = Math.sqrt(se / trials) / rasterAreaExpectedError(sectorParts(fov, range), cell)
        // 600 such cases ranged over 0.07–1.06; 120 draws leave the RMS a few per cent of noise, hence the margins
        expect(ratio).toBeGreaterThan(0.05)
        expect(ratio).toBeLessThan(1.25)
      },
    ), { numRuns: 12 })
  })
})
