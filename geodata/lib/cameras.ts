/**
 * Synthetic cameras: most along roads (pointing along the road), many at business districts
 * and key sites, the rest at compound gates; blind spots (some old compounds and one
 * high-incident area) are left without cameras on purpose.
 */
import { type Frame, type Pt, bboxOfRing, pointInRing } from './geo'
import { type Rng, WeightedSampler } from './prng'
import type { Compound, KeySite } from './layout'
import { type RoadSeg, bearing } from './road-segments'
import { fix6 } from './format'

export interface Checkpoint { id: string; name: string; road: string; x: number; y: number; azimuth: number }
export interface BlindSpots { compounds: Set<number>; area: { x: number; y: number; r: number } }

type CamType = 'bullet' | 'dome' | 'ptz'

export function buildCamerasCsv(
  rng: Rng, frame: Frame, count: number, segs: RoadSeg[], segWeight: Float64Array,
  compounds: Compound[], keySites: KeySite[], checkpoints: Checkpoint[], blind: BlindSpots,
): { csv: string; rows: number } {
  const rows: string[] = ['id,lon,lat,type,azimuth,fov,range,class,status']
  const width = Math.max(5, String(count).length)
  const inBlind = (x: number, y: number): boolean => {
    if (Math.hypot(x - blind.area.x, y - blind.area.y) < blind.area.r) return true
    for (const k of blind.compounds) {
      const [a, b, c, d] = bboxOfRing(compounds[k].ring)
      if (x > a - 35 && x < c + 35 && y > b - 35 && y < d + 35) return true
    }
    return false
  }
  const segSampler = new WeightedSampler(segWeight)
  const keyW = keySites.map((k) => ({ business: 8, station: 6, plaza: 3, hospital: 2.5, school: 2, government: 1.5 }[k.kind] * Math.sqrt(k.area / 10000)))
  const keySampler = new WeightedSampler(keyW)
  const compW = compounds.map((c, k) => (blind.compounds.has(k) ? 0 : Math.sqrt(c.population + 1) * (c.kind === 'old' ? 0.45 : c.kind === 'village' ? 0.5 : 1.2)))
  const compSampler = new WeightedSampler(compW)
  let n = 0
  const push = (x: number, y: number, type: CamType, az: number, cls: 'A' | 'B', offlineP: number) => {
    const [lon, lat] = frame.toLonLat(x, y)
    const fov = type === 'dome' ? 360 : type === 'ptz' ? 60 : rng.intBetween(60, 90)
    const range = type === 'dome' ? rng.intBetween(20, 40) : type === 'ptz' ? rng.intBetween(100, 200) : rng.intBetween(40, 80)
    n++
    rows.push(`CAM${String(n).padStart(width, '0')},${fix6(lon)},${fix6(lat)},${type},${Math.round(((az % 360) + 360) % 360) % 360},${fov},${range},${cls},${rng.chance(offlineP) ? 'offline' : 'online'}`)
  }
  // checkpoints: three class A bullets each, both directions
  for (const cp of checkpoints) {
    if (n >= count) break
    for (const az of [cp.azimuth, cp.azimuth + 180, cp.azimuth + 10]) if (n < count) push(cp.x + rng.range(-6, 6), cp.y + rng.range(-6, 6), 'bullet', az, 'A', 0.02)
  }
  const remaining = count - n
  const nRoad = Math.round(remaining * 0.52), nKey = Math.round(remaining * 0.19)
  const nComp = remaining - nRoad - nKey
  const place = (make: () => [number, number, CamType, number, 'A' | 'B', number] | null, k: number) => {
    for (let i = 0; i < k; i++) {
      let made = false
      for (let t = 0; t < 30 && !made; t++) {
        const c = make()
        if (c && !inBlind(c[0], c[1])) { push(...c); made = true }
      }
    }
  }
  place(() => {
    const s = segs[segSampler.sample(rng.next())]
    const t = rng.next(), side = rng.chance(0.5) ? 1 : -1, off = side * rng.range(6, 12)
    const nx = -(s.by - s.ay) / s.len, ny = (s.bx - s.ax) / s.len
    const x = s.ax + (s.bx - s.ax) * t + nx * off, y = s.ay + (s.by - s.ay) * t + ny * off
    const along = bearing(s.bx - s.ax, s.by - s.ay) + (rng.chance(0.5) ? 180 : 0) + rng.range(-8, 8)
    const type: CamType = rng.chance(s.cls === 'main' ? 0.18 : 0.08) ? 'ptz' : rng.chance(0.75) ? 'bullet' : 'dome'
    return [x, y, type, along, rng.chance(s.cls === 'main' ? 0.33 : s.cls === 'secondary' ? 0.2 : 0.06) ? 'A' : 'B', 0.045]
  }, nRoad)
  place(() => {
    const ks = keySites[keySampler.sample(rng.next())]
    const [a, b, c, d] = bboxOfRing(ks.ring)
    const x = rng.range(a, c), y = rng.range(b, d)
    if (!pointInRing(x, y, ks.ring)) return null
    const type: CamType = rng.chance(0.2) ? 'ptz' : rng.chance(0.55) ? 'dome' : 'bullet'
    return [x, y, type, rng.range(0, 360), rng.chance(0.42) ? 'A' : 'B', 0.04]
  }, nKey)
  place(() => {
    const k = compSampler.sample(rng.next())
    const c = compounds[k]
    // a gate or fence camera on the compound edge, looking inwards
    const e = rng.int(c.ring.length - 1)
    const p: Pt = c.ring[e], q: Pt = c.ring[e + 1], t = rng.next()
    let x = p[0] + (q[0] - p[0]) * t, y = p[1] + (q[1] - p[1]) * t
    const dx = c.cx - x, dy = c.cy - y, l = Math.hypot(dx, dy) || 1
    x += (dx / l) * 4; y += (dy / l) * 4
    const type: CamType = rng.chance(0.45) ? 'dome' : 'bullet'
    return [x, y, type, bearing(dx, dy) + rng.range(-30, 30), rng.chance(0.07) ? 'A' : 'B', c.kind === 'old' ? 0.09 : 0.05]
  }, nComp)
  return { csv: rows.join('\n') + '\n', rows: n }
}
