/**
 * Checks the committed demo district (geodata/demo) on its real structure, and that the
 * generator is deterministic. PINGAN_DEMO_DIR points the structural checks elsewhere.
 */
import { describe, expect, it, beforeAll } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import Flatbush from 'flatbush'
import Papa from 'papaparse'
import area from '@turf/area'
import intersect from '@turf/intersect'
import centroid from '@turf/centroid'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import { featureCollection } from '@turf/helpers'
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'
import { doriRange, lensFov } from '../../../src/core/camera-model'

const ROOT = resolve(__dirname, '../../..')
const DIR = process.env.PINGAN_DEMO_DIR ?? join(ROOT, 'geodata/demo')
const read = (f: string) => readFileSync(join(DIR, f), 'utf8')
const fc = <G extends Polygon | MultiPolygon = Polygon | MultiPolygon>(f: string) => JSON.parse(read(f)) as FeatureCollection<G>
const csv = (f: string) => Papa.parse<Record<string, string>>(read(f), { header: true, skipEmptyLines: true })

type Area = Feature<Polygon | MultiPolygon>
function bboxOf(f: Area): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity
  const rings: Position[][] = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()
  for (const r of rings) for (const [x, y] of r) { a = Math.min(a, x); b = Math.min(b, y); c = Math.max(c, x); d = Math.max(d, y) }
  return [a, b, c, d]
}
/** point-in-polygon over many polygons through a flatbush index: index of the first hit or -1 */
function indexer(feats: Area[]) {
  const idx = new Flatbush(feats.length)
  for (const f of feats) idx.add(...bboxOf(f))
  idx.finish()
  return (lon: number, lat: number) => {
    for (const k of idx.search(lon, lat, lon, lat)) if (booleanPointInPolygon([lon, lat], feats[k])) return k
    return -1
  }
}

const STREET_IDS = ['370702001', '370702002', '370702003', '370702004', '370702005', '370702006', '370702400']
const FALLING = '370702003'

describe('committed demo district (geodata/demo)', () => {
  let streets: FeatureCollection<Polygon | MultiPolygon>
  let compounds: FeatureCollection<Polygon>
  let incidents: Record<string, string>[]
  beforeAll(() => {
    streets = fc('streets.geojson')
    compounds = fc<Polygon>('compounds.geojson')
    incidents = csv('incidents.csv').data
  })

  it('has every file the app imports, with the counts meta.json claims', () => {
    const meta = JSON.parse(read('meta.json'))
    for (const f of ['district.geojson', 'streets.geojson', 'compounds.geojson', 'key_sites.geojson', 'stations.geojson', 'checkpoints.geojson', 'roads.geojson', 'buildings.geojson', 'water.geojson', 'green.geojson']) {
      expect(fc(f).features.length, f).toBe(meta.counts[f])
    }
    expect(meta.falling_street).toBe(FALLING)
    expect(meta.period).toEqual(['2024-01-01', '2025-12-31'])
    expect(meta.blind_spots.length).toBeGreaterThanOrEqual(3)
    expect(meta.bbox).toHaveLength(4)
  })

  it('keeps the real district, streets and population', () => {
    const d = fc('district.geojson')
    expect(d.features).toHaveLength(1)
    expect(d.features[0].properties).toMatchObject({ id: '370702', name: '潍城区', name_en: 'Weicheng District', population: 521368 })
    expect(streets.features.map((f) => f.properties!.id).sort()).toEqual(STREET_IDS)
    expect(streets.features.reduce((s, f) => s + f.properties!.population, 0)).toBe(521368)
    for (const f of streets.features) expect(f.properties!.synthetic_boundary).toBe(true)
    // WGS-84, not GCJ-02: the outline's east edge is ~0.0059° west of the DataV (GCJ-02) value 119.117399
    const [, , e] = bboxOf(d.features[0])
    expect(e).toBeGreaterThan(119.108)
    expect(e).toBeLessThan(119.114)
  })

  it('streets tile the outline', () => {
    const outlineArea = area(fc('district.geojson').features[0])
    const sum = streets.features.reduce((s, f) => s + area(f), 0)
    expect(Math.abs(sum - outlineArea) / outlineArea).toBeLessThan(0.005)
    // urban streets are small, rural ones large
    const a = Object.fromEntries(streets.features.map((f) => [f.properties!.id, area(f) / 1e6]))
    for (const u of ['370702001', '370702002', '370702003', '370702004']) for (const r of ['370702005', '370702006', '370702400']) expect(a[u]).toBeLessThan(a[r])
  })

  it('compounds: count, properties, inside their street, no overlaps, populations add up', () => {
    const cs = compounds.features
    expect(cs.length).toBeGreaterThanOrEqual(250)
    expect(cs.length).toBeLessThanOrEqual(350)
    const byId = new Map(streets.features.map((f) => [f.properties!.id as string, f]))
    const ids = new Set<string>()
    for (const c of cs) {
      const p = c.properties!
      expect(p.id).toMatch(/^C\d{4}$/)
      ids.add(p.id)
      expect(['old', 'new', 'village']).toContain(p.kind)
      expect(typeof p.name === 'string' && p.name.length > 1).toBe(true)
      expect(p.community.length).toBeGreaterThan(1)
      expect(p.built).toBeGreaterThan(1900)
      const st = byId.get(p.parent_id)!
      expect(st, p.id).toBeTruthy()
      expect(booleanPointInPolygon(centroid(c), st), `${p.id} centroid in ${p.parent_id}`).toBe(true)
      for (const v of c.geometry.coordinates[0]) expect(booleanPointInPolygon(v, st), `${p.id} vertex in street`).toBe(true)
    }
    expect(ids.size).toBe(cs.length)
    // urban streets hold more compounds than their share of the area
    const urban = cs.filter((c) => ['370702001', '370702002', '370702003', '370702004'].includes(c.properties!.parent_id)).length
    expect(urban / cs.length).toBeGreaterThan(0.5)
    const idx = new Flatbush(cs.length)
    for (const c of cs) idx.add(...bboxOf(c))
    idx.finish()
    let overlaps = 0
    cs.forEach((c, i) => {
      for (const j of idx.search(...bboxOf(c))) {
        if (j <= i) continue
        const x = intersect(featureCollection([c, cs[j]]))
        if (x && area(x) > 1) overlaps++
      }
    })
    expect(overlaps).toBe(0)
    for (const st of streets.features) {
      const sum = cs.filter((c) => c.properties!.parent_id === st.properties!.id).reduce((s, c) => s + c.properties!.population, 0)
      expect(sum, st.properties!.id).toBe(st.properties!.population)
    }
  })

  it('key sites, stations, checkpoints, roads, buildings, water and green', () => {
    const ks = fc<Polygon>('key_sites.geojson').features
    expect(ks.length).toBeGreaterThanOrEqual(45)
    expect(ks.length).toBeLessThanOrEqual(75)
    const kinds = new Set(ks.map((k) => k.properties!.kind))
    for (const k of ['school', 'hospital', 'business', 'station', 'plaza', 'government']) expect(kinds.has(k), k).toBe(true)
    const ps = JSON.parse(read('stations.geojson')).features
    expect(ps.length).toBeGreaterThanOrEqual(8)
    expect(ps.length).toBeLessThanOrEqual(12)
    for (const s of ps) expect(s.properties.name).toMatch(/派出所$/)
    const cp = JSON.parse(read('checkpoints.geojson')).features
    expect(cp.length).toBeGreaterThanOrEqual(15)
    expect(cp.length).toBeLessThanOrEqual(25)
    expect(new Set(cp.map((c: Feature) => c.properties!.name)).size).toBe(cp.length)
    const roads = JSON.parse(read('roads.geojson')).features as Feature[]
    const cls = new Set(roads.map((r) => r.properties!.class))
    expect([...cls].sort()).toEqual(['back', 'main', 'secondary'])
    for (const r of roads) expect(r.geometry.type).toBe('LineString')
    const b = fc<Polygon>('buildings.geojson').features
    expect(b.length).toBeGreaterThanOrEqual(8000)
    expect(b.length).toBeLessThanOrEqual(15000)
    const parents = new Set([...compounds.features, ...ks].map((f) => f.properties!.id))
    expect(b.filter((x) => parents.has(x.properties!.parent_id)).length / b.length).toBeGreaterThan(0.9)
    for (const f of ['water.geojson', 'green.geojson']) {
      const g = fc(f).features
      expect(g.length).toBeGreaterThanOrEqual(1)
      for (const x of g) expect(x.properties!.synthetic).toBe(true)
    }
  })

  it('cameras: fields valid, at least 2000, ~20% class A, ~5% offline, fov and range from the lens', () => {
    const p = csv('cameras.csv')
    expect(p.meta.fields).toEqual(['id', 'lon', 'lat', 'type', 'azimuth', 'fov', 'range', 'class', 'status', 'focal_mm', 'sensor_mm', 'resolution_px'])
    const rows = p.data
    expect(rows.length).toBeGreaterThanOrEqual(2000)
    const ids = new Set<string>()
    let a = 0, off = 0
    for (const r of rows) {
      ids.add(r.id)
      const lon = Number(r.lon), lat = Number(r.lat), az = Number(r.azimuth), fov = Number(r.fov), range = Number(r.range)
      expect(lon > 118.9 && lon < 119.15 && lat > 36.55 && lat < 36.85, r.id).toBe(true)
      expect(['bullet', 'dome', 'ptz']).toContain(r.type)
      expect(az >= 0 && az < 360).toBe(true)
      // the lens catalogue in geodata/lib/cameras.ts; fov and range are the lens's at 'observe', rounded
      const focal = Number(r.focal_mm), sensor = Number(r.sensor_mm), hRes = Number(r.resolution_px)
      expect([1920, 2560]).toContain(hRes)
      expect(Math.abs(range - doriRange(focal, sensor, hRes, 'observe')), r.id).toBeLessThanOrEqual(0.5)
      if (r.type === 'dome') { expect(fov).toBe(360); expect([focal, sensor]).toEqual([2.8, 5.27]); expect(range >= 16 && range <= 22).toBe(true) }
      else expect(Math.abs(fov - lensFov(focal, sensor)), r.id).toBeLessThanOrEqual(0.5)
      if (r.type === 'bullet') { expect([4, 6, 8]).toContain(focal); expect(sensor).toBe(5.37); expect(fov >= 37 && fov <= 68).toBe(true); expect(range >= 23 && range <= 61).toBe(true) }
      if (r.type === 'ptz') { expect([focal, sensor, fov]).toEqual([20, 5.37, 15]); expect(range >= 114 && range <= 153).toBe(true) }
      expect(['A', 'B']).toContain(r.class)
      expect(['online', 'offline']).toContain(r.status)
      if (r.class === 'A') a++
      if (r.status === 'offline') off++
    }
    expect(ids.size).toBe(rows.length)
    expect(a / rows.length).toBeGreaterThan(0.15)
    expect(a / rows.length).toBeLessThan(0.25)
    expect(off / rows.length).toBeGreaterThan(0.03)
    expect(off / rows.length).toBeLessThan(0.08)
  })

  it('blind-spot compounds have no cameras', () => {
    const meta = JSON.parse(read('meta.json'))
    const blind = new Set(meta.blind_spots.filter((b: { kind: string }) => b.kind === 'compound').map((b: { id: string }) => b.id))
    const feats = compounds.features.filter((c) => blind.has(c.properties!.id))
    expect(feats.length).toBeGreaterThanOrEqual(3)
    const inBlind = indexer(feats)
    const cams = csv('cameras.csv').data
    expect(cams.filter((r) => inBlind(Number(r.lon), Number(r.lat)) >= 0).length).toBe(0)
  })

  it('incidents: size, categories, sorted, night share, in-compound share', () => {
    expect(incidents.length).toBeGreaterThanOrEqual(200000)
    const cats: Record<string, number> = {}
    let night = 0, prev = '', sorted = true
    for (const r of incidents) {
      cats[r.category] = (cats[r.category] ?? 0) + 1
      const h = Number(r.time.slice(11, 13))
      if (h >= 18 || h < 6) night++
      if (r.time < prev) sorted = false
      prev = r.time
    }
    expect(sorted).toBe(true)
    expect(Object.keys(cats).sort()).toEqual(['criminal', 'fire', 'problem', 'public_order'])
    const n = incidents.length
    expect(cats.public_order / n).toBeGreaterThan(0.4)
    expect(cats.criminal / n).toBeGreaterThan(0.2)
    expect(cats.problem / n).toBeGreaterThan(0.17)
    expect(cats.fire / n).toBeGreaterThan(0.05)
    expect(night / n).toBeGreaterThanOrEqual(0.6)
    expect(night / n).toBeLessThanOrEqual(0.7)
    expect(incidents[0].time >= '2024-01-01T00:00:00').toBe(true)
    expect(incidents[n - 1].time <= '2025-12-31T23:59:59').toBe(true)
    for (const r of incidents.slice(0, 1000)) expect(r.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
    const inCompound = indexer(compounds.features)
    let inside = 0
    for (const r of incidents) if (inCompound(Number(r.lon), Number(r.lat)) >= 0) inside++
    expect(inside / n).toBeGreaterThanOrEqual(0.6)
    expect(inside / n).toBeLessThanOrEqual(0.7)
  })

  it('one street falls in 2025, the others hold', () => {
    const inStreet = indexer(streets.features)
    const ids = streets.features.map((f) => f.properties!.id as string)
    const count: Record<string, [number, number]> = Object.fromEntries(ids.map((id) => [id, [0, 0]]))
    for (const r of incidents) {
      const k = inStreet(Number(r.lon), Number(r.lat))
      if (k < 0) continue
      count[ids[k]][r.time.startsWith('2024') ? 0 : 1]++
    }
    for (const id of ids) {
      const [y24, y25] = count[id]
      if (id === FALLING) expect(y25, id).toBeLessThan(0.75 * y24)
      else expect(y25 / y24, id).toBeGreaterThan(0.9)
    }
  })

  it('incidents peak at Spring Festival and on weekends', () => {
    const perDay = new Map<string, number>()
    for (const r of incidents) { const d = r.time.slice(0, 10); perDay.set(d, (perDay.get(d) ?? 0) + 1) }
    // Spring Festival day against the mean of days 20–40 before it
    for (const sf of ['2024-02-10', '2025-01-29']) {
      const t = Date.parse(`${sf}T00:00:00Z`)
      let s = 0
      for (let k = 20; k <= 40; k++) s += perDay.get(new Date(t - k * 86400000).toISOString().slice(0, 10)) ?? 0
      expect(perDay.get(sf)!, sf).toBeGreaterThan(1.3 * (s / 21))
    }
    let sat = 0, tue = 0
    for (const [d, v] of perDay) { const w = new Date(`${d}T00:00:00Z`).getUTCDay(); if (w === 6) sat += v; if (w === 2) tue += v }
    expect(sat).toBeGreaterThan(tue * 1.1)
  })
})

describe('generate-demo.ts is deterministic', () => {
  it('same seed and parameters give byte-identical files', async () => {
    const run = promisify(execFile)
    const tsx = join(ROOT, 'node_modules/tsx/dist/cli.mjs')
    const script = join(ROOT, 'geodata/generate-demo.ts')
    const dirs = [mkdtempSync(join(tmpdir(), 'pingan-a-')), mkdtempSync(join(tmpdir(), 'pingan-b-'))]
    try {
      const args = ['--seed', '7', '--incidents', '2000', '--cameras', '300', '--buildings', '1500']
      await Promise.all(dirs.map((d) => run(process.execPath, [tsx, script, ...args, '--out', d], { cwd: ROOT })))
      const files = readdirSync(dirs[0]).sort()
      expect(files).toEqual(readdirSync(dirs[1]).sort())
      // the 12 layers and tables, meta.json, and incidents.cols (the incidents as binary columns)
      expect(files.length).toBe(14)
      for (const f of files) expect(readFileSync(join(dirs[0], f)).equals(readFileSync(join(dirs[1], f))), f).toBe(true)
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
    }
  })
})
