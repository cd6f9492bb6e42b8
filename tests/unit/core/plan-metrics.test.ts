import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { areasFromGeoJson, type AreaSet } from '../../../src/core/areas'
import { cameraCoverage, coverageByArea, type CoverageOptions } from '../../../src/core/camera-coverage'
import { cameraViews } from '../../../src/core/camera-model'
import { concatCameraColumns, type CameraColumns } from '../../../src/core/cameras'
import { projectPoints, viewCounts } from '../../../src/core/incidents-in-view'
import { localProjection, unprojectLat, unprojectLon, EARTH_RADIUS_M, type LocalProjection } from '../../../src/core/local-projection'
import { planCameraColumns, type PlanCamera } from '../../../src/core/plan-cameras'
import { planBase, planMetrics, type PlanMetrics } from '../../../src/core/plan-metrics'
import { obstaclesFromAreas, visibleRings } from '../../../src/core/visibility'

/*
 * Fixtures are laid out in local metres (x east, y north) over a W × H district whose south-west
 * corner is (120° E, 30° N), then turned into lon/lat with the projection cameraCoverage will
 * build for that district (gridOverBbox: origin at the south-west corner, latRef the middle
 * latitude), so the metres below are the metres the code sees, up to ~1e-10 m of rounding.
 * Every test point and raster boundary is kept ≥ 5 m clear of every edge, so that rounding
 * cannot move anything.
 */
const LON0 = 120, LAT0 = 30

function projFor(w: number, h: number): LocalProjection {
  const ky = (Math.PI * EARTH_RADIUS_M) / 180
  const maxLat = LAT0 + h / ky
  return localProjection(LON0, LAT0, (LAT0 + maxLat) / 2)
}

function world(w: number, h: number) {
  const proj = projFor(w, h)
  const pos = (x: number, y: number): [number, number] => [unprojectLon(proj, x), unprojectLat(proj, y)]
  const rect = (x0: number, y0: number, x1: number, y1: number) => [pos(x0, y0), pos(x1, y0), pos(x1, y1), pos(x0, y1), pos(x0, y0)]
  const layer = (polys: [number, number][][][], opts = {}): AreaSet =>
    areasFromGeoJson({
      type: 'FeatureCollection',
      features: polys.map((coordinates, i) => ({ type: 'Feature', properties: { id: `a${i}` }, geometry: { type: 'Polygon', coordinates } })),
    }, opts).areas
  const incidents = (pts: [number, number][], keep?: Uint8Array) => ({
    lon: Float64Array.from(pts, (p) => pos(p[0], p[1])[0]),
    lat: Float64Array.from(pts, (p) => pos(p[0], p[1])[1]),
    count: pts.length,
    keep,
  })
  const camera = (id: string, x: number, y: number, azimuth: number, fov: number, range: number): PlanCamera => {
    const [lon, lat] = pos(x, y)
    return { id, lon, lat, type: fov >= 360 ? 'dome' : 'bullet', azimuth, fov, range, source: 'hand' }
  }
  return { proj, pos, rect, layer, incidents, camera, district: layer([[rect(0, 0, w, h)]]) }
}

type Incidents = ReturnType<ReturnType<typeof world>['incidents']>

/** Everything recomputed from scratch on network + plan, as the figures are defined. */
function fullRecomputation(
  district: AreaSet, network: CameraColumns, plan: CameraColumns, inc: Incidents, opts: CoverageOptions,
  buildings: AreaSet | null, areas: AreaSet, selected: number,
) {
  const before = cameraCoverage({ cameras: network, district, incidents: inc, buildings }, opts)
  const after = cameraCoverage({ cameras: concatCameraColumns(network, plan), district, incidents: inc, buildings }, opts)
  const kept = (i: number) => !inc.keep || inc.keep[i] === 1
  let newlyCovered = 0, seenAfter = 0
  for (let i = 0; i < inc.count; i++) {
    if (!kept(i)) continue
    if (after.seenBy[i] > 0) seenAfter++
    if (after.seenBy[i] > 0 && before.seenBy[i] === 0) newlyCovered++
  }
  // what each plan camera sees on its own, among the kept incidents the network leaves unseen
  const proj = after.hotspots.grid.proj
  const views = cameraViews(plan, proj, opts.level)
  const rings = buildings ? visibleRings(obstaclesFromAreas(buildings, proj), views) : null
  const { x, y } = projectPoints(proj, inc.lon, inc.lat, inc.count)
  const unseenKeep = Uint8Array.from(before.seenBy, (s, i) => (s === 0 && kept(i) ? 1 : 0))
  const perCamera = Array.from({ length: views.count }, (_, v) => {
    const one = { count: 1, x: views.x.subarray(v, v + 1), y: views.y.subarray(v, v + 1), azimuth: views.azimuth.subarray(v, v + 1), fov: views.fov.subarray(v, v + 1), range: views.range.subarray(v, v + 1) }
    return viewCounts(one, x, y, inc.count, { keep: unseenKeep, visible: rings ? [rings[v]] : undefined }).reduce((s, c) => s + c, 0)
  })
  const blindHot = (r: typeof before) => r.gaps.filter((g) => g.hot >= 1 && g.coverage === 0).length
  return {
    before, newlyCovered, seenAfter, perCamera,
    coveredM2After: after.coveredM2,
    blindHotBefore: blindHot(before), blindHotAfter: blindHot(after),
    areaBefore: coverageByArea(before, areas, inc)[selected], areaAfter: coverageByArea(after, areas, inc)[selected],
  }
}

describe('planMetrics: hand fixture', () => {
  /*
   * District 400 × 300 m; gap grid 100 m (4 × 3 cells, cell = row·4 + col), raster 10 m (k = 10).
   * Every camera is a north-east quadrant (azimuth 45°, fov 90°: bearings 0°…90°, sides along
   * the axes) of range 30 m with its apex on a raster corner. Its covered centres are the
   * apex + (5|15|25, 5|15|25) except (25, 25), which is √1250 = 35.4 m away: 8 cells, 800 m².
   *
   * Incidents (15): cell 0 holds 5, cell 3 holds 5, cell 9 holds 5, the other 9 cells none.
   * Gi* with a 50 m band on 100 m cells weighs a cell alone (neighbours are 100 m away), so
   * z = (x − mean) / S: mean 15/12 = 1.25, S² = (3 · 3.75² + 9 · 1.25²) / 12 = 4.6875, so the
   * three cells have z = 3.75 / √4.6875 = √3 = 1.732 (hot class 1: 1.645 ≤ z < 2.576); the others
   * −1.25 / 2.165 = −0.58 (not hot).
   *
   * Network: N1 apex (50, 50) covers centres 55…75 (cell 0) and sees (60, 60) (14.1 m) and
   * (55, 70) (√(25 + 400) = 20.6 m). N2 apex (150, 150) covers 8 cells in cell 5 (no incidents).
   * So 16 cells = 1,600 m² covered, 2 of 15 incidents seen (in-view 2/15). Gap rows: cell 0
   * (3 unseen, coverage 8/100), cell 3 (5 unseen, coverage 0), cell 9 (5 unseen, coverage 0):
   * blind hotspot cells 3 and 9 → 2.
   *
   * Plan:
   *  P1 apex (300, 0): covers x 305…325 × y 5…25 less (325, 25), sees (310, 10) at 14.1 m and
   *     (320, 20) at 28.3 m, not (330, 15) at √(900 + 225) = 33.5 m → perCamera 2.
   *  P2 apex (40, 40): covers (45|55|65, 45|55|65) less (65, 65); N1 has (55, 55), (55, 65),
   *     (65, 55) of those, so 5 new cells; sees (60, 60), which N1 already sees, and nothing
   *     unseen ((55, 70) is √(225 + 900) = 33.5 m away; (20, 20) is south-west) → perCamera 0.
   *  P3 apex (310, 0): covers x 315…335 less (335, 25); with P1 the union adds (325, 25),
   *     (335, 5), (335, 15) to P1's 8 → 11 cells. Sees (310, 10) (10 m, on its north side, which
   *     counts), (320, 20) (22.4 m), (330, 15) (25 m) → perCamera 3.
   * Newly covered: (310, 10), (320, 20), (330, 15) = 3 (P1 and P3 overlap on two of them).
   * Seen after 5 of 15. Covered after: 16 + 5 + 11 = 32 cells = 3,200 m². Blind hot cells
   * after: cell 3 now has plan ground (and 2 unseen left), cell 9 is untouched → 1.
   *
   * Areas: a0 = the square x 0…100 × y 0…100 (10,000 m²): N1's 8 cells before (0.08), plus P2's
   * 5 → 13 cells (0.13). a1 = x 280…400 × y 0…60 with a hole x 300…320 × y 10…30
   * (7,200 − 400 = 6,800 m²): nothing before; of the 11 plan cells, (305|315, 15|25) are in the
   * hole → 7 cells, 700 / 6,800 = 0.10294.
   */
  const w = world(400, 300)
  const opts: CoverageOptions = { level: 'observe', rasterCell: 10, gridCell: 100, band: 50 }
  const quadrant = (id: string, x: number, y: number) => w.camera(id, x, y, 45, 90, 30)
  const network = planCameraColumns([quadrant('N1', 50, 50), quadrant('N2', 150, 150)])
  const plan = planCameraColumns([quadrant('P1', 300, 0), quadrant('P2', 40, 40), quadrant('P3', 310, 0)])
  const pts: [number, number][] = [
    [60, 60], [55, 70], [20, 20], [30, 80], [90, 10], // cell 0
    [310, 10], [320, 20], [330, 15], [360, 60], [390, 90], // cell 3
    [130, 230], [190, 290], [170, 210], [110, 280], [180, 210], // cell 9
  ]
  const inc = w.incidents(pts)
  const areas = w.layer([[w.rect(0, 0, 100, 100)], [w.rect(280, 0, 400, 60), w.rect(300, 10, 320, 30)]])
  const coverage = cameraCoverage({ cameras: network, district: w.district, incidents: inc }, opts)

  it('gives the hand-worked figures', () => {
    const base = planBase({ coverage, incidents: inc, areas: { compounds: areas } })
    const m = planMetrics(base, plan, 'observe', { layer: 'compounds', index: 1 })
    expect({ ...m, perCamera: Array.from(m.perCamera), ms: 0, area: null }).toEqual({
      cameras: 3, newlyCovered: 3, seenBefore: 2, seenAfter: 5, kept: 15,
      inViewBefore: 2 / 15, inViewAfter: 5 / 15,
      blindHotBefore: 2, blindHotAfter: 1,
      coveredM2Before: 1600, coveredM2After: 3200,
      area: null, perCamera: [2, 0, 3], ms: 0,
    })
    expect(m.area).toMatchObject({ layer: 'compounds', index: 1 })
    expect(m.area!.areaM2).toBeCloseTo(6800, 6)
    expect(m.area!.before).toBe(0)
    expect(m.area!.after).toBeCloseTo(700 / 6800, 9)
    const a0 = planMetrics(base, plan, 'observe', { layer: 'compounds', index: 0 }).area!
    expect(a0.areaM2).toBeCloseTo(10000, 6)
    expect(a0.before).toBeCloseTo(0.08, 9)
    expect(a0.after).toBeCloseTo(0.13, 9)
  })

  it('equals the full recomputation of network + plan', () => {
    const base = planBase({ coverage, incidents: inc, areas: { compounds: areas } })
    for (const index of [0, 1]) {
      const m = planMetrics(base, plan, 'observe', { layer: 'compounds', index })
      const full = fullRecomputation(w.district, network, plan, inc, opts, null, areas, index)
      expect(m.area!.before).toBe(full.areaBefore.fraction)
      expect(m.area!.after).toBe(full.areaAfter.fraction)
      expect(m.area!.areaM2).toBe(full.areaAfter.areaM2)
      expect([m.newlyCovered, m.seenAfter, m.coveredM2After, m.blindHotBefore, m.blindHotAfter])
        .toEqual([full.newlyCovered, full.seenAfter, full.coveredM2After, full.blindHotBefore, full.blindHotAfter])
    }
  })

  it('an empty plan changes nothing; one camera at a time adds its own share', () => {
    const base = planBase({ coverage, incidents: inc, areas: { compounds: areas } })
    const none = planMetrics(base, planCameraColumns([]), 'observe', { layer: 'compounds', index: 0 })
    expect([none.newlyCovered, none.seenAfter, none.blindHotAfter, none.coveredM2After, none.area!.after])
      .toEqual([0, 2, 2, 1600, none.area!.before])
    // P3 alone: 3 new incidents, its 8 cells (none covered before), cell 3 no longer blind
    const p3 = planMetrics(base, planCameraColumns([quadrant('P3', 310, 0)]), 'observe')
    expect([p3.newlyCovered, p3.coveredM2After, p3.blindHotAfter, p3.area]).toEqual([3, 2400, 1, null])
  })

  it('a blind hot cell whose incidents are all seen leaves the gap rows, even with no ground covered', () => {
    // Cell 9's five incidents all lie on raster corners (x, y multiples of 10), 7.07 m from the
    // nearest cell centres, so a 2 m dome on each sees its incident and covers no cell at all.
    // Cell 9 then has no unseen incident and is no gap row; cell 3 is still blind → 1.
    const domes = planCameraColumns(pts.slice(10).map(([x, y], i) => w.camera(`D${i}`, x, y, 0, 360, 2)))
    const base = planBase({ coverage, incidents: inc, areas: { compounds: areas } })
    const m = planMetrics(base, domes, 'observe')
    expect([m.newlyCovered, m.coveredM2After, m.blindHotBefore, m.blindHotAfter]).toEqual([5, 1600, 2, 1])
    const full = fullRecomputation(w.district, network, domes, inc, opts, null, areas, 0)
    expect([full.newlyCovered, full.coveredM2After, full.blindHotAfter]).toEqual([5, 1600, 1])
  })

  it('leaves the base as it found it: an edit does not leak into the next', () => {
    const base = planBase({ coverage, incidents: inc, areas: { compounds: areas } })
    const bits = coverage.raster.bits.slice()
    const first = planMetrics(base, plan, 'observe', { layer: 'compounds', index: 1 })
    planMetrics(base, planCameraColumns([quadrant('X', 200, 100), quadrant('Y', 20, 150)]), 'observe', { layer: 'compounds', index: 0 })
    const again = planMetrics(base, plan, 'observe', { layer: 'compounds', index: 1 })
    expect({ ...again, ms: 0 }).toEqual({ ...first, ms: 0 })
    expect(coverage.raster.bits).toEqual(bits)
  })

  it('counts only kept incidents', () => {
    // dropping (330, 15) and (60, 60): P3 loses one new incident, N1 one seen incident
    const keep = Uint8Array.from(pts, (_, i) => (i === 7 || i === 0 ? 0 : 1))
    const kept = w.incidents(pts, keep)
    const cov = cameraCoverage({ cameras: network, district: w.district, incidents: kept }, opts)
    const m = planMetrics(planBase({ coverage: cov, incidents: kept }), plan, 'observe')
    expect([m.kept, m.seenBefore, m.newlyCovered, m.seenAfter, Array.from(m.perCamera)]).toEqual([13, 1, 2, 3, [2, 0, 2]])
  })

  it('with walls, plan cameras see only what the walls leave open', () => {
    // A building x 322…328 × y 8…14 lies across the line from P3's apex (310, 0) to (330, 15)
    // (at x 322 the line is at y 9, at x 328 at y 13.5), and clear of the lines to (310, 10)
    // and (320, 20) (which pass x 310…317 at those heights). So P3 sees 2, not 3.
    const buildings = w.layer([[w.rect(322, 8, 328, 14)]], { idOptional: true })
    const cov = cameraCoverage({ cameras: network, district: w.district, incidents: inc, buildings }, opts)
    const obstacles = obstaclesFromAreas(buildings, cov.hotspots.grid.proj)
    const base = planBase({ coverage: cov, incidents: inc, obstacles, areas: { compounds: areas } })
    const m = planMetrics(base, plan, 'observe', { layer: 'compounds', index: 1 })
    expect([m.newlyCovered, Array.from(m.perCamera)]).toEqual([2, [2, 0, 2]])
    const full = fullRecomputation(w.district, network, plan, inc, opts, buildings, areas, 1)
    expect([m.newlyCovered, m.seenAfter, m.coveredM2After, m.blindHotAfter, m.area!.after])
      .toEqual([full.newlyCovered, full.seenAfter, full.coveredM2After, full.blindHotAfter, full.areaAfter.fraction])
    // the wall hides ground from P1 and P3, so less than the 3,200 m² without it
    expect(m.coveredM2After).toBeLessThan(3200)
  })

  it('refuses a base whose walls do not match the network coverage, and unknown areas', () => {
    const buildings = w.layer([[w.rect(322, 8, 328, 14)]], { idOptional: true })
    const obstacles = obstaclesFromAreas(buildings, coverage.hotspots.grid.proj)
    expect(() => planBase({ coverage, incidents: inc, obstacles })).toThrow(/without buildings/)
    const walled = cameraCoverage({ cameras: network, district: w.district, incidents: inc, buildings }, opts)
    expect(() => planBase({ coverage: walled, incidents: inc })).toThrow(/same walls/)
    expect(() => planBase({ coverage, incidents: w.incidents(pts.slice(1)) })).toThrow(/15 incidents/)
    const base = planBase({ coverage, incidents: inc, areas: { compounds: areas } })
    expect(() => planMetrics(base, plan, 'observe', { layer: 'streets', index: 0 })).toThrow(RangeError)
    expect(() => planMetrics(base, plan, 'observe', { layer: 'compounds', index: 2 })).toThrow(RangeError)
  })
})

describe('planMetrics: equals the full recomputation (property)', () => {
  // 400 × 300 m, raster 5 m, gap grid 50 m (8 × 6 cells, Gi* over rook neighbours)
  const w = world(400, 300)
  const opts: CoverageOptions = { level: 'observe', rasterCell: 5, gridCell: 50, band: 50 }
  const areas = w.layer([
    [w.rect(20, 20, 180, 140)],
    [w.rect(200, 40, 380, 260), w.rect(250, 90, 330, 210)], // with a hole
    [w.rect(30, 180, 120, 280)],
  ])
  const buildings = w.layer([[w.rect(100, 100, 140, 130)], [w.rect(260, 150, 300, 170)], [w.rect(60, 220, 70, 260)]], { idOptional: true })
  const cam = fc.record({
    x: fc.double({ min: 0, max: 400, noNaN: true }),
    y: fc.double({ min: 0, max: 300, noNaN: true }),
    azimuth: fc.double({ min: 0, max: 359.9, noNaN: true }),
    fov: fc.oneof(fc.double({ min: 1, max: 359, noNaN: true }), fc.constant(360)),
    range: fc.double({ min: 5, max: 150, noNaN: true }),
  })
  // clustered incidents (so that some cells are hot) plus a sprinkle over the district
  const centres: [number, number][] = [[80, 60], [300, 240], [330, 60]]
  const incidentsArb = fc.record({
    clustered: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true })), { minLength: 10, maxLength: 60 }),
    scattered: fc.array(fc.tuple(fc.double({ min: 0, max: 400, noNaN: true }), fc.double({ min: 0, max: 300, noNaN: true })), { maxLength: 30 }),
    dropEvery: fc.integer({ min: 0, max: 5 }),
  })
  const seen = { newly: 0, blindGone: 0, blindLeft: 0, areaGain: 0 }

  it('for random networks, plans, incidents, filters, walls and a selected area', () => {
    fc.assert(fc.property(
      fc.array(cam, { maxLength: 6 }), fc.array(cam, { maxLength: 6 }), incidentsArb, fc.boolean(), fc.integer({ min: 0, max: 2 }),
      (net, pl, gen, walls, selected) => {
        const pts: [number, number][] = [
          ...gen.clustered.map(([c, dx, dy]): [number, number] => [centres[c][0] + dx, centres[c][1] + dy]),
          ...gen.scattered,
        ]
        const keep = gen.dropEvery > 0 ? Uint8Array.from(pts, (_, i) => (i % (gen.dropEvery + 1) === 0 ? 0 : 1)) : undefined
        const inc = w.incidents(pts, keep)
        const cols = (list: typeof net, p: string) => planCameraColumns(list.map((c, i) => w.camera(`${p}${i}`, c.x, c.y, c.azimuth, c.fov, c.range)))
        const network = cols(net, 'N'), plan = cols(pl, 'P')
        const b = walls ? buildings : null
        const full = fullRecomputation(w.district, network, plan, inc, opts, b, areas, selected)
        const obstacles = b ? obstaclesFromAreas(b, full.before.hotspots.grid.proj) : null
        const base = planBase({ coverage: full.before, incidents: inc, obstacles, areas: { compounds: areas } })
        const m: PlanMetrics = planMetrics(base, plan, 'observe', { layer: 'compounds', index: selected })
        expect({
          newlyCovered: m.newlyCovered, seenAfter: m.seenAfter, coveredM2After: m.coveredM2After,
          blindHotBefore: m.blindHotBefore, blindHotAfter: m.blindHotAfter,
          areaBefore: m.area!.before, areaAfter: m.area!.after, perCamera: Array.from(m.perCamera),
        }).toEqual({
          newlyCovered: full.newlyCovered, seenAfter: full.seenAfter, coveredM2After: full.coveredM2After,
          blindHotBefore: full.blindHotBefore, blindHotAfter: full.blindHotAfter,
          areaBefore: full.areaBefore.fraction, areaAfter: full.areaAfter.fraction, perCamera: full.perCamera,
        })
        if (m.newlyCovered > 0) seen.newly++
        if (m.blindHotAfter < m.blindHotBefore) seen.blindGone++
        if (m.blindHotAfter > 0) seen.blindLeft++
        if (m.area!.after > m.area!.before) seen.areaGain++
      },
    ), { numRuns: 150 })
    // the property is only worth something if the cases it ran exercise each figure
    expect(Math.min(seen.newly, seen.blindGone, seen.blindLeft, seen.areaGain)).toBeGreaterThan(0)
  })
})
