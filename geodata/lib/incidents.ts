/**
 * Synthetic incidents: sampled (not rejected) from weighted compounds, road pieces and key
 * sites, then a day from the street's per-category calendar and an hour from the category's
 * profile. Columns, not objects, so a million rows stay small; sorted by time on output.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { type Frame, type Ring, bboxOfRing, pointInRing } from './geo'
import { type Rng, WeightedSampler } from './prng'
import { CATEGORIES, type Cat, type Day, buildDays, dayFactor, hourProfiles, trendFactor } from './calendar'
import type { Compound, KeySite } from './layout'
import type { Road } from './roads'
import type { RoadSeg } from './road-segments'
import type { Street } from './streets'
import { fix6 } from './format'

export const SUBTYPES: Record<string, [string, number][]> = {
  criminal: [['theft', 0.3], ['ebike_theft', 0.25], ['burglary', 0.14], ['fraud', 0.18], ['robbery', 0.05], ['snatching', 0.08]],
  public_order: [['dispute', 0.35], ['fight', 0.2], ['noise', 0.2], ['drunk', 0.15], ['gambling', 0.1]],
  fire: [['fire', 0.6], ['smoke', 0.4]],
  problem: [['hazard_report', 0.35], ['illegal_parking', 0.4], ['facility_damage', 0.25]],
}
// category mix by location: compound / road / key site (overall ≈ 25/45/8/22)
export const CAT_MIX: number[][] = [
  [0.26, 0.47, 0.1, 0.17],
  [0.22, 0.4, 0.04, 0.34],
  [0.3, 0.45, 0.05, 0.2],
]
const LOC_MIX = [0.65, 0.25, 0.1] // compound, road, key site

export interface IncidentInput {
  compounds: Compound[]
  keySites: KeySite[]
  segs: RoadSeg[]
  roads: Road[]
  streets: Street[]
  fallingStreet: number
  /** weight multipliers for hotspots (per compound / segment / key site) */
  compoundBoost: Float64Array
  segBoost: Float64Array
  keyBoost: Float64Array
}

function samplePointInRing(rng: Rng, ring: Ring, bb: [number, number, number, number]): [number, number] {
  for (let t = 0; t < 64; t++) {
    const x = bb[0] + rng.next() * (bb[2] - bb[0]), y = bb[1] + rng.next() * (bb[3] - bb[1])
    if (pointInRing(x, y, ring)) return [x, y]
  }
  let cx = 0, cy = 0
  for (let i = 0; i < ring.length - 1; i++) { cx += ring[i][0]; cy += ring[i][1] }
  return [cx / (ring.length - 1), cy / (ring.length - 1)]
}

export function writeIncidents(rng: Rng, frame: Frame, inp: IncidentInput, count: number, path: string): { rows: number; byYearStreet: number[][] } {
  const days = buildDays()
  const profiles = hourProfiles()
  const hourSamplers = profiles.map((p) => p.map((w) => new WeightedSampler(w)))
  const dayCats = ([0, 1, 2, 3] as Cat[]).map((c) => dayFactor(days, c))
  const daySamplers = inp.streets.map((_, si) => dayCats.map((f) => new WeightedSampler(f.map((v, d) => v * trendFactor(days[d], si === inp.fallingStreet)))))
  const cw = inp.compounds.map((c, k) => inp.compoundBoost[k])
  const compSampler = new WeightedSampler(cw)
  const segSampler = new WeightedSampler(inp.segBoost)
  const keySampler = new WeightedSampler(inp.keyBoost)
  const compBB = inp.compounds.map((c) => bboxOfRing(c.ring))
  const keyBB = inp.keySites.map((k) => bboxOfRing(k.ring))
  const subSamplers = CATEGORIES.map((c) => new WeightedSampler(SUBTYPES[c].map((s) => s[1])))
  const catSamplers = CAT_MIX.map((m) => new WeightedSampler(m))
  const locSampler = new WeightedSampler(LOC_MIX)

  // address table
  const addresses: string[] = []
  const addrIdx = new Map<string, number>()
  const addr = (s: string) => {
    let i = addrIdx.get(s)
    if (i === undefined) { i = addresses.length; addresses.push(s); addrIdx.set(s, i) }
    return i
  }
  const streetName = inp.streets.map((s) => s.def.name)

  const lon = new Float64Array(count), lat = new Float64Array(count)
  const minute = new Uint32Array(count)
  const cat = new Uint8Array(count), sub = new Uint8Array(count)
  const adr = new Uint32Array(count)
  const byYearStreet = inp.streets.map(() => [0, 0])
  for (let i = 0; i < count; i++) {
    const loc = locSampler.sample(rng.next())
    let x: number, y: number, street: number, a: number
    if (loc === 0) {
      const k = compSampler.sample(rng.next())
      const c = inp.compounds[k];
      [x, y] = samplePointInRing(rng, c.ring, compBB[k])
      street = c.street
      a = addr(`${streetName[street]}${c.name}`)
    } else if (loc === 1) {
      const s = inp.segs[segSampler.sample(rng.next())]
      const t = rng.next(), off = (rng.next() * 2 - 1) * 7
      const nx = -(s.by - s.ay) / s.len, ny = (s.bx - s.ax) / s.len
      x = s.ax + (s.bx - s.ax) * t + nx * off
      y = s.ay + (s.by - s.ay) * t + ny * off
      street = s.street
      const rn = inp.roads[s.road].name
      a = addr(rn ? `${rn}附近` : `${streetName[street]}背街小巷`)
    } else {
      const k = keySampler.sample(rng.next())
      const ks = inp.keySites[k];
      [x, y] = samplePointInRing(rng, ks.ring, keyBB[k])
      street = ks.street
      a = addr(ks.name)
    }
    const c = catSamplers[loc].sample(rng.next()) as Cat
    let st = subSamplers[c].sample(rng.next())
    if (c === 0 && loc !== 0 && SUBTYPES.criminal[st][0] === 'burglary') st = 0 // burglary happens in homes
    const d = daySamplers[street][c].sample(rng.next())
    const day: Day = days[d]
    const fri = day.dow === 4 || day.dow === 5 ? 1 : 0
    const h = hourSamplers[c][fri].sample(rng.next())
    minute[i] = d * 1440 + h * 60 + Math.floor(rng.next() * 60)
    const [lo, la] = frame.toLonLat(x, y)
    lon[i] = lo; lat[i] = la
    cat[i] = c; sub[i] = st; adr[i] = a
    byYearStreet[street][day.year - 2024]++
  }
  // sort by time (ties by generation order): keys are exact integers in a Float64Array
  const keys = new Float64Array(count)
  for (let i = 0; i < count; i++) keys[i] = minute[i] * 4194304 + i
  keys.sort()
  const fd = openSync(path, 'w')
  writeSync(fd, 'id,time,category,subtype,lon,lat,address\n')
  const width = Math.max(6, String(count).length)
  let buf: string[] = []
  const csvAddr = addresses.map((s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s))
  for (let r = 0; r < count; r++) {
    const i = keys[r] % 4194304
    const m = minute[i]
    const d = Math.floor(m / 1440), hm = m % 1440, hh = Math.floor(hm / 60), mm = hm % 60
    const cn = CATEGORIES[cat[i]]
    buf.push(`I${String(r + 1).padStart(width, '0')},${days[d].date}T${hh < 10 ? '0' : ''}${hh}:${mm < 10 ? '0' : ''}${mm}:00,${cn},${SUBTYPES[cn][sub[i]][0]},${fix6(lon[i])},${fix6(lat[i])},${csvAddr[adr[i]]}\n`)
    if (buf.length >= 20000) { writeSync(fd, buf.join('')); buf = [] }
  }
  writeSync(fd, buf.join(''))
  closeSync(fd)
  return { rows: count, byYearStreet }
}
