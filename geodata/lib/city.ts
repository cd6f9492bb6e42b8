/**
 * A synthetic city for tests and benchmarks (issue 25): Weifang's 12 county-level units in
 * their real DataV outlines (GCJ-02, converted to WGS-84 as the demo's outline is), each with
 * synthetic streets (Voronoi cells clipped to the outline, as the demo's), compounds (blocks
 * around the real seat of government, DataV's `center`), grid cells (squares clipped to the
 * outline) and the census population. Seeded and deterministic.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Papa from 'papaparse'
import intersect from '@turf/intersect'
import { featureCollection, polygon } from '@turf/helpers'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { Frame, type Polys, type Pt, type Ring, bboxOfPolys, closeRing, pointInPolys, polysArea } from './geo'
import { createRng, type Rng } from './prng'
import { gcjToWgs } from './source-data'
import { clippedVoronoi, splitPopulation } from './streets'
import { NamePool } from './names'
import { round6 } from './format'
import { REPO_ROOT } from '../../src/cli/repo-root'

/** The real files, carried with their provenance in tests/fixtures/real/PROVENANCE.md. */
export const CITY_SOURCE_DIR = join(REPO_ROOT, 'tests/fixtures/real/china-districts')
export const CITY = { code: '370700', name: '潍坊市' }
/** 潍坊滨海经济技术开发区 has census figures but no DataV outline: its land lies inside 寒亭区's. */
const BINHAI = { code: '370772', into: '370703' }

export interface CityStreet { id: string; name: string; polys: Polys; population: number }
export interface CityCompound { id: string; name: string; ring: Ring; street: number; population: number; kind: 'old' | 'new' }
export interface CityDistrict {
  code: string
  name: string
  population: number
  urbanShare: number
  frame: Frame
  /** metric, closed rings, and their bbox */
  outline: Polys
  bbox: [number, number, number, number]
  /** the seat of government (metric) and the radius of the built-up area around it (m) */
  centre: Pt
  urbanRadius: number
  streets: CityStreet[]
  compounds: CityCompound[]
  /** grid cells, each one polygon (rings) */
  grids: Polys
}

export interface CityOptions { seed: number; gridMetres?: number; peoplePerCompound?: number }

interface DataVFeature { properties: { adcode: number; name: string; center: [number, number] }; geometry: { type: string; coordinates: number[][][][] | number[][][] } }

/** Built-up density of the seat towns, people per m² (12,000 per km²). */
const URBAN_DENSITY = 0.012
const BLOCK_PITCH = 320
const TOWN_A = ['东', '西', '南', '北', '新', '安', '康', '兴', '平', '和', '福', '宁', '丰', '永', '太', '长', '清', '乐', '青', '大']
const TOWN_B = ['城', '安', '兴', '河', '阳', '山', '泉', '宁', '丰', '庄', '集', '店', '岭', '埠', '营']

export function buildCity(opts: CityOptions): CityDistrict[] {
  const outlines = JSON.parse(readFileSync(join(CITY_SOURCE_DIR, '370700.json'), 'utf8')) as DataVFeature[]
  const census = Papa.parse<Record<string, string>>(readFileSync(join(CITY_SOURCE_DIR, '3707_population_census2020.csv'), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data
  const binhai = census.find((r) => r.CODE === BINHAI.code)
  return outlines.map((f) => {
    const code = String(f.properties.adcode)
    const row = census.find((r) => r.CODE === code)
    if (!row) throw new Error(`${code} not in the census file`)
    let population = Number(row.POPU), urbanShare = Number(row.POPU_URB)
    if (code === BINHAI.into && binhai) {
      urbanShare = (population * urbanShare + Number(binhai.POPU) * Number(binhai.POPU_URB)) / (population + Number(binhai.POPU))
      population += Number(binhai.POPU)
    }
    return buildDistrict(createRng(opts.seed, `city-${code}`), code, f, population, urbanShare, opts)
  })
}

function buildDistrict(rng: Rng, code: string, f: DataVFeature, population: number, urbanShare: number, opts: CityOptions): CityDistrict {
  const polysLL = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][]
  const wgs = polysLL.map((p) => p.map((r) => r.map(([lon, lat]) => gcjToWgs(lon, lat))))
  const [w0, s0, e0, n0] = bboxOfPolys(wgs as Polys)
  const frame = new Frame(round6((w0 + e0) / 2), round6((s0 + n0) / 2))
  const outline: Polys = wgs.map((p) => p.map((r, i) => closeRing(r.map(([lo, la]) => frame.toXY(lo, la)), i === 0)))
  const centre = frame.toXY(...gcjToWgs(...f.properties.center))
  if (!pointInPolys(centre[0], centre[1], outline)) throw new Error(`${code}: its seat lies outside its outline`)
  const urbanPop = population * urbanShare
  const urbanRadius = Math.sqrt(urbanPop / URBAN_DENSITY / Math.PI)
  const names = new NamePool(rng)

  // streets: about one per 80,000 people, half of the seeds in the built-up area (small urban streets)
  const k = Math.max(6, Math.min(15, Math.round(population / 80000)))
  const seeds: Pt[] = []
  for (let i = 0; i < k; i++) seeds.push(i % 2 === 0 ? pointNear(rng, outline, centre, urbanRadius) : pointIn(rng, outline))
  const streetPolys = clippedVoronoi(seeds, seeds.map((_, i) => i), seeds.map((_, i) => `${code} street ${i}`), outline)
  const streets: CityStreet[] = streetPolys.map((polys, i) => {
    const urban = Math.hypot(seeds[i][0] - centre[0], seeds[i][1] - centre[1]) < urbanRadius
    const name = names.take(() => `${rng.pick(TOWN_A)}${rng.pick(TOWN_B)}${urban ? '街道' : '镇'}`, (n) => `${rng.pick(TOWN_A)}${rng.pick(TOWN_B)}${n}${urban ? '街道' : '镇'}`)
    return { id: `${code}${String(i + 1).padStart(3, '0')}`, name, polys, population: 0 }
  })

  const compounds = buildCompounds(rng, code, outline, centre, urbanRadius, Math.max(1, Math.round(urbanPop / (opts.peoplePerCompound ?? 1500))), names)
  const popOf = splitPopulation(Math.round(urbanPop), compounds.map(() => 0.5 + rng.next()))
  compounds.forEach((c, i) => {
    c.population = popOf[i]
    const [cx, cy] = ringCentre(c.ring)
    c.street = Math.max(0, streets.findIndex((s) => pointInPolys(cx, cy, s.polys)))
    streets[c.street].population += c.population
  })
  // the rest of the people live outside the compounds, spread by area
  const rural = splitPopulation(population - Math.round(urbanPop), streets.map((s) => polysArea(s.polys)))
  streets.forEach((s, i) => { s.population += rural[i] })
  return { code, name: f.properties.name, population, urbanShare, frame, outline, bbox: bboxOfPolys(outline), centre, urbanRadius, streets, compounds, grids: buildGrid(outline, opts.gridMetres ?? 1500) }
}

/** Blocks of a regular street grid around the seat, nearest first (with jitter), wholly inside the outline. */
function buildCompounds(rng: Rng, code: string, outline: Polys, centre: Pt, radius: number, target: number, names: NamePool): CityCompound[] {
  const vertices = outline.flat(1).flat(1) as Pt[]
  const out: CityCompound[] = []
  const candidates: { x: number; y: number; key: number }[] = []
  const reach = Math.ceil((radius * 2.5) / BLOCK_PITCH)
  for (let i = -reach; i <= reach; i++) for (let j = -reach; j <= reach; j++) {
    const x = centre[0] + i * BLOCK_PITCH, y = centre[1] + j * BLOCK_PITCH
    candidates.push({ x, y, key: Math.hypot(i, j) * BLOCK_PITCH * Math.exp(0.3 * rng.normal()) })
  }
  candidates.sort((a, b) => a.key - b.key)
  for (const c of candidates) {
    if (out.length >= target) break
    if (rng.chance(0.2)) continue // parks, schools, markets: blocks that are no compound
    const hw = (BLOCK_PITCH - rng.range(40, 90)) / 2, hh = (BLOCK_PITCH - rng.range(40, 90)) / 2
    const ring: Ring = [[c.x - hw, c.y - hh], [c.x + hw, c.y - hh], [c.x + hw, c.y + hh], [c.x - hw, c.y + hh], [c.x - hw, c.y - hh]]
    if (!ring.every(([x, y]) => pointInPolys(x, y, outline))) continue
    if (vertices.some(([x, y]) => x >= c.x - hw && x <= c.x + hw && y >= c.y - hh && y <= c.y + hh)) continue
    const old = c.key < radius * 0.5 ? rng.chance(0.5) : rng.chance(0.15)
    out.push({ id: `${code}-C${String(out.length + 1).padStart(5, '0')}`, name: old ? names.oldCompound() : names.newCompound(), ring, street: 0, population: 0, kind: old ? 'old' : 'new' })
  }
  return out
}

/** Squares of `size` metres over the outline; those the outline crosses are clipped to it. */
function buildGrid(outline: Polys, size: number): Polys {
  const [w, s, e, n] = bboxOfPolys(outline)
  const x0 = Math.floor(w / size) * size, y0 = Math.floor(s / size) * size
  const cols = Math.ceil((e - x0) / size), rows = Math.ceil((n - y0) / size)
  // a cell holding an outline vertex, or with a corner outside, is cut by the outline
  const crossed = new Set<number>()
  for (const poly of outline) for (const r of poly) for (const [x, y] of r) crossed.add(Math.floor((y - y0) / size) * cols + Math.floor((x - x0) / size))
  const outlineFeat = { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: outline } } as Feature<MultiPolygon>
  // the exact clip is slow on the whole outline: cut it into blocks of 8×8 cells first
  const B = 8
  const blocks = new Map<number, Feature<Polygon | MultiPolygon> | null>()
  const blockPiece = (i: number, j: number) => {
    const key = Math.floor(j / B) * cols + Math.floor(i / B)
    if (!blocks.has(key)) {
      const bx = x0 + Math.floor(i / B) * B * size, by = y0 + Math.floor(j / B) * B * size
      blocks.set(key, intersect(featureCollection([square(bx, by, B * size) as Feature<Polygon | MultiPolygon>, outlineFeat])))
    }
    return blocks.get(key) ?? null
  }
  const cells: Polys = []
  for (let j = rows - 1; j >= 0; j--) for (let i = 0; i < cols; i++) {
    const sq = square(x0 + i * size, y0 + j * size, size).geometry.coordinates[0] as Ring
    const inside = sq.slice(0, 4).map(([x, y]) => pointInPolys(x, y, outline))
    if (!crossed.has(j * cols + i) && inside.every(Boolean)) { cells.push([sq]); continue }
    if (!crossed.has(j * cols + i) && !inside.some(Boolean) && !crossesSquare(outline, sq)) continue
    const piece = blockPiece(i, j)
    const cut = piece && intersect(featureCollection([polygon([sq]) as Feature<Polygon | MultiPolygon>, piece]))
    if (!cut) continue
    // a cell the outline cuts in two makes two cells: each is one polygon, and together they cover the outline
    const pieces = (cut.geometry.type === 'Polygon' ? [cut.geometry.coordinates] : cut.geometry.coordinates) as Pt[][][]
    for (const p of pieces) cells.push(p.map((r, k) => closeRing(r, k === 0)))
  }
  return cells
}

const square = (x: number, y: number, size: number) => polygon([[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]])

/** Whether an outline edge passes through the square (whose corners are all outside). */
function crossesSquare(outline: Polys, sq: Ring): boolean {
  const [x0, y0] = sq[0], [x1, y1] = sq[2]
  for (const poly of outline) for (const r of poly) for (let k = 1; k < r.length; k++) {
    const [ax, ay] = r[k - 1], [bx, by] = r[k]
    if (Math.max(ax, bx) < x0 || Math.min(ax, bx) > x1 || Math.max(ay, by) < y0 || Math.min(ay, by) > y1) continue
    return true
  }
  return false
}

export function ringCentre(r: Ring): Pt {
  let x = 0, y = 0
  for (let i = 0; i < r.length - 1; i++) { x += r[i][0]; y += r[i][1] }
  return [x / (r.length - 1), y / (r.length - 1)]
}

/** Uniform in the outline (rejection from its bbox). */
export function pointIn(rng: Rng, outline: Polys, bbox = bboxOfPolys(outline)): Pt {
  const [w, s, e, n] = bbox
  for (;;) {
    const x = w + rng.next() * (e - w), y = s + rng.next() * (n - s)
    if (pointInPolys(x, y, outline)) return [x, y]
  }
}

/** Normal around `centre` (σ = radius / 1.6), inside the outline; uniform in it after 30 misses. */
export function pointNear(rng: Rng, outline: Polys, centre: Pt, radius: number, bbox = bboxOfPolys(outline)): Pt {
  for (let t = 0; t < 30; t++) {
    const x = centre[0] + rng.normal() * radius / 1.6, y = centre[1] + rng.normal() * radius / 1.6
    if (pointInPolys(x, y, outline)) return [x, y]
  }
  return pointIn(rng, outline, bbox)
}

/** A district's area layers as GeoJSON for the server's area loader (WGS-84). */
export function districtLayers(d: CityDistrict): { street: FeatureCollection; compound: FeatureCollection; grid: FeatureCollection } {
  // not rounded: the cells along the outline must hold every incident inside it
  const ll = (r: Ring) => r.map(([x, y]) => d.frame.toLonLat(x, y))
  const geom = (polys: Polys): Polygon | MultiPolygon => (polys.length === 1 ? { type: 'Polygon', coordinates: polys[0].map(ll) } : { type: 'MultiPolygon', coordinates: polys.map((p) => p.map(ll)) })
  const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })
  return {
    street: fc(d.streets.map((s) => ({ type: 'Feature', properties: { id: s.id, name: s.name, parent_id: d.code, population: s.population, synthetic_boundary: true }, geometry: geom(s.polys) }))),
    compound: fc(d.compounds.map((c) => ({ type: 'Feature', properties: { id: c.id, name: c.name, parent_id: d.streets[c.street].id, population: c.population, kind: c.kind }, geometry: geom([[c.ring]]) }))),
    grid: fc(d.grids.map((g, i) => ({ type: 'Feature', properties: { id: `${d.code}-G${String(i + 1).padStart(5, '0')}`, name: `网格${i + 1}` }, geometry: geom([g]) }))),
  }
}
