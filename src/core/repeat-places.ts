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
 * - by text (`by: 'address'`, or `by: 'victim'`: repeat victims, the incidents against the
 *   same person as the file names them): the incidents whose normalised text is equal
 *   (normaliseText: NFKC, trimmed, inner white space collapsed, lower case). Incidents with an
 *   empty text belong to no place. The anchor is the most frequent exact location of the
 *   place's incidents (ties: the one seen first).
 *   By victim a "place" is a victim: the same table, shares and concentration figures; the
 *   repeat share (concentration's repeatShare) is then the repeat victimisation rate, the share
 *   of incidents against victims with 2 or more incidents.
 *
 * A place's label is the most frequent non-empty address text of its incidents (ties: the one
 * seen first in the data). Places are ranked by count, most first; ties keep the order the
 * places were made in (by place: the anchors' order above; by text: first appearance).
 * Shares are of the placed incidents (`total`): incidents without a finite location, or
 * without a text when grouping by text, are listed in `unplaced` and in no share.
 */
import { packedString, type PackedStrings } from './incidents'
import { EARTH_RADIUS_M } from './local-projection'

export type RepeatPlacesBy = 'place' | 'address' | 'victim'

export const DEFAULT_SNAP_M = 30

export interface RepeatPlacesOptions {
  /** 'place' (default): snap distance clustering; 'address' / 'victim': equal normalised `address` / `victim` text */
  by?: RepeatPlacesBy
  /** metres (default 30); by place only */
  snap?: number
  /** rows to consider (nonzero); undefined = all */
  keep?: Uint8Array
  /** the incidents' address texts: the places' labels, and the key when by = 'address' */
  address?: PackedStrings
  /** the incidents' victims: the key when by = 'victim' */
  victim?: PackedStrings
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
  /** by victim only: the victim as the file writes it most often among its incidents (ties: the first) */
  victim?: string[]
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
  if (by === 'victim' && !opts.victim) throw new Error('grouping by victim needs the incidents\' victim column')
  const { keep } = opts
  let n = 0
  const unplaced: number[] = []
  const located = new Uint32Array(count)
  for (let i = 0; i < count; i++) {
    if (keep && !keep[i]) continue
    if (Number.isFinite(lon[i]) && Number.isFinite(lat[i])) located[n++] = i
    else unplaced.push(i)
  }
  const rows = located.subarray(0, n)
  const locs = exactLocations(lon, lat, rows)
  const g = by === 'place' ? placesBySnap(lon, lat, locs, count, snap) : placesByText(rows, (by === 'victim' ? opts.victim : opts.address)!, count, unplaced)
  if (by !== 'place') g.anchor = mostFrequentLocation(locs, g)
  const r = rank(by, by === 'place' ? snap : NaN, g, lon, lat, count, opts.address, unplaced)
  if (by === 'victim') r.victim = Array.from({ length: r.places }, (_, k) => mode(nonEmptyTexts(opts.victim!, placeRows(r, k)))[0] ?? '')
  return r
}

/**
 * Rows grouped by exact location: the rows of location l are order[start[l] .. start[l + 1]),
 * ascending; `ranked` lists the locations by count desc, then first row.
 */
interface Locations {
  order: Uint32Array
  start: Uint32Array
  ranked: Uint32Array
}

/** Exact locations of `rows` (ascending row indices); flat typed arrays, as a million small arrays would keep the collector busy. */
function exactLocations(lon: Float64Array, lat: Float64Array, rows: Uint32Array): Locations {
  // (a Map keyed on the longitude is slower: doubles are boxed keys)
  const order = rows.slice().sort((a, b) => lon[a] - lon[b] || lat[a] - lat[b] || a - b)
  const starts: number[] = order.length > 0 ? [0] : []
  let most = 0
  for (let k = 1; k < order.length; k++) {
    const i = order[k], prev = order[k - 1]
    if (lon[prev] === lon[i] && lat[prev] === lat[i]) continue
    most = Math.max(most, k - starts[starts.length - 1])
    starts.push(k)
  }
  if (starts.length > 0) most = Math.max(most, order.length - starts[starts.length - 1])
  const L = starts.length
  const start = new Uint32Array(L + 1)
  start.set(starts)
  start[L] = order.length
  // count desc, then first row: one number per location, unique and below 2^53, sorted
  // natively rather than with a comparator
  const n = order.length === 0 ? 1 : rows[rows.length - 1] + 1
  const keys = new Float64Array(L)
  const byFirst = new Uint32Array(n)
  for (let l = 0; l < L; l++) {
    const first = order[start[l]]
    keys[l] = (most - (start[l + 1] - start[l])) * n + first
    byFirst[first] = l
  }
  keys.sort()
  const ranked = new Uint32Array(L)
  for (let k = 0; k < L; k++) ranked[k] = byFirst[keys[k] % n]
  return { order, start, ranked }
}

/** Places before ranking: per row its place (−1: none), places numbered in the order they were made; the anchor row of each. */
interface Grouping {
  placeOf: Int32Array
  places: number
  anchor: Uint32Array
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

/** Leader clustering of the exact locations (rules in the module comment). */
function placesBySnap(lon: Float64Array, lat: Float64Array, locs: Locations, count: number, snap: number): Grouping {
  const { order, start, ranked } = locs
  const L = ranked.length
  const placeOf = new Int32Array(count).fill(-1)
  if (L === 0) return { placeOf, places: 0, anchor: new Uint32Array(0) }
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxAbsLat = 0
  for (let l = 0; l < L; l++) {
    const i = order[start[l]]
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
  const alon = new Float64Array(L), alat = new Float64Array(L), anchor = new Uint32Array(L)
  // anchors per cell as linked lists: head.get(cell) = newest anchor, next[a] = the one before it (−1: none)
  const head = new Map<number, number>()
  const next = new Int32Array(L)
  let A = 0
  const snap2 = snap * snap
  for (let k = 0; k < L; k++) {
    const l = ranked[k]
    const first = order[start[l]]
    const x = lon[first], y = lat[first]
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
    if (best < 0) {
      best = A++
      const cell = cy * cols + cx
      alon[best] = x; alat[best] = y; anchor[best] = first
      next[best] = head.get(cell) ?? -1
      head.set(cell, best)
    }
    for (let j = start[l]; j < start[l + 1]; j++) placeOf[order[j]] = best
  }
  return { placeOf, places: A, anchor: anchor.slice(0, A) }
}

/** Places of equal normalised text, in order of first appearance; rows with an empty text go to `unplaced`. */
function placesByText(rows: Uint32Array, text: PackedStrings, count: number, unplaced: number[]): Grouping {
  const placeOf = new Int32Array(count).fill(-1)
  const ids = new Map<string, number>()
  for (const i of rows) {
    const k = normaliseText(packedString(text, i))
    if (k === '') { unplaced.push(i); continue }
    let id = ids.get(k)
    if (id === undefined) ids.set(k, (id = ids.size))
    placeOf[i] = id
  }
  return { placeOf, places: ids.size, anchor: new Uint32Array(ids.size) }
}

/**
 * Per place, the first row of its most frequent exact location (ties: the location whose
 * first row of the place comes first).
 */
function mostFrequentLocation(locs: Locations, g: Grouping): Uint32Array {
  const { order, start } = locs
  const bestN = new Uint32Array(g.places)
  const anchor = g.anchor
  const n = new Map<number, number>()
  const first = new Map<number, number>()
  for (let l = 0; l + 1 < start.length; l++) {
    n.clear(); first.clear()
    for (let j = start[l]; j < start[l + 1]; j++) {
      const i = order[j], p = g.placeOf[i]
      if (p < 0) continue
      n.set(p, (n.get(p) ?? 0) + 1)
      if (!first.has(p)) first.set(p, i)
    }
    for (const [p, c] of n) {
      const f = first.get(p)!
      if (c > bestN[p] || (c === bestN[p] && f < anchor[p])) { bestN[p] = c; anchor[p] = f }
    }
  }
  return anchor
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
  by: RepeatPlacesBy, snap: number, g: Grouping, lon: Float64Array, lat: Float64Array, count: number,
  address: PackedStrings | undefined, unplaced: number[],
): RepeatPlaces {
  const made = new Uint32Array(g.places)
  for (let i = 0; i < count; i++) if (g.placeOf[i] >= 0) made[g.placeOf[i]]++
  const P = g.places
  let total = 0, most = 0
  for (let p = 0; p < P; p++) { total += made[p]; most = Math.max(most, made[p]) }
  // count desc, then made first (creation order), as one native sort of unique numbers
  const keys = new Float64Array(P)
  for (let p = 0; p < P; p++) keys[p] = (most - made[p]) * P + p
  keys.sort()
  const rankOf = new Int32Array(P)
  const out: RepeatPlaces = {
    by, snap, places: P, total,
    lon: new Float64Array(P), lat: new Float64Array(P), count: new Uint32Array(P),
    share: new Float64Array(P), cumulativeShare: new Float64Array(P), label: new Array<string>(P), labelCount: new Uint32Array(P),
    rowStart: new Uint32Array(P + 1), rows: new Uint32Array(total), placeOf: new Int32Array(count).fill(-1),
    unplaced: Uint32Array.from(unplaced).sort(),
  }
  let cum = 0
  for (let k = 0; k < P; k++) {
    const p = keys[k] % P
    rankOf[p] = k
    out.lon[k] = lon[g.anchor[p]]
    out.lat[k] = lat[g.anchor[p]]
    out.count[k] = made[p]
    cum += made[p]
    out.share[k] = made[p] / total
    out.cumulativeShare[k] = cum / total
    out.rowStart[k + 1] = cum
  }
  // rows in ascending order within each place: a counting sort over the rows
  const at = out.rowStart.slice(0, P)
  for (let i = 0; i < count; i++) {
    const p = g.placeOf[i]
    if (p < 0) continue
    const k = rankOf[p]
    out.placeOf[i] = k
    out.rows[at[k]++] = i
  }
  for (let k = 0; k < P; k++) {
    const [label, n] = address ? mode(nonEmptyTexts(address, placeRows(out, k))) : [undefined, 0]
    out.label[k] = label ?? ''
    out.labelCount[k] = n
  }
  return out
}

const placeRows = (r: RepeatPlaces, k: number) => r.rows.subarray(r.rowStart[k], r.rowStart[k + 1])

function* nonEmptyTexts(text: PackedStrings, rows: Uint32Array): Generator<string> {
  for (const i of rows) {
    if (text.offsets[i + 1] === text.offsets[i]) continue
    const s = packedString(text, i).trim()
    if (s !== '') yield s
  }
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
