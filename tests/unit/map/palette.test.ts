import { describe, expect, it } from 'vitest'
import { deltaE2000, deltaE2000Lab, over, rgbToLab, type Rgb } from '../../colour-difference'
import {
  CAMERA_CLASS_COLOR, GAP_COLORS, gapAlpha, GAP_LINE, HEAT_COLORS, HOTSPOT_ALPHA, HOTSPOT_COLORS, PLAN_ALPHA, PLAN_COLOR, PLAN_LINE,
  SUGGESTION_ALPHA, SUGGESTION_COLOR, VIEW_ALPHA,
} from '../../../src/map/palette'
import { BASE } from '../../../src/map/theme'

/*
 * Thresholds in CIEDE2000. ΔE00 ≈ 1 is a difference just seen side by side; on a map two
 * colours are judged apart, at small sizes, on a projector or a video wall, and often through
 * a translucent fill, where studies of map colours (Brychtová & Çöltekin 2016) find that
 * differences of around 10 are already missed. Two layers' own colours therefore keep
 * ΔE00 ≥ 20. A translucent fill drawn over another layer keeps ΔE00 ≥ 15 between its inside and
 * the layer beside it: a view has to stay see-through (47 %), and that is the most such a fill
 * holds over the heatmap's pale top; plan sectors and gap cells carry an outline on top of it.
 */
const APART = 20
const SHOWS_OVER = 15

const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]
const GROUND = hex(BASE.district)
type Ink = [name: string, rgb: Rgb, alpha: number]
const seen = ([, c, a]: Ink) => over(c, a, GROUND)

const heat: Ink[] = HEAT_COLORS.map((c, i) => [`heat ${i}`, c, 255])
const hexagons: Ink[] = HEAT_COLORS.map((c, i) => [`hexagon ${i}`, c, 191])
// Gi* classes ±2, ±3 and hot 1 (class −1, the palest blue, is the cold end's faintest)
const giStrong: Ink[] = [-3, -2, 1, 2, 3].map((k) => [`Gi* ${k}`, HOTSPOT_COLORS[k + 3], HOTSPOT_ALPHA])
const gaps: Ink[] = [3, 4, 5, 6, 7, 8].map((k) => [`gap ${k}`, GAP_COLORS[k], gapAlpha(k)])
const gap6 = gaps[3]
const coverage: Ink[] = CAMERA_CLASS_COLOR.map((c, i) => [`view ${'AB'[i]}`, c, VIEW_ALPHA])
const plan: Ink = ['plan', PLAN_COLOR, PLAN_ALPHA]
const suggestion: Ink = ['suggestion', SUGGESTION_COLOR, SUGGESTION_ALPHA]

describe('CIEDE2000 (the tests\' own formula)', () => {
  it('matches the test pairs of Sharma, Wu & Dalal (2005)', () => {
    const pairs: [Rgb, Rgb, number][] = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[50, 2.5, 0], [50, 0, -2.5], 4.3065],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
      [[22.7233, 20.0904, -46.694], [23.0331, 14.973, -42.5619], 2.0373],
      [[90.9257, -0.5406, -0.9208], [88.6381, -0.8985, -0.7239], 1.5381],
      [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
    ]
    for (const [a, b, e] of pairs) expect(deltaE2000Lab(a, b)).toBeCloseTo(e, 4)
  })
  it('puts sRGB white at L 100 and black at 0', () => {
    expect(rgbToLab([255, 255, 255])[0]).toBeCloseTo(100, 3)
    expect(rgbToLab([0, 0, 0])[0]).toBeCloseTo(0, 6)
  })
})

/** Every pair of inks from two layers: the smallest difference as drawn on the ground, and its pair. */
function closest(a: Ink[], b: Ink[]): { d: number; pair: string } {
  let d = Infinity, pair = ''
  for (const x of a) for (const y of b) {
    const e = deltaE2000(seen(x), seen(y))
    if (e < d) [d, pair] = [e, `${x[0]} / ${y[0]}`]
  }
  return { d, pair }
}

/** `top` drawn over each of `under` (as drawn on the ground): the smallest difference between inside and beside. */
function weakestOver(top: Ink, under: Ink[]): { d: number; pair: string } {
  let d = Infinity, pair = ''
  for (const u of under) {
    const beside = seen(u)
    const e = deltaE2000(over(top[1], top[2], beside), beside)
    if (e < d) [d, pair] = [e, `${top[0]} over ${u[0]}`]
  }
  return { d, pair }
}

describe('palette: layers a planner has on together keep apart', () => {
  const single: Ink[] = [gap6, ...coverage, plan]
  it(`the planner's own colours (hot uncovered gap, views, plan) differ by ΔE00 ≥ ${APART} from each other and from the incident and Gi* ramps`, () => {
    const rows: string[] = []
    const check = (a: Ink[], b: Ink[]) => {
      const { d, pair } = closest(a, b)
      rows.push(`${pair}: ${d.toFixed(1)}`)
      expect(d, pair).toBeGreaterThanOrEqual(APART)
    }
    for (let i = 0; i < single.length; i++) {
      for (let j = i + 1; j < single.length; j++) if (!(single[i][0].startsWith('view') && single[j][0].startsWith('view'))) check([single[i]], [single[j]])
      check([single[i]], heat)
      check([single[i]], hexagons)
      check([single[i]], giStrong)
    }
    check([suggestion], [plan, ...coverage, ...heat, ...hexagons])
    console.log(`    closest pairs: ${rows.sort((a, b) => parseFloat(a.split(': ')[1]) - parseFloat(b.split(': ')[1])).slice(0, 4).join('; ')}`)
  })

  it('on a light raster base map the same colours stay apart by ΔE00 ≥ 12 (the wall and the desk are dark; a light base is the exception)', () => {
    const light: Rgb = [242, 239, 233]
    const onLight = ([, c, a]: Ink) => over(c, a, light)
    const inks = [gap6, ...coverage, plan, suggestion]
    for (let i = 0; i < inks.length; i++) {
      for (const other of [...inks.slice(i + 1), ...heat, ...giStrong]) {
        if (inks[i][0].startsWith('view') && other[0].startsWith('view')) continue
        expect(deltaE2000(onLight(inks[i]), onLight(other)), `${inks[i][0]} / ${other[0]}`).toBeGreaterThanOrEqual(12)
      }
      // and against the light ground itself
      expect(deltaE2000(onLight(inks[i]), light), `${inks[i][0]} / ground`).toBeGreaterThanOrEqual(APART)
    }
  })

  it(`a layer's fill drawn over another shows by ΔE00 ≥ ${SHOWS_OVER}`, () => {
    const cases: [Ink, Ink[]][] = [
      [plan, gaps], [plan, coverage], [plan, heat], [plan, hexagons], // plan sectors over gaps, views and density
      [gap6, heat], [gap6, hexagons], [gap6, giStrong], // hot uncovered gap cells over the density surfaces
      // views over density, and over the gap cells they partly or well cover (an uncovered cell has none over it)
      ...coverage.map((v): [Ink, Ink[]] => [v, [...heat, ...hexagons, ...gaps.filter((g) => !/ [36]$/.test(g[0]))]]),
      [suggestion, [...gaps.filter((g) => g !== gap6), ...coverage, ...heat.slice(0, 4)]],
    ]
    for (const [top, under] of cases) {
      const { d, pair } = weakestOver(top, under)
      expect(d, pair).toBeGreaterThanOrEqual(SHOWS_OVER)
    }
  })

  it('plan sectors and gap cells carry outlines that hold where the fill does not', () => {
    // the plan outline (opaque) against the plan's own fill over every gap class and the heatmap
    for (const u of [...gaps, ...heat]) expect(deltaE2000(PLAN_LINE, over(PLAN_COLOR, PLAN_ALPHA, seen(u))), u[0]).toBeGreaterThanOrEqual(APART)
    // a gap cell's edge against its inside, for every drawn class over the ground
    for (const g of gaps) {
      const inside = seen(g)
      expect(deltaE2000(over(GAP_LINE.slice(0, 3) as unknown as Rgb, GAP_LINE[3], inside), inside), g[0]).toBeGreaterThanOrEqual(APART)
    }
  })

  it('gap classes: not-hot cells are clear, class 6 (hot, uncovered) is the most saturated and stays apart for protan and deutan viewers', () => {
    expect([0, 1, 2].map(gapAlpha)).toEqual([0, 0, 0])
    const chroma = (c: Rgb) => Math.hypot(rgbToLab(c)[1], rgbToLab(c)[2])
    for (const k of [3, 4, 5, 7, 8]) expect(chroma(GAP_COLORS[6])).toBeGreaterThan(chroma(GAP_COLORS[k]) + 10)
    // Viénot, Brettel & Mollon (1999) dichromat simulation on linear RGB (DaltonLens' matrices)
    const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)
    const enc = (v: number) => 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055)
    const SIM: Record<string, number[][]> = {
      protan: [[0.11238, 0.88762, 0], [0.11238, 0.88762, 0], [0.00401, -0.00401, 1]],
      deutan: [[0.29275, 0.70725, 0], [0.29275, 0.70725, 0], [-0.02234, 0.02234, 1]],
    }
    const sim = (rgb: Rgb, m: number[][]): Rgb => {
      const l = rgb.map(lin)
      return m.map((row) => enc(Math.min(1, Math.max(0, row[0] * l[0] + row[1] * l[1] + row[2] * l[2])))) as unknown as Rgb
    }
    for (const [name, m] of Object.entries(SIM)) {
      for (const g of gaps) {
        if (g === gap6) continue
        expect(deltaE2000(sim(seen(gap6), m), sim(seen(g), m)), `${name}: ${g[0]}`).toBeGreaterThan(10)
      }
    }
  })
})
