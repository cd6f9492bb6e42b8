/**
 * Places compounds (小区/村), key sites (重点部位), parks and the river: urban ones on the
 * parcels of the road grid, rural ones (villages, township sites) by seeded sampling with
 * spacing, road and river clearance. Real community/village names sit under their street.
 */
import Flatbush from 'flatbush'
import { type Polys, type Pt, type Ring, bboxOfPolys, closeRing, distToBoundary, distToLine, pointInPolys, rectRing, segDist } from './geo'
import type { Rng } from './prng'
import { type NamePool, shortUnitName } from './names'
import type { Parcel } from './urban-parcels'
import type { Road } from './roads'
import type { Street } from './streets'
import type { Unit } from './source-data'

export type CompoundKind = 'old' | 'new' | 'village'
export type KeyKind = 'school' | 'hospital' | 'business' | 'station' | 'plaza' | 'government'

export interface Area {
  id: string
  name: string
  street: number
  ring: Ring
  cx: number
  cy: number
  /** radius of a circle holding the ring (m) */
  r: number
  area: number
}
export interface Compound extends Area { kind: CompoundKind; built: number; community: string; communityCode: string; population: number }
export interface KeySite extends Area { kind: KeyKind }
export interface NamedRing { name: string; ring: Ring }

/** compounds per street (default layout), urban streets first */
export const COMPOUND_TARGET: Record<string, number> = {
  '370702001': 32, '370702002': 42, '370702003': 46, '370702004': 58,
  '370702005': 36, '370702006': 56, '370702400': 30,
}
const OLD_SHARE: Record<string, number> = { '370702001': 0.72, '370702002': 0.52, '370702003': 0.58, '370702004': 0.4 }

type KeySpec = [KeyKind, string]
const URBAN_KEY_SITES: Record<string, KeySpec[]> = {
  '370702001': [['government', '潍城区人民政府'], ['government', '城关街道办事处'], ['school', '城关小学'], ['school', '十笏园中学'], ['hospital', '潍城区人民医院'], ['business', '十笏园商圈'], ['plaza', '城隍庙广场']],
  '370702002': [['government', '南关街道办事处'], ['school', '南关小学'], ['school', '潍城区第二中学'], ['school', '南关实验学校'], ['hospital', '潍城区中医院'], ['hospital', '南关社区卫生服务中心'], ['business', '南关商圈'], ['station', '潍城长途汽车站'], ['plaza', '南关文化广场']],
  '370702003': [['government', '西关街道办事处'], ['school', '西关小学'], ['school', '潍城区实验中学'], ['school', '西关第一中学'], ['hospital', '西关医院'], ['business', '西关商圈'], ['business', '胜利西街商圈'], ['plaza', '西关广场']],
  '370702004': [['government', '北关街道办事处'], ['government', '潍城公安分局'], ['school', '北关小学'], ['school', '潍城区第一中学'], ['school', '北关实验小学'], ['school', '和平路小学'], ['hospital', '北关医院'], ['hospital', '潍城区妇幼保健院'], ['business', '北关商圈'], ['business', '和平路商圈'], ['station', '潍坊火车站'], ['plaza', '北宫广场']],
}
const RURAL_KEY_SITES: Record<string, KeySpec[]> = {
  '370702005': [['government', '于河街道办事处'], ['school', '于河中学'], ['school', '于河小学'], ['school', '北考小学'], ['hospital', '于河卫生院'], ['plaza', '于河文化广场']],
  '370702006': [['government', '望留街道办事处'], ['school', '望留中学'], ['school', '望留小学'], ['school', '军埠口小学'], ['hospital', '望留卫生院'], ['business', '望留大集']],
  '370702400': [['government', '潍城经济开发区管委会'], ['school', '开发区实验学校'], ['school', '开发区小学'], ['hospital', '开发区医院'], ['business', '开发区商业中心'], ['station', '城西客运站']],
}
const KEY_SIZE: Record<KeyKind, [number, number]> = {
  school: [200, 150], hospital: [170, 140], business: [420, 320], station: [300, 200], plaza: [150, 130], government: [140, 110],
}

function areaFromRing(base: Omit<Area, 'cx' | 'cy' | 'r' | 'area' | 'ring'>, ring: Ring): Area {
  const r = closeRing(ring)
  let cx = 0, cy = 0
  for (let i = 0; i < r.length - 1; i++) { cx += r[i][0]; cy += r[i][1] }
  cx /= r.length - 1; cy /= r.length - 1
  let rad = 0
  for (const [x, y] of r) rad = Math.max(rad, Math.hypot(x - cx, y - cy))
  let a = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
  return { ...base, ring: r, cx, cy, r: rad, area: Math.abs(a / 2) }
}

function shrinkRect(p: Parcel, w: number, h: number, rng: Rng): Ring {
  const pw = p.x1 - p.x0, ph = p.y1 - p.y0
  const W = Math.min(pw, w * rng.range(0.85, 1.15)), H = Math.min(ph, h * rng.range(0.85, 1.15))
  const x0 = p.x0 + rng.range(0, pw - W), y0 = p.y0 + rng.range(0, ph - H)
  return rectRing(x0, y0, x0 + W, y0 + H)
}

/** an irregular village outline: a jittered 10-gon */
function villageRing(rng: Rng, cx: number, cy: number, R: number): Ring {
  const n = 10, rot = rng.range(0, Math.PI)
  const ring: Ring = []
  for (let k = 0; k < n; k++) {
    const a = rot + (k / n) * 2 * Math.PI
    const rr = R * rng.range(0.72, 1)
    ring.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a) * 0.8])
  }
  return ring
}

export interface LayoutResult {
  compounds: Compound[]
  keySites: KeySite[]
  green: NamedRing[]
  water: NamedRing[]
  /** river centre line, for clearance checks */
  river: Pt[]
  extraRoads: Road[]
}

export function buildLayout(
  rng: Rng, streets: Street[], outline: Polys, urban: Polys, parcels: Parcel[], roads: Road[], units: Unit[], names: NamePool,
): LayoutResult {
  const compounds: Compound[] = []
  const keySites: KeySite[] = []
  const green: NamedRing[] = []
  const water: NamedRing[] = []
  const extraRoads: Road[] = []

  // ---------------------------------------------------------------- river (synthetic)
  const [ox0, oy0, , oy1] = bboxOfPolys(outline)
  const [ux0] = bboxOfPolys(urban)
  const riverX = ux0 - 1400
  const river: Pt[] = []
  for (let y = oy0 - 200; y <= oy1 + 200; y += 250) river.push([riverX + 380 * Math.sin((y - oy0) / 1900) + 120 * Math.sin((y - oy0) / 610), y])
  const halfW = 32
  const left: Pt[] = [], right: Pt[] = []
  for (let i = 0; i < river.length; i++) {
    const a = river[Math.max(0, i - 1)], b = river[Math.min(river.length - 1, i + 1)]
    const dx = b[0] - a[0], dy = b[1] - a[1], l = Math.hypot(dx, dy)
    const nx = -dy / l, ny = dx / l
    left.push([river[i][0] + nx * halfW, river[i][1] + ny * halfW])
    right.push([river[i][0] - nx * halfW, river[i][1] - ny * halfW])
  }
  water.push({ name: '河道', ring: closeRing([...left, ...right.reverse()]) })
  // urban river-side trim is not needed: the river runs west of the urban grid

  // ---------------------------------------------------------------- road index (rural clearance)
  const segs: [number, number, number, number][] = []
  for (const rd of roads) for (let i = 1; i < rd.line.length; i++) segs.push([rd.line[i - 1][0], rd.line[i - 1][1], rd.line[i][0], rd.line[i][1]])
  const segIndex = new Flatbush(Math.max(1, segs.length))
  for (const [a, b, c, d] of segs) segIndex.add(Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d))
  if (segs.length === 0) segIndex.add(0, 0, 0, 0)
  segIndex.finish()
  const roadDist = (x: number, y: number, within: number): number => {
    let best = Infinity
    for (const k of segIndex.search(x - within, y - within, x + within, y + within)) {
      const s = segs[k]
      if (s) best = Math.min(best, segDist(x, y, s[0], s[1], s[2], s[3]))
    }
    return best
  }

  const nearestRoadPoint = (x: number, y: number, within: number): Pt | null => {
    let best = Infinity, pt: Pt | null = null
    for (const k of segIndex.search(x - within, y - within, x + within, y + within)) {
      const s = segs[k]
      if (!s) continue
      const dx = s[2] - s[0], dy = s[3] - s[1], l2 = dx * dx + dy * dy
      const t = l2 > 0 ? Math.max(0, Math.min(1, ((x - s[0]) * dx + (y - s[1]) * dy) / l2)) : 0
      const qx = s[0] + t * dx, qy = s[1] + t * dy, d = Math.hypot(qx - x, qy - y)
      if (d < best) { best = d; pt = [qx, qy] }
    }
    return pt
  }

  // ---------------------------------------------------------------- urban parcels
  const urbanIdx = streets.map((s, i) => (s.def.urban ? i : -1)).filter((i) => i >= 0)
  for (const si of urbanIdx) {
    const sid = streets[si].def.id
    const mine = parcels.filter((p) => p.street === si)
    const order = rng.shuffle(mine.map((_, k) => k))
    const used = new Set<number>()
    const specs = URBAN_KEY_SITES[sid] ?? []
    // business districts and stations go to the parcels nearest main-road crossings
    const byHub = mine.map((p, k) => [p.hub + rng.range(0, 150), k] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1])
    for (const [kind, name] of specs) {
      const pool = kind === 'business' || kind === 'station' ? byHub : order
      const k = pool.find((q) => !used.has(q))
      if (k === undefined) break
      used.add(k)
      const [w, h] = KEY_SIZE[kind]
      const ring = kind === 'business' ? parcelRingOf(mine[k]) : shrinkRect(mine[k], w, h, rng)
      names.reserve(name)
      keySites.push({ ...areaFromRing({ id: '', name, street: si }, ring), kind })
    }
    // one park per urban street
    const pk = order.find((q) => !used.has(q))
    if (pk !== undefined) {
      used.add(pk)
      green.push({ name: `${streets[si].def.short}公园`, ring: parcelRingOf(mine[pk]) })
    }
    const target = COMPOUND_TARGET[sid] ?? 30
    let made = 0
    for (const k of order) {
      if (made >= target) break
      if (used.has(k)) continue
      used.add(k)
      const p = mine[k]
      const old = rng.chance(OLD_SHARE[sid] ?? 0.5)
      const name = old ? names.oldCompound(p.road) : names.newCompound()
      // large parcels for old compounds are trimmed: old compounds are small
      const ring = old && (p.x1 - p.x0) * (p.y1 - p.y0) > 90000 ? shrinkRect(p, 280, 220, rng) : parcelRingOf(p)
      compounds.push({
        ...areaFromRing({ id: '', name, street: si }, ring),
        kind: old ? 'old' : 'new', built: old ? rng.intBetween(1975, 1999) : rng.intBetween(2001, 2022),
        community: '', communityCode: '', population: 0,
      })
      made++
    }
  }

  // ---------------------------------------------------------------- rural placement
  type Disc = { x: number; y: number; r: number }
  const discs: Disc[] = []
  const fits = (x: number, y: number, r: number, polys: Polys, nearRoad: number | null): boolean => {
    if (!pointInPolys(x, y, polys) || distToBoundary(x, y, polys) < r + 40) return false
    if (pointInPolys(x, y, urban) || distToBoundary(x, y, urban) < r + 60) return false
    if (distToLine(x, y, river) < r + halfW + 40) return false
    const rd = roadDist(x, y, r + 400)
    if (rd < r + 25) return false
    if (nearRoad !== null && rd > nearRoad + r) return false
    for (const d of discs) if (Math.hypot(d.x - x, d.y - y) < d.r + r + 60) return false
    return true
  }
  const sampleIn = (polys: Polys, r: number, nearRoad: number | null, tries = 4000): Pt | null => {
    const [w, s, e, n] = bboxOfPolys(polys)
    for (let t = 0; t < tries; t++) {
      const x = rng.range(w, e), y = rng.range(s, n)
      if (fits(x, y, r, polys, nearRoad)) return [x, y]
    }
    return null
  }
  // a forest park in the south-west hills (乐埠山-like), before anything else claims the space
  const wl = streets.findIndex((s) => s.def.id === '370702006')
  if (wl >= 0) {
    const R = 650
    const [w, s] = bboxOfPolys(streets[wl].polys)
    for (let t = 0; t < 3000; t++) {
      const x = w + rng.range(1000, 7000), y = s + rng.range(1500, 7000)
      if (fits(x, y, R, streets[wl].polys, null)) {
        discs.push({ x, y, r: R })
        green.push({ name: '森林公园', ring: closeRing(villageRing(rng, x, y, R)) })
        break
      }
    }
  }
  for (let si = 0; si < streets.length; si++) {
    const st = streets[si]
    if (st.def.urban) continue
    const sid = st.def.id
    for (const [kind, name] of RURAL_KEY_SITES[sid] ?? []) {
      const [w, h] = KEY_SIZE[kind]
      const W = w * rng.range(0.7, 0.9), H = h * rng.range(0.7, 0.9)
      const r = Math.hypot(W, H) / 2
      const c = sampleIn(st.polys, r, 120)
      if (!c) continue
      discs.push({ x: c[0], y: c[1], r })
      names.reserve(name)
      keySites.push({ ...areaFromRing({ id: '', name, street: si }, rectRing(c[0] - W / 2, c[1] - H / 2, c[0] + W / 2, c[1] + H / 2)), kind })
    }
    const myUnits = units.filter((u) => u.parent === `${sid}000`)
    const target = Math.min(COMPOUND_TARGET[sid] ?? 30, myUnits.length + 8)
    // villages with a real point first, then a seeded choice of the rest
    const withPt = myUnits.filter((u) => u.point)
    const rest = rng.shuffle(myUnits.filter((u) => !u.point))
    const chosen = [...withPt, ...rest].slice(0, target)
    for (const u of chosen) {
      const isCommunity = /社区/.test(u.name)
      const R = isCommunity ? rng.range(150, 200) : rng.range(150, 270)
      let c: Pt | null = null
      if (u.point) {
        // the real village point (converted to WGS-84, metric frame applied by the caller)
        const [x, y] = u.point
        if (fits(x, y, R, st.polys, null)) c = [x, y]
      }
      c ??= sampleIn(st.polys, R, 700)
      if (!c) continue
      discs.push({ x: c[0], y: c[1], r: R })
      const short = shortUnitName(u.name)
      if (isCommunity) {
        const W = R * 1.35, H = R * 1.05, a = rng.range(-0.15, 0.15)
        const ring = rotRect(c[0], c[1], W, H, a)
        const name = names.newCompound()
        compounds.push({ ...areaFromRing({ id: '', name, street: si }, ring), kind: 'new', built: rng.intBetween(2005, 2021), community: u.name, communityCode: u.code, population: 0 })
      } else {
        names.reserve(short)
        compounds.push({ ...areaFromRing({ id: '', name: short, street: si }, villageRing(rng, c[0], c[1], R)), kind: 'village', built: rng.intBetween(1965, 1998), community: u.name, communityCode: u.code, population: 0 })
        // a village lane to the nearest road
        const near = nearestRoadPoint(c[0], c[1], R + 800)
        if (near) {
          const d = Math.hypot(near[0] - c[0], near[1] - c[1])
          const sx = c[0] + ((near[0] - c[0]) / d) * R * 0.6, sy = c[1] + ((near[1] - c[1]) / d) * R * 0.6
          const blocked = discs.some((q) => (q.x !== c![0] || q.y !== c![1]) && segDist(q.x, q.y, sx, sy, near[0], near[1]) < q.r + 10)
          if (!blocked && d > R) extraRoads.push({ id: '', name: '', cls: 'back', line: [[sx, sy], near] })
        }
      }
    }
    // the development zone also has new residential compounds and dormitories
    if (sid === '370702400') {
      const extra = (COMPOUND_TARGET[sid] ?? 30) - compounds.filter((q) => q.street === si).length
      const comms = myUnits
      for (let k = 0; k < extra; k++) {
        const W = rng.range(180, 300), H = rng.range(150, 240), r = Math.hypot(W, H) / 2
        const c = sampleIn(st.polys, r, 200)
        if (!c) break
        discs.push({ x: c[0], y: c[1], r })
        const u = comms.length ? comms[rng.int(comms.length)] : null
        compounds.push({ ...areaFromRing({ id: '', name: names.newCompound(), street: si }, rotRect(c[0], c[1], W, H, rng.range(-0.1, 0.1))), kind: 'new', built: rng.intBetween(2006, 2023), community: u?.name ?? '', communityCode: u?.code ?? '', population: 0 })
      }
    }
  }
  return { compounds, keySites, green, water, river, extraRoads }
}

function parcelRingOf(p: Parcel): Ring {
  return rectRing(p.x0, p.y0, p.x1, p.y1)
}

function rotRect(cx: number, cy: number, w: number, h: number, a: number): Ring {
  const c = Math.cos(a), s = Math.sin(a)
  const pts: Pt[] = [[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]]
  return pts.map(([u, v]) => [cx + u * c - v * s, cy + u * s + v * c] as Pt)
}
