/**
 * Builds the embedded demo district (geodata/demo) inside the real outline of Weicheng
 * district, Weifang. Seeded and deterministic: same seed + parameters -> identical bytes.
 *
 *   npx tsx geodata/generate-demo.ts [--seed N] [--out DIR] [--incidents N] [--cameras N] [--buildings N]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { featureCollection } from '@turf/helpers'
import union from '@turf/union'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { Frame, type Polys, type Pt, bboxOfPolys, closeRing, pointInPolys, pointInRing } from './lib/geo'
import { createRng } from './lib/prng'
import { DISTRICT, loadSourceData, defaultDataDir } from './lib/source-data'
import { STREET_DEFS, buildStreets } from './lib/streets'
import { buildRoadNetwork } from './lib/roads'
import { cutParcels } from './lib/urban-parcels'
import { NamePool } from './lib/names'
import { COMPOUND_TARGET, buildLayout } from './lib/layout'
import { assignCommunities, assignPopulation } from './lib/compound-attributes'
import { buildBuildings } from './lib/buildings'
import { cutRoadSegments } from './lib/road-segments'
import { buildCamerasCsv } from './lib/cameras'
import { buildCheckpoints, buildStations } from './lib/police'
import { writeIncidents } from './lib/incidents'
import { PERIOD, HOLIDAYS } from './lib/calendar'
import { feature, featureCollectionText, round6 } from './lib/format'
import { writeIncidentColumns } from './incident-columns'

export interface Params { seed: number; out: string; incidents: number; cameras: number; buildings: number }
export const DEFAULTS = { seed: 20240101, incidents: 200000, cameras: 2400, buildings: 12000 }
const FALLING_STREET = '370702003'

export function parseArgs(argv: string[]): Params {
  const here = dirname(fileURLToPath(import.meta.url))
  const p: Params = { ...DEFAULTS, out: join(here, 'demo') }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1]
    const num = () => {
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a non-negative integer, got ${v}`)
      i++
      return n
    }
    if (a === '--seed') p.seed = num()
    else if (a === '--incidents') p.incidents = num()
    else if (a === '--cameras') p.cameras = num()
    else if (a === '--buildings') p.buildings = num()
    else if (a === '--out') { p.out = resolve(v); i++ }
    else throw new Error(`unknown argument ${a}`)
  }
  if (p.incidents > 4_000_000) throw new Error('--incidents is limited to 4,000,000')
  return p
}

export function generate(p: Params): Record<string, number> {
  const t0 = performance.now()
  mkdirSync(p.out, { recursive: true })
  const src = loadSourceData()
  const [w0, s0, e0, n0] = bboxOfPolys(src.outline as Polys)
  const frame = new Frame(round6((w0 + e0) / 2), round6((s0 + n0) / 2))
  const outline: Polys = src.outline.map((poly) => poly.map((r, i) => closeRing(r.map(([lo, la]) => frame.toXY(lo, la)), i === 0)))
  const units = src.units.map((u) => ({ ...u, point: u.point ? frame.toXY(u.point[0], u.point[1]) : null }))
  const toLL = (r: Pt[]) => r.map(([x, y]) => frame.toLonLat(x, y))
  const polysToGeom = (polys: Polys): Polygon | MultiPolygon =>
    polys.length === 1 ? { type: 'Polygon', coordinates: polys[0].map(toLL) } : { type: 'MultiPolygon', coordinates: polys.map((pp) => pp.map(toLL)) }

  // streets (synthetic boundaries, real names/codes, census population)
  const streets = buildStreets(frame, outline, units.map((u) => ({ ...u, point: u.point ? frame.toLonLat(u.point[0], u.point[1]) : null })), src.population)
  const streetAt = (x: number, y: number) => streets.findIndex((s) => pointInPolys(x, y, s.polys))
  const urbanFeat = union(featureCollection(streets.filter((s) => s.def.urban).map((s) => ({ type: 'Feature', properties: {}, geometry: polysToGeomXY(s.polys) }) as Feature<Polygon | MultiPolygon>)))
  if (!urbanFeat) throw new Error('urban union failed')
  const urban: Polys = (urbanFeat.geometry.type === 'Polygon' ? [urbanFeat.geometry.coordinates] : urbanFeat.geometry.coordinates).map((pp) => pp.map((r, i) => closeRing(r as Pt[], i === 0)))

  const names = new NamePool(createRng(p.seed, 'names'))
  const net = buildRoadNetwork(createRng(p.seed, 'roads'), outline, urban)
  const urbanStreets = streets.map((s, i) => ({ s, i })).filter(({ s }) => s.def.urban)
    .map(({ s, i }) => ({ index: i, polys: s.polys, need: Math.round((COMPOUND_TARGET[s.def.id] ?? 30) * 1.25 + 8) }))
  const { parcels, lanes } = cutParcels(createRng(p.seed, 'parcels'), net.ns, net.ew, net.ubox, urbanStreets, names)
  const layout = buildLayout(createRng(p.seed, 'layout'), streets, outline, urban, parcels, net.roads, units, names)
  const roads = [...net.roads, ...lanes, ...layout.extraRoads]
  roads.forEach((r, i) => { r.id = `R${String(i + 1).padStart(4, '0')}` })

  // ids in a stable spatial order: by street, then north to south, west to east
  const order = <T extends { street: number; cx: number; cy: number }>(a: T[]) =>
    a.sort((x, y) => x.street - y.street || Math.round(y.cy / 50) - Math.round(x.cy / 50) || x.cx - y.cx)
  const compounds = order(layout.compounds)
  compounds.forEach((c, i) => { c.id = `C${String(i + 1).padStart(4, '0')}` })
  const keySites = order(layout.keySites)
  keySites.forEach((k, i) => { k.id = `K${String(i + 1).padStart(3, '0')}` })
  assignCommunities(createRng(p.seed, 'communities'), compounds, streets, units)
  assignPopulation(createRng(p.seed, 'population'), compounds, streets)

  // blind spots: five old compounds, and one high-incident area around an old compound in 南关
  const brng = createRng(p.seed, 'blind')
  const olds = compounds.map((c, k) => k).filter((k) => compounds[k].kind === 'old')
  const nanguan = streets.findIndex((s) => s.def.id === '370702002')
  const hotCandidates = olds.filter((k) => compounds[k].street === nanguan)
  const hot = compounds[hotCandidates.length ? hotCandidates[brng.int(hotCandidates.length)] : olds[0]]
  const blindArea = { x: hot.cx, y: hot.cy, r: 350 }
  const blindCompounds = new Set<number>()
  for (const k of brng.shuffle(olds.slice())) {
    if (blindCompounds.size >= 5) break
    if (Math.hypot(compounds[k].cx - hot.cx, compounds[k].cy - hot.cy) < 1200) continue
    blindCompounds.add(k)
  }

  // hotspots: business districts, old compounds and the blind area
  const business = keySites.filter((k) => k.kind === 'business')
  const nearBusiness = (x: number, y: number) => business.some((b) => Math.hypot(b.cx - x, b.cy - y) < 800)
  const inHot = (x: number, y: number) => Math.hypot(x - blindArea.x, y - blindArea.y) < blindArea.r + 100
  const hrng = createRng(p.seed, 'hotspots')
  const compoundBoost = Float64Array.from(compounds, (c) =>
    (c.population + 50) * (c.kind === 'old' ? 2.0 : c.kind === 'new' ? 0.9 : 0.75) * (nearBusiness(c.cx, c.cy) ? 1.6 : 1) * (inHot(c.cx, c.cy) ? 3.5 : 1) * Math.exp(0.45 * hrng.normal()))
  const segs = cutRoadSegments(roads, streetAt)
  const urbanSet = new Set(streets.map((s, i) => (s.def.urban ? i : -1)))
  const segBoost = Float64Array.from(segs, (s) => {
    const mx = (s.ax + s.bx) / 2, my = (s.ay + s.by) / 2
    return s.len * (s.cls === 'main' ? 3 : s.cls === 'secondary' ? 2 : 1) * (urbanSet.has(s.street) ? 4 : 1) * (nearBusiness(mx, my) ? 1.8 : 1) * (inHot(mx, my) ? 3 : 1)
  })
  const keyBoost = Float64Array.from(keySites, (k) => ({ business: 10, station: 6, plaza: 4, hospital: 2.5, school: 1.5, government: 0.5 }[k.kind]) * Math.pow(k.area, 0.3))
  const camSegW = Float64Array.from(segs, (s) => {
    const mx = (s.ax + s.bx) / 2, my = (s.ay + s.by) / 2
    return s.len * (s.cls === 'main' ? 5 : s.cls === 'secondary' ? 2 : 0.6) * (urbanSet.has(s.street) ? 3 : 1) * (nearBusiness(mx, my) ? 2.2 : 1)
  })

  // police
  const isFree = (x: number, y: number) => !compounds.some((c) => pointInRing(x, y, c.ring)) && !keySites.some((k) => pointInRing(x, y, k.ring))
  const stations = buildStations(createRng(p.seed, 'stations'), streets, roads, isFree)
  const checkpoints = buildCheckpoints(createRng(p.seed, 'checkpoints'), net.roads, outline)

  // buildings
  const parents = [...compounds.map((c) => ({ id: c.id, kind: c.kind, ring: c.ring, cx: c.cx, cy: c.cy })), ...keySites.map((k) => ({ id: k.id, kind: k.kind, ring: k.ring, cx: k.cx, cy: k.cy }))]
  const buildings = buildBuildings(createRng(p.seed, 'buildings'), parents, p.buildings)

  // ---------------------------------------------------------------- write
  const counts: Record<string, number> = {}
  const write = (file: string, text: string, n: number) => { writeFileSync(join(p.out, file), text); counts[file] = n }
  const geo = (file: string, feats: Feature[]) => write(file, featureCollectionText(feats), feats.length)
  geo('district.geojson', [feature(polysToGeom(outline), { id: DISTRICT.id, name: DISTRICT.name, name_en: DISTRICT.name_en, population: src.population })])
  geo('streets.geojson', streets.map((s) => feature(polysToGeom(s.polys), { id: s.def.id, name: s.def.name, name_en: s.def.name_en, population: s.population, synthetic_boundary: true })))
  geo('compounds.geojson', compounds.map((c) => feature({ type: 'Polygon', coordinates: [toLL(c.ring)] }, {
    id: c.id, name: c.name, parent_id: streets[c.street].def.id, community: c.community, community_code: c.communityCode, population: c.population, kind: c.kind, built: c.built,
  })))
  geo('key_sites.geojson', keySites.map((k) => feature({ type: 'Polygon', coordinates: [toLL(k.ring)] }, { id: k.id, name: k.name, kind: k.kind, parent_id: streets[k.street].def.id })))
  geo('stations.geojson', stations.map((s) => feature({ type: 'Point', coordinates: frame.toLonLat(s.x, s.y) }, { id: s.id, name: s.name, parent_id: streets[s.street].def.id })))
  geo('checkpoints.geojson', checkpoints.map((c) => feature({ type: 'Point', coordinates: frame.toLonLat(c.x, c.y) }, { id: c.id, name: c.name, road: c.road })))
  geo('roads.geojson', roads.map((r) => feature({ type: 'LineString', coordinates: toLL(r.line) }, { id: r.id, name: r.name, class: r.cls })))
  geo('buildings.geojson', buildings.map((b, i) => feature({ type: 'Polygon', coordinates: [toLL(b.ring)] }, { id: `B${String(i + 1).padStart(5, '0')}`, floors: b.floors, parent_id: b.parent })))
  geo('water.geojson', layout.water.map((wt, i) => feature({ type: 'Polygon', coordinates: [toLL(wt.ring)] }, { id: `W${i + 1}`, name: wt.name, kind: 'river', synthetic: true })))
  geo('green.geojson', layout.green.map((g, i) => feature({ type: 'Polygon', coordinates: [toLL(g.ring)] }, { id: `G${i + 1}`, name: g.name, kind: 'park', synthetic: true })))
  const cams = buildCamerasCsv(createRng(p.seed, 'cameras'), frame, p.cameras, segs, camSegW, compounds, keySites, checkpoints, { compounds: blindCompounds, area: blindArea })
  write('cameras.csv', cams.csv, cams.rows)
  const falling = streets.findIndex((s) => s.def.id === FALLING_STREET)
  const inc = writeIncidents(createRng(p.seed, 'incidents'), frame, { compounds, keySites, segs, roads, streets, fallingStreet: falling, compoundBoost, segBoost, keyBoost }, p.incidents, join(p.out, 'incidents.csv'))
  counts['incidents.csv'] = inc.rows
  // the same incidents as binary columns, which the app reads at start without parsing text
  counts['incidents.cols'] = writeIncidentColumns(p.out)

  const [w, s, e, n] = bboxOfPolys(outline)
  const sw = frame.toLonLat(w, s), ne = frame.toLonLat(e, n)
  const [blon, blat] = frame.toLonLat(blindArea.x, blindArea.y)
  const meta = {
    name: 'Pingan Map demo district: 潍城区 Weicheng District, Weifang',
    generator: 'geodata/generate-demo.ts',
    seed: p.seed,
    params: { incidents: p.incidents, cameras: p.cameras, buildings: p.buildings },
    counts,
    crs: 'WGS-84 (EPSG:4326), lon/lat; source outline converted from GCJ-02 with gcoord',
    bbox: [sw[0], sw[1], ne[0], ne[1]].map(round6),
    center: frame.toLonLat(0, 0).map(round6),
    period: [...PERIOD],
    timezone: 'Asia/Shanghai (times without offset)',
    holidays: HOLIDAYS,
    falling_street: FALLING_STREET,
    incidents_by_street_year: Object.fromEntries(streets.map((st, i) => [st.def.id, { 2024: inc.byYearStreet[i][0], 2025: inc.byYearStreet[i][1] }])),
    blind_spots: [
      ...[...blindCompounds].sort((a, b) => a - b).map((k) => ({ kind: 'compound', id: compounds[k].id, name: compounds[k].name, parent_id: streets[compounds[k].street].def.id, note: 'old compound without cameras' })),
      { kind: 'area', id: 'BLIND-AREA-1', center: [round6(blon), round6(blat)], radius_m: blindArea.r, parent_id: streets[hot.street].def.id, around: hot.id, note: 'high-incident area (incident rate x3.5) without cameras' },
    ],
    synthetic: [
      'street boundaries (Voronoi of seeds, clipped to the real outline)', 'street populations (shares of the real census total)',
      'compounds (geometry, names, population, kind, built; community names are real)', 'key sites', 'police stations', 'checkpoints',
      'roads (geometry and names)', 'buildings', 'water', 'green', 'cameras', 'incidents',
    ],
    real: ['district outline (DataV GeoAtlas, GCJ-02 -> WGS-84)', 'street names and NBS codes', 'community and village names and codes (NBS 2016)', 'census population 2020 (521,368)', 'real GCJ-02 points of 西关/北关/于河/开发区 and of 颐园社区 (street seeds) and of some villages (village positions)'],
    provenance: {
      outline: 'Aliyun DataV GeoAtlas 370702.json via github.com/tnnevol/gmap@b248aaaefc0c13f6bd006a4dc2fa4530d2cfd9b5; GCJ-02 converted to WGS-84 with gcoord',
      units: 'NBS 统计用区划代码 2016 via github.com/Vonng/adcode@b755d6e4abca8e0d309728abc9ad4b100dacc685 data/adcode/370702.csv (CC BY 4.0)',
      population: 'NBS 中国人口普查分县资料 2020 via github.com/thebamboogrove/tudigong@4db2f145527695bab2b72d1cce02d30924b6ac95 input/population.csv (MIT)',
      source_dir: defaultDataDir() === src.dataDir ? 'geodata/sources' : 'custom',
    },
    street_ids: STREET_DEFS.map((d) => d.id),
  }
  writeFileSync(join(p.out, 'meta.json'), JSON.stringify(meta, null, 2) + '\n')
  counts._ms = Math.round(performance.now() - t0)
  return counts
}

function polysToGeomXY(polys: Polys): Polygon | MultiPolygon {
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const p = parseArgs(process.argv.slice(2))
  const counts = generate(p)
  const { _ms, ...rest } = counts
  console.log(`wrote ${p.out} in ${(_ms / 1000).toFixed(1)} s`)
  for (const [k, v] of Object.entries(rest)) console.log(`  ${k.padEnd(20)} ${v}`)
}
