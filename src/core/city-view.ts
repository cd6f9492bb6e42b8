/**
 * The city view's pure parts: which zoom draws aggregates and which the incidents themselves,
 * which districts a view meets, the tile query a filter makes, and the legend's classes from
 * the densities actually drawn.
 */
import type { IncidentColumns, PackedStrings } from './incidents'
import { hourInRange, type IncidentFilterSpec } from './incident-filter'

/** From this zoom on the incidents themselves are drawn (the window's columns); below it, hexagons from the tiles. */
export const CITY_STREET_ZOOM = 14

/** [west, south, east, north], WGS-84 */
export type Bbox = readonly [number, number, number, number]

export const bboxesMeet = (a: Bbox, b: Bbox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]

/** The ids of the districts whose box meets the view, in the order given. */
export function districtsInView(districts: readonly { id: number; bbox: Bbox }[], view: Bbox): number[] {
  return districts.filter((d) => bboxesMeet(d.bbox, view)).map((d) => d.id)
}

/**
 * The query the tiles take for a filter (the server's tile contract): the period in epoch ms,
 * categories as indexes into CATEGORIES, hours as a 24-bit mask of local hours (bit h keeps
 * [h:00, h+1:00), the filter's across-midnight rule applied here), weekdays as a 7-bit mask
 * (bit 0 Monday). Parameters of an open filter are left out, so every seat with the same
 * filter asks the same URL. Subtypes are the desk's dictionary codes and mean nothing to the
 * tiles: they are not sent.
 */
export function cityTileQuery(spec: IncidentFilterSpec): string {
  const q = new URLSearchParams()
  if (spec.from !== null) q.set('from', String(spec.from))
  if (spec.to !== null) q.set('to', String(spec.to))
  if (spec.categories !== null) q.set('categories', [...spec.categories].sort((a, b) => a - b).join(','))
  if (spec.hours !== null) {
    let mask = 0
    for (let h = 0; h < 24; h++) if (hourInRange(h, spec.hours) || spec.hours[0] === spec.hours[1]) mask |= 1 << h
    if (mask !== ALL_HOURS) q.set('hours', String(mask))
  }
  if (spec.weekdays !== null) {
    const mask = spec.weekdays.reduce((m, d) => m | (1 << d), 0)
    if (mask !== ALL_WEEKDAYS) q.set('weekdays', String(mask))
  }
  return q.toString()
}

const ALL_HOURS = 0xffffff
const ALL_WEEKDAYS = 0x7f

/** A number rounded to two significant digits, so a legend's bounds read as numbers people write. */
export function twoDigits(x: number): number {
  return x > 0 ? Number(x.toPrecision(2)) : 0
}

/**
 * Lower bounds of up to `k` classes over the densities drawn (per km²): quantiles, so each
 * colour covers about as many cells, rounded to two digits and without repeats. The first bound
 * is 0; an empty list gives [0]. The map colours a cell by the last bound at or below its density.
 */
export function densityBreaks(densities: ArrayLike<number>, k: number): number[] {
  const v = Array.from(densities).filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b)
  const breaks = [0]
  if (!v.length) return breaks
  for (let i = 1; i < k; i++) {
    const b = twoDigits(v[Math.min(v.length - 1, Math.floor((i * v.length) / k))])
    if (b > breaks[breaks.length - 1]) breaks.push(b)
  }
  return breaks
}

/** The class of a density under `breaks` (densityBreaks): the last bound at or below it. */
export function densityClass(density: number, breaks: readonly number[]): number {
  let c = 0
  while (c + 1 < breaks.length && density >= breaks[c + 1]) c++
  return c
}

function concatPacked(parts: readonly PackedStrings[]): PackedStrings {
  const count = parts.reduce((n, p) => n + p.offsets.length - 1, 0)
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.bytes.length, 0))
  const offsets = new Uint32Array(count + 1)
  let b = 0, k = 0
  for (const p of parts) {
    bytes.set(p.bytes, b)
    for (let i = 1; i < p.offsets.length; i++) offsets[++k] = b + p.offsets[i]
    b += p.bytes.length
  }
  return { bytes, offsets }
}

/**
 * The windows of several districts as one set of columns, for the one incidents layer that
 * draws them: subtype codes are mapped onto one dictionary (first seen, first coded), window
 * ends kept when any part has them. Victims are never in a server's window.
 */
export function concatIncidents(parts: readonly IncidentColumns[]): IncidentColumns {
  if (parts.length === 1) return parts[0]
  const n = parts.reduce((s, p) => s + p.count, 0)
  const lon = new Float64Array(n), lat = new Float64Array(n), time = new Float64Array(n)
  const category = new Uint8Array(n), subtype = new Uint16Array(n)
  const withEnds = parts.some((p) => p.timeTo)
  const timeTo = withEnds ? new Float64Array(n).fill(NaN) : undefined
  const subtypes: string[] = []
  const code = new Map<string, number>()
  let at = 0
  for (const p of parts) {
    lon.set(p.lon, at); lat.set(p.lat, at); time.set(p.time, at); category.set(p.category, at)
    if (timeTo && p.timeTo) timeTo.set(p.timeTo, at)
    const map = p.subtypes.map((s) => {
      let c = code.get(s)
      if (c === undefined) code.set(s, (c = subtypes.push(s) - 1))
      return c
    })
    for (let i = 0; i < p.count; i++) subtype[at + i] = map[p.subtype[i]]
    at += p.count
  }
  return {
    count: n, lon, lat, time, category, subtype, subtypes, ...(timeTo && { timeTo }),
    id: concatPacked(parts.map((p) => p.id)), address: concatPacked(parts.map((p) => p.address)),
  }
}
