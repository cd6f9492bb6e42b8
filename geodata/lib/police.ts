/**
 * Police stations (派出所): one per street plus a few more in the big rural streets, beside a
 * road near the street's centre; checkpoints (治安卡口) where main and secondary roads enter
 * the district.
 */
import { type Polys, type Pt, distToBoundary, pointInPolys } from './geo'
import type { Rng } from './prng'
import type { Road } from './roads'
import type { Street } from './streets'
import type { Checkpoint } from './cameras'
import { bearing } from './road-segments'

export interface Station { id: string; name: string; street: number; x: number; y: number }

const EXTRA: [string, string][] = [['370702006', '军埠口派出所'], ['370702006', '符山派出所'], ['370702004', '火车站派出所']]

export function buildStations(rng: Rng, streets: Street[], roads: Road[], isFree: (x: number, y: number) => boolean): Station[] {
  const out: Station[] = []
  const plan: [number, string][] = streets.map((s, i) => [i, `${s.def.short}派出所`])
  for (const [sid, name] of EXTRA) plan.push([streets.findIndex((s) => s.def.id === sid), name])
  const taken: Pt[] = []
  for (const [si, name] of plan) {
    const st = streets[si]
    // centre of the street's area, then the nearest suitable roadside spot
    let cx = 0, cy = 0, n = 0
    for (const [x, y] of st.polys[0][0]) { cx += x; cy += y; n++ }
    cx /= n; cy /= n
    let best: Pt | null = null, bd = Infinity
    for (let t = 0; t < 3000; t++) {
      const rd = roads[rng.int(roads.length)]
      if (rd.cls === 'back') continue
      const i = 1 + rng.int(rd.line.length - 1)
      const [ax, ay] = rd.line[i - 1], [bx, by] = rd.line[i]
      const u = rng.next(), L = Math.hypot(bx - ax, by - ay) || 1
      const x = ax + (bx - ax) * u + (-(by - ay) / L) * 30, y = ay + (by - ay) * u + ((bx - ax) / L) * 30
      if (!pointInPolys(x, y, st.polys) || distToBoundary(x, y, st.polys) < 150 || !isFree(x, y)) continue
      if (taken.some(([px, py]) => Math.hypot(px - x, py - y) < 1500)) continue
      const d = Math.hypot(x - cx, y - cy) * (name.startsWith(st.def.short) ? 1 : rng.range(0.3, 3))
      if (d < bd) { bd = d; best = [x, y] }
    }
    if (!best) continue
    taken.push(best)
    out.push({ id: '', name, street: si, x: best[0], y: best[1] })
  }
  out.forEach((s, i) => { s.id = `PS${String(i + 1).padStart(2, '0')}` })
  return out
}

function side(dx: number, dy: number): string {
  const b = bearing(dx, dy)
  return b < 45 || b >= 315 ? '北' : b < 135 ? '东' : b < 225 ? '南' : '西'
}

export function buildCheckpoints(rng: Rng, roads: Road[], outline: Polys, max = 20): Checkpoint[] {
  type C = { road: Road; x: number; y: number; az: number; score: number }
  const cands: C[] = []
  for (const rd of roads) {
    if (rd.cls === 'back' || !rd.name) continue
    for (const end of [0, 1]) {
      const p = end === 0 ? rd.line[0] : rd.line[rd.line.length - 1]
      const q = end === 0 ? rd.line[1] : rd.line[rd.line.length - 2]
      if (distToBoundary(p[0], p[1], outline) > 2) continue // not a district entry
      const L = Math.hypot(q[0] - p[0], q[1] - p[1]) || 1
      const step = Math.min(60, L / 2)
      const x = p[0] + ((q[0] - p[0]) / L) * step, y = p[1] + ((q[1] - p[1]) / L) * step
      cands.push({ road: rd, x, y, az: bearing(q[0] - p[0], q[1] - p[1]), score: (rd.cls === 'main' ? 2 : 1) + rng.next() })
    }
  }
  cands.sort((a, b) => b.score - a.score)
  const chosen: C[] = []
  for (const c of cands) {
    if (chosen.length >= max) break
    if (chosen.some((o) => Math.hypot(o.x - c.x, o.y - c.y) < 600)) continue
    chosen.push(c)
  }
  const seen = new Map<string, number>()
  return chosen.map((c, i) => {
    // the entry side is where the road comes from: opposite to its inward direction
    const base = `${c.road.name}${side(-Math.sin((c.az * Math.PI) / 180), -Math.cos((c.az * Math.PI) / 180))}`
    const k = (seen.get(base) ?? 0) + 1
    seen.set(base, k)
    return {
      id: `CP${String(i + 1).padStart(2, '0')}`,
      name: `${base}${k > 1 ? ['', '', '二', '三', '四', '五'][k] ?? k : ''}治安卡口`,
      road: c.road.name, x: c.x, y: c.y, azimuth: Math.round(c.az),
    }
  })
}
