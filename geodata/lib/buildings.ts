/**
 * Building footprints: rotated rectangles packed on a grid inside each compound and key site,
 * footprint and spacing by kind; a weighted seeded subset hits the requested total.
 */
import { type Ring, distToBoundary, pointInRing, rotatedRect, bboxOfRing } from './geo'
import type { Rng } from './prng'

export interface BuildingParent { id: string; kind: string; ring: Ring; cx: number; cy: number }
export interface Building { ring: Ring; floors: number; parent: string }

// [width, depth, spacing x, spacing y, keep weight]
const SPEC: Record<string, [number, number, number, number, number]> = {
  old: [48, 12, 60, 30, 1], new: [34, 18, 58, 52, 1], village: [14, 11, 21, 18, 0.35],
  school: [60, 16, 85, 50, 1], hospital: [50, 22, 75, 60, 1], business: [44, 30, 66, 52, 1],
  station: [110, 34, 160, 90, 1], plaza: [16, 10, 70, 70, 1], government: [52, 18, 70, 50, 1],
}

function floorsFor(rng: Rng, kind: string): number {
  switch (kind) {
    case 'old': return rng.intBetween(4, 7)
    case 'new': return rng.chance(0.2) ? rng.intBetween(6, 11) : rng.intBetween(12, 33)
    case 'village': return rng.chance(0.85) ? 1 : 2
    case 'business': return rng.chance(0.3) ? rng.intBetween(15, 40) : rng.intBetween(2, 6)
    case 'hospital': return rng.intBetween(4, 16)
    case 'station': return rng.intBetween(2, 3)
    case 'plaza': return 1
    default: return rng.intBetween(3, 6)
  }
}

function slots(rng: Rng, p: BuildingParent, scale: number): { ring: Ring; parent: string; kind: string }[] {
  const [w, d, sx0, sy0] = SPEC[p.kind] ?? SPEC.new
  const sx = sx0 * scale, sy = sy0 * scale
  const [x0, y0, x1, y1] = bboxOfRing(p.ring)
  const urban = p.kind !== 'village'
  // the grid leans with the parent; villages a little more loosely
  const base = urban ? rng.range(-0.06, 0.06) : rng.range(-0.35, 0.35)
  const c = Math.cos(base), s = Math.sin(base)
  const R = Math.hypot(x1 - x0, y1 - y0) / 2
  const out: { ring: Ring; parent: string; kind: string }[] = []
  for (let v = -R; v <= R; v += sy) for (let u = -R; u <= R; u += sx) {
    const cx = p.cx + u * c - v * s + rng.range(-0.08, 0.08) * sx, cy = p.cy + u * s + v * c + rng.range(-0.08, 0.08) * sy
    if (!pointInRing(cx, cy, p.ring)) continue
    const a = base + (urban ? 0 : rng.range(-0.12, 0.12))
    const ring = rotatedRect(cx, cy, w * rng.range(0.85, 1.1), d * rng.range(0.9, 1.1), a)
    if (!ring.every(([x, y]) => pointInRing(x, y, p.ring) && distToBoundary(x, y, [[p.ring]]) > 3)) continue
    out.push({ ring, parent: p.id, kind: p.kind })
  }
  return out
}

export function buildBuildings(rng: Rng, parents: BuildingParent[], target: number): Building[] {
  let scale = 1
  let all = parents.flatMap((p) => slots(rng, p, scale))
  if (all.length < target * 1.05) {
    scale = Math.max(0.35, Math.sqrt(all.length / (target * 1.15)))
    all = parents.flatMap((p) => slots(rng, p, scale))
  }
  // weighted sample without replacement (Efraimidis–Spirakis), output in slot order
  const keys = all.map((b, i) => [Math.log(rng.next() + 1e-12) / (SPEC[b.kind]?.[4] ?? 1), i] as const)
  keys.sort((a, b) => b[0] - a[0] || a[1] - b[1])
  const keep = keys.slice(0, target).map((k) => k[1]).sort((a, b) => a - b)
  return keep.map((i) => ({ ring: all[i].ring, parent: all[i].parent, floors: floorsFor(rng, all[i].kind) }))
}
