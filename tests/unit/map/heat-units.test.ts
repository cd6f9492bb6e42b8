import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { densityToHeatWeight, HEAT_KERNEL_INTEGRAL, heatWeightToDensity, metresPerPixel } from '../../../src/map/layers/heat-units'

/** deck.gl 9.4 heatmap weights-fs.glsl, constants as written there */
const gaussianKDE = (u: number) => Math.exp((-u * u) / 0.05555) / (1.77245385 * 0.166666)

describe('heatmap weights in incidents per km²', () => {
  it('the kernel integral matches a numerical sum of the shader kernel over its disk', () => {
    // midpoint rule on a 2000 × 2000 grid over [-1, 1]², the sprite cut at u ≤ 1 as in the shader
    const n = 2000, h = 2 / n
    let sum = 0
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const x = -1 + (i + 0.5) * h, y = -1 + (j + 0.5) * h
      const u = Math.hypot(x, y)
      if (u <= 1) sum += gaussianKDE(u) * h * h
    }
    // closed form 2√π σ (1 − e^(−18)) with σ = 1/6: 2 × 1.7724539 / 6 = 0.5908180
    expect(HEAT_KERNEL_INTEGRAL).toBeCloseTo(0.590818, 5)
    expect(sum / HEAT_KERNEL_INTEGRAL).toBeCloseTo(1, 3)
  })

  it('converts a density to a weight by hand', () => {
    // 10,000 per km² = 0.01 per m²; 28 px at 2 m/px = 56 m; 0.01 × 56² × 0.590818 = 18.528
    expect(densityToHeatWeight(10_000, 28, 2)).toBeCloseTo(18.528, 3)
    // and the same weight read back
    expect(heatWeightToDensity(18.528, 28, 2)).toBeCloseTo(10_000, -1)
  })

  it('uniform points at a known density give that weight (point sum, as the weight pass does)', () => {
    // points on a 5 m lattice = 1 / 25 per m² = 40,000 per km²; R = 30 px × 1 m/px = 30 m
    const R = 30, step = 5
    let w = 0
    for (let x = -40; x <= 40; x += step) for (let y = -40; y <= 40; y += step) {
      const u = Math.hypot(x, y) / R
      if (u <= 1) w += gaussianKDE(u)
    }
    expect(w / densityToHeatWeight(40_000, 30, 1)).toBeCloseTo(1, 1)
  })

  it('metres per pixel of the 512-px Web Mercator world', () => {
    // equator, zoom 0: 40,075,016.7 m / 512 px = 78,271.5 m
    expect(metresPerPixel(0, 0)).toBeCloseTo(78271.5, 0)
    // 60° N halves it, each zoom level halves it
    expect(metresPerPixel(1, 60)).toBeCloseTo(78271.5 / 4, 0)
  })

  it('density → weight → density is the identity (property)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 100 }), fc.double({ min: 0.01, max: 1000, noNaN: true }),
      (d, r, mpp) => Math.abs(heatWeightToDensity(densityToHeatWeight(d, r, mpp), r, mpp) / d - 1) < 1e-9))
  })
})
