/**
 * Synthetic road network: a near-regular grid in the urban east (main roads ~1 km apart,
 * secondary roads between them), a few arterials that cross the whole district, and a
 * sparse jittered grid of rural roads. All clipped to the real outline.
 */
import { type Polys, type Pt, bboxOfPolys, clipLine } from './geo'
import type { Rng } from './prng'
import { EW_MAIN, EW_SECONDARY, NS_MAIN, NS_SECONDARY, RURAL_ROADS } from './names'

export type RoadClass = 'main' | 'secondary' | 'back'
export interface Road {
  id: string
  name: string
  cls: RoadClass
  line: Pt[]
}

export interface GridLine {
  /** x for north–south lines, y for east–west lines */
  pos: number
  cls: 'main' | 'secondary'
  name: string
  arterial: boolean
}

export interface RoadNetwork {
  roads: Road[]
  ns: GridLine[]
  ew: GridLine[]
  /** urban grid extent */
  ubox: [number, number, number, number]
}

/** half road width + sidewalk, by class (m): setback for parcels */
export const SETBACK: Record<RoadClass, number> = { main: 24, secondary: 16, back: 8 }

function gridPositions(rng: Rng, from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let p = from + step * 0.45; p < to - step * 0.25; p += step * rng.range(0.88, 1.12)) out.push(p)
  return out
}

export function buildRoadNetwork(rng: Rng, outline: Polys, urban: Polys): RoadNetwork {
  const [ux0, uy0, ux1, uy1] = bboxOfPolys(urban)
  const [ox0, oy0, ox1, oy1] = bboxOfPolys(outline)
  const roads: Road[] = []
  const nsPos = gridPositions(rng, ux0, ux1, 500)
  const ewPos = gridPositions(rng, uy0, uy1, 500)
  // main roads every other line, counted from the east (the old centre)
  let nsMain = 0, nsSec = 0, ewMain = 0, ewSec = 0
  const ns: GridLine[] = nsPos.reverse().map((pos, i) => {
    const main = i % 2 === 0
    return { pos, cls: (main ? 'main' : 'secondary') as GridLine['cls'], name: main ? NS_MAIN[nsMain++ % NS_MAIN.length] : NS_SECONDARY[nsSec++ % NS_SECONDARY.length], arterial: false }
  }).reverse()
  const ew: GridLine[] = ewPos.reverse().map((pos, i) => {
    const main = i % 2 === 0
    return { pos, cls: (main ? 'main' : 'secondary') as GridLine['cls'], name: main ? EW_MAIN[ewMain++ % EW_MAIN.length] : EW_SECONDARY[ewSec++ % EW_SECONDARY.length], arterial: false }
  }).reverse()
  // arterials: two east–west main roads and one north–south main road run through the district
  const ewMains = ew.filter((g) => g.cls === 'main')
  if (ewMains.length) ewMains[Math.floor(ewMains.length / 2)].arterial = true
  if (ewMains.length > 2) ewMains[ewMains.length - 1].arterial = true
  const nsMains = ns.filter((g) => g.cls === 'main')
  if (nsMains.length > 1) nsMains[nsMains.length - 2].arterial = true
  else if (nsMains.length) nsMains[0].arterial = true

  const add = (name: string, cls: RoadClass, pieces: Pt[][]) => {
    for (const line of pieces) roads.push({ id: '', name, cls, line })
  }
  for (const g of ns) {
    const line: Pt[] = g.arterial ? [[g.pos, oy0 - 10], [g.pos, oy1 + 10]] : [[g.pos, uy0 - 10], [g.pos, uy1 + 10]]
    add(g.name, g.cls, clipLine(line, g.arterial ? outline : urban, true, 30))
  }
  for (const g of ew) {
    const line: Pt[] = g.arterial ? [[ox0 - 10, g.pos], [ox1 + 10, g.pos]] : [[ux0 - 10, g.pos], [ux1 + 10, g.pos]]
    add(g.name, g.cls, clipLine(line, g.arterial ? outline : urban, true, 30))
  }
  // sparse rural grid: jittered polylines every ~2.8 km, outside the urban grid
  let rn = 0
  const rural = (line: Pt[]) => {
    const inOutline = clipLine(line, outline, true, 200)
    const pieces = inOutline.flatMap((l) => clipLine(l, urban, false, 200))
    add(RURAL_ROADS[rn++ % RURAL_ROADS.length], 'secondary', pieces)
  }
  for (let x = ox0 + 1800; x < ox1 - 800; x += 2800 * rng.range(0.85, 1.15)) {
    const line: Pt[] = []
    let xx = x
    for (let y = oy0 - 50; y < oy1 + 1050; y += 1000) { line.push([xx, y]); xx += rng.range(-160, 160) }
    rural(line)
  }
  for (let y = oy0 + 1500; y < oy1 - 800; y += 2800 * rng.range(0.85, 1.15)) {
    if (y > uy0 - 300 && y < uy1 + 300 && ew.some((g) => g.arterial && Math.abs(g.pos - y) < 900)) continue
    const line: Pt[] = []
    let yy = y
    for (let x = ox0 - 50; x < ox1 + 1050; x += 1000) { line.push([x, yy]); yy += rng.range(-160, 160) }
    rural(line)
  }
  // a diagonal road towards the south-west (潍安路-like)
  const cx = ns.find((g) => g.arterial)?.pos ?? ux0
  rural([[cx - 600, uy0 - 400], [cx - 4000, oy0 + 9000], [cx - 7000, oy0 + 3000], [cx - 9000, oy0 - 100]])
  return { roads, ns, ew, ubox: [ux0, uy0, ux1, uy1] }
}
