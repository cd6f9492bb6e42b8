/**
 * The demo's patrol units (issue 26, point 5): about 30 units driving the demo's roads within
 * their patrol grids for a day, one fix every few seconds, deterministic for a seed. Used by
 * the tests, the benchmarks and the `demo-units` command.
 *
 * Each unit wanders its grid's road network (at a node it takes a random road that stays in
 * the grid when there is one), stops now and then for a patrol check, and is at the station
 * at the two shift handovers. Cars drive at 60–100 % of the road's speed; foot patrols walk at
 * 5 km/h and e-bikes ride at 15 km/h along the same roads.
 *
 * Given alerts, the simulation dispatches them as a command centre would: at each alert's time
 * the free unit with the shortest travel time (unit-dispatch.ts rankUnits) sets off after a
 * call-handling delay, drives the fastest route at the road's full speed, covers the last metres
 * from the road in a straight line, stays at the scene, and drives back to its grid. An alert
 * with no free unit gets none, as in life.
 */
import type { AreaIndex } from './spatial-join'
import { locatePoint } from './spatial-join'
import { projectX, projectY, unprojectLat, unprojectLon } from './local-projection'
import { shortestTimes, type RoadNetwork } from './road-network'
import { rankUnits } from './unit-dispatch'
import { mulberry32 } from './seeded-random'
import { STATUS_AT_STATION, STATUS_PATROLLING, UNIT_KINDS, UNIT_STATUSES, type UnitPosition, type UnitTracks } from './unit-tracks'
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
  /** alerts to respond to (any order; those outside the simulated hours are ignored) */
  alerts?: { lon: number; lat: number; time: number }[]
}

export interface DemoFixes extends Pick<UnitTracks, 'unitIds' | 'unit' | 'time' | 'lon' | 'lat' | 'speed' | 'heading' | 'status'> {
  unitKind: number[]
}

/** Shift handovers, local hours: half an hour at the station from each. */
const HANDOVERS = [8, 20]
const CHECK_PROBABILITY = 0.04
const CHECK_MIN_S = 120, CHECK_MAX_S = 480
/** call handling before the unit moves, and the time at the scene, seconds */
const DELAY_MIN_S = 30, DELAY_MAX_S = 90
const SCENE_MIN_S = 600, SCENE_MAX_S = 1200
const STATUS_ON_ALERT = UNIT_STATUSES.indexOf('on_alert')

type Mode = 'patrol' | 'respond' | 'approach' | 'scene' | 'leave' | 'return'

interface UnitState {
  kind: string
  grid: number
  home: number
  mode: Mode
  /** on the network: travelling arc `arc` out of node `from`, `along` metres along it */
  from: number
  arc: number
  along: number
  len: number
  mps: number
  /** off the network (approach, scene, leave): position and straight-line target */
  x: number
  y: number
  tx: number
  ty: number
  /** patrol check or call handling until; scene until */
  until: number
  /** node times of the current route's target (respond: the alert; return: home) */
  times: Float64Array | null
  homeTimes: Float64Array | null
}

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
  const { nodeX, nodeY, adjStart, adjTo, adjEdge, adjSeconds, edgeLength, edgeSeconds, proj } = net
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
  const units: UnitState[] = []
  for (let u = 0; u < count; u++) {
    const kind = kindOf(u)
    const kindName = UNIT_KINDS[kind]
    counters[kindName] = (counters[kindName] ?? 0) + 1
    out.unitIds.push(`${PREFIX[kindName]}${String(counters[kindName]).padStart(2, '0')}`)
    out.unitKind.push(kind)
    const g = usable[u % usable.length].g
    const home = gridNodes[g][Math.floor(rnd() * gridNodes[g].length)]
    const st: UnitState = {
      kind: kindName, grid: g, home, mode: 'patrol', from: home, arc: -1, along: 0, len: 0, mps: 0,
      x: 0, y: 0, tx: 0, ty: 0, until: -1, times: null, homeTimes: null,
    }
    units.push(st)
    takeArc(st, randomArc(st), false)
  }
  const unitKind = Uint8Array.from(out.unitKind)

  function randomArc(st: UnitState): number {
    const s = adjStart[st.from], e = adjStart[st.from + 1]
    const inGrid: number[] = []
    for (let k = s; k < e; k++) if (nodeGrid[adjTo[k]] === st.grid) inGrid.push(k)
    return inGrid.length > 0 ? inGrid[Math.floor(rnd() * inGrid.length)] : s + Math.floor(rnd() * (e - s))
  }
  /** the next arc down the route's node times, or -1 at its end */
  function downhill(st: UnitState): number {
    const times = st.times!
    for (let k = adjStart[st.from], e = adjStart[st.from + 1]; k < e; k++) {
      if (times[adjTo[k]] < times[st.from] && Math.abs(times[adjTo[k]] + adjSeconds[k] - times[st.from]) < 1e-6) return k
    }
    return -1
  }
  function takeArc(st: UnitState, arc: number, urgent: boolean): void {
    st.arc = arc
    const edge = adjEdge[arc]
    st.len = edgeLength[edge]
    st.along = 0
    const carMps = edgeSeconds[edge] > 0 ? st.len / edgeSeconds[edge] : 10
    st.mps = st.kind === 'foot' ? 5 / 3.6 : st.kind === 'ebike' ? 15 / 3.6 : carMps * (urgent ? 1 : 0.6 + 0.4 * rnd())
  }
  function position(st: UnitState): [number, number] {
    if (st.mode === 'approach' || st.mode === 'scene' || st.mode === 'leave') return [st.x, st.y]
    const a = st.from, b = adjTo[st.arc]
    const f = st.len > 0 ? st.along / st.len : 0
    return [nodeX[a] + f * (nodeX[b] - nodeX[a]), nodeY[a] + f * (nodeY[b] - nodeY[a])]
  }
  /** at a node: what the mode does next; false when the unit stops moving this tick */
  function atNode(st: UnitState, t: number): boolean {
    if (st.mode === 'patrol') {
      if (rnd() < CHECK_PROBABILITY) {
        st.until = t + (CHECK_MIN_S + rnd() * (CHECK_MAX_S - CHECK_MIN_S)) * 1000
        takeArc(st, randomArc(st), false)
        return false
      }
      takeArc(st, randomArc(st), false)
      return true
    }
    const next = downhill(st)
    if (next >= 0) { takeArc(st, next, true); return true }
    if (st.mode === 'respond') {
      // off the road to the alert itself
      st.mode = 'approach'
      st.x = nodeX[st.from]; st.y = nodeY[st.from]
      return true
    }
    // home again
    st.mode = 'patrol'
    st.times = null
    takeArc(st, randomArc(st), false)
    return true
  }
  function move(st: UnitState, t: number): boolean {
    let dist = st.mps * dt
    if (st.mode === 'approach' || st.mode === 'leave') {
      const d = Math.hypot(st.tx - st.x, st.ty - st.y)
      if (dist < d) {
        st.x += ((st.tx - st.x) * dist) / d; st.y += ((st.ty - st.y) * dist) / d
        return true
      }
      st.x = st.tx; st.y = st.ty
      if (st.mode === 'approach') {
        st.mode = 'scene'
        st.until = t + (SCENE_MIN_S + rnd() * (SCENE_MAX_S - SCENE_MIN_S)) * 1000
      } else {
        st.mode = 'return'
        st.homeTimes ??= shortestTimes(net, [{ x: nodeX[st.home], y: nodeY[st.home] }]).seconds
        st.times = st.homeTimes
        atNode(st, t)
      }
      return false
    }
    // (a cap on hops guards against a cluster of zero-length edges)
    for (let hops = 0; dist >= st.len - st.along && hops < 1000; hops++) {
      dist -= st.len - st.along
      st.from = adjTo[st.arc]
      if (!atNode(st, t)) return false
      // atNode may have left the network (the mode changes under TypeScript's narrowing)
      if ((st.mode as Mode) === 'approach') return true
    }
    st.along += dist
    return true
  }

  function dispatch(a: { lon: number; lat: number; time: number }): void {
    const free: UnitPosition[] = []
    units.forEach((st, u) => {
      if (st.mode !== 'patrol') return
      const [x, y] = position(st)
      free.push({ unit: u, fix: -1, lon: unprojectLon(proj, x), lat: unprojectLat(proj, y), status: STATUS_PATROLLING })
    })
    const best = rankUnits(net, free, unitKind, a.lon, a.lat, { top: 1 })[0]
    if (!best || !Number.isFinite(best.seconds)) return
    const st = units[best.unit]
    const ax = projectX(proj, a.lon), ay = projectY(proj, a.lat)
    st.times = shortestTimes(net, [{ x: ax, y: ay }]).seconds
    st.mode = 'respond'
    st.tx = ax; st.ty = ay
    st.until = a.time + (DELAY_MIN_S + rnd() * (DELAY_MAX_S - DELAY_MIN_S)) * 1000
    // turn round when the route starts behind
    const e = adjEdge[st.arc], to = adjTo[st.arc], sec = edgeSeconds[e]
    const ahead = st.times[to] + (1 - st.along / Math.max(st.len, 1e-9)) * sec
    const behind = st.times[st.from] + (st.along / Math.max(st.len, 1e-9)) * sec
    const along = st.along
    if (behind < ahead) {
      for (let k = adjStart[to]; k < adjStart[to + 1]; k++) {
        if (adjEdge[k] !== e || adjTo[k] !== st.from) continue
        st.from = to
        takeArc(st, k, true)
        st.along = st.len - along
        return
      }
    }
    takeArc(st, st.arc, true)
    st.along = along
  }

  const alerts = (opts.alerts ?? []).filter((a) => a.time >= opts.dayStart && a.time < opts.dayStart + ticks * dt * 1000).sort((p, q) => p.time - q.time)
  let next = 0
  for (let k = 0; k < ticks; k++) {
    const t = opts.dayStart + k * dt * 1000
    while (next < alerts.length && alerts[next].time <= t) dispatch(alerts[next++])
    const localH = (((t + SHANGHAI_OFFSET_MS) / 3600_000) % 24 + 24) % 24
    const handover = HANDOVERS.some((h) => localH >= h && localH < h + 0.5)
    units.forEach((st, u) => {
      const atStation = handover && st.mode === 'patrol'
      let moving = false
      if (k > 0 && !atStation && t >= st.until && st.mode !== 'scene') moving = move(st, t)
      if (st.mode === 'scene' && t >= st.until) {
        // back to the road where the unit left it
        st.mode = 'leave'
        st.tx = nodeX[st.from]; st.ty = nodeY[st.from]
      }
      const [x, y] = position(st)
      const i = u * ticks + k
      out.unit[i] = u
      out.time[i] = t
      out.lon[i] = unprojectLon(proj, x)
      out.lat[i] = unprojectLat(proj, y)
      out.speed[i] = moving ? st.mps * 3.6 : 0
      const hx = st.mode === 'approach' || st.mode === 'leave' ? st.tx - st.x : nodeX[adjTo[st.arc]] - nodeX[st.from]
      const hy = st.mode === 'approach' || st.mode === 'leave' ? st.ty - st.y : nodeY[adjTo[st.arc]] - nodeY[st.from]
      out.heading[i] = ((Math.atan2(hx, hy) * 180) / Math.PI + 360) % 360
      out.status[i] = atStation ? STATUS_AT_STATION : st.mode === 'patrol' ? STATUS_PATROLLING : STATUS_ON_ALERT
    })
  }
  return out
}
