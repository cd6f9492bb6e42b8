/**
 * Candidate camera poses for placement suggestions: sites (imported poles and intersections,
 * or sites generated along the roads), each turned into one pose per orientation.
 *
 * Sites along roads come from the noded road network (road-network.ts), so that crossings
 * without a shared vertex are intersections and overlapping lines are walked once. A site
 * stands at every intersection, at every dead end, and every spacingM along each stretch of
 * road between them, measured from the stretch's start; then sites closer than spacingM / 2 to
 * an earlier one are dropped, in the order intersections, dead ends, stretches: junctions are
 * where a camera sees most directions, dead ends are where a stretch's sites might not reach.
 * Every point of the roads is then within spacingM of a site (spacingM / 2 along the road to a
 * site made, and that within spacingM / 2 of one kept), up to the network's 1 m snapping.
 */
import type { FeatureCollection } from 'geojson'
import { CAMERA_DEFAULTS, CAMERA_TYPES, RANGE_DEFAULT, RANGE_GIVEN, type CameraColumns, type CameraType } from './cameras'
import { unprojectLat, unprojectLon } from './local-projection'
import { buildRoadNetwork, type RoadNetwork } from './road-network'
import { PLAN_FOV_LIMITS, PLAN_RANGE_LIMITS, plannedColumns } from './plan-cameras'

/** Urban poles stand 25–40 m apart; one candidate site per 30 m of road is one per pole or so. */
export const DEFAULT_SITE_SPACING_M = 30
/** Eight orientations per site: a bullet's 70° wedge then overlaps its neighbours a little. */
export const DEFAULT_STEP_DEG = 45

export interface SitePoints {
  count: number
  ids: string[]
  lon: Float64Array
  lat: Float64Array
  /** degrees clockwise from north; NaN = generate orientations */
  azimuth?: Float32Array
  /** degrees; NaN = from the options or the type default */
  fov?: Float32Array
  /** metres at the observe level; NaN = from the options or the type default */
  range?: Float32Array
  /** index into CAMERA_TYPES; SITE_TYPE_UNSET = the type the options give */
  type?: Uint8Array
}

export const SITE_TYPE_UNSET = 255

/** More sites than this is a spacing mistake (a 5 m spacing over a district), not a plan. */
export const DEFAULT_MAX_SITES = 50_000

/**
 * Sites along LineString / MultiLineString roads (other geometries ignored), ids R-000001 …
 * in the order kept. `within` keeps only sites inside a lon/lat box [w, s, e, n]. Throws when
 * more than `max` sites would be made, naming a spacing that is sure to fit.
 */
export function sitesAlongRoads(
  roads: FeatureCollection, spacingM: number, opts: { within?: [number, number, number, number]; max?: number } = {},
): SitePoints {
  if (!(spacingM > 0) || !Number.isFinite(spacingM)) throw new RangeError(`site spacing must be a positive number of metres (got ${spacingM})`)
  const max = opts.max ?? DEFAULT_MAX_SITES
  // dead ends joined to a nearby road would add connectors nobody drew: no joins here
  const net = buildRoadNetwork(roads, { joinM: 0 })
  const { proj, nodeX, nodeY, adjStart } = net
  const degree = (n: number) => adjStart[n + 1] - adjStart[n]
  const box = opts.within
  const inBox = (lon: number, lat: number) => !box || (lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3])

  const sites = siteSet(spacingM / 2)
  const lon: number[] = [], lat: number[] = []
  const tooMany = () => new Error(tooManyMessage(net, spacingM, max, box))
  const offer = (x: number, y: number) => {
    const lo = unprojectLon(proj, x), la = unprojectLat(proj, y)
    if (!inBox(lo, la) || !sites.add(x, y)) return
    if (lon.length === max) throw tooMany()
    lon.push(lo)
    lat.push(la)
  }
  for (let n = 0; n < net.nodeCount; n++) if (degree(n) >= 3) offer(nodeX[n], nodeY[n])
  for (let n = 0; n < net.nodeCount; n++) if (degree(n) === 1) offer(nodeX[n], nodeY[n])

  // Stretches: from every node that is not a plain bend (degree 2) along each of its edges,
  // through bends, to the next such node; what is left unwalked are loops of bends only.
  const walked = new Uint8Array(net.edgeCount)
  const walk = (start: number, slot: number) => {
    let node = start, carry = 0 // metres walked since the last site made
    for (;;) {
      const e = net.adjEdge[slot]
      if (walked[e]) return
      walked[e] = 1
      const next = net.adjTo[slot]
      const len = net.edgeLength[e]
      const x0 = nodeX[node], y0 = nodeY[node], dx = nodeX[next] - x0, dy = nodeY[next] - y0
      let d = spacingM - carry
      for (; d <= len; d += spacingM) offer(x0 + (dx * d) / len, y0 + (dy * d) / len)
      carry = len - (d - spacingM)
      node = next
      if (degree(node) !== 2) return
      const s = adjStart[node]
      slot = net.adjEdge[s] === e ? s + 1 : s
    }
  }
  for (let n = 0; n < net.nodeCount; n++) {
    if (degree(n) === 2) continue
    for (let s = adjStart[n]; s < adjStart[n + 1]; s++) walk(n, s)
  }
  for (let e = 0; e < net.edgeCount; e++) {
    if (walked[e]) continue
    const a = net.edgeFrom[e]
    offer(nodeX[a], nodeY[a])
    for (let s = adjStart[a]; s < adjStart[a + 1]; s++) if (net.adjEdge[s] === e) walk(a, s)
  }
  const count = lon.length
  return {
    count,
    ids: Array.from({ length: count }, (_, i) => `R-${String(i + 1).padStart(6, '0')}`),
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
  }
}

/** Points kept only when no kept point is closer than minDist: a hash grid of minDist cells. */
function siteSet(minDist: number) {
  const cells = new Map<string, number[]>()
  const d2 = minDist * minDist
  return {
    add(x: number, y: number): boolean {
      const cx = Math.floor(x / minDist), cy = Math.floor(y / minDist)
      for (let i = cx - 1; i <= cx + 1; i++) {
        for (let j = cy - 1; j <= cy + 1; j++) {
          const list = cells.get(`${i},${j}`)
          if (!list) continue
          for (let k = 0; k < list.length; k += 2) if ((list[k] - x) ** 2 + (list[k + 1] - y) ** 2 < d2) return false
        }
      }
      const key = `${cx},${cy}`
      const list = cells.get(key)
      if (list) list.push(x, y)
      else cells.set(key, [x, y])
      return true
    },
  }
}

/**
 * Why there are too many sites, and a spacing that fits for sure: a stretch of length L gives
 * at most floor(L / s) sites besides its ends, so with I intersections and E dead ends at most
 * I + E + T / s sites are made, T the length of road. Edges are counted when their box meets
 * `within`; the spacing is rounded up to whole metres.
 */
function tooManyMessage(net: RoadNetwork, spacingM: number, max: number, box?: [number, number, number, number]): string {
  const { proj, nodeX, nodeY, adjStart } = net
  const lonOf = (n: number) => unprojectLon(proj, nodeX[n]), latOf = (n: number) => unprojectLat(proj, nodeY[n])
  const nodeIn = (n: number) => !box || (lonOf(n) >= box[0] && lonOf(n) <= box[2] && latOf(n) >= box[1] && latOf(n) <= box[3])
  let ends = 0, total = 0
  for (let n = 0; n < net.nodeCount; n++) if (adjStart[n + 1] - adjStart[n] !== 2 && adjStart[n + 1] > adjStart[n] && nodeIn(n)) ends++
  for (let e = 0; e < net.edgeCount; e++) {
    const a = net.edgeFrom[e], b = net.edgeTo[e]
    if (box && (Math.max(lonOf(a), lonOf(b)) < box[0] || Math.min(lonOf(a), lonOf(b)) > box[2] ||
      Math.max(latOf(a), latOf(b)) < box[1] || Math.min(latOf(a), latOf(b)) > box[3])) continue
    total += net.edgeLength[e]
  }
  const head = `more than ${max} sites along ${(total / 1000).toFixed(1)} km of road at ${spacingM} m spacing`
  if (ends >= max) return `${head}: the ${ends} intersections and dead ends alone are too many; narrow the area or raise the limit`
  return `${head}: a spacing of ${Math.ceil(total / (max - ends))} m or more fits`
}

/**
 * One pose per site and orientation: 0, stepDeg, 2·stepDeg … below 360; a site with its own
 * azimuth gets that one pose, and an all-round camera (fov 360, domes by default) one pose.
 * fov and range: the site's, else the options', else the type default (range then
 * RANGE_DEFAULT, so that the DORI level scales it as it does for any default range). Ids
 * `${siteId}@${azimuth}`, except that a site with its own azimuth (a pose read from a
 * candidates file) keeps its id; `site` is each pose's row in `sites`.
 */
export function posesAtSites(
  sites: SitePoints, opts: { type: CameraType; stepDeg: number; fov?: number; range?: number },
): CameraColumns & { site: Uint32Array } {
  const { stepDeg } = opts
  if (!(stepDeg >= 15 && stepDeg <= 90)) throw new RangeError(`orientation step must be 15 to 90 degrees (got ${stepDeg})`)
  const checked = (v: number, what: string, [lo, hi]: readonly [number, number]) => {
    if (!(v >= lo && v <= hi)) throw new RangeError(`${what} must be ${lo} to ${hi} (got ${v})`)
    return v
  }
  if (opts.fov !== undefined) checked(opts.fov, 'fov', PLAN_FOV_LIMITS)
  if (opts.range !== undefined) checked(opts.range, 'range', PLAN_RANGE_LIMITS)
  const given = (col: Float32Array | undefined, i: number) => (col && !Number.isNaN(col[i]) ? col[i] : undefined)

  const ids: string[] = []
  const site: number[] = [], azimuth: number[] = [], fov: number[] = [], range: number[] = [], type: number[] = [], rangeSource: number[] = []
  for (let i = 0; i < sites.count; i++) {
    const t = sites.type && sites.type[i] !== SITE_TYPE_UNSET ? CAMERA_TYPES[sites.type[i]] : opts.type
    if (t === undefined) throw new RangeError(`site ${sites.ids[i]}: type index ${sites.type![i]} is not a camera type`)
    const f = checked(given(sites.fov, i) ?? opts.fov ?? CAMERA_DEFAULTS[t].fov, `site ${sites.ids[i]}: fov`, PLAN_FOV_LIMITS)
    const ownRange = given(sites.range, i) ?? opts.range
    const r = ownRange === undefined ? CAMERA_DEFAULTS[t].range : checked(ownRange, `site ${sites.ids[i]}: range`, PLAN_RANGE_LIMITS)
    const own = given(sites.azimuth, i)
    const steps = own !== undefined || f >= 360 ? 1 : Math.ceil(360 / stepDeg - 1e-9)
    for (let k = 0; k < steps; k++) {
      const a = own ?? k * stepDeg
      // a site with its own azimuth is an imported pose: it keeps the file's id
      ids.push(own === undefined ? `${sites.ids[i]}@${a}` : sites.ids[i])
      site.push(i)
      azimuth.push(a)
      fov.push(f)
      range.push(r)
      type.push(CAMERA_TYPES.indexOf(t))
      rangeSource.push(ownRange === undefined ? RANGE_DEFAULT : RANGE_GIVEN)
    }
  }
  return {
    ...plannedColumns({
      count: ids.length,
      ids,
      lon: Float64Array.from(site, (i) => sites.lon[i]),
      lat: Float64Array.from(site, (i) => sites.lat[i]),
      azimuth: Float32Array.from(azimuth),
      fov: Float32Array.from(fov),
      range: Float32Array.from(range),
      type: Uint8Array.from(type),
      rangeSource: Uint8Array.from(rangeSource),
    }),
    site: Uint32Array.from(site),
  }
}
