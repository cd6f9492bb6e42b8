/**
 * Validation and normalisation of an imported GeoJSON layer (areas, buildings, roads, points).
 *
 * Bad features are rejected into the ImportReport with their 1-based feature number and a
 * RejectReason; good ones come out as a new WGS-84 FeatureCollection with the canonical
 * properties of the data contract (src/ARCHITECTURE.md, "Data contracts"). Nothing here throws on bad data.
 *
 * Self-intersections: @turf/kinks reports every point where two non-adjacent edges of a
 * polygon meet, which includes places where a ring only *touches* itself or another ring at a
 * vertex (a figure-8 drawn through one shared vertex, a hole touching its shell, a vertex lying
 * on another edge) as well as true crossings (a bow-tie). Touching at a vertex is common in
 * cadastral and shapefile data and harmless for the point-in-polygon joins the app does (they
 * are even-odd over all rings), so only a true crossing is rejected: at each point kinks finds,
 * the boundary passes through it along two or more paths; two paths cross when their directions
 * interleave around the point. Touches are counted in a warning. Limits: kinks skips pairs of
 * parallel segments, so a ring running back along itself (an overlap, a zero-width spike) shows
 * only as touches at the ends of the overlap and is kept; a hole outside its shell is not
 * looked for; MultiPolygon parts are checked one by one, so overlapping parts are not either.
 * kinks compares every edge with every other: a 3,400-vertex Chicago district takes ~0.1 s.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson'
import { kinks } from '@turf/kinks'
import { AREA_KINDS, KIND_GEOMETRY, type DatasetKind, type GeometryClass } from './dataset-kinds'
import { convertGeometry, type Crs } from './coords'
import { addRejected, emptyReport, type ImportReport, type RejectReason } from './import-report'

export interface FeatureValidateOptions {
  /** the file's system; output is WGS-84 */
  crs: Crs
  fileName?: string
  /** canonical field → source property name, e.g. { id: 'adcode', name: 'name', population: 'POP' };
   *  a field not given is read from the property of its canonical name */
  properties?: Partial<Record<string, string>>
}

/** Kinds whose features need an id from the file (buildings and roads get `#<n>` instead). */
const ID_OPTIONAL: ReadonlySet<DatasetKind> = new Set(['buildings', 'roads'])
const AREA_SET: ReadonlySet<DatasetKind> = new Set(AREA_KINDS)

/** Feature numbers listed in one warning before "and N more". */
const LIST_MAX = 20

// ---------------------------------------------------------------------------------------------
// small helpers

type Bad = { reason: RejectReason; detail?: string }
type Checked<T> = { ok: T } | { bad: Bad }

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

// C0 controls except tab: they break CSV exports, labels and logs, and carry no text
const CONTROL_RE = /[\u0000-\u0008\u000a-\u001f]/g

/** Strings with control characters stripped, recursively; everything else as is. */
function cleanValue(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(CONTROL_RE, '')
  if (Array.isArray(v)) return v.map(cleanValue)
  if (isObject(v)) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = cleanValue(x)
    return out
  }
  return v
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
}

/** A key-like value (id, parent_id) as a trimmed string, or null when it is not one. */
function keyString(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null
  if (typeof v === 'string') {
    const s = v.replace(CONTROL_RE, '').trim()
    return s === '' ? null : s
  }
  return null
}

const PLAIN_NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** A finite number ≥ 0 from a number or a plain numeric string ("12,345" and "12人" are not). */
function nonNegative(v: unknown): number | null {
  let x = NaN
  if (typeof v === 'number') x = v
  else if (typeof v === 'string' && PLAIN_NUMBER_RE.test(v.trim())) x = Number(v.trim())
  return Number.isFinite(x) && x >= 0 ? x : null
}

const fmt = (x: number) => String(Math.round(x * 1e7) / 1e7)
const fmtPos = (p: Position) => `${fmt(p[0])},${fmt(p[1])}`

function listFeatures(nums: readonly (number | string)[]): string {
  const head = nums.slice(0, LIST_MAX).join(', ')
  return nums.length > LIST_MAX ? `${head} and ${nums.length - LIST_MAX} more` : head
}

function shortJson(v: unknown): string {
  let s: string
  try {
    s = JSON.stringify(v) ?? String(v)
  } catch {
    // arrays nested thousands deep (a hostile file) overflow JSON.stringify's stack
    s = Array.isArray(v) ? '[[…]]' : String(v)
  }
  return s.length > 60 ? s.slice(0, 60) + '…' : s
}

// ---------------------------------------------------------------------------------------------
// coordinates

/** [lon, lat] or [lon, lat, z]; anything after a finite z is dropped. */
function readPosition(p: unknown, where: string): Checked<Position> {
  if (!Array.isArray(p) || p.length < 2) return { bad: { reason: 'bad_coordinates', detail: `${where}: ${shortJson(p)} is not [lon, lat]` } }
  const [x, y, z] = p as unknown[]
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    return { bad: { reason: 'bad_coordinates', detail: `${where}: ${shortJson(p)} is not finite numbers` } }
  }
  if (x < -180 || x > 180 || y < -90 || y > 90) {
    return { bad: { reason: 'coordinates_out_of_range', detail: `${where}: ${x},${y}` } }
  }
  return { ok: typeof z === 'number' && Number.isFinite(z) ? [x, y, z] : [x, y] }
}

function readPositions(raw: unknown, where: string): Checked<Position[]> {
  if (!Array.isArray(raw)) return { bad: { reason: 'bad_coordinates', detail: `${where}: not an array of positions` } }
  const out: Position[] = []
  for (let i = 0; i < raw.length; i++) {
    const p = readPosition(raw[i], `${where} position ${i + 1}`)
    if ('bad' in p) return p
    out.push(p.ok)
  }
  return { ok: out }
}

const samePos = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1]

function distinctCount(ps: Position[], stopAt: number): number {
  const seen = new Set<string>()
  for (const p of ps) {
    seen.add(`${p[0]},${p[1]}`)
    if (seen.size >= stopAt) break
  }
  return seen.size
}

interface PolygonState {
  /** rings were closed by us */
  closed: boolean
}

/** A polygon's rings, closed; `where` prefixes details ("part 2, " for a MultiPolygon part). */
function readPolygonRings(raw: unknown, where: string, st: PolygonState): Checked<Position[][]> {
  if (!Array.isArray(raw)) return { bad: { reason: 'bad_coordinates', detail: `${where}not an array of rings` } }
  if (raw.length === 0) return { bad: { reason: 'invalid_geometry', detail: `${where}no rings` } }
  const rings: Position[][] = []
  for (let r = 0; r < raw.length; r++) {
    const ring = readPositions(raw[r], `${where}ring ${r + 1}`)
    if ('bad' in ring) return ring
    const ps = ring.ok
    if (ps.length > 0 && !samePos(ps[0], ps[ps.length - 1])) {
      ps.push(ps[0].slice())
      st.closed = true
    }
    if (ps.length < 4) return { bad: { reason: 'invalid_geometry', detail: `${where}ring ${r + 1}: ${ps.length} positions (a ring needs 4)` } }
    const d = distinctCount(ps, 3)
    if (d < 3) return { bad: { reason: 'invalid_geometry', detail: `${where}ring ${r + 1}: ${d} distinct vertices (a ring needs 3)` } }
    rings.push(ps)
  }
  return { ok: rings }
}

function readLine(raw: unknown, where: string): Checked<Position[]> {
  const line = readPositions(raw, where)
  if ('bad' in line) return line
  const d = distinctCount(line.ok, 2)
  if (d < 2) return { bad: { reason: 'invalid_geometry', detail: `${where}: ${d} distinct positions (a line needs 2)` } }
  return line
}

const EXPECTED: Record<Exclude<GeometryClass, 'table'>, string> = {
  polygon: 'Polygon or MultiPolygon',
  line: 'LineString or MultiLineString',
  point: 'Point',
}

/** Structure, coordinates and ring/line validity of one geometry (before conversion). */
function readGeometry(g: unknown, cls: Exclude<GeometryClass, 'table'>, st: PolygonState): Checked<Geometry> {
  if (g === undefined || g === null) return { bad: { reason: 'no_geometry' } }
  const type = isObject(g) ? g.type : undefined
  if (!isObject(g) || typeof type !== 'string') return { bad: { reason: 'no_geometry', detail: `geometry is ${shortJson(g)}` } }
  const wrong = (extra = ''): Checked<Geometry> => ({
    bad: { reason: 'wrong_geometry_type', detail: `${type}${extra} (expected ${EXPECTED[cls]})` },
  })
  const c = g.coordinates
  if (cls === 'polygon') {
    if (type === 'Polygon') {
      const rings = readPolygonRings(c, '', st)
      return 'bad' in rings ? rings : { ok: { type: 'Polygon', coordinates: rings.ok } }
    }
    if (type !== 'MultiPolygon') return wrong()
    if (!Array.isArray(c)) return { bad: { reason: 'bad_coordinates', detail: 'not an array of polygons' } }
    if (c.length === 0) return { bad: { reason: 'invalid_geometry', detail: 'no parts' } }
    const parts: Position[][][] = []
    for (let k = 0; k < c.length; k++) {
      const rings = readPolygonRings(c[k], `part ${k + 1}, `, st)
      if ('bad' in rings) return rings
      parts.push(rings.ok)
    }
    return { ok: { type: 'MultiPolygon', coordinates: parts } }
  }
  if (cls === 'line') {
    if (type === 'LineString') {
      const line = readLine(c, 'line')
      return 'bad' in line ? line : { ok: { type: 'LineString', coordinates: line.ok } }
    }
    if (type !== 'MultiLineString') return wrong()
    if (!Array.isArray(c)) return { bad: { reason: 'bad_coordinates', detail: 'not an array of lines' } }
    if (c.length === 0) return { bad: { reason: 'invalid_geometry', detail: 'no parts' } }
    const lines: Position[][] = []
    for (let k = 0; k < c.length; k++) {
      const line = readLine(c[k], `part ${k + 1}`)
      if ('bad' in line) return line
      lines.push(line.ok)
    }
    return { ok: { type: 'MultiLineString', coordinates: lines } }
  }
  // points: a one-point MultiPoint (shapefile exports write those) becomes a Point
  if (type === 'Point') {
    const p = readPosition(c, 'point')
    return 'bad' in p ? p : { ok: { type: 'Point', coordinates: p.ok } }
  }
  if (type === 'MultiPoint' && Array.isArray(c) && c.length === 1) {
    const p = readPosition(c[0], 'point 1')
    return 'bad' in p ? p : { ok: { type: 'Point', coordinates: p.ok } }
  }
  return wrong(type === 'MultiPoint' && Array.isArray(c) ? ` with ${c.length} points` : '')
}

// ---------------------------------------------------------------------------------------------
// self-intersection

/** distance below which a kink point is taken to lie on a vertex or an edge (degrees, ~0.1 mm) */
const EPS = 1e-9

/** One way the boundary passes through a point: the directions (radians) it comes from and goes to. */
interface Pass {
  ring: number
  a: number
  b: number
}

/** Rings without consecutive duplicate positions (zero-length edges make kinks report touches). */
function dedupeRing(ring: Position[]): Position[] {
  const out: Position[] = [ring[0]]
  for (let i = 1; i < ring.length; i++) if (!samePos(ring[i], out[out.length - 1])) out.push(ring[i])
  return out
}

const angle = (from: Position, to: Position) => Math.atan2(to[1] - from[1], to[0] - from[0])
const near = (p: Position, q: Position) => Math.abs(p[0] - q[0]) <= EPS && Math.abs(p[1] - q[1]) <= EPS

function nearSegment(p: Position, a: Position, b: Position): boolean {
  const dx = b[0] - a[0], dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  if (len2 === 0) return false
  const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2
  if (t <= 0 || t >= 1) return false
  const qx = a[0] + t * dx, qy = a[1] + t * dy
  return Math.abs(p[0] - qx) <= EPS && Math.abs(p[1] - qy) <= EPS
}

/** Every pass of the (closed, de-duplicated) rings through p. */
function passesThrough(p: Position, rings: Position[][]): Pass[] {
  const out: Pass[] = []
  rings.forEach((ring, r) => {
    const m = ring.length - 1 // distinct vertices; ring[m] repeats ring[0]
    for (let j = 0; j < m; j++) {
      const v = ring[j]
      if (near(p, v)) {
        out.push({ ring: r, a: angle(v, ring[j === 0 ? m - 1 : j - 1]), b: angle(v, ring[j + 1]) })
      } else if (!near(p, ring[j + 1]) && nearSegment(p, v, ring[j + 1])) {
        out.push({ ring: r, a: angle(ring[j + 1], v), b: angle(v, ring[j + 1]) })
      }
    }
  })
  return out
}

/** x strictly inside the counter-clockwise arc from a to b */
function inArc(x: number, a: number, b: number): boolean {
  const TAU = 2 * Math.PI
  const span = (((b - a) % TAU) + TAU) % TAU
  const off = (((x - a) % TAU) + TAU) % TAU
  return off > 0 && off < span
}

/** Two passes cross when exactly one direction of the second lies between those of the first. */
function crosses(p: Pass, q: Pass): boolean {
  // a shared direction is an overlapping edge: degenerate, not counted as a crossing
  if (q.a === p.a || q.a === p.b || q.b === p.a || q.b === p.b) return false
  return inArc(q.a, p.a, p.b) !== inArc(q.b, p.a, p.b)
}

type Topology = { crossing: string } | { touches: boolean }

/** True crossings (rejected) vs vertex touches (kept) of one polygon's rings. */
function polygonTopology(rings: Position[][]): Topology {
  const clean = rings.map(dedupeRing)
  const found = kinks({ type: 'Polygon', coordinates: clean })
  let touches = false
  for (const k of found.features) {
    const p = k.geometry.coordinates
    const passes = passesThrough(p, clean)
    for (let i = 0; i < passes.length; i++) {
      for (let j = i + 1; j < passes.length; j++) {
        if (!crosses(passes[i], passes[j])) continue
        const ri = passes[i].ring + 1, rj = passes[j].ring + 1
        const who = ri === rj ? `ring ${ri} crosses itself` : `rings ${Math.min(ri, rj)} and ${Math.max(ri, rj)} cross`
        return { crossing: `${who} at ${fmtPos(p)}` }
      }
    }
    touches = true
  }
  return { touches }
}

// ---------------------------------------------------------------------------------------------
// roads

type RoadClass = 'main' | 'secondary' | 'back'

/** Road class labels (trimmed, lower-cased): the contract's own, OSM highway / Geofabrik fclass, Chinese road grades. */
const ROAD_CLASSES: Readonly<Record<string, RoadClass>> = {
  main: 'main', secondary: 'secondary', back: 'back',
  motorway: 'main', motorway_link: 'main', trunk: 'main', trunk_link: 'main', primary: 'main', primary_link: 'main',
  secondary_link: 'secondary', tertiary: 'secondary', tertiary_link: 'secondary',
  unclassified: 'back', residential: 'back', service: 'back', living_street: 'back', pedestrian: 'back',
  track: 'back', road: 'back', footway: 'back', path: 'back', cycleway: 'back', steps: 'back', busway: 'back',
  '快速路': 'main', '主干道': 'main', '主干路': 'main',
  '次干道': 'secondary', '次干路': 'secondary',
  '支路': 'back',
}

/** Where a road's class is read from when the caller names no property. */
const ROAD_CLASS_FIELDS = ['class', 'highway', 'fclass']

// ---------------------------------------------------------------------------------------------

/** What the layer's warnings say, gathered feature by feature. */
interface Notes {
  unclosed: number[]
  touching: number[]
  generatedIds: number[]
  renamedDuplicates: string[]
  badPopulation: string[]
  badFloors: string[]
  unknownClass: Map<string, number>
}

function warnings(nt: Notes): string[] {
  const w: string[] = []
  const list = (what: string, xs: readonly (number | string)[]) => {
    if (xs.length) w.push(`${xs.length} feature(s) ${what} (features ${listFeatures(xs)})`)
  }
  list('had a ring that was not closed: closed', nt.unclosed)
  list('have rings touching at a vertex (not a crossing): kept', nt.touching)
  list('without an id were named #<feature number>', nt.generatedIds)
  list('repeat an id and were named #<feature number>', nt.renamedDuplicates)
  list('have a population that is not a number ≥ 0: value dropped, feature kept', nt.badPopulation)
  list('have floors that are not a number ≥ 0: value dropped, feature kept', nt.badFloors)
  if (nt.unknownClass.size) {
    const total = [...nt.unknownClass.values()].reduce((a, x) => a + x, 0)
    const labels = [...nt.unknownClass].map(([l, k]) => `${l === '' ? '(none)' : JSON.stringify(l)} ×${k}`).join(', ')
    w.push(`${total} road(s) have an unknown class, read as back: ${labels}`)
  }
  return w
}

/** A true crossing in any part rejects the feature; touches are only noted. */
function checkTopology(g: Geometry): Checked<{ touches: boolean }> {
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return { ok: { touches: false } }
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  let touches = false
  for (let k = 0; k < parts.length; k++) {
    const t = polygonTopology(parts[k])
    if ('crossing' in t) return { bad: { reason: 'self_intersection', detail: g.type === 'MultiPolygon' ? `part ${k + 1}: ${t.crossing}` : t.crossing } }
    touches ||= t.touches
  }
  return { ok: { touches } }
}

/**
 * The properties this module writes for a kind; an original property of the same name is
 * replaced, any other mapped field is copied to its canonical name.
 */
function canonicalFields(kind: DatasetKind): ReadonlySet<string> {
  const s = new Set(['id', 'name', 'parent_id'])
  if (AREA_SET.has(kind)) s.add('population')
  if (kind === 'roads') s.add('class')
  if (kind === 'buildings') s.add('floors')
  return s
}

/** A road's class from its mapped property, else the first of class / highway / fclass present. */
function roadClass(src: Record<string, unknown>, mapped: string | undefined, nt: Notes): RoadClass {
  const from = mapped ?? ROAD_CLASS_FIELDS.find((k) => !isBlank(src[k]))
  const raw = from === undefined ? undefined : src[from]
  const label = typeof raw === 'string' ? raw.trim().toLowerCase() : isBlank(raw) ? '' : String(raw)
  const c = ROAD_CLASSES[label]
  if (c === undefined) nt.unknownClass.set(label, (nt.unknownClass.get(label) ?? 0) + 1)
  return c ?? 'back'
}

interface PropertyContext {
  kind: DatasetKind
  map: Partial<Record<string, string>>
  canonical: ReadonlySet<string>
  notes: Notes
}

/** Canonical properties first, then every other original property (strings cleaned). */
function normaliseProperties(src: Record<string, unknown>, id: string, n: number, cx: PropertyContext): Record<string, unknown> {
  const { kind, map, notes } = cx
  const field = (canonical: string) => map[canonical] ?? canonical
  /** a number ≥ 0 from the field, or nothing (noted when present but unusable) */
  const count = (name: string, bad: string[]): number | undefined => {
    const raw = src[field(name)]
    if (isBlank(raw)) return undefined
    const x = nonNegative(raw)
    if (x === null) bad.push(`${n} (${shortJson(raw)})`)
    return x ?? undefined
  }
  const props: Record<string, unknown> = { id }
  const rawName = src[field('name')]
  props.name = typeof rawName === 'string' ? rawName.replace(CONTROL_RE, '') : typeof rawName === 'number' ? String(rawName) : ''
  const parent = keyString(src[field('parent_id')])
  if (parent !== null) props.parent_id = parent
  if (AREA_SET.has(kind)) {
    const pop = count('population', notes.badPopulation)
    if (pop !== undefined) props.population = pop
  }
  if (kind === 'roads') props.class = roadClass(src, map.class, notes)
  if (kind === 'buildings') {
    const floors = count('floors', notes.badFloors)
    if (floors !== undefined) props.floors = floors
  }
  for (const [k, v] of Object.entries(map)) {
    if (v !== undefined && !cx.canonical.has(k) && v in src) props[k] = cleanValue(src[v])
  }
  for (const [k, v] of Object.entries(src)) if (!cx.canonical.has(k) && !(k in props)) props[k] = cleanValue(v)
  return props
}

/**
 * Validate and normalise a layer of one kind (polygon, line or point kinds from
 * dataset-kinds.ts KIND_GEOMETRY; not 'population'). Returns a new FeatureCollection of the
 * good features and the report (report.kind = kind, report.crs = {from, converted}).
 *
 * Per feature n (1-based, the report `line`), the first problem found rejects it, in this
 * order: not a Feature (bad_value); no geometry; wrong geometry class; bad or out-of-range
 * coordinates; invalid rings/lines; a true self-crossing; missing id; duplicate id (the first
 * kept feature with the id wins). Unclosed rings are closed and counted in a warning.
 * Buildings and roads need no id: a missing or repeated one becomes `#<n>`, with a warning.
 *
 * Output properties: `id` (trimmed string; numbers stringified; the Feature's own `id` member
 * when the properties have none and no id mapping is given), `name` ('' if none), `parent_id`
 * (if any), `population` (area kinds, a number ≥ 0, if usable), roads' `class`
 * (main|secondary|back), buildings' `floors` (a number), then every other original property
 * as it was, with C0 control characters (except tab) stripped from all strings.
 */
export function validateFeatures(
  kind: DatasetKind,
  fc: FeatureCollection<Geometry | null>,
  opts: FeatureValidateOptions,
): { fc: FeatureCollection; report: ImportReport } {
  const report = emptyReport(kind, opts.fileName)
  report.crs = { from: opts.crs, converted: false }
  const out: FeatureCollection = { type: 'FeatureCollection', features: [] }
  const cls = KIND_GEOMETRY[kind]
  if (cls === 'table') {
    report.errors.push(`kind ${kind} has no geometry`)
    return { fc: out, report }
  }
  const input = fc as unknown
  if (!isObject(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    report.errors.push('not a GeoJSON FeatureCollection')
    return { fc: out, report }
  }
  const features = input.features as unknown[]
  if (features.length === 0) {
    report.errors.push('empty: no features')
    return { fc: out, report }
  }

  const map = opts.properties ?? {}
  const idField = map.id ?? 'id'
  const idOptional = ID_OPTIONAL.has(kind)
  const notes: Notes = {
    unclosed: [], touching: [], generatedIds: [], renamedDuplicates: [], badPopulation: [], badFloors: [], unknownClass: new Map(),
  }
  const cx: PropertyContext = { kind, map, canonical: canonicalFields(kind), notes }
  const firstById = new Map<string, number>()

  for (let i = 0; i < features.length; i++) {
    const n = i + 1
    report.rowsRead++
    const f = features[i]
    if (!isObject(f) || f.type !== 'Feature') {
      addRejected(report, n, 'bad_value', `not a GeoJSON Feature: ${shortJson(f)}`)
      continue
    }
    const st: PolygonState = { closed: false }
    const read = readGeometry(f.geometry, cls, st)
    if ('bad' in read) {
      addRejected(report, n, read.bad.reason, read.bad.detail)
      continue
    }
    const geometry = opts.crs === 'wgs84' ? read.ok : convertGeometry(read.ok, opts.crs)
    const topo = checkTopology(geometry)
    if ('bad' in topo) {
      addRejected(report, n, topo.bad.reason, topo.bad.detail)
      continue
    }

    const src = isObject(f.properties) ? f.properties : {}
    const rawId = map.id === undefined && isBlank(src[idField]) ? f.id : src[idField]
    let id = keyString(rawId)
    if (id === null && !idOptional) {
      addRejected(report, n, 'missing_id', isBlank(rawId) ? undefined : `"${idField}" is ${shortJson(rawId)}`)
      continue
    }
    if (id !== null && firstById.has(id)) {
      if (!idOptional) {
        addRejected(report, n, 'duplicate_id', `${id} (first in feature ${firstById.get(id)})`)
        continue
      }
      notes.renamedDuplicates.push(`${n} (${id})`)
      id = null
    } else if (id === null) notes.generatedIds.push(n)
    if (id === null) {
      // footprints and road pieces are often unnamed: number them, clear of any id in the file
      id = `#${n}`
      for (let k = 2; firstById.has(id); k++) id = `#${n}-${k}`
    }
    firstById.set(id, n)

    out.features.push({ type: 'Feature', geometry, properties: normaliseProperties(src, id, n, cx) } satisfies Feature)
    if (st.closed) notes.unclosed.push(n)
    if (topo.ok.touches) notes.touching.push(n)
  }

  report.rowsKept = out.features.length
  report.crs.converted = opts.crs !== 'wgs84' && report.rowsKept > 0
  report.warnings.push(...warnings(notes))
  if (report.rowsKept === 0) report.warnings.push('no feature could be kept')
  return { fc: out, report }
}
