/**
 * Synthetic street (街道) polygons: Voronoi cells of hand-placed seeds (a street owns
 * several seeds; the real GCJ-02 points from the NBS list are among them), merged per
 * street and clipped to the real outline. They tile the outline by construction.
 */
import { Delaunay } from 'd3-delaunay'
import { featureCollection, polygon } from '@turf/helpers'
import union from '@turf/union'
import intersect from '@turf/intersect'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { Frame, type Polys, type Pt, bboxOfPolys, closeRing, polysArea } from './geo'
import { gcjToWgs, type Unit } from './source-data'

export interface StreetDef {
  id: string
  name: string
  name_en: string
  short: string
  urban: boolean
  /** synthetic share of the census population (the last street takes the remainder) */
  popShare: number
  /** extra seed points, GCJ-02 like the source */
  seedsGcj: Pt[]
}

export const STREET_DEFS: StreetDef[] = [
  { id: '370702001', name: '城关街道', name_en: 'Chengguan Subdistrict', short: '城关', urban: true, popShare: 0.13,
    seedsGcj: [[119.1075, 36.7125], [119.1045, 36.7055]] },
  { id: '370702002', name: '南关街道', name_en: 'Nanguan Subdistrict', short: '南关', urban: true, popShare: 0.158,
    seedsGcj: [[119.0985, 36.6985], [119.109, 36.696], [119.087, 36.693]] },
  { id: '370702003', name: '西关街道', name_en: 'Xiguan Subdistrict', short: '西关', urban: true, popShare: 0.172,
    seedsGcj: [[119.081, 36.7125], [119.0735, 36.7035]] },
  { id: '370702004', name: '北关街道', name_en: 'Beiguan Subdistrict', short: '北关', urban: true, popShare: 0.2,
    seedsGcj: [[119.1035, 36.7335], [119.0755, 36.7345], [119.094, 36.741]] },
  { id: '370702005', name: '于河街道', name_en: 'Yuhe Subdistrict', short: '于河', urban: false, popShare: 0.118,
    seedsGcj: [[118.975, 36.795], [118.958, 36.758], [119.058, 36.768], [119.1, 36.772]] },
  { id: '370702006', name: '望留街道', name_en: 'Wangliu Subdistrict', short: '望留', urban: false, popShare: 0.134,
    seedsGcj: [[119.045, 36.64], [119.0, 36.635], [118.97, 36.665], [119.025, 36.668], [119.09, 36.645], [119.07, 36.675]] },
  { id: '370702400', name: '潍城经济开发区', name_en: 'Weicheng Economic Development Zone', short: '开发区', urban: false, popShare: 0.088,
    seedsGcj: [[118.985, 36.722], [119.04, 36.712], [118.958, 36.705]] },
]

export interface Street {
  def: StreetDef
  polys: Polys // metric
  area: number // m²
  population: number
  seeds: Pt[] // metric
}

function toPolys(g: Polygon | MultiPolygon): Polys {
  const ps = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  return ps.map((p) => p.map((r, i) => closeRing(r as Pt[], i === 0)))
}

/** street populations: shares of the census total, rounded, summing exactly to it */
export function splitPopulation(total: number, shares: number[]): number[] {
  const s = shares.reduce((a, b) => a + b, 0)
  const raw = shares.map((x) => (x / s) * total)
  const out = raw.map(Math.floor)
  let rest = total - out.reduce((a, b) => a + b, 0)
  const order = raw.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0; rest > 0; k++, rest--) out[order[k % order.length][1]]++
  return out
}

export function buildStreets(frame: Frame, outline: Polys, units: Unit[], population: number): Street[] {
  const seeds: Pt[] = []
  const owner: number[] = []
  STREET_DEFS.forEach((def, i) => {
    const u = units.find((x) => x.code === `${def.id}000`)
    const pts: Pt[] = []
    if (u?.point) pts.push(u.point) // the real point of the street
    if (def.id === '370702001') {
      const yy = units.find((x) => x.code === '370702001009') // 颐园社区, the only 城关 point
      if (yy?.point) pts.push(yy.point)
    }
    for (const [lon, lat] of def.seedsGcj) pts.push(gcjToWgs(lon, lat))
    for (const [lon, lat] of pts) { seeds.push(frame.toXY(lon, lat)); owner.push(i) }
  })
  const pops = splitPopulation(population, STREET_DEFS.map((d) => d.popShare))
  const cells = clippedVoronoi(seeds, owner, STREET_DEFS.map((d) => d.id), outline)
  return STREET_DEFS.map((def, i) => {
    const polys = cells[i]
    return { def, polys, area: polysArea(polys), population: pops[i], seeds: seeds.filter((_, k) => owner[k] === i) }
  })
}

/**
 * Polygons that tile `outline`: the Voronoi cells of `seeds` (metric), merged by owner (seed k
 * belongs to group owner[k]; `groups` names each group for errors) and clipped to the outline.
 */
export function clippedVoronoi(seeds: Pt[], owner: number[], groups: string[], outline: Polys): Polys[] {
  const [w, s, e, n] = bboxOfPolys(outline)
  const vor = Delaunay.from(seeds).voronoi([w - 1000, s - 1000, e + 1000, n + 1000])
  const outlineFeat = outline.length === 1 ? polygon(outline[0]) : { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: outline } }
  return groups.map((name, i) => {
    const cells = seeds.map((_, k) => k).filter((k) => owner[k] === i).map((k) => polygon([vor.cellPolygon(k) as Pt[]]))
    const merged = cells.length === 1 ? cells[0] : union(featureCollection(cells))
    if (!merged) throw new Error(`union failed for ${name}`)
    const clipped = intersect(featureCollection([merged as Feature<Polygon | MultiPolygon>, outlineFeat as Feature<Polygon | MultiPolygon>]))
    if (!clipped) throw new Error(`${name} is outside the outline`)
    return toPolys(clipped.geometry)
  })
}
