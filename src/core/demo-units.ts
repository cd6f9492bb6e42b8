/**
 * The demo's patrol units (issue 26, point 5): about 30 units driving the demo's roads within
 * their patrol grids for a day, one fix every few seconds, deterministic for a seed. Used by
 * the tests, the benchmarks and the `demo-units` command.
 *
 * Each unit wanders its grid's road network (at a node it takes a random road that stays in
 * the grid when there is one), stops now and then for a patrol check, and is at the station
 * at the two shift handovers. Cars drive at 60–100 % of the road's speed; foot patrols walk at
 * 5 km/h and e-bikes ride at 15 km/h along the same roads.
 */
import type { AreaIndex } from './spatial-join'
import { locatePoint } from './spatial-join'
import { unprojectLat, unprojectLon } from './local-projection'
import type { RoadNetwork } from './road-network'
import { mulberry32 } from './seeded-random'
import { STATUS_AT_STATION, STATUS_PATROLLING, UNIT_KINDS } from './unit-tracks'
import { SHANGHAI_OFFSET_MS } from './periods'

export interface DemoUnitsOptions {
  units?: number
  seed?: number
  /** epoch ms of the day's local midnight */
  dayStart: number
  /** seconds between fixes (default 5) */
  intervalS?: number
  /** hours of track from dayStart (default 24) */
  hours?: number
}

export interface DemoFixes {
  unitIds: string[]
  unitKind: number[]
  unit: Uint32Array
  time: Float64Array
  lon: Float64Array
  lat: Float64Array
  speed: Float32Array
  heading: Float32Array
  status: Uint8Array
}

/** Shift handovers, local hours: half an hour at the station from each. */
const HANDOVERS = [8, 20]
const CHECK_PROBABILITY = 0.04
const CHECK_MIN_S = 120, CHECK_MAX_S = 480

/** The unit's kind by its number: mostly cars, some foot, e-bike and special-duty units. */
function kindOf(u: number): number {
  const k = u % 10
  return UNIT_KINDS.indexOf(k < 6 ? 'car' : k < 8 ? 'foot' : k < 9 ? 'ebike' : 'special')
}
const PREFIX: Record<string, string> = { car: 'C', foot: 'F', ebike: 'E', special: 'S' }

/** Local midnight (Asia/Shanghai) of a YYYY-MM-DD date. */
export function localMidnight(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS
}

export function demoUnits(net: RoadNetwork, grids: AreaIndex, gridCount: number, opts: DemoUnitsOptions): DemoFixes {
  const nUnits = opts.units ?? 30
  const rnd = mulberry32(opts.seed ?? 26)
  const dt = opts.intervalS ?? 5
  const ticks = Math.floor(((opts.hours ?? 24) * 3600) / dt)
  const { nodeX, nodeY, adjStart, adjTo, adjEdge, edgeLength, edgeSeconds, proj } = net
  const nodeLon = (n: number) => unprojectLon(proj, nodeX[n])
  const nodeLat = (n: number) => unprojectLat(proj, nodeY[n])
  const nodeGrid = new Int32Array(net.nodeCount)
  const gridNodes: number[][] = Array.from({ length: gridCount }, () => [])
  for (let n = 0; n < net.nodeCount; n++) {
    nodeGrid[n] = locatePoint(grids, nodeLon(n), nodeLat(n))
    if (nodeGrid[n] >= 0 && adjStart[n + 1] > adjStart[n]) gridNodes[nodeGrid[n]].push(n)
  }
  // grids with a road network worth patrolling, busiest first, so units spread over them
  const usable = gridNodes.map((list, g) => ({ g, n: list.length })).filter((x) => x.n >= 4).sort((a, b) => b.n - a.n || a.g - b.g)
  const count = usable.length === 0 ? 0 : nUnits
  const total = count * ticks
  const out: DemoFixes = {
    unitIds: [], unitKind: [], unit: new Uint32Array(total), time: new Float64Array(total), lon: new Float64Array(total), lat: new Float64Array(total),
    speed: new Float32Array(total), heading: new Float32Array(total), status: new Uint8Array(total),
  }
  const counters: Record<string, number> = {}
  let i = 0
  for (let u = 0; u < count; u++) {
    const kind = kindOf(u)
    const kindName = UNIT_KINDS[kind]
    counters[kindName] = (counters[kindName] ?? 0) + 1
    out.unitIds.push(`${PREFIX[kindName]}${String(counters[kindName]).padStart(2, '0')}`)
    out.unitKind.push(kind)
    const g = usable[u % usable.length].g
    const nodes = gridNodes[g]
    let from = nodes[Math.floor(rnd() * nodes.length)]
    let arc = -1, along = 0, len = 0, mps = 0
    let pauseUntil = -1
    const pickArc = () => {
      const s = adjStart[from], e = adjStart[from + 1]
      const inGrid: number[] = []
      for (let k = s; k < e; k++) if (nodeGrid[adjTo[k]] === g) inGrid.push(k)
      arc = inGrid.length > 0 ? inGrid[Math.floor(rnd() * inGrid.length)] : s + Math.floor(rnd() * (e - s))
      const edge = adjEdge[arc]
      len = edgeLength[edge]
      along = 0
      const carMps = edgeSeconds[edge] > 0 ? len / edgeSeconds[edge] : 10
      mps = kindName === 'foot' ? 5 / 3.6 : kindName === 'ebike' ? 15 / 3.6 : carMps * (0.6 + 0.4 * rnd())
    }
    pickArc()
    for (let k = 0; k < ticks; k++, i++) {
      const t = opts.dayStart + k * dt * 1000
      const localH = (((t + SHANGHAI_OFFSET_MS) / 3600_000) % 24 + 24) % 24
      const atStation = HANDOVERS.some((h) => localH >= h && localH < h + 0.5)
      let moving = !atStation && t >= pauseUntil
      if (moving && k > 0) {
        let dist = mps * dt
        // (a cap on hops guards against a cluster of zero-length edges)
        for (let hops = 0; dist >= len - along && hops < 1000; hops++) {
          dist -= len - along
          from = adjTo[arc]
          if (rnd() < CHECK_PROBABILITY) {
            pauseUntil = t + (CHECK_MIN_S + rnd() * (CHECK_MAX_S - CHECK_MIN_S)) * 1000
            pickArc()
            moving = false
            dist = 0
            break
          }
          pickArc()
        }
        along += dist
      }
      const a = from, b = adjTo[arc]
      const f = len > 0 ? along / len : 0
      const x = nodeX[a] + f * (nodeX[b] - nodeX[a]), y = nodeY[a] + f * (nodeY[b] - nodeY[a])
      out.unit[i] = u
      out.time[i] = t
      out.lon[i] = unprojectLon(proj, x)
      out.lat[i] = unprojectLat(proj, y)
      out.speed[i] = moving ? mps * 3.6 : 0
      out.heading[i] = ((Math.atan2(nodeX[b] - nodeX[a], nodeY[b] - nodeY[a]) * 180) / Math.PI + 360) % 360
      out.status[i] = atStation ? STATUS_AT_STATION : STATUS_PATROLLING
    }
  }
  return out
}
