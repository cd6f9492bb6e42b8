import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { NO_FILTER } from '../../../src/core/incident-filter'
import { monthPeriod } from '../../../src/core/periods'
import { readIncidentsCsv } from '../../../src/io/incidents-csv'
import { AnalyticsSession } from '../../../src/workers/analytics-session'

const square = (id: string, x0: number, population: number) => ({
  type: 'Feature',
  properties: { id, name: `n${id}`, population },
  geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] },
})
const t = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 8 * 3600_000 + 12 * 3600_000

describe('AnalyticsSession', () => {
  it('ranks a layer for the month of the latest incident and re-joins only when data changes', () => {
    const s = new AnalyticsSession()
    expect(s.setAreas('streets', { type: 'FeatureCollection', features: [square('A', 0, 10000), square('B', 1, 10000)] })).toEqual([])
    s.setIncidents({
      count: 4,
      lon: Float64Array.from([0.5, 1.5, 1.5, 5]),
      lat: Float64Array.from([0.5, 0.5, 0.5, 0.5]),
      time: Float64Array.from([t(2024, 5, 2), t(2024, 5, 3), t(2024, 4, 3), t(2024, 5, 9)]),
      category: Uint8Array.from([0, 2, 3, 0]),
    })
    const r = s.safetyIndex('streets', null)
    expect(r.period).toEqual(monthPeriod(2024, 5))
    expect(r.rows.map((x) => [x.id, x.name, x.per10k, x.rank, x.mom])).toEqual([['A', 'nA', 1, 1, null], ['B', 'nB', 1, 1, 0]])
    expect(r.unassigned).toBe(1)
    const again = s.safetyIndex('streets', monthPeriod(2024, 4), { case: 1, fire: 1, problem: 2 })
    expect(again.joinMs).toBe(0)
    expect(again.rows.map((x) => [x.id, x.per10k])).toEqual([['A', 0], ['B', 2]])
    expect(() => s.safetyIndex('compounds', null)).toThrow(/no areas loaded for layer "compounds"/)
  })

  it('ranks the demo streets with 西关 falling year on year', () => {
    const s = new AnalyticsSession()
    s.setAreas('streets', JSON.parse(readFileSync('geodata/demo/streets.geojson', 'utf8')))
    const { columns } = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv'))
    s.setIncidents(columns)
    const r = s.safetyIndex('streets', monthPeriod(2025, 6))
    expect(r.rows).toHaveLength(7)
    expect(r.rows.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 6, 7])
    const xiguan = r.rows.find((x) => x.id === '370702003')!
    expect(xiguan.yoy).toBeLessThan(-0.2)
    for (const x of r.rows.filter((x) => x.id !== '370702003')) expect(Math.abs(x.yoy!)).toBeLessThan(0.3)
  })
})

describe('AnalyticsSession: hotspots, density and profiles for the app', () => {
  // 400 incidents at one spot in May 2024 (criminal), 40 spread on a line in June (fire)
  const n = 440
  const lon = new Float64Array(n), lat = new Float64Array(n), time = new Float64Array(n)
  const category = new Uint8Array(n)
  for (let i = 0; i < 400; i++) { lon[i] = 119.1; lat[i] = 36.7; time[i] = t(2024, 5, 1 + (i % 28)); category[i] = 0 }
  for (let i = 400; i < n; i++) { lon[i] = 119.05 + (i - 400) * 0.0025; lat[i] = 36.65; time[i] = t(2024, 6, 10); category[i] = 2 }
  const session = () => {
    const s = new AnalyticsSession()
    s.setIncidents({ count: n, lon, lat, time, category })
    return s
  }

  it('finds the cluster as a 99% hotspot, and honours the category filter', () => {
    const h = session().hotspots({ cell: 250, band: 500 })
    const top = h.counts.indexOf(Math.max(...h.counts))
    expect(h.counts[top]).toBe(400)
    expect(h.classes[top]).toBe(3)
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(n)
    const fire = session().hotspots({ cell: 250, band: 500, categories: [2] })
    expect(fire.counts.reduce((a, b) => a + b, 0)).toBe(40)
    expect(Math.max(...fire.counts)).toBeLessThanOrEqual(2)
  })

  it('restricts hotspots to a layer and filters by period', () => {
    const s = session()
    // one square around the cluster only
    s.setAreas('district', { type: 'FeatureCollection', features: [{
      type: 'Feature', properties: { id: 'D' },
      geometry: { type: 'Polygon', coordinates: [[[119.08, 36.68], [119.12, 36.68], [119.12, 36.72], [119.08, 36.72], [119.08, 36.68]]] },
    }] })
    const h = s.hotspots({ cell: 250, band: 500, within: 'district', period: monthPeriod(2024, 5) })
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(400)
    expect(h.n).toBe(h.mask.reduce((a, b) => a + b, 0))
    expect(h.n).toBeLessThan(h.grid.cols * h.grid.rows + 1)
  })

  it('gives a density in incidents per km²', () => {
    // the 400 criminal incidents sit on one point, the grid's south-west corner: one cell whose
    // centre is d = √(25² + 25²) m away, where K = 3/(π h²)·(1 − d²/h²)²:
    // 400 · 3/(π · 400²) · (1 − 1250/160000)² m⁻² = 2350.17 per km²
    const one = session().density({ cell: 50, bandwidth: 400, categories: [0] })
    expect(one.grid.cols * one.grid.rows).toBe(1)
    expect(one.density[0]).toBeCloseTo(((400 * 3) / (Math.PI * 400 ** 2)) * (1 - 1250 / 160000) ** 2 * 1e6, 1)
    const all = session().density({ cell: 50, bandwidth: 400 })
    const mass = all.density.reduce((a, b) => a + b, 0) * (50 * 50) / 1e6
    // kernels of points near the grid's edge spill outside it: the integral is below n, but most of it
    expect(mass).toBeLessThanOrEqual(n)
    expect(mass).toBeGreaterThan(0.5 * n)
  })

  it('fits the colour scale to the incidents the filter keeps', () => {
    const s = session()
    // everything: the cluster's 400 in one 500 m cell (0.25 km²) = 1,600/km² → 2,000
    expect(s.densityScale()).toBe(2000)
    expect(s.densityScale({ ...NO_FILTER, from: t(2024, 5, 1), to: t(2024, 6, 1) })).toBe(2000)
    // fire only: 40 points 223 m apart on a line, at most 3 in a 500 m cell → 12/km² → 20
    expect(s.densityScale({ ...NO_FILTER, categories: [2] })).toBe(20)
    // June only is the same 40; on 1 km cells at most 5 → 5/km² → 5
    expect(s.densityScale({ ...NO_FILTER, from: t(2024, 6, 1), to: t(2024, 7, 1) }, 1000)).toBe(5)
    // a filter that keeps nothing: the neutral 1
    expect(s.densityScale({ ...NO_FILTER, categories: [3] })).toBe(1)
  })

  it('profiles the whole set and per area', () => {
    const s = session()
    const all = s.profile(null)
    expect(all.total[0]).toBe(n)
    expect(all.months).toEqual(['2024-05', '2024-06'])
    expect(Array.from(all.monthly)).toEqual([400, 40])
    // every incident is at 12:00 local: none at night
    expect(all.night[0]).toBe(0)
    expect(all.hourWeekday.reduce((a, b) => a + b, 0)).toBe(n)
    expect(s.profile(null, { categories: [2] }).total[0]).toBe(40)
    s.setAreas('halves', { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { id: 'W' }, geometry: { type: 'Polygon', coordinates: [[[119, 36.6], [119.09, 36.6], [119.09, 36.8], [119, 36.8], [119, 36.6]]] } },
      { type: 'Feature', properties: { id: 'E' }, geometry: { type: 'Polygon', coordinates: [[[119.09, 36.6], [119.2, 36.6], [119.2, 36.8], [119.09, 36.8], [119.09, 36.6]]] } },
    ] })
    const p = s.profile('halves')
    // fire line: 119.05 + k·0.0025 < 119.09 for k = 0..15 → 16 west, 24 east (with the cluster)
    expect(Array.from(p.total)).toEqual([16, 424])
  })
})

describe('AnalyticsSession: camera coverage for the map', () => {
  it('draws views, classes every grid cell of the district and ranks gaps, with occlusion', async () => {
    const { readCamerasCsv } = await import('../../../src/io/cameras-csv')
    const s = new AnalyticsSession()
    // two 0.01° squares side by side; a dome of 30 m (given range) in the west one
    const box = (id: string, x0: number) => ({ type: 'Feature', properties: { id },
      geometry: { type: 'Polygon', coordinates: [[[x0, 36], [x0 + 0.01, 36], [x0 + 0.01, 36.01], [x0, 36.01], [x0, 36]]] } })
    s.setAreas('streets', { type: 'FeatureCollection', features: [box('W', 119), box('E', 119.01)] })
    s.setCameras(readCamerasCsv('id,lon,lat,type,azimuth,fov,range\nK1,119.005,36.005,dome,0,360,30\n').cameras)
    const at = (lon: number, lat: number, n: number) => Array.from({ length: n }, () => [lon, lat])
    const pts = [...at(119.005, 36.005, 3), ...at(119.015, 36.005, 2)]
    s.setIncidents({
      count: pts.length, lon: Float64Array.from(pts, (p) => p[0]), lat: Float64Array.from(pts, (p) => p[1]),
      time: new Float64Array(pts.length).fill(t(2024, 5, 1)), category: new Uint8Array(pts.length),
    })
    const c = s.coverage({ level: 'observe', occlusion: false, onlineOnly: false, district: 'streets', report: ['streets'], gridCell: 100, rasterCell: 1 })
    expect(c.cameras).toBe(1)
    expect(c.inViewRate).toBeCloseTo(3 / 5, 12)
    expect(c.views.starts.length).toBe(2)
    // the disc's ring comes back in lon/lat around the camera, within 30 m (≈ 0.00034° of latitude)
    const lats = Array.from({ length: c.views.positions.length / 2 }, (_, k) => c.views.positions[2 * k + 1])
    expect(Math.max(...lats) - 36.005).toBeCloseTo(30 / 111195, 5)
    expect(c.cells.positions.length).toBe(c.cells.classes.length * 8)
    expect(c.gapCount).toBeGreaterThan(0)
    expect(c.gaps.reduce((n, g) => n + g.unseen, 0)).toBe(2)
    expect(c.areas.streets.map((r) => [r.id, r.incidents, r.incidentsCovered])).toEqual([['W', 3, 3], ['E', 2, 0]])
    // the unseen incidents are all in E, where no camera covers anything: every gap cell is blind
    expect(c.blindCells).toBe(c.gapCount)
    expect(c.areaGaps.streets.map((g) => [g.id, g.unseen, g.coverage])).toEqual([['E', 2, 0]])
    expect(c.areaGaps.streets[0].lon).toBeCloseTo(119.015, 9)
    // each gap cell is placed by the street it lies in (E has no name: its id); no compounds or key sites loaded
    expect(c.gaps[0].place).toEqual({ street: 'E', compound: null, near: null })
    // a disc of 30 m on 1 m cells: arc 60π, expected error √(1³·60π/(3π)) = √20 m²
    expect(c.expectedErrorM2).toBeCloseTo(Math.sqrt(20), 9)
    expect(c.errorBoundM2).toBeGreaterThan(10 * c.expectedErrorM2)

    // a building wall between the camera and its west half: the covered area shrinks
    s.setAreas('buildings', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {},
      geometry: { type: 'Polygon', coordinates: [[[119.0049, 36.0049], [119.00495, 36.0049], [119.00495, 36.0051], [119.0049, 36.0051], [119.0049, 36.0049]]] } }] }, { idOptional: true })
    const walled = s.coverage({ level: 'observe', occlusion: true, onlineOnly: false, district: 'streets', report: ['streets'], gridCell: 100, rasterCell: 1 })
    expect(walled.occluded).toBe(true)
    expect(walled.coveredM2).toBeLessThan(c.coveredM2)
    expect(walled.inViewRate).toBeCloseTo(3 / 5, 12)
  })

  it('cameras without heading: not counted, listed with their range at the level, the rest counted as before', async () => {
    const { readCamerasCsv } = await import('../../../src/io/cameras-csv')
    const s = new AnalyticsSession()
    const box = (id: string, x0: number) => ({ type: 'Feature', properties: { id },
      geometry: { type: 'Polygon', coordinates: [[[x0, 36], [x0 + 0.01, 36], [x0 + 0.01, 36.01], [x0, 36.01], [x0, 36]]] } })
    s.setAreas('streets', { type: 'FeatureCollection', features: [box('W', 119), box('E', 119.01)] })
    // K1 a dome without azimuth (needs none); P1 a bullet without azimuth, 40 m given, on the 2 incidents in E
    s.setCameras(readCamerasCsv('id,lon,lat,type,azimuth,fov,range\nK1,119.005,36.005,dome,,360,30\nP1,119.015,36.005,bullet,,70,40\n').cameras)
    const pts = [[119.005, 36.005], [119.005, 36.005], [119.005, 36.005], [119.015, 36.005], [119.015, 36.005]]
    s.setIncidents({
      count: pts.length, lon: Float64Array.from(pts, (p) => p[0]), lat: Float64Array.from(pts, (p) => p[1]),
      time: new Float64Array(pts.length).fill(t(2024, 5, 1)), category: new Uint8Array(pts.length),
    })
    const c = s.coverage({ level: 'observe', occlusion: false, onlineOnly: false, district: 'streets', report: ['streets'], gridCell: 100, rasterCell: 1 })
    // only the dome counts: the bullet sits on E's 2 incidents, yet they stay unseen
    expect(c.cameras).toBe(1)
    expect(c.inViewRate).toBeCloseTo(3 / 5, 12)
    expect(c.areas.streets.map((r) => [r.id, r.incidentsCovered])).toEqual([['W', 3], ['E', 0]])
    // a given range is kept at every level
    expect(c.withoutHeading).toEqual([{ id: 'P1', lon: 119.015, lat: 36.005, range: 40 }])
    expect(s.coverage({ level: 'recognise', occlusion: false, onlineOnly: false, district: 'streets', report: [], gridCell: 100, rasterCell: 1 }).withoutHeading[0].range).toBe(40)
  })

  it('plans patrol: generated grids by default, imported cells on request, and says what is missing', () => {
    const s = new AnalyticsSession()
    const demo = (f: string) => JSON.parse(readFileSync(`geodata/demo/${f}`, 'utf8'))
    const { columns } = readIncidentsCsv(readFileSync('geodata/demo/incidents.csv'))
    s.setIncidents(columns)
    expect(() => s.patrol({ source: 'generated', shape: 'square', sizeM: 3000 })).toThrow(/no district outline or streets/)
    s.setFeatures('district', demo('district.geojson'))
    for (const [name, file] of [['roads', 'roads.geojson'], ['stations', 'stations.geojson'], ['keySites', 'key_sites.geojson']]) s.setFeatures(name, demo(file))
    const generated = s.patrol({ source: 'generated', shape: 'hex', sizeM: 3000 })
    expect(generated.grids.features.length).toBeGreaterThan(20)
    expect(generated.priority.priority.length).toBe(generated.grids.features.length * 6)
    expect(generated.ms.total).toBeGreaterThan(0)
    expect(() => s.patrol({ source: 'imported', shape: 'square', sizeM: 1500 })).toThrow(/no grid cells imported/)
    // the streets as imported patrol areas: one grid per street, with its id
    s.setFeatures('grids', demo('streets.geojson'))
    const imported = s.patrol({ source: 'imported', shape: 'square', sizeM: 1500 })
    expect(imported.grids.features.map((f) => f.properties?.id)).toEqual(demo('streets.geojson').features.map((f: { properties: { id: string } }) => f.properties.id))
  })
})

describe('AnalyticsSession: camera plans', () => {
  // the coverage fixture above: streets W and E (0.01° squares), a 30 m dome in W's centre,
  // 3 incidents under it and 2 at E's centre that nothing sees
  const box = (id: string, x0: number) => ({ type: 'Feature', properties: { id },
    geometry: { type: 'Polygon', coordinates: [[[x0, 36], [x0 + 0.01, 36], [x0 + 0.01, 36.01], [x0, 36.01], [x0, 36]]] } })
  const session = async () => {
    const { readCamerasCsv } = await import('../../../src/io/cameras-csv')
    const s = new AnalyticsSession()
    s.setAreas('streets', { type: 'FeatureCollection', features: [box('W', 119), box('E', 119.01)] })
    s.setCameras(readCamerasCsv('id,lon,lat,type,azimuth,fov,range\nK1,119.005,36.005,dome,0,360,30\n').cameras)
    const pts = [[119.005, 36.005], [119.005, 36.005], [119.005, 36.005], [119.015, 36.005], [119.015, 36.005]]
    s.setIncidents({
      count: pts.length, lon: Float64Array.from(pts, (p) => p[0]), lat: Float64Array.from(pts, (p) => p[1]),
      time: new Float64Array(pts.length).fill(t(2024, 5, 1)), category: new Uint8Array(pts.length),
    })
    return s
  }
  const req = { level: 'observe' as const, occlusion: false, onlineOnly: false, district: 'streets', gridCell: 100, rasterCell: 1 }
  const dome = { id: 'P-001', lon: 119.015, lat: 36.005, type: 'dome' as const, azimuth: 0, fov: 360, range: 30, source: 'hand' as const }

  it('says what a plan adds to the network, and compares plans', async () => {
    const s = await session()
    const none = s.planMetrics(req, [], null)
    expect([none.newlyCovered, none.seenBefore, none.seenAfter, none.kept]).toEqual([0, 3, 3, 5])
    const m = s.planMetrics(req, [dome], { layer: 'streets', index: 1 })
    expect([m.newlyCovered, m.seenAfter]).toEqual([2, 5])
    expect(m.inViewAfter).toBe(1)
    // a 30 m disc in E (0.01° × 0.01° at 36°N ≈ 899.6 m × 1,111.9 m): π·30² / area, within the 1 m raster's error
    const eArea = 0.01 * 111194.93 * Math.cos(36.005 * Math.PI / 180) * 0.01 * 111194.93
    expect(m.area?.before).toBe(0)
    expect(m.area!.after).toBeCloseTo((Math.PI * 900) / eArea, 3)
    const cmp = s.comparePlans(req, [{ id: 'a', cameras: [] }, { id: 'b', cameras: [dome] }])
    expect(cmp.map((c) => [c.id, c.metrics.newlyCovered])).toEqual([['a', 0], ['b', 2]])
  })

  it('suggests a dome on the road site nearest the unseen incidents, and nothing once the plan covers them', async () => {
    const s = await session()
    // a road through E's centre from 119.011 to 119.019: sites every 50 m from its west end; the one
    // 350 m along is 9 m from the two unseen incidents (0.004° of longitude ≈ 360 m)
    s.setFeatures('roads', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'back' },
      geometry: { type: 'LineString', coordinates: [[119.011, 36.005], [119.019, 36.005]] } }] })
    const ask = { n: 3, minSpacing: 0, weights: { category: [3, 2, 1, 1, 1], halfLifeDays: 90 }, candidates: 'roads' as const, siteSpacing: 50, stepDeg: 90, type: 'dome' as const }
    const r = s.suggest(req, [], ask)
    // both criminal (weight 3) and as recent as the latest incident: gain 6; then nothing is left to gain
    expect(r.rows.map((x) => [x.camera.id, x.gain, x.newlyCovered, x.camera.type, x.camera.source])).toEqual([['P-001', 6, 2, 'dome', 'suggested']])
    expect(Math.abs(r.rows[0].camera.lon - 119.015)).toBeLessThan(0.0002)
    expect(r.total).toBe(6)
    expect(r.upperBound).toBeGreaterThanOrEqual(6)
    expect(s.suggest(req, [dome], ask).rows).toEqual([])
    expect(() => s.suggest(req, [], { ...ask, candidates: 'imported' })).toThrow(/no candidate sites imported/)
  })
})

