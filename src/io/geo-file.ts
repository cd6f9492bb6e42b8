/**
 * Geo files as one FeatureCollection: GeoJSON text (a FeatureCollection, a bare array of
 * Features as Aliyun DataV writes it, a single Feature or a bare Geometry) and zipped shapefiles
 * (through shpjs). Only the container is checked here: features are validated by the importer,
 * which names each bad one by its number. Coordinates are returned as the file has them, except
 * that a shapefile with a .prj is reprojected to WGS-84 longitude/latitude by shpjs (proj4);
 * GCJ-02 / BD-09 are the importer's business.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { parseDbf, parseShp } from 'shpjs'
import { decodeText, detectEncoding, SNIFF_BYTES } from './text-encoding'
import { isZip, listZipEntries, readZipEntry, type ZipEntry } from './tabular'
import { pad2 } from '../core/text-format'

export interface GeoFileResult {
  /** a FeatureCollection (DataV arrays of Features are wrapped into one) */
  fc: FeatureCollection<Geometry | null>
  format: 'geojson' | 'shapefile'
  /** shapefile: the .prj text when present and what was done with it */
  prj?: string
  /** shapefile: proj4 changed the coordinates (false for a geographic WGS-84 .prj, and for a
   *  .prj proj4 cannot read, which also gives a warning) */
  reprojected?: boolean
  warnings: string[]
}

export interface ReadGeoFileOptions {
  /** text encoding of GeoJSON, and of a shapefile's .dbf (over its .cpg: the user knows best) */
  encoding?: 'auto' | 'utf8' | 'gbk'
}

/** Throws an Error naming the file when it is empty, not JSON, not GeoJSON, or not a readable zipped shapefile. */
export async function readGeoFile(bytes: Uint8Array, fileName: string, opts: ReadGeoFileOptions = {}): Promise<GeoFileResult> {
  if (bytes.length === 0) throw new Error(`${fileName}: empty file`)
  if (isZip(bytes)) return readShapefileZip(bytes, fileName, opts)
  if (bytes.length >= 100 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a) {
    throw new Error(`${fileName} is a bare .shp file: import the shapefile as one .zip holding its .shp, .dbf and .prj (and .cpg)`)
  }
  if (/\.(zip|shp)$/i.test(fileName)) throw new Error(`${fileName} is not a zip archive`)
  return readGeoJson(bytes, fileName, opts)
}

// ---------------------------------------------------------------------------------------------
// GeoJSON

const GEOMETRY_TYPES = new Set([
  'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection',
])

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

function describeJson(x: unknown): string {
  if (x === null) return 'null'
  if (Array.isArray(x)) return 'an array'
  if (isObject(x)) {
    if (typeof x.type === 'string') return `an object of type "${x.type.slice(0, 40)}"`
    const keys = Object.keys(x)
    if (keys.length === 0) return 'an empty object'
    return `an object with keys ${keys.slice(0, 5).map((k) => `"${k.slice(0, 40)}"`).join(', ')}${keys.length > 5 ? ', …' : ''}`
  }
  return `a ${typeof x}`
}

/** 1-based line and column (in UTF-16 units, as JSON.parse counts) of a position in text. */
export function lineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(position, text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1 }
  }
  return { line, column: end - lineStart + 1 }
}

/** Where a JSON.parse error is, from its message: engines word it differently, and some omit it. */
function syntaxErrorPlace(message: string, text: string): string {
  const pos = /at position (\d+)/.exec(message)
  if (pos) {
    const { line, column } = lineColumn(text, Number(pos[1]))
    return `: syntax error at line ${line}, column ${column}`
  }
  const lc = /line (\d+) column (\d+)/.exec(message) // Firefox
  if (lc) return `: syntax error at line ${lc[1]}, column ${lc[2]}`
  if (/unexpected end/i.test(message)) return ': the text ends too early'
  return ''
}

function readGeoJson(bytes: Uint8Array, fileName: string, opts: ReadGeoFileOptions): GeoFileResult {
  const { text } = decodeText(bytes, opts.encoding ?? 'auto')
  if (text.trim() === '') throw new Error(`${fileName}: empty file`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new Error(`${fileName} is not valid JSON${syntaxErrorPlace((e as Error).message ?? '', text)}`)
  }
  const { fc, warnings } = wrapGeoJson(json, fileName)
  return { fc, format: 'geojson', warnings }
}

/** Names of the CRS an old-style (2008) GeoJSON `crs` member may give without changing anything. */
const LON_LAT_CRS = /CRS84|(^|\D)(4326|4490)$/i

/** The GeoJSON container as a FeatureCollection; features themselves are not looked at. */
export function wrapGeoJson(json: unknown, fileName: string): { fc: FeatureCollection<Geometry | null>; warnings: string[] } {
  const warnings: string[] = []
  if (Array.isArray(json)) {
    if (json.length > 0 && !json.some((f) => isObject(f) && f.type === 'Feature')) {
      throw new Error(`${fileName} is a JSON array but not of GeoJSON Features (its first item is ${describeJson(json[0])})`)
    }
    if (json.some((f) => isObject(f) && isObject(f.properties) && f.properties.adcode !== undefined)) {
      warnings.push('Aliyun DataV layout (a bare array of Features with adcode): DataV coordinates are GCJ-02')
    }
    return { fc: { type: 'FeatureCollection', features: json as Feature<Geometry | null>[] }, warnings }
  }
  if (!isObject(json)) throw new Error(`${fileName} is JSON but not GeoJSON: it is ${describeJson(json)}`)
  if (json.type === 'FeatureCollection') {
    if (!Array.isArray(json.features)) throw new Error(`${fileName}: a FeatureCollection without a "features" array`)
    const crs = isObject(json.crs) && isObject(json.crs.properties) ? json.crs.properties.name : undefined
    if (typeof crs === 'string' && !LON_LAT_CRS.test(crs.trim())) {
      warnings.push(`the file declares crs "${crs.slice(0, 80)}": GeoJSON is read as longitude/latitude and is not reprojected`)
    }
    return { fc: json as unknown as FeatureCollection<Geometry | null>, warnings }
  }
  if (json.type === 'Feature') {
    return { fc: { type: 'FeatureCollection', features: [json as unknown as Feature<Geometry | null>] }, warnings }
  }
  if (typeof json.type === 'string' && GEOMETRY_TYPES.has(json.type)) {
    return { fc: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: json as unknown as Geometry }] }, warnings }
  }
  if (json.type === 'Topology') throw new Error(`${fileName} is TopoJSON, not GeoJSON: convert it to GeoJSON first`)
  throw new Error(`${fileName} is JSON but not GeoJSON: it is ${describeJson(json)}`)
}

// ---------------------------------------------------------------------------------------------
// zipped shapefile

interface Layer {
  base: string
  shp?: ZipEntry
  dbf?: ZipEntry
  prj?: ZipEntry
  cpg?: ZipEntry
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength)
}

/** A one-point .shp (header + one record) to see what shpjs does to a coordinate with a .prj. */
function pointShp(x: number, y: number): DataView {
  const v = new DataView(new ArrayBuffer(128))
  v.setInt32(0, 9994)
  v.setInt32(24, 64) // file length in 16-bit words
  v.setInt32(28, 1000, true)
  v.setInt32(32, 1, true)
  v.setInt32(100, 1)
  v.setInt32(104, 10)
  v.setInt32(108, 1, true)
  v.setFloat64(112, x, true)
  v.setFloat64(120, y, true)
  return v
}

/** The .shp header's bounding box [xmin, ymin, xmax, ymax] in the file's own coordinates. */
function shpBbox(shp: Uint8Array): number[] {
  if (shp.length < 100) return [NaN, NaN, NaN, NaN]
  const v = view(shp)
  return [36, 44, 52, 60].map((at) => v.getFloat64(at, true))
}

/** proj4 via shpjs changes a probe point inside the layer: the coordinates were reprojected. */
function changesCoordinates(prj: string, bbox: number[]): boolean {
  const x = Number.isFinite(bbox[0]) && Number.isFinite(bbox[2]) ? (bbox[0] + bbox[2]) / 2 : 0
  const y = Number.isFinite(bbox[1]) && Number.isFinite(bbox[3]) ? (bbox[1] + bbox[3]) / 2 : 0
  const g = parseShp(pointShp(x, y), prj)[0]
  if (!g || g.type !== 'Point') return false
  const [ox, oy] = g.coordinates
  // a geographic .prj goes through radians and back: equal within rounding
  return Math.abs(ox - x) > 1e-9 * Math.max(1, Math.abs(x)) || Math.abs(oy - y) > 1e-9 * Math.max(1, Math.abs(y))
}

const GBK_CPG = /^(ansi\s*)?(cp|windows-?)?936$|^(gbk|gb2312|gb18030|x-gbk|chinese)$/i
const UTF8_CPG = /^(utf-?8|65001|cp65001)$/i

/** A TextDecoder label for a .cpg, or undefined when TextDecoder does not know it. */
function cpgLabel(cpg: string): string | undefined {
  const t = cpg.trim()
  if (GBK_CPG.test(t)) return 'gb18030'
  if (UTF8_CPG.test(t)) return 'utf-8'
  for (const label of [t, /^\d+$/.test(t) ? `windows-${t}` : '']) {
    if (!label) continue
    try {
      return new TextDecoder(label).encoding
    } catch {
      // not a label TextDecoder knows
    }
  }
  return undefined
}

/** The text bytes of a .dbf (field names and records), enough to sniff their encoding. */
function dbfTextSample(dbf: Uint8Array): Uint8Array {
  if (dbf.length < 32) return dbf
  const v = view(dbf)
  const headerLen = Math.min(v.getUint16(8, true), dbf.length)
  const parts: number[] = []
  for (let at = 32; at + 11 <= headerLen && dbf[at] !== 0x0d; at += 32) {
    for (let k = 0; k < 11 && dbf[at + k] !== 0; k++) parts.push(dbf[at + k])
    parts.push(0x20)
  }
  const names = Uint8Array.from(parts)
  const records = dbf.subarray(headerLen, Math.min(dbf.length, headerLen + SNIFF_BYTES))
  const out = new Uint8Array(names.length + records.length)
  out.set(names)
  out.set(records, names.length)
  return out
}

/** Which encoding to read a .dbf's text with: the user's explicit choice, else its .cpg, else a sniff. */
function dbfEncoding(dbf: Uint8Array, cpg: string | undefined, choice: 'auto' | 'utf8' | 'gbk', name: string, warnings: string[]): string {
  if (choice === 'gbk') return 'gb18030'
  if (choice === 'utf8') return 'utf-8'
  if (cpg !== undefined && cpg.trim() !== '') {
    const label = cpgLabel(cpg)
    if (label) return label
    warnings.push(`${name}: its .cpg names an unknown encoding "${cpg.trim().slice(0, 40)}"; the text encoding was guessed`)
  }
  if (detectEncoding(dbfTextSample(dbf)).encoding === 'gb18030') {
    warnings.push(`${name}: no usable .cpg and the text is not UTF-8, so it was read as GBK (GB18030)`)
    return 'gb18030'
  }
  return 'utf-8'
}


/** DBF values as JSON values: dates (parsedbf makes local Dates) as 'YYYY-MM-DD', empty numbers (NaN) and dates as null. */
function jsonProperties(rec: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (!rec) return out
  for (const [k, v] of Object.entries(rec)) {
    if (v instanceof Date) out[k] = Number.isNaN(v.getTime()) ? null : `${v.getFullYear()}-${pad2(v.getMonth() + 1)}-${pad2(v.getDate())}`
    else if (typeof v === 'number' && !Number.isFinite(v)) out[k] = null
    else out[k] = v
  }
  return out
}

/**
 * shpjs sets each geometry's bbox from the record header, reprojected corner by corner: not
 * the true lon/lat box under a rotating projection, and turf trusts a bbox it is given.
 */
function withoutBbox(g: Geometry | null): Geometry | null {
  if (g === null || !('bbox' in g)) return g
  const { bbox: _bbox, ...rest } = g
  void _bbox
  return rest as Geometry
}

function isJunk(name: string): boolean {
  return name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\._/.test(name)
}

async function entryText(bytes: Uint8Array, e: ZipEntry): Promise<string> {
  return decodeText(await readZipEntry(bytes, e), 'auto').text.trim()
}

async function readShapefileZip(bytes: Uint8Array, fileName: string, opts: ReadGeoFileOptions): Promise<GeoFileResult> {
  const entries = listZipEntries(bytes)
  if (!entries) throw new Error(`${fileName} is not a readable zip archive`)
  const layers = new Map<string, Layer>()
  for (const e of entries) {
    if (isJunk(e.name)) continue
    const m = /^(.*)\.(shp|dbf|prj|cpg)$/i.exec(e.name)
    if (!m) continue
    const key = m[1].toLowerCase()
    const layer = layers.get(key) ?? { base: m[1] }
    layer[m[2].toLowerCase() as 'shp' | 'dbf' | 'prj' | 'cpg'] = e
    layers.set(key, layer)
  }
  const withShp = [...layers.values()].filter((l) => l.shp).sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0))
  if (withShp.length === 0) {
    const names = entries.filter((e) => !isJunk(e.name)).map((e) => e.name)
    throw new Error(`${fileName}: the zip archive holds no .shp file${names.length ? ` (it holds ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})` : ' (it is empty)'}`)
  }

  const warnings: string[] = []
  const features: Feature<Geometry | null>[] = []
  const counts: string[] = []
  let prj: string | undefined
  let reprojected = false
  for (const layer of withShp) {
    const shpName = layer.shp!.name
    let geometries: (Geometry | null)[]
    let prjText: string | undefined
    try {
      const shp = await readZipEntry(bytes, layer.shp!)
      prjText = layer.prj ? await entryText(bytes, layer.prj) : undefined
      geometries = parseShp(view(shp), prjText || undefined)
      const bbox = shpBbox(shp)
      if (prjText) {
        if (changesCoordinates(prjText, bbox)) reprojected = true
        else if (/^\s*PROJCS/i.test(prjText)) {
          warnings.push(`${layer.prj!.name}: proj4 cannot read this projection, so the coordinates are left as in the file (projected, not longitude/latitude)`)
        }
        if (prj === undefined) prj = prjText
        else if (prj !== prjText) warnings.push(`${layer.prj!.name} differs from the first layer's .prj`)
      } else if (bbox.every(Number.isFinite) && (Math.abs(bbox[0]) > 180 || Math.abs(bbox[2]) > 180 || Math.abs(bbox[1]) > 90 || Math.abs(bbox[3]) > 90)) {
        warnings.push(`${shpName}: no .prj, and the coordinates are not longitude/latitude (projected?)`)
      }
    } catch (e) {
      throw new Error(`${fileName}: ${shpName} cannot be read (${(e as Error).message})`)
    }

    let records: Record<string, unknown>[] = []
    if (layer.dbf) {
      const dbfName = layer.dbf.name
      try {
        const dbf = await readZipEntry(bytes, layer.dbf)
        const cpg = layer.cpg ? await entryText(bytes, layer.cpg) : undefined
        records = parseDbf(view(dbf), dbfEncoding(dbf, cpg, opts.encoding ?? 'auto', dbfName, warnings))
      } catch (e) {
        throw new Error(`${fileName}: ${dbfName} cannot be read (${(e as Error).message})`)
      }
      if (records.length !== geometries.length) {
        warnings.push(`${shpName} has ${geometries.length} shapes but ${dbfName} has ${records.length} records`)
      }
    } else {
      warnings.push(`${shpName} has no .dbf: its features have no attributes`)
    }
    geometries.forEach((geometry, i) => {
      features.push({ type: 'Feature', properties: jsonProperties(records[i]), geometry: withoutBbox(geometry) })
    })
    counts.push(`${shpName} (${geometries.length})`)
  }
  if (withShp.length > 1) warnings.push(`${withShp.length} layers merged into one: ${counts.join(', ')}`)
  const result: GeoFileResult = { fc: { type: 'FeatureCollection', features }, format: 'shapefile', reprojected, warnings }
  if (prj !== undefined) result.prj = prj
  return result
}
