/**
 * Repeat places: the few places and addresses that produce most incidents (Eck, Clarke &
 * Guerette 2007, "risky facilities"; the "80-20" rule of crime concentration).
 *
 * Two ways to say "the same place":
 * - by place (`by: 'place'`): points within `snap` metres of a place's anchor. Deterministic
 *   leader clustering:
 *     1. the kept incidents are grouped by exact location (identical lon and lat);
 *     2. the locations are taken in order of incident count, most first (ties: the location
 *        whose first incident comes first in the data);
 *     3. a location joins the nearest anchor within `snap` metres (≤ snap; equally near
 *        anchors: the older one); when there is none, it becomes the anchor of a new place.
 *   So the densest exact locations seed the places, every incident lies within `snap` of its
 *   place's anchor, any two anchors are more than `snap` apart, and the anchor is a real
 *   incident location. Distances are metres, equirectangular at the pair's mean latitude
 *   (distance2), looked up in a grid index of cells at least `snap` wide (3 × 3 cells per
 *   location, never all pairs).
 * - by text (`by: 'address'`, or any text column such as a victim's id): the incidents whose
 *   normalised text is equal (normaliseText: NFKC, trimmed, inner white space collapsed,
 *   lower case). Incidents with an empty text belong to no place. The anchor is the most
 *   frequent exact location of the place's incidents.
 *
 * A place's label is the most frequent non-empty address text of its incidents (ties: the one
 * seen first in the data). Places are ranked by count, most first; ties keep the order the
 * places were made in (by place: the anchors' order above; by text: first appearance).
 * Shares are of the placed incidents (`total`): incidents without a finite location, or
 * without a text when grouping by text, are listed in `unplaced` and in no share.
 */
import { packedString, type PackedStrings } from './incidents'
import { EARTH_RADIUS_M } from './local-projection'

export type RepeatPlacesBy = 'place' | 'address'

export const DEFAULT_SNAP_M = 30

export interface RepeatPlacesOptions {
  /** 'place' (default): snap distance clustering; 'address': equal normalised `address` text */
  by?: RepeatPlacesBy
  /** metres (default 30); by place only */
  snap?: number
  /** rows to consider (nonzero); undefined = all */
  keep?: Uint8Array
  /** the incidents' address texts: the places' labels, and the key when by = 'address' */
  address?: PackedStrings
}

export interface RepeatPlaces {
  by: RepeatPlacesBy
  /** metres; NaN when by text */
  snap: number
  /** number of places */
  places: number
  /** incidents in some place: Σ counts */
  total: number
  /** per place, in rank order (rank = index + 1): anchor WGS-84 degrees */
  lon: Float64Array
  lat: Float64Array
  count: Uint32Array
  /** count / total */
  share: Float64Array
  /** Σ share of this place and those ranked above it */
  cumulativeShare: Float64Array
  /** the most frequent non-empty address text of its incidents ('' when none has one) */
  label: string[]
  /** how many of its incidents carry the label: few of many hints at a geocoder's fallback point */
  labelCount: Uint32Array
  /** incident rows of place k: rows[rowStart[k] .. rowStart[k + 1]), ascending */
  rowStart: Uint32Array
  rows: Uint32Array
  /** per incident row, its place's index (rank − 1), or −1 (not kept or unplaced) */
  placeOf: Int32Array
  /** kept rows that belong to no place (no finite location; by text: an empty text) */
  unplaced: Uint32Array
}

/** The text an address is compared by: NFKC (full-width forms folded), trimmed, inner white space one space, lower case. */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
}

/** Groups the kept incidents into places and ranks them (module comment for the rules). */
export function repeatPlaces(lon: Float64Array, lat: Float64Array, count: number, opts: RepeatPlacesOptions = {}): RepeatPlaces {
  const by = opts.by ?? 'place'
  const snap = opts.snap ?? DEFAULT_SNAP_M
  if (by === 'place' && !(snap > 0 && Number.isFinite(snap))) throw new Error(`snap distance must be a positive number of metres (got ${snap})`)
  if (by === 'address' && !opts.address) throw new Error('grouping by address needs the incidents\' address column')
  const { keep } = opts
  const located: number[] = []
  const unplaced: number[] = []
  for (let i = 0; i < count; i++) {
    if (keep && !keep[i]) continue
    if (Number.isFinite(lon[i]) && Number.isFinite(lat[i])) located.push(i)
    else unplaced.push(i)
  }
  const rowsOf = by === 'place'
    ? placesBySnap(lon, lat, located, snap)
    : placesByText(located, opts.address!, unplaced)
  return rank(by, by === 'place' ? snap : NaN, rowsOf, lon, lat, count, opts.address, unplaced)
}

/** Exact locations of `rows` (ascending row indices): each a list of rows, ordered by count desc, then first row. */
function exactLocations(lon: Float64Array, lat: Float64Array, rows: readonly number[]): number[][] {
  // (a Map keyed on the longitude is slower: doubles are boxed keys)
  const order = Uint32Array.from(rows).sort((a, b) => lon[a] - lon[b] || lat[a] - lat[b] || a - b)
  const locs: number[][] = []
  let most = 0
  for (let k = 0; k < order.length; k++) {
    const i = order[k]
    const last = locs[locs.length - 1]
    if (last && lon[last[0]] === lon[i] && lat[last[0]] === lat[i]) {
      last.push(i)
      if (last.length > most) most = last.length
    } else {
      locs.push([i])
      most = Math.max(most, 1)
    }
  }
  // count desc, then first row (loc[0], rows within a location being ascending): one number
  // per location, unique and below 2^53, sorted natively rather than with a comparator
  const n = rows.length === 0 ? 1 : rows[rows.length - 1] + 1
  const keys = new Float64Array(locs.length)
  const byFirst = new Int32Array(n)
  for (let l = 0; l < locs.length; l++) {
    keys[l] = (most - locs[l].length) * n + locs[l][0]
    byFirst[locs[l][0]] = l
  }
  keys.sort()
  const out = new Array<number[]>(locs.length)
  for (let l = 0; l < keys.length; l++) out[l] = locs[byFirst[keys[l] % n]]
  return out
}

/** Metres per degree of latitude (local-projection.ts: ky). */
const KY = (Math.PI * EARTH_RADIUS_M) / 180

/**
 * Squared metres between two points: equirectangular at the pair's mean latitude. Within a
 * few hundred metres it equals the great-circle distance to a few parts per million, wherever
 * the pair lies (one projection over the whole extent would be off by several percent east–
 * west when a file holds far-off placeholder points, as Chicago's does).
 */
function distance2(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dy = (lat2 - lat1) * KY
  const dx = (lon2 - lon1) * KY * Math.cos(((lat1 + lat2) * Math.PI) / 360)
  return dx * dx + dy * dy
}

/** Leader clustering of the exact locations (rules in the module comment); returns each place's rows, in creation order. */
function placesBySnap(lon: Float64Array, lat: Float64Array, rows: number[], snap: number): number[][] {
  if (rows.length === 0) return []
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxAbsLat = 0
  for (const i of rows) {
    if (lon[i] < minLon) minLon = lon[i]
    if (lon[i] > maxLon) maxLon = lon[i]
    if (lat[i] < minLat) minLat = lat[i]
    maxAbsLat = Math.max(maxAbsLat, Math.abs(lat[i]))
  }
  // Grid cells in degrees, at least `snap` metres on each side everywhere in the extent (a
  // degree of longitude is shortest at the highest latitude), so an anchor within snap of a
  // point lies in the 3 × 3 cells around it.
  const cellLat = snap / KY
  const cellLon = snap / (KY * Math.max(Math.cos((maxAbsLat * Math.PI) / 180), 1e-9))
  const cols = Math.floor((maxLon - minLon) / cellLon) + 1
  const alon: number[] = []
  const alat: number[] = []
  const members: number[][] = []
  // anchors per cell as linked lists: head.get(cell) = newest anchor, next[a] = the one before it (−1: none)
  const head = new Map<number, number>()
  const next: number[] = []
  const snap2 = snap * snap
  for (const loc of exactLocations(lon, lat, rows)) {
    const x = lon[loc[0]], y = lat[loc[0]]
    const cx = Math.floor((x - minLon) / cellLon), cy = Math.floor((y - minLat) / cellLat)
    let best = -1, bestD = Infinity
    for (let gy = cy - 1; gy <= cy + 1; gy++) {
      for (let gx = Math.max(cx - 1, 0); gx <= cx + 1 && gx < cols; gx++) {
        // cy·cols + cx is a small integer (fast Map key) for any extent up to 2^30 cells
        for (let a = head.get(gy * cols + gx) ?? -1; a >= 0; a = next[a]) {
          const d = distance2(alon[a], alat[a], x, y)
          if (d <= snap2 && (d < bestD || (d === bestD && a < best))) { best = a; bestD = d }
        }
      }
    }
    if (best >= 0) {
      for (const i of loc) members[best].push(i)
      continue
    }
    const a = alon.length
    const k = cy * cols + cx
    alon.push(x); alat.push(y); members.push(loc.slice())
    next.push(head.get(k) ?? -1)
    head.set(k, a)
  }
  return members
}

/** Places of equal normalised text, in order of first appearance; rows with an empty text go to `unplaced`. */
function placesByText(rows: number[], text: PackedStrings, unplaced: number[]): number[][] {
  const byKey = new Map<string, number[]>()
  for (const i of rows) {
    const k = normaliseText(packedString(text, i))
    if (k === '') { unplaced.push(i); continue }
    const list = byKey.get(k)
    if (list) list.push(i)
    else byKey.set(k, [i])
  }
  return [...byKey.values()]
}

/** The most frequent value of `values` (ties: the one seen first) and its count; undefined, 0 for none. */
function mode<T>(values: Iterable<T>): [T | undefined, number] {
  const n = new Map<T, number>()
  let best: T | undefined, bestN = 0
  for (const v of values) {
    const c = (n.get(v) ?? 0) + 1
    n.set(v, c)
    if (c > bestN) { best = v; bestN = c }
  }
  return [best, bestN]
}

function rank(
  by: RepeatPlacesBy, snap: number, made: number[][], lon: Float64Array, lat: Float64Array, count: number,
  address: PackedStrings | undefined, unplaced: number[],
): RepeatPlaces {
  // a stable sort keeps the creation order among equal counts
  const places = made.map((r, k) => ({ r, k })).sort((a, b) => b.r.length - a.r.length || a.k - b.k).map((p) => p.r)
  const P = places.length
  const total = places.reduce((s, r) => s + r.length, 0)
  const out: RepeatPlaces = {
    by, snap, places: P, total,
    lon: new Float64Array(P), lat: new Float64Array(P), count: new Uint32Array(P),
    share: new Float64Array(P), cumulativeShare: new Float64Array(P), label: new Array<string>(P), labelCount: new Uint32Array(P),
    rowStart: new Uint32Array(P + 1), rows: new Uint32Array(total), placeOf: new Int32Array(count).fill(-1),
    unplaced: Uint32Array.from(unplaced).sort(),
  }
  let at = 0, cum = 0
  for (let p = 0; p < P; p++) {
    // by place the first member is the anchor location's first row; by text, the most frequent location
    const first = by === 'place' ? places[p][0] : anchorRow(places[p], lon, lat)
    const rows = Uint32Array.from(places[p]).sort()
    out.lon[p] = lon[first]
    out.lat[p] = lat[first]
    out.count[p] = rows.length
    cum += rows.length
    out.share[p] = rows.length / total
    out.cumulativeShare[p] = cum / total
    out.rowStart[p] = at
    out.rows.set(rows, at)
    at += rows.length
    for (const i of rows) out.placeOf[i] = p
    const [label, n] = address ? mode(nonEmptyTexts(address, rows)) : [undefined, 0]
    out.label[p] = label ?? ''
    out.labelCount[p] = n
  }
  out.rowStart[P] = at
  return out
}

function* nonEmptyTexts(text: PackedStrings, rows: Uint32Array): Generator<string> {
  for (const i of rows) {
    if (text.offsets[i + 1] === text.offsets[i]) continue
    const s = packedString(text, i).trim()
    if (s !== '') yield s
  }
}

/** The first row of the most frequent exact location among `rows` (ties: the location seen first). */
function anchorRow(rows: number[], lon: Float64Array, lat: Float64Array): number {
  const first = new Map<string, number>()
  const keys = rows.map((i) => {
    const k = `${lon[i]},${lat[i]}`
    if (!first.has(k)) first.set(k, i)
    return k
  })
  return first.get(mode(keys)[0]!)!
}

export interface Concentration {
  /** curve points k = 0..P: x[k] = k / P (share of places, top k), y[k] = C_k / N (share of incidents) */
  placeShare: Float64Array
  incidentShare: Float64Array
  /** share of incidents held by the top p of places, for p in topShares (default 0.01, 0.05, 0.10) */
  topPlaces: { placeShare: number; incidentShare: number }[]
  /** share of places that hold q of the incidents, q = 0.5, 0.8; and the fewest places k with C_k ≥ q·N */
  holding: { incidentShare: number; placeShare: number; places: number }[]
  /** places with 2 or more incidents, and the share of incidents at them */
  repeatPlaces: number
  repeatShare: number
}

export const TOP_PLACE_SHARES = [0.01, 0.05, 0.1] as const
export const HOLDING_SHARES = [0.5, 0.8] as const

/**
 * The concentration ("80-20") curve of places ranked by count, most first: the points
 * (k/P, C_k/N), k = 0..P, C_k the incidents of the top k places, joined by straight lines.
 * The headline figures read that curve: the top p of places hold curve(p) of the incidents
 * (interpolated between whole places), and q of the incidents are held by the share x of
 * places where the curve first reaches q.
 */
export function concentration(counts: Uint32Array, topShares: readonly number[] = TOP_PLACE_SHARES): Concentration {
  const P = counts.length
  const placeShare = new Float64Array(P + 1)
  const incidentShare = new Float64Array(P + 1)
  let N = 0
  for (let k = 0; k < P; k++) {
    if (k > 0 && counts[k] > counts[k - 1]) throw new Error(`place counts must be ranked, most first (place ${k + 1} has ${counts[k]} > ${counts[k - 1]})`)
    N += counts[k]
  }
  // whole counts, so the 50 % / 80 % tests are exact
  const cum = new Float64Array(P + 1)
  let repeatPlaces = 0, atRepeat = 0
  for (let k = 1; k <= P; k++) {
    cum[k] = cum[k - 1] + counts[k - 1]
    if (counts[k - 1] >= 2) { repeatPlaces++; atRepeat += counts[k - 1] }
    placeShare[k] = k / P
    incidentShare[k] = N > 0 ? cum[k] / N : 0
  }
  const curveAt = (p: number): number => {
    if (P === 0) return 0
    const x = p * P, k = Math.floor(x)
    if (k >= P) return 1
    return incidentShare[k] + (x - k) * (incidentShare[k + 1] - incidentShare[k])
  }
  const holding = HOLDING_SHARES.map((q) => {
    if (N === 0) return { incidentShare: q, placeShare: NaN, places: 0 }
    let k = 1
    // q·N may round up by an ulp (0.8 · N): a count within 1e-9 of it reaches it
    while (k < P && cum[k] < q * N - 1e-9) k++
    const y0 = incidentShare[k - 1], y1 = incidentShare[k]
    // within the k-th place's segment the curve rises from y0 to y1 ≥ q
    return { incidentShare: q, placeShare: (k - 1 + (q - y0) / (y1 - y0)) / P, places: k }
  })
  return {
    placeShare, incidentShare,
    topPlaces: topShares.map((p) => ({ placeShare: p, incidentShare: curveAt(p) })),
    holding, repeatPlaces, repeatShare: N > 0 ? atRepeat / N : 0,
  }
}
