/**
 * Incidents of the synthetic city (city.ts) over the demo's two years, generated month by month
 * and district by district in batches, so that 20 million rows never sit in memory and a
 * database loaded from them holds them in time order, as one filled by two years of alerts does.
 * Counts per district follow the census population, places follow the compounds' population
 * (and the built-up area around the seat, and the countryside), days, hours and categories
 * follow the demo's calendar (calendar.ts) and category mix (incidents.ts).
 */
import { CATEGORIES, buildDays, dayFactor, hourProfiles, trendFactor, type Cat } from './calendar'
import { CAT_MIX, SUBTYPES } from './incidents'
import { createRng, type Rng, WeightedSampler } from './prng'
import { splitPopulation } from './streets'
import { type CityDistrict, pointIn, pointNear } from './city'
import type { CityIncidentColumns } from '../../src/server/city-load'

/** `district` is the index of the district in the city; the columns are the city loader's */
export interface CityBatch extends CityIncidentColumns {
  /** 0 = January 2024 … 23 = December 2025 */
  month: number
  /** the district's running number of the batch's first incident (ids: `${code}-${seq}`) */
  firstSeq: number
}

export const CITY_MONTHS = 24
/** 2024-01-01 00:00 Asia/Shanghai */
export const CITY_START_MS = Date.UTC(2024, 0, 1) - 8 * 3600_000
export const CITY_END_MS = Date.UTC(2026, 0, 1) - 8 * 3600_000

export function cityIncidentId(d: CityDistrict, seq: number): string {
  return `${d.code}-${String(seq).padStart(8, '0')}`
}

/** Incidents per district: the total split in proportion to the census population. */
export function districtCounts(city: CityDistrict[], total: number): number[] {
  return splitPopulation(total, city.map((d) => d.population))
}

// where: in a compound, in the built-up area around the seat, in the countryside
const LOC_COMPOUND = 0, LOC_URBAN = 1

export function* cityIncidents(city: CityDistrict[], total: number, seed: number): Generator<CityBatch> {
  const days = buildDays()
  const hours = hourProfiles().map((p) => p.map((w) => new WeightedSampler(w)))
  const dayW = ([0, 1, 2, 3] as Cat[]).map((c) => dayFactor(days, c).map((v, i) => v * trendFactor(days[i], false)))
  const monthDays = Array.from({ length: CITY_MONTHS }, (_, m) => days.map((d, i) => ((d.year - 2024) * 12 + d.month - 1 === m ? i : -1)).filter((i) => i >= 0))
  // share of a category's two-year total falling in each month
  const monthShare = dayW.map((w) => {
    const all = w.reduce((a, b) => a + b, 0)
    return monthDays.map((ds) => ds.reduce((s, i) => s + w[i], 0) / all)
  })
  const daySamplers = monthDays.map((ds) => dayW.map((w) => new WeightedSampler(ds.map((i) => w[i]))))
  const subSamplers = CATEGORIES.map((c) => new WeightedSampler(SUBTYPES[c].map((s) => s[1])))

  const perDistrict = districtCounts(city, total).map((count, di) => {
    const d = city[di]
    const u = d.urbanShare
    const pLoc = [0.65 * u, 0.25 * u, 1 - 0.9 * u]
    // (place, category) per month: exact joint weights, so seasons stay per category
    const pairW = (m: number) => pLoc.flatMap((p, loc) => CAT_MIX[loc === LOC_COMPOUND ? 0 : 1].map((mix, c) => p * mix * monthShare[c][m]))
    const perMonth = splitPopulation(count, monthDays.map((_, m) => pairW(m).reduce((a, b) => a + b, 0)))
    const hot = createRng(seed, `city-hotspots-${d.code}`)
    const compounds = new WeightedSampler(d.compounds.map((c) => (c.population + 50) * (c.kind === 'old' ? 2 : 0.8) * Math.exp(0.45 * hot.normal())))
    return {
      rng: createRng(seed, `city-incidents-${d.code}`), perMonth, compounds, seq: 1,
      pairs: monthDays.map((_, m) => new WeightedSampler(pairW(m))),
      urbanAddress: `${d.name}城区街面`, ruralAddress: `${d.name}农村地区`,
      compoundAddress: d.compounds.map((c) => `${d.name}${d.streets[c.street].name}${c.name}`),
    }
  })

  for (let m = 0; m < CITY_MONTHS; m++) {
    for (let di = 0; di < city.length; di++) {
      const d = city[di], g = perDistrict[di], rng: Rng = g.rng
      const n = g.perMonth[m]
      if (n === 0) continue
      const b: CityBatch = {
        district: di, month: m, count: n, firstSeq: g.seq,
        lon: new Float64Array(n), lat: new Float64Array(n), time: new Float64Array(n), category: new Uint8Array(n), subtype: new Array(n), address: new Array(n),
      }
      for (let i = 0; i < n; i++) {
        const pair = g.pairs[m].sample(rng.next())
        const loc = Math.floor(pair / 4), c = (pair % 4) as Cat
        let x: number, y: number
        if (loc === LOC_COMPOUND && d.compounds.length > 0) {
          const k = g.compounds.sample(rng.next())
          const r = d.compounds[k].ring
          // a metre inside the block's edge: a point on it would belong to the block east or north of it
          x = r[0][0] + 1 + rng.next() * (r[1][0] - r[0][0] - 2)
          y = r[0][1] + 1 + rng.next() * (r[2][1] - r[1][1] - 2)
          b.address[i] = g.compoundAddress[k]
        } else if (loc === LOC_URBAN) {
          [x, y] = pointNear(rng, d.outline, d.centre, d.urbanRadius, d.bbox)
          b.address[i] = g.urbanAddress
        } else {
          [x, y] = pointIn(rng, d.outline, d.bbox)
          b.address[i] = g.ruralAddress
        }
        let st = subSamplers[c].sample(rng.next())
        if (c === 0 && loc !== LOC_COMPOUND && SUBTYPES.criminal[st][0] === 'burglary') st = 0 // burglary happens in homes
        const day = monthDays[m][daySamplers[m][c].sample(rng.next())]
        const fri = days[day].dow === 4 || days[day].dow === 5 ? 1 : 0
        const minute = day * 1440 + hours[c][fri].sample(rng.next()) * 60 + Math.floor(rng.next() * 60)
        const [lon, lat] = d.frame.toLonLat(x, y)
        b.lon[i] = lon
        b.lat[i] = lat
        b.time[i] = CITY_START_MS + minute * 60_000
        b.category[i] = c
        b.subtype[i] = SUBTYPES[CATEGORIES[c]][st][0]
      }
      g.seq += n
      yield b
    }
  }
}
