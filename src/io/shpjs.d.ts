// shpjs 6 is an ES module with named exports (lib/index.js); @types/shpjs describes the 3.x
// CommonJS default export, whose parseShp/parseDbf members the v6 default export lacks.
declare module 'shpjs' {
  import type { Geometry } from 'geojson'
  type ShpBytes = ArrayBuffer | ArrayBufferView | DataView
  /** Geometries of a .shp in record order (null for null shapes); a .prj text makes proj4 reproject to WGS-84 lon/lat, silently skipped when proj4 cannot read it. */
  export function parseShp(shp: ShpBytes, prj?: string | ShpBytes): (Geometry | null)[]
  /** Records of a .dbf; `cpg` is a TextDecoder label (or a code page number) for its text. */
  export function parseDbf(dbf: ShpBytes, cpg?: string | ShpBytes): Record<string, unknown>[]
  export function parseZip(zip: ShpBytes, whiteList?: readonly string[]): Promise<unknown>
  const getShapefile: (base: string | ShpBytes, whiteList?: readonly string[]) => Promise<unknown>
  export default getShapefile
}
