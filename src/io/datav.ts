/**
 * Aliyun DataV GeoAtlas boundary files (https://datav.aliyun.com/portal/school/atlas/area_selector):
 * either a bare JSON array of Features or a FeatureCollection, in GCJ-02. Converted to a
 * WGS-84 FeatureCollection; the `center` / `centroid` properties (GCJ-02 too) are converted,
 * and `id` / `parent_id` are filled from `adcode` / `parent.adcode` when absent.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { convertGeometry, toWgs84 } from './coords'

const GEOMETRY_TYPES = new Set([
  'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection',
])

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** Depth of nested position arrays expected for each type. */
const DEPTH: Record<string, number> = {
  Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3,
}

function checkCoords(c: unknown, depth: number, where: string): void {
  if (!Array.isArray(c)) throw new Error(`${where}: coordinates must be an array`)
  if (depth === 0) {
    if (c.length < 2 || !c.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new Error(`${where}: a position must be an array of 2 or more finite numbers`)
    }
    return
  }
  for (const x of c) checkCoords(x, depth - 1, where)
}

function checkGeometry(g: unknown, where: string): void {
  if (g === null) return
  if (!isObject(g) || typeof g.type !== 'string' || !GEOMETRY_TYPES.has(g.type)) {
    throw new Error(`${where}: geometry is missing or has an unknown type`)
  }
  if (g.type === 'GeometryCollection') {
    if (!Array.isArray(g.geometries)) throw new Error(`${where}: GeometryCollection without geometries`)
    g.geometries.forEach((x, i) => checkGeometry(x, `${where}, geometry ${i}`))
    return
  }
  checkCoords(g.coordinates, DEPTH[g.type], where)
}

function convertLonLatProp(v: unknown): unknown {
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return toWgs84(v[0] as number, v[1] as number, 'gcj02')
  }
  return v
}

/**
 * Parse a DataV GeoAtlas file (already JSON.parse'd, or as text) into a WGS-84 FeatureCollection.
 * Throws an Error that names the problem and the feature index when the input is malformed.
 */
export function datavToFeatureCollection(json: unknown): FeatureCollection<Geometry | null> {
  let input = json
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input)
    } catch (e) {
      throw new Error(`DataV file is not valid JSON: ${(e as Error).message}`)
    }
  }
  let features: unknown[]
  if (Array.isArray(input)) features = input
  else if (isObject(input) && input.type === 'FeatureCollection' && Array.isArray(input.features)) features = input.features
  else if (isObject(input) && input.type === 'Feature') features = [input]
  else throw new Error('DataV file must be a JSON array of Features or a FeatureCollection')

  const out: Feature<Geometry | null>[] = features.map((f, i) => {
    const where = `DataV feature ${i}`
    if (!isObject(f) || f.type !== 'Feature') throw new Error(`${where}: not a GeoJSON Feature`)
    checkGeometry(f.geometry, where)
    const src = isObject(f.properties) ? f.properties : {}
    const props: Record<string, unknown> = { ...src }
    if ('center' in props) props.center = convertLonLatProp(props.center)
    if ('centroid' in props) props.centroid = convertLonLatProp(props.centroid)
    if (props.id === undefined && (typeof src.adcode === 'number' || typeof src.adcode === 'string')) {
      props.id = String(src.adcode)
    }
    if (props.parent_id === undefined && isObject(src.parent) && src.parent.adcode !== undefined) {
      props.parent_id = String(src.parent.adcode)
    }
    const feature: Feature<Geometry | null> = {
      type: 'Feature',
      properties: props,
      geometry: convertGeometry(f.geometry as Geometry | null, 'gcj02'),
    }
    if (typeof f.id === 'string' || typeof f.id === 'number') feature.id = f.id
    return feature
  })
  return { type: 'FeatureCollection', features: out }
}
