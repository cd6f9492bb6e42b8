/**
 * Gives urban compounds their real community (nearest of a seeded set of community anchors,
 * so each community is a contiguous group) and splits each street's population over its
 * compounds so that the sums are exact.
 */
import type { Rng } from './prng'
import type { Compound } from './layout'
import type { Street } from './streets'
import type { Unit } from './source-data'
import { splitPopulation } from './streets'

export function assignCommunities(rng: Rng, compounds: Compound[], streets: Street[], units: Unit[]): void {
  streets.forEach((st, si) => {
    const mine = compounds.filter((c) => c.street === si && !c.community)
    if (mine.length === 0) return
    const comms = units.filter((u) => u.parent === `${st.def.id}000`)
    if (comms.length === 0) return
    // anchors: the real point where the source has one, otherwise a compound's centre
    const order = rng.shuffle(mine.map((_, k) => k))
    const anchors = comms.slice(0, mine.length).map((u, k) => ({ u, x: u.point ? u.point[0] : mine[order[k]].cx, y: u.point ? u.point[1] : mine[order[k]].cy }))
    for (const c of mine) {
      let best = anchors[0], bd = Infinity
      for (const a of anchors) {
        const d = Math.hypot(a.x - c.cx, a.y - c.cy)
        if (d < bd) { bd = d; best = a }
      }
      c.community = best.u.name
      c.communityCode = best.u.code
    }
  })
}

const DENSITY: Record<string, number> = { old: 1.35, new: 1.0, village: 0.28 }

export function assignPopulation(rng: Rng, compounds: Compound[], streets: Street[]): void {
  streets.forEach((st, si) => {
    const mine = compounds.filter((c) => c.street === si)
    if (mine.length === 0) throw new Error(`street ${st.def.id} has no compounds`)
    const w = mine.map((c) => c.area * DENSITY[c.kind] * rng.range(0.75, 1.25))
    const pops = splitPopulation(st.population, w)
    mine.forEach((c, k) => { c.population = pops[k] })
  })
}
