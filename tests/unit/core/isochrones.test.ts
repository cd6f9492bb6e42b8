import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import area from '@turf/area'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import { areasFromGeoJson } from '../../../src/core/areas'
import { isochronePolygons, projectionForBbox, travelTimeRaster, type TravelTimeRaster } from '../../../src/core/isochrones'
import { localProjection, projectX, projectY, unprojectLat, unprojectLon } from '../../../src/core/local-projection'
import { buildRoadNetwork, shortestTimes, timeToPoint, type RoadNetwork } from '../../../src/core/road-network'
import { buildAreaIndex, locatePoint } from '../../../src/core/spatial-join'

const P = localProjection(119, 36.7, 36.7)
type XY = [number, number]
const ll = ([x, y]: XY): [number, number] => [unprojectLon(P, x), unprojectLat(P, y)]
const road = (cls: string, ...pts: XY[]): Feature<LineString> => ({ type: 'Feature', properties: { class: cls }, geometry: { type: 'LineString', coordinates: pts.map(ll) } })
const toNet = (net: RoadNetwork, [x, y]: XY) => ({ x: projectX(net.proj, unprojectLon(P, x)), y: projectY(net.proj, unprojectLat(P, y)) })
const bboxOfXY = (a: XY, b: XY): [number, number, number, number] => [...ll(a), ...ll(b)]

/** Plus sign (main W–E, secondary S–N, crossing at the origin without a shared vertex) and a separate L. */
const PLUS: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    road('main', [-500, 0], [500, 0]),
    road('secondary', [0, -500], [0, 500]),
    road('back', [2000, -400], [2000, 400], [2600, 400]),
  ],
}

const centreLonLat = (r: TravelTimeRaster, c: number): [number, number] => [
  unprojectLon(r.proj, r.x0 + ((c % r.nx) + 0.5) * r.cell),
  unprojectLat(r.proj, r.y0 + (Math.floor(c / r.nx) + 0.5) * r.cell),
]
const inside = (g: MultiPolygon, p: [number, number]) => booleanPointInPolygon(p, { type: 'Feature', properties: {}, geometry: g })

/** Every cell centre with time < t lies in the t-minute isochrone, every one with time > t outside. */
function checkContainment(r: TravelTimeRaster, iso: { minutes: number; geometry: MultiPolygon }, sample = 1): { inside: number; outside: number } {
  let nIn = 0, nOut = 0
  for (let c = 0; c < r.seconds.length; c += sample) {
    const s = r.seconds[c]
    const p = centreLonLat(r, c)
    if (s < iso.minutes * 60) { expect(inside(iso.geometry, p), `cell ${c} (${s} s) inside ${iso.minutes} min`).toBe(true); nIn++ }
    else if (s > iso.minutes * 60) { expect(inside(iso.geometry, p), `cell ${c} (${s} s) outside ${iso.minutes} min`).toBe(false); nOut++ }
  }
  return { inside: nIn, outside: nOut }
}

function signedArea(ring: Position[]): number {
  let a = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  return a / 2
}

describe('travelTimeRaster on a network', () => {
  const net = buildRoadNetwork(PLUS)
  const bbox = bboxOfXY([-600, -600], [2700, 600])
  const src = [toNet(net, [-400, 0])]
  const times = shortestTimes(net, src).seconds
  const r = travelTimeRaster(net, times, src, bbox, { cell: 20 })

  it('each cell is timeToPoint of its centre (with the sources)', () => {
    expect(r.cell).toBe(20)
    expect(r.nx).toBe(Math.ceil((3300 + 200) / 20))
    for (let c = 0; c < r.seconds.length; c++) {
      const x = r.x0 + ((c % r.nx) + 0.5) * r.cell, y = r.y0 + (Math.floor(c / r.nx) + 0.5) * r.cell
      const want = timeToPoint(net, times, x, y, { sources: src })
      if (want === Infinity) expect(r.seconds[c]).toBe(Infinity)
      else expect(Math.abs(r.seconds[c] - want)).toBeLessThan(1e-3 * Math.max(1, want))
    }
  })

  it('hand-checked cells: on the road, off it, along the source edge, on the other component', () => {
    const at = (xy: XY) => {
      const q = toNet(net, xy)
      return r.seconds[Math.floor((q.y - r.y0) / r.cell) * r.nx + Math.floor((q.x - r.x0) / r.cell)]
    }
    // Cell centres fall on (−690 + 20 i, −690 + 20 j) in P metres (100 m margin). Centre
    // (−110, 10): along the source edge 290 m at 40 km/h = 26.1 s, then 10 m on foot = 3.6 s.
    expect(at([-110, 10])).toBeCloseTo(26.1 + 3.6, 3)
    // Centre (250, 210): via the crossing (36 s) and 250 m east on A (22.5 s), then 210 m on
    // foot (75.6 s); via B it would be 36 + 25.2 + 90.
    expect(at([250, 210])).toBeCloseTo(36 + 22.5 + 75.6, 3)
    expect(at([2010, 10])).toBe(Infinity)
  })

  it('isochrones contain the cells under t and exclude those over t', () => {
    const isos = isochronePolygons(r, [0.5, 1, 2])
    expect(isos.map((i) => i.minutes)).toEqual([0.5, 1, 2])
    for (const iso of isos) {
      const { inside: nIn, outside: nOut } = checkContainment(r, iso)
      expect(nIn).toBeGreaterThan(10)
      expect(nOut).toBeGreaterThan(10)
      for (const poly of iso.geometry.coordinates) {
        expect(signedArea(poly[0])).toBeGreaterThan(0)
        for (const hole of poly.slice(1)) expect(signedArea(hole)).toBeLessThan(0)
      }
    }
    // Nothing reaches the L component.
    for (const poly of isos[2].geometry.coordinates) for (const [lon] of poly[0]) expect(lon).toBeLessThan(ll([1500, 0])[0])
  })

  it('all sources at once is the cell-wise minimum of one source each', () => {
    const a = [toNet(net, [-400, 0])], b = [toNet(net, [0, 450])], both = [...a, ...b]
    const ra = travelTimeRaster(net, shortestTimes(net, a).seconds, a, bbox, { cell: 20 })
    const rb = travelTimeRaster(net, shortestTimes(net, b).seconds, b, bbox, { cell: 20 })
    const rab = travelTimeRaster(net, shortestTimes(net, both).seconds, both, bbox, { cell: 20 })
    for (let c = 0; c < rab.seconds.length; c++) expect(rab.seconds[c]).toBe(Math.min(ra.seconds[c], rb.seconds[c]))
  })

  it('rejects a bad cell size and times from another network', () => {
    expect(() => travelTimeRaster(net, times, src, bbox, { cell: 0 })).toThrow(/cell/)
    expect(() => travelTimeRaster(net, new Float64Array(3), src, bbox)).toThrow(/shortestTimes/)
  })
})

describe('a uniform road grid: raster and isochrones against the model worked out by hand', () => {
  // Secondary roads (30 km/h) every 100 m from −2 to 2 km both ways, the source on the crossing
  // at the origin. Along the roads the time to (x, y) is the Manhattan distance |x| + |y| over
  // 30 km/h. A point inside a block is reached, by the model's definition, from the nearest
  // point of one of its NEAREST_EDGES (4) nearest edges: a perpendicular walk at 10 km/h to one
  // of the block's sides, or a walk to a corner for the edges that leave the block there; then
  // that road time. Near a corner the two corner edges outrank the block's far sides, even where
  // a far side would be quicker (up to 1.2 s here): the model's choice, kept as it is.
  const S = 100, V = 30 / 3.6, W = 10 / 3.6, HALF = 2000, T_MIN = [1, 2, 3]
  const lines: Feature<LineString>[] = []
  for (let k = -HALF; k <= HALF; k += S) lines.push(road('secondary', [-HALF, k], [HALF, k]), road('secondary', [k, -HALF], [k, HALF]))
  const net = buildRoadNetwork({ type: 'FeatureCollection', features: lines })
  const o = toNet(net, [0, 0])
  const src = [o]
  const r = travelTimeRaster(net, shortestTimes(net, src).seconds, src, bboxOfXY([-1500, -1500], [1500, 1500]), { cell: 10 })
  const model = (x: number, y: number): number => {
    const xs = [Math.floor(x / S) * S, Math.floor(x / S) * S + S], ys = [Math.floor(y / S) * S, Math.floor(y / S) * S + S]
    const ways: { walk: number; road: number }[] = []
    for (const yr of ys) ways.push({ walk: Math.abs(y - yr), road: Math.abs(x) + Math.abs(yr) })
    for (const xc of xs) ways.push({ walk: Math.abs(x - xc), road: Math.abs(xc) + Math.abs(y) })
    // two edges leave the block at each corner
    for (const xc of xs) for (const yr of ys) { const corner = { walk: Math.hypot(x - xc, y - yr), road: Math.abs(xc) + Math.abs(yr) }; ways.push(corner, corner) }
    ways.sort((a, b) => a.walk - b.walk)
    return Math.min(...ways.slice(0, 4).map((w) => w.walk / W + w.road / V))
  }

  it('every cell is the model time of its centre', () => {
    // e.g. the centre (−1005, 35): 5 m east to the column x = −1000 (1.8 s), then 35 + 1000 m
    // of road (124.2 s); down to the row y = 0 instead would be 12.6 s and 1005 m (120.6 s)
    expect(model(-1005, 35)).toBeCloseTo(1.8 + 124.2, 9)
    let worst = 0
    for (let c = 0; c < r.seconds.length; c++) {
      const x = r.x0 + ((c % r.nx) + 0.5) * r.cell - o.x, y = r.y0 + (Math.floor(c / r.nx) + 0.5) * r.cell - o.y
      worst = Math.max(worst, Math.abs(r.seconds[c] - model(x, y)))
    }
    // Float32 seconds, and metres of a local projection against the drawn ones
    expect(worst).toBeLessThan(0.05)
  })

  it('isochrone areas are those of the model, integrated on a 4 m grid, and within the diamond |x| + |y| ≤ v t', () => {
    const H = 4, reachMax = V * 60 * Math.max(...T_MIN)
    const times: number[] = []
    for (let x = -reachMax; x < reachMax; x += H) for (let y = -reachMax; y < reachMax; y += H) times.push(model(x + H / 2, y + H / 2))
    for (const iso of isochronePolygons(r, T_MIN)) {
      const t = iso.minutes * 60
      const want = times.filter((s) => s <= t).length * H * H
      const got = area({ type: 'Feature', properties: {}, geometry: iso.geometry })
      expect(Math.abs(got / want - 1), `${iso.minutes} min: ${got.toFixed(0)} m² against ${want} m²`).toBeLessThan(0.01)
      // walking is slower than driving, so nothing lies beyond the on-road diamond, of area 2 (v t)²
      expect(got).toBeLessThan(2 * (V * t) ** 2)
      expect(iso.geometry.coordinates).toHaveLength(1)
    }
  })
})

describe('straight-line fallback (no roads)', () => {
  const bbox = bboxOfXY([-3000, -3000], [3000, 3000])
  const proj = projectionForBbox(bbox)
  const c = { x: projectX(proj, unprojectLon(P, 0)), y: projectY(proj, unprojectLat(P, 0)) }

  it('is distance × 1.3 / 25 km/h to the nearest source', () => {
    const r = travelTimeRaster(null, null, [c], bbox, { cell: 50 })
    for (let i = 0; i < r.seconds.length; i += 37) {
      const x = r.x0 + ((i % r.nx) + 0.5) * r.cell, y = r.y0 + (Math.floor(i / r.nx) + 0.5) * r.cell
      expect(r.seconds[i]).toBeCloseTo((Math.hypot(x - c.x, y - c.y) * 1.3) / (25 / 3.6), 2)
    }
  })

  it('isochrones are circles of radius t · 25 km/h / 1.3 (area within 2%)', () => {
    const r = travelTimeRaster(null, null, [c], bbox, { cell: 25 })
    for (const iso of isochronePolygons(r, [1, 3, 5])) {
      const radius = (iso.minutes * 60 * (25 / 3.6)) / 1.3
      const a = area({ type: 'Feature', properties: {}, geometry: iso.geometry })
      expect(Math.abs(a / (Math.PI * radius * radius) - 1)).toBeLessThan(0.02)
      expect(iso.geometry.coordinates).toHaveLength(1)
    }
  })

  it('other speed and detour; two sources give two discs', () => {
    const far = { x: c.x + 2000, y: c.y }
    const r = travelTimeRaster(null, null, [c, far], bbox, { cell: 25, fallbackKmh: 36, detour: 1 })
    const [iso] = isochronePolygons(r, [1]) // radius 600 m: the discs do not touch
    expect(iso.geometry.coordinates).toHaveLength(2)
    const a = area({ type: 'Feature', properties: {}, geometry: iso.geometry })
    expect(Math.abs(a / (2 * Math.PI * 600 * 600) - 1)).toBeLessThan(0.02)
  })

  it('without sources every cell is unreachable and there are no polygons', () => {
    const r = travelTimeRaster(null, null, [], bbox, { cell: 100 })
    expect(r.seconds.every((s) => s === Infinity)).toBe(true)
    expect(isochronePolygons(r, [10])[0].geometry.coordinates).toHaveLength(0)
  })
})

// ---------------------------------------------------------------------------------------------
// Demo district: 10 stations

const DEMO = join(resolve(__dirname, '../../..'), 'geodata/demo')
const demo = <T>(f: string) => JSON.parse(readFileSync(join(DEMO, f), 'utf8')) as T

describe('demo stations', () => {
  const roads = demo<FeatureCollection>('roads.geojson')
  const stations = demo<FeatureCollection<Point>>('stations.geojson')
  const { areas } = areasFromGeoJson(demo('district.geojson'))
  const district = buildAreaIndex(areas)
  const bbox = demo<{ bbox: [number, number, number, number] }>('meta.json').bbox
  const MINUTES = [1, 3, 10] as const

  it('isochrones for each station and all together: reach, bounds and containment', () => {
    const net = buildRoadNetwork(roads)
    const pts = stations.features.map((f) => ({ x: projectX(net.proj, f.geometry.coordinates[0]), y: projectY(net.proj, f.geometry.coordinates[1]) }))
    // How long these take is a row of tests/bench/patrol.bench.ts ("isochrones on one built network"), not a limit here.
    const results = [...pts.map((p) => [p]), pts].map((src) => {
      const r = travelTimeRaster(net, shortestTimes(net, src).seconds, src, bbox)
      return { r, isos: isochronePolygons(r, MINUTES) }
    })

    // District cells, and the share reached within s seconds.
    const r0 = results[0].r
    const inDistrict = new Uint8Array(r0.seconds.length)
    let nDistrict = 0
    for (let c = 0; c < inDistrict.length; c++) {
      const [lon, lat] = centreLonLat(r0, c)
      if (locatePoint(district, lon, lat) >= 0) { inDistrict[c] = 1; nDistrict++ }
    }
    const share = (r: TravelTimeRaster, s: number) => {
      let n = 0
      for (let c = 0; c < r.seconds.length; c++) if (inDistrict[c] && r.seconds[c] <= s) n++
      return n / nDistrict
    }
    console.log(`demo isochrones: ${net.nodeCount} nodes / ${net.edgeCount} edges; raster ${r0.nx} × ${r0.ny} cells of ${r0.cell} m; district within 3 / 10 / 15 min: ` +
      results.map(({ r }, i) => `${i < pts.length ? stations.features[i].properties!.id : 'all'} ${[180, 600, 900].map((s) => (share(r, s) * 100).toFixed(1) + '%').join(' / ')}`).join('; '))

    const all = results[pts.length]
    // No way is faster than the crow flies at the fastest class (main roads, 40 km/h; walking is
    // slower): every cell takes at least its distance to the nearest station over 40 km/h.
    const VMAX = 40 / 3.6
    for (let c = 0; c < all.r.seconds.length; c++) {
      const x = all.r.x0 + ((c % all.r.nx) + 0.5) * all.r.cell, y = all.r.y0 + (Math.floor(c / all.r.nx) + 0.5) * all.r.cell
      let d = Infinity
      for (const p of pts) d = Math.min(d, Math.hypot(x - p.x, y - p.y))
      if (all.r.seconds[c] < d / VMAX - 1e-3) expect.fail(`cell ${c}: ${all.r.seconds[c]} s for ${d.toFixed(0)} m`)
    }
    // The stations being spread over the district, together they reach more of it than any one
    // alone; and each reaches more within 10 minutes than within 3.
    for (const { r } of results.slice(0, pts.length)) {
      expect(share(r, 600)).toBeGreaterThan(share(r, 180))
      expect(share(all.r, 600)).toBeGreaterThan(share(r, 600))
    }
    // Every station is within a minute of its own cell: it stands within 50 m of a road (18 s on
    // foot, road-network.test.ts checks the 50 m) and its cell centre within 18 m of it.
    for (let i = 0; i < pts.length; i++) {
      const { r } = results[i]
      const p = pts[i]
      expect(r.seconds[Math.floor((p.y - r.y0) / r.cell) * r.nx + Math.floor((p.x - r.x0) / r.cell)]).toBeLessThan(60)
    }
    // The combined raster is the minimum of the single ones.
    for (let c = 0; c < all.r.seconds.length; c += 101) {
      let m = Infinity
      for (const { r } of results.slice(0, pts.length)) m = Math.min(m, r.seconds[c])
      expect(all.r.seconds[c]).toBeCloseTo(m, 3)
    }
    // The raster's nearest-edge pass agrees with timeToPoint, near roads and far from them.
    const allTimes = shortestTimes(net, pts).seconds
    for (let c = 0; c < all.r.seconds.length; c += 997) {
      const x = all.r.x0 + ((c % all.r.nx) + 0.5) * all.r.cell, y = all.r.y0 + (Math.floor(c / all.r.nx) + 0.5) * all.r.cell
      expect(all.r.seconds[c]).toBeCloseTo(timeToPoint(net, allTimes, x, y, { sources: pts }), 2)
    }
    // Containment of the 10-minute isochrone, on a sample of cells.
    const { inside: nIn, outside: nOut } = checkContainment(all.r, all.isos[2], 211)
    expect(nIn).toBeGreaterThan(100)
    expect(nOut).toBeGreaterThan(100)
  })
})
