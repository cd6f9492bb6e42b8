/**
 * Synthetic cameras: most along roads (pointing along the road), many at business districts
 * and key sites, the rest at compound gates; blind spots (some old compounds and one
 * high-incident area) are left without cameras on purpose.
 *
 * Every camera gets a lens from a small catalogue per type (LENSES), and its `fov` and
 * `range` columns are what that lens gives at the DORI 'observe' level (62.5 px/m), rounded
 * to whole degrees and metres, so that the app can rescale the range for other levels.
 */
import { doriRange, lensFov } from '../../src/core/camera-model'
import { type Frame, type Pt, bboxOfRing, pointInRing } from './geo'
import { type Rng, WeightedSampler } from './prng'
import type { Compound, KeySite } from './layout'
import { type RoadSeg, bearing } from './road-segments'
import { fix6 } from './format'

export interface Checkpoint { id: string; name: string; road: string; x: number; y: number; azimuth: number }
export interface BlindSpots { compounds: Set<number>; area: { x: number; y: number; r: number } }

type CamType = 'bullet' | 'dome' | 'ptz'

/**
 * The lens catalogue. Sensor widths: 1/2.8" is 5.37 mm, 1/2.7" is 5.27 mm; 1920 px is a
 * 2 MP camera, 2560 px a 4 MP one. Observe ranges (hRes·f / (62.5·w)) and fields of view
 * (2·atan(w / 2f)):
 *   bullet 4 / 6 / 8 mm on 1/2.8" (one of three, equally), 2560 px (70%) or 1920 px (30%):
 *     4 mm 68°, 30.5 m (22.9 m at 1920 px); 6 mm 48°, 45.8 m (34.3 m); 8 mm 37°, 61.0 m (45.8 m);
 *   dome 2.8 mm on 1/2.7", 1920 px (70%) or 2560 px (30%): 16.3 m or 21.8 m; fov stays 360
 *     (a dome is drawn as seeing all round);
 *   ptz 20 mm preset on 1/2.8", 1920 px (70%) or 2560 px (30%): 15°, 114.4 m or 152.6 m.
 */
export const LENSES = {
  bullet: { focalMm: [4, 6, 8], sensorMm: 5.37, hRes: [2560, 1920], hResFirstShare: 0.7 },
  dome: { focalMm: [2.8], sensorMm: 5.27, hRes: [1920, 2560], hResFirstShare: 0.7 },
  ptz: { focalMm: [20], sensorMm: 5.37, hRes: [1920, 2560], hResFirstShare: 0.7 },
} as const

export function buildCamerasCsv(
  rng: Rng, frame: Frame, count: number, segs: RoadSeg[], segWeight: Float64Array,
  compounds: Compound[], keySites: KeySite[], checkpoints: Checkpoint[], blind: BlindSpots,
): { csv: string; rows: number } {
  const rows: string[] = ['id,lon,lat,type,azimuth,fov,range,class,status,focal_mm,sensor_mm,resolution_px']
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
    // Draws as before the lens catalogue (bullet two, dome and ptz one each), so that every
    // later position and attribute stays where it was: a bullet's focal length takes the old
    // fov draw, its resolution the old range draw; dome and ptz resolutions take their range draw.
    const lens = LENSES[type]
    const focal = lens.focalMm.length > 1 ? rng.pick(lens.focalMm) : lens.focalMm[0]
    const hRes = rng.chance(lens.hResFirstShare) ? lens.hRes[0] : lens.hRes[1]
    const fov = type === 'dome' ? 360 : Math.round(lensFov(focal, lens.sensorMm))
    const range = Math.round(doriRange(focal, lens.sensorMm, hRes, 'observe'))
    n++
    rows.push(`CAM${String(n).padStart(width, '0')},${fix6(lon)},${fix6(lat)},${type},${Math.round(((az % 360) + 360) % 360) % 360},${fov},${range},${cls},${rng.chance(offlineP) ? 'offline' : 'online'},${focal},${lens.sensorMm},${hRes}`)
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
