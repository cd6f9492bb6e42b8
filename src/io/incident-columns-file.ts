/**
 * The demo's incidents as a binary columns file (`.cols`), read without parsing text: the
 * columns of IncidentColumns as they lie in memory, one after another, so that the worker
 * reads a file with one fetch and makes typed-array views of it.
 *
 * Layout (all numbers little-endian, every column starts on an 8-byte boundary):
 *   bytes 0..3   'PAIC' (Pingan incident columns)
 *   bytes 4..7   u32 format version (1)
 *   bytes 8..11  u32 byte length H of the header
 *   bytes 12..   H bytes of UTF-8 JSON: { count, subtypes, report, columns: [{ name, type, offset, length }] }
 *                (offset: from the start of the file; length: elements)
 *   then the columns: lon, lat, time (f64), category (u8), subtype (u16), id.bytes (u8),
 *   id.offsets (u32), address.bytes (u8), address.offsets (u32), timeTo (f64) when the
 *   incidents have window ends, and victim.bytes (u8), victim.offsets (u32) when they name
 *   victims (optional columns: files without them read as before).
 * It carries the import report of the CSV it was made from, so the app says the same about it.
 * Written by geodata/generate-demo.ts next to incidents.csv, which stays the source of truth.
 */
import type { IncidentColumns } from '../core/incidents'
import type { ImportReport } from './import-report'

const MAGIC = 'PAIC'
const VERSION = 1

type ColumnType = 'f64' | 'u8' | 'u16' | 'u32'
interface ColumnEntry { name: string; type: ColumnType; offset: number; length: number }
interface Header { count: number; subtypes: string[]; report: ImportReport; columns: ColumnEntry[] }

const ARRAYS = { f64: Float64Array, u8: Uint8Array, u16: Uint16Array, u32: Uint32Array } as const

function columnsOf(c: IncidentColumns): [string, ColumnType, ArrayBufferView][] {
  return [
    ['lon', 'f64', c.lon], ['lat', 'f64', c.lat], ['time', 'f64', c.time], ['category', 'u8', c.category], ['subtype', 'u16', c.subtype],
    ['id.bytes', 'u8', c.id.bytes], ['id.offsets', 'u32', c.id.offsets], ['address.bytes', 'u8', c.address.bytes], ['address.offsets', 'u32', c.address.offsets],
    ...(c.timeTo ? [['timeTo', 'f64', c.timeTo] as [string, ColumnType, ArrayBufferView]] : []),
    ...(c.victim ? [['victim.bytes', 'u8', c.victim.bytes], ['victim.offsets', 'u32', c.victim.offsets]] as [string, ColumnType, ArrayBufferView][] : []),
  ]
}

const align8 = (n: number) => (n + 7) & ~7

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
}

export function encodeIncidentColumns(columns: IncidentColumns, report: ImportReport): Uint8Array {
  if (!littleEndian()) throw new Error('incident columns files are little-endian; this machine is not')
  const cols = columnsOf(columns)
  // the offsets depend on the header's length and the header holds the offsets: lay out with a
  // guess, then again with the header's real length until it stops growing
  let headerBytes = new Uint8Array(0)
  let entries: ColumnEntry[] = []
  for (let guess = 0; ; ) {
    let at = align8(12 + guess)
    entries = cols.map(([name, type, a]) => {
      const e = { name, type, offset: at, length: a.byteLength / ARRAYS[type].BYTES_PER_ELEMENT }
      at = align8(at + a.byteLength)
      return e
    })
    const header: Header = { count: columns.count, subtypes: columns.subtypes, report, columns: entries }
    headerBytes = new TextEncoder().encode(JSON.stringify(header))
    if (headerBytes.length <= guess) break
    guess = headerBytes.length
  }
  const last = entries[entries.length - 1]
  const out = new Uint8Array(align8(last.offset + last.length * ARRAYS[last.type].BYTES_PER_ELEMENT))
  out.set(new TextEncoder().encode(MAGIC), 0)
  const view = new DataView(out.buffer)
  view.setUint32(4, VERSION, true)
  view.setUint32(8, headerBytes.length, true)
  out.set(headerBytes, 12)
  // JSON is padded with spaces up to the first column: still valid JSON when read back
  out.fill(0x20, 12 + headerBytes.length, entries[0].offset)
  cols.forEach(([, , a], i) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), entries[i].offset))
  return out
}

/**
 * The columns of a `.cols` file, each copied into its own buffer: the app hands columns to
 * workers and IndexedDB buffer by buffer (incidentBuffers), which one shared buffer would break.
 */
export function decodeIncidentColumns(buffer: ArrayBuffer): { columns: IncidentColumns; report: ImportReport } {
  if (!littleEndian()) throw new Error('incident columns files are little-endian; this machine is not')
  const bytes = new Uint8Array(buffer)
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error('not an incident columns file')
  const view = new DataView(buffer)
  const version = view.getUint32(4, true)
  if (version !== VERSION) throw new Error(`incident columns file version ${version}, this app reads ${VERSION}`)
  const length = view.getUint32(8, true)
  if (12 + length > bytes.length) throw new Error('incident columns file: truncated header')
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header
  const col = <T extends ColumnType>(name: string, type: T): InstanceType<(typeof ARRAYS)[T]> => {
    const e = header.columns.find((c) => c.name === name)
    if (!e || e.type !== type) throw new Error(`incident columns file: no ${type} column ${name}`)
    const size = ARRAYS[type].BYTES_PER_ELEMENT
    if (e.offset % size !== 0 || e.offset + e.length * size > buffer.byteLength) throw new Error(`incident columns file: column ${name} out of bounds`)
    return new ARRAYS[type](buffer, e.offset, e.length).slice() as InstanceType<(typeof ARRAYS)[T]>
  }
  const n = header.count
  const has = (name: string) => header.columns.some((c) => c.name === name)
  const timeTo = has('timeTo') ? col('timeTo', 'f64') : undefined
  const victim = has('victim.offsets') ? { bytes: col('victim.bytes', 'u8'), offsets: col('victim.offsets', 'u32') } : undefined
  const columns: IncidentColumns = {
    count: n,
    lon: col('lon', 'f64'), lat: col('lat', 'f64'), time: col('time', 'f64'), ...(timeTo ? { timeTo } : {}),
    category: col('category', 'u8'), subtype: col('subtype', 'u16'), subtypes: header.subtypes,
    id: { bytes: col('id.bytes', 'u8'), offsets: col('id.offsets', 'u32') },
    address: { bytes: col('address.bytes', 'u8'), offsets: col('address.offsets', 'u32') },
    ...(victim ? { victim } : {}),
  }
  for (const [name, len] of [['lon', columns.lon.length], ['lat', columns.lat.length], ['time', columns.time.length], ['timeTo', timeTo?.length ?? n], ['category', columns.category.length], ['subtype', columns.subtype.length], ['id.offsets', columns.id.offsets.length - 1], ['address.offsets', columns.address.offsets.length - 1], ['victim.offsets', victim ? victim.offsets.length - 1 : n]] as const) {
    if (len !== n) throw new Error(`incident columns file: column ${name} has ${len} rows, the header says ${n}`)
  }
  return { columns, report: header.report }
}
