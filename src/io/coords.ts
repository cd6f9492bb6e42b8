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

/** Convert coordinate columns in place. */
export function convertColumnsToWgs84(lon: Float64Array, lat: Float64Array, count: number, crs: Crs): void {
  if (crs === 'wgs84') return
  const from = gcoordCrs(crs)
  const p: [number, number] = [0, 0]
  for (let i = 0; i < count; i++) {
    p[0] = lon[i]
    p[1] = lat[i]
    const out = gcoord.transform(p, from, gcoord.WGS84)
    lon[i] = out[0]
    lat[i] = out[1]
  }
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
