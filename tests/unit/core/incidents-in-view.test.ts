import fc from 'fast-check'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { describe, expect, it } from 'vitest'
import { inSector, type CameraViews } from '../../../src/core/camera-model'
import { inViewRate, projectPoints, ringContains, viewCounts, viewMembers, type CoverSets } from '../../../src/core/incidents-in-view'
import { localProjection, projectX, projectY } from '../../../src/core/local-projection'

interface View { x: number; y: number; azimuth: number; fov: number; range: number }

function viewsOf(list: View[]): CameraViews {
  return {
    count: list.length,
    x: Float64Array.from(list, (v) => v.x),
    y: Float64Array.from(list, (v) => v.y),
    azimuth: Float32Array.from(list, (v) => v.azimuth),
    fov: Float32Array.from(list, (v) => v.fov),
    range: Float32Array.from(list, (v) => v.range),
  }
}

/** counts for [x, y] points */
function counts(views: CameraViews, pts: [number, number][], opts?: { visible?: Float64Array[]; keep?: Uint8Array }): number[] {
  const x = Float64Array.from(pts, (p) => p[0])
  const y = Float64Array.from(pts, (p) => p[1])
  return Array.from(viewCounts(views, x, y, pts.length, opts))
}

/** The reference: every view against every point, with camera-model's inSector. */
function brute(views: CameraViews, x: Float64Array, y: Float64Array, count: number, visible?: Float64Array[]): number[] {
  const out: number[] = []
  for (let i = 0; i < count; i++) {
    let n = 0
    for (let v = 0; v < views.count; v++) {
      if (!(Number.isFinite(views.x[v]) && Number.isFinite(views.y[v]))) continue
      if (!inSector(views.x[v], views.y[v], views.azimuth[v], views.fov[v], views.range[v], x[i], y[i])) continue
      if (visible && !ringContains(visible[v], x[i], y[i])) continue
      n++
    }
    out.push(Math.min(n, 255))
  }
  return out
}

const DEG = Math.PI / 180
/** the point at distance d and bearing b (degrees clockwise from north) from (x, y) */
const at = (x: number, y: number, b: number, d: number): [number, number] => [x + d * Math.sin(b * DEG), y + d * Math.cos(b * DEG)]

describe('viewCounts: hand cases', () => {
  // Camera at (0,0) looking east (az 90) with fov 90: the wedge spans bearings 45°…135°, range 10.
  const bullet: View = { x: 0, y: 0, azimuth: 90, fov: 90, range: 10 }

  it('a bullet sees its wedge, edges and range circle included', () => {
    const views = viewsOf([bullet])
    expect(counts(views, [
      [5, 0], //   distance 5, bearing 90°: in
      [7, 7], //   distance √98 = 9.90 < 10, bearing atan2(7, 7) = 45° = 90 − 45: on the wedge edge, in
      [7, -7], //  bearing 135° = 90 + 45: the other edge, in
      [8, 8], //   bearing 45° but distance √128 = 11.3 > 10: out
      [-1, 0], //  bearing 270°, 180° from the azimuth: out
      [0, 10], //  bearing 0°, 90° off: out
      [10, 0], //  distance exactly 10: on the range circle, in
      [8, -6], //  distance √(64 + 36) = 10, bearing 126.9°: on the circle, in
      [6, 8], //   distance 10 but bearing 36.9° < 45°: out
      [0, 0], //   the camera's own position: in
      [10.001, 0], // just past the range: out
    ])).toEqual([1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0])
  })

  it('a dome (fov 360) sees the whole disc of radius 10', () => {
    const views = viewsOf([{ x: 100, y: 100, azimuth: 0, fov: 360, range: 10 }])
    expect(counts(views, [
      [110, 100], [100, 90], [90, 100], [100, 110], // the four compass points on the circle
      [106, 108], // 6² + 8² = 100: on the circle
      [108, 107], // 64 + 49 = 113 > 100: out
      [100, 100], [95, 95], // the camera, and distance 7.07
      [100, 110.01],
    ])).toEqual([1, 1, 1, 1, 1, 0, 1, 1, 0])
  })

  it('a wedge across north: az 350, fov 40 covers bearings 330°…10°, and az −10 is the same view', () => {
    for (const azimuth of [350, -10, 710]) {
      const views = viewsOf([{ x: 0, y: 0, azimuth, fov: 40, range: 10 }])
      expect(counts(views, [
        [0, 5], //     bearing 0°: in
        [-1, 5], //    bearing −11.3° = 348.7°: in
        [0.5, 5], //   bearing 5.7°: in
        [1, 5], //     bearing 11.3° > 10°: out
        [-3, 5], //    bearing −31.0° = 329.0° < 330°: out
        at(0, 0, 10, 9.5), //  bearing 10°: the east edge, in
        at(0, 0, 330, 9.5), // bearing 330°: the west edge, in
        at(0, 0, 10.001, 9.5), at(0, 0, 329.999, 9.5), // just outside the edges
        [0, -5], //    behind: out
      ])).toEqual([1, 1, 1, 0, 0, 1, 1, 0, 0, 0])
    }
  })

  it('counts overlapping views and saturates at 255', () => {
    // Two bullets face each other across (5, 0) and a dome sits on it.
    const views = viewsOf([
      bullet, { x: 10, y: 0, azimuth: 270, fov: 60, range: 10 }, { x: 5, y: 0, azimuth: 0, fov: 360, range: 1 },
    ])
    // (5,0): all three. (2,0): the bullet (bearing 90°) and the west-facing one (distance 8,
    // bearing 270°), not the dome (distance 3). (5,5): bearing 45° from (0,0) (edge), 315° from
    // (10,0), 45° off 270 > 30: only the first.
    expect(counts(views, [[5, 0], [2, 0], [5, 5]])).toEqual([3, 2, 1])
    const many = viewsOf(Array.from({ length: 300 }, () => ({ x: 0, y: 0, azimuth: 0, fov: 360, range: 5 })))
    expect(counts(many, [[1, 1], [6, 0]])).toEqual([255, 0])
  })

  it('keep, NaN points, bad views and infinite ranges', () => {
    const views = viewsOf([
      bullet,
      { x: NaN, y: 0, azimuth: 0, fov: 360, range: 100 }, // no position: sees nothing
      { x: 0, y: 0, azimuth: 0, fov: 360, range: -1 }, // negative range: sees nothing
      { x: 0, y: 0, azimuth: 0, fov: 360, range: NaN }, // unknown range: sees nothing
      { x: -100, y: -1000, azimuth: 0, fov: 2, range: Infinity }, // looks north forever, ±1°
    ])
    // (5,0): the bullet; from (−100,−1000) its bearing is atan(105/1000) = 6.0° > 1°.
    // (−100,5) and (−100,1e6): due north of the last view (bearing 0°), west of the bullet.
    // (0,0): the bullet's own position; the two views there without a usable range see nothing.
    expect(counts(views, [[5, 0], [NaN, 0], [-100, 5], [-100, 1e6], [0, 0]])).toEqual([1, 0, 1, 1, 1])
    expect(counts(views, [[5, 0], [-100, 5], [-100, 1e6]], { keep: Uint8Array.of(1, 0, 1) })).toEqual([1, 0, 1])
    expect(counts(viewsOf([]), [[0, 0]])).toEqual([0])
  })

  it('a long-range view among short ones (its own tier) and cameras far apart', () => {
    const views = viewsOf([
      { x: 0, y: 0, azimuth: 0, fov: 360, range: 30 },
      { x: 0, y: 0, azimuth: 90, fov: 10, range: 5000 }, // reaches (4999, 0)
      { x: 1e6, y: 1e6, azimuth: 0, fov: 360, range: 30 }, // 1,414 km away: the grid is capped
    ])
    expect(counts(views, [[20, 0], [4999, 0], [5001, 0], [1e6 + 29, 1e6], [1e6 + 31, 1e6], [5e5, 5e5]])).toEqual([2, 1, 0, 1, 0, 0])
  })

  it('with visibility rings, a view sees only what its ring (and its sector) leaves', () => {
    // A dome of range 10 at the origin whose ring is the square [−5, 5]²; a bullet east of it
    // (az 90) whose ring is empty (a wall in front of the lens); a dome at (30, 0) whose ring
    // is a square 40 m wide, larger than its disc.
    const views = viewsOf([
      { x: 0, y: 0, azimuth: 0, fov: 360, range: 10 },
      { x: 0, y: 0, azimuth: 90, fov: 90, range: 10 },
      { x: 30, y: 0, azimuth: 0, fov: 360, range: 10 },
    ])
    const visible = [
      Float64Array.of(-5, -5, 5, -5, 5, 5, -5, 5),
      new Float64Array(0),
      Float64Array.of(10, -20, 50, -20, 50, 20, 10, 20),
    ]
    expect(counts(views, [
      [3, 3], //   in the first square (and both sectors, but the bullet's ring is empty): 1
      [7, 0], //   in the first disc, outside its square: 0
      [-5, 0], //  on the square's west edge: in (the spatial-join edge rule)
      [5, 0], //   on its east edge: out
      [35, 0], //  in the third disc and square: 1
      [45, 0], //  in the third square but 15 m from the camera: 0
    ], { visible })).toEqual([1, 0, 1, 0, 1, 0])
    expect(() => counts(views, [[0, 0]], { visible: visible.slice(1) })).toThrow(/3 camera views/)
  })
})

describe('viewCounts against the brute-force loop', () => {
  const view = (spread: number) => fc.record({
    x: fc.double({ min: -spread, max: spread, noNaN: true }),
    y: fc.double({ min: -spread, max: spread, noNaN: true }),
    azimuth: fc.oneof(fc.constantFrom(0, 90, 180, 270, 350, -10, 360, 725), fc.double({ min: -360, max: 720, noNaN: true })),
    fov: fc.oneof(fc.constantFrom(0, 1, 60, 90, 180, 270, 359, 360, 400), fc.double({ min: 0, max: 360, noNaN: true })),
    range: fc.oneof(
      { weight: 8, arbitrary: fc.double({ min: 0, max: 250, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(0, 30, 200, 1500, Infinity, NaN, -5) },
    ),
  }).map((v) => ({ ...v, azimuth: Math.fround(v.azimuth), fov: Math.fround(v.fov), range: Math.fround(v.range) }))

  /** Points meant to land on the edges: on the range circle, on a wedge edge, the camera itself, just outside. */
  const probe = fc.record({
    v: fc.nat(), kind: fc.constantFrom('circle', 'left', 'right', 'camera', 'beyond', 'free'),
    t: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 360, noNaN: true }),
    fx: fc.double({ min: -1, max: 1, noNaN: true }), fy: fc.double({ min: -1, max: 1, noNaN: true }),
  })

  function place(list: View[], spread: number, p: { v: number; kind: string; t: number; b: number; fx: number; fy: number }): [number, number] {
    const free: [number, number] = [p.fx * (spread + 300), p.fy * (spread + 300)]
    if (list.length === 0 || p.kind === 'free') return free
    const c = list[p.v % list.length]
    const r = Number.isFinite(c.range) && c.range > 0 ? c.range : 50
    switch (p.kind) {
      case 'circle': return at(c.x, c.y, p.b, r)
      case 'left': return at(c.x, c.y, c.azimuth - c.fov / 2, p.t * r)
      case 'right': return at(c.x, c.y, c.azimuth + c.fov / 2, p.t * r)
      case 'camera': return [c.x, c.y]
      default: return at(c.x, c.y, p.b, r * (1 + 1e-6))
    }
  }

  for (const spread of [300, 1e6]) {
    it(`random views within ±${spread} m, with and without visibility rings`, () => {
      // Tallies over all runs, to show the cases are not vacuous.
      let seen = 0, cut = 0
      fc.assert(
        fc.property(
          fc.array(view(spread), { maxLength: 30 }),
          fc.array(probe, { minLength: 1, maxLength: 60 }),
          fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 16 }), { maxLength: 30 }),
          (list, probes, ringSeeds) => {
            const views = viewsOf(list)
            const pts = probes.map((p) => place(list, spread, p))
            const x = Float64Array.from(pts, (p) => p[0]), y = Float64Array.from(pts, (p) => p[1])
            const plain = viewCounts(views, x, y, pts.length)
            expect(Array.from(plain)).toEqual(brute(views, x, y, pts.length))
            // Rings: star-shaped around each camera like a visibility polygon (radii 0.4 to 1.4
            // times the range), or with fewer than 3 vertices (nothing visible); odd seeds make the
            // ring self-crossing by swapping two vertices.
            const visible = list.map((c, v) => {
              const seed = ringSeeds[v] ?? []
              const r = Number.isFinite(c.range) && c.range > 0 ? c.range : 50
              const ring = seed.flatMap((s, k) => at(c.x, c.y, (360 * k) / seed.length, (0.4 + Math.abs(s)) * r))
              if (seed.length >= 4 && seed[0] < -0.5) ring.push(...ring.splice(0, 2))
              return Float64Array.from(seed.length >= 3 ? ring : ring.slice(0, 2))
            })
            const occluded = viewCounts(views, x, y, pts.length, { visible })
            expect(Array.from(occluded)).toEqual(brute(views, x, y, pts.length, visible))
            for (let i = 0; i < pts.length; i++) {
              if (occluded[i] > 0) seen++
              if (occluded[i] < plain[i]) cut++
            }
          },
        ),
        { numRuns: 300 },
      )
      expect(seen).toBeGreaterThan(100)
      expect(cut).toBeGreaterThan(100)
    })
  }

  it('a dense block: 300 views and 600 points from a seeded generator, half of them on edges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        let st = seed
        const rnd = () => { // mulberry32
          st = (st + 0x6d2b79f5) | 0
          let t = Math.imul(st ^ (st >>> 15), 1 | st)
          t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296
        }
        const list: View[] = Array.from({ length: 300 }, () => ({
          x: rnd() * 800, y: rnd() * 600, azimuth: Math.fround(rnd() * 720 - 360),
          fov: rnd() < 0.2 ? 360 : Math.fround(rnd() * 180), range: Math.fround(rnd() < 0.05 ? 400 + rnd() * 600 : 5 + rnd() * 195),
        }))
        const pts = Array.from({ length: 600 }, (_, i): [number, number] => {
          const c = list[i % list.length]
          if (i % 2 === 0) return [rnd() * 1000 - 100, rnd() * 800 - 100]
          return i % 4 === 1 ? at(c.x, c.y, rnd() * 360, c.range) : at(c.x, c.y, c.azimuth + (rnd() < 0.5 ? -0.5 : 0.5) * c.fov, rnd() * c.range)
        })
        const views = viewsOf(list)
        const x = Float64Array.from(pts, (p) => p[0]), y = Float64Array.from(pts, (p) => p[1])
        expect(Array.from(viewCounts(views, x, y, pts.length))).toEqual(brute(views, x, y, pts.length))
      }),
      { numRuns: 20 },
    )
  })

  it('points built on a view\'s range circle or wedge edges count; just beyond, they do not', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.integer({ min: -360, max: 720 }), fc.integer({ min: 1, max: 359 }), fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }), fc.boolean(),
        (cx, cy, azimuth, fov, range, t, left) => {
          const views = viewsOf([{ x: cx, y: cy, azimuth, fov, range }])
          const edge = azimuth + (left ? -fov / 2 : fov / 2)
          const out = azimuth + (left ? -1 : 1) * (fov / 2 + 1e-6)
          expect(counts(views, [
            at(cx, cy, edge, t * range), at(cx, cy, azimuth, range), at(cx, cy, edge, range),
            at(cx, cy, out, t * range), at(cx, cy, azimuth, range * (1 + 1e-7)),
          ])).toEqual([1, 1, 1, 0, 0])
        },
      ),
      { numRuns: 500 },
    )
  })
})

/** the sets as plain lists, set v = view v's points */
const lists = (s: CoverSets): number[][] => Array.from({ length: s.count }, (_, v) => Array.from(s.items.subarray(s.start[v], s.start[v + 1])))

/** how many sets hold each point: viewCounts without its 255 cap */
function membership(s: CoverSets, count: number): number[] {
  const out = new Array<number>(count).fill(0)
  for (const i of s.items) out[i]++
  return out
}

describe('viewMembers', () => {
  it('lists the points each view sees, ascending, with the same "sees" as viewCounts', () => {
    // The bullet at (0,0) looking east (wedge 45°…135°, range 10), a view with no position, a
    // dome of range 3 at (6,0), and a view with an empty ring under occlusion.
    const views = viewsOf([
      { x: 0, y: 0, azimuth: 90, fov: 90, range: 10 },
      { x: NaN, y: 0, azimuth: 0, fov: 360, range: 100 },
      { x: 6, y: 0, azimuth: 0, fov: 360, range: 3 },
      { x: 0, y: 0, azimuth: 0, fov: 360, range: 50 },
    ])
    const pts: [number, number][] = [[8, 0], [5, 0], [-1, 0], [7, 7], [8, 8], [0, 0], [6, 2.9], [6, 3.1]]
    const x = Float64Array.from(pts, (p) => p[0]), y = Float64Array.from(pts, (p) => p[1])
    // bullet: (8,0) bearing 90° d 8, (5,0), (7,7) on the 45° edge, (0,0) its apex, (6,2.9) d 6.6
    // bearing 64°, (6,3.1) d 6.8 bearing 62.7°; not (−1,0) behind it nor (8,8) at d 11.3.
    // dome (6,0) r 3: (8,0) d 2, (5,0) d 1, (7,7)? d 7.07 no, (6,2.9) d 2.9; not (6,3.1).
    // dome r 50 at the origin: all eight.
    const s = viewMembers(views, x, y, pts.length)
    expect(lists(s)).toEqual([[0, 1, 3, 5, 6, 7], [], [0, 1, 6], [0, 1, 2, 3, 4, 5, 6, 7]])
    expect(Array.from(s.start)).toEqual([0, 6, 6, 9, 17])
    expect(membership(s, pts.length)).toEqual(Array.from(viewCounts(views, x, y, pts.length)))
    // keep drops points 0 and 3; the last view's ring is empty (a wall at the lens), the others
    // are big squares that hide nothing
    const keep = Uint8Array.of(0, 1, 1, 0, 1, 1, 1, 1)
    const square = Float64Array.of(-100, -100, 100, -100, 100, 100, -100, 100)
    const visible = [square, square, square, new Float64Array(0)]
    expect(lists(viewMembers(views, x, y, pts.length, { keep, visible }))).toEqual([[1, 5, 6, 7], [], [1, 6], []])
    expect(() => viewMembers(views, x, y, pts.length, { visible: visible.slice(1) })).toThrow(/viewMembers: 3 visibility rings for 4 camera views/)
    expect(viewMembers(viewsOf([]), x, y, pts.length)).toEqual({ count: 0, start: Uint32Array.of(0), items: new Uint32Array(0) })
    expect(lists(viewMembers(views, new Float64Array(0), new Float64Array(0), 0))).toEqual([[], [], [], []])
  })

  it('agrees with viewCounts point by point, sets ascending, on seeded blocks with rings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({
          x: fc.double({ min: 0, max: 400, noNaN: true }), y: fc.double({ min: 0, max: 400, noNaN: true }),
          azimuth: fc.double({ min: -360, max: 720, noNaN: true }), fov: fc.double({ min: 0, max: 400, noNaN: true }),
          range: fc.oneof(fc.double({ min: 0, max: 150, noNaN: true }), fc.constantFrom(Infinity, NaN)),
        }).map((v) => ({ ...v, azimuth: Math.fround(v.azimuth), fov: Math.fround(v.fov), range: Math.fround(v.range) })), { maxLength: 40 }),
        fc.array(fc.tuple(fc.double({ min: -50, max: 450, noNaN: true }), fc.double({ min: -50, max: 450, noNaN: true })), { maxLength: 300 }),
        fc.boolean(), fc.boolean(),
        (list, pts, withKeep, withRings) => {
          const views = viewsOf(list)
          const x = Float64Array.from(pts, (p) => p[0]), y = Float64Array.from(pts, (p) => p[1])
          const keep = withKeep ? Uint8Array.from(pts, (_, i) => i % 3) : undefined
          // rings: a triangle around each camera, so occlusion cuts some of each sector
          const visible = withRings ? list.map((c) => Float64Array.of(c.x - 60, c.y - 30, c.x + 60, c.y - 30, c.x, c.y + 80)) : undefined
          const s = viewMembers(views, x, y, pts.length, { keep, visible })
          expect(s.count).toBe(list.length)
          expect(s.start[s.count]).toBe(s.items.length)
          for (const l of lists(s)) for (let k = 1; k < l.length; k++) expect(l[k]).toBeGreaterThan(l[k - 1])
          expect(membership(s, pts.length)).toEqual(Array.from(viewCounts(views, x, y, pts.length, { keep, visible })))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('grows its buffer: 300 domes that each see all 5,000 points', () => {
    const n = 5000
    const x = Float64Array.from({ length: n }, (_, i) => i % 100), y = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 100))
    const s = viewMembers(viewsOf(Array.from({ length: 300 }, () => ({ x: 50, y: 25, azimuth: 0, fov: 360, range: 100 }))), x, y, n)
    expect(s.items.length).toBe(300 * n)
    expect(Array.from(s.items.subarray(299 * n, 299 * n + 3))).toEqual([0, 1, 2])
    expect(s.start[300]).toBe(300 * n)
  })
})

describe('ringContains', () => {
  it('agrees with turf on star-shaped rings of either orientation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 3, maxLength: 20 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.double({ min: -120, max: 120, noNaN: true }), fc.double({ min: -120, max: 120, noNaN: true })), { maxLength: 40 }),
        (radii, reverse, pts) => {
          let ring = radii.map((r, k): [number, number] => [r * Math.cos((2 * Math.PI * k) / radii.length), r * Math.sin((2 * Math.PI * k) / radii.length)])
          if (reverse) ring = ring.reverse()
          const flat = Float64Array.from(ring.flat())
          const poly = { type: 'Polygon' as const, coordinates: [[...ring, ring[0]]] }
          for (const p of pts) expect(ringContains(flat, p[0], p[1])).toBe(booleanPointInPolygon(p, poly, { ignoreBoundary: true }))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('even-odd: a self-crossing bow tie, and rings too short to have an inside', () => {
    // Bow tie (0,0) (10,10) (10,0) (0,10): two triangles meeting at (5,5).
    const bow = Float64Array.of(0, 0, 10, 10, 10, 0, 0, 10)
    expect([ringContains(bow, 2, 5), ringContains(bow, 8, 5), ringContains(bow, 5, 2), ringContains(bow, 5, 8)]).toEqual([true, true, false, false])
    expect(ringContains(new Float64Array(0), 0, 0)).toBe(false)
    expect(ringContains(Float64Array.of(0, 0, 1, 1), 0.5, 0.5)).toBe(false)
  })
})

describe('inViewRate', () => {
  it('is the share of kept points seen at least once', () => {
    const c = Uint8Array.of(0, 1, 2, 0, 3)
    expect(inViewRate(c)).toBeCloseTo(3 / 5, 15) // points 1, 2, 4 of 5
    expect(inViewRate(c, Uint8Array.of(1, 1, 0, 1, 0))).toBeCloseTo(1 / 3, 15) // kept 0, 1, 3: only 1 seen
    expect(inViewRate(new Uint8Array(0))).toBeNaN()
    expect(inViewRate(c, new Uint8Array(5))).toBeNaN()
  })
})

describe('projectPoints', () => {
  it('projects each point with the local projection', () => {
    const proj = localProjection(117, 36.6, 36.7)
    const lon = Float64Array.of(117, 117.01, 116.99, NaN)
    const lat = Float64Array.of(36.6, 36.62, 36.59, 36.6)
    const { x, y } = projectPoints(proj, lon, lat, 3)
    expect(x.length).toBe(3)
    expect(Array.from(x)).toEqual([0, projectX(proj, 117.01), projectX(proj, 116.99)])
    expect(Array.from(y)).toEqual([0, projectY(proj, 36.62), projectY(proj, 36.59)])
    // 0.02° of latitude is 0.02 · π · 6,371,008.8 / 180 = 2,223.9 m
    expect(y[1]).toBeCloseTo(2223.9, 1)
  })
})
