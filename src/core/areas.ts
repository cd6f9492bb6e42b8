/**
 * Areas (streets, compounds, grid cells, key sites) as columns, like incidents (src/ARCHITECTURE.md, "Columns, not objects"):
 * the rings of all areas live in one coordinate buffer so a worker can receive them as
 * transferables and the spatial join walks flat typed arrays instead of nested GeoJSON.
 *
 * Rings are stored OPEN: the duplicate closing vertex of GeoJSON is dropped, and the edge
 * from a ring's last vertex back to its first is implicit. Consecutive duplicate vertices are
 * dropped too (they are zero-length edges that only cost time). Ring roles (outer/hole) are
 * not stored: containment is even-odd over all rings of an area, which makes holes and
 * multipolygon parts right without caring about winding order.
 */

/** Areas as columns: rings of all areas in one coordinate buffer. */
export interface AreaSet {
  count: number
  /** from properties[idField] (default 'id'), stringified; unique */
  ids: string[]
  /** properties[nameField] (default 'name'), '' when missing */
  names: string[]
  /** properties.parent_id, stringified, null when missing */
  parentIds: (string | null)[]
  /** properties[populationField] (default 'population'); NaN when missing, non-numeric, negative or not finite */
  population: Float64Array
  /** lon,lat interleaved, all rings of all areas; rings are open (no repeated closing vertex) */
  coords: Float64Array
  /** ring r has vertices [ringStart[r], ringStart[r+1]) in vertex units; length rings+1 */
  ringStart: Uint32Array
  /** area a has rings [areaRingStart[a], areaRingStart[a+1]); length count+1 */
  areaRingStart: Uint32Array
  /** 4 per area: minLon,minLat,maxLon,maxLat */
  bbox: Float64Array
}

export type AreaIssueReason =
  | 'not_feature_collection'
  | 'no_geometry'
  | 'wrong_geometry_type'
  | 'bad_coordinates'
  | 'missing_id'
  | 'duplicate_id'
  | 'bad_population'

export interface AreaIssue {
  /** 0-based feature index in the file; -1 for the whole file */
  feature: number
  reason: AreaIssueReason
  detail: string
}

export interface AreaSetOptions {
  idField?: string
  /** footprints (buildings) need no id: a feature without one is named by its number ("#12") */
  idOptional?: boolean
  nameField?: string
  populationField?: string
}

type Ring = number[] // open ring, lon,lat interleaved

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

/** An open ring, or an error message. */
function readRing(raw: unknown, where: string): Ring | string {
  if (!Array.isArray(raw)) return `${where} is not an array of positions`
  const out: Ring = []
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i]
    if (!Array.isArray(p) || p.length < 2) return `${where} position ${i} is not [lon, lat]`
    const lon = p[0]
    const lat = p[1]
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      return `${where} position ${i} is not finite numbers`
    }
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `${where} position ${i} [${lon}, ${lat}] is out of range`
    const n = out.length
    if (n > 0 && out[n - 2] === lon && out[n - 1] === lat) continue
    out.push(lon, lat)
  }
  // Closed or not on input, stored open.
  const n = out.length
  if (n >= 4 && out[0] === out[n - 2] && out[1] === out[n - 1]) out.length = n - 2
  if (out.length < 6) return `${where} has fewer than 3 distinct vertices`
  // A ring can repeat a vertex non-consecutively (A B A) and still be degenerate.
  const distinct = new Set<string>()
  for (let i = 0; i < out.length && distinct.size < 3; i += 2) distinct.add(`${out[i]},${out[i + 1]}`)
  if (distinct.size < 3) return `${where} has fewer than 3 distinct vertices`
  return out
}

function readPolygon(raw: unknown, where: string, rings: Ring[]): string | null {
  if (!Array.isArray(raw) || raw.length === 0) return `${where} has no rings`
  for (let r = 0; r < raw.length; r++) {
    const ring = readRing(raw[r], `${where} ring ${r}`)
    if (typeof ring === 'string') return ring
    rings.push(ring)
  }
  return null
}

function readId(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null
  if (typeof v === 'string') return v.trim() === '' ? null : v
  return null
}

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
}

/**
 * Accepts a FeatureCollection or a plain array of Features (DataV style). Never throws on bad
 * data: bad features are skipped and listed in issues (good ones kept); a non-collection gives
 * count 0 and one issue with feature -1. Polygon and MultiPolygon only; rings with < 3
 * distinct vertices or non-finite/out-of-range coords → bad_coordinates (the whole feature is
 * skipped). Duplicate id: the later feature is skipped. Missing id: skipped (missing_id); when
 * properties lack the id field, the GeoJSON Feature's own `id` member is used instead.
 * bad_population: kept, population NaN, reported; a missing population is NaN but not an issue
 * (population is optional in the data contract).
 */
export function areasFromGeoJson(input: unknown, opts: AreaSetOptions = {}): { areas: AreaSet; issues: AreaIssue[] } {
  const idField = opts.idField ?? 'id'
  const nameField = opts.nameField ?? 'name'
  const populationField = opts.populationField ?? 'population'
  const issues: AreaIssue[] = []

  let features: unknown[] | null = null
  if (Array.isArray(input)) features = input
  else if (isObject(input) && input.type === 'FeatureCollection' && Array.isArray(input.features)) features = input.features
  if (features === null) {
    issues.push({ feature: -1, reason: 'not_feature_collection', detail: `expected a FeatureCollection or an array of Features, got ${isObject(input) ? `an object of type ${String(input.type)}` : kindOf(input)}` })
    features = []
  }

  const ids: string[] = []
  const names: string[] = []
  const parentIds: (string | null)[] = []
  const population: number[] = []
  const areaRings: Ring[][] = []
  const seen = new Map<string, number>()

  for (let f = 0; f < features.length; f++) {
    const feat = features[f]
    const geom = isObject(feat) ? feat.geometry : undefined
    if (!isObject(geom)) {
      issues.push({ feature: f, reason: 'no_geometry', detail: isObject(feat) ? 'feature has no geometry' : `feature is ${kindOf(feat)}, not an object` })
      continue
    }
    const feature = feat as Record<string, unknown>
    const props = isObject(feature.properties) ? feature.properties : {}

    const rings: Ring[] = []
    let err: string | null = null
    if (geom.type === 'Polygon') {
      err = readPolygon(geom.coordinates, 'polygon', rings)
    } else if (geom.type === 'MultiPolygon') {
      const polys = geom.coordinates
      if (!Array.isArray(polys) || polys.length === 0) err = 'multipolygon has no polygons'
      else for (let p = 0; p < polys.length && err === null; p++) err = readPolygon(polys[p], `polygon ${p}`, rings)
    } else {
      issues.push({ feature: f, reason: 'wrong_geometry_type', detail: `geometry type ${String(geom.type)}; only Polygon and MultiPolygon are areas` })
      continue
    }
    if (err !== null) {
      issues.push({ feature: f, reason: 'bad_coordinates', detail: err })
      continue
    }

    const rawId = idField in props ? props[idField] : feature.id
    const id = readId(rawId) ?? (opts.idOptional && isMissing(rawId) ? `#${f}` : null)
    if (id === null) {
      issues.push({ feature: f, reason: 'missing_id', detail: `property "${idField}" is ${isMissing(rawId) ? 'missing' : `not a string or finite number (${kindOf(rawId)})`}` })
      continue
    }
    const first = seen.get(id)
    if (first !== undefined) {
      issues.push({ feature: f, reason: 'duplicate_id', detail: `id "${id}" already used by feature ${first}` })
      continue
    }
    seen.set(id, f)

    const rawPop = props[populationField]
    let pop = NaN
    if (!isMissing(rawPop)) {
      const v = typeof rawPop === 'number' ? rawPop : typeof rawPop === 'string' ? Number(rawPop.trim()) : NaN
      if (Number.isFinite(v) && v >= 0) pop = v
      else issues.push({ feature: f, reason: 'bad_population', detail: `"${populationField}" is ${JSON.stringify(rawPop) ?? String(rawPop)}, not a finite number ≥ 0` })
    }

    const rawName = props[nameField]
    const rawParent = props.parent_id
    ids.push(id)
    names.push(typeof rawName === 'string' ? rawName : typeof rawName === 'number' ? String(rawName) : '')
    parentIds.push(readId(rawParent))
    population.push(pop)
    areaRings.push(rings)
  }

  return { areas: pack(ids, names, parentIds, population, areaRings), issues }
}

function pack(ids: string[], names: string[], parentIds: (string | null)[], population: number[], areaRings: Ring[][]): AreaSet {
  const count = ids.length
  let nRings = 0
  let nVerts = 0
  for (const rings of areaRings) {
    nRings += rings.length
    for (const r of rings) nVerts += r.length >> 1
  }
  const coords = new Float64Array(nVerts * 2)
  const ringStart = new Uint32Array(nRings + 1)
  const areaRingStart = new Uint32Array(count + 1)
  const bbox = new Float64Array(count * 4)
  let r = 0
  let v = 0
  for (let a = 0; a < count; a++) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
    for (const ring of areaRings[a]) {
      ringStart[r++] = v
      coords.set(ring, v * 2)
      v += ring.length >> 1
      for (let i = 0; i < ring.length; i += 2) {
        const x = ring[i], y = ring[i + 1]
        if (x < minX) minX = x
        if (x > maxX) maxX = x
        if (y < minY) minY = y
        if (y > maxY) maxY = y
      }
    }
    areaRingStart[a + 1] = r
    bbox[a * 4] = minX
    bbox[a * 4 + 1] = minY
    bbox[a * 4 + 2] = maxX
    bbox[a * 4 + 3] = maxY
  }
  ringStart[nRings] = v
  return { count, ids, names, parentIds, population: Float64Array.from(population), coords, ringStart, areaRingStart, bbox }
}

/** Bounding box of all areas [minLon,minLat,maxLon,maxLat], or null when empty. */
export function areaSetBbox(a: AreaSet): [number, number, number, number] | null {
  if (a.count === 0) return null
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  const b = a.bbox
  for (let i = 0; i < a.count * 4; i += 4) {
    if (b[i] < minX) minX = b[i]
    if (b[i + 1] < minY) minY = b[i + 1]
    if (b[i + 2] > maxX) maxX = b[i + 2]
    if (b[i + 3] > maxY) maxY = b[i + 3]
  }
  return [minX, minY, maxX, maxY]
}
