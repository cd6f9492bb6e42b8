/**
 * Coordinate reference systems met in Chinese data: WGS-84 (GPS), GCJ-02 (Amap, Tencent,
 * DataV) and BD-09 (Baidu). Everything inside the app is WGS-84; gcoord does the maths.
 */
import gcoord from 'gcoord'
import type { FeatureCollection, Feature, Geometry, Position } from 'geojson'

export type Crs = 'wgs84' | 'gcj02' | 'bd09'
export const CRS_LIST: readonly Crs[] = ['wgs84', 'gcj02', 'bd09']

export function isCrs(x: unknown): x is Crs {
  return x === 'wgs84' || x === 'gcj02' || x === 'bd09'
}

function gcoordCrs(crs: Crs) {
  return crs === 'gcj02' ? gcoord.GCJ02 : crs === 'bd09' ? gcoord.BD09 : gcoord.WGS84
}

/** [lon, lat] in WGS-84. Points outside China's box are left as they are (as gcoord does). */
export function toWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lon, lat]
  const out = gcoord.transform([lon, lat] as [number, number], gcoordCrs(crs), gcoord.WGS84)
  return [out[0], out[1]]
}

/** [lon, lat] from WGS-84 into `crs` (for tests and for exporting to Chinese map services). */
export function fromWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lon, lat]
  const out = gcoord.transform([lon, lat] as [number, number], gcoord.WGS84, gcoordCrs(crs))
  return [out[0], out[1]]
}

/**
 * Convert coordinate columns in place. gcoord's formulas (1.0.7) as one loop over the arrays,
 * in the same order of operations, so every value is the double gcoord gives; one gcoord call
 * per point allocated four arrays and doubled the time of reading a big file.
 */
export function convertColumnsToWgs84(lon: Float64Array, lat: Float64Array, count: number, crs: Crs): void {
  if (crs === 'wgs84') return
  const fromBd09 = crs === 'bd09'
  for (let i = 0; i < count; i++) {
    let x = lon[i], y = lat[i]
    if (fromBd09) {
      // BD09ToGCJ02
      const bx = x - 0.0065, by = y - 0.006
      const z = Math.sqrt(bx * bx + by * by) - 0.00002 * Math.sin(by * BAIDU_FACTOR)
      const theta = Math.atan2(by, bx) - 0.000003 * Math.cos(bx * BAIDU_FACTOR)
      x = z * Math.cos(theta)
      y = z * Math.sin(theta)
    }
    if (!inChinaBbox(x, y)) {
      lon[i] = x
      lat[i] = y
      continue
    }
    // GCJ02ToWGS84: step back by the offset until WGS84ToGCJ02 lands within 1e-6° of the input.
    // gcoord loops for ever where a step crosses the edge of its China box (the offset is then
    // zero on one side); the cap ends that, and changes nothing where gcoord returns (2–4 steps)
    let wx = x, wy = y
    let steps = 0
    gcjDelta(wx, wy)
    let dx = (inChinaBbox(wx, wy) ? wx + DELTA[0] : wx) - x
    let dy = (inChinaBbox(wx, wy) ? wy + DELTA[1] : wy) - y
    while ((Math.abs(dx) > 1e-6 || Math.abs(dy) > 1e-6) && ++steps <= MAX_STEPS) {
      wx -= dx
      wy -= dy
      if (inChinaBbox(wx, wy)) {
        gcjDelta(wx, wy)
        dx = wx + DELTA[0] - x
        dy = wy + DELTA[1] - y
      } else {
        dx = wx - x
        dy = wy - y
      }
    }
    lon[i] = wx
    lat[i] = wy
  }
}

const MAX_STEPS = 64
const GCJ_A = 6378245
const GCJ_EE = 0.006693421622965823
const BAIDU_FACTOR = (Math.PI * 3000.0) / 180.0
/** gcjDelta's result (no array per call) */
const DELTA = new Float64Array(2)

function inChinaBbox(lon: number, lat: number): boolean {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271
}

/** gcoord's delta(lon, lat) into DELTA: the GCJ-02 offset of a WGS-84 point. */
function gcjDelta(lon: number, lat: number): void {
  const PI = Math.PI
  const x = lon - 105, y = lat - 35
  let dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  dLon += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3
  dLon += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3
  dLon += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  dLat += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3
  dLat += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3
  dLat += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y * PI) / 30)) * 2) / 3
  const radLat = (lat / 180) * PI
  let magic = Math.sin(radLat)
  magic = 1 - GCJ_EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  DELTA[0] = (dLon * 180) / ((GCJ_A / sqrtMagic) * Math.cos(radLat) * PI)
  DELTA[1] = (dLat * 180) / (((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtMagic)) * PI)
}

function convertPosition(p: Position, crs: Crs): Position {
  const [x, y] = toWgs84(p[0], p[1], crs)
  return p.length > 2 ? [x, y, ...p.slice(2)] : [x, y]
}

/** A converted copy of a geometry (all GeoJSON geometry types; the input is not changed). */
export function convertGeometry<G extends Geometry | null>(g: G, crs: Crs): G {
  if (g === null) return g
  const geom = g as Geometry
  const { bbox: _bbox, ...rest } = geom as Geometry & { bbox?: unknown }
  void _bbox
  switch (geom.type) {
    case 'Point':
      return { ...rest, type: 'Point', coordinates: convertPosition(geom.coordinates, crs) } as G
    case 'MultiPoint':
    case 'LineString':
      return { ...rest, type: geom.type, coordinates: geom.coordinates.map((p) => convertPosition(p, crs)) } as G
    case 'MultiLineString':
    case 'Polygon':
      return {
        ...rest,
        type: geom.type,
        coordinates: geom.coordinates.map((l) => l.map((p) => convertPosition(p, crs))),
      } as G
    case 'MultiPolygon':
      return {
        ...rest,
        type: 'MultiPolygon',
        coordinates: geom.coordinates.map((poly) => poly.map((l) => l.map((p) => convertPosition(p, crs)))),
      } as G
    case 'GeometryCollection':
      return { ...rest, type: 'GeometryCollection', geometries: geom.geometries.map((x) => convertGeometry(x, crs)) } as G
    default:
      throw new Error(`unknown geometry type ${String((geom as { type?: unknown }).type)}`)
  }
}

/** A converted copy of a FeatureCollection; stale `bbox` members are dropped. */
export function convertFeatureCollection<G extends Geometry | null, P>(
  fc: FeatureCollection<G, P>,
  crs: Crs,
): FeatureCollection<G, P> {
  const { bbox: _bbox, ...rest } = fc
  void _bbox
  return {
    ...rest,
    features: fc.features.map((f): Feature<G, P> => {
      const { bbox: _fb, ...frest } = f
      void _fb
      return { ...frest, geometry: crs === 'wgs84' ? f.geometry : convertGeometry(f.geometry, crs) }
    }),
  }
}
