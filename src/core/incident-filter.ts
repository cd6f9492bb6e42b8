/**
 * Which incidents the desk and the wall show: categories and subtypes, a date range, an hour
 * range of the local (Asia/Shanghai) day that may run across midnight, and weekdays. The map
 * applies it on the GPU; analyses in the worker apply the same spec on the CPU.
 *
 * Two halves, one meaning:
 * - `keepMask` is the CPU reference (the worker's analyses use it);
 * - `filterAttributes` + `gpuFilterProps` are what deck.gl's DataFilterExtension needs to do
 *   the same test per vertex. The attributes are built once per dataset; a filter change only
 *   produces new `filterRange` / `filterCategories` uniforms. `gpuFilterProps(...).exact`
 *   says when the GPU test equals keepMask (tests/unit/core/incident-filter.test.ts checks it
 *   on random specs), so a caller never draws a silently different selection.
 */
import { countWindows, windowEndOf, windowTouches, WEEK_HOURS } from './aoristic'
import { localHour, localWeekday, SHANGHAI_OFFSET_MS } from './periods'

export interface IncidentFilterSpec {
  /** codes into CATEGORIES; null = all */
  categories: number[] | null
  /** codes into the incidents' `subtypes` dictionary; null = all */
  subtypes: number[] | null
  /** epoch ms, [from, to); null = open */
  from: number | null
  to: number | null
  /**
   * local hours [start, end), 0..24; start > end runs across midnight (22, 6); null = all day.
   * start == end is a full turn from `start`, i.e. all day: it follows from the across-midnight
   * rule (h ≥ start or h < end), and a pair of equal selects should not blank the map.
   */
  hours: [number, number] | null
  /** local weekdays, 0 = Monday … 6 = Sunday; null = every day */
  weekdays: number[] | null
}

export const NO_FILTER: Readonly<IncidentFilterSpec> = Object.freeze({
  categories: null, subtypes: null, from: null, to: null, hours: null, weekdays: null,
})

/** The columns a filter reads (IncidentColumns has them; `subtype` may be left out). */
export interface FilterableIncidents {
  count: number
  time: Float64Array
  category: Uint8Array
  /** when absent, a subtype filter cannot be applied and is skipped */
  subtype?: Uint16Array
  /** window ends (IncidentColumns.timeTo): hours and weekdays keep a row whose window touches them */
  timeTo?: Float64Array
}

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

/** Is local hour h (integer 0..23) inside [start, end), wrapping past midnight when start ≥ end? */
export function hourInRange(h: number, [start, end]: [number, number]): boolean {
  return start < end ? h >= start && h < end : h >= start || h < end
}

const isFullDay = (hours: [number, number] | null) => hours === null || hours[0] === hours[1] || (hours[0] <= 0 && hours[1] >= 24)

/** True when the spec keeps every incident (then keepMask returns undefined). */
export function keepsAll(spec: IncidentFilterSpec): boolean {
  return spec.categories === null && spec.subtypes === null && spec.from === null && spec.to === null &&
    isFullDay(spec.hours) && spec.weekdays === null
}

/** lookup[v] = 1 for each listed v in 0..size-1; undefined for null (= all) */
function lookup(list: number[] | null, size: number): Uint8Array | undefined {
  if (list === null) return undefined
  const out = new Uint8Array(size)
  for (const v of list) if (v >= 0 && v < size) out[v] = 1
  return out
}

/**
 * keep[i] = 1 for the incidents the spec shows, 0 for the others; undefined when it shows all
 * (callers skip the mask then). Hours and weekdays are Asia/Shanghai local time, whatever the
 * host's zone.
 *
 * An incident with a time window (timeTo) cannot be split by a mask: the hours and weekdays
 * keep it when some instant of its window falls in a selected hour of a selected weekday (a
 * bicycle stolen between 22:00 and 07:00 is shown under "02:00–04:00"); the date range tests
 * its start, as for every incident. The analyses then spread the kept row over its whole window.
 */
export function keepMask(inc: FilterableIncidents, spec: IncidentFilterSpec): Uint8Array | undefined {
  if (keepsAll(spec)) return undefined
  const { count, time, category, subtype } = inc
  const cats = lookup(spec.categories, 256)
  const subs = subtype ? lookup(spec.subtypes, 65536) : undefined
  const hours = isFullDay(spec.hours) ? undefined : new Uint8Array(24).map((_, h) => (hourInRange(h, spec.hours!) ? 1 : 0))
  const days = lookup(spec.weekdays, 7)
  const from = spec.from ?? -Infinity, to = spec.to ?? Infinity
  // the selected hours of the week, for rows with a window
  const cells = inc.timeTo && (hours || days)
    ? new Uint8Array(WEEK_HOURS).map((_, k) => ((!hours || hours[k % 24]) && (!days || days[Math.floor(k / 24)]) ? 1 : 0))
    : undefined
  const keep = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const t = time[i]
    if (!(t >= from && t < to)) continue
    if (cats && !cats[category[i]]) continue
    if (subs && !subs[subtype![i]]) continue
    const e = cells ? windowEndOf(time, inc.timeTo, i) : NaN
    if (!Number.isNaN(e)) {
      if (!windowTouches(t, e, cells!)) continue
    } else {
      if (hours && !hours[localHour(t)]) continue
      if (days && !days[localWeekday(t)]) continue
    }
    keep[i] = 1
  }
  return keep
}

// ---------------------------------------------------------------------------------------------
// GPU side (deck.gl DataFilterExtension with filterSize 1 and categorySize 4)

/**
 * DataFilterExtension with categorySize 4 gives each category channel a 32-bit mask, so each
 * channel holds keys 0..31. Hours (24), weekdays (7) and categories (5) fit; subtypes beyond
 * code 30 share key 31, which is exact as long as a spec takes those subtypes all or none.
 */
export const CATEGORY_KEYS = 32
const SUBTYPE_SHARED_KEY = CATEGORY_KEYS - 1
/** Float32 holds every integer up to 2^24: whole minutes over ≈ 31.9 years from the base day. */
const FLOAT32_EXACT_INT = 2 ** 24

export interface IncidentFilterAttributes {
  count: number
  /** local midnight (epoch ms) of the earliest incident's day; minutes count from it */
  baseTime: number
  /** whole minutes since baseTime (floored); deck.gl `getFilterValue` (filterSize 1) */
  minutes: Float32Array
  minMinute: number
  maxMinute: number
  /**
   * [hour 0..23, weekday 0..6, category, subtype key 0..31] per incident, interleaved; deck.gl's
   * `filterCategoryValues` (categorySize 4) as an external buffer, read as the category keys
   * themselves (see map/layers/incident-gpu-filter.ts). Uint32 because the shader input is a
   * uvec4 and WebGL2 refuses a byte attribute bound to it (GL_INVALID_OPERATION).
   */
  categories: Uint32Array
  /** the subtype codes ≥ 31 present in the data, which share key 31 */
  sharedSubtypes: number[]
  /** false when built without a subtype column: a subtype filter is skipped, as in keepMask */
  hasSubtypes: boolean
  /** some incident has a time window: the GPU tests its start hour only, keepMask its whole window */
  hasWindows: boolean
}

const ALL_KEYS = Array.from({ length: CATEGORY_KEYS }, (_, k) => k)
/** far outside any minute (but finite: deck.gl reads a non-finite filterRange[0] as a list of ranges) */
const OPEN = 1e30

const attributeCache = new WeakMap<FilterableIncidents, IncidentFilterAttributes>()

/** Per-incident GPU filter attributes, built once per dataset (cached by object identity). */
export function filterAttributes(inc: FilterableIncidents): IncidentFilterAttributes {
  let attrs = attributeCache.get(inc)
  if (!attrs) {
    attrs = buildFilterAttributes(inc)
    attributeCache.set(inc, attrs)
  }
  return attrs
}

function buildFilterAttributes({ count, time, category, subtype, timeTo }: FilterableIncidents): IncidentFilterAttributes {
  let tMin = Infinity
  for (let i = 0; i < count; i++) if (time[i] < tMin) tMin = time[i]
  // Local midnight, so minute m of the attribute is a readable local clock time.
  const baseTime = Number.isFinite(tMin) ? Math.floor((tMin + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS : 0
  const minutes = new Float32Array(count)
  const categories = new Uint32Array(count * 4)
  let minMinute = Infinity, maxMinute = -Infinity
  const seenShared = new Uint8Array(65536)
  for (let i = 0; i < count; i++) {
    const t = time[i]
    const m = Math.floor((t - baseTime) / MINUTE_MS)
    // NaN times: below any range, so an active filter drops them as keepMask does
    minutes[i] = Number.isFinite(m) ? m : -2 * OPEN
    if (m < minMinute) minMinute = m
    if (m > maxMinute) maxMinute = m
    const k = 4 * i
    categories[k] = localHour(t)
    categories[k + 1] = localWeekday(t)
    categories[k + 2] = category[i]
    categories[k + 3] = subtype ? Math.min(subtype[i], SUBTYPE_SHARED_KEY) : 0
    if (subtype && subtype[i] >= SUBTYPE_SHARED_KEY) seenShared[subtype[i]] = 1
  }
  const sharedSubtypes: number[] = []
  seenShared.forEach((seen, s) => { if (seen) sharedSubtypes.push(s) })
  if (!Number.isFinite(minMinute)) minMinute = maxMinute = 0
  return {
    count, baseTime, minutes, minMinute, maxMinute, categories, sharedSubtypes, hasSubtypes: subtype !== undefined,
    hasWindows: countWindows(time, timeTo, count) > 0,
  }
}

export interface GpuFilterProps {
  filterEnabled: boolean
  /** inclusive [min, max] on `minutes` (the GPU compares with ≤ on both ends) */
  filterRange: [number, number]
  /** allowed keys per channel: [hours, weekdays, categories, subtype keys] */
  filterCategories: [number[], number[], number[], number[]]
  /**
   * true when the GPU selects exactly keepMask's incidents. False for date bounds that are not
   * whole minutes, for a subtype choice that splits the shared key 31, for data spanning
   * more minutes than float32 holds exactly, and for hours or weekdays over incidents with time
   * windows (the GPU sees one hour per incident); the caller then filters on the CPU instead.
   */
  exact: boolean
}


const keysOf = (list: number[] | null) => (list === null ? ALL_KEYS : [...new Set(list.filter((v) => v >= 0 && v < CATEGORY_KEYS))])

/** The DataFilterExtension props that show what `spec` keeps, for attributes `attrs`. */
export function gpuFilterProps(attrs: IncidentFilterAttributes, spec: IncidentFilterSpec): GpuFilterProps {
  const hours = isFullDay(spec.hours) ? ALL_KEYS : ALL_KEYS.filter((h) => h < 24 && hourInRange(h, spec.hours!))
  const subtypes = subtypeKeys(attrs, spec.subtypes)
  // [from, to) on instants → [F, T − 1] on whole minutes, exact when from/to are whole minutes:
  // t ≥ from ⇔ floor((t − base)/min) ≥ F and t < to ⇔ floor(...) ≤ T − 1. Bounds are clamped
  // to just outside the data so that float32 keeps them exact.
  const lo = attrs.minMinute - 1, hi = attrs.maxMinute + 1
  const clamp = (m: number) => Math.min(hi, Math.max(lo, m))
  const toMinute = (t: number) => (t - attrs.baseTime) / MINUTE_MS
  const min = spec.from === null ? -OPEN : clamp(Math.ceil(toMinute(spec.from)))
  const max = spec.to === null ? OPEN : clamp(Math.ceil(toMinute(spec.to)) - 1)
  const wholeMinutes = (t: number | null) => t === null || (t - attrs.baseTime) % MINUTE_MS === 0
  const float32Exact = !(Math.max(Math.abs(lo), Math.abs(hi)) >= FLOAT32_EXACT_INT)
  const windowsExact = !attrs.hasWindows || (isFullDay(spec.hours) && spec.weekdays === null)
  return {
    filterEnabled: !keepsAll(spec),
    filterRange: [min, max],
    filterCategories: [hours, keysOf(spec.weekdays), keysOf(spec.categories), subtypes.keys],
    exact: wholeMinutes(spec.from) && wholeMinutes(spec.to) && subtypes.exact && float32Exact && windowsExact,
  }
}

/**
 * Codes ≥ 31 share GPU key 31: it is allowed when the spec takes every such code the data
 * has, and the GPU is exact only when the spec takes all of them or none.
 */
function subtypeKeys(attrs: IncidentFilterAttributes, subtypes: number[] | null): { keys: number[]; exact: boolean } {
  if (subtypes === null || !attrs.hasSubtypes) return { keys: ALL_KEYS, exact: true }
  const chosen = new Set(subtypes)
  const keys = [...chosen].filter((s) => s >= 0 && s < SUBTYPE_SHARED_KEY)
  const shared = attrs.sharedSubtypes.filter((s) => chosen.has(s)).length
  if (attrs.sharedSubtypes.length > 0 && shared === attrs.sharedSubtypes.length) keys.push(SUBTYPE_SHARED_KEY)
  return { keys, exact: shared === 0 || shared === attrs.sharedSubtypes.length }
}
